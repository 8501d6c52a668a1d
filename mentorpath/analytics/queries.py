"""KPIs of mentoring programs, computed by SQL aggregation.

Definitions (each KPI's `n` is what it stands on, and what small-group suppression counts):

- Enrollment: approved enrollments of the programs in scope (filtered by the person's
  department, and by the enrollment's date for a period or cohort). `waiting`: approved
  mentees who never had a pair that was not declined.
- `match_rate`: approved mentees whose pair started / approved mentees (%).
  `time_to_match`: days from approval to the mentee's first proposal, averaged.
  `acceptance_rate`: pairs started / proposals decided (started or declined) (%).
- Pairs in scope: pairs that started, whose mentee is in the department filter, that started in
  the cohort's quarter and overlap the period.
- `checkins_per_pair_month`: held check-ins in the period / pair-months in the period.
  `engagement`: pairs running at the end of the period with a held check-in within their
  agreed rhythm before it (%).
- `goal_completion`: done / goals not dropped (%); `goal_progress`: their mean progress (%).
- `satisfaction`: mean pulse rating (1–5) of check-ins in scope; `nps`: promoters (9–10) −
  detractors (0–6), % of answers to NPS questions of the programs' surveys.
- `skill_growth`: mean (end − start) of the mentee's own ratings of a goal skill, over the
  (pair, skill) couples rated at both ends.
- `completion`: pairs that ended completed / pairs that ended (%).
- `retention_6m`, `retention_12m`, `promotion_rate`: see `outcomes`; the KPI is the
  participants' rate.
- `mentor_hours`: held minutes / 60; `mentor_response_hours`: mean hours a mentor took to
  answer a mentee's check-in invitation; `mentor_response_rate`: invitations answered (%).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncMonth
from django.utils import timezone

from mentorpath.analytics.kpis import (
    Breakdown,
    BreakdownRow,
    Dashboard,
    KpiValue,
    OutcomeComparison,
    Rate,
    Scope,
    Series,
    SkillGrowthRow,
    Target,
)
from mentorpath.analytics.stats import Stratum, standardize, wilson
from mentorpath.feedback.enums import AssessmentPhase, RaterRole, SurveyQuestionKind
from mentorpath.feedback.models import PulseRating, SkillAssessment, SurveyAnswer
from mentorpath.mentoring.catalog import rhythm_days
from mentorpath.mentoring.enums import CheckInStatus, GoalStatus, MentorshipStatus
from mentorpath.mentoring.models import CheckIn, Goal, Mentorship
from mentorpath.people.enums import Gender, JobChangeKind
from mentorpath.people.models import JobChange, Person
from mentorpath.programs.enums import CheckinCadence, EnrollmentRole, EnrollmentStatus, Kpi
from mentorpath.programs.models import Enrollment, Program, ProgramObjective

HORIZON_DAYS = {6: 183, 12: 365}
"""Outcome horizons in days from the program's start: 6 months = 183 days, 12 = 365."""

TENURE_BANDS = ((1, "<1y"), (3, "1–3y"), (5, "3–5y"))
"""Tenure at the program's start, in years; 5 years and more is the last band."""

TREND_MONTHS = 24
DAY = timedelta(days=1)
MONTH_DAYS = 365.25 / 12
KPI_OF_OBJECTIVE: dict[str, str] = {
    Kpi.RETENTION_12M: "retention_12m",
    Kpi.PROMOTION_RATE: "promotion_rate",
    Kpi.ENGAGEMENT: "engagement",
    Kpi.SKILL_GROWTH: "skill_growth",
    Kpi.SATISFACTION: "satisfaction",
    Kpi.COMPLETION: "completion",
}
STARTED = (
    MentorshipStatus.ACTIVE,
    MentorshipStatus.PAUSED,
    MentorshipStatus.COMPLETED,
    MentorshipStatus.ENDED_EARLY,
)


