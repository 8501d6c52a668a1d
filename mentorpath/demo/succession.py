"""The demo's succession (see `mentorpath.demo.growth`): about ten key roles held by the
organization's department heads and directors, successors from the levels below with mixed
readiness and two years of reviews, some roles without a ready successor, one critical role
with none at all, and a few successors linked to the Leadership Pipeline program.

No demo login is a successor: the admin who runs the talent reviews would otherwise be a
candidate in her own pipeline. The linked successors are taken first from roles that
someone besides the incumbent holds or held a similar title of (a head who came up through
the director role, a senior director), so their proposed mentors show more than the
incumbent."""

from datetime import timedelta

from mentorpath.demo import data
from mentorpath.demo.growth import GrowthContext
from mentorpath.people.models import Person
from mentorpath.programs.enums import LIVE_ENROLLMENT, EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment
from mentorpath.succession.enums import Criticality, Readiness, VacancyRisk
from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate
from mentorpath.succession.queries import proposed_mentors

ROLES = 10
LINKED = 3
NOTES = (
    "Strong results; needs exposure to the executive team.",
    "Leads a large team well; building strategic range.",
    "Ready for a bigger scope once the current project lands.",
    "Deep expertise; still growing as a leader of managers.",
    "",
)
# the path a successor's reviews took to their current readiness, oldest first
PATHS = {
    Readiness.READY_NOW: ((Readiness.ONE_TO_TWO, Readiness.READY_NOW), (Readiness.READY_NOW,)),
    Readiness.ONE_TO_TWO: ((Readiness.THREE_PLUS, Readiness.ONE_TO_TWO), (Readiness.ONE_TO_TWO,)),
    Readiness.THREE_PLUS: ((Readiness.THREE_PLUS,),),
}


def _incumbents() -> list[Person]:
    """Department heads first, then directors, one director per department."""
    current = Person.objects.filter(termination_date__isnull=True).exclude(title=data.CEO_TITLE)
    heads = list(current.filter(level=11).order_by("department__name", "employee_id"))
    chosen, departments = heads[:ROLES], set()
    for director in current.filter(level__in=(9, 10)).order_by("department__name", "employee_id"):
        if len(chosen) >= ROLES:
            break
        if director.department_id not in departments:
            departments.add(director.department_id)
            chosen.append(director)
    for manager in current.filter(level__in=(7, 8)).order_by("department__name", "employee_id"):
        if len(chosen) >= ROLES:
            break
        chosen.append(manager)
    return chosen


