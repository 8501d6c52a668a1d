"""Analytics pages per persona on real data: who gets in, which programs they read, the row
links, the executive copy, the filters and a fixed number of queries."""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mentorpath.analytics import queries
from tests.factories import DepartmentFactory, ObjectiveFactory, ProgramFactory
from tests.factories.mentoring import active_pair

pytestmark = pytest.mark.django_db

ORG = "/analytics/"
PAGE = "/analytics/program/career-compass/"
PAIRS = "/mentorships/program/career-compass/pairs/"
ENROLLMENTS = "/programs/career-compass/enrollments/"
HIDDEN = "Hidden (fewer than 5)"
READERS = ["admin_user", "executive_user", "manager_user"]
REFUSED = ["mentor_user", "mentee_user", "outsider_user"]
ENDPOINTS = [
    ORG,
    "/analytics/csv/kpis/",
    PAGE,
    PAGE + "csv/kpis/",
    PAGE + "csv/department/",
    PAGE + "report.pdf",
]


def _text(response) -> str:
    return response.content.decode()


def _kpi(page: str, key: str) -> str:
    """The text of one KPI card, tags stripped."""
    found = re.search(rf'<div id="kpi-{key}">(.*?)</div>', page, re.S)
    assert found, key
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def _kpi_link(page: str, key: str) -> str | None:
    found = re.search(rf'<div id="kpi-{key}">\s*<dt>[^<]*</dt>\s*<dd><a href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return [html.unescape(t) for t in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def _errors(page: str) -> list[str]:
    return [html.unescape(e) for e in re.findall(r'<p class="error" id="[^"]+">([^<]*)</p>', page)]


# --- who gets in ---------------------------------------------------------------------------------


def test_analytics_anonymous_redirect_to_login(program):
    for path in ENDPOINTS:
        response = Client().get(path)

        assert response.status_code == 302
        assert response.url == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("persona", READERS)
def test_analytics_readers_get_every_page(request, client_for, pair, persona):
    client = client_for(request.getfixturevalue(persona))

    statuses = {path: client.get(path).status_code for path in ENDPOINTS}

    assert statuses == dict.fromkeys(ENDPOINTS, 200)


@pytest.mark.parametrize("persona", REFUSED)
def test_analytics_participants_and_outsiders_refused(request, client_for, pair, persona):
    client = client_for(request.getfixturevalue(persona))

    statuses = {path: client.get(path).status_code for path in ENDPOINTS}

    assert statuses == dict.fromkeys(ENDPOINTS, 403)


def test_analytics_of_a_draft_program_unknown_to_outsider_is_404(client_for, outsider_user):
    ProgramFactory(slug="secret", status="draft")
    client = client_for(outsider_user)

    assert client.get("/analytics/program/secret/").status_code == 404
    assert client.get("/analytics/program/secret/csv/kpis/").status_code == 404
    assert client.get("/analytics/program/secret/report.pdf").status_code == 404
    assert client.get("/analytics/program/no-such/").status_code == 404


def test_analytics_of_another_managers_program_is_403(client_for, program, manager_user):
    ProgramFactory(slug="aurora")
    client = client_for(manager_user)

    assert client.get("/analytics/program/aurora/").status_code == 403
    assert client.get("/analytics/program/aurora/csv/kpis/").status_code == 403
    assert client.get("/analytics/program/aurora/report.pdf").status_code == 403


def test_nav_links_analytics_for_readers_only(client_for, program, admin_user, mentor_user):
    link = '<a href="/analytics/">Analytics</a>'

    assert link in _text(client_for(admin_user).get("/"))
    assert link not in _text(client_for(mentor_user).get("/"))


@pytest.mark.parametrize("persona", ["executive_user", "manager_user"])
def test_nav_links_analytics_for_executives_and_managers(request, client_for, program, persona):
    page = _text(client_for(request.getfixturevalue(persona)).get("/"))

    assert '<a href="/analytics/">Analytics</a>' in page


# --- which programs ------------------------------------------------------------------------------


def test_organization_page_offers_a_manager_only_their_programs(client_for, program, manager_user):
    ProgramFactory(name="Aurora", slug="aurora")

    page = _text(client_for(manager_user).get(ORG))

    assert _options(page, "program") == ["All programs", "Career Compass"]


def test_organization_page_offers_admins_and_executives_every_program(
    client_for, program, admin_user, executive_user
):
    ProgramFactory(name="Aurora", slug="aurora")

    for user in (admin_user, executive_user):
        page = _text(client_for(user).get(ORG))

        assert _options(page, "program") == ["All programs", "Aurora", "Career Compass"]


def test_organization_page_manager_cannot_choose_another_program(client_for, program, manager_user):
    aurora = ProgramFactory(name="Aurora", slug="aurora")

    response = client_for(manager_user).get(ORG, {"program": aurora.pk})

    assert response.status_code == 400
    assert _errors(_text(response)) == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_organization_page_counts_only_the_managers_programs(client_for, pair, manager_user):
    aurora = ProgramFactory(name="Aurora", slug="aurora")
    active_pair(aurora, "m1@example.com", "e1@example.com")
    active_pair(aurora, "m2@example.com", "e2@example.com")

    page = _text(client_for(manager_user).get(ORG))

    assert _kpi(page, "mentors") == "Mentors 1 n = 1"
    assert _kpi(page, "mentees") == "Mentees 1 n = 1"


def test_organization_page_admin_counts_every_program(client_for, pair, admin_user):
    aurora = ProgramFactory(name="Aurora", slug="aurora")
    active_pair(aurora, "m1@example.com", "e1@example.com")
    active_pair(aurora, "m2@example.com", "e2@example.com")

    everything = _text(client_for(admin_user).get(ORG))
    only_aurora = _text(client_for(admin_user).get(ORG, {"program": aurora.pk}))

    assert _kpi(everything, "mentors") == "Mentors 3 n = 3"
    assert _kpi(only_aurora, "mentors") == "Mentors 2 n = 2"


# --- links to rows -------------------------------------------------------------------------------


def test_program_page_admin_and_manager_link_figures_to_their_rows(
    client_for, pair, admin_user, manager_user
):
    for user in (admin_user, manager_user):
        page = _text(client_for(user).get(PAGE))

        assert _kpi_link(page, "engagement") == PAIRS
        assert _kpi_link(page, "mentor_hours") == PAIRS
        assert _kpi_link(page, "mentors") == ENROLLMENTS + "?role=mentor&status=approved"
        assert _kpi_link(page, "waiting") == ENROLLMENTS + "?role=mentee&status=approved"
        assert _kpi_link(page, "nps") is None
        assert _kpi_link(page, "retention_12m") is None


def test_program_page_executive_gets_no_row_links(client_for, pair, executive_user):
    page = _text(client_for(executive_user).get(PAGE))

    assert PAIRS not in page
    assert ENROLLMENTS not in page
    assert _kpi_link(page, "mentors") is None


def test_organization_page_links_rows_only_for_one_program(client_for, pair, admin_user):
    ProgramFactory(name="Aurora", slug="aurora")
    client = client_for(admin_user)

    everything = _text(client.get(ORG))
    one = _text(client.get(ORG, {"program": pair.program.pk}))

    assert _kpi_link(everything, "engagement") is None
    assert "Choose one program to link figures" in everything
    assert _kpi_link(one, "engagement") == PAIRS
    assert f'href="{PAGE}report.pdf"' in one


def test_organization_page_of_a_manager_with_one_program_links_rows(client_for, pair, manager_user):
    page = _text(client_for(manager_user).get(ORG))

    assert _kpi_link(page, "engagement") == PAIRS


# --- the executive copy --------------------------------------------------------------------------


def test_program_page_executive_reads_hidden_small_groups(client_for, pair, executive_user):
    page = _text(client_for(executive_user).get(PAGE))

    assert _kpi(page, "mentors") == f"Mentors {HIDDEN}"
    assert _kpi(page, "acceptance_rate") == f"Proposals accepted by both {HIDDEN}"
    assert "n = 1" not in page
    assert 'id="suppression-notice"' in page


def test_program_page_admin_reads_the_small_groups(client_for, pair, admin_user):
    page = _text(client_for(admin_user).get(PAGE))

    assert _kpi(page, "mentors").startswith("Mentors 1 n = 1")
    assert HIDDEN not in page
    assert 'id="suppression-notice"' not in page


def test_program_page_shows_the_objective_target(client_for, pair, admin_user):
    page = _text(client_for(admin_user).get(PAGE))

    assert "Target: at least 95.0%" in _kpi(page, "retention_12m")


def test_program_page_target_badge_on_and_off_target(client_for, pair, admin_user):
    ObjectiveFactory(program=pair.program, kpi="completion", comparator="lte", target=50)
    ObjectiveFactory(program=pair.program, kpi="engagement", comparator="gte", target=0)

    page = _text(client_for(admin_user).get(PAGE))

    engagement = _kpi(page, "engagement")
    assert engagement.endswith("Target: at least 0.0% On target")
    assert '<span class="badge badge-approved">On target</span>' in page


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"date_from": "yesterday"}, ["Enter a valid date."]),
        (
            {"date_from": "2025-06-01", "date_to": "2025-05-01"},
            ["The end date is before the start date."],
        ),
        ({"date_to": "0001-01-01"}, ["Choose a date between 1990 and 2100."]),
        (
            {"cohort": "2025-Q9"},
            ["Select a valid choice. 2025-Q9 is not one of the available choices."],
        ),
        (
            {"department": "abc"},
            ["Select a valid choice. That choice is not one of the available choices."],
        ),
        (
            {"department": "999999"},
            ["Select a valid choice. That choice is not one of the available choices."],
        ),
    ],
)
def test_program_page_bad_filters_show_field_errors(client_for, pair, admin_user, params, errors):
    response = client_for(admin_user).get(PAGE, params)

    assert response.status_code == 400
    assert _errors(_text(response)) == errors
    assert 'id="dashboard-body"' not in _text(response)