@dataclass(frozen=True)
class _Period:
    start: datetime | None
    end: datetime  # never after now

    @classmethod
    def of(cls, scope: Scope, now: datetime) -> "_Period":
        start = _aware(scope.date_from) if scope.date_from else None
        end = _aware(scope.date_to + DAY) if scope.date_to else now
        return cls(start=start, end=min(end, now))


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def quarter_bounds(cohort: str) -> tuple[datetime, datetime]:
    """ "2025-Q3" → [2025-07-01, 2025-10-01) in the current time zone; ValueError if malformed."""
    year_text, _, quarter_text = cohort.partition("-Q")
    year, quarter = int(year_text), int(quarter_text)
    if not (1 <= quarter <= 4 and 1900 < year < 3000):
        raise ValueError(f"Not a quarter: {cohort!r}")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return _aware(start), _aware(end)


def cohorts(*, programs: Iterable[int]) -> list[str]:
    """The quarters in which pairs of these programs started, newest first."""
    months = (
        Mentorship.objects.filter(program__in=list(programs), started_at__isnull=False)
        .annotate(month=TruncMonth("started_at"))
        .values_list("month", flat=True)
        .distinct()
    )
    quarters = {f"{m.year}-Q{(m.month - 1) // 3 + 1}" for m in months}
    return sorted(quarters, reverse=True)


