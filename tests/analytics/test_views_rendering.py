"""How the dashboard page reads a known `Dashboard`: cards, targets, outcome readings, charts,
the executive copy, and the scope each viewer's filters turn into.

`queries.dashboard` is replaced by one returning the hand-built sample (with the scope it was
asked for), so every figure on the page is known in advance.
"""

import html
import json
import re
from dataclasses import replace
from datetime import date

import pytest

from mentorpath.analytics import queries
from mentorpath.analytics.kpis import Scope
from tests.analytics.sample_dashboards import sample
from tests.factories import DepartmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db

ORG = "/analytics/"
PAGE = "/analytics/program/career-compass/"
HIDDEN = "Hidden (fewer than 5)"


@pytest.fixture
def scopes(monkeypatch) -> list[Scope]:
    """Every scope the views asked for; the dashboard answered is the sample."""
    asked: list[Scope] = []

    def dashboard(*, scope: Scope):
        asked.append(scope)
        return replace(sample(), scope=scope)

    monkeypatch.setattr(queries, "dashboard", dashboard)
    return asked


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _kpi(page: str, key: str) -> str:
    return _plain(re.search(rf'<div id="kpi-{key}">(.*?)</div>', page, re.S).group(1))


def _outcome(page: str, metric: str, months: int) -> str:
    """The outcome's heading, table and reading, as text."""
    start = page.index(f'id="outcome-{metric}-{months}"')
    end = page.index('class="outcome-reading"', start)
    end = page.index("</p>", end)
    return _plain(page[start - 4 : end])


