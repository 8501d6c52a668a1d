from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from mentorpath.accounts.models import User
from mentorpath.people.models import Person
from mentorpath.programs.enums import (
    LIVE_ENROLLMENT,
    OPEN_FOR_ENROLLMENT,
    EnrollmentRole,
    EnrollmentStatus,
    ProgramStatus,
    Visibility,
)
from mentorpath.programs.models import ApplicationQuestion, Enrollment, Program


def ineligibility_reason(
    *, program: Program, person: Person, role: str = EnrollmentRole.MENTEE
) -> str | None:
    """Why `person` may not join `program` in `role`, in words; None when they may.

    A program's eligibility rules (levels, departments, locations) describe its mentees.
    Mentors only need to be current employees at or above the mentor level (by default the
    mentees' lowest level): an early-talent program for levels 1–3 wants its mentors from
    above that range, and cross-department mentoring is the point of many programs.
    """
    if person.termination_date is not None:
        return "Only current employees can join programs."
    if role == EnrollmentRole.MENTOR:
        threshold = mentor_min_level(program)
        if threshold is not None and person.level < threshold:
            return f"Mentors in this program are level {threshold} and above."
        return None
    if program.min_level is not None and person.level < program.min_level:
        return f"This program is for level {program.min_level} and above."
    if program.max_level is not None and person.level > program.max_level:
        return f"This program's mentees are level {program.max_level} and below."
    departments = {d.pk for d in program.eligible_departments.all()}
    if departments and person.department_id not in departments:
        return "This program's mentees come from other departments than yours."
    locations = {loc.pk for loc in program.eligible_locations.all()}
    if locations and person.location_id not in locations:
        return "This program's mentees come from other locations than yours."
    return None


def mentor_min_level(program: Program) -> int | None:
    return program.mentor_min_level if program.mentor_min_level is not None else program.min_level


def join_options(*, program: Program, person: Person) -> dict[str, str | None]:
    """For each role, None when the person may join the program in it, else the reason."""
    return {
        role: ineligibility_reason(program=program, person=person, role=role)
        for role in EnrollmentRole.values
    }


def program_catalog(*, person: Person | None) -> QuerySet[Program]:
    """Programs a person may join now, in some role: listed, open for enrollment, eligible."""
    programs = Program.objects.filter(
        visibility=Visibility.ORGANIZATION, status__in=OPEN_FOR_ENROLLMENT
    )
    if person is None or person.termination_date is not None:
        return programs.none()
    level = person.level
    at_min = Q(min_level__isnull=True) | Q(min_level__lte=level)
    as_mentor = Q(mentor_min_level__lte=level) | (Q(mentor_min_level__isnull=True) & at_min)
    as_mentee = at_min & (Q(max_level__isnull=True) | Q(max_level__gte=level))
    as_mentee &= Q(eligible_departments__isnull=True) | Q(eligible_departments=person.department_id)
    as_mentee &= Q(eligible_locations__isnull=True) | Q(eligible_locations=person.location_id)
    eligible = programs.filter(as_mentor | as_mentee).values("pk")
    return with_enrollment_counts(Program.objects.filter(pk__in=eligible)).order_by("name")


def with_enrollment_counts(programs: QuerySet[Program]) -> QuerySet[Program]:
    approved = Q(enrollments__status=EnrollmentStatus.APPROVED)
    return programs.annotate(
        mentor_count=Count(
            "enrollments", filter=approved & Q(enrollments__role=EnrollmentRole.MENTOR)
        ),
        mentee_count=Count(
            "enrollments", filter=approved & Q(enrollments__role=EnrollmentRole.MENTEE)
        ),
        pending_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.PENDING)),
    )


def programs_managed_by(*, user: User) -> QuerySet[Program]:
    programs = Program.objects.all() if user.is_org_admin else user.managed_programs.all()
    return with_enrollment_counts(programs).order_by("name")


def programs_visible_to(*, user: User) -> QuerySet[Program]:
    """Programs whose page a user may open (not the same as what they may change)."""
    if user.is_org_admin or user.is_executive:
        return Program.objects.all()
    person = getattr(user, "person", None)
    visible = Q(managers=user)
    if person is not None and person.termination_date is None:
        # Beyond drafts, a program page is open to every employee: "unlisted" keeps it out
        # of the catalog, so only people given the link find it.
        visible |= ~Q(status=ProgramStatus.DRAFT)
    if person is not None:
        visible |= Q(enrollments__person=person)
    return Program.objects.filter(visible).distinct()


def live_enrollment(*, program: Program, person: Person) -> Enrollment | None:
    return program.enrollments.filter(person=person, status__in=LIVE_ENROLLMENT).first()


def enrollments_of(*, person: Person) -> QuerySet[Enrollment]:
    return person.enrollments.select_related("program").order_by("-created_at")


def program_enrollments(
    *,
    program: Program,
    role: str = "",
    status: str = "",
    search: str = "",
) -> QuerySet[Enrollment]:
    enrollments = program.enrollments.select_related(
        "person__department", "person__location", "decided_by"
    )
    if role:
        enrollments = enrollments.filter(role=role)
    if status:
        enrollments = enrollments.filter(status=status)
    for word in search.split():
        enrollments = enrollments.filter(
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__email__icontains=word)
            | Q(person__department__name__icontains=word)
        )
    pending_first = Case(
        When(status=EnrollmentStatus.PENDING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return enrollments.order_by(pending_first, "person__last_name", "person__first_name")


def enrollment_answers(
    *, enrollment: Enrollment, questions: list[ApplicationQuestion]
) -> list[tuple[str, str]]:
    """The enrollment's answers as (question, answer) in the program's question order.

    Answers to questions removed since are kept on the enrollment but not shown.
    """
    rows = []
    for question in questions:
        value = enrollment.answers.get(str(question.pk))
        if value is None or value == "" or value == []:
            continue
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        rows.append((question.text, text))
    return rows