def dashboard(*, scope: Scope, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    period = _Period.of(scope, now)
    enrollment = _enrollment_kpis(scope, period)
    outcomes, notes = outcomes_of(scope=scope, today=timezone.localdate(now))
    outcome_kpis = {
        ("retention", 6): ("retention_6m", "Mentees still employed 6 months after the start"),
        ("retention", 12): ("retention_12m", "Mentees still employed 12 months after the start"),
        ("promotion", 12): ("promotion_rate", "Mentees promoted within 12 months"),
    }
    kpis = [
        *enrollment,
        *_pair_kpis(scope, period),
        *_feedback_kpis(scope, period),
        *(
            _outcome_kpi(outcomes, metric, months, key, label)
            for (metric, months), (key, label) in outcome_kpis.items()
        ),
        *_mentor_kpis(scope, period),
    ]
    order = [
        "mentors",
        "mentees",
        "mentee_ratio",
        "waiting",
        "match_rate",
        "time_to_match",
        "acceptance_rate",
        "checkins_per_pair_month",
        "engagement",
        "goal_completion",
        "goal_progress",
        "satisfaction",
        "nps",
        "skill_growth",
        "completion",
        "retention_6m",
        "retention_12m",
        "promotion_rate",
        "mentor_hours",
        "mentor_response_hours",
        "mentor_response_rate",
    ]
    targets = _targets(scope)
    by_key = {k.key: k for k in kpis}
    ordered = tuple(_with_target(by_key[key], targets.get(key)) for key in order)
    return Dashboard(
        scope=scope,
        kpis=ordered,
        outcomes=tuple(outcomes),
        trends=_trends(scope, period),
        breakdowns=_breakdowns(scope, period),
        notes=tuple(notes),
        skills=_skill_growth_rows(scope, period),
    )


def _outcome_kpi(
    outcomes: list[OutcomeComparison], metric: str, months: int, key: str, label: str
) -> KpiValue:
    found = next((o for o in outcomes if (o.metric, o.months) == (metric, months)), None)
    if found is None:
        return KpiValue(key, label, None, "%", 0)
    return KpiValue(key, label, _percent(found.participants.rate), "%", found.participants.n)


def _with_target(kpi: KpiValue, target: Target | None) -> KpiValue:
    if target is None:
        return kpi
    return KpiValue(
        key=kpi.key, label=kpi.label, value=kpi.value, unit=kpi.unit, n=kpi.n, target=target
    )


def _targets(scope: Scope) -> dict[str, Target]:
    """A KPI's target when exactly one program is in scope and it set one for that KPI."""
    if len(scope.programs) != 1:
        return {}
    objectives = ProgramObjective.objects.filter(
        program_id=scope.programs[0], kpi__in=list(KPI_OF_OBJECTIVE)
    ).order_by("order", "pk")
    targets: dict[str, Target] = {}
    for objective in objectives:
        targets.setdefault(
            KPI_OF_OBJECTIVE[objective.kpi],
            Target(
                objective=objective.title,
                comparator=objective.comparator,
                value=objective.target,
                text=objective.target_text,
            ),
        )
    return targets


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else round(100 * ratio, 1)


def _ratio(part: int | float | None, whole: int | float | None) -> float | None:
    if not whole:
        return None
    return (part or 0) / whole


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


# ---- scope filters -------------------------------------------------------------------------


def _window(scope: Scope, period: _Period, field: str) -> Q:
    """`field` (a datetime) in the period and, with a cohort, in the cohort's quarter."""
    q = Q(**{f"{field}__lt": period.end})
    if period.start:
        q &= Q(**{f"{field}__gte": period.start})
    if scope.cohort:
        start, end = quarter_bounds(scope.cohort)
        q &= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return q


def _enrollments(scope: Scope, period: _Period) -> QuerySet[Enrollment]:
    rows = Enrollment.objects.filter(
        program__in=scope.programs, status=EnrollmentStatus.APPROVED
    ).filter(_window(scope, period, "created_at"))
    if scope.department_id:
        rows = rows.filter(person__department_id=scope.department_id)
    return rows


def _pairs(scope: Scope, period: _Period, prefix: str = "") -> Q:
    """Pairs that started, in the cohort, overlapping the period, mentee in the department."""
    p = prefix
    q = Q(**{f"{p}program__in": scope.programs, f"{p}started_at__lt": period.end})
    if period.start:
        q &= Q(**{f"{p}ended_at__isnull": True}) | Q(**{f"{p}ended_at__gte": period.start})
    if scope.cohort:
        start, end = quarter_bounds(scope.cohort)
        q &= Q(**{f"{p}started_at__gte": start, f"{p}started_at__lt": end})
    if scope.department_id:
        q &= Q(**{f"{p}mentee__person__department_id": scope.department_id})
    return q


def _in_period(period: _Period, field: str) -> Q:
    q = Q(**{f"{field}__lt": period.end})
    if period.start:
        q &= Q(**{f"{field}__gte": period.start})
    return q


# ---- enrollment and matching ---------------------------------------------------------------


def _enrollment_kpis(scope: Scope, period: _Period) -> list[KpiValue]:
    mentee = Q(role=EnrollmentRole.MENTEE)
    counts = _enrollments(scope, period).aggregate(
        mentors=Count("pk", filter=Q(role=EnrollmentRole.MENTOR)),
        mentees=Count("pk", filter=mentee),
    )
    waiting_and_matched = (
        _enrollments(scope, period)
        .filter(mentee)
        .aggregate(
            waiting=Count(
                "pk",
                filter=~Q(
                    Exists(
                        Mentorship.objects.filter(mentee=OuterRef("pk")).exclude(
                            status=MentorshipStatus.DECLINED
                        )
                    )
                ),
            ),
            matched=Count(
                "pk",
                filter=Q(
                    Exists(Mentorship.objects.filter(mentee=OuterRef("pk"), status__in=STARTED))
                ),
            ),
        )
    )
    first_proposal = (
        Mentorship.objects.filter(mentee=OuterRef("pk")).order_by("created_at").values("created_at")
    )
    wait = (
        _enrollments(scope, period)
        .filter(mentee)
        .annotate(first=Subquery(first_proposal[:1], output_field=DateTimeField()))
        .filter(first__isnull=False)
        .annotate(
            wait=ExpressionWrapper(
                F("first") - Coalesce("decided_at", "created_at"), output_field=DurationField()
            )
        )
        .aggregate(average=Avg("wait"), n=Count("pk"))
    )
    decided = Mentorship.objects.filter(program__in=scope.programs).filter(
        _window(scope, period, "created_at")
    )
    if scope.department_id:
        decided = decided.filter(mentee__person__department_id=scope.department_id)
    acceptance = decided.aggregate(
        started=Count("pk", filter=Q(started_at__isnull=False)),
        decided=Count("pk", filter=Q(started_at__isnull=False) | Q(status="declined")),
    )
    mentors, mentees = counts["mentors"], counts["mentees"]
    average_wait = wait["average"]
    return [
        KpiValue("mentors", "Mentors", mentors, "", mentors),
        KpiValue("mentees", "Mentees", mentees, "", mentees),
        KpiValue(
            "mentee_ratio", "Mentees per mentor", _round(_ratio(mentees, mentors), 2), "", mentors
        ),
        KpiValue(
            "waiting", "Mentees waiting for a match", waiting_and_matched["waiting"], "", mentees
        ),
        KpiValue(
            "match_rate",
            "Mentees matched",
            _percent(_ratio(waiting_and_matched["matched"], mentees)),
            "%",
            mentees,
        ),
        KpiValue(
            "time_to_match",
            "Days from approval to a proposed mentor",
            None if average_wait is None else round(average_wait / DAY, 1),
            "days",
            wait["n"],
        ),
        KpiValue(
            "acceptance_rate",
            "Proposals accepted by both",
            _percent(_ratio(acceptance["started"], acceptance["decided"])),
            "%",
            acceptance["decided"],
        ),
    ]


# ---- pairs: engagement, goals, completion --------------------------------------------------


def _rhythm() -> Coalesce:
    """Each pair's agreed rhythm in days, or its program's cadence when it has no agreement."""
    return Coalesce(
        "agreement__rhythm_days",
        Case(
            *(
                When(program__checkin_cadence=c, then=Value(rhythm_days(c)))
                for c in CheckinCadence.values
            ),
            default=Value(14),
            output_field=IntegerField(),
        ),
    )


def _pair_kpis(scope: Scope, period: _Period) -> list[KpiValue]:
    pairs = Mentorship.objects.filter(_pairs(scope, period), status__in=STARTED)
    start = Value(period.start) if period.start else F("started_at")
    span = pairs.annotate(
        months=ExpressionWrapper(
            Least(Coalesce("ended_at", Value(period.end)), Value(period.end))
            - Greatest("started_at", start),
            output_field=DurationField(),
        )
    ).aggregate(total=Sum("months"), pairs=Count("pk"))
    held = CheckIn.objects.filter(
        _pairs(scope, period, "mentorship__"),
        _in_period(period, "starts_at"),
        status=CheckInStatus.HELD,
        mentorship__status__in=STARTED,
    ).aggregate(held=Count("pk"), minutes=Sum("held_minutes"))
    pair_months = span["total"] / (MONTH_DAYS * DAY) if span["total"] else 0

    engagement = _engagement(scope, period)
    goals = Goal.objects.filter(
        _pairs(scope, period, "mentorship__"), mentorship__status__in=STARTED
    ).exclude(status=GoalStatus.DROPPED)
    goal = goals.aggregate(
        n=Count("pk"), done=Count("pk", filter=Q(status=GoalStatus.DONE)), progress=Avg("progress")
    )
    ended = Mentorship.objects.filter(
        _pairs(scope, period),
        _in_period(period, "ended_at"),
        status__in=(MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY),
    ).aggregate(n=Count("pk"), completed=Count("pk", filter=Q(status=MentorshipStatus.COMPLETED)))
    return [
        KpiValue(
            "checkins_per_pair_month",
            "Held check-ins per pair per month",
            _round(_ratio(held["held"], pair_months), 2),
            "per pair per month",
            span["pairs"],
        ),
        engagement,
        KpiValue(
            "goal_completion",
            "Goals done",
            _percent(_ratio(goal["done"], goal["n"])),
            "%",
            goal["n"],
        ),
        KpiValue(
            "goal_progress", "Average goal progress", _round(goal["progress"]), "%", goal["n"]
        ),
        KpiValue(
            "completion",
            "Pairs completing the program",
            _percent(_ratio(ended["completed"], ended["n"])),
            "%",
            ended["n"],
        ),
    ]


def _engagement(scope: Scope, period: _Period) -> KpiValue:
    """Pairs running at the end of the period (started, not ended, not paused now) with a held
    check-in within their rhythm before it. One EXISTS per rhythm in use (there are a few), so
    the share is one SQL count whatever the number of pairs."""
    as_of = period.end
    running = (
        Mentorship.objects.filter(_pairs(scope, period), started_at__lt=as_of)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=as_of))
        .exclude(status__in=(MentorshipStatus.PAUSED, MentorshipStatus.PROPOSED))
        .exclude(status=MentorshipStatus.DECLINED)
        .annotate(rhythm=_rhythm())
    )
    rhythms = sorted(set(running.values_list("rhythm", flat=True).distinct()))
    if not rhythms:
        return KpiValue("engagement", "Pairs meeting within their rhythm", None, "%", 0)
    met = {
        f"met_{r}": Exists(
            CheckIn.objects.filter(
                mentorship=OuterRef("pk"),
                status=CheckInStatus.HELD,
                starts_at__gt=as_of - timedelta(days=r),
                starts_at__lte=as_of,
            )
        )
        for r in rhythms
    }
    within = Q()
    for r in rhythms:
        within |= Q(rhythm=r, **{f"met_{r}": True})
    result = running.annotate(**met).aggregate(n=Count("pk"), met=Count("pk", filter=within))
    return KpiValue(
        "engagement",
        "Pairs meeting within their rhythm",
        _percent(_ratio(result["met"], result["n"])),
        "%",
        result["n"],
    )