def _chart(page: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def _table(page: str, key: str) -> list[list[str]]:
    table = re.search(rf'<table id="table-{key}">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [[_plain(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


# --- cards --------------------------------------------------------------------------------------


def test_kpi_cards_value_unit_n_and_target(client_for, program, admin_user, scopes):
    page = _text(client_for(admin_user).get(PAGE))

    assert _kpi(page, "mentors") == "Mentors 23 n = 23"
    assert _kpi(page, "mentee_ratio") == "Mentees per mentor 1.8 n = 23"
    assert _kpi(page, "time_to_match") == "Days to a match 12.5 days n = 35"
    assert _kpi(page, "checkins_per_pair_month") == "Check-ins 1.6 per pair per month n = 33"
    assert _kpi(page, "satisfaction") == "Satisfaction 4.3 / 5 n = 29"
    assert _kpi(page, "nps") == "Net promoter score +42 n = 29"
    assert _kpi(page, "skill_growth") == "Skill growth +0.8 levels n = 3"
    assert _kpi(page, "engagement") == (
        "Pairs meeting within their rhythm 72.7% n = 33 Target: at least 80.0% Off target"
    )
    assert _kpi(page, "retention_12m") == (
        "Mentee 12-month retention 92.6% n = 27 Target: at least 90.0% On target"
    )
    assert page.count('id="kpi-') == 21


def test_kpi_cards_on_and_off_target_badges(client_for, program, admin_user, scopes):
    page = _text(client_for(admin_user).get(PAGE))

    assert '<span class="badge badge-declined">Off target</span>' in page
    assert '<span class="badge badge-approved">On target</span>' in page


# --- outcomes -----------------------------------------------------------------------------------


def test_outcomes_show_rates_intervals_group_sizes_and_a_reading(
    client_for, program, admin_user, scopes
):
    page = _text(client_for(admin_user).get(PAGE))

    assert _outcome(page, "retention", 6) == (
        "Retention after 6 months Group Rate (95% CI) People "
        "Participants 95.1% (95% CI 83.9% to 98.7%) 41 "
        "Comparison group 91.2% (95% CI 88.1% to 94.3%) 380 "
        "Difference +3.9 pts (95% CI -3.1 pts to +10.9 pts) 40 matched participants "
        "The difference is within the margin of error: these numbers do not show that "
        "participants' retention differs from the comparison group's."
    )
    assert _outcome(page, "retention", 12).endswith(
        "Difference +14.5 pts (95% CI +3.8 pts to +25.2 pts) 27 matched participants "
        "Participants' retention is higher than the comparison group's, beyond the margin of "
        "error. This is an association, not proof that mentoring caused it."
    )


def test_outcomes_executive_small_group_hidden(client_for, program, executive_user, scopes):
    page = _text(client_for(executive_user).get(PAGE))

    assert _outcome(page, "promotion", 12) == (
        "Promotion after 12 months Group Rate (95% CI) People "
        f"Participants {HIDDEN} Comparison group {HIDDEN} Difference {HIDDEN} "
        f"{HIDDEN}: one of the groups is too small to show."
    )
    # the larger comparisons stay readable
    assert "Participants 95.1% (95% CI 83.9% to 98.7%) 41" in _outcome(page, "retention", 6)


# --- the executive copy -------------------------------------------------------------------------


def test_executive_page_hides_every_small_figure(client_for, program, executive_user, scopes):
    page = _text(client_for(executive_user).get(PAGE))

    assert _kpi(page, "skill_growth") == f"Skill growth {HIDDEN}"
    assert "+0.8 levels" not in page
    assert ["Legal", HIDDEN] in _table(page, "department")  # one cell across the figures
    assert ["Not recorded", HIDDEN] in _table(page, "gender")
    assert _table(page, "pairs_started")[3] == ["2025-07", HIDDEN, "—"]
    assert _table(page, "skills")[2] == ["Public speaking", HIDDEN]
    assert _chart(page, "chart-pairs_started")["datasets"][0]["data"] == [7, 12, None, 0]
    assert _chart(page, "chart-department")["datasets"] == [
        {"label": "Mentors", "data": [10, 9, None]},
        {"label": "Mentees", "data": [18, 19, None]},
    ]
    assert _chart(page, "chart-skills")["datasets"][0]["data"] == [0.9, None]


def test_admin_and_manager_pages_show_small_figures(
    client_for, program, admin_user, manager_user, scopes
):
    for user in (admin_user, manager_user):
        page = _text(client_for(user).get(PAGE))

        assert HIDDEN not in page
        assert ["Legal", "4", "4", "8"] in _table(page, "department")
        assert _table(page, "pairs_started")[3] == ["2025-07", "3", "3"]
        assert _chart(page, "chart-department")["datasets"][0]["data"] == [10, 9, 4]


# --- charts -------------------------------------------------------------------------------------


def test_trend_charts_follow_the_charts_js_contract(client_for, program, admin_user, scopes):
    page = _text(client_for(admin_user).get(PAGE))

    assert _chart(page, "chart-pulse_average") == {
        "labels": ["2025-05", "2025-06", "2025-07", "2025-08"],
        "datasets": [{"label": "Average check-in rating", "data": [4.4, 4.1, 3.5, None]}],
        "unit": "/5",
        "min": 1,
        "max": 5,
    }
    for key in ("pairs_started", "checkins_held", "pulse_average"):
        assert f'<canvas data-chart="chart-{key}" data-kind="line"' in page
    for key in ("department", "level", "location", "gender"):
        assert f'<canvas data-chart="chart-{key}" data-kind="hbar"' in page
    assert '<script src="/static/js/charts.js" defer></script>' in page
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>' in page


def test_page_has_no_inline_script_or_style(client_for, program, admin_user, scopes):
    page = _text(client_for(admin_user).get(PAGE))

    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert " style=" not in page
    assert "<style" not in page


# --- scope: what each viewer's filters ask for ---------------------------------------------------


def test_scope_manager_organization_page_is_their_programs_only(
    client_for, program, manager_user, scopes
):
    ProgramFactory(slug="aurora")

    client_for(manager_user).get(ORG)

    assert scopes == [Scope(programs=(program.pk,))]


def test_scope_admin_organization_page_is_every_program(client_for, program, admin_user, scopes):
    aurora = ProgramFactory(name="Aurora", slug="aurora")

    client_for(admin_user).get(ORG)
    client_for(admin_user).get(ORG, {"program": aurora.pk})

    assert scopes == [Scope(programs=(aurora.pk, program.pk)), Scope(programs=(aurora.pk,))]


def test_scope_program_page_carries_every_filter(client_for, program, executive_user, scopes):
    ProgramFactory(slug="aurora")
    department = DepartmentFactory(name="Sales")

    _text(
        client_for(executive_user).get(
            PAGE,
            {"department": department.pk, "date_from": "2025-01-01", "date_to": "2025-06-30"},
        )
    )

    assert scopes == [
        Scope(
            programs=(program.pk,),
            department_id=department.pk,
            date_from=date(2025, 1, 1),
            date_to=date(2025, 6, 30),
        )
    ]


def test_scope_not_read_when_filters_are_invalid(client_for, program, admin_user, scopes):
    response = client_for(admin_user).get(PAGE, {"date_from": "2025-02-30"})

    assert response.status_code == 400
    assert scopes == []


def test_notes_and_skills_shown(client_for, program, admin_user, scopes):
    page = _text(client_for(admin_user).get(PAGE))

    assert "<li>Survey figures count answers from the last 12 months.</li>" in page
    assert _table(page, "skills") == [
        ["Skill", "Start level", "End level", "Growth (levels)", "N"],
        ["Negotiation", "2.1", "3", "0.9", "12"],
        ["Public speaking", "1.5", "3.5", "2", "2"],
    ]


def test_executive_page_draws_no_chart_when_every_group_is_hidden(
    client_for, program, executive_user, monkeypatch
):
    small = sample()
    small = replace(
        small,
        breakdowns=tuple(
            replace(b, rows=tuple(replace(r, mentors=2, mentees=3) for r in b.rows))
            for b in small.breakdowns
        ),
    )
    monkeypatch.setattr(queries, "dashboard", lambda *, scope: replace(small, scope=scope))

    page = _text(client_for(executive_user).get(PAGE))

    assert 'data-chart="chart-department"' not in page
    assert "Every group here is under 5 people, so none is drawn." in page
    assert _table(page, "department")[1:] == [
        ["Engineering", HIDDEN],
        ["Sales", HIDDEN],
        ["Legal", HIDDEN],
    ]
