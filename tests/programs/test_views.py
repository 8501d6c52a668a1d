"""Program catalog, detail, creation and setup, lifecycle, enrollment and the managers' review."""

import html
import re

import pytest
from django.test import Client

from mentorpath.programs.models import ApplicationQuestion, Enrollment, Program, ProgramObjective
from tests.factories import (
    DepartmentFactory,
    EnrollmentFactory,
    LocationFactory,
    ObjectiveFactory,
    PersonFactory,
    ProgramFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin_user",
    "manager_user",
    "mentor_user",
    "mentee_user",
    "executive_user",
    "outsider_user",
]
NON_MANAGERS = ["mentor_user", "mentee_user", "outsider_user", "executive_user"]
MANAGERS_ONLY = "Only this program's managers can do that."
CC = "/programs/career-compass"


def _text(response) -> str:
    return response.content.decode()


def _has(response, text: str) -> bool:
    """The text as the template shows it, HTML-escaped."""
    return html.escape(text) in _text(response)


def _message(client: Client, url: str) -> list[str]:
    """The flash messages shown on the next page."""
    return [
        html.unescape(m)
        for m in re.findall(r'class="message[^"]*">([^<]*)</li>', _text(client.get(url)))
    ]


def _errors(response) -> list[str]:
    text = _text(response)
    field = re.findall(r'<p class="error"[^>]*>([^<]*)</p>', text)
    top = re.findall(
        r'<div class="alert alert-error" role="alert"[^>]*>\s*<ul>(.*?)</ul>', text, re.S
    )
    items = [li for block in top for li in re.findall(r"<li>([^<]*)</li>", block)]
    return [html.unescape(e) for e in [*items, *field]]


# --- anonymous access ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/programs/",
        "/programs/manage/",
        "/programs/new/",
        "/programs/enrollments/1/withdraw/",
        "/programs/enrollments/1/approve/",
        f"{CC}/",
        f"{CC}/setup/",
        f"{CC}/objectives/",
        f"{CC}/objectives/1/delete/",
        f"{CC}/questions/",
        f"{CC}/questions/1/delete/",
        f"{CC}/transition/",
        f"{CC}/join/mentee/",
        f"{CC}/enrollments/",
    ],
)
def test_program_pages_anonymous_redirect_to_login(program, url):
    get = Client().get(url)
    post = Client().post(url, {"status": "matching"})

    assert get.status_code == 302
    assert get.url == f"/accounts/login/?next={url}"
    assert post.status_code == 302
    assert post.url == f"/accounts/login/?next={url}"
    assert Program.objects.get(slug="career-compass").status == "enrolling"


# --- catalog ------------------------------------------------------------------------------


def _catalog(response) -> list[str]:
    return re.findall(r'<h3><a href="/programs/([^/]+)/">', _text(response))


def test_catalog_shows_open_listed_programs_joinable_in_some_role(
    client_for, outsider_user, program
):
    ProgramFactory(name="Active Circle", slug="active-circle", status="active")
    ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")
    ProgramFactory(name="Matching Round", slug="matching-round", status="matching")
    ProgramFactory(name="Closed Cohort", slug="closed-cohort", status="closed")
    ProgramFactory(name="Secret Circle", slug="secret-circle", visibility="unlisted")
    ProgramFactory(name="Senior Track", slug="senior-track", min_level=5)
    ProgramFactory(name="Junior Track", slug="junior-track", max_level=2)
    sales_only = ProgramFactory(name="Sales Only", slug="sales-only")
    sales_only.eligible_departments.add(DepartmentFactory(name="Sales"))

    response = client_for(outsider_user).get("/programs/")

    assert response.status_code == 200
    assert _catalog(response) == ["active-circle", "career-compass", "junior-track", "sales-only"]


def test_catalog_shows_counts_and_own_enrollments(client_for, mentee_user, program):
    response = client_for(mentee_user).get("/programs/")

    text = _text(response)
    assert "1 mentor · 1 mentee" in text
    assert '<h2 id="mine-heading">Your enrollments</h2>' in text
    assert '<span class="badge badge-approved">Approved</span>' in text


@pytest.mark.parametrize("persona", PERSONAS)
def test_catalog_every_persona_200(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).get("/programs/")

    assert response.status_code == 200
    assert '<h3><a href="/programs/career-compass/">Career Compass</a></h3>' in _text(response)


def test_catalog_login_without_person_sees_nothing(client_for, program):
    user = UserFactory(email="loginonly@example.com")

    response = client_for(user).get("/programs/")

    assert response.status_code == 200
    assert "No program is open to you right now." in _text(response)


# --- detail -------------------------------------------------------------------------------


def test_detail_catalog_viewer_sees_join_links_and_no_manage(client_for, outsider_user, program):
    response = client_for(outsider_user).get(f"{CC}/")

    assert response.status_code == 200
    text = _text(response)
    assert "<h1>Career Compass</h1>" in text
    assert '<a class="button" href="/programs/career-compass/join/mentee/">' in text
    assert '<a class="button" href="/programs/career-compass/join/mentor/">' in text
    assert '<h2 id="manage-heading">Manage</h2>' not in text
    assert "Keep early-career talent" in text  # the objective


