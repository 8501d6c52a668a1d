"""How a `Dashboard` reads: the words and numbers the page, the CSV files and the PDF share.

Every figure is formatted here once, so the page, a CSV download and the printed report can
never disagree. A hidden figure (the executive copy) reads `HIDDEN` everywhere and its group
size is left out as well: "n = 3" would tell what "Hidden" keeps back.
"""

from dataclasses import dataclass
from typing import Any

from mentorpath.analytics.kpis import (
    MIN_GROUP,
    Breakdown,
    Dashboard,
    KpiValue,
    OutcomeComparison,
    Rate,
    Series,
    SkillGrowthRow,
    Target,
)

HIDDEN = f"Hidden (fewer than {MIN_GROUP})"
NO_DATA = "No data yet"

OUTCOME_LABELS = {"retention": "Retention", "promotion": "Promotion"}

# Which figures stand on rows a program's team may open: pairs on the pair-health page,
# enrollments on the enrollment review page. Survey answers and HR outcomes have no such page.
PAIR_KPIS = frozenset(
    {
        "acceptance_rate",
        "checkins_per_pair_month",
        "engagement",
        "goal_completion",
        "goal_progress",
        "completion",
        "mentor_hours",
        "mentor_response_hours",
        "mentor_response_rate",
    }
)
ENROLLMENT_KPIS = {
    "mentors": "role=mentor&status=approved",
    "mentees": "role=mentee&status=approved",
    "mentee_ratio": "status=approved",
    "waiting": "role=mentee&status=approved",
    "match_rate": "role=mentee&status=approved",
    "time_to_match": "role=mentee&status=approved",
}


def number(value: float) -> str:
    """12 → "12", 1234 → "1,234", 3.14159 → "3.1"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def with_unit(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "NPS":
        return f"{value:+.0f}"
    if unit == "/5":
        return f"{value:.1f} / 5"
    if unit == "levels":
        return f"{value:+.1f} levels"
    if unit == "":
        return number(value)
    return f"{number(value)} {unit}"


def kpi_value(kpi: KpiValue) -> str:
    if kpi.suppressed:
        return HIDDEN
    if kpi.value is None:
        return NO_DATA
    return with_unit(kpi.value, kpi.unit)


WORD_UNITS = frozenset({"days", "hours", "per pair per month"})


def kpi_value_parts(kpi: KpiValue) -> tuple[str, str]:
    """The card's big figure and the unit words set smaller beside it: ("2.2", "per pair per
    month"); symbols stay with the figure ("87.5%", "3.8 / 5"). A hidden figure reads
    "Hidden" with "(fewer than 5)" beside it."""
    if kpi.suppressed:
        return "Hidden", f"(fewer than {MIN_GROUP})"
    if kpi.value is None or kpi.unit not in WORD_UNITS:
        return kpi_value(kpi), ""
    return number(kpi.value), kpi.unit


def kpi_n(kpi: KpiValue) -> str:
    """The group size shown beside a figure; blank when the figure is hidden."""
    return "" if kpi.suppressed else str(kpi.n)


def target_text(target: Target | None, unit: str) -> str:
    """ "at least 90%" in the KPI's own unit; blank without a target."""
    if target is None:
        return ""
    words = "at least" if target.comparator == "gte" else "at most"
    return f"{words} {with_unit(float(target.value), unit)}"


def status_text(kpi: KpiValue) -> str:
    """ "On target", "Off target" or blank when there is no target or no figure to judge."""
    on_target = kpi.on_target
    if on_target is None:
        return ""
    return "On target" if on_target else "Off target"


def percent(value: float | None) -> str:
    """An outcome rate or bound (a proportion 0–1) as a percentage."""
    return "—" if value is None else f"{value * 100:.1f}%"


def points(value: float | None) -> str:
    """A difference of two proportions in percentage points, with its sign."""
    return "—" if value is None else f"{value * 100:+.1f} pts"


def interval(low: float | None, high: float | None, *, signed: bool = False) -> str:
    if low is None or high is None:
        return "—"
    fmt = points if signed else percent
    return f"{fmt(low)} to {fmt(high)}"


