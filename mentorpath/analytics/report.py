"""The printable program report: a PDF drawn with reportlab's platypus from a `Dashboard`.

Every figure comes from `present`, so the report reads exactly like the page and the CSV
files, hidden groups included. Pure: no database access, bytes out.
"""

from collections.abc import Sequence
from datetime import date
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from mentorpath.analytics import present
from mentorpath.analytics.kpis import MIN_GROUP, Breakdown, Dashboard, Series

BRAND = colors.HexColor("#24598f")
GREEN = colors.HexColor("#1f7a4d")
RED = colors.HexColor("#b3261e")
LINE = colors.HexColor("#d8dee8")
MUTED = colors.HexColor("#5b6576")
WIDTH = A4[0] - 36 * mm  # the text width inside the margins

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("title", parent=_styles["Title"], alignment=0, textColor=BRAND)
H2 = ParagraphStyle("h2", parent=_styles["Heading2"], textColor=BRAND, spaceBefore=10)
H3 = ParagraphStyle("h3", parent=_styles["Heading3"], spaceBefore=6)
BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontSize=9.5, leading=12)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=10.5, textColor=MUTED)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5)
HEAD = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold")


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    data = [[_p(h, HEAD) for h in header]] + [[_p(c, CELL) for c in row] for row in rows]
    table = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def period_text(dashboard: Dashboard, *, start: date | None, end: date | None) -> str:
    """The dates the figures cover: the filter's, else the program's own."""
    scope = dashboard.scope
    first = scope.date_from or start
    last = scope.date_to or end
    if first and last:
        return f"{first:%d %b %Y} to {last:%d %b %Y}"
    if first:
        return f"From {first:%d %b %Y}"
    if last:
        return f"Up to {last:%d %b %Y}"
    return "The whole life of the program"


def _kpis(dashboard: Dashboard) -> list[Flowable]:
    rows = [
        (
            kpi.label,
            present.kpi_value(kpi),
            present.kpi_n(kpi),
            present.target_text(kpi.target, kpi.unit),
            present.status_text(kpi),
        )
        for kpi in dashboard.kpis
    ]
    table = _table(
        ("Measure", "Value", "n", "Target", "Status"), rows, (0.36, 0.2, 0.08, 0.2, 0.16)
    )
    style = []
    for index, kpi in enumerate(dashboard.kpis, start=1):
        if kpi.on_target is not None:
            color = GREEN if kpi.on_target else RED
            style.append(("TEXTCOLOR", (4, index), (4, index), color))
    table.setStyle(TableStyle(style))
    return [_p("Key figures", H2), table]


def _outcomes(dashboard: Dashboard) -> list[Flowable]:
    flow: list[Flowable] = [
        _p("Outcomes against a comparison group", H2),
        _p(
            "Each comparison group is every non-participant employed at the program's start "
            "in the same department, level and tenure band as a participant, weighted to the "
            "participants' mix. Intervals are 95% confidence intervals. A difference is an "
            "association, not proof that mentoring caused it.",
            SMALL,
        ),
    ]
    if not dashboard.outcomes:
        flow.append(_p("No outcome can be measured yet."))
    for o in dashboard.outcomes:
        hidden = o.suppressed
        rows = [
            (
                "Participants",
                present.rate_text(o.participants, suppressed=hidden),
                present.group_size(o.participants, suppressed=hidden),
            ),
            (
                "Comparison group",
                present.rate_text(o.comparison, suppressed=hidden),
                present.group_size(o.comparison, suppressed=hidden),
            ),
            ("Difference", present.difference_text(o), "" if hidden else f"{o.matched} matched"),
        ]
        flow.append(
            KeepTogether(
                [
                    _p(present.outcome_title(o), H3),
                    _table(("Group", "Rate (95% CI)", "People"), rows, (0.25, 0.55, 0.2)),
                    Spacer(1, 2 * mm),
                    _p(present.outcome_reading(o)),
                ]
            )
        )
    return flow


