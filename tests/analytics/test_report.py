"""The printable program report: read back with pypdf, its figures are the page's figures."""

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from mentorpath.analytics import queries
from mentorpath.analytics.kpis import Scope, suppress_small_groups
from mentorpath.analytics.report import period_text, program_report, report_filename
from tests.analytics.sample_dashboards import sample
from tests.clock import viewer_today

pytestmark = pytest.mark.django_db

REPORT = "/analytics/program/career-compass/report.pdf"
HIDDEN = "Hidden (fewer than 5)"


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _lines(content: bytes) -> list[str]:
    return [line.strip() for line in _pdf_text(content).splitlines() if line.strip()]


def _after(lines: list[str], label: str, count: int, *, last: bool = False) -> list[str]:
    """The `count` cells that follow a row's label in the extracted text (the label's last
    occurrence with `last`: a breakdown's chart names its groups before its table does)."""
    index = len(lines) - 1 - lines[::-1].index(label) if last else lines.index(label)
    return lines[index + 1 : index + 1 + count]


def _sample_pdf(dashboard=None, **overrides) -> bytes:
    arguments = {
        "dashboard": dashboard or sample(),
        "program_name": "Career Compass",
        "start": date(2025, 1, 6),
        "end": date(2025, 12, 19),
        "filters": [("Cohort", "2025-Q2"), ("Department", "Sales")],
        "generated": date(2025, 11, 3),
    }
    return program_report(**(arguments | overrides))


@pytest.fixture
def known(monkeypatch):
    monkeypatch.setattr(queries, "dashboard", lambda *, scope: replace(sample(), scope=scope))


# --- the document -------------------------------------------------------------------------------


def test_report_title_program_period_and_filters():
    lines = _lines(_sample_pdf())

    assert "Program report: Career Compass" in lines
    assert "Program: Career Compass" in lines
    assert "Period: 06 Jan 2025 to 19 Dec 2025" in lines
    assert "Filters: Cohort: 2025-Q2; Department: Sales" in lines
    assert "Generated on 03 Nov 2025" in lines


def test_report_kpi_table_values_targets_and_status():
    lines = _lines(_sample_pdf())

    assert _after(lines, "Key figures", 5) == ["Measure", "Value", "n", "Target", "Status"]
    assert _after(lines, "Mentors", 2) == ["23", "23"]
    assert _after(lines, "Mentees per mentor", 2) == ["1.8", "23"]
    assert _after(lines, "Pairs meeting within their rhythm", 4) == [
        "72.7%",
        "33",
        "at least 80.0%",
        "Off target",
    ]
    assert _after(lines, "Mentee 12-month retention", 4) == [
        "92.6%",
        "27",
        "at least 90.0%",
        "On target",
    ]
    assert _after(lines, "Skill growth", 2) == ["+0.8 levels", "3"]


def test_report_outcomes_with_intervals_group_sizes_and_reading():
    text = " ".join(_lines(_sample_pdf()))

    assert (
        "Retention after 6 months Group Rate (95% CI) People "
        "Participants 95.1% (95% CI 83.9% to 98.7%) 41 "
        "Comparison group 91.2% (95% CI 88.1% to 94.3%) 380 "
        "Difference +3.9 pts (95% CI -3.1 pts to +10.9 pts) 40 matched "
        "The difference is within the margin of error"
    ) in text
    assert "Participants' retention is higher than the comparison group's" in text


def test_report_breakdown_trend_and_skill_tables():
    lines = _lines(_sample_pdf())

    assert "Participation by department" in lines
    assert _after(lines, "Engineering", 3, last=True) == ["10", "18", "28"]
    assert _after(lines, "Legal", 3, last=True) == ["4", "4", "8"]
    assert "Pairs started" in lines
    assert "Average check-in rating (/5)" in lines
    assert _after(lines, "Negotiation", 4) == ["2.1", "3", "0.9", "12"]


def test_report_executive_copy_hides_small_groups():
    pdf = _sample_pdf(suppress_small_groups(sample()))
    text, lines = _pdf_text(pdf), _lines(pdf)

    assert "Executive copy: every figure standing on fewer than 5 people is shown as" in text
    assert _after(lines, "Skill growth", 1) == [HIDDEN]
    assert "+0.8 levels" not in text
    assert _after(lines, "Legal", 3, last=True) == [HIDDEN] * 3
    assert "50.0% (95% CI" not in text  # the promotion outcome on 4 participants
    assert _after(lines, "Public speaking", 3) == [HIDDEN] * 3


def test_report_empty_dashboard_still_prints():
    empty = replace(sample(), outcomes=(), trends=(), breakdowns=(), skills=(), notes=())

    text = _pdf_text(_sample_pdf(empty, filters=[]))

    assert "Filters: None" in text
    assert "No outcome can be measured yet." in text


def test_period_text_prefers_the_filter_dates():
    dashboard = sample(date_from=date(2025, 3, 1))

    assert period_text(dashboard, start=date(2025, 1, 6), end=None) == "From 01 Mar 2025"
    assert period_text(sample(), start=None, end=None) == "The whole life of the program"
    assert period_text(sample(), start=None, end=date(2025, 2, 1)) == "Up to 01 Feb 2025"


def test_report_filename():
    assert report_filename(slug="career-compass", day=date(2025, 11, 3)) == (
        "mentorpath-career-compass-report-2025-11-03.pdf"
    )


# --- the view -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_report_view_full_figures_for_the_program_team(
    request, client_for, program, known, persona
):
    viewer = request.getfixturevalue(persona)
    response = client_for(viewer).get(REPORT)

    today = viewer_today(viewer).isoformat()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="mentorpath-career-compass-report-{today}.pdf"'
    )
    lines = _lines(response.content)
    assert _after(lines, "Skill growth", 2) == ["+0.8 levels", "3"]
    assert HIDDEN not in "\n".join(lines)


def test_report_view_executive_reads_the_suppressed_copy(
    client_for, program, executive_user, known
):
    lines = _lines(client_for(executive_user).get(REPORT).content)

    assert _after(lines, "Skill growth", 1) == [HIDDEN]
    assert _after(lines, "Legal", 3, last=True) == [HIDDEN] * 3


def test_report_view_carries_the_filters(client_for, program, admin_user, known):
    response = client_for(admin_user).get(
        REPORT, {"date_from": "2025-02-01", "date_to": "2025-05-31"}
    )

    text = _pdf_text(response.content)
    assert "Period: 01 Feb 2025 to 31 May 2025" in text
    assert "Filters: From: 2025-02-01; To: 2025-05-31" in text


def test_report_view_on_real_data_names_every_kpi(client_for, pair, admin_user):
    response = client_for(admin_user).get(REPORT)

    lines = _lines(response.content)
    assert response.status_code == 200
    assert _after(lines, "Mentors", 2) == ["1", "1"]
    for label in (
        "Mentees",
        "Mentor hours",
        "Net promoter score",
        "Pairs meeting within their rhythm",
    ):
        assert label in lines
    assert re.search(r"at least 95\.0%", " ".join(lines))


def test_report_view_executive_on_real_small_groups(client_for, pair, executive_user):
    lines = _lines(client_for(executive_user).get(REPORT).content)

    assert _after(lines, "Mentors", 1) == [HIDDEN]
    assert _after(lines, "Mentees", 1) == [HIDDEN]


def test_sample_scope_default():
    assert sample().scope == Scope(programs=(1,))
