"""Analytics: the KPIs and outcome comparisons of the programs the caller may read, the same
figures the dashboards show (organization admins and executives: every program; program
managers: theirs; everyone else: 403). Executives read the small-group-suppressed copy; only
admins and executives, who may see succession data, get the "Successors ready now" KPI."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from mentorpath.analytics.kpis import Scope, suppress_small_groups, without_succession
from mentorpath.analytics.periods import quarter_bounds
from mentorpath.analytics.permissions import (
    REFUSED,
    analytics_programs,
    can_view_analytics,
    sees_succession,
    sees_suppressed,
)
from mentorpath.analytics.queries import dashboard_cached
from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.schemas.analytics import KpiFilters, KpisOut
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.permissions import PermissionDenied
from mentorpath.people.models import Department
from mentorpath.programs.models import Program

router = Router(tags=["analytics"])

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)


def _scope(filters: KpiFilters, allowed: list[Program]) -> tuple[Scope, list[Program]]:
    """The scope the filters ask for, within the programs the caller may read; 400 with a
    message per filter that names nothing they may read or makes no sense."""
    problems: dict[str, str] = {}
    programs = allowed
    if filters.program is not None:
        programs = [program for program in allowed if program.slug == filters.program]
        if not programs:
            # The same answer for a program that does not exist and one that is not theirs.
            problems["program"] = "No program of yours has this slug."
    if filters.department is not None and not (
        Department.objects.filter(pk=filters.department).exists()
    ):
        problems["department"] = "No department has this id."
    if filters.cohort is not None:
        try:
            quarter_bounds(filters.cohort)
        except ValueError:
            problems["cohort"] = "Give a quarter such as 2025-Q3."
    for name in ("date_from", "date_to"):
        day = getattr(filters, name)
        if day is not None and not EARLIEST <= day <= LATEST:
            problems[name] = f"Choose a date between {EARLIEST:%Y} and {LATEST:%Y}."
    if (
        filters.date_from
        and filters.date_to
        and "date_to" not in problems
        and filters.date_to < filters.date_from
    ):
        problems["date_to"] = "The end date is before the start date."
    if problems:
        raise ApplicationError(problems)
    scope = Scope(
        programs=tuple(program.pk for program in programs),
        department_id=filters.department,
        cohort=filters.cohort,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    return scope, programs


@router.get("/analytics/kpis", response={200: KpisOut, **errors(400, 401, 403, 422)})
def get_kpis(request: HttpRequest, filters: Query[KpiFilters]) -> dict[str, Any]:
    """The KPIs (with their targets when one program is chosen) and the retention and promotion
    comparisons of the programs you may read: every program for organization admins and
    executives, the ones you manage for program managers; 403 for anyone else. Executives get
    no figure standing on fewer than 5 people. `pipeline` (successors ready now, linked to the
    programs' enrollments) is succession data: only admins and executives get it, anyone else
    gets the list without it. 400 when a filter names nothing you may read or the dates are
    out of order."""
    user = current_user(request)
    if not can_view_analytics(user):
        raise PermissionDenied(REFUSED)
    scope, programs = _scope(filters, list(analytics_programs(user)))
    result = dashboard_cached(scope=scope)
    if sees_suppressed(user):
        result = suppress_small_groups(result)
    if not sees_succession(user):
        result = without_succession(result)
    return {
        "scope": {
            "programs": programs,
            "department_id": scope.department_id,
            "cohort": scope.cohort,
            "date_from": scope.date_from,
            "date_to": scope.date_to,
        },
        "suppressed": result.suppressed,
        "kpis": list(result.kpis),
        "outcomes": list(result.outcomes),
        "notes": list(result.notes),
    }
