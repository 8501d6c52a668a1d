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
- `pipeline`: distinct people ready now for at least one key role whose successor candidacy
  is linked to an enrollment (of any status) of a program in scope, in the department filter
  by the person's department; as of now, whatever the cohort or period (readiness is a
  current state, not an event in time). `n` is the same count. Succession data: only
  viewers who may see succession get it (`kpis.without_succession`).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
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

from mentorpath.analytics import parallel, rollups
from mentorpath.analytics.kpis import (
    KPI_ORDER,
    Breakdown,
    BreakdownRow,
    Dashboard,
    KpiValue,
    OutcomeComparison,
    Scope,
    Series,
    SkillGrowthRow,
    Target,
)
from mentorpath.analytics.models import CheckinMonth, NpsMonth, PulseMonth
from mentorpath.analytics.outcomes import WORK_MEM, outcomes_of
from mentorpath.analytics.periods import DAY, MonthSplit, Period, aware, quarter_bounds
from mentorpath.feedback.enums import AssessmentPhase, RaterRole, SurveyQuestionKind
from mentorpath.feedback.models import PulseRating, SkillAssessment, SurveyAnswer
from mentorpath.mentoring.catalog import rhythm_days
from mentorpath.mentoring.enums import (
    STARTED_MENTORSHIP,
    CheckInStatus,
    GoalStatus,
    MentorshipStatus,
)
from mentorpath.mentoring.models import CheckIn, Goal, Mentorship
from mentorpath.people.enums import Gender
from mentorpath.programs.enums import CheckinCadence, EnrollmentRole, EnrollmentStatus, Kpi
from mentorpath.programs.models import Enrollment, ProgramObjective
from mentorpath.succession.queries import ready_now_in_programs

TREND_MONTHS = 24
MONTH_DAYS = 365.25 / 12
KPI_OF_OBJECTIVE: dict[str, str] = {
    Kpi.RETENTION_12M: "retention_12m",
    Kpi.PROMOTION_RATE: "promotion_rate",
    Kpi.ENGAGEMENT: "engagement",
    Kpi.SKILL_GROWTH: "skill_growth",
    Kpi.SATISFACTION: "satisfaction",
    Kpi.COMPLETION: "completion",
    Kpi.PIPELINE: "pipeline",
}


def cohorts(*, programs: Iterable[int]) -> list[str]:
    """The quarters in which pairs of these programs started, newest first."""
    months = (
        Mentorship.objects.filter(program__in=list(programs), started_at__isnull=False)
        .annotate(month=TruncMonth("started_at"))
        .values_list("month", flat=True)
        .order_by()  # without the model's ordering, or DISTINCT is per pair
        .distinct()
    )
    quarters = {f"{m.year}-Q{(m.month - 1) // 3 + 1}" for m in months}
    return sorted(quarters, reverse=True)


@dataclass(frozen=True)
class _Parts:
    """The dashboard's parts that need nothing but the scope and period, computed in
    parallel with retention and promotion (see `parallel`): the worker takes them in this
    order when it is done with those, the request's thread from the other end after the
    check-ins, so the two finish together whether the comparison groups were kept or not."""

    pulses: parallel.Shared[dict[str, Any]]
    span: parallel.Shared[dict[str, Any]]
    breakdowns: parallel.Shared[tuple[Breakdown, ...]]
    skills: parallel.Shared[list["_SkillTotals"]]
    nps: parallel.Shared[dict[str, int]]
    engagement: parallel.Shared[KpiValue]
    enrollment: parallel.Shared[list[KpiValue]]
    pipeline: parallel.Shared[KpiValue]

    def in_order(self) -> list[parallel.Shared[Any]]:
        return [getattr(self, f.name) for f in fields(self)]


