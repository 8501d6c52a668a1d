"""CSV downloads: every chart's and the KPI table's numbers, the same as the page shows, with
the same filters, suppressed for executives exactly as on the page."""

import csv
import io
import json
import re
from dataclasses import replace

import pytest

from mentorpath.analytics import queries
from mentorpath.analytics.exports import csv_filename, csv_response, safe_cell
from mentorpath.analytics.kpis import Scope, suppress_small_groups
from mentorpath.analytics.present import Table, tables
from tests.analytics.sample_dashboards import sample
from tests.clock import viewer_today
from tests.factories.mentoring import active_pair

pytestmark = pytest.mark.django_db

PAGE = "/analytics/program/career-compass/"
HIDDEN = "Hidden (fewer than 5)"
CHARTS = ["pairs_started", "checkins_held", "pulse_average", "department", "level", "location"]
CHARTS += ["gender", "skills"]


@pytest.fixture
def known(monkeypatch):
    monkeypatch.setattr(queries, "dashboard", lambda *, scope: replace(sample(), scope=scope))


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _chart(page: str, key: str) -> dict:
    found = re.search(rf'<script id="chart-{key}" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def _cell(value) -> str:
    return "" if value is None else str(value)


# --- the numbers --------------------------------------------------------------------------------


def test_kpi_csv_every_figure_with_unit_n_and_target(client_for, program, admin_user, known):
    rows = _rows(client_for(admin_user).get(PAGE + "csv/kpis/"))

    assert rows[0] == [
        "key",
        "measure",
        "value",
        "unit",
        "n",
        "target comparator",
        "target",
        "status",
    ]
    assert [r[0] for r in rows[1:]] == [k.key for k in sample().kpis]
    assert rows[1] == ["mentors", "Mentors", "23", "", "23", "", "", ""]
    assert rows[3] == ["mentee_ratio", "Mentees per mentor", "1.78", "", "23", "", "", ""]
    assert rows[9] == [
        "engagement",
        "Pairs meeting within their rhythm",
        "72.7",
        "%",
        "33",
        "gte",
        "80",
        "Off target",
    ]
    assert rows[17][-1] == "On target"


@pytest.mark.parametrize("persona", ["admin_user", "executive_user", "manager_user"])
def test_csv_equals_the_chart_on_the_page(request, client_for, program, known, persona):
    client = client_for(request.getfixturevalue(persona))
    page = client.get(PAGE).content.decode()

    for key in CHARTS:
        chart = _chart(page, key)
        header, *rows = _rows(client.get(f"{PAGE}csv/{key}/"))

        assert [r[0] for r in rows] == chart["labels"], key
        for dataset in chart["datasets"]:
            # the column of this dataset: "Mentors" → "mentors", "Growth" → "growth (levels)"
            [column] = [
                i for i, h in enumerate(header) if h.lower().startswith(dataset["label"].lower())
            ]
            shown = [HIDDEN if v is None and r[column] == HIDDEN else _cell(v) for v, r in
                     zip(dataset["data"], rows, strict=True)]  # fmt: skip
            assert [r[column] for r in rows] == shown, key


def test_csv_equals_the_chart_on_real_data(client_for, program, admin_user):
    for n in range(3):
        active_pair(program, f"m{n}@example.com", f"e{n}@example.com")
    client = client_for(admin_user)
    page = client.get(PAGE).content.decode()

    chart = _chart(page, "department")
    rows = _rows(client.get(PAGE + "csv/department/"))[1:]
    started = _chart(page, "pairs_started")
    started_rows = _rows(client.get(PAGE + "csv/pairs_started/"))[1:]

    assert [[r[0], int(r[1]), int(r[2])] for r in rows] == [
        [label, mentors, mentees]
        for label, mentors, mentees in zip(
            chart["labels"], chart["datasets"][0]["data"], chart["datasets"][1]["data"], strict=True
        )
    ]
    assert [r[1] for r in started_rows] == [_cell(v) for v in started["datasets"][0]["data"]]
    assert sum(int(r[1]) for r in started_rows) == 3


def test_outcomes_csv_rates_intervals_and_sizes(client_for, program, admin_user, known):
    rows = _rows(client_for(admin_user).get(PAGE + "csv/outcomes/"))

    assert rows[0][:4] == ["metric", "months", "participants rate", "participants ci low"]
    assert rows[1] == [
        "retention",
        "6",
        "0.951",
        "0.839",
        "0.987",
        "41",
        "0.912",
        "0.881",
        "0.943",
        "380",
        "40",
        "0.039",
        "-0.031",
        "0.109",
        "The difference is within the margin of error: these numbers do not show that "
        "participants' retention differs from the comparison group's.",
    ]


# --- the executive copy -------------------------------------------------------------------------


def test_executive_csv_suppressed_like_the_page(client_for, program, executive_user, known):
    client = client_for(executive_user)

    kpis = _rows(client.get(PAGE + "csv/kpis/"))
    department = _rows(client.get(PAGE + "csv/department/"))
    started = _rows(client.get(PAGE + "csv/pairs_started/"))
    outcomes = _rows(client.get(PAGE + "csv/outcomes/"))

    skill = next(r for r in kpis if r[0] == "skill_growth")
    assert skill == ["skill_growth", "Skill growth", HIDDEN, "levels", "", "", "", ""]
    assert department[3] == ["Legal", HIDDEN, HIDDEN, HIDDEN]
    assert started[3] == ["2025-07", HIDDEN, ""]
    assert outcomes[3][2:14] == [HIDDEN] * 12
    assert "0.5" not in outcomes[3]


def test_executive_csv_on_real_small_groups_hides_the_numbers(client_for, pair, executive_user):
    rows = _rows(client_for(executive_user).get(PAGE + "csv/kpis/"))

    mentors = next(r for r in rows if r[0] == "mentors")
    assert mentors == ["mentors", "Mentors", HIDDEN, "", "", "", "", ""]


# --- the request --------------------------------------------------------------------------------


def test_csv_filename_names_the_program_table_and_day(client_for, program, admin_user, known):
    response = client_for(admin_user).get(PAGE + "csv/pairs_started/")

    today = viewer_today(admin_user).isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="mentorpath-career-compass-pairs-started-{today}.csv"'
    )


