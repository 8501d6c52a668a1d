"""Retention and promotion of mentees against non-participants like them.

The comparison is honest about its limits: groups are matched on department, level and tenure
band at the program's start (not on motivation or manager), and every figure carries its
group sizes and a 95% interval so a reader can judge.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from mentorpath.analytics.kpis import OutcomeComparison, Rate, Scope
from mentorpath.analytics.periods import DAY, aware, quarter_bounds
from mentorpath.analytics.stats import Stratum, standardize, wilson
from mentorpath.mentoring.enums import STARTED_MENTORSHIP
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.enums import JobChangeKind
from mentorpath.people.models import JobChange, Person
from mentorpath.programs.models import Program

HORIZON_DAYS = {6: 183, 12: 365}
"""Outcome horizons in days from the program's start: 6 months = 183 days, 12 = 365."""

TENURE_BANDS = ((1, "<1y"), (3, "1–3y"), (5, "3–5y"))
"""Tenure at the program's start, in years; 5 years and more is the last band."""


@dataclass
class _Cells:
    """Per stratum: [participants, successes, comparison, successes] for one outcome."""

    cells: dict[tuple, list[int]]
    participants: int = 0
    successes: int = 0

    def strata(self) -> list[Stratum]:
        return [Stratum(*v) for v in self.cells.values()]


def outcomes_of(*, scope: Scope, today: date) -> tuple[list[OutcomeComparison], list[str]]:
    """Retention at 6 and 12 months and promotion within 12 months of the mentees of each
    program in scope, measured from the program's start date, against the people employed at
    that date who were never mentees, in the same department, level and tenure band (all as
    of that date). Programs without a start date, or whose horizon has not passed, are left
    out and named in the notes. Two queries per program with participants."""
    programs = Program.objects.filter(pk__in=scope.programs).order_by("start_date", "pk")
    measures = (("retention", 6), ("retention", 12), ("promotion", 12))
    pooled = {m: _Cells(cells=defaultdict(lambda: [0, 0, 0, 0])) for m in measures}
    notes: list[str] = []
    for program in programs:
        start = program.start_date
        if start is None:
            notes.append(
                f"{program.name}: no start date, so retention and promotion are not measured."
            )
            continue
        participants = _participant_strata(program, start, scope)
        if not participants:
            continue
        comparison = _comparison_strata(start, scope)
        for metric, months in measures:
            horizon = start + timedelta(days=HORIZON_DAYS[months])
            if horizon > today:
                notes.append(
                    f"{program.name}: {metric} at {months} months is measurable from "
                    f"{horizon:%d %b %Y}."
                )
                continue
            key = f"{metric}_{months}"
            cells = pooled[(metric, months)]
            for stratum, counts in participants.items():
                cell = cells.cells[(program.pk, *stratum)]
                cell[0] += counts["n"]
                cell[1] += counts[key]
                cells.participants += counts["n"]
                cells.successes += counts[key]
                other = comparison.get(stratum)
                if other:
                    cell[2] += other["n"]
                    cell[3] += other[key]
    outcomes = []
    for (metric, months), cells in pooled.items():
        if cells.participants == 0:
            continue
        interval = wilson(cells.successes, cells.participants)
        result = standardize(cells.strata())
        outcomes.append(
            OutcomeComparison(
                metric=metric,
                months=months,
                participants=Rate(
                    n=cells.participants,
                    rate=cells.successes / cells.participants,
                    low=interval[0] if interval else None,
                    high=interval[1] if interval else None,
                ),
                comparison=Rate(
                    n=result.comparison_people,
                    rate=result.comparison_rate,
                    low=result.comparison_low,
                    high=result.comparison_high,
                ),
                matched=result.matched,
                difference=result.difference,
                difference_low=result.difference_low,
                difference_high=result.difference_high,
            )
        )
    return outcomes, notes


def _as_of(start: date) -> dict:
    """Department, level and tenure band as of `start`, from the job history where it says:
    the last change on or before it, else what the first change after it changed from."""
    last_change = JobChange.objects.filter(person=OuterRef("pk"), effective_date__lte=start)
    level = last_change.filter(to_level__isnull=False).order_by("-effective_date", "-pk")
    department = last_change.filter(to_department__isnull=False).order_by("-effective_date", "-pk")
    next_change = JobChange.objects.filter(person=OuterRef("pk"), effective_date__gt=start)
    level_from = next_change.filter(from_level__isnull=False).order_by("effective_date", "pk")
    department_from = next_change.filter(from_department__isnull=False).order_by(
        "effective_date", "pk"
    )
    tenure = Case(
        *(
            When(hire_date__gt=_years_before(start, years), then=Value(label))
            for years, label in TENURE_BANDS
        ),
        default=Value("5y+"),
        output_field=CharField(),
    )
    return {
        "level_then": Coalesce(
            Subquery(level.values("to_level")[:1], output_field=IntegerField()),
            Subquery(level_from.values("from_level")[:1], output_field=IntegerField()),
            "level",
            output_field=IntegerField(),
        ),
        "department_then": Coalesce(
            Subquery(department.values("to_department")[:1], output_field=IntegerField()),
            Subquery(department_from.values("from_department")[:1], output_field=IntegerField()),
            "department",
            output_field=IntegerField(),
        ),
        "tenure": tenure,
    }


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _outcome_counts(people: QuerySet[Person], start: date) -> dict[tuple, dict[str, Any]]:
    promoted = JobChange.objects.filter(
        person=OuterRef("pk"),
        kind=JobChangeKind.PROMOTION,
        effective_date__gt=start,
        effective_date__lte=start + timedelta(days=HORIZON_DAYS[12]),
    )

    def stayed(months: int) -> Q:
        return Q(termination_date__isnull=True) | Q(
            termination_date__gt=start + timedelta(days=HORIZON_DAYS[months])
        )

    rows = (
        people.filter(hire_date__lte=start)
        .filter(Q(termination_date__isnull=True) | Q(termination_date__gt=start))
        .annotate(**_as_of(start), promoted=Exists(promoted))
        .values("department_then", "level_then", "tenure")
        .annotate(
            n=Count("pk"),
            retention_6=Count("pk", filter=stayed(6)),
            retention_12=Count("pk", filter=stayed(12)),
            promotion_12=Count("pk", filter=Q(promoted=True)),
        )
        .order_by()
    )
    return {(r["department_then"], r["level_then"], r["tenure"]): dict(r) for r in rows}


def _participant_strata(
    program: Program, start_date: date, scope: Scope
) -> dict[tuple, dict[str, Any]]:
    pairs = Mentorship.objects.filter(program=program, status__in=STARTED_MENTORSHIP)
    if scope.cohort:
        start, end = quarter_bounds(scope.cohort)
        pairs = pairs.filter(started_at__gte=start, started_at__lt=end)
    if scope.date_from:
        pairs = pairs.filter(started_at__gte=aware(scope.date_from))
    if scope.date_to:
        pairs = pairs.filter(started_at__lt=aware(scope.date_to + DAY))
    people = Person.objects.filter(pk__in=pairs.values("mentee__person"))
    if scope.department_id:
        people = people.filter(department_id=scope.department_id)
    return _outcome_counts(people, start_date)


def _comparison_strata(start: date, scope: Scope) -> dict[tuple, dict[str, Any]]:
    mentees = Mentorship.objects.filter(status__in=STARTED_MENTORSHIP).values("mentee__person")
    people = Person.objects.exclude(pk__in=mentees)
    if scope.department_id:
        people = people.filter(department_id=scope.department_id)
    return _outcome_counts(people, start)