@pytest.mark.parametrize("path", ["csv/kpis/", "report.pdf"])
def test_exports_with_bad_filters_are_400(client_for, pair, admin_user, path):
    response = client_for(admin_user).get(PAGE + path, {"date_from": "not a date"})

    assert response.status_code == 400
    assert "Enter a valid date." in _text(response)


def test_organization_page_bad_program_is_a_field_error(client_for, program, admin_user):
    response = client_for(admin_user).get(ORG, {"program": "x"})

    assert response.status_code == 400
    assert _errors(_text(response)) == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_program_page_cohorts_are_the_quarters_with_pairs(client_for, pair, admin_user):
    [quarter] = queries.cohorts(programs=[pair.program.pk])

    page = _text(client_for(admin_user).get(PAGE))
    filtered = client_for(admin_user).get(PAGE, {"cohort": quarter})

    assert _options(page, "cohort") == ["All cohorts", quarter]
    assert filtered.status_code == 200
    assert _kpi(_text(filtered), "acceptance_rate").startswith("Proposals accepted by both")


def test_program_page_department_filter_narrows_the_figures(client_for, pair, admin_user):
    elsewhere = DepartmentFactory(name="Elsewhere")

    page = _text(client_for(admin_user).get(PAGE, {"department": elsewhere.pk}))

    assert _options(page, "department")[0] == "All departments"
    assert _kpi(page, "mentees") == "Mentees 0"