def dashboard(*, scope: Scope, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    period = Period.of(scope, now)
    ready, end_month_complete = rollups.status(period.end)
    split = MonthSplit.of(period, rollups=ready, end_month_complete=end_month_complete)
    parts = _Parts(
        pulses=parallel.Shared(_pulses, scope=scope, period=period, split=split),
        span=parallel.Shared(_span, scope=scope, period=period),
        breakdowns=parallel.Shared(_breakdowns, scope=scope, period=period),
        skills=parallel.Shared(_skill_totals, scope=scope, period=period),
        nps=parallel.Shared(_nps, scope=scope, period=period, rollup=(ready, end_month_complete)),
        engagement=parallel.Shared(_engagement, scope=scope, period=period),
        enrollment=parallel.Shared(_enrollment_kpis, scope=scope, period=period),
        pipeline=parallel.Shared(_pipeline, scope=scope),
    )
    counted_outcomes = parallel.begin(
        outcomes_of, scope=scope, today=timezone.localdate(now), then=parts.in_order()
    )
    checkins = _checkins(scope, period, split)
    for part in reversed(parts.in_order()):
        part.run()
    span, pulses, skills = parts.span.result(), parts.pulses.result(), parts.skills.result()
    outcomes, notes = counted_outcomes()
    outcome_kpis = {
        ("retention", 6): ("retention_6m", "Mentees still employed 6 months after the start"),
        ("retention", 12): ("retention_12m", "Mentees still employed 12 months after the start"),
        ("promotion", 12): ("promotion_rate", "Mentees promoted within 12 months"),
    }
    kpis = [
        *parts.enrollment.result(),
        *_pair_kpis(scope, period, checkins, span, parts.engagement.result()),
        *_feedback_kpis(pulses, skills, parts.nps.result()),
        *(
            _outcome_kpi(outcomes, metric, months, key, label)
            for (metric, months), (key, label) in outcome_kpis.items()
        ),
        *_mentor_kpis(checkins, span),
        parts.pipeline.result(),
    ]
    targets = _targets(scope)
    by_key = {k.key: k for k in kpis}
    ordered = tuple(_with_target(by_key[key], targets.get(key)) for key in KPI_ORDER)
    return Dashboard(
        scope=scope,
        kpis=ordered,
        outcomes=tuple(outcomes),
        trends=_trends(scope, period, checkins, pulses),
        breakdowns=parts.breakdowns.result(),
        notes=tuple(notes),
        skills=_skill_growth_rows(skills),
        computed_at=now,
    )


def dashboard_cached(*, scope: Scope) -> Dashboard:
    """`dashboard()` kept for `ANALYTICS_CACHE_SECONDS` per scope (0: always computed).

    At 50,000 people an organization dashboard takes most of a second to compute (see
    `make bench`); its figures move by the day, so pages and the API share one computation
    for a few minutes and say when it was made."""
    seconds = settings.ANALYTICS_CACHE_SECONDS
    if seconds <= 0:
        return dashboard(scope=scope)
    key = "analytics:dashboard:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = dashboard(scope=scope)
        cache.set(key, found, seconds)
    return found


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


def _window(scope: Scope, period: Period, field: str) -> Q:
    """`field` (a datetime) in the period and, with a cohort, in the cohort's quarter."""
    q = Q(**{f"{field}__lt": period.end})
    if period.start:
        q &= Q(**{f"{field}__gte": period.start})
    if scope.cohort:
        start, end = quarter_bounds(scope.cohort)
        q &= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return q


def _enrollments(scope: Scope, period: Period) -> QuerySet[Enrollment]:
    rows = Enrollment.objects.filter(
        program__in=scope.programs, status=EnrollmentStatus.APPROVED
    ).filter(_window(scope, period, "created_at"))
    if scope.department_id:
        rows = rows.filter(person__department_id=scope.department_id)
    return rows


def _pairs(scope: Scope, period: Period, prefix: str = "") -> Q:
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


def _in_period(period: Period, field: str) -> Q:
    q = Q(**{f"{field}__lt": period.end})
    if period.start:
        q &= Q(**{f"{field}__gte": period.start})
    return q


# ---- enrollment and matching ---------------------------------------------------------------


def _enrollment_kpis(scope: Scope, period: Period) -> list[KpiValue]:
    mentee = Q(role=EnrollmentRole.MENTEE)
    pairs = "mentorships_as_mentee"
    waited = mentee & Q(first__isnull=False)
    counts = (
        _enrollments(scope, period)
        .annotate(  # each enrollment with its proposals, grouped: one pass, no subquery per row
            first=Min(f"{pairs}__created_at"),
            live=Count(pairs, filter=~Q(**{f"{pairs}__status": MentorshipStatus.DECLINED})),
            started=Count(pairs, filter=Q(**{f"{pairs}__status__in": STARTED_MENTORSHIP})),
            since=Coalesce("decided_at", "created_at"),
        )
        .aggregate(
            mentors=Count("pk", filter=Q(role=EnrollmentRole.MENTOR)),
            mentees=Count("pk", filter=mentee),
            waiting=Count("pk", filter=mentee & Q(live=0)),
            matched=Count("pk", filter=mentee & Q(started__gt=0)),
            average_wait=Avg(
                ExpressionWrapper(F("first") - F("since"), output_field=DurationField()),
                filter=waited,
            ),
            waited=Count("pk", filter=waited),
        )
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
    average_wait = counts["average_wait"]
    return [
        KpiValue("mentors", "Mentors", mentors, "", mentors),
        KpiValue("mentees", "Mentees", mentees, "", mentees),
        KpiValue(
            "mentee_ratio", "Mentees per mentor", _round(_ratio(mentees, mentors), 2), "", mentors
        ),
        KpiValue("waiting", "Mentees waiting for a match", counts["waiting"], "", mentees),
        KpiValue(
            "match_rate",
            "Mentees matched",
            _percent(_ratio(counts["matched"], mentees)),
            "%",
            mentees,
        ),
        KpiValue(
            "time_to_match",
            "Days from approval to a proposed mentor",
            None if average_wait is None else round(average_wait / DAY, 1),
            "days",
            counts["waited"],
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


def _union(parts: list[tuple[QuerySet, list[str]]], names: list[str]) -> tuple[str, list]:
    """The SQL of `parts` (querysets, each with its columns) one after the other, their
    columns read as `names`; a part that can match nothing is left out, and with no part
    left the SQL is empty. A `month` column is a date on PostgreSQL (a truncated timestamp
    from the rows, a date from the rollups)."""
    selects, params = [], []
    postgres = connection.vendor == "postgresql"
    for part, sources in parts:
        try:
            sql, part_params = part.query.get_compiler(connection=connection).as_sql()
        except EmptyResultSet:  # no program in scope, or nothing to read there
            continue
        columns = ", ".join(
            f"CAST({a} AS date) AS {b}" if b == "month" and postgres else f"{a} AS {b}"
            for a, b in zip(sources, names, strict=True)
        )
        selects.append(f"SELECT {columns} FROM ({sql}) AS part")
        params.extend(part_params)
    return " UNION ALL ".join(selects), params


def _months_and_total(
    parts: list[tuple[QuerySet, list[str]]],
    names: list[str],
    columns: list[str],
    total: list[str],
) -> tuple[dict[str, tuple], tuple]:
    """One pass over a large table for a monthly trend and its period's figures. `parts` are
    querysets grouped by `month` (when there are monthly `columns`) and something finer (a
    pair, a person), each with its columns, read as `names`: the raw rows of the period's
    edges and the rollups of its whole months (see `MonthSplit`), which never share a month.
    Their union is run once as `finer`; `columns` are summed from it by month, and `total`
    over the whole period. Returns the months' rows by label ("2025-07") and the total row."""
    union, params = _union(parts, names)
    if not union:
        return {}, tuple(None for _ in total)
    width = max(len(columns), len(total))
    monthly = ", ".join(columns + ["NULL"] * (width - len(columns)))
    overall = ", ".join(total + ["NULL"] * (width - len(total)))
    by_month = f"SELECT 0, month, {monthly} FROM finer GROUP BY month UNION ALL " if columns else ""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute(
            f"WITH finer AS ({union}) {by_month}SELECT 1, NULL, {overall} FROM finer", params
        )
        found = cursor.fetchall()
    months = {_month_label(row[1]): row[2 : 2 + len(columns)] for row in found if row[0] == 0}
    return months, next(row[2 : 2 + len(total)] for row in found if row[0] == 1)


def _in_ranges(ranges: tuple[tuple[datetime | None, datetime], ...], field: str) -> Q:
    """`field` in one of the ranges [start, end) (start None: from the beginning)."""
    q = Q(pk__in=[])
    for start, end in ranges:
        part = Q(**{f"{field}__lt": end})
        if start is not None:
            part &= Q(**{f"{field}__gte": start})
        q |= part
    return q


def _whole_months(split: MonthSplit, field: str = "month") -> Q:
    if split.last is None:
        return Q(pk__in=[])
    q = Q(**{f"{field}__lt": split.last})
    if split.first is not None:
        q &= Q(**{f"{field}__gte": split.first})
    return q


def _int(value: Any) -> int:
    """A SUM read from a raw cursor (a Decimal on PostgreSQL, None over no rows)."""
    return int(value or 0)


def _duration(value: Any) -> timedelta | None:
    """A sum of durations read from a raw cursor: an interval on PostgreSQL, microseconds on
    SQLite (how Django stores durations there)."""
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(microseconds=int(value))


CHECKIN_COLUMNS = [
    "month", "pair", "held", "held_started", "minutes", "invitations", "answered", "wait"
]  # fmt: skip
ROLLUP_CHECKIN_COLUMNS = [
    "held", "n_held_started", "n_minutes", "invitations", "answered", "n_wait"
]  # fmt: skip


def _checkins(scope: Scope, period: Period, split: MonthSplit) -> dict[str, Any]:
    """The check-ins of the pairs in scope, in one pass: held in the period (all of them by
    month with the pairs that held them, for the trend; of started pairs, with their minutes,
    for the engagement and mentor-hour figures), and invitations from mentees sent in the
    period with the mentor's answer (the mentor response figures). The whole months come
    from the rollup, the edges from the raw rows, both counted by month and pair (so the
    pairs of a month are a count of rows, not a DISTINCT)."""
    started = Q(mentorship__status__in=STARTED_MENTORSHIP)
    held = Q(status=CheckInStatus.HELD) & _in_ranges(split.edges, "starts_at")
    invitation = _in_ranges(split.edges, "invited_at") & Q(
        scheduled_by=F("mentorship__mentee__person")
    )
    answered = invitation & Q(responded_at__isnull=False)
    response = ExpressionWrapper(F("responded_at") - F("invited_at"), output_field=DurationField())
    edges = (
        CheckIn.objects.filter(_pairs(scope, period, "mentorship__"))
        .filter(held | invitation)
        .annotate(month=TruncMonth("starts_at"), pair=F("mentorship"))
        .values("month", "pair")
        .annotate(
            held=Count("pk", filter=held),
            held_started=Count("pk", filter=held & started),
            minutes=Sum("held_minutes", filter=held & started),
            invitations=Count("pk", filter=invitation),
            answered=Count("pk", filter=answered),
            wait=Sum(response, filter=answered),
        )
        .order_by()
    )
    whole = (
        CheckinMonth.objects.filter(_pairs(scope, period, "mentorship__"), _whole_months(split))
        .annotate(  # a row per pair and month already: nothing to group
            pair=F("mentorship"),
            n_held_started=Case(When(started, then="held"), default=0),
            n_minutes=Case(When(started, then="held_minutes"), default=0),
            n_wait=Case(When(answered__gt=0, then="answer_wait"), default=None),
        )
        .values("month", "pair", *ROLLUP_CHECKIN_COLUMNS)
    )
    months, total = _months_and_total(
        [(edges, CHECKIN_COLUMNS), (whole, ["month", "pair", *ROLLUP_CHECKIN_COLUMNS])],
        CHECKIN_COLUMNS,
        ["SUM(held)", "SUM(CASE WHEN held > 0 THEN 1 ELSE 0 END)"],
        ["SUM(held_started)", "SUM(minutes)", "SUM(invitations)", "SUM(answered)", "SUM(wait)"],
    )
    held_started, minutes, invitations, answered, wait = total
    return {
        "months": {
            label: {"held": _int(count), "pairs": _int(pairs)}
            for label, (count, pairs) in months.items()
        },
        "held_started": _int(held_started),
        "minutes": _int(minutes),
        "invitations": _int(invitations),
        "answered": _int(answered),
        "wait": _duration(wait),
    }


def _span(scope: Scope, period: Period) -> dict[str, Any]:
    """Pairs in scope: their pair-months in the period (a pair counts for at least one month,
    so a pair a day old with one check-in reads one a month, not thirty), and the mentors of
    those that held a check-in in it."""
    pairs = Mentorship.objects.filter(_pairs(scope, period), status__in=STARTED_MENTORSHIP)
    start = Value(period.start) if period.start else F("started_at")
    exposure = ExpressionWrapper(
        Least(Coalesce("ended_at", Value(period.end)), Value(period.end))
        - Greatest("started_at", start),
        output_field=DurationField(),
    )
    held = CheckIn.objects.filter(
        _in_period(period, "starts_at"), mentorship=OuterRef("pk"), status=CheckInStatus.HELD
    )
    span = pairs.annotate(
        months=Greatest(exposure, Value(MONTH_DAYS * DAY), output_field=DurationField())
    ).aggregate(
        total=Sum("months"),
        pairs=Count("pk"),
        mentors=Count("mentor__person", filter=Q(Exists(held)), distinct=True),
    )
    span["pair_months"] = span["total"] / (MONTH_DAYS * DAY) if span["total"] else 0
    return span


def _pair_kpis(
    scope: Scope,
    period: Period,
    checkins: dict[str, Any],
    span: dict[str, Any],
    engagement: KpiValue,
) -> list[KpiValue]:
    goals = Goal.objects.filter(
        _pairs(scope, period, "mentorship__"), mentorship__status__in=STARTED_MENTORSHIP
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
            _round(_ratio(checkins["held_started"], span["pair_months"]), 2),
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


def _engagement(scope: Scope, period: Period) -> KpiValue:
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
    rhythms = sorted(set(running.values_list("rhythm", flat=True).order_by().distinct()))
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


def _pulses(*, scope: Scope, period: Period, split: MonthSplit) -> dict[str, Any]:
    """Pulse ratings of the check-ins of the pairs in scope, given in the period, in one pass:
    by month (average rating, people who rated) and for the whole period (the same), from
    the ratings summed by month and person (whole months from the rollup, edges from the
    raw rows)."""
    edges = (
        PulseRating.objects.filter(
            _pairs(scope, period, "mentorship__"), _in_ranges(split.edges, "created_at")
        )
        .annotate(month=TruncMonth("created_at"), rater=F("person"))
        .values("month", "rater")
        .annotate(points=Sum("rating"), ratings=Count("pk"))
        .order_by()
    )
    whole = (
        PulseMonth.objects.filter(_pairs(scope, period, "mentorship__"), _whole_months(split))
        .annotate(rater=F("person"))
        .values("month", "rater")
        .annotate(n_points=Sum("points"), n_ratings=Sum("ratings"))
        .filter(n_ratings__gt=0)
        .order_by()
    )
    names = ["month", "rater", "points", "ratings"]
    months, total = _months_and_total(
        [(edges, names), (whole, ["month", "rater", "n_points", "n_ratings"])],
        names,
        ["SUM(points)", "SUM(ratings)", "COUNT(*)"],
        ["SUM(points)", "SUM(ratings)", "COUNT(DISTINCT rater)"],
    )

    def figures(points: Any, ratings: Any, people: Any) -> dict[str, Any]:
        average = _int(points) / _int(ratings) if ratings else None
        return {"average": average, "people": _int(people)}

    return {
        "months": {label: figures(*row) for label, row in months.items()},
        **figures(*total),
    }


def _feedback_kpis(
    pulse: dict[str, Any], skills: list["_SkillTotals"], nps: dict[str, int]
) -> list[KpiValue]:
    nps_value = (
        None if not nps["n"] else round(100 * (nps["promoters"] - nps["detractors"]) / nps["n"], 1)
    )
    growth_n = sum(row.n for row in skills)
    growth = (
        (sum(row.end_total for row in skills) - sum(row.start_total for row in skills)) / growth_n
        if growth_n
        else None
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
            _round(growth, 2),
            "levels",
            growth_n,
        ),
    ]


def _nps(scope: Scope, period: Period, rollup: tuple[bool, bool]) -> dict[str, int]:
    """Answers to the NPS questions of the programs' surveys submitted in the period (and the
    cohort's quarter), with the promoters, detractors and people who gave them: whole months
    from the rollup, edges from the rows, counted per person first."""
    window = period
    if scope.cohort:
        start, end = quarter_bounds(scope.cohort)
        start = start if period.start is None else max(start, period.start)
        window = Period(start=start, end=min(end, period.end))
        if window.start is not None and window.start >= window.end:
            return {"n": 0, "promoters": 0, "detractors": 0, "people": 0}
    ready, end_month_complete = rollup
    split = MonthSplit.of(
        window, rollups=ready, end_month_complete=end_month_complete and window.end == period.end
    )
    edges = (
        SurveyAnswer.objects.filter(
            _in_ranges(split.edges, "response__submitted_at"),
            question__kind=SurveyQuestionKind.NPS,
            question__survey__program__in=scope.programs,
            number__isnull=False,
        )
        .annotate(rater=F("response__person"))
        .values("rater")
        .annotate(
            answers=Count("pk"),
            high=Count("pk", filter=Q(number__gte=9)),
            low=Count("pk", filter=Q(number__lte=6)),
        )
        .order_by()
    )
    whole = (
        NpsMonth.objects.filter(_whole_months(split), program__in=scope.programs)
        .values("person")
        .annotate(n_answers=Sum("answers"), n_high=Sum("promoters"), n_low=Sum("detractors"))
        .order_by()
    )
    if scope.department_id:
        edges = edges.filter(response__person__department_id=scope.department_id)
        whole = whole.filter(person__department_id=scope.department_id)
    names = ["rater", "answers", "high", "low"]
    _, total = _months_and_total(
        [(edges, names), (whole, ["person", "n_answers", "n_high", "n_low"])],
        names,
        [],
        ["SUM(answers)", "SUM(high)", "SUM(low)", "COUNT(DISTINCT rater)"],
    )
    n, promoters, detractors, people = (_int(value) for value in total)
    return {"n": n, "promoters": promoters, "detractors": detractors, "people": people}


def _growth_pairs(scope: Scope, period: Period) -> QuerySet[SkillAssessment]:
    """End self-ratings with the same pair's start self-rating of that skill beside them."""
    start = (
        SkillAssessment.objects.filter(
            mentorship=OuterRef("mentorship"),
            skill=OuterRef("skill"),
            phase=AssessmentPhase.START,
            rater_role=RaterRole.SELF,
        )
        .order_by()  # one at most (a unique constraint): the model's ordering joins two tables
        .values("level")[:1]
    )
    return (
        SkillAssessment.objects.filter(
            _pairs(scope, period, "mentorship__"),
            phase=AssessmentPhase.END,
            rater_role=RaterRole.SELF,
        )
        .annotate(start_level=Subquery(start, output_field=IntegerField()))
        .filter(start_level__isnull=False)
    )


@dataclass(frozen=True)
class _SkillTotals:
    skill: str
    n: int
    start_total: int
    end_total: int


def _skill_totals(scope: Scope, period: Period) -> list[_SkillTotals]:
    """Per skill, the (pair, skill) couples rated at both ends and their summed levels: the
    skill rows and, summed, the skill-growth KPI, from one query."""
    rows = (
        _growth_pairs(scope, period)
        .values("skill__name")
        .annotate(n=Count("pk"), start=Sum("start_level"), end=Sum("level"))
        .order_by("-n", "skill__name")
    )
    return [
        _SkillTotals(skill=r["skill__name"], n=r["n"], start_total=r["start"], end_total=r["end"])
        for r in rows
    ]


def _skill_growth_rows(skills: list[_SkillTotals]) -> tuple[SkillGrowthRow, ...]:
    return tuple(
        SkillGrowthRow(
            skill=r.skill,
            n=r.n,
            start=_round(r.start_total / r.n, 2),
            end=_round(r.end_total / r.n, 2),
        )
        for r in skills
    )


# ---- mentors -------------------------------------------------------------------------------


def _mentor_kpis(checkins: dict[str, Any], span: dict[str, Any]) -> list[KpiValue]:
    wait, answered = checkins["wait"], checkins["answered"]
    hours = (checkins["minutes"] or 0) / 60
    return [
        KpiValue("mentor_hours", "Mentor hours", round(hours, 1), "hours", span["mentors"]),
        KpiValue(
            "mentor_response_hours",
            "Hours a mentor takes to answer an invitation",
            None if wait is None else round(wait / answered / timedelta(hours=1), 1),
            "hours",
            answered,
        ),
        KpiValue(
            "mentor_response_rate",
            "Invitations from mentees that mentors answered",
            _percent(_ratio(answered, checkins["invitations"])),
            "%",
            checkins["invitations"],
        ),
    ]


# ---- succession ----------------------------------------------------------------------------


def _pipeline(scope: Scope) -> KpiValue:
    ready = ready_now_in_programs(programs=scope.programs, department_id=scope.department_id)
    return KpiValue("pipeline", "Successors ready now", ready, "", ready)


# ---- trends and breakdowns -----------------------------------------------------------------


def _months(period: Period) -> list[datetime]:
    end = timezone.localtime(period.end - timedelta(microseconds=1))  # the end is excluded
    first = (
        timezone.localtime(period.start)
        if period.start
        else end - timedelta(days=round(MONTH_DAYS * (TREND_MONTHS - 1)))
    )
    months = []
    year, month = first.year, first.month
    while (year, month) <= (end.year, end.month):
        months.append(aware(date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_label(month: datetime | str) -> str:
    """ "2025-07" for a month truncated by SQL: an aware datetime through the ORM; through a
    raw cursor, the local month's start (naive) on PostgreSQL, or its text on SQLite."""
    if isinstance(month, str):
        return month[:7]
    if isinstance(month, datetime) and timezone.is_aware(month):
        month = timezone.localtime(month)
    return month.strftime("%Y-%m")


def _monthly(by_month: dict[str, Any], months: list[datetime], value: str, n: str) -> tuple:
    labels = tuple(m.strftime("%Y-%m") for m in months)
    values = tuple(
        _round(by_month[label][value], 2) if label in by_month else 0 for label in labels
    )
    ns = tuple(by_month[label][n] if label in by_month else 0 for label in labels)
    return labels, values, ns


def _trends(
    scope: Scope, period: Period, checkins: dict[str, Any], pulses: dict[str, Any]
) -> tuple[Series, ...]:
    months = _months(period)
    started = (
        Mentorship.objects.filter(_pairs(scope, period), status__in=STARTED_MENTORSHIP)
        .annotate(month=TruncMonth("started_at"))
        .filter(month__gte=months[0])
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    series = []
    labels, values, ns = _monthly(
        {_month_label(r["month"]): r for r in started}, months, "count", "count"
    )
    series.append(Series("pairs_started", "Pairs started", "", labels, values, ns))
    labels, values, ns = _monthly(checkins["months"], months, "held", "pairs")
    series.append(Series("checkins_held", "Check-ins held", "", labels, values, ns))
    labels, values, ns = _monthly(pulses["months"], months, "average", "people")
    values = tuple(v if n else None for v, n in zip(values, ns, strict=True))
    series.append(Series("pulse_average", "Average check-in rating", "/5", labels, values, ns))
    return tuple(series)


BREAKDOWNS = (
    ("department", "Department", "person__department__name"),
    ("level", "Level", "person__level"),
    ("location", "Location", "person__location__name"),
    ("gender", "Gender", "person__gender"),
)


def _breakdowns(scope: Scope, period: Period) -> tuple[Breakdown, ...]:
    """Mentors and mentees (people, each once) by department, level, location and gender, in
    one query: the people enrolled in scope with their role, then a count per group of each
    dimension. "Not recorded" comes first, then levels by number, names by the database's
    collation."""
    people = (
        _enrollments(scope, period)
        .annotate(**{f"b_{key}": F(field) for key, _, field in BREAKDOWNS})
        .values("person", "role", *(f"b_{key}" for key, _, _ in BREAKDOWNS))
        .distinct()
        .order_by()
    )
    found: dict[str, list[BreakdownRow]] = {key: [] for key, _, _ in BREAKDOWNS}
    try:
        sql, params = people.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:  # no program in scope
        sql = ""
    if sql:
        counts = ", ".join(["SUM(CASE WHEN role = %s THEN 1 ELSE 0 END)"] * 2)
        roles = [EnrollmentRole.MENTOR.value, EnrollmentRole.MENTEE.value]
        groups = []
        for index, (key, _, _) in enumerate(BREAKDOWNS):
            label, number = (f"b_{key}", "NULL") if key != "level" else ("NULL", f"b_{key}")
            groups.append(
                f"SELECT {index} AS kind, CASE WHEN b_{key} IS NULL THEN 0 ELSE 1 END AS known, "
                f"{label} AS label, {number} AS number, {counts} FROM people GROUP BY b_{key}"
            )
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH people AS ({sql}) {' UNION ALL '.join(groups)} "
                "ORDER BY kind, known, number, label",
                [*params, *(roles * len(BREAKDOWNS))],
            )
            rows = cursor.fetchall()
        genders = dict(Gender.choices)
        for kind, _, label, number, mentors, mentees in rows:
            key = BREAKDOWNS[kind][0]
            value = number if key == "level" else label
            found[key].append(
                BreakdownRow(
                    label=_group_label(key, value, genders),
                    mentors=_int(mentors),
                    mentees=_int(mentees),
                )
            )
    return tuple(
        Breakdown(key=key, label=label, rows=tuple(found[key])) for key, label, _ in BREAKDOWNS
    )


def _group_label(key: str, value: object, genders: dict[str, str]) -> str:
    if value in (None, ""):
        return "Not recorded"
    if key == "level":
        return f"Level {value}"
    if key == "gender":
        return str(genders.get(str(value), value))
    return str(value)
