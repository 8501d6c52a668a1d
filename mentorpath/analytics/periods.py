"""The time windows of a dashboard: its period, a cohort's quarter, aware day starts."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from mentorpath.analytics.kpis import Scope

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: datetime | None
    end: datetime  # never after now

    @classmethod
    def of(cls, scope: Scope, now: datetime) -> "Period":
        start = aware(scope.date_from) if scope.date_from else None
        end = aware(scope.date_to + DAY) if scope.date_to else now
        return cls(start=start, end=min(end, now))


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def quarter_bounds(cohort: str) -> tuple[datetime, datetime]:
    """ "2025-Q3" → [2025-07-01, 2025-10-01) in the current time zone; ValueError if malformed."""
    year_text, _, quarter_text = cohort.partition("-Q")
    year, quarter = int(year_text), int(quarter_text)
    if not (1 <= quarter <= 4 and 1900 < year < 3000):
        raise ValueError(f"Not a quarter: {cohort!r}")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return aware(start), aware(end)


@dataclass(frozen=True)
class MonthSplit:
    """A period cut for the monthly rollups: its whole local months, [`first`, `last`) as
    month starts (`first` None: from the beginning), read from the rollups; and the `edges`,
    the parts of months at either end, read from the raw rows. Without rollups the whole
    period is an edge."""

    first: date | None
    last: date | None  # None: no whole month
    edges: tuple[tuple[datetime | None, datetime], ...]

    @classmethod
    def of(cls, period: Period, *, rollups: bool, end_month_complete: bool = False) -> "MonthSplit":
        """`end_month_complete`: nothing is recorded between the period's end and the end of
        its month, so that whole month may be read from the rollups."""
        whole = (period.start, period.end)
        if not rollups:
            return cls(first=None, last=None, edges=(whole,))
        last = month_start(period.end)
        if end_month_complete and aware(last) < period.end:
            last = next_month(last)
        first = None
        if period.start is not None:
            first = month_start(period.start)
            if aware(first) < period.start:
                first = next_month(first)
            if first >= last:
                return cls(first=None, last=None, edges=(whole,))
        edges = []
        if first is not None and period.start is not None and period.start < aware(first):
            edges.append((period.start, aware(first)))
        if aware(last) < period.end:
            edges.append((aware(last), period.end))  # the end month, read from the rows
        return cls(first=first, last=last, edges=tuple(edges))


def month_start(moment: datetime) -> date:
    """The first day of the local month `moment` is in."""
    return timezone.localtime(moment).date().replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