def test_organization_csv_filename(client_for, program, admin_user, known):
    response = client_for(admin_user).get("/analytics/csv/kpis/")

    today = viewer_today(admin_user).isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="mentorpath-organization-kpis-{today}.csv"'
    )


def test_csv_unknown_table_is_404(client_for, program, admin_user, known):
    assert client_for(admin_user).get(PAGE + "csv/salaries/").status_code == 404
    assert client_for(admin_user).get("/analytics/csv/salaries/").status_code == 404


def test_csv_uses_the_filters(client_for, program, admin_user, monkeypatch):
    asked = []

    def dashboard(*, scope):
        asked.append(scope)
        return replace(sample(), scope=scope)

    monkeypatch.setattr(queries, "dashboard", dashboard)

    client_for(admin_user).get(PAGE + "csv/kpis/", {"date_from": "2025-03-01"})

    assert [s.date_from.isoformat() for s in asked] == ["2025-03-01"]


# --- pure pieces --------------------------------------------------------------------------------


def test_tables_one_per_chart_and_the_kpis():
    assert list(tables(sample())) == ["kpis", "outcomes", *CHARTS]


def test_suppressed_tables_never_carry_a_small_number():
    hidden = tables(suppress_small_groups(sample()))

    assert hidden["level"].rows == (("2", "0", "25", "25"), ("6", "23", "16", "39"))
    assert hidden["gender"].rows[2] == ("Not recorded", HIDDEN, HIDDEN, HIDDEN)
    assert hidden["pulse_average"].rows == (
        ("2025-05", "4.4", "6"),
        ("2025-06", "4.1", "14"),
        ("2025-07", HIDDEN, ""),
        ("2025-08", "", "0"),
    )


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1 555", "'+1 555"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-0.031", "-0.031"),
        ("-12", "-12"),
        ("Engineering", "Engineering"),
        ("", ""),
    ],
)
def test_safe_cell_defuses_formulas_only(cell, written):
    assert safe_cell(cell) == written


def test_csv_response_writes_header_rows_and_escapes():
    table = Table("department", "Participation", ("Department", "mentors"), (("=cmd", "3"),))

    response = csv_response(table, filename="x.csv")

    assert response.content.decode("utf-8") == "\ufeffDepartment,mentors\r\n'=cmd,3\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_csv_filename_format():
    from datetime import date

    assert (
        csv_filename(subject="organization", key="checkins_held", day=date(2025, 11, 3))
        == "mentorpath-organization-checkins-held-2025-11-03.csv"
    )


def test_sample_scope_is_what_was_asked():
    assert sample(programs=(4, 5)).scope == Scope(programs=(4, 5))