def outcome_title(outcome: OutcomeComparison) -> str:
    name = OUTCOME_LABELS.get(outcome.metric, outcome.metric.title())
    return f"{name} after {outcome.months} months"


def outcome_reading(outcome: OutcomeComparison) -> str:
    """One line in plain words: what the difference and its 95% interval allow one to say."""
    if outcome.suppressed:
        return f"{HIDDEN}: one of the groups is too small to show."
    if (
        outcome.difference is None
        or outcome.difference_low is None
        or outcome.difference_high is None
    ):
        return "Not enough people in both groups to compare yet."
    metric = OUTCOME_LABELS.get(outcome.metric, outcome.metric).lower()
    if outcome.difference_low <= 0 <= outcome.difference_high:
        return (
            "The difference is within the margin of error: these numbers do not show "
            f"that participants' {metric} differs from the comparison group's."
        )
    direction = "higher" if outcome.difference_low > 0 else "lower"
    return (
        f"Participants' {metric} is {direction} than the comparison group's, beyond the margin "
        "of error. This is an association, not proof that mentoring caused it."
    )


def rate_text(rate: Rate, *, suppressed: bool) -> str:
    """ "81.0% (95% CI 70.2% to 88.6%)"."""
    if suppressed:
        return HIDDEN
    if rate.rate is None:
        return NO_DATA
    return f"{percent(rate.rate)} (95% CI {interval(rate.low, rate.high)})"


def group_size(rate: Rate, *, suppressed: bool) -> str:
    return "" if suppressed else str(rate.n)


def difference_text(outcome: OutcomeComparison) -> str:
    if outcome.suppressed:
        return HIDDEN
    if outcome.difference is None:
        return NO_DATA
    ci = interval(outcome.difference_low, outcome.difference_high, signed=True)
    return f"{points(outcome.difference)} (95% CI {ci})"


def point_hidden(dashboard: Dashboard, value: float | None, n: int) -> bool:
    """A trend point the executive copy blanked out (as opposed to a month without data)."""
    return dashboard.suppressed and value is None and 0 < n < MIN_GROUP


