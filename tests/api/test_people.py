import pytest

from tests.factories import (
    DepartmentFactory,
    LanguageFactory,
    PersonFactory,
    PersonSkillFactory,
    ProgramFactory,
    SkillCategoryFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# --- GET /people -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_people_list_allowed_for_admins_and_program_managers(request, api_as, program, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).get("/people")

    assert response.status_code == 200
    emails = {person["email"] for person in response.json()["items"]}
    assert emails == {"manager@example.com", "mentor@example.com", "mentee@example.com"} | {
        user.email
    }


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_people_list_refused_for_other_personas(request, api_as, program, persona):
    response = api_as(request.getfixturevalue(persona)).get("/people")

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only organization admins and program managers can list people."
    )


def test_people_list_filters_by_search_department_and_level(api_as, admin_user):
    sales = DepartmentFactory(name="Sales")
    PersonFactory(first_name="Ada", last_name="Lovelace", department=sales, level=5)
    PersonFactory(first_name="Ada", last_name="Byron", level=5)
    PersonFactory(first_name="Grace", last_name="Hopper", department=sales, level=7)
    api = api_as(admin_user)

    by_search = api.get("/people", search="ada").json()
    by_department = api.get("/people", department=sales.pk).json()
    combined = api.get("/people", search="ada", department=sales.pk, level=5).json()

    assert [p["last_name"] for p in by_search["items"]] == ["Byron", "Lovelace"]
    assert [p["last_name"] for p in by_department["items"]] == ["Hopper", "Lovelace"]
    assert [p["last_name"] for p in combined["items"]] == ["Lovelace"]
    assert combined["items"][0]["department"] == {"id": sales.pk, "name": "Sales"}


def test_people_list_is_paginated(api_as, admin_user):
    for n in range(4):
        PersonFactory(last_name=f"Zz{n}")
    api = api_as(admin_user)

    first = api.get("/people", page_size=2).json()
    last = api.get("/people", page_size=2, page=3).json()

    assert first["count"] == 5
    assert len(first["items"]) == 2
    assert [p["last_name"] for p in last["items"]] == ["Zz3"]


def test_people_list_with_invalid_filter_gets_422_with_field_errors(api_as, admin_user):
    response = api_as(admin_user).get("/people", level=13, page=0)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Some fields are not valid; see `errors`.",
        "errors": {
            "level": "Input should be less than or equal to 12",
            "page": "Input should be greater than or equal to 1",
        },
    }


# --- GET /people/me --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona",
    ["admin_user", "manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"],
)
def test_my_profile_for_every_persona(request, api_as, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).get("/people/me")

    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_my_profile_lists_skills_and_languages(api_as, mentee_user):
    person = mentee_user.person
    PersonSkillFactory(
        person=person,
        skill=SkillFactory(name="Negotiation", category=SkillCategoryFactory(name="Business")),
        level=2,
        wants_to_learn=True,
    )
    person.languages.add(LanguageFactory())

    body = api_as(mentee_user).get("/people/me").json()

    assert body["languages"] == ["en"]
    assert body["skills"] == [
        {
            "skill": {
                "id": person.skills.get().skill_id,
                "name": "Negotiation",
                "category": "Business",
                "description": "",
            },
            "level": 2,
            "can_teach": False,
            "wants_to_learn": True,
        }
    ]


def test_my_profile_without_employee_record_gets_403(api_as, db):
    response = api_as(UserFactory(email="nobody@example.com")).get("/people/me")

    assert response.status_code == 403
    assert response.json()["detail"] == "Your login is not linked to an employee profile yet."


# --- GET /people/{id} ------------------------------------------------------------------------


def test_person_detail_own_profile(api_as, mentee_user):
    response = api_as(mentee_user).get(f"/people/{mentee_user.person.pk}")

    assert response.status_code == 200
    assert response.json()["email"] == "mentee@example.com"


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_person_detail_of_someone_else_for_people_browsers(request, api_as, program, persona):
    other = PersonFactory(email="someone@example.com")

    response = api_as(request.getfixturevalue(persona)).get(f"/people/{other.pk}")

    assert response.status_code == 200
    assert response.json()["email"] == "someone@example.com"


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_person_detail_of_someone_else_refused(request, api_as, program, persona):
    other = PersonFactory()

    response = api_as(request.getfixturevalue(persona)).get(f"/people/{other.pk}")

    assert response.status_code == 403
    assert response.json()["detail"] == "You can only see your own profile."


def test_person_detail_missing_gets_404(api_as, admin_user):
    response = api_as(admin_user).get("/people/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


@pytest.mark.parametrize("bad_id", ["0", "abc", str(2**64)])
def test_person_detail_invalid_id_gets_422(api_as, admin_user, bad_id):
    response = api_as(admin_user).get(f"/people/{bad_id}")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["person_id"]


# --- GET /skills -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentee_user", "executive_user", "outsider_user"])
def test_skills_search_for_any_logged_in_user(request, api_as, persona):
    SkillFactory(name="Public speaking")
    SkillFactory(name="Speaking up in meetings")
    SkillFactory(name="Negotiation")

    response = api_as(request.getfixturevalue(persona)).get("/skills", search="speak")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [s["name"] for s in body["items"]] == ["Speaking up in meetings", "Public speaking"]


def test_skills_without_search_lists_the_catalogue(api_as, mentee_user):
    for name in ["Coaching", "Budgeting", "Architecture"]:
        SkillFactory(name=name)

    body = api_as(mentee_user).get("/skills", page_size=2).json()

    assert body["count"] == 3
    assert [s["name"] for s in body["items"]] == ["Architecture", "Budgeting"]


def test_skills_search_with_nul_character_gets_422(api_as, mentee_user):
    response = api_as(mentee_user).get("/skills", search="a\x00b")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["search"]


def test_people_browser_can_be_a_manager_of_a_draft_program_only(api_as, db):
    user = UserFactory(email="draft-manager@example.com")
    PersonFactory(user=user, email=user.email)
    ProgramFactory(status="draft").managers.add(user)

    assert api_as(user).get("/people").status_code == 200