def write(context: GrowthContext) -> None:
    rng = context.rng("succession")
    admin = context.users.get(data.ADMIN)
    incumbents = _incumbents()
    if not incumbents:
        return
    people = list(
        Person.objects.filter(termination_date__isnull=True)
        .exclude(title=data.CEO_TITLE)
        .exclude(user__in=context.users.values())
        .order_by("employee_id")
    )
    skills = sorted(
        (s for s in context.skills.values() if s.category.name in data.LEADERSHIP_CATEGORIES),
        key=lambda s: s.name,
    ) or sorted(context.skills.values(), key=lambda s: s.name)

    roles = KeyRole.objects.bulk_create(
        [
            KeyRole(
                title=person.title,
                department_id=person.department_id,
                incumbent=person,
                level=person.level,
                criticality=(
                    Criticality.CRITICAL
                    if index < 3
                    else rng.choice((Criticality.HIGH, Criticality.HIGH, Criticality.MEDIUM))
                ),
                vacancy_risk=rng.choice(tuple(VacancyRisk.values)),
                notes="Incumbent expected to move on within two years." if index % 4 == 1 else "",
            )
            for index, person in enumerate(incumbents)
        ]
    )

    candidates: list[SuccessorCandidate] = []
    for index, role in enumerate(roles):
        if index == 1:
            continue  # a critical role with no successor at all
        incumbent = incumbents[index]
        # the level below: directors and senior managers for a head, managers for a director
        pool = sorted(
            (
                p
                for p in people
                if p.department_id == incumbent.department_id
                and incumbent.level - 3 <= p.level < incumbent.level
            ),
            key=lambda p: (-p.level, p.employee_id),
        )[:8]
        if not pool:
            continue
        count = min(len(pool), rng.randint(1, 4))
        # every third role has no one ready now
        choices = (
            (Readiness.ONE_TO_TWO, Readiness.THREE_PLUS)
            if index % 3 == 2
            else (Readiness.READY_NOW, Readiness.ONE_TO_TWO, Readiness.THREE_PLUS)
        )
        for person in rng.sample(pool, count):
            candidates.append(
                SuccessorCandidate(
                    role=role,
                    person=person,
                    readiness=rng.choice(choices),
                    notes=rng.choice(NOTES),
                )
            )
    SuccessorCandidate.objects.bulk_create(candidates)

    Through = SuccessorCandidate.development_skills.through
    links, reviews = [], []
    for candidate in candidates:
        for skill in rng.sample(skills, min(len(skills), rng.randint(1, 3))):
            links.append(Through(successorcandidate_id=candidate.pk, skill_id=skill.pk))
        path = rng.choice(PATHS[Readiness(candidate.readiness)])
        # two or three reviews over the last two years, the last one the current readiness
        steps = list(path) if len(path) > 1 else [path[0], path[0]]
        if rng.random() < 0.5:
            steps = [steps[0], *steps]
        first = rng.randint(540, 720)
        for i, readiness in enumerate(steps):
            days_ago = first - i * (first // len(steps)) - rng.randint(0, 20)
            reviews.append(
                ReadinessReview(
                    candidate=candidate,
                    readiness=readiness,
                    reviewed_on=context.today - timedelta(days=max(days_ago, 1)),
                    reviewer=admin,
                    notes="" if i < len(steps) - 1 else "Latest talent review.",
                )
            )
    Through.objects.bulk_create(links)
    ReadinessReview.objects.bulk_create(reviews)
    _link_leadership(context, candidates)


def _link_leadership(context: GrowthContext, candidates: list[SuccessorCandidate]) -> None:
    """Link a few successors to the Leadership Pipeline: those already enrolled there as
    mentees keep their enrollment; others (eligible, not enrolled) are enrolled, approved by
    the program's manager, as the succession page would. Successors with a mentor to propose
    besides their role's incumbent go first."""
    program = context.programs.get(data.LEADERSHIP_PIPELINE)
    if program is None:
        return
    manager = context.users[data.MANAGER]
    live = {e.person_id: e for e in program.enrollments.filter(status__in=LIVE_ENROLLMENT)}
    linked: list[SuccessorCandidate] = []
    seen: set[int] = set()

    def enrollment_for(candidate: SuccessorCandidate) -> Enrollment | None:
        """Their approved mentee enrollment, or a new one; None when they cannot be linked."""
        person = candidate.person
        existing = live.get(person.pk)
        if existing is not None:
            approved_mentee = (
                existing.role == EnrollmentRole.MENTEE
                and existing.status == EnrollmentStatus.APPROVED
            )
            return existing if approved_mentee else None
        too_low = program.min_level is not None and person.level < program.min_level
        if (
            too_low
            or person.hire_date is None
            or person.hire_date >= context.today - timedelta(days=30)
        ):
            return None
        return Enrollment(
            program=program,
            person=person,
            role=EnrollmentRole.MENTEE,
            status=EnrollmentStatus.APPROVED,
            decided_at=context.now - timedelta(days=7),
            decided_by=manager,
        )

    for with_mentors_only in (True, False):
        for candidate in candidates:
            if len(linked) >= LINKED or candidate.person.pk in seen:
                continue
            enrollment = enrollment_for(candidate)
            if enrollment is None or (
                with_mentors_only and not _mentors_besides_incumbent(candidate)
            ):
                continue
            candidate.enrollment = enrollment
            linked.append(candidate)
            seen.add(candidate.person.pk)
    created = [c.enrollment for c in linked if c.enrollment is not None and c.enrollment.pk is None]
    Enrollment.objects.bulk_create(created)
    # inserting stamps created_at with the clock; date them to the nomination
    Enrollment.objects.filter(pk__in=[e.pk for e in created]).update(
        created_at=context.now - timedelta(days=10)
    )
    for candidate in linked:
        candidate.enrollment_id = candidate.enrollment.pk  # type: ignore[union-attr]
    SuccessorCandidate.objects.bulk_update(linked, ["enrollment"])


def _mentors_besides_incumbent(candidate: SuccessorCandidate) -> bool:
    """Whether the succession page proposes a mentor other than the role's incumbent."""
    return any(
        p.person.pk != candidate.role.incumbent_id for p in proposed_mentors(candidate=candidate)
    )
