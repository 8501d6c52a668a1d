import pytest

from mentorpath.programs.models import Program
from tests.factories import DepartmentFactory, ObjectiveFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PROGRAM = {"name": "Lead the Way", "program_type": "leadership", "description": "For leads."}


def slugs(response) -> list[str]:
    return sorted(program["slug"] for program in response.json()["items"])


# --- GET /programs ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "executive_user"])
def test_programs_list_shows_every_program_to_admins_and_executives(
    request, api_as, program, persona
):
    ProgramFactory(slug="quiet-draft", status="draft")

    response = api_as(request.getfixturevalue(persona)).get("/programs")

    assert response.status_code == 200
    assert slugs(response) == ["career-compass", "quiet-draft"]
    assert response.json()["count"] == 2


@pytest.mark.parametrize("persona", ["mentee_user", "outsider_user"])
def test_programs_list_hides_drafts_from_participants(request, api_as, program, persona):
    ProgramFactory(slug="quiet-draft", status="draft")

    response = api_as(request.getfixturevalue(persona)).get("/programs")

    assert slugs(response) == ["career-compass"]


def test_programs_list_shows_every_non_draft_program_to_an_outsider(api_as, program, outsider_user):
    ProgramFactory(slug="quiet-draft", status="draft")
    ProgramFactory(slug="by-link", visibility="unlisted")
    ProgramFactory(slug="senior-only", min_level=9)
    ProgramFactory(slug="wrapped-up", status="closed")

    response = api_as(outsider_user).get("/programs")

    assert slugs(response) == ["by-link", "career-compass", "senior-only", "wrapped-up"]


def test_programs_list_shows_a_manager_their_draft(api_as, program, manager_user):
    ProgramFactory(slug="my-draft", status="draft").managers.add(manager_user)
    ProgramFactory(slug="other-draft", status="draft")

    assert slugs(api_as(manager_user).get("/programs")) == ["career-compass", "my-draft"]


def test_programs_list_keeps_a_closed_program_for_its_participants(api_as, program, mentee_user):
    Program.objects.filter(pk=program.pk).update(status="closed")

    assert slugs(api_as(mentee_user).get("/programs")) == ["career-compass"]


# --- GET /programs/{slug} --------------------------------------------------------------------


def test_program_detail_has_objectives_and_questions(api_as, program, outsider_user):
    question = program.questions.create(text="Why?", kind="single", choices=["a", "b"])

    response = api_as(outsider_user).get("/programs/career-compass")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "enrolling"
    assert body["objectives"][0]["kpi"] == "retention_12m"
    assert body["questions"] == [
        {
            "id": question.pk,
            "text": "Why?",
            "help_text": "",
            "kind": "single",
            "audience": "both",
            "choices": ["a", "b"],
            "required": True,
        }
    ]


def test_program_detail_of_an_invisible_program_gets_404(api_as, outsider_user):
    ProgramFactory(slug="quiet-draft", status="draft")

    response = api_as(outsider_user).get("/programs/quiet-draft")

    assert response.status_code == 404


def test_program_detail_of_an_unlisted_program_by_its_link(api_as, outsider_user):
    ProgramFactory(slug="by-link", visibility="unlisted")

    response = api_as(outsider_user).get("/programs/by-link")

    assert response.status_code == 200
    assert (response.json()["slug"], response.json()["visibility"]) == ("by-link", "unlisted")


def test_program_detail_of_a_draft_for_an_executive(api_as, executive_user):
    ProgramFactory(slug="quiet-draft", status="draft")

    assert api_as(executive_user).get("/programs/quiet-draft").status_code == 200


def test_program_detail_with_an_invalid_slug_gets_422(api_as, admin_user):
    assert api_as(admin_user).get("/programs/not a slug!").status_code == 422


# --- POST /programs --------------------------------------------------------------------------


def test_program_create_by_org_admin(api_as, admin_user, manager_user):
    engineering = DepartmentFactory(name="Engineering")
    payload = {
        **NEW_PROGRAM,
        "eligible_departments": [engineering.pk],
        "managers": [manager_user.pk],
        "min_level": 3,
        "max_level": 8,
        "mentor_min_level": 9,
    }

    response = api_as(admin_user).post("/programs", payload)

    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "lead-the-way"
    assert body["status"] == "draft"
    assert body["eligible_departments"] == [engineering.pk]
    assert body["managers"] == [manager_user.pk]
    program = Program.objects.get(slug="lead-the-way")
    assert list(program.managers.all()) == [manager_user]
    assert (program.min_level, program.max_level, program.mentor_min_level) == (3, 8, 9)
    assert body["mentor_min_level"] == 9


@pytest.mark.parametrize(
    "persona", ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_program_create_refused_for_everyone_but_org_admins(request, api_as, program, persona):
    response = api_as(request.getfixturevalue(persona)).post("/programs", NEW_PROGRAM)

    assert response.status_code == 403
    assert response.json()["detail"] == "Only organization admins create programs."
    assert not Program.objects.filter(name="Lead the Way").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"program_type": "career"}, "name"),
        ({**NEW_PROGRAM, "name": "   "}, "name"),
        ({**NEW_PROGRAM, "program_type": "astrology"}, "program_type"),
        ({**NEW_PROGRAM, "default_mentor_capacity": -1}, "default_mentor_capacity"),
        ({**NEW_PROGRAM, "max_level": 13}, "max_level"),
        ({**NEW_PROGRAM, "slug": "chosen"}, "slug"),
    ],
)
def test_program_create_with_invalid_input_gets_422_and_saves_nothing(
    api_as, admin_user, payload, field
):
    response = api_as(admin_user).post("/programs", payload)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Program.objects.count() == 0


