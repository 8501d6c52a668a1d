"""My profile and its htmx skill picker, the people directory, person pages, reporting lines."""

import html
import re
from datetime import date

import pytest
from django.test import Client

from mentorpath.people.models import Person, PersonSkill
from tests.factories import (
    DepartmentFactory,
    InterestFactory,
    LanguageFactory,
    PersonFactory,
    PersonSkillFactory,
    SkillCategoryFactory,
    SkillFactory,
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
BROWSE_REFUSED = "Only admins and program managers can browse people."
OWN_ONLY = "You can only see your own profile."
NO_PERSON = "Your login is not linked to an employee profile yet."
HR_ONLY = "Only organization admins change reporting lines."


def _text(response) -> str:
    return response.content.decode()


def _contains(response, text: str) -> bool:
    return html.escape(text) in _text(response)


def _profile_data(**overrides) -> dict:
    data = {
        "title": "Staff Engineer",
        "bio": "I build things.",
        "career_goals": "Lead a platform team.",
        "time_zone": "Europe/Lisbon",
        "availability_hours_per_month": "6",
        "style_structure": "2",
        "style_pace": "4",
        "style_communication": "",
        "style_feedback": "5",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _named(first: str, last: str, **fields) -> Person:
    return PersonFactory(first_name=first, last_name=last, **fields)


# --- anonymous access ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/people/",
        "/people/me/",
        "/people/me/skills/search/",
        "/people/me/skills/",
        "/people/me/skills/1/remove/",
        "/people/1/",
        "/people/1/manager/",
    ],
)
def test_people_pages_anonymous_redirect_to_login(url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", ["/people/me/skills/", "/people/me/skills/1/remove/"])
def test_skill_posts_anonymous_redirect_to_login(url):
    response = Client().post(url, {"skill": "1", "level": "3"})

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert not PersonSkill.objects.exists()


# --- my profile ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_profile_every_persona_with_person_gets_own_page(client_for, request, persona):
    user = request.getfixturevalue(persona)

    response = client_for(user).get("/people/me/")

    assert response.status_code == 200
    assert "<h1>My profile</h1>" in _text(response)
    assert _contains(response, user.person.full_name)


def test_my_profile_without_person_403(client_for):
    user = UserFactory(email="loginonly@example.com")

    response = client_for(user).get("/people/me/")

    assert response.status_code == 403
    assert NO_PERSON in _text(response)


def test_my_profile_valid_post_saves_and_redirects(client_for, mentee_user):
    english = LanguageFactory(code="en", name="English")
    german = LanguageFactory(code="de", name="German")
    chess = InterestFactory(name="Chess")
    client = client_for(mentee_user)

    response = client.post(
        "/people/me/",
        _profile_data(languages=[english.pk, german.pk], interests=[chess.pk]),
    )

    assert response.status_code == 302
    assert response.url == "/people/me/"
    person = Person.objects.get(pk=mentee_user.person.pk)
    assert person.title == "Staff Engineer"
    assert person.bio == "I build things."
    assert person.career_goals == "Lead a platform team."
    assert person.time_zone == "Europe/Lisbon"
    assert person.availability_hours_per_month == 6
    assert (person.style_structure, person.style_pace) == (2, 4)
    assert person.style_communication is None
    assert person.style_feedback == 5
    assert set(person.languages.all()) == {english, german}
    assert list(person.interests.all()) == [chess]
    assert "Your profile was saved." in _text(client.get("/people/me/"))


def test_my_profile_bad_time_zone_shows_error_and_saves_nothing(client_for, mentee_user):
    before = Person.objects.get(pk=mentee_user.person.pk)

    response = client_for(mentee_user).post("/people/me/", _profile_data(time_zone="Mars/Olympus"))

    assert response.status_code == 200
    assert (
        "Mars/Olympus is not a known time zone; use an IANA name such as Europe/Berlin."
        in _text(response)
    )
    after = Person.objects.get(pk=before.pk)
    assert (after.title, after.time_zone, after.bio) == (before.title, "Europe/Berlin", "")


def test_my_profile_working_style_out_of_range_shows_error_and_saves_nothing(
    client_for, mentee_user
):
    response = client_for(mentee_user).post("/people/me/", _profile_data(style_pace="9"))

    assert response.status_code == 200
    assert "Select a valid choice. 9 is not one of the available choices." in _text(response)
    after = Person.objects.get(pk=mentee_user.person.pk)
    assert after.style_pace is None
    assert after.title == "Engineer"


def test_my_profile_availability_over_80_hours_shows_error(client_for, mentee_user):
    response = client_for(mentee_user).post(
        "/people/me/", _profile_data(availability_hours_per_month="81")
    )

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 80." in _text(response)
    assert Person.objects.get(pk=mentee_user.person.pk).availability_hours_per_month is None


def test_my_profile_missing_time_zone_is_required(client_for, mentee_user):
    response = client_for(mentee_user).post("/people/me/", _profile_data(time_zone=""))

    assert response.status_code == 200
    assert "This field is required." in _text(response)
    assert Person.objects.get(pk=mentee_user.person.pk).time_zone == "Europe/Berlin"


def test_my_profile_invalid_post_header_shows_stored_values(client_for, mentee_user):
    response = client_for(mentee_user).post(
        "/people/me/", _profile_data(title="Brand New Title", time_zone="Mars/Olympus")
    )

    assert response.status_code == 200
    header = re.search(r'<p class="meta">([^<]*)</p>', _text(response)).group(1)
    assert " · Engineer · " in header
    assert "Brand New Title" not in header


def test_my_profile_hr_fields_cannot_be_changed_by_posting_them(client_for, mentee_user):
    boss = _named("Bea", "Boss")
    sales = DepartmentFactory(name="Sales")
    before = Person.objects.get(pk=mentee_user.person.pk)

    response = client_for(mentee_user).post(
        "/people/me/",
        _profile_data(
            level="12",
            department=str(sales.pk),
            manager=str(boss.pk),
            employee_id="HACKED",
            email="hacked@example.com",
            first_name="Hacked",
            termination_date="2020-01-01",
        ),
    )

    assert response.status_code == 302
    after = Person.objects.get(pk=before.pk)
    assert after.title == "Staff Engineer"  # the profile fields were saved...
    assert after.level == 2  # ...but none of the HR fields
    assert after.department.name == "Engineering"
    assert after.manager_id is None
    assert after.employee_id == before.employee_id
    assert after.email == "mentee@example.com"
    assert after.first_name == before.first_name
    assert after.termination_date is None


def test_my_profile_form_has_no_hr_fields(client_for, mentee_user):
    text = _text(client_for(mentee_user).get("/people/me/"))

    for field in ("level", "department", "manager", "employee_id", "email"):
        assert f'name="{field}"' not in text


# --- skill search -------------------------------------------------------------------------


@pytest.fixture
def skills(db):
    leadership = SkillCategoryFactory(name="Leadership")
    data = SkillCategoryFactory(name="Data")
    return {
        "negotiation": SkillFactory(name="Negotiation", category=leadership),
        "coaching": SkillFactory(name="Coaching", category=leadership),
        "python": SkillFactory(name="Python", category=data),
        "sql": SkillFactory(name="SQL", category=data),
    }


def test_skill_search_returns_matches_not_already_held(client_for, mentee_user, skills):
    PersonSkillFactory(person=mentee_user.person, skill=skills["coaching"])

    response = client_for(mentee_user).get("/people/me/skills/search/", {"q": "leader"})

    assert response.status_code == 200
    text = _text(response)
    assert "<html" not in text
    assert text.lstrip().startswith('<ul id="skill-results"')
    assert "<strong>Negotiation</strong>" in text
    assert "<strong>Coaching</strong>" not in text  # already on the profile
    assert "<strong>Python</strong>" not in text
    assert f'name="skill" value="{skills["negotiation"].pk}"' in text


def test_skill_search_matches_name_substring(client_for, mentee_user, skills):
    response = client_for(mentee_user).get("/people/me/skills/search/", {"q": "yth"})

    text = _text(response)
    assert "<strong>Python</strong>" in text
    assert text.count("<strong>") == 1


def test_skill_search_no_match_says_so(client_for, mentee_user, skills):
    response = client_for(mentee_user).get("/people/me/skills/search/", {"q": "juggling"})

    assert response.status_code == 200
    assert "No skill matches “juggling”." in _text(response)


def test_skill_search_empty_query_returns_empty_list(client_for, mentee_user, skills):
    response = client_for(mentee_user).get("/people/me/skills/search/", {"q": ""})

    assert response.status_code == 200
    assert "<strong>" not in _text(response)
    assert "No skill matches" not in _text(response)


def test_skill_search_post_not_allowed(client_for, mentee_user):
    response = client_for(mentee_user).post("/people/me/skills/search/", {"q": "a"})

    assert response.status_code == 405


def test_skill_search_without_person_403(client_for, skills):
    user = UserFactory(email="loginonly@example.com")

    response = client_for(user).get("/people/me/skills/search/", {"q": "py"})

    assert response.status_code == 403


# --- adding, changing and removing skills -------------------------------------------------


def test_skill_save_without_htmx_saves_and_redirects(client_for, mentee_user, skills):
    client = client_for(mentee_user)

    response = client.post(
        "/people/me/skills/",
        {"skill": skills["python"].pk, "level": "4", "wants_to_learn": "on"},
    )

    assert response.status_code == 302
    assert response.url == "/people/me/"
    saved = PersonSkill.objects.get(person=mentee_user.person)
    assert (saved.skill, saved.level, saved.can_teach, saved.wants_to_learn) == (
        skills["python"],
        4,
        False,
        True,
    )
    assert f'id="skill-{skills["python"].pk}"' in _text(client.get("/people/me/"))


def test_skill_save_htmx_saves_and_returns_skills_partial(client_for, mentee_user, skills):
    response = client_for(mentee_user).post(
        "/people/me/skills/",
        {"skill": skills["sql"].pk, "level": "2", "can_teach": "on"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    text = _text(response)
    assert "<html" not in text
    assert text.lstrip().startswith('<div id="skills">')
    assert f'<tr class="skill-row" id="skill-{skills["sql"].pk}">' in text
    assert '<option value="2" selected>2 · Beginner</option>' in text
    # the search results are cleared out of band
    assert '<ul id="skill-results" class="skill-results" hx-swap-oob="true"></ul>' in text
    saved = PersonSkill.objects.get(person=mentee_user.person)
    assert (saved.skill, saved.level, saved.can_teach, saved.wants_to_learn) == (
        skills["sql"],
        2,
        True,
        False,
    )


def test_skill_save_existing_skill_updates_level_and_intent(client_for, mentee_user, skills):
    PersonSkillFactory(person=mentee_user.person, skill=skills["python"], level=1, can_teach=True)

    response = client_for(mentee_user).post(
        "/people/me/skills/",
        {"skill": skills["python"].pk, "level": "5", "wants_to_learn": "on"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    saved = PersonSkill.objects.get(person=mentee_user.person)
    assert (saved.level, saved.can_teach, saved.wants_to_learn) == (5, False, True)


def test_skill_save_unknown_skill_htmx_400_with_message_and_nothing_saved(
    client_for, mentee_user, skills
):
    response = client_for(mentee_user).post(
        "/people/me/skills/", {"skill": "999999", "level": "3"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert "That skill is not in the skill catalogue." in _text(response)
    assert '<div class="alert alert-error" role="alert">' in _text(response)
    assert not PersonSkill.objects.exists()


def test_skill_save_unknown_skill_without_htmx_redirects_with_error_message(
    client_for, mentee_user, skills
):
    client = client_for(mentee_user)

    response = client.post("/people/me/skills/", {"skill": "999999", "level": "3"})

    assert response.status_code == 302
    assert response.url == "/people/me/"
    assert not PersonSkill.objects.exists()
    page = _text(client.get("/people/me/"))
    assert (
        '<li class="message message-error">That skill is not in the skill catalogue.</li>' in page
    )


def test_skill_save_level_6_htmx_400_and_nothing_saved(client_for, mentee_user, skills):
    response = client_for(mentee_user).post(
        "/people/me/skills/",
        {"skill": skills["python"].pk, "level": "6"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 400
    assert "Select a valid choice. 6 is not one of the available choices." in _text(response)
    assert not PersonSkill.objects.exists()


def test_skill_save_level_0_does_not_change_existing_skill(client_for, mentee_user, skills):
    PersonSkillFactory(person=mentee_user.person, skill=skills["python"], level=3)

    response = client_for(mentee_user).post(
        "/people/me/skills/",
        {"skill": skills["python"].pk, "level": "0"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 400
    assert PersonSkill.objects.get(person=mentee_user.person).level == 3


def test_skill_save_non_numeric_skill_400(client_for, mentee_user):
    response = client_for(mentee_user).post(
        "/people/me/skills/", {"skill": "abc", "level": "3"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert "Enter a whole number." in _text(response)


def test_skill_save_get_not_allowed(client_for, mentee_user):
    response = client_for(mentee_user).get("/people/me/skills/")

    assert response.status_code == 405


def test_skill_save_without_person_403(client_for, skills):
    user = UserFactory(email="loginonly@example.com")

    response = client_for(user).post(
        "/people/me/skills/", {"skill": skills["python"].pk, "level": "3"}
    )

    assert response.status_code == 403
    assert not PersonSkill.objects.exists()


def test_skill_remove_without_htmx_removes_and_redirects(client_for, mentee_user, skills):
    PersonSkillFactory(person=mentee_user.person, skill=skills["python"])
    PersonSkillFactory(person=mentee_user.person, skill=skills["sql"])

    response = client_for(mentee_user).post(f"/people/me/skills/{skills['python'].pk}/remove/")

    assert response.status_code == 302
    assert response.url == "/people/me/"
    assert list(
        PersonSkill.objects.filter(person=mentee_user.person).values_list("skill__name", flat=True)
    ) == ["SQL"]


def test_skill_remove_htmx_returns_partial_without_skill(client_for, mentee_user, skills):
    PersonSkillFactory(person=mentee_user.person, skill=skills["python"])

    response = client_for(mentee_user).post(
        f"/people/me/skills/{skills['python'].pk}/remove/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    text = _text(response)
    assert "<html" not in text
    assert "No skills yet. Search above to add your first." in text
    assert not PersonSkill.objects.exists()


def test_skill_remove_only_touches_own_skills(client_for, mentee_user, mentor_user, skills):
    PersonSkillFactory(person=mentor_user.person, skill=skills["python"])

    response = client_for(mentee_user).post(f"/people/me/skills/{skills['python'].pk}/remove/")

    assert response.status_code == 302
    assert PersonSkill.objects.filter(person=mentor_user.person).count() == 1


def test_skill_remove_get_not_allowed(client_for, mentee_user, skills):
    PersonSkillFactory(person=mentee_user.person, skill=skills["python"])

    response = client_for(mentee_user).get(f"/people/me/skills/{skills['python'].pk}/remove/")

    assert response.status_code == 405
    assert PersonSkill.objects.count() == 1


# --- people directory ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_directory_admin_and_program_manager_may_browse(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    _named("Ada", "Lovelace")

    response = client_for(user).get("/people/")

    assert response.status_code == 200
    assert "<h1>People</h1>" in _text(response)
    assert ">Ada Lovelace</a>" in _text(response)


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "outsider_user", "executive_user"]
)
def test_directory_other_personas_403(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).get("/people/")

    assert response.status_code == 403
    assert BROWSE_REFUSED in _text(response)


def test_directory_search_filters_by_name(client_for, admin_user):
    _named("Ada", "Lovelace")
    _named("Grace", "Hopper")

    response = client_for(admin_user).get("/people/", {"q": "lovelace"})

    assert response.status_code == 200
    assert ">Ada Lovelace</a>" in _text(response)
    assert "Grace Hopper" not in _text(response)


def test_directory_filters_by_department_and_level(client_for, admin_user):
    sales = DepartmentFactory(name="Sales")
    _named("Sally", "Seller", department=sales, level=4)
    _named("Sam", "Junior", department=sales, level=2)
    _named("Eve", "Engineer", level=4)

    response = client_for(admin_user).get("/people/", {"department": sales.pk, "level": "4"})

    text = _text(response)
    assert ">Sally Seller</a>" in text
    assert "Sam Junior" not in text
    assert "Eve Engineer" not in text


def test_directory_no_match_says_so(client_for, admin_user):
    response = client_for(admin_user).get("/people/", {"q": "nobody-by-this-name"})

    assert "Nobody matches these filters." in _text(response)


def test_directory_hides_people_who_left(client_for, admin_user):
    _named("Gone", "Away", hire_date=date(2020, 1, 1), termination_date=date(2024, 1, 31))

    response = client_for(admin_user).get("/people/")

    assert "Gone Away" not in _text(response)


def test_directory_invalid_level_shows_error(client_for, admin_user):
    response = client_for(admin_user).get("/people/", {"level": "13"})

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 12." in _text(response)


def test_directory_paginates_by_25(client_for, admin_user):
    for n in range(30):
        _named("Pat", f"Qxv{n:02d}")

    first = _text(client_for(admin_user).get("/people/", {"q": "qxv"}))
    second = _text(client_for(admin_user).get("/people/", {"q": "qxv", "page": "2"}))

    assert "Page 1 of 2 (30 in all)" in first
    assert ">Pat Qxv24</a>" in first
    assert "Pat Qxv25" not in first
    assert 'href="?q=qxv&page=2" rel="next"' in first
    assert "Page 2 of 2 (30 in all)" in second
    assert ">Pat Qxv29</a>" in second
    assert "Pat Qxv00" not in second


# --- person detail ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_person_detail_admin_and_manager_see_anyone(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    other = _named("Ada", "Lovelace", employee_id="E-ADA")

    response = client_for(user).get(f"/people/{other.pk}/")

    assert response.status_code == 200
    assert "<h1>Ada Lovelace</h1>" in _text(response)
    assert "<dd>E-ADA</dd>" in _text(response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_person_detail_own_page_visible(client_for, request, persona, program):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(f"/people/{user.person.pk}/")

    assert response.status_code == 200
    assert f"<h1>{html.escape(user.person.full_name)}</h1>" in _text(response)
    assert f"<dd>{user.person.employee_id}</dd>" in _text(response)


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "outsider_user", "executive_user"]
)
def test_person_detail_someone_else_403(client_for, request, persona, program):
    user = request.getfixturevalue(persona)
    other = _named("Ada", "Lovelace")

    response = client_for(user).get(f"/people/{other.pk}/")

    assert response.status_code == 403
    assert OWN_ONLY in _text(response)
    assert "Ada Lovelace" not in _text(response)


def test_person_detail_mentee_cannot_see_own_mentor(client_for, mentee_user, mentor_user, program):
    response = client_for(mentee_user).get(f"/people/{mentor_user.person.pk}/")

    assert response.status_code == 403


def test_person_detail_unknown_person_404(client_for, admin_user):
    response = client_for(admin_user).get("/people/999999/")

    assert response.status_code == 404


def test_person_detail_shows_change_manager_link_to_admin_only(
    client_for, admin_user, manager_user, program
):
    other = _named("Ada", "Lovelace")
    link = f'<a href="/people/{other.pk}/manager/">Change</a>'

    assert link in _text(client_for(admin_user).get(f"/people/{other.pk}/"))
    assert link not in _text(client_for(manager_user).get(f"/people/{other.pk}/"))


def test_person_detail_shows_skills_and_enrollments(client_for, manager_user, mentee_user, program):
    PersonSkillFactory(
        person=mentee_user.person,
        skill=SkillFactory(name="Negotiation"),
        level=2,
        wants_to_learn=True,
    )

    text = _text(client_for(manager_user).get(f"/people/{mentee_user.person.pk}/"))

    assert "<li>Negotiation — level 2, wants to learn</li>" in text
    assert "<li>Career Compass — Mentee, approved</li>" in text


# --- changing a manager -------------------------------------------------------------------


@pytest.fixture
def line(db):
    """Ada manages Bob, who manages Cy."""
    ada = _named("Ada", "Top")
    bob = _named("Bob", "Middle", manager=ada)
    cy = _named("Cy", "Bottom", manager=bob)
    return ada, bob, cy


def test_person_manager_admin_gets_form(client_for, admin_user, line):
    _, bob, _ = line

    response = client_for(admin_user).get(f"/people/{bob.pk}/manager/")

    assert response.status_code == 200
    assert "<h1>Who does Bob Middle report to?</h1>" in _text(response)
    assert f'<option value="{bob.manager_id}" selected>' in _text(response)


def test_person_manager_admin_sets_manager(client_for, admin_user, line):
    ada, _, cy = line
    client = client_for(admin_user)

    response = client.post(f"/people/{cy.pk}/manager/", {"manager": ada.pk})

    assert response.status_code == 302
    assert response.url == f"/people/{cy.pk}/"
    cy.refresh_from_db()
    assert cy.manager == ada
    assert _contains(client.get(response.url), "Cy Bottom's manager was updated.")


def test_person_manager_admin_clears_manager(client_for, admin_user, line):
    _, bob, _ = line

    response = client_for(admin_user).post(f"/people/{bob.pk}/manager/", {"manager": ""})

    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.manager is None


def test_person_manager_cycle_refused_with_message_and_nothing_saved(client_for, admin_user, line):
    ada, _, cy = line

    response = client_for(admin_user).post(f"/people/{ada.pk}/manager/", {"manager": cy.pk})

    assert response.status_code == 200
    assert (
        "Cy Bottom reports to Ada Top (directly or through others), "
        "so they cannot also be their manager." in _text(response)
    )
    ada.refresh_from_db()
    assert ada.manager is None


def test_person_manager_self_refused(client_for, admin_user, line):
    _, bob, _ = line

    response = client_for(admin_user).post(f"/people/{bob.pk}/manager/", {"manager": bob.pk})

    assert response.status_code == 200
    assert "A person cannot be their own manager." in _text(response)
    bob.refresh_from_db()
    assert bob.manager.first_name == "Ada"


def test_person_manager_terminated_person_not_a_choice(client_for, admin_user, line):
    _, bob, _ = line
    gone = _named("Gone", "Away", hire_date=date(2020, 1, 1), termination_date=date(2024, 1, 1))

    response = client_for(admin_user).post(f"/people/{bob.pk}/manager/", {"manager": gone.pk})

    assert response.status_code == 200
    assert "Select a valid choice." in _text(response)
    bob.refresh_from_db()
    assert bob.manager.first_name == "Ada"


def test_person_manager_unknown_person_404_for_admin(client_for, admin_user):
    response = client_for(admin_user).get("/people/999999/manager/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "persona",
    ["manager_user", "mentor_user", "mentee_user", "outsider_user", "executive_user"],
)
def test_person_manager_non_admin_403_and_nothing_saved(
    client_for, request, persona, program, line
):
    user = request.getfixturevalue(persona)
    ada, bob, cy = line
    client = client_for(user)

    get = client.get(f"/people/{cy.pk}/manager/")
    post = client.post(f"/people/{cy.pk}/manager/", {"manager": ada.pk})

    assert get.status_code == 403
    assert post.status_code == 403
    assert HR_ONLY in _text(post)
    cy.refresh_from_db()
    assert cy.manager == bob


def test_person_manager_participant_cannot_change_own_manager(client_for, mentee_user, line):
    ada, _, _ = line

    response = client_for(mentee_user).post(
        f"/people/{mentee_user.person.pk}/manager/", {"manager": ada.pk}
    )

    assert response.status_code == 403
    assert Person.objects.get(pk=mentee_user.person.pk).manager is None


# --- CSRF for htmx requests ---------------------------------------------------------------


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_skill_save_htmx_with_csrf_header_from_page_succeeds(mentee_user, skills):
    client = _csrf_client(mentee_user)
    page = _text(client.get("/people/me/"))
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)

    response = client.post(
        "/people/me/skills/",
        {"skill": skills["python"].pk, "level": "3"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 200
    assert PersonSkill.objects.filter(person=mentee_user.person).count() == 1


def test_skill_save_htmx_without_csrf_token_403(mentee_user, skills):
    client = _csrf_client(mentee_user)
    client.get("/people/me/")

    response = client.post(
        "/people/me/skills/",
        {"skill": skills["python"].pk, "level": "3"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 403
    assert not PersonSkill.objects.exists()