def _line_chart(series: Series) -> Drawing | None:
    values = [v for v in series.values if v is not None]
    if not values:
        return None
    drawing = Drawing(WIDTH, 45 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y = 12 * mm, 8 * mm
    chart.width, chart.height = WIDTH - 16 * mm, 33 * mm
    chart.data = [list(series.values)]
    chart.categoryAxis.categoryNames = list(series.labels)
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30 if len(series.labels) > 8 else 0
    chart.categoryAxis.labels.dy = -6 if len(series.labels) > 8 else 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(max(values) * 1.1, 1)
    chart.valueAxis.labels.fontSize = 7
    chart.lines[0].strokeColor = BRAND
    chart.lines[0].strokeWidth = 1.5
    drawing.add(chart)
    return drawing


def _trends(dashboard: Dashboard) -> list[Flowable]:
    flow: list[Flowable] = [_p("Trends by month", H2)]
    if dashboard.suppressed:
        flow.append(_p(f"Months standing on fewer than {MIN_GROUP} people are left out.", SMALL))
    for series in dashboard.trends:
        table = present.series_table(dashboard, series)
        part: list[Flowable] = [_p(table.title + (f" ({series.unit})" if series.unit else ""), H3)]
        chart = _line_chart(series)
        if chart is not None:
            part.append(chart)
        if table.rows:
            part.append(_table(("Month", "Value", "n"), table.rows, (0.3, 0.45, 0.25)))
        else:
            part.append(_p("No months in this period."))
        flow += [CondPageBreak(70 * mm), *part]
    return flow


def _bar_chart(breakdown: Breakdown) -> Drawing | None:
    rows = [r for r in breakdown.rows if not r.suppressed and r.total]
    if not rows:
        return None
    height = (14 + 7 * len(rows)) * mm
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 40 * mm, 8 * mm
    chart.width, chart.height = WIDTH - 50 * mm, height - 12 * mm
    chart.data = [[r.mentors for r in rows], [r.mentees for r in rows]]
    chart.categoryAxis.categoryNames = [r.label[:28] for r in rows]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = BRAND
    chart.bars[1].fillColor = GREEN
    drawing.add(chart)
    drawing.add(String(40 * mm, 1 * mm, "Mentors", fontSize=7, fillColor=BRAND))
    drawing.add(String(55 * mm, 1 * mm, "Mentees", fontSize=7, fillColor=GREEN))
    return drawing


def _breakdowns(dashboard: Dashboard) -> list[Flowable]:
    flow: list[Flowable] = [_p("Participation", H2)]
    if dashboard.suppressed:
        flow.append(_p(f"Groups with fewer than {MIN_GROUP} mentors or mentees are hidden.", SMALL))
    for breakdown in dashboard.breakdowns:
        table = present.breakdown_table(breakdown)
        part: list[Flowable] = [_p(table.title, H3)]
        chart = _bar_chart(breakdown)
        if chart is not None:
            part.append(chart)
        if table.rows:
            part.append(_table(table.header, table.rows, (0.4, 0.2, 0.2, 0.2)))
        else:
            part.append(_p("Nobody in this group yet."))
        flow += [CondPageBreak(60 * mm), *part]
    return flow


def _skills(dashboard: Dashboard) -> list[Flowable]:
    if not dashboard.skills:
        return []
    table = present.skills_table(dashboard.skills)
    return [
        CondPageBreak(50 * mm),
        _p(table.title, H2),
        _table(("Skill", "Start", "End", "Growth", "n"), table.rows, (0.24, 0.22, 0.22, 0.22, 0.1)),
    ]


def program_report(
    *,
    dashboard: Dashboard,
    program_name: str,
    start: date | None,
    end: date | None,
    filters: Sequence[tuple[str, str]],
    generated: date,
) -> bytes:
    """The PDF of a program's dashboard (already suppressed for an executive)."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Program report: {program_name}",
        author="Mentorpath",
    )
    filter_text = "; ".join(f"{name}: {value}" for name, value in filters) or "None"
    flow: list[Flowable] = [
        _p(f"Program report: {program_name}", TITLE),
        _p(f"Program: {program_name}"),
        _p(f"Period: {period_text(dashboard, start=start, end=end)}"),
        _p(f"Filters: {filter_text}"),
        _p(f"Generated on {generated:%d %b %Y}"),
    ]
    if dashboard.suppressed:
        flow.append(
            _p(
                f"Executive copy: every figure standing on fewer than {MIN_GROUP} people is "
                f'shown as "{present.HIDDEN}".',
                SMALL,
            )
        )
    for note in dashboard.notes:
        flow.append(_p(note, SMALL))
    flow += _kpis(dashboard)
    flow += _outcomes(dashboard)
    flow += _trends(dashboard)
    flow += _breakdowns(dashboard)
    flow += _skills(dashboard)
    doc.build(flow, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _footer(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(18 * mm, 9 * mm, "Mentorpath program report")
    canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"Page {doc.page}")
    canvas.restoreState()


def report_filename(*, slug: str, day: date) -> str:
    return f"mentorpath-{slug}-report-{day.isoformat()}.pdf"
