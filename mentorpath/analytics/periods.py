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
