"""The home page for each persona, the health check, and the strict CSP every page keeps."""

import re

import pytest
from django.test import Client

from tests.factories import (
    EnrollmentFactory,
    PersonFactory,
    ProgramFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ORG_PANEL = "Organization at a glance"
MANAGED_PANEL = "Programs you manage"
ENROLLMENTS_PANEL = "Your enrollments"
CATALOG_PANEL = "Programs open to you"
NO_PROFILE = "Your login is not linked to an employee profile yet."


def _text(response) -> str:
    return response.content.decode()


def _home(client_for, user) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return _text(response)


# --- access -------------------------------------------------------------------------------


def test_home_anonymous_redirects_to_login():
    response = Client().get("/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_healthz_anonymous_ok_plain_text():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"ok"


# --- panels by persona --------------------------------------------------------------------


def test_home_admin_sees_summary_managed_programs_and_own_panels(
    client_for, admin_user, program, outsider_user
):
    ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")

    text = _home(client_for, admin_user)

    assert ORG_PANEL in text
    # admin, manager, mentor, mentee and outsider are active employees
    assert "<dt>Active employees</dt><dd>5</dd>" in text
    assert "<dt>Programs enrolling</dt><dd>1</dd>" in text
    assert "<dt>Approved participants</dt><dd>2</dd>" in text
    assert "<dt>Awaiting approval</dt><dd>0</dd>" in text
    assert MANAGED_PANEL in text
    # an org admin manages every program, including drafts nobody else sees
    assert '<a href="/programs/career-compass/">Career Compass</a>' in text
    assert '<a href="/programs/draft-pilot/">Draft Pilot</a>' in text
    assert ENROLLMENTS_PANEL in text
    assert "You have not joined a program yet." in text


def test_home_executive_sees_summary_but_no_managed_programs(client_for, executive_user, program):
    text = _home(client_for, executive_user)

    assert ORG_PANEL in text
    assert MANAGED_PANEL not in text
    assert ENROLLMENTS_PANEL in text
    # aggregates only: the participants' names are not on the page
    assert "Zanzibarova" not in text


def test_home_manager_sees_managed_programs_without_summary(client_for, manager_user, program):
    EnrollmentFactory(program=program, role="mentee", status="pending")

    text = _home(client_for, manager_user)

    assert ORG_PANEL not in text
    assert MANAGED_PANEL in text
    assert '<a href="/programs/career-compass/">Career Compass</a>' in text
    # mentors, mentees, pending
    assert "<td>1</td><td>1</td><td>1</td>" in text
    assert ENROLLMENTS_PANEL in text


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_home_participant_sees_own_enrollment_only(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    role = "Mentor" if persona == "mentor_user" else "Mentee"

    text = _home(client_for, user)

    assert ORG_PANEL not in text
    assert MANAGED_PANEL not in text
    assert ENROLLMENTS_PANEL in text
    assert '<a href="/programs/career-compass/">Career Compass</a>' in text
    assert f'{role} · <span class="badge badge-approved">Approved</span>' in text


def test_home_outsider_sees_catalog_and_no_enrollments(client_for, outsider_user, program):
    text = _home(client_for, outsider_user)

    assert ORG_PANEL not in text
    assert MANAGED_PANEL not in text
    assert "You have not joined a program yet." in text
    assert CATALOG_PANEL in text
    assert '<a href="/programs/career-compass/">Career Compass</a>' in text


def test_home_outsider_without_open_programs_says_so(client_for, outsider_user):
    text = _home(client_for, outsider_user)

    assert "No program is open to you right now." in text


def test_home_login_without_person_explains_missing_profile(client_for):
    user = UserFactory(email="loginonly@example.com", full_name="Lonely Login")

    text = _home(client_for, user)

    assert NO_PROFILE in text
    assert ENROLLMENTS_PANEL not in text
    assert ORG_PANEL not in text
    assert "Welcome, Lonely" in text


# --- navigation ---------------------------------------------------------------------------


def test_navigation_participant_has_no_people_or_manage_links(client_for, mentee_user, program):
    text = _home(client_for, mentee_user)

    assert '<a href="/people/me/">My profile</a>' in text
    assert '<a href="/people/">People</a>' not in text
    assert '<a href="/programs/manage/">Manage programs</a>' not in text
    assert '<a href="/admin/">Admin</a>' not in text


def test_navigation_manager_has_people_and_manage_links(client_for, manager_user, program):
    text = _home(client_for, manager_user)

    assert '<a href="/people/">People</a>' in text
    assert '<a href="/programs/manage/">Manage programs</a>' in text
    assert '<a href="/admin/">Admin</a>' not in text


def test_navigation_admin_has_admin_link(client_for, admin_user):
    text = _home(client_for, admin_user)

    assert '<a href="/people/">People</a>' in text
    assert '<a href="/programs/manage/">Manage programs</a>' in text
    assert '<a href="/admin/">Admin</a>' in text


# --- Content-Security-Policy --------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def _assert_strict_csp(response) -> None:
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    text = _text(response)
    assert INLINE_SCRIPT.findall(text) == []
    assert STYLE_ATTRIBUTE.findall(text) == []
    assert EVENT_HANDLER.findall(text) == []
    assert STYLE_ELEMENT.findall(text) == []


@pytest.fixture
def rich_program(program, mentee_user):
    """The career-compass program with one question of each kind and a pending enrollment."""
    QuestionFactory(program=program, text="Why?", kind="text")
    QuestionFactory(program=program, text="Track", kind="single", choices=["A", "B"])
    QuestionFactory(program=program, text="Topics", kind="multiple", choices=["x", "y"])
    QuestionFactory(program=program, text="Confidence", kind="scale")
    EnrollmentFactory(program=program, person=PersonFactory(), status="pending")
    return program


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("admin_user", "/", 200),
        ("admin_user", "/people/", 200),
        ("admin_user", "/people/me/", 200),
        ("admin_user", "/programs/new/", 200),
        ("admin_user", "/accounts/settings/", 200),
        ("manager_user", "/programs/", 200),
        ("manager_user", "/programs/manage/", 200),
        ("manager_user", "/programs/career-compass/", 200),
        ("manager_user", "/programs/career-compass/setup/", 200),
        ("manager_user", "/programs/career-compass/enrollments/", 200),
        ("outsider_user", "/programs/career-compass/join/mentee/", 200),
        ("outsider_user", "/programs/career-compass/join/mentor/", 200),
        ("mentee_user", "/people/", 403),
        ("mentee_user", "/programs/no-such-program/", 404),
    ],
)
def test_pages_strict_csp_and_no_inline_script_or_style(
    client_for, request, rich_program, persona, url, status
):
    request.getfixturevalue("outsider_user")
    user = request.getfixturevalue(persona)

    response = client_for(user).get(url)

    assert response.status_code == status
    _assert_strict_csp(response)


def test_login_page_strict_csp_and_no_inline_script_or_style():
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    _assert_strict_csp(response)


def test_htmx_partial_has_csp_and_no_inline_script(client_for, manager_user, rich_program):
    response = client_for(manager_user).get(
        "/programs/career-compass/enrollments/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    _assert_strict_csp(response)


def test_pages_load_htmx_from_own_static_files(client_for, mentee_user):
    text = _home(client_for, mentee_user)

    scripts = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", text)
    assert scripts
    assert all(src.startswith("/static/") for src in scripts)


def test_home_executive_sees_program_overview_with_counts(client_for, executive_user, program):
    response = client_for(executive_user).get("/")

    overview = response.context["program_overview"]
    row = overview.get(pk=program.pk)
    assert (row.mentor_count, row.mentee_count, row.pending_count) == (1, 1, 0)
    assert 'id="overview-heading"' in response.content.decode()


def test_home_participant_sees_no_program_overview(client_for, mentee_user, program):
    response = client_for(mentee_user).get("/")

    assert "program_overview" not in response.context
    assert 'id="overview-heading"' not in response.content.decode()
