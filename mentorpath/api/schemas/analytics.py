from datetime import date
from typing import Annotated, Any

from ninja import Field, Schema

from mentorpath.analytics.kpis import KpiValue, OutcomeComparison, Rate
from mentorpath.api.schemas.common import Id, Slug
from mentorpath.api.schemas.enrollments import ProgramRef

Cohort = Annotated[
    str,
    Field(pattern=r"^[0-9]{4}-Q[1-4]$", description="A quarter such as `2025-Q3`."),
]


class KpiFilters(Schema):
    program: Slug | None = Field(None, description="One program (by slug); default: all yours.")
    department: Id | None = Field(None, description="Mentees (and people) of one department.")
    cohort: Cohort | None = Field(None, description="Pairs that started in this quarter.")
    date_from: date | None = Field(None, description="From this day (inclusive).")
    date_to: date | None = Field(None, description="To this day (inclusive).")


class TargetOut(Schema):
    objective: str
    comparator: str = Field(description="`gte` (at least) or `lte` (at most).")
    value: float
    text: str


class KpiOut(Schema):
    key: str
    label: str
    value: float | None = Field(description="Null without data yet, or when suppressed.")
    unit: str
    n: int | None = Field(
        description="How many people, pairs or answers it stands on; null when suppressed."
    )
    target: TargetOut | None = Field(description="With one program: its objective's target.")
    on_target: bool | None = Field(description="Null without a target or a value.")
    suppressed: bool = Field(description="Executives: hidden, it stands on fewer than 5.")

    @staticmethod
    def resolve_n(obj: KpiValue) -> int | None:
        return None if obj.suppressed else obj.n

    @staticmethod
    def resolve_target(obj: KpiValue) -> dict[str, Any] | None:
        target = obj.target
        if target is None:
            return None
        return {
            "objective": target.objective,
            "comparator": target.comparator,
            "value": float(target.value),
            "text": target.text,
        }


class RateOut(Schema):
    """A proportion (0 to 1) with its 95% interval and its group size."""

    n: int | None = Field(description="Group size; null when suppressed.")
    rate: float | None
    low: float | None
    high: float | None


def _rate(rate: Rate, suppressed: bool) -> dict[str, Any]:
    return {
        "n": None if suppressed else rate.n,
        "rate": rate.rate,
        "low": rate.low,
        "high": rate.high,
    }


class OutcomeOut(Schema):
    """Retention or promotion of mentees against non-participants of the same department,
    level and tenure band at the program's start, standardized to the mentees' mix."""

    metric: str = Field(description="`retention` or `promotion`.")
    months: int
    participants: RateOut
    comparison: RateOut
    matched: int | None = Field(
        description="Participants in strata with comparison people; null when suppressed."
    )
    difference: float | None = Field(description="Participants − comparison, a proportion.")
    difference_low: float | None
    difference_high: float | None
    suppressed: bool

    @staticmethod
    def resolve_participants(obj: OutcomeComparison) -> dict[str, Any]:
        return _rate(obj.participants, obj.suppressed)

    @staticmethod
    def resolve_comparison(obj: OutcomeComparison) -> dict[str, Any]:
        return _rate(obj.comparison, obj.suppressed)

    @staticmethod
    def resolve_matched(obj: OutcomeComparison) -> int | None:
        return None if obj.suppressed else obj.matched


class ScopeOut(Schema):
    programs: list[ProgramRef] = Field(description="The programs the figures cover.")
    department_id: int | None
    cohort: str | None
    date_from: date | None
    date_to: date | None


class KpisOut(Schema):
    """The KPIs of the programs you may read. Executives get the copy in which every figure
    standing on fewer than 5 people is hidden (`suppressed`). `pipeline` (successors ready
    now) is succession data: it is in the list for admins and executives only."""

    scope: ScopeOut
    suppressed: bool = Field(description="This is the executive copy.")
    kpis: list[KpiOut]
    outcomes: list[OutcomeOut]
    notes: list[str] = Field(description="What the figures leave out, in words.")