# ---- feedback: pulses, NPS, skill growth ---------------------------------------------------


def _feedback_kpis(scope: Scope, period: _Period) -> list[KpiValue]:
    pulse = PulseRating.objects.filter(
        _pairs(scope, period, "checkin__mentorship__"), _in_period(period, "created_at")
    ).aggregate(average=Avg("rating"), people=Count("person", distinct=True))
    nps_answers = SurveyAnswer.objects.filter(
        question__kind=SurveyQuestionKind.NPS,
        question__survey__program__in=scope.programs,
        number__isnull=False,
        response__submitted_at__isnull=False,
    ).filter(_window(scope, period, "response__submitted_at"))
    if scope.department_id:
        nps_answers = nps_answers.filter(response__person__department_id=scope.department_id)
    nps = nps_answers.aggregate(
        n=Count("pk"),
        promoters=Count("pk", filter=Q(number__gte=9)),
        detractors=Count("pk", filter=Q(number__lte=6)),
        people=Count("response__person", distinct=True),
    )
    nps_value = (
        None if not nps["n"] else round(100 * (nps["promoters"] - nps["detractors"]) / nps["n"], 1)
    )
    growth = _growth_pairs(scope, period).aggregate(
        average=Avg(F("level") - F("start_level")), n=Count("pk")
    )
    return [
        KpiValue(
            "satisfaction",
            "Average check-in rating",
            _round(pulse["average"], 2),
            "/5",
            pulse["people"],
        ),
        KpiValue("nps", "Net promoter score", nps_value, "NPS", nps["people"]),
        KpiValue(
            "skill_growth",
            "Average skill growth (self-rated)",
            _round(growth["average"], 2),
            "levels",
            growth["n"],
        ),
    ]