# --- tables: one per download, the same numbers as the chart ------------------------------------


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def figure(value: float | None) -> float | int | None:
    """A figure as charts and spreadsheets carry it: whole numbers whole, others to 4 places."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 4)


def _raw(value: float | None) -> str:
    """A spreadsheet cell: the figure, blank when there is none."""
    shown = figure(value)
    return "" if shown is None else str(shown)


def kpi_table(dashboard: Dashboard) -> Table:
    rows = []
    for kpi in dashboard.kpis:
        value = HIDDEN if kpi.suppressed else _raw(kpi.value)
        target = "" if kpi.target is None else _raw(float(kpi.target.value))
        comparator = "" if kpi.target is None else kpi.target.comparator
        rows.append(
            (kpi.key, kpi.label, value, kpi.unit, kpi_n(kpi), comparator, target, status_text(kpi))
        )
    return Table(
        key="kpis",
        title="Key figures",
        header=("key", "measure", "value", "unit", "n", "target comparator", "target", "status"),
        rows=tuple(rows),
    )


def outcome_table(dashboard: Dashboard) -> Table:
    rows = []
    for o in dashboard.outcomes:
        if o.suppressed:
            figures = (HIDDEN,) * 12
        else:
            figures = (
                _raw(o.participants.rate),
                _raw(o.participants.low),
                _raw(o.participants.high),
                str(o.participants.n),
                _raw(o.comparison.rate),
                _raw(o.comparison.low),
                _raw(o.comparison.high),
                str(o.comparison.n),
                str(o.matched),
                _raw(o.difference),
                _raw(o.difference_low),
                _raw(o.difference_high),
            )
        rows.append((o.metric, str(o.months), *figures, outcome_reading(o)))
    return Table(
        key="outcomes",
        title="Outcomes against a comparison group",
        header=(
            "metric",
            "months",
            "participants rate",
            "participants ci low",
            "participants ci high",
            "participants n",
            "comparison rate",
            "comparison ci low",
            "comparison ci high",
            "comparison n",
            "matched participants",
            "difference",
            "difference ci low",
            "difference ci high",
            "reading",
        ),
        rows=tuple(rows),
    )


def series_table(dashboard: Dashboard, series: Series) -> Table:
    rows = []
    for label, value, n in zip(series.labels, series.values, series.ns, strict=True):
        if point_hidden(dashboard, value, n):
            rows.append((label, HIDDEN, ""))
        else:
            rows.append((label, _raw(value), str(n)))
    unit = f" ({series.unit})" if series.unit else ""
    return Table(
        key=series.key,
        title=series.label,
        header=("month", f"{series.label}{unit}", "n"),
        rows=tuple(rows),
    )


def breakdown_table(breakdown: Breakdown) -> Table:
    rows = tuple(
        (row.label, HIDDEN, HIDDEN, HIDDEN)
        if row.suppressed
        else (row.label, str(row.mentors), str(row.mentees), str(row.total))
        for row in breakdown.rows
    )
    return Table(
        key=breakdown.key,
        title=f"Participation by {breakdown.label.lower()}",
        header=(breakdown.label, "mentors", "mentees", "total"),
        rows=rows,
    )


def skills_table(skills: tuple[SkillGrowthRow, ...]) -> Table:
    rows = tuple(
        (row.skill, HIDDEN, HIDDEN, HIDDEN, "")
        if row.suppressed
        else (row.skill, _raw(row.start), _raw(row.end), _raw(row.growth), str(row.n))
        for row in skills
    )
    return Table(
        key="skills",
        title="Skill growth (self-rated levels, start and end of the pair)",
        header=("skill", "start level", "end level", "growth (levels)", "n"),
        rows=rows,
    )


def tables(dashboard: Dashboard) -> dict[str, Table]:
    """Every downloadable table of a dashboard by its key (the `<key>` of `.../csv/<key>/`)."""
    found = [kpi_table(dashboard), outcome_table(dashboard)]
    found += [series_table(dashboard, s) for s in dashboard.trends]
    found += [breakdown_table(b) for b in dashboard.breakdowns]
    found.append(skills_table(dashboard.skills))
    return {table.key: table for table in found}


# --- charts: the JSON charts.js draws ------------------------------------------------------------


def series_chart(series: Series) -> dict[str, Any]:
    """A line chart: hidden points and months without data are gaps (null)."""
    chart: dict[str, Any] = {
        "labels": list(series.labels),
        "datasets": [{"label": series.label, "data": [figure(v) for v in series.values]}],
        "unit": series.unit,
    }
    if series.unit == "":
        chart["integers"] = True
    elif series.unit == "%":
        chart.update(min=0, max=100)
    elif series.unit == "/5":
        chart.update(min=1, max=5)
    return chart


def breakdown_chart(breakdown: Breakdown) -> dict[str, Any]:
    """Bars of mentors and mentees per group; a hidden group has no bars (null)."""
    rows = breakdown.rows
    return {
        "labels": [row.label for row in rows],
        "datasets": [
            {"label": "Mentors", "data": [None if r.suppressed else r.mentors for r in rows]},
            {"label": "Mentees", "data": [None if r.suppressed else r.mentees for r in rows]},
        ],
        "unit": "people",
        "integers": True,
    }


def skills_chart(skills: tuple[SkillGrowthRow, ...]) -> dict[str, Any]:
    """Horizontal bars of each skill's average growth; a hidden skill has no bar (null)."""
    return {
        "labels": [row.skill for row in skills],
        "datasets": [
            {
                "label": "Growth",
                "data": [None if r.suppressed else figure(r.growth) for r in skills],
            }
        ],
        "unit": "levels",
    }


def drawable(chart: dict[str, Any]) -> bool:
    """Whether a chart has any figure to draw (everything hidden or missing: no chart)."""
    return any(v is not None for dataset in chart["datasets"] for v in dataset["data"])
