import json

import pytest
from django.apps import apps
from django.urls import reverse

from mentorpath.people.models import Person
from mentorpath.privacy.queries import COVERED_MODELS, EXPORT_FORMAT, NOT_EXPORTED, person_data

pytestmark = pytest.mark.django_db

MEMBER_SECTIONS = [
    "person", "skills", "job_changes", "user", "api_tokens", "enrollments", "match_proposals",
    "mentor_requests", "mentorships", "agreements", "goals", "milestones", "goal_updates",
    "checkins", "notes", "nudge_mutes", "survey_responses", "survey_answers", "pulse_ratings",
    "skill_assessments", "notifications", "notification_preferences", "bookmarks",
    "resource_ratings", "path_progress", "step_completions", "resource_assignments",
    "badge_awards", "kudos_given", "kudos_received", "recognition_preference",
    "calendar_feeds", "sso_identities", "scim_identities", "erasure",
]  # fmt: skip
SUCCESSION_SECTIONS = ["succession_candidacies", "succession_reviews", "key_roles_held"]
HEADER = ["format", "generated_at", "person_id", "includes_succession"]


def test_every_model_about_a_person_or_user_is_exported_or_explained():
    person_or_user = {"people.Person", "accounts.User"}
    pointing = {
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("mentorpath")
        and any(
            f.is_relation and f.related_model and f.related_model._meta.label in person_or_user
            for f in model._meta.get_fields()
            if f.concrete
        )
    }
    assert pointing - COVERED_MODELS - set(NOT_EXPORTED) == set()


def test_export_holds_every_section_with_the_rows_of_each_app(rich):
    data = person_data(rich.person)
    assert list(data) == HEADER + MEMBER_SECTIONS
    assert data["format"] == EXPORT_FORMAT == "mentorpath-person-export/1"
    assert data["includes_succession"] is False
    counts = {key: len(data[key]) for key in MEMBER_SECTIONS}
    assert counts == {
        "person": 1, "skills": 1, "job_changes": 1, "user": 1, "api_tokens": 1,
        "enrollments": 1, "match_proposals": 0, "mentor_requests": 1, "mentorships": 1,
        "agreements": 1, "goals": 1, "milestones": 1, "goal_updates": 1, "checkins": 1,
        "notes": 2, "nudge_mutes": 0, "survey_responses": 1, "survey_answers": 2,
        "pulse_ratings": 1, "skill_assessments": 1, "notifications": counts["notifications"],
        "notification_preferences": 0, "bookmarks": 1, "resource_ratings": 1,
        "path_progress": 1, "step_completions": 1, "resource_assignments": 1,
        "badge_awards": 1, "kudos_given": 1, "kudos_received": 1, "recognition_preference": 1,
        "calendar_feeds": 1, "sso_identities": 1, "scim_identities": 1, "erasure": 0,
    }  # fmt: skip
    assert counts["notifications"] >= 1  # the pair's start was announced to the mentee
    profile = data["person"][0]
    assert profile["first_name"] == "Zebediah"
    assert profile["bio"] == "I like long walks."
    assert set(profile) >= {"manager_id", "department_id", "languages", "interests"}
    assert "password" not in data["user"][0]
    assert data["user"][0]["email"] == "mentee@example.com"
    assert "digest" not in data["api_tokens"][0]
    assert data["api_tokens"][0]["prefix"] == "abcd1234"
    assert "token_digest" not in data["calendar_feeds"][0]
    json.dumps(data)  # plain JSON values throughout


def test_own_notes_private_included_other_peoples_private_notes_never(rich):
    notes = person_data(rich.person)["notes"]
    assert {n["id"] for n in notes} == {rich.own_private.pk, rich.own_shared.pk}
    assert rich.others_private.body not in json.dumps(person_data(rich.person))


def test_succession_only_when_asked_for_an_admin_run(rich):
    assert not set(SUCCESSION_SECTIONS) & set(person_data(rich.person))
    data = person_data(rich.person, include_succession=True)
    assert list(data) == HEADER + MEMBER_SECTIONS + SUCCESSION_SECTIONS
    assert data["includes_succession"] is True
    assert [c["notes"] for c in data["succession_candidacies"]] == ["Strong candidate."]
    assert len(data["succession_reviews"]) == 1
    assert data["key_roles_held"] == []


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return json.loads(response.content)


def test_a_person_downloads_their_own_data_without_succession(rich, client_for):
    client = client_for(rich.person.user)
    mine = _download(client, reverse("privacy:my_export"))
    assert mine["person_id"] == rich.person.pk
    assert "succession_candidacies" not in mine
    same = _download(client, reverse("privacy:export", args=[rich.person.pk]))
    assert same["person_id"] == rich.person.pk


def test_an_admin_downloads_anyones_data_with_succession(rich, admin_user, client_for):
    data = _download(client_for(admin_user), reverse("privacy:export", args=[rich.person.pk]))
    assert data["includes_succession"] is True
    assert len(data["succession_candidacies"]) == 1


@pytest.mark.parametrize("role", ["manager_user", "mentor_user", "executive_user", "outsider_user"])
def test_every_other_role_is_refused(rich, role, request, client_for):
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(reverse("privacy:export", args=[rich.person.pk])).status_code == 403
    assert client.get(reverse("privacy:erase", args=[rich.person.pk])).status_code == 403
    response = client.post(
        reverse("privacy:erase", args=[rich.person.pk]),
        {"employee_id": rich.person.employee_id},
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=rich.person.pk).first_name == "Zebediah"


def test_anonymous_is_sent_to_log_in(rich, client):
    response = client.get(reverse("privacy:export", args=[rich.person.pk]))
    assert response.status_code == 302
    assert client.get(reverse("privacy:my_export")).status_code == 302


def test_a_login_without_a_person_cannot_export_itself(client_for):
    from tests.factories import UserFactory

    user = UserFactory(email="nobody@example.com")
    assert client_for(user).get(reverse("privacy:my_export")).status_code == 403


def test_links_on_settings_and_person_pages(rich, admin_user, client_for):
    own = client_for(rich.person.user).get(reverse("accounts:settings"))
    assert reverse("privacy:my_export") in own.content.decode()
    page = client_for(admin_user).get(reverse("people:detail", args=[rich.person.pk]))
    assert reverse("privacy:erase", args=[rich.person.pk]) in page.content.decode()
    other = client_for(rich.other.user).get(reverse("people:detail", args=[rich.person.pk]))
    assert reverse("privacy:erase", args=[rich.person.pk]) not in other.content.decode()