def _growth_pairs(scope: Scope, period: _Period) -> QuerySet[SkillAssessment]:
    """End self-ratings with the same pair's start self-rating of that skill beside them."""
    start = SkillAssessment.objects.filter(
        mentorship=OuterRef("mentorship"),
        skill=OuterRef("skill"),
        phase=AssessmentPhase.START,
        rater_role=RaterRole.SELF,
    ).values("level")[:1]
    return (
        SkillAssessment.objects.filter(
            _pairs(scope, period, "mentorship__"),
            phase=AssessmentPhase.END,
            rater_role=RaterRole.SELF,
        )
        .annotate(start_level=Subquery(start, output_field=IntegerField()))
        .filter(start_level__isnull=False)
    )


def _skill_growth_rows(scope: Scope, period: _Period) -> tuple[SkillGrowthRow, ...]:
    rows = (
        _growth_pairs(scope, period)
        .values("skill__name")
        .annotate(n=Count("pk"), start=Avg("start_level"), end=Avg("level"))
        .order_by("-n", "skill__name")
    )
    return tuple(
        SkillGrowthRow(
            skill=r["skill__name"], n=r["n"], start=_round(r["start"], 2), end=_round(r["end"], 2)
        )
        for r in rows
    )


# ---- mentors -------------------------------------------------------------------------------