@pytest.mark.parametrize(
    ("persona", "role"), [("mentor_user", "mentor"), ("mentee_user", "mentee")]
)
def test_detail_participant_sees_enrollment_and_no_manage(
    client_for, request, persona, role, program
):
    user = request.getfixturevalue(persona)
    enrollment = Enrollment.objects.get(program=program, person=user.person)

    response = client_for(user).get(f"{CC}/")

    assert response.status_code == 200
    text = _text(response)
    assert f"You are enrolled as a <strong>{role}</strong>" in text
    assert f'action="/programs/enrollments/{enrollment.pk}/withdraw/"' in text
    assert '<h2 id="manage-heading">Manage</h2>' not in text
    assert "/join/" not in text


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_detail_manager_sees_manage_section(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    EnrollmentFactory(program=program, status="pending")

    response = client_for(user).get(f"{CC}/")

    text = _text(response)
    assert response.status_code == 200
    assert '<h2 id="manage-heading">Manage</h2>' in text
    assert "<div><dt>Mentors</dt><dd>1</dd></div>" in text
    assert "<div><dt>Mentees</dt><dd>1</dd></div>" in text
    assert "<div><dt>Pending</dt><dd>1</dd></div>" in text
    assert 'name="status" value="matching"' in text
    assert 'name="status" value="draft"' in text
    assert 'name="status" value="active"' not in text


def test_detail_executive_may_read_but_not_manage(client_for, executive_user, program):
    response = client_for(executive_user).get(f"{CC}/")

    assert response.status_code == 200
    assert '<h2 id="manage-heading">Manage</h2>' not in _text(response)


@pytest.mark.parametrize("persona", ["outsider_user", "mentee_user", "mentor_user"])
def test_detail_unlisted_program_opens_by_link_without_tie(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    ProgramFactory(name="Secret Circle", slug="secret-circle", visibility="unlisted")
    client = client_for(user)

    response = client.get("/programs/secret-circle/")

    assert response.status_code == 200
    text = _text(response)
    assert "<h1>Secret Circle</h1>" in text
    assert '<a class="button" href="/programs/secret-circle/join/mentor/">' in text
    assert '<a class="button" href="/programs/secret-circle/join/mentee/">' in text
    assert "secret-circle" not in _catalog(client.get("/programs/"))


@pytest.mark.parametrize("persona", ["outsider_user", "mentee_user", "mentor_user"])
def test_detail_draft_program_without_tie_404(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")

    assert client_for(user).get("/programs/draft-pilot/").status_code == 404


def test_detail_draft_program_visible_to_a_person_enrolled_in_it(client_for, outsider_user):
    draft = ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")
    EnrollmentFactory(program=draft, person=outsider_user.person, status="withdrawn")

    response = client_for(outsider_user).get("/programs/draft-pilot/")

    assert response.status_code == 200
    assert "This program is not open for enrollment (draft)." in _text(response)


def test_detail_unlisted_program_visible_to_its_participant_manager_admin_executive(
    client_for, admin_user, manager_user, mentee_user, executive_user
):
    secret = ProgramFactory(name="Secret Circle", slug="secret-circle", visibility="unlisted")
    secret.managers.add(manager_user)
    EnrollmentFactory(program=secret, person=mentee_user.person, status="pending")

    for user in (admin_user, manager_user, mentee_user, executive_user):
        assert client_for(user).get("/programs/secret-circle/").status_code == 200, user.email


def test_detail_draft_program_hidden_from_outsider(client_for, outsider_user):
    ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")

    assert client_for(outsider_user).get("/programs/draft-pilot/").status_code == 404


def test_detail_ineligible_outsider_sees_both_reasons_and_no_join(client_for, outsider_user):
    ProgramFactory(name="Senior Track", slug="senior-track", min_level=5)

    response = client_for(outsider_user).get("/programs/senior-track/")

    assert response.status_code == 200
    text = _text(response)
    assert (
        '<span class="meta">As a mentor: Mentors in this program are level 5 and above.</span>'
        in text
    )
    assert '<span class="meta">As a mentee: This program is for level 5 and above.</span>' in text
    assert "/join/" not in text


def test_detail_senior_admin_may_mentor_but_not_join_a_junior_program(client_for, admin_user):
    ProgramFactory(name="Junior Track", slug="junior-track", max_level=4)

    response = client_for(admin_user).get("/programs/junior-track/")

    assert response.status_code == 200
    assert _has(response, "As a mentee: This program's mentees are level 4 and below.")
    text = _text(response)
    assert (
        '<a class="button" href="/programs/junior-track/join/mentor/">Join as a mentor</a>' in text
    )
    assert "/programs/junior-track/join/mentee/" not in text


def _elsewhere(restrict: str) -> Program:
    """An enrolling program whose mentees come only from Sales, or only from Paris."""
    program = ProgramFactory(name="Elsewhere", slug="elsewhere")
    if restrict == "eligible_departments":
        program.eligible_departments.add(DepartmentFactory(name="Sales"))
    else:
        program.eligible_locations.add(LocationFactory(name="Paris", time_zone="Europe/Paris"))
    return program


@pytest.mark.parametrize(
    ("restrict", "reason"),
    [
        ("eligible_departments", "This program's mentees come from other departments than yours."),
        ("eligible_locations", "This program's mentees come from other locations than yours."),
    ],
)
def test_detail_outsider_of_another_department_or_location_may_only_mentor(
    client_for, outsider_user, restrict, reason
):
    _elsewhere(restrict)

    response = client_for(outsider_user).get("/programs/elsewhere/")

    assert response.status_code == 200
    assert _has(response, f"As a mentee: {reason}")
    text = _text(response)
    assert '<a class="button" href="/programs/elsewhere/join/mentor/">Join as a mentor</a>' in text
    assert "/programs/elsewhere/join/mentee/" not in text


def test_detail_closed_program_says_not_open(client_for, mentee_user):
    closed = ProgramFactory(name="Closed Cohort", slug="closed-cohort", status="closed")
    EnrollmentFactory(program=closed, person=mentee_user.person, status="withdrawn")

    response = client_for(mentee_user).get("/programs/closed-cohort/")

    assert response.status_code == 200
    assert "This program is not open for enrollment (closed)." in _text(response)


def test_detail_unknown_slug_404(client_for, admin_user):
    assert client_for(admin_user).get("/programs/no-such-program/").status_code == 404


# --- managed programs ---------------------------------------------------------------------


def test_managed_admin_sees_all_programs_and_create_link(client_for, admin_user, program):
    ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")

    response = client_for(admin_user).get("/programs/manage/")

    assert response.status_code == 200
    text = _text(response)
    assert '<a class="button" href="/programs/new/">New program</a>' in text
    assert ">Career Compass</a>" in text
    assert ">Draft Pilot</a>" in text


def test_managed_manager_sees_only_own_programs_and_no_create_link(
    client_for, manager_user, program
):
    ProgramFactory(name="Other Program", slug="other-program")

    response = client_for(manager_user).get("/programs/manage/")

    assert response.status_code == 200
    text = _text(response)
    assert ">Career Compass</a>" in text
    assert "Other Program" not in text
    assert "/programs/new/" not in text


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_managed_non_managers_403(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).get("/programs/manage/")

    assert response.status_code == 403
    assert "Only program managers and organization admins manage programs." in _text(response)


# --- create -------------------------------------------------------------------------------


def _program_data(**overrides) -> dict:
    data = {
        "name": "Rising Leaders",
        "program_type": "leadership",
        "description": "Grow the next leaders.",
        "start_date": "2026-01-05",
        "end_date": "2026-12-18",
        "checkin_cadence": "monthly",
        "default_mentor_capacity": "3",
        "visibility": "organization",
        "requires_approval": "on",
        "min_level": "3",
        "max_level": "8",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_admin_gets_form(client_for, admin_user):
    response = client_for(admin_user).get("/programs/new/")

    assert response.status_code == 200
    assert "<h1>New program</h1>" in _text(response)
    assert 'name="managers"' in _text(response)


def test_create_admin_saves_draft_and_redirects_to_setup(client_for, admin_user, manager_user):
    engineering = DepartmentFactory(name="Engineering")
    client = client_for(admin_user)

    response = client.post(
        "/programs/new/",
        _program_data(managers=[manager_user.pk], eligible_departments=[engineering.pk]),
    )

    assert response.status_code == 302
    assert response.url == "/programs/rising-leaders/setup/"
    program = Program.objects.get(slug="rising-leaders")
    assert program.status == "draft"
    assert program.program_type == "leadership"
    assert str(program.start_date) == "2026-01-05"
    assert program.default_mentor_capacity == 3
    assert (program.min_level, program.max_level) == (3, 8)
    assert program.requires_approval is True
    assert list(program.managers.all()) == [manager_user]
    assert list(program.eligible_departments.all()) == [engineering]
    assert _message(client, response.url) == [
        "Program created. Add its objectives and questions next."
    ]


def test_create_reserved_slug_gets_suffix(client_for, admin_user):
    response = client_for(admin_user).post("/programs/new/", _program_data(name="New"))

    assert response.status_code == 302
    assert response.url == "/programs/new-2/setup/"
    assert client_for(admin_user).get("/programs/new-2/").status_code == 200


def test_create_duplicate_name_gets_unique_slug(client_for, admin_user, program):
    response = client_for(admin_user).post("/programs/new/", _program_data(name="Career Compass"))

    assert response.status_code == 302
    assert response.url == "/programs/career-compass-2/setup/"


def test_create_missing_name_shows_error_and_saves_nothing(client_for, admin_user):
    response = client_for(admin_user).post("/programs/new/", _program_data(name=""))

    assert response.status_code == 200
    assert "This field is required." in _errors(response)
    assert not Program.objects.exists()


def test_create_capacity_over_20_shows_error(client_for, admin_user):
    response = client_for(admin_user).post(
        "/programs/new/", _program_data(default_mentor_capacity="21")
    )

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 20." in _errors(response)
    assert not Program.objects.exists()


def test_create_end_before_start_shows_clear_error(client_for, admin_user):
    response = client_for(admin_user).post(
        "/programs/new/", _program_data(start_date="2026-06-01", end_date="2026-01-01")
    )

    assert response.status_code == 200
    assert not Program.objects.exists()
    errors = _errors(response)
    assert len(errors) == 1
    assert "program_ends_after_start" not in errors[0]


def test_create_min_level_above_max_level_shows_clear_error(client_for, admin_user):
    response = client_for(admin_user).post(
        "/programs/new/", _program_data(min_level="8", max_level="3")
    )

    assert response.status_code == 200
    assert not Program.objects.exists()
    errors = _errors(response)
    assert len(errors) == 1
    assert "program_level_range" not in errors[0]


def test_create_end_before_start_saves_nothing(client_for, admin_user):
    response = client_for(admin_user).post(
        "/programs/new/", _program_data(start_date="2026-06-01", end_date="2026-01-01")
    )

    assert response.status_code == 200
    assert len(_errors(response)) == 1
    assert not Program.objects.exists()


@pytest.mark.parametrize("persona", ["manager_user", *NON_MANAGERS])
def test_create_non_admin_403_and_nothing_saved(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    client = client_for(user)

    get = client.get("/programs/new/")
    post = client.post("/programs/new/", _program_data())

    assert get.status_code == 403
    assert post.status_code == 403
    assert "Only organization admins create programs." in _text(post)
    assert not Program.objects.filter(slug="rising-leaders").exists()


# --- setup --------------------------------------------------------------------------------


def _setup_data(program: Program, **overrides) -> dict:
    data = _program_data(
        name=program.name,
        program_type=program.program_type,
        description=program.description,
        start_date="",
        end_date="",
        default_mentor_capacity=str(program.default_mentor_capacity),
        min_level="",
        max_level="",
    )
    data.update(overrides)
    return data


def test_setup_manager_gets_page_without_managers_field(client_for, manager_user, program):
    response = client_for(manager_user).get(f"{CC}/setup/")

    assert response.status_code == 200
    text = _text(response)
    assert "<h1>Set up Career Compass</h1>" in text
    assert 'name="managers"' not in text
    assert 'action="/programs/career-compass/objectives/"' in text
    assert 'action="/programs/career-compass/questions/"' in text


def test_setup_admin_gets_page_with_managers_field(client_for, admin_user, program):
    response = client_for(admin_user).get(f"{CC}/setup/")

    assert response.status_code == 200
    assert 'name="managers"' in _text(response)


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_setup_non_managers_403(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(f"{CC}/setup/")

    assert response.status_code == 403
    assert _has(response, MANAGERS_ONLY)


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_setup_non_managers_post_403_and_nothing_saved(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(f"{CC}/setup/", _setup_data(program, name="Hijacked"))

    assert response.status_code == 403
    assert Program.objects.get(pk=program.pk).name == "Career Compass"


def test_setup_manager_saves_settings(client_for, manager_user, program):
    client = client_for(manager_user)

    response = client.post(
        f"{CC}/setup/",
        _setup_data(program, description="Now with more coaching.", checkin_cadence="weekly"),
    )

    assert response.status_code == 302
    assert response.url == f"{CC}/setup/"
    program.refresh_from_db()
    assert program.description == "Now with more coaching."
    assert program.checkin_cadence == "weekly"
    assert program.slug == "career-compass"
    assert _message(client, response.url) == ["Program saved."]


def test_setup_manager_cannot_change_managers(client_for, manager_user, outsider_user, program):
    response = client_for(manager_user).post(
        f"{CC}/setup/", _setup_data(program, managers=[outsider_user.pk])
    )

    assert response.status_code == 302
    assert list(program.managers.all()) == [manager_user]


def test_setup_admin_changes_managers(client_for, admin_user, manager_user, outsider_user, program):
    response = client_for(admin_user).post(
        f"{CC}/setup/", _setup_data(program, managers=[manager_user.pk, outsider_user.pk])
    )

    assert response.status_code == 302
    assert set(program.managers.all()) == {manager_user, outsider_user}


def test_setup_invalid_settings_show_error_and_save_nothing(client_for, manager_user, program):
    response = client_for(manager_user).post(
        f"{CC}/setup/", _setup_data(program, name="", default_mentor_capacity="21")
    )

    assert response.status_code == 200
    assert _errors(response) == [
        "This field is required.",
        "Ensure this value is less than or equal to 20.",
    ]
    program.refresh_from_db()
    assert (program.name, program.default_mentor_capacity) == ("Career Compass", 2)


def test_setup_closed_program_refused_with_message(client_for, manager_user, program):
    Program.objects.filter(pk=program.pk).update(status="closed")

    response = client_for(manager_user).post(
        f"{CC}/setup/", _setup_data(program, description="Too late")
    )

    assert response.status_code == 200
    assert _errors(response) == ["A closed program can no longer be changed."]
    assert Program.objects.get(pk=program.pk).description == ""


# --- objectives and questions -------------------------------------------------------------


OBJECTIVE = {
    "title": "Promote from within",
    "org_goal": "Grow our own leaders",
    "kpi": "promotion_rate",
    "comparator": "gte",
    "target": "20",
}


def test_objective_add_manager_saves(client_for, manager_user, program):
    client = client_for(manager_user)

    response = client.post(f"{CC}/objectives/", OBJECTIVE)

    assert response.status_code == 302
    assert response.url == f"{CC}/setup/"
    objective = program.objectives.get(title="Promote from within")
    assert (objective.kpi, objective.comparator, objective.target, objective.order) == (
        "promotion_rate",
        "gte",
        20,
        1,
    )
    assert objective.org_goal == "Grow our own leaders"
    assert _message(client, response.url) == ["Objective added."]


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("12.5", "12.5"),
        ("95", "95"),
        ("20", "20"),
        ("100", "100"),
    ],
)
def test_objective_target_shown_in_plain_digits(client_for, manager_user, program, target, shown):
    client_for(manager_user).post(f"{CC}/objectives/", {**OBJECTIVE, "target": target})

    page = html.unescape(_text(client_for(manager_user).get(f"{CC}/setup/")))

    assert (
        f"Promote from within — Mentee promotion rate within 12 months (%) at least {shown}\n"
        in page
    )


def test_objective_add_invalid_400_with_errors_and_nothing_saved(client_for, manager_user, program):
    response = client_for(manager_user).post(
        f"{CC}/objectives/", {**OBJECTIVE, "title": "", "target": "lots", "kpi": "vibes"}
    )

    assert response.status_code == 400
    assert _errors(response) == [
        "This field is required.",
        "Select a valid choice. vibes is not one of the available choices.",
        "Enter a number.",
    ]
    assert program.objectives.count() == 1


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_objective_add_non_managers_403(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(f"{CC}/objectives/", OBJECTIVE)

    assert response.status_code == 403
    assert program.objectives.count() == 1


def test_objective_delete_manager_removes(client_for, manager_user, program):
    objective = program.objectives.get()

    response = client_for(manager_user).post(f"{CC}/objectives/{objective.pk}/delete/")

    assert response.status_code == 302
    assert response.url == f"{CC}/setup/"
    assert not ProgramObjective.objects.filter(pk=objective.pk).exists()


def test_objective_delete_non_manager_403_and_kept(client_for, mentor_user, program):
    objective = program.objectives.get()

    response = client_for(mentor_user).post(f"{CC}/objectives/{objective.pk}/delete/")

    assert response.status_code == 403
    assert ProgramObjective.objects.filter(pk=objective.pk).exists()


def test_objective_delete_of_another_program_does_nothing(client_for, manager_user, program):
    other = ObjectiveFactory(program=ProgramFactory(name="Other", slug="other"))

    response = client_for(manager_user).post(f"{CC}/objectives/{other.pk}/delete/")

    assert response.status_code == 302
    assert ProgramObjective.objects.filter(pk=other.pk).exists()


def test_objective_add_get_not_allowed(client_for, manager_user, program):
    assert client_for(manager_user).get(f"{CC}/objectives/").status_code == 405


def test_question_add_text_question_saved(client_for, manager_user, program):
    response = client_for(manager_user).post(
        f"{CC}/questions/",
        {
            "text": "What do you want to learn?",
            "kind": "text",
            "audience": "mentee",
            "required": "on",
        },
    )

    assert response.status_code == 302
    assert response.url == f"{CC}/setup/"
    question = program.questions.get()
    assert (question.text, question.kind, question.audience, question.required) == (
        "What do you want to learn?",
        "text",
        "mentee",
        True,
    )
    assert question.choices == []


def test_question_add_choice_question_saves_options(client_for, manager_user, program):
    response = client_for(manager_user).post(
        f"{CC}/questions/",
        {
            "text": "Which track?",
            "kind": "single",
            "audience": "both",
            "choices": "Engineering\n  Management  \n\n",
        },
    )

    assert response.status_code == 302
    question = program.questions.get()
    assert question.choices == ["Engineering", "Management"]
    assert question.required is False  # an unchecked box posts nothing


def test_question_add_choice_with_one_option_400_and_nothing_saved(
    client_for, manager_user, program
):
    response = client_for(manager_user).post(
        f"{CC}/questions/",
        {"text": "Which track?", "kind": "multiple", "audience": "both", "choices": "Only one"},
    )

    assert response.status_code == 400
    assert _errors(response) == ["A choice question needs at least two options."]
    assert '<p class="error" id="id_choices_error">' in _text(response)
    assert not program.questions.exists()


def test_question_add_unknown_kind_400(client_for, manager_user, program):
    response = client_for(manager_user).post(
        f"{CC}/questions/", {"text": "Hmm?", "kind": "essay", "audience": "both"}
    )

    assert response.status_code == 400
    assert "Select a valid choice. essay is not one of the available choices." in _errors(response)
    assert not program.questions.exists()


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_question_add_non_managers_403(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(
        f"{CC}/questions/", {"text": "Sneaky?", "kind": "text", "audience": "both"}
    )

    assert response.status_code == 403
    assert not program.questions.exists()


def test_question_delete_manager_removes(client_for, manager_user, program):
    question = QuestionFactory(program=program)

    response = client_for(manager_user).post(f"{CC}/questions/{question.pk}/delete/")

    assert response.status_code == 302
    assert not ApplicationQuestion.objects.filter(pk=question.pk).exists()


def test_question_delete_non_manager_403_and_kept(client_for, outsider_user, program):
    question = QuestionFactory(program=program)

    response = client_for(outsider_user).post(f"{CC}/questions/{question.pk}/delete/")

    assert response.status_code == 403
    assert ApplicationQuestion.objects.filter(pk=question.pk).exists()


# --- lifecycle transitions ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_transition_allowed_moves_status(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    client = client_for(user)

    response = client.post(f"{CC}/transition/", {"status": "matching"})

    assert response.status_code == 302
    assert response.url == f"{CC}/"
    assert Program.objects.get(pk=program.pk).status == "matching"
    assert _message(client, response.url) == ["Career Compass is now Matching."]


def test_transition_disallowed_shows_refusal_and_keeps_status(client_for, manager_user, program):
    client = client_for(manager_user)

    response = client.post(f"{CC}/transition/", {"status": "active"})

    assert response.status_code == 302
    assert Program.objects.get(pk=program.pk).status == "enrolling"
    assert _message(client, response.url) == [
        "A program cannot go from Enrolling to Active. Allowed: Matching, Draft."
    ]


def test_transition_unknown_status_refused(client_for, manager_user, program):
    client = client_for(manager_user)

    response = client.post(f"{CC}/transition/", {"status": "party"})

    assert response.status_code == 302
    assert Program.objects.get(pk=program.pk).status == "enrolling"
    assert _message(client, response.url) == [
        "A program cannot go from Enrolling to party. Allowed: Matching, Draft."
    ]


def test_transition_draft_to_enrolling_needs_objective(client_for, admin_user):
    ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")
    client = client_for(admin_user)

    response = client.post("/programs/draft-pilot/transition/", {"status": "enrolling"})

    assert Program.objects.get(slug="draft-pilot").status == "draft"
    assert _message(client, response.url) == [
        "Add at least one objective with a KPI target before opening enrollment."
    ]


def test_transition_draft_with_objective_opens_enrollment(client_for, admin_user):
    draft = ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")
    ObjectiveFactory(program=draft)

    response = client_for(admin_user).post(
        "/programs/draft-pilot/transition/", {"status": "enrolling"}
    )

    assert response.status_code == 302
    assert Program.objects.get(pk=draft.pk).status == "enrolling"


def test_transition_closed_program_allows_nothing(client_for, manager_user, program):
    Program.objects.filter(pk=program.pk).update(status="closed")
    client = client_for(manager_user)

    response = client.post(f"{CC}/transition/", {"status": "active"})

    assert Program.objects.get(pk=program.pk).status == "closed"
    assert _message(client, response.url) == [
        "A program cannot go from Closed to Active. Allowed: none (it is closed)."
    ]


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_transition_non_managers_403_and_status_kept(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(f"{CC}/transition/", {"status": "matching"})

    assert response.status_code == 403
    assert _has(response, MANAGERS_ONLY)
    assert Program.objects.get(pk=program.pk).status == "enrolling"


def test_transition_get_not_allowed(client_for, manager_user, program):
    assert client_for(manager_user).get(f"{CC}/transition/").status_code == 405


# --- enrollment ---------------------------------------------------------------------------


@pytest.fixture
def lab(db):
    """An enrolling program with an application question of every kind."""
    program = ProgramFactory(name="Leadership Lab", slug="leadership-lab")
    ObjectiveFactory(program=program)
    questions = {
        "why": QuestionFactory(program=program, text="Why do you want to join?", kind="text"),
        "track": QuestionFactory(
            program=program,
            text="Which track?",
            kind="single",
            choices=["Engineering", "Management"],
        ),
        "topics": QuestionFactory(
            program=program,
            text="Which topics?",
            kind="multiple",
            choices=["Feedback", "Strategy", "Hiring"],
        ),
        "confidence": QuestionFactory(
            program=program, text="How confident are you today?", kind="scale"
        ),
        "extra": QuestionFactory(
            program=program, text="Anything else?", kind="text", required=False
        ),
        "mentor_only": QuestionFactory(
            program=program, text="How many years have you led?", kind="text", audience="mentor"
        ),
    }
    return program, questions


def _answers(questions, **overrides) -> dict:
    data = {
        f"q_{questions['why'].pk}": "  To grow as a lead.  ",
        f"q_{questions['track'].pk}": "Management",
        f"q_{questions['topics'].pk}": ["Feedback", "Hiring"],
        f"q_{questions['confidence'].pk}": "4",
        f"q_{questions['extra'].pk}": "",
        "goals": "  Run my first team offsite.  ",
    }
    data.update(overrides)
    return data


def test_enroll_page_shows_the_questions_for_the_role(client_for, outsider_user, lab):
    _, questions = lab

    mentee_page = _text(client_for(outsider_user).get("/programs/leadership-lab/join/mentee/"))
    mentor_page = _text(client_for(outsider_user).get("/programs/leadership-lab/join/mentor/"))

    assert "<h1>Join Leadership Lab as a mentee</h1>" in mentee_page
    for key in ("why", "track", "topics", "confidence", "extra"):
        assert f'name="q_{questions[key].pk}"' in mentee_page
        assert f'name="q_{questions[key].pk}"' in mentor_page
    assert f'name="q_{questions["mentor_only"].pk}"' not in mentee_page
    assert f'name="q_{questions["mentor_only"].pk}"' in mentor_page
    assert 'name="goals"' in mentee_page
    assert 'name="capacity"' in mentor_page


def test_enroll_page_escapes_question_help_text(client_for, outsider_user, program):
    QuestionFactory(
        program=program, help_text='<a href="https://evil.example/">Claim your bonus</a>'
    )

    text = _text(client_for(outsider_user).get(f"{CC}/join/mentee/"))

    assert '<a href="https://evil.example/">' not in text
    assert "&lt;a href=&quot;https://evil.example/&quot;&gt;Claim your bonus&lt;/a&gt;" in text


def test_enroll_outsider_as_mentee_saves_cleaned_answers_pending(client_for, outsider_user, lab):
    program, questions = lab
    client = client_for(outsider_user)

    response = client.post("/programs/leadership-lab/join/mentee/", _answers(questions))

    assert response.status_code == 302
    assert response.url == "/programs/leadership-lab/"
    enrollment = Enrollment.objects.get(program=program, person=outsider_user.person)
    assert enrollment.role == "mentee"
    assert enrollment.status == "pending"
    assert enrollment.capacity is None
    assert enrollment.goals == "Run my first team offsite."
    assert enrollment.answers == {
        str(questions["why"].pk): "To grow as a lead.",
        str(questions["track"].pk): "Management",
        str(questions["topics"].pk): ["Feedback", "Hiring"],
        str(questions["confidence"].pk): 4,
    }
    assert _message(client, response.url) == [
        "You joined Leadership Lab as a mentee — pending review."
    ]


def test_enroll_as_mentor_saves_capacity_and_mentor_answers(client_for, outsider_user, lab):
    program, questions = lab

    response = client_for(outsider_user).post(
        "/programs/leadership-lab/join/mentor/",
        _answers(questions, capacity="3", **{f"q_{questions['mentor_only'].pk}": "Six"}),
    )

    assert response.status_code == 302
    enrollment = Enrollment.objects.get(program=program, person=outsider_user.person)
    assert (enrollment.role, enrollment.capacity, enrollment.goals) == ("mentor", 3, "")
    assert enrollment.answers[str(questions["mentor_only"].pk)] == "Six"


def test_enroll_without_approval_step_is_approved_at_once(client_for, outsider_user):
    ProgramFactory(name="Open Door", slug="open-door", requires_approval=False)
    client = client_for(outsider_user)

    response = client.post("/programs/open-door/join/mentee/", {"goals": ""})

    assert response.status_code == 302
    assert Enrollment.objects.get(person=outsider_user.person).status == "approved"
    assert _message(client, response.url) == ["You joined Open Door as a mentee — approved."]


def test_enroll_missing_required_answer_400_and_nothing_saved(client_for, outsider_user, lab):
    program, questions = lab
    data = _answers(questions)
    del data[f"q_{questions['topics'].pk}"]
    data[f"q_{questions['why'].pk}"] = ""

    response = client_for(outsider_user).post("/programs/leadership-lab/join/mentee/", data)

    assert response.status_code == 400
    text = _text(response)
    assert (
        f'<p class="error" id="id_q_{questions["why"].pk}_error">This field is required.</p>'
        in text
    )
    assert (
        f'<p class="error" id="id_q_{questions["topics"].pk}_error">This field is required.</p>'
        in text
    )
    assert not Enrollment.objects.filter(program=program).exists()


def test_enroll_answer_not_an_option_400(client_for, outsider_user, lab):
    program, questions = lab

    response = client_for(outsider_user).post(
        "/programs/leadership-lab/join/mentee/",
        _answers(questions, **{f"q_{questions['confidence'].pk}": "9"}),
    )

    assert response.status_code == 400
    assert _errors(response) == ["Select a valid choice. 9 is not one of the available choices."]
    assert not Enrollment.objects.filter(program=program).exists()


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_enroll_twice_refused_with_message(client_for, mentee_user, program, role):
    response = client_for(mentee_user).post(f"{CC}/join/{role}/", {"goals": "", "capacity": "1"})

    assert response.status_code == 400
    assert _errors(response) == ["You are already enrolled in this program."]
    assert Enrollment.objects.filter(program=program, person=mentee_user.person).count() == 1


def test_enroll_again_after_withdrawing_allowed(client_for, mentee_user, program):
    Enrollment.objects.filter(person=mentee_user.person).update(status="withdrawn")

    response = client_for(mentee_user).post(f"{CC}/join/mentee/", {"goals": ""})

    assert response.status_code == 302
    assert list(
        Enrollment.objects.filter(person=mentee_user.person)
        .order_by("status")
        .values_list("status", flat=True)
    ) == ["pending", "withdrawn"]


def test_enroll_draft_program_hidden_from_outsider_404(client_for, outsider_user):
    ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")

    response = client_for(outsider_user).post("/programs/draft-pilot/join/mentee/", {"goals": ""})

    assert response.status_code == 404
    assert not Enrollment.objects.exists()


def test_enroll_draft_program_refused_for_its_manager(client_for, manager_user):
    draft = ProgramFactory(name="Draft Pilot", slug="draft-pilot", status="draft")
    draft.managers.add(manager_user)

    response = client_for(manager_user).post("/programs/draft-pilot/join/mentee/", {"goals": ""})

    assert response.status_code == 400
    assert _errors(response) == ["Draft Pilot is not open for enrollment (it is Draft)."]
    assert not Enrollment.objects.exists()


def test_enroll_closed_program_refused(client_for, mentee_user):
    closed = ProgramFactory(name="Closed Cohort", slug="closed-cohort", status="closed")
    EnrollmentFactory(program=closed, person=mentee_user.person, status="withdrawn")

    response = client_for(mentee_user).post("/programs/closed-cohort/join/mentee/", {"goals": ""})

    assert response.status_code == 400
    assert _errors(response) == ["Closed Cohort is not open for enrollment (it is Closed)."]
    assert closed.enrollments.count() == 1


def test_enroll_matching_program_refused_for_admin(client_for, admin_user, program):
    Program.objects.filter(pk=program.pk).update(status="matching")

    response = client_for(admin_user).post(f"{CC}/join/mentor/", {"capacity": "2"})

    assert response.status_code == 400
    assert _errors(response) == ["Career Compass is not open for enrollment (it is Matching)."]
    assert not Enrollment.objects.filter(person=admin_user.person).exists()


def test_enroll_ineligible_mentee_sees_and_gets_the_reason(client_for, admin_user):
    ProgramFactory(name="Junior Track", slug="junior-track", max_level=4)
    client = client_for(admin_user)

    page = client.get("/programs/junior-track/join/mentee/")
    response = client.post("/programs/junior-track/join/mentee/", {"goals": ""})

    assert page.status_code == 200
    assert (
        '<div class="alert alert-error" role="alert">'
        "This program&#x27;s mentees are level 4 and below.</div>" in _text(page)
    )
    assert response.status_code == 400
    assert _errors(response) == ["This program's mentees are level 4 and below."]
    assert not Enrollment.objects.exists()


def test_enroll_senior_as_mentor_of_a_junior_program_accepted(client_for, admin_user):
    program = ProgramFactory(name="Junior Track", slug="junior-track", max_level=4)
    client = client_for(admin_user)

    page = client.get("/programs/junior-track/join/mentor/")
    response = client.post("/programs/junior-track/join/mentor/", {"capacity": "2"})

    assert page.status_code == 200
    assert "alert-error" not in _text(page)
    assert response.status_code == 302
    assert response.url == "/programs/junior-track/"
    enrollment = Enrollment.objects.get(program=program, person=admin_user.person)
    assert (enrollment.role, enrollment.status, enrollment.capacity) == ("mentor", "pending", 2)
    assert _message(client, response.url) == [
        "You joined Junior Track as a mentor — pending review."
    ]


def test_enroll_other_department_mentee_refused_for_program_manager(client_for, manager_user):
    sales_only = ProgramFactory(name="Sales Only", slug="sales-only")
    sales_only.eligible_departments.add(DepartmentFactory(name="Sales"))
    sales_only.managers.add(manager_user)

    response = client_for(manager_user).post("/programs/sales-only/join/mentee/", {"goals": ""})

    assert response.status_code == 400
    assert _errors(response) == ["This program's mentees come from other departments than yours."]
    assert not Enrollment.objects.exists()


def test_enroll_other_location_mentee_refused(client_for, outsider_user):
    paris_only = ProgramFactory(name="Paris Only", slug="paris-only")
    paris_only.eligible_locations.add(LocationFactory(name="Paris", time_zone="Europe/Paris"))

    response = client_for(outsider_user).post("/programs/paris-only/join/mentee/", {"goals": ""})

    assert response.status_code == 400
    assert _errors(response) == ["This program's mentees come from other locations than yours."]
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize("restrict", ["eligible_departments", "eligible_locations"])
def test_enroll_mentor_from_another_department_or_location_accepted(
    client_for, outsider_user, restrict
):
    elsewhere = _elsewhere(restrict)

    response = client_for(outsider_user).post("/programs/elsewhere/join/mentor/", {"capacity": "1"})

    assert response.status_code == 302
    enrollment = Enrollment.objects.get(program=elsewhere, person=outsider_user.person)
    assert (enrollment.role, enrollment.capacity) == ("mentor", 1)


@pytest.mark.parametrize(
    ("role", "data", "reason"),
    [
        ("mentee", {"goals": ""}, "This program is for level 5 and above."),
        ("mentor", {"capacity": "2"}, "Mentors in this program are level 5 and above."),
    ],
)
def test_enroll_below_min_level_refused_in_either_role(
    client_for, outsider_user, role, data, reason
):
    ProgramFactory(name="Senior Track", slug="senior-track", min_level=5)

    response = client_for(outsider_user).post(f"/programs/senior-track/join/{role}/", data)

    assert response.status_code == 400
    assert _errors(response) == [reason]
    assert not Enrollment.objects.exists()


def test_enroll_unlisted_program_by_link_accepted(client_for, outsider_user):
    secret = ProgramFactory(name="Secret Circle", slug="secret-circle", visibility="unlisted")

    response = client_for(outsider_user).post("/programs/secret-circle/join/mentee/", {"goals": ""})

    assert response.status_code == 302
    assert Enrollment.objects.get(person=outsider_user.person).program == secret


@pytest.mark.parametrize("capacity", ["-1", "21"])
def test_enroll_mentor_capacity_out_of_range_refused(client_for, outsider_user, program, capacity):
    response = client_for(outsider_user).post(f"{CC}/join/mentor/", {"capacity": capacity})

    assert response.status_code == 400
    assert (
        '<p class="error" id="id_capacity_error">Capacity must be between 0 and 20 mentees.</p>'
        in _text(response)
    )
    assert not Enrollment.objects.filter(person=outsider_user.person).exists()


def test_enroll_unknown_role_403(client_for, outsider_user, program):
    response = client_for(outsider_user).post(f"{CC}/join/boss/", {"goals": ""})

    assert response.status_code == 403
    assert "Join as a mentor or as a mentee." in _text(response)
    assert not Enrollment.objects.filter(person=outsider_user.person).exists()


def test_enroll_login_without_person_403(client_for, admin_user, program):
    user = UserFactory(email="loginonly@example.com", org_role="admin")

    response = client_for(user).post(f"{CC}/join/mentee/", {"goals": ""})

    assert response.status_code == 403
    assert "Your login is not linked to an employee profile yet." in _text(response)


# --- withdraw -----------------------------------------------------------------------------


def test_withdraw_own_enrollment(client_for, mentee_user, program):
    enrollment = Enrollment.objects.get(person=mentee_user.person)
    client = client_for(mentee_user)

    response = client.post(f"/programs/enrollments/{enrollment.pk}/withdraw/")

    assert response.status_code == 302
    assert response.url == f"{CC}/"
    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"
    assert _message(client, response.url) == ["You withdrew from Career Compass."]


def test_withdraw_already_withdrawn_shows_message(client_for, mentee_user, program):
    enrollment = Enrollment.objects.get(person=mentee_user.person)
    Enrollment.objects.filter(pk=enrollment.pk).update(status="withdrawn")
    client = client_for(mentee_user)

    response = client.post(f"/programs/enrollments/{enrollment.pk}/withdraw/")

    assert response.status_code == 302
    assert _message(client, response.url) == [
        "Only a pending or approved enrollment can be withdrawn."
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor_user", 404),
        ("outsider_user", 404),
        ("executive_user", 404),
        ("manager_user", 403),
        ("admin_user", 403),
    ],
)
def test_withdraw_someone_elses_enrollment_refused(
    client_for, request, program, mentee_user, persona, status
):
    user = request.getfixturevalue(persona)
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    response = client_for(user).post(f"/programs/enrollments/{enrollment.pk}/withdraw/")

    assert response.status_code == status
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"


def test_withdraw_get_not_allowed(client_for, mentee_user, program):
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    response = client_for(mentee_user).get(f"/programs/enrollments/{enrollment.pk}/withdraw/")

    assert response.status_code == 405
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"


# --- the managers' enrollment list --------------------------------------------------------


def _person(first: str, last: str, **fields):
    return PersonFactory(first_name=first, last_name=last, **fields)


@pytest.fixture
def applicants(program):
    """Two pending applicants besides the approved mentor and mentee."""
    sales = DepartmentFactory(name="Quantum Sales")
    pending_mentor = EnrollmentFactory(
        program=program, person=_person("Pia", "Pending", department=sales), role="mentor"
    )
    pending_mentee = EnrollmentFactory(program=program, person=_person("Quin", "Queued"))
    return pending_mentor, pending_mentee


def _rows(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="enrollment-(\d+)">', _text(response))]


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_enrollments_manager_sees_all_pending_first(client_for, request, persona, applicants):
    user = request.getfixturevalue(persona)
    program = applicants[0].program

    response = client_for(user).get(f"{CC}/enrollments/")

    assert response.status_code == 200
    rows = _rows(response)
    assert len(rows) == 4
    assert set(rows[:2]) == {applicants[0].pk, applicants[1].pk}
    assert set(rows[2:]) == set(
        program.enrollments.filter(status="approved").values_list("pk", flat=True)
    )
    assert 'aria-label="Approve Pia Pending"' in _text(response)


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_enrollments_non_managers_403(client_for, request, persona, applicants):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(f"{CC}/enrollments/")

    assert response.status_code == 403
    assert _has(response, MANAGERS_ONLY)
    assert "Pia Pending" not in _text(response)


def test_enrollments_filter_by_role(client_for, manager_user, applicants, mentor_user):
    response = client_for(manager_user).get(f"{CC}/enrollments/", {"role": "mentor"})

    mentor_enrollment = Enrollment.objects.get(person=mentor_user.person)
    assert _rows(response) == [applicants[0].pk, mentor_enrollment.pk]


def test_enrollments_filter_by_status(client_for, manager_user, applicants):
    response = client_for(manager_user).get(f"{CC}/enrollments/", {"status": "pending"})

    assert set(_rows(response)) == {applicants[0].pk, applicants[1].pk}


def test_enrollments_search_by_name_and_department(client_for, manager_user, applicants):
    by_name = client_for(manager_user).get(f"{CC}/enrollments/", {"q": "queued"})
    by_department = client_for(manager_user).get(f"{CC}/enrollments/", {"q": "quantum"})

    assert _rows(by_name) == [applicants[1].pk]
    assert _rows(by_department) == [applicants[0].pk]


def test_enrollments_filters_combine(client_for, manager_user, applicants):
    response = client_for(manager_user).get(
        f"{CC}/enrollments/", {"role": "mentee", "status": "pending", "q": "Quin"}
    )

    assert _rows(response) == [applicants[1].pk]


def test_enrollments_no_match_says_so(client_for, manager_user, applicants):
    response = client_for(manager_user).get(f"{CC}/enrollments/", {"q": "nobody-here"})

    assert _rows(response) == []
    assert "No enrollment matches these filters." in _text(response)


def test_enrollments_invalid_filter_shows_error_and_everything(
    client_for, manager_user, applicants
):
    response = client_for(manager_user).get(f"{CC}/enrollments/", {"role": "boss"})

    assert response.status_code == 200
    assert "Select a valid choice. boss is not one of the available choices." in _errors(response)
    assert len(_rows(response)) == 4


def test_enrollments_paginate_by_25(client_for, manager_user, program):
    for n in range(28):
        EnrollmentFactory(program=program, person=_person("Pat", f"Zz{n:02d}"))

    first = client_for(manager_user).get(f"{CC}/enrollments/", {"status": "pending"})
    second = client_for(manager_user).get(f"{CC}/enrollments/", {"status": "pending", "page": "2"})

    assert len(_rows(first)) == 25
    assert "Page 1 of 2 (28 in all)" in _text(first)
    assert 'href="?status=pending&page=2" rel="next"' in _text(first)
    assert ">Pat Zz24</a>" in _text(first)
    assert len(_rows(second)) == 3
    assert "Page 2 of 2 (28 in all)" in _text(second)
    assert ">Pat Zz27</a>" in _text(second)
    assert not set(_rows(first)) & set(_rows(second))


def test_enrollments_htmx_returns_only_results_partial(client_for, manager_user, applicants):
    response = client_for(manager_user).get(
        f"{CC}/enrollments/", {"status": "pending"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    text = _text(response)
    assert "<html" not in text
    assert "<h1>" not in text
    assert '<form method="get"' not in text
    assert text.lstrip().startswith('<div id="results">')
    assert set(_rows(response)) == {applicants[0].pk, applicants[1].pk}


def test_enrollments_htmx_non_manager_still_403(client_for, mentor_user, applicants):
    response = client_for(mentor_user).get(f"{CC}/enrollments/", HTTP_HX_REQUEST="true")

    assert response.status_code == 403


# --- approve and decline ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_decide_approve_by_manager(client_for, request, persona, applicants):
    user = request.getfixturevalue(persona)
    enrollment = applicants[1]
    client = client_for(user)

    response = client.post(
        f"/programs/enrollments/{enrollment.pk}/approve/", {"note": "Welcome aboard"}
    )

    assert response.status_code == 302
    assert response.url == f"{CC}/enrollments/"
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"
    assert enrollment.decided_by == user
    assert enrollment.decided_at is not None
    assert enrollment.decision_note == "Welcome aboard"
    assert _message(client, response.url) == ["Quin Queued: approved."]


def test_decide_decline_htmx_returns_the_single_row(client_for, manager_user, applicants):
    enrollment = applicants[0]

    response = client_for(manager_user).post(
        f"/programs/enrollments/{enrollment.pk}/decline/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    text = _text(response)
    assert "<html" not in text
    assert _rows(response) == [enrollment.pk]
    assert text.strip().startswith(f'<tr id="enrollment-{enrollment.pk}">')
    assert text.strip().endswith("</tr>")
    assert '<span class="badge badge-declined">Declined</span>' in text
    assert "/approve/" not in text
    enrollment.refresh_from_db()
    assert enrollment.status == "declined"
    assert enrollment.decided_by == manager_user


def test_decide_approve_htmx_returns_the_single_row(client_for, manager_user, applicants):
    enrollment = applicants[1]

    response = client_for(manager_user).post(
        f"/programs/enrollments/{enrollment.pk}/approve/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert _rows(response) == [enrollment.pk]
    assert '<span class="badge badge-approved">Approved</span>' in _text(response)
    assert Enrollment.objects.get(pk=enrollment.pk).status == "approved"


def test_decide_non_pending_htmx_400_with_message_in_row(
    client_for, manager_user, mentee_user, program
):
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    response = client_for(manager_user).post(
        f"/programs/enrollments/{enrollment.pk}/decline/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert _rows(response) == [enrollment.pk]
    assert (
        '<p class="error" role="alert">This enrollment is already approved; only pending '
        "enrollments can be approved or declined.</p>" in _text(response)
    )
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"
    assert enrollment.decided_by is None


def test_decide_non_pending_without_htmx_redirects_with_error(
    client_for, manager_user, mentee_user, program
):
    enrollment = Enrollment.objects.get(person=mentee_user.person)
    client = client_for(manager_user)

    response = client.post(f"/programs/enrollments/{enrollment.pk}/approve/")

    assert response.status_code == 302
    assert _message(client, response.url) == [
        "This enrollment is already approved; only pending enrollments can be approved or declined."
    ]


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_decide_closed_program_htmx_400_with_message_in_row(
    client_for, manager_user, applicants, decision
):
    enrollment = applicants[1]
    Program.objects.filter(pk=enrollment.program_id).update(status="closed")

    response = client_for(manager_user).post(
        f"/programs/enrollments/{enrollment.pk}/{decision}/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert _rows(response) == [enrollment.pk]
    assert (
        '<p class="error" role="alert">This program is closed; its enrollments can no longer '
        "change.</p>" in _text(response)
    )
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.decided_by) == ("pending", None)


def test_decide_closed_program_without_htmx_redirects_with_error(
    client_for, manager_user, applicants
):
    enrollment = applicants[1]
    Program.objects.filter(pk=enrollment.program_id).update(status="closed")
    client = client_for(manager_user)

    response = client.post(f"/programs/enrollments/{enrollment.pk}/approve/")

    assert response.status_code == 302
    assert response.url == f"{CC}/enrollments/"
    assert _message(client, response.url) == [
        "This program is closed; its enrollments can no longer change."
    ]
    assert Enrollment.objects.get(pk=enrollment.pk).status == "pending"


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "outsider_user", "executive_user"]
)
@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_decide_someone_elses_enrollment_404(client_for, request, applicants, persona, decision):
    user = request.getfixturevalue(persona)
    enrollment = applicants[1]

    response = client_for(user).post(f"/programs/enrollments/{enrollment.pk}/{decision}/")

    assert response.status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == "pending"
    assert enrollment.decided_by is None


def test_decide_own_enrollment_without_manage_403(client_for, outsider_user, program):
    enrollment = EnrollmentFactory(program=program, person=outsider_user.person)

    response = client_for(outsider_user).post(f"/programs/enrollments/{enrollment.pk}/approve/")

    assert response.status_code == 403
    assert _has(response, MANAGERS_ONLY)
    assert Enrollment.objects.get(pk=enrollment.pk).status == "pending"


def test_decide_manager_of_another_program_404(client_for, applicants):
    other_manager = UserFactory(email="other-manager@example.com")
    PersonFactory(user=other_manager, email="other-manager@example.com")
    ProgramFactory(name="Other", slug="other").managers.add(other_manager)

    response = client_for(other_manager).post(f"/programs/enrollments/{applicants[1].pk}/approve/")

    assert response.status_code == 404
    assert Enrollment.objects.get(pk=applicants[1].pk).status == "pending"


def test_decide_unknown_decision_403(client_for, manager_user, applicants):
    response = client_for(manager_user).post(f"/programs/enrollments/{applicants[1].pk}/maybe/")

    assert response.status_code == 403
    assert Enrollment.objects.get(pk=applicants[1].pk).status == "pending"


def test_decide_unknown_enrollment_404(client_for, manager_user, program):
    response = client_for(manager_user).post("/programs/enrollments/999999/approve/")

    assert response.status_code == 404


def test_decide_get_not_allowed(client_for, manager_user, applicants):
    response = client_for(manager_user).get(f"/programs/enrollments/{applicants[1].pk}/approve/")

    assert response.status_code == 405
    assert Enrollment.objects.get(pk=applicants[1].pk).status == "pending"


def test_enrollments_review_shows_each_applicants_answers_in_question_order(
    client_for, manager_user, program, outsider_user
):
    first = QuestionFactory(program=program, text="Why now?", kind="text")
    second = QuestionFactory(
        program=program, text="Topics?", kind="multiple", choices=["Pay", "Promotion", "Craft"]
    )
    EnrollmentFactory(
        program=program,
        person=outsider_user.person,
        goals="Lead a team",
        answers={str(second.pk): ["Pay", "Craft"], str(first.pk): "Ready to grow"},
    )

    response = client_for(manager_user).get(f"/programs/{program.slug}/enrollments/?status=pending")

    row = next(e for e in response.context["page_obj"] if e.person == outsider_user.person)
    assert row.answer_rows == [("Why now?", "Ready to grow"), ("Topics?", "Pay, Craft")]
    body = response.content.decode()
    assert "<dt>Goals</dt><dd>Lead a team</dd>" in body
    assert "<dt>Topics?</dt><dd>Pay, Craft</dd>" in body