def test_filters_carry_into_downloads_and_report(client_for, pair, admin_user):
    page = _text(client_for(admin_user).get(PAGE, {"date_from": "2024-01-01"}))

    assert f'href="{PAGE}csv/kpis/?date_from=2024-01-01"' in page
    assert f'href="{PAGE}report.pdf?date_from=2024-01-01"' in page
    assert f'href="{PAGE}csv/pairs_started/?date_from=2024-01-01"' in page


def test_program_page_htmx_returns_the_dashboard_partial(client_for, pair, admin_user):
    response = client_for(admin_user).get(PAGE, {"date_from": "2024-01-01"}, HTTP_HX_REQUEST="true")

    page = _text(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="analytics">')
    assert "<html" not in page
    assert 'id="dashboard-body"' in page


def test_program_page_htmx_bad_filter_swaps_errors_in(client_for, pair, admin_user):
    response = client_for(admin_user).get(PAGE, {"date_to": "13/13/13"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert _text(response).lstrip().startswith('<div id="analytics">')
    assert _errors(_text(response)) == ["Enter a valid date."]


# --- page weight ---------------------------------------------------------------------------------


def _query_count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_organization_page_queries_do_not_grow_with_programs(client_for, pair, admin_user):
    ProgramFactory(name="Aurora", slug="aurora")  # two programs: no single program's targets
    client = client_for(admin_user)
    client.get(ORG)  # warm the session and content types
    two = _query_count(client, ORG)
    for n in range(3):
        other = ProgramFactory(name=f"Other {n}", slug=f"other-{n}")
        active_pair(other, f"m{n}@example.com", f"e{n}@example.com")

    assert _query_count(client, ORG) == two
    assert _query_count(client, "/analytics/csv/kpis/") <= two


def test_program_page_queries_do_not_grow_with_pairs(client_for, pair, manager_user):
    client = client_for(manager_user)
    client.get(PAGE)
    one = _query_count(client, PAGE)
    for n in range(3):
        active_pair(pair.program, f"m{n}@example.com", f"e{n}@example.com")

    assert _query_count(client, PAGE) == one


def test_organization_page_without_any_program(client_for, admin_user, executive_user):
    for user in (admin_user, executive_user):
        response = client_for(user).get(ORG)

        assert response.status_code == 200
        assert _options(_text(response), "program") == ["All programs"]
        assert _kpi(_text(response), "mentors") == "Mentors 0"