def _mentor_kpis(scope: Scope, period: _Period) -> list[KpiValue]:
    held = CheckIn.objects.filter(
        _pairs(scope, period, "mentorship__"),
        _in_period(period, "starts_at"),
        status=CheckInStatus.HELD,
    ).aggregate(
        minutes=Sum("held_minutes"), mentors=Count("mentorship__mentor__person", distinct=True)
    )
    invitations = CheckIn.objects.filter(
        _pairs(scope, period, "mentorship__"),
        _in_period(period, "invited_at"),
        scheduled_by=F("mentorship__mentee__person"),
    )
    answered = Q(responded_at__isnull=False)
    response = invitations.annotate(
        wait=ExpressionWrapper(F("responded_at") - F("invited_at"), output_field=DurationField())
    ).aggregate(
        n=Count("pk"),
        answered=Count("pk", filter=answered),
        average=Avg("wait", filter=answered),
    )
    hours = (held["minutes"] or 0) / 60
    return [
        KpiValue("mentor_hours", "Mentor hours", round(hours, 1), "hours", held["mentors"]),
        KpiValue(
            "mentor_response_hours",
            "Hours a mentor takes to answer an invitation",
            None
            if response["average"] is None
            else round(response["average"] / timedelta(hours=1), 1),
            "hours",
            response["answered"],
        ),
        KpiValue(
            "mentor_response_rate",
            "Invitations from mentees that mentors answered",
            _percent(_ratio(response["answered"], response["n"])),
            "%",
            response["n"],
        ),
    ]


