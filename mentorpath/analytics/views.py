"""Analytics pages: the organization and program dashboards, their CSV files, the PDF report.

Every view reads the same way: which programs the viewer may read (`permissions`), the filter
form over them, `queries.dashboard`, then the executive copy for executives and, for anyone
who may not see succession data, the copy without it. The number of queries does not grow
with the number of programs.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.analytics import exports, present, queries, report
from mentorpath.analytics.forms import DashboardFilterForm
from mentorpath.analytics.kpis import Dashboard, suppress_small_groups, without_succession
from mentorpath.analytics.permissions import (
    REFUSED,
    analytics_programs,
    can_view_analytics,
    get_analytics_program_for,
    sees_rows,
    sees_succession,
    sees_suppressed,
)
from mentorpath.core.htmx import partial_or_page
from mentorpath.core.permissions import role_required
from mentorpath.exports.services import export_started
from mentorpath.programs.models import Program

TEMPLATE = "analytics/dashboard.html"


@dataclass
class Loaded:
    form: DashboardFilterForm
    dashboard: Dashboard | None  # None while the filters are invalid


def _load(
    request: HttpRequest, *, programs: QuerySet[Program] | None, allowed: tuple[int, ...]
) -> Loaded:
    """Validate the filters and read the dashboard within `allowed` (the viewer's programs).

    `programs` is the choice of programs offered on the organization page, None on a program's
    own page."""
    form = DashboardFilterForm(
        request.GET, programs=programs, cohorts=queries.cohorts(programs=allowed)
    )
    if not form.is_valid():
        return Loaded(form, None)
    dashboard = queries.dashboard_cached(scope=form.scope(programs=allowed))
    if sees_suppressed(request.user):
        dashboard = suppress_small_groups(dashboard)
    if not sees_succession(request.user):
        dashboard = without_succession(dashboard)
    return Loaded(form, dashboard)


def _row_links(user: User, program: Program | None) -> dict[str, str]:
    """Links from figures to the rows behind them, for viewers who may open those rows.

    Only when the figures are one program's: the pair-health page and the enrollment review
    of that program. Executives read aggregates only and get none."""
    if program is None or not sees_rows(user):
        return {}
    pairs = reverse("mentoring:pairs", args=[program.slug])
    enrollments = reverse("programs:enrollments", args=[program.slug])
    links = dict.fromkeys(present.PAIR_KPIS, pairs)
    links |= {key: f"{enrollments}?{query}" for key, query in present.ENROLLMENT_KPIS.items()}
    return links


def _context(
    request: HttpRequest,
    loaded: Loaded,
    *,
    program: Program | None,
    links: dict[str, str],
    report_program: Program | None,
) -> dict[str, Any]:
    query = request.GET.urlencode() if loaded.dashboard is not None else ""
    dashboard = loaded.dashboard

    def download(key: str) -> str:
        """The CSV of one table, with the filters in force."""
        if program is None:
            url = reverse("analytics:organization_csv", args=[key])
        else:
            url = reverse("analytics:program_csv", args=[program.slug, key])
        return f"{url}?{query}" if query else url

    report_url = ""
    if report_program is not None:
        report_url = reverse("analytics:program_report", args=[report_program.slug])
        if query and program is not None:
            report_url += f"?{query}"
        elif loaded.dashboard is not None:
            # From the organization page: the chosen program's report, with the other filters.
            rest = request.GET.copy()
            rest.pop("program", None)
            report_url += f"?{rest.urlencode()}" if rest else ""
    context: dict[str, Any] = {
        "form": loaded.form,
        "dashboard": dashboard,
        "program": program,
        "query": query,
        "links_program": report_program if links else None,
        "report_url": report_url,
        "hidden": present.HIDDEN,
        "kpi_csv": download("kpis"),
        "outcomes_csv": download("outcomes"),
    }
    if dashboard is None:
        return context
    context["cards"] = [
        {
            "kpi": kpi,
            "value": present.kpi_value(kpi),
            "parts": present.kpi_value_parts(kpi),
            "n": present.kpi_n(kpi),
            "target": present.target_text(kpi.target, kpi.unit),
            "status": present.status_text(kpi),
            "link": links.get(kpi.key, ""),
        }
        for kpi in dashboard.kpis
    ]
    context["outcomes"] = [
        {
            "outcome": o,
            "title": present.outcome_title(o),
            "participants": present.rate_text(o.participants, suppressed=o.suppressed),
            "participants_n": present.group_size(o.participants, suppressed=o.suppressed),
            "comparison": present.rate_text(o.comparison, suppressed=o.suppressed),
            "comparison_n": present.group_size(o.comparison, suppressed=o.suppressed),
            "difference": present.difference_text(o),
            "reading": present.outcome_reading(o),
        }
        for o in dashboard.outcomes
    ]

    def figure(chart: dict[str, Any], table: present.Table) -> dict[str, Any]:
        """A chart with its table (the accessible fallback) and its CSV: the same numbers."""
        return {
            "chart": chart,
            "drawable": present.drawable(chart),
            "chart_id": f"chart-{table.key}",
            "table": table,
            "csv": download(table.key),
        }

    context["trends"] = [
        {"series": s, **figure(present.series_chart(s), present.series_table(dashboard, s))}
        for s in dashboard.trends
    ]
    context["breakdowns"] = [
        {"breakdown": b, **figure(present.breakdown_chart(b), present.breakdown_table(b))}
        for b in dashboard.breakdowns
    ]
    context["skills"] = (
        figure(present.skills_chart(dashboard.skills), present.skills_table(dashboard.skills))
        if dashboard.skills
        else None
    )
    return context


def _render(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    status = 200 if context["dashboard"] is not None else 400
    return render(request, partial_or_page(request, TEMPLATE, "body"), context, status=status)


@role_required(can_view_analytics, REFUSED)
def organization(request: HttpRequest) -> HttpResponse:
    """Every program the viewer may read, or one chosen in the filters."""
    programs = analytics_programs(request.user)
    choices = list(programs)
    loaded = _load(request, programs=programs, allowed=tuple(p.pk for p in choices))
    chosen = loaded.form.cleaned_data.get("program") if loaded.dashboard else None
    only = chosen or (choices[0] if len(choices) == 1 else None)
    context = _context(
        request, loaded, program=None, links=_row_links(request.user, only), report_program=only
    )
    context["program_pages"] = choices
    return _render(request, context)


@login_required
def program_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_analytics_program_for(request.user, slug)
    loaded = _load(request, programs=None, allowed=(program.pk,))
    context = _context(
        request,
        loaded,
        program=program,
        links=_row_links(request.user, program),
        report_program=program,
    )
    return _render(request, context)


def _csv(request: HttpRequest, loaded: Loaded, *, key: str, subject: str) -> HttpResponse:
    if loaded.dashboard is None:
        errors = "; ".join(
            f"{name}: {' '.join(map(str, messages))}"
            for name, messages in loaded.form.errors.items()
        )
        return HttpResponse(
            f"Invalid filters. {errors}", status=400, content_type="text/plain; charset=utf-8"
        )
    table = present.tables(loaded.dashboard).get(key)
    if table is None:
        raise Http404("No such table.")
    filename = exports.csv_filename(subject=subject, key=key, day=timezone.localdate())
    export_started(
        user=request.user,  # type: ignore[arg-type]
        dataset=f"analytics.{key}",
        format="csv",
        filters={"scope": subject, **request.GET.dict()},
    )
    return exports.csv_response(table, filename=filename)


@role_required(can_view_analytics, REFUSED)
def organization_csv(request: HttpRequest, key: str) -> HttpResponse:
    programs = analytics_programs(request.user)
    allowed = tuple(programs.values_list("pk", flat=True))
    return _csv(
        request, _load(request, programs=programs, allowed=allowed), key=key, subject="organization"
    )


@login_required
def program_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    program = get_analytics_program_for(request.user, slug)
    loaded = _load(request, programs=None, allowed=(program.pk,))
    return _csv(request, loaded, key=key, subject=program.slug)


@login_required
def program_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The printable report of a program, with the page's filters."""
    program = get_analytics_program_for(request.user, slug)
    loaded = _load(request, programs=None, allowed=(program.pk,))
    if loaded.dashboard is None:
        context = _context(request, loaded, program=program, links={}, report_program=program)
        return _render(request, context)
    today = timezone.localdate()
    pdf = report.program_report(
        dashboard=loaded.dashboard,
        program_name=program.name,
        start=program.start_date,
        end=program.end_date,
        filters=loaded.form.description(),
        generated=today,
    )
    export_started(
        user=request.user,  # type: ignore[arg-type]
        dataset="analytics.report",
        format="pdf",
        filters={"program": program.slug, **request.GET.dict()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = report.report_filename(slug=program.slug, day=today)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