def test_program_create_with_a_list_body_gets_422(api_as, admin_user):
    assert api_as(admin_user).post("/programs", [NEW_PROGRAM]).status_code == 422


def test_program_create_with_unparsable_json_gets_400(api_as, admin_user):
    response = api_as(admin_user).client.post(
        "/api/v1/programs", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body", "errors": {}}


def test_program_create_with_unknown_department_gets_400_and_saves_nothing(api_as, admin_user):
    response = api_as(admin_user).post("/programs", {**NEW_PROGRAM, "eligible_departments": [987]})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Unknown ids: 987.",
        "errors": {"eligible_departments": "Unknown ids: 987."},
    }
    assert Program.objects.count() == 0


def test_program_create_ending_before_it_starts_gets_400_and_saves_nothing(api_as, admin_user):
    payload = {**NEW_PROGRAM, "start_date": "2026-06-01", "end_date": "2026-01-01"}

    response = api_as(admin_user).post("/programs", payload)

    assert response.status_code == 400
    assert response.json()["detail"]
    assert Program.objects.count() == 0


# --- PATCH /programs/{slug} ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_program_update_by_managers_changes_only_the_fields_sent(request, api_as, program, persona):
    response = api_as(request.getfixturevalue(persona)).patch(
        "/programs/career-compass", {"description": "Grow on purpose.", "min_level": 2}
    )

    assert response.status_code == 200
    program.refresh_from_db()
    assert (program.name, program.description, program.min_level) == (
        "Career Compass",
        "Grow on purpose.",
        2,
    )


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_program_update_refused_for_non_managers(request, api_as, program, persona):
    response = api_as(request.getfixturevalue(persona)).patch(
        "/programs/career-compass", {"name": "Hijacked"}
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Only this program's managers can do that."
    program.refresh_from_db()
    assert program.name == "Career Compass"


def test_program_update_of_an_invisible_program_gets_404(api_as, outsider_user):
    ProgramFactory(slug="quiet-draft", status="draft")

    response = api_as(outsider_user).patch("/programs/quiet-draft", {"name": "Mine"})

    assert response.status_code == 404


def test_program_update_of_managers_refused_for_a_program_manager(
    api_as, program, manager_user, outsider_user
):
    response = api_as(manager_user).patch(
        "/programs/career-compass", {"managers": [manager_user.pk, outsider_user.pk]}
    )

    assert response.status_code == 403
    assert list(program.managers.all()) == [manager_user]


def test_program_update_of_managers_by_org_admin(api_as, program, admin_user, outsider_user):
    response = api_as(admin_user).patch(
        "/programs/career-compass", {"managers": [outsider_user.pk]}
    )

    assert response.status_code == 200
    assert response.json()["managers"] == [outsider_user.pk]


def test_program_update_with_null_for_a_required_field_gets_422(api_as, program, manager_user):
    response = api_as(manager_user).patch("/programs/career-compass", {"name": None})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]


def test_program_update_with_inverted_levels_gets_400_and_saves_nothing(
    api_as, program, manager_user
):
    response = api_as(manager_user).patch(
        "/programs/career-compass", {"min_level": 6, "max_level": 2}
    )

    assert response.status_code == 400
    program.refresh_from_db()
    assert (program.min_level, program.max_level) == (None, None)


def test_program_update_of_a_closed_program_gets_400(api_as, program, manager_user):
    Program.objects.filter(pk=program.pk).update(status="closed")

    response = api_as(manager_user).patch("/programs/career-compass", {"name": "Reopened"})

    assert response.status_code == 400
    assert response.json()["detail"] == "A closed program can no longer be changed."


# --- POST /programs/{slug}/transition --------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_program_transition_by_managers(request, api_as, program, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        "/programs/career-compass/transition", {"status": "matching"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "matching"
    program.refresh_from_db()
    assert program.status == "matching"


@pytest.mark.parametrize("persona", ["mentor_user", "executive_user", "outsider_user"])
def test_program_transition_refused_for_non_managers(request, api_as, program, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        "/programs/career-compass/transition", {"status": "matching"}
    )

    assert response.status_code == 403
    program.refresh_from_db()
    assert program.status == "enrolling"


def test_program_transition_not_allowed_gets_400_with_the_allowed_ones(
    api_as, program, manager_user
):
    response = api_as(manager_user).post(
        "/programs/career-compass/transition", {"status": "closed"}
    )

    assert response.status_code == 400
    message = "A program cannot go from Enrolling to Closed. Allowed: Matching, Draft."
    assert response.json() == {"detail": message, "errors": {"status": message}}
    program.refresh_from_db()
    assert program.status == "enrolling"


def test_program_transition_to_an_unknown_status_gets_422(api_as, program, manager_user):
    response = api_as(manager_user).post("/programs/career-compass/transition", {"status": "done"})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["status"]


def test_program_transition_opening_without_objective_gets_400(api_as, admin_user):
    ProgramFactory(slug="bare", status="draft")

    response = api_as(admin_user).post("/programs/bare/transition", {"status": "enrolling"})

    assert response.status_code == 400
    assert Program.objects.get(slug="bare").status == "draft"


def test_program_transition_opening_with_objective(api_as, admin_user):
    ObjectiveFactory(program=ProgramFactory(slug="ready", status="draft"))

    response = api_as(admin_user).post("/programs/ready/transition", {"status": "enrolling"})

    assert response.status_code == 200
    assert Program.objects.get(slug="ready").status == "enrolling"


def test_program_create_with_an_inactive_manager_gets_400(api_as, admin_user):
    gone = UserFactory(email="gone@example.com", is_active=False)

    response = api_as(admin_user).post("/programs", {**NEW_PROGRAM, "managers": [gone.pk]})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["managers"]