# ---- outcomes: retention and promotion against a comparison group --------------------------


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
        if start is None or start >= today:
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
    """Department, level and tenure band as of `start`, from the job history where it says."""
    last_change = JobChange.objects.filter(person=OuterRef("pk"), effective_date__lte=start)
    level = last_change.filter(to_level__isnull=False).order_by("-effective_date", "-pk")
    department = last_change.filter(to_department__isnull=False).order_by("-effective_date", "-pk")
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
            "level",
            output_field=IntegerField(),
        ),
        "department_then": Coalesce(
            Subquery(department.values("to_department")[:1], output_field=IntegerField()),
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
    pairs = Mentorship.objects.filter(program=program, status__in=STARTED)
    if scope.cohort:
        start, end = quarter_bounds(scope.cohort)
        pairs = pairs.filter(started_at__gte=start, started_at__lt=end)
    if scope.date_from:
        pairs = pairs.filter(started_at__gte=_aware(scope.date_from))
    if scope.date_to:
        pairs = pairs.filter(started_at__lt=_aware(scope.date_to + DAY))
    people = Person.objects.filter(pk__in=pairs.values("mentee__person"))
    if scope.department_id:
        people = people.filter(department_id=scope.department_id)
    return _outcome_counts(people, start_date)


def _comparison_strata(start: date, scope: Scope) -> dict[tuple, dict[str, Any]]:
    mentees = Mentorship.objects.filter(status__in=STARTED).values("mentee__person")
    people = Person.objects.exclude(pk__in=mentees)
    if scope.department_id:
        people = people.filter(department_id=scope.department_id)
    return _outcome_counts(people, start)


# ---- trends and breakdowns -----------------------------------------------------------------


def _months(period: _Period) -> list[datetime]:
    end = timezone.localtime(period.end)
    first = (
        timezone.localtime(period.start)
        if period.start
        else end - timedelta(days=round(MONTH_DAYS * (TREND_MONTHS - 1)))
    )
    months = []
    year, month = first.year, first.month
    while (year, month) <= (end.year, end.month):
        months.append(_aware(date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _monthly(rows: Iterable[Any], months: list[datetime], value: str, n: str) -> tuple:
    by_month = {timezone.localtime(r["month"]).strftime("%Y-%m"): r for r in rows}
    labels = tuple(m.strftime("%Y-%m") for m in months)
    values = tuple(
        _round(by_month[label][value], 2) if label in by_month else 0 for label in labels
    )
    ns = tuple(by_month[label][n] if label in by_month else 0 for label in labels)
    return labels, values, ns


def _trends(scope: Scope, period: _Period) -> tuple[Series, ...]:
    months = _months(period)
    since = Q(**{"month__gte": months[0]})
    started = (
        Mentorship.objects.filter(_pairs(scope, period), status__in=STARTED)
        .annotate(month=TruncMonth("started_at"))
        .filter(since)
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    held = (
        CheckIn.objects.filter(
            _pairs(scope, period, "mentorship__"),
            _in_period(period, "starts_at"),
            status=CheckInStatus.HELD,
        )
        .annotate(month=TruncMonth("starts_at"))
        .filter(since)
        .values("month")
        .annotate(count=Count("pk"), pairs=Count("mentorship", distinct=True))
        .order_by("month")
    )
    pulses = (
        PulseRating.objects.filter(
            _pairs(scope, period, "checkin__mentorship__"), _in_period(period, "created_at")
        )
        .annotate(month=TruncMonth("created_at"))
        .filter(since)
        .values("month")
        .annotate(average=Avg("rating"), people=Count("person", distinct=True))
        .order_by("month")
    )
    series = []
    labels, values, ns = _monthly(started, months, "count", "count")
    series.append(Series("pairs_started", "Pairs started", "", labels, values, ns))
    labels, values, ns = _monthly(held, months, "count", "pairs")
    series.append(Series("checkins_held", "Check-ins held", "", labels, values, ns))
    labels, values, ns = _monthly(pulses, months, "average", "people")
    values = tuple(v if n else None for v, n in zip(values, ns, strict=True))
    series.append(Series("pulse_average", "Average check-in rating", "/5", labels, values, ns))
    return tuple(series)


BREAKDOWNS = (
    ("department", "Department", "person__department__name"),
    ("level", "Level", "person__level"),
    ("location", "Location", "person__location__name"),
    ("gender", "Gender", "person__gender"),
)


def _breakdowns(scope: Scope, period: _Period) -> tuple[Breakdown, ...]:
    result = []
    genders = dict(Gender.choices)
    for key, label, field in BREAKDOWNS:
        rows = (
            _enrollments(scope, period)
            .values(field)
            .annotate(
                mentors=Count("person", filter=Q(role=EnrollmentRole.MENTOR), distinct=True),
                mentees=Count("person", filter=Q(role=EnrollmentRole.MENTEE), distinct=True),
            )
            .order_by(field)
        )
        result.append(
            Breakdown(
                key=key,
                label=label,
                rows=tuple(
                    BreakdownRow(
                        label=_group_label(key, r[field], genders),
                        mentors=r["mentors"],
                        mentees=r["mentees"],
                    )
                    for r in rows
                ),
            )
        )
    return tuple(result)


def _group_label(key: str, value: object, genders: dict[str, str]) -> str:
    if value in (None, ""):
        return "Not recorded"
    if key == "level":
        return f"Level {value}"
    if key == "gender":
        return str(genders.get(str(value), value))
    return str(value)
