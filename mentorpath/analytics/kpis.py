"""What the analytics layer returns: plain, frozen data the views, exports, PDF and API share.

`queries.dashboard(scope=...)` builds a `Dashboard`; `suppress_small_groups` makes the copy
an executive viewer sees, `without_succession` the copy of anyone who may not see succession
data. Nothing here touches the database.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

MIN_GROUP = 5  # groups smaller than this are hidden from executive viewers
HEADCOUNT_KPIS = frozenset({"mentors", "mentees", "waiting", "pipeline"})
"""KPIs whose value is itself a number of people: a value of 1–4 is a small group too."""
SUCCESSION_KPIS = frozenset({"pipeline"})
"""KPIs read from the succession pipeline: only viewers who may see succession get them."""
KPI_ORDER = (
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
    "pipeline",
)
"""The key figures of a dashboard, in the order pages, exports and the API show them."""


@dataclass(frozen=True)
class Scope:
    """What a dashboard covers. `programs` is already cut down to what the viewer may see."""

    programs: tuple[int, ...]
    department_id: int | None = None
    cohort: str | None = None  # "2025-Q3": pairs that started in that quarter
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Target:
    objective: str
    comparator: str  # "gte" | "lte"
    value: Decimal
    text: str  # "Mentee 12-month retention (%) at least 90"


@dataclass(frozen=True)
class KpiValue:
    key: str
    label: str
    value: float | None  # None: no data yet (or suppressed)
    unit: str  # "%", "days", "hours", "/5", "levels", "", "NPS", "per pair per month"
    n: int  # how many people, pairs or answers the figure stands on
    target: Target | None = None
    suppressed: bool = False

    @property
    def on_target(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        goal = float(self.target.value)
        return self.value >= goal if self.target.comparator == "gte" else self.value <= goal


@dataclass(frozen=True)
class Rate:
    """A proportion with its 95% interval (Wilson for one group)."""

    n: int
    rate: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class OutcomeComparison:
    """Retention or promotion of mentees against non-participants like them.

    The comparison group is every non-participant employed at the program's start, in the
    same department, level and tenure band as at least one participant; its rate is
    standardized to the participants' mix of those strata. `matched` counts participants in
    strata that have comparison people; only they enter the difference.
    """

    metric: str  # "retention" | "promotion"
    months: int
    participants: Rate
    comparison: Rate
    matched: int
    difference: float | None
    difference_low: float | None
    difference_high: float | None
    suppressed: bool = False


@dataclass(frozen=True)
class Series:
    """A monthly trend: labels are "2025-07"."""

    key: str
    label: str
    unit: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    ns: tuple[int, ...]  # how many people, pairs or answers stand behind each value


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    mentors: int
    mentees: int
    suppressed: bool = False

    @property
    def total(self) -> int:
        return self.mentors + self.mentees


@dataclass(frozen=True)
class Breakdown:
    key: str  # "department" | "level" | "location" | "gender"
    label: str
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class SkillGrowthRow:
    """Self-rated levels of one skill at the start and the end of the pairs that rated both."""

    skill: str
    n: int
    start: float | None
    end: float | None
    suppressed: bool = False

    @property
    def growth(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return round(self.end - self.start, 2)


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    kpis: tuple[KpiValue, ...]
    outcomes: tuple[OutcomeComparison, ...]
    trends: tuple[Series, ...]
    breakdowns: tuple[Breakdown, ...]
    suppressed: bool = False  # True when this is the executive copy
    notes: tuple[str, ...] = field(default=())
    skills: tuple[SkillGrowthRow, ...] = field(default=())
    computed_at: datetime | None = None

    def kpi(self, key: str) -> KpiValue:
        return next(k for k in self.kpis if k.key == key)


def suppress_small_groups(dashboard: Dashboard, *, min_group: int = MIN_GROUP) -> Dashboard:
    """The executive copy: every figure standing on fewer than `min_group` people is hidden,
    and so is a headcount of 1 to `min_group` - 1 people ("4 mentees waiting" in a department
    names them as surely as a rate would), and a breakdown row whose mentors or mentees are
    fewer (but not zero)."""

    def small(n: int) -> bool:
        return 0 < n < min_group

    def hidden(k: KpiValue) -> bool:
        headcount = k.key in HEADCOUNT_KPIS and k.value is not None and small(int(k.value))
        return small(k.n) or headcount

    kpis = tuple(
        replace(k, value=None, suppressed=True) if hidden(k) else k for k in dashboard.kpis
    )
    outcomes = tuple(
        _hide_outcome(o) if small(o.participants.n) or small(o.comparison.n) else o
        for o in dashboard.outcomes
    )
    breakdowns = tuple(
        replace(
            b,
            rows=tuple(
                replace(r, mentors=0, mentees=0, suppressed=True)
                if small(r.mentors) or small(r.mentees)
                else r
                for r in b.rows
            ),
        )
        for b in dashboard.breakdowns
    )
    trends = tuple(
        replace(
            s,
            values=tuple(None if small(n) else v for v, n in zip(s.values, s.ns, strict=True)),
        )
        for s in dashboard.trends
    )
    skills = tuple(
        replace(r, start=None, end=None, suppressed=True) if small(r.n) else r
        for r in dashboard.skills
    )
    return replace(
        dashboard,
        kpis=kpis,
        skills=skills,
        outcomes=outcomes,
        trends=trends,
        breakdowns=breakdowns,
        suppressed=True,
    )


def without_succession(dashboard: Dashboard) -> Dashboard:
    """The copy for a viewer who may not see succession data (`succession.permissions`): the
    KPIs read from the pipeline are left out altogether, not hidden, so neither their figure
    nor their label or target says anything about it."""
    kpis = tuple(k for k in dashboard.kpis if k.key not in SUCCESSION_KPIS)
    return replace(dashboard, kpis=kpis)


def _hide_outcome(outcome: OutcomeComparison) -> OutcomeComparison:
    hidden = Rate(n=0, rate=None, low=None, high=None)
    return replace(
        outcome,
        participants=hidden,
        comparison=hidden,
        matched=0,
        difference=None,
        difference_low=None,
        difference_high=None,
        suppressed=True,
    )
