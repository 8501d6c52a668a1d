"""Reads of the succession pipeline: the pipeline with bench strength and coverage, a
candidate's review history, mentors proposed for a candidate, and the ready-now KPI.

Bench strength of a key role: each successor counts by readiness — ready now 1, ready in
1–2 years 0.5, ready in 3+ years 0.25 — and the sum is labelled:
  Strong    sum ≥ 2 with at least one successor ready now;
  Adequate  sum ≥ 1 (for example one ready now, or two ready in 1–2 years);
  Weak      some successor, sum < 1 (only longer-term successors);
  None      no successor at all.
Coverage: the share of key roles with at least one successor ready now, and with any.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import CharField, Count, F, Prefetch, Q, QuerySet, Value

from mentorpath.people.models import JobChange, Person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment, Program
from mentorpath.succession.enums import Criticality, Readiness, VacancyRisk
from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate

READINESS_WEIGHT: dict[str, Decimal] = {
    Readiness.READY_NOW: Decimal("1"),
    Readiness.ONE_TO_TWO: Decimal("0.5"),
    Readiness.THREE_PLUS: Decimal("0.25"),
}
READINESS_ORDER: tuple[str, ...] = (Readiness.READY_NOW, Readiness.ONE_TO_TWO, Readiness.THREE_PLUS)
READINESS_RANK = {value: rank for rank, value in enumerate(READINESS_ORDER)}
CRITICALITY_RANK: dict[str, int] = {
    Criticality.CRITICAL: 0,
    Criticality.HIGH: 1,
    Criticality.MEDIUM: 2,
    Criticality.LOW: 3,
}
VACANCY_RANK: dict[str, int] = {VacancyRisk.HIGH: 0, VacancyRisk.MEDIUM: 1, VacancyRisk.LOW: 2}

STRONG, ADEQUATE, WEAK, NONE = "Strong", "Adequate", "Weak", "None"


def bench_strength(counts: dict[str, int]) -> tuple[Decimal, str]:
    """The bench score and its label for successor counts by readiness (module docstring)."""
    score = sum(
        (READINESS_WEIGHT[readiness] * counts.get(readiness, 0) for readiness in READINESS_ORDER),
        Decimal("0"),
    )
    if not any(counts.get(readiness, 0) for readiness in READINESS_ORDER):
        return score, NONE
    if score >= 2 and counts.get(Readiness.READY_NOW, 0) >= 1:
        return score, STRONG
    if score >= 1:
        return score, ADEQUATE
    return score, WEAK


@dataclass
class RoleRow:
    role: KeyRole
    candidates: list[SuccessorCandidate]
    counts: dict[str, int]
    bench: Decimal
    bench_label: str

    @property
    def ready_now(self) -> int:
        return self.counts[Readiness.READY_NOW]

    def by_readiness(self) -> list[tuple[str, str, list[SuccessorCandidate]]]:
        """(value, label, candidates) for each readiness, ready now first."""
        return [
            (value, Readiness(value).label, [c for c in self.candidates if c.readiness == value])
            for value in READINESS_ORDER
        ]


@dataclass
class Pipeline:
    rows: list[RoleRow]
    roles: int
    with_ready_now: int
    with_any: int
    gaps: list[RoleRow] = field(default_factory=list)  # no successor ready now

    @property
    def ready_now_coverage(self) -> int | None:
        """Percent of key roles with a successor ready now (None without roles)."""
        return round(100 * self.with_ready_now / self.roles) if self.roles else None

    @property
    def any_coverage(self) -> int | None:
        return round(100 * self.with_any / self.roles) if self.roles else None


def key_roles(*, department_id: int | None = None, criticality: str = "") -> QuerySet[KeyRole]:
    roles = KeyRole.objects.select_related("department", "incumbent").prefetch_related(
        Prefetch(
            "candidates",
            queryset=SuccessorCandidate.objects.select_related("person").order_by(
                "person__last_name", "person__first_name", "pk"
            ),
        )
    )
    if department_id is not None:
        roles = roles.filter(department_id=department_id)
    if criticality:
        roles = roles.filter(criticality=criticality)
    return roles.order_by("title", "pk")


def role_row(role: KeyRole, candidates: list[SuccessorCandidate] | None = None) -> RoleRow:
    """A role with its successors by readiness and its bench strength; the successors are
    the prefetched ones of `key_roles` unless given."""
    if candidates is None:
        candidates = sorted(role.candidates.all(), key=lambda c: READINESS_RANK[c.readiness])
    counts = dict.fromkeys(READINESS_ORDER, 0)
    for candidate in candidates:
        counts[candidate.readiness] += 1
    bench, label = bench_strength(counts)
    return RoleRow(role=role, candidates=candidates, counts=counts, bench=bench, bench_label=label)


def _gap_order(row: RoleRow) -> tuple[int, int, str, int]:
    role = row.role
    return (
        CRITICALITY_RANK.get(role.criticality, 9),
        VACANCY_RANK.get(role.vacancy_risk, 9),
        role.title.lower(),
        role.pk,
    )


def pipeline(*, department_id: int | None = None, criticality: str = "") -> Pipeline:
    """Every key role (filtered) with its successors by readiness and bench strength; the
    coverage; and the roles with no successor ready now, most critical (then riskiest) first."""
    rows = [
        role_row(role) for role in key_roles(department_id=department_id, criticality=criticality)
    ]
    gaps = sorted((row for row in rows if row.ready_now == 0), key=_gap_order)
    return Pipeline(
        rows=rows,
        roles=len(rows),
        with_ready_now=sum(1 for row in rows if row.ready_now),
        with_any=sum(1 for row in rows if row.candidates),
        gaps=gaps,
    )


def candidates_of(*, role: KeyRole) -> list[SuccessorCandidate]:
    """A role's successors, ready now first, then by name."""
    candidates = (
        SuccessorCandidate.objects.filter(role=role)
        .select_related("person__department", "enrollment__program")
        .prefetch_related("development_skills")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    return sorted(candidates, key=lambda c: READINESS_RANK[c.readiness])


def reviews_of(*, candidate: SuccessorCandidate) -> QuerySet[ReadinessReview]:
    """The candidate's readiness reviews, newest first."""
    return candidate.reviews.select_related("reviewer").order_by("-reviewed_on", "-pk")


def readiness_chart(reviews: Iterable[ReadinessReview]) -> dict[str, object]:
    """Chart data (static/js/charts.js) of readiness over time, oldest review first: 3 is
    ready now, 2 ready in 1–2 years, 1 ready in 3+ years."""
    points = sorted(reviews, key=lambda r: (r.reviewed_on, r.pk))
    value = {Readiness.READY_NOW: 3, Readiness.ONE_TO_TWO: 2, Readiness.THREE_PLUS: 1}
    return {
        "labels": [r.reviewed_on.isoformat() for r in points],
        "datasets": [
            {
                "label": "Readiness (3 = ready now, 2 = 1–2 years, 1 = 3+ years)",
                "data": [value[Readiness(r.readiness)] for r in points],
            }
        ],
        "min": 0,
        "max": 3,
        "integers": True,
    }


def ready_now_count(*, program: Program | None = None) -> int:
    """The leadership-pipeline KPI (Kpi.PIPELINE): distinct people ready now for at least one
    key role; with `program`, only candidates linked to that program's enrollments."""
    candidates = SuccessorCandidate.objects.filter(readiness=Readiness.READY_NOW)
    if program is not None:
        candidates = candidates.filter(enrollment__program=program)
    return candidates.values("person_id").distinct().count()


def ready_now_in_programs(*, programs: Iterable[int], department_id: int | None = None) -> int:
    """The leadership-pipeline KPI of a dashboard, in one query: distinct people ready now for
    at least one key role whose candidacy is linked to an enrollment of one of `programs` (any
    status, as `ready_now_count`); with `department_id`, only people of that department."""
    candidates = SuccessorCandidate.objects.filter(
        readiness=Readiness.READY_NOW, enrollment__program__in=list(programs)
    )
    if department_id is not None:
        candidates = candidates.filter(person__department_id=department_id)
    return candidates.aggregate(n=Count("person", distinct=True))["n"]


# ---- mentors proposed for a candidate


@dataclass
class MentorProposal:
    person: Person
    score: float
    reasons: list[str]


def similar_titles(a: str, b: str) -> bool:
    """Case-insensitive containment either way ("Head of Sales" ~ "Head of Sales, EMEA")."""
    a, b = a.strip().lower(), b.strip().lower()
    return bool(a and b) and (a in b or b in a)


def _similar_to(field_name: str, title: str) -> Q:
    """Rows whose `field_name` is similar to `title`, in SQL (the alias `role_title`)."""
    return Q(**{f"{field_name}__icontains": title}) | (
        Q(role_title__icontains=F(field_name)) & ~Q(**{field_name: ""})
    )


def proposed_mentors(*, candidate: SuccessorCandidate, limit: int = 10) -> list[MentorProposal]:
    """People who hold or held a role like the candidate's key role, best first.

    Current employees at the role's level or above (when it has one), except the candidate:
    the incumbent ("holds this role", 3 points), people whose title is similar now (2) or
    was (a job change from or to a similar title, 1.5), plus 1 for the role's department.
    Ties go to the higher level, then the name.
    """
    role = candidate.role
    title = role.title.strip()
    pool = Person.objects.filter(termination_date__isnull=True).exclude(pk=candidate.person_id)
    if role.level is not None:
        pool = pool.filter(level__gte=role.level)
    changes = (
        JobChange.objects.alias(role_title=Value(title, output_field=CharField()))
        .filter(person__in=pool)
        .filter(_similar_to("from_title", title) | _similar_to("to_title", title))
        .order_by("person_id", "-effective_date", "-pk")
    )
    past: dict[int, JobChange] = {}
    for change in changes:
        past.setdefault(change.person_id, change)
    matches = Q(pk__in=list(past)) | _similar_to("title", title)
    if role.incumbent_id is not None:
        matches |= Q(pk=role.incumbent_id)
    people = (
        pool.alias(role_title=Value(title, output_field=CharField()))
        .filter(matches)
        .select_related("department")
    )
    proposals = []
    for person in people:
        score, reasons = 0.0, []
        if person.pk == role.incumbent_id:
            score, reasons = 3.0, ["holds this role"]
        elif similar_titles(person.title, title):
            score = 2.0
            same = person.title.strip().lower() == title.lower()
            reasons.append(
                f"holds the same title ('{person.title}')"
                if same
                else f"holds a similar role ('{person.title}')"
            )
        elif person.pk in past:
            score = 1.5
            reasons.append(_held(past[person.pk], title))
        if role.department_id is not None and person.department_id == role.department_id:
            score += 1
            reasons.append("same department")
        proposals.append(MentorProposal(person=person, score=score, reasons=reasons))
    proposals.sort(key=lambda p: (-p.score, -p.person.level, p.person.full_name, p.person.pk))
    return proposals[:limit]


def _held(change: JobChange, title: str) -> str:
    if similar_titles(change.from_title, title):
        return f"was '{change.from_title}' until {_year(change.effective_date)}"
    return f"was '{change.to_title}' from {_year(change.effective_date)}"


def _year(day: date) -> int:
    return day.year


def program_mentor_ids(*, candidate: SuccessorCandidate) -> set[int]:
    """The people enrolled (pending or approved) as mentors in the program the candidate is
    linked to: proposing one of them does not enroll them again. Empty when not linked."""
    if candidate.enrollment_id is None:
        return set()
    return set(
        Enrollment.objects.filter(
            program__enrollments=candidate.enrollment_id,
            role=EnrollmentRole.MENTOR,
            status__in=(EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED),
        ).values_list("person_id", flat=True)
    )
