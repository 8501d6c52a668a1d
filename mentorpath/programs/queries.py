from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from mentorpath.accounts.models import User
from mentorpath.people.models import Person
from mentorpath.programs.enums import (
    LIVE_ENROLLMENT,
    OPEN_FOR_ENROLLMENT,
    EnrollmentRole,
    EnrollmentStatus,
    Visibility,
)
from mentorpath.programs.models import Enrollment, Program


def ineligibility_reason(*, program: Program, person: Person) -> str | None:
    """Why `person` may not join `program`, in words; None when they may."""
    if person.termination_date is not None:
        return "Only current employees can join programs."
    if program.min_level is not None and person.level < program.min_level:
        return f"This program is for level {program.min_level} and above."
    if program.max_level is not None and person.level > program.max_level:
        return f"This program is for level {program.max_level} and below."
    departments = {d.pk for d in program.eligible_departments.all()}
    if departments and person.department_id not in departments:
        return "This program is not open to your department."
    locations = {loc.pk for loc in program.eligible_locations.all()}
    if locations and person.location_id not in locations:
        return "This program is not open to your location."
    return None


def _eligible_filter(person: Person) -> Q:
    level = Q(min_level__isnull=True) | Q(min_level__lte=person.level)
    level &= Q(max_level__isnull=True) | Q(max_level__gte=person.level)
    department = Q(eligible_departments__isnull=True) | Q(eligible_departments=person.department_id)
    location = Q(eligible_locations__isnull=True) | Q(eligible_locations=person.location_id)
    return level & department & location


def program_catalog(*, person: Person | None) -> QuerySet[Program]:
    """Programs a person may join now: listed, open for enrollment, and eligible."""
    programs = Program.objects.filter(
        visibility=Visibility.ORGANIZATION, status__in=OPEN_FOR_ENROLLMENT
    )
    if person is None or person.termination_date is not None:
        return programs.none()
    eligible_ids = programs.filter(_eligible_filter(person)).values("pk")
    return with_enrollment_counts(Program.objects.filter(pk__in=eligible_ids)).order_by("name")


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
    if person is not None:
        visible |= Q(enrollments__person=person)
        visible |= Q(pk__in=program_catalog(person=person).values("pk"))
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
