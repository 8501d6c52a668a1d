"""The API of recommendations, a pair's assigned resources and a program's readiness list,
for every role."""

import pytest
from django.test import Client

from mentorpath.learning.models import ResourceAssignment, ResourceRating
from tests.api.conftest import ApiClient
from tests.factories import PersonSkillFactory, SkillFactory
from tests.learning.test_gate_support import do_steps, learning_path, resource


@pytest.fixture
def api_as(client_for):
    def make(user):
        return ApiClient(Client() if user is None else client_for(user))

    return make


@pytest.fixture
def article(db):
    return resource("Giving feedback", level=2)


def _assignments(pair):
    return f"/mentorships/{pair.pk}/assignments"


def test_my_recommendations(api_as, mentee_user):
    speaking = SkillFactory(name="Public speaking")
    PersonSkillFactory(person=mentee_user.person, skill=speaking, level=2, wants_to_learn=True)
    item = resource("Speak up", speaking, level=2)

    response = api_as(mentee_user).get("/learning/recommendations", limit=5)

    assert response.status_code == 200
    assert response.json() == [
        {
            "kind": "resource",
            "id": item.pk,
            "title": "Speak up",
            "score": 1.7,
            "reasons": ["you want to learn Public speaking", "matches your level (Beginner)"],
        }
    ]


def test_recommendations_need_a_login_and_a_profile(api_as, db):
    from tests.factories import UserFactory

    assert api_as(None).get("/learning/recommendations").status_code == 401
    assert api_as(UserFactory()).get("/learning/recommendations").status_code == 403
    assert api_as(UserFactory()).get("/learning/recommendations", limit=0).status_code == 422


def test_the_mentor_assigns_and_the_mentee_completes(
    api_as, mentor_user, mentee_user, pair, article
):
    made = api_as(mentor_user).post(_assignments(pair), {"resource": article.pk, "note": "Try it"})

    assert made.status_code == 201
    body = made.json()
    assert (body["resource"]["title"], body["note"], body["done_at"], body["rating"]) == (
        "Giving feedback",
        "Try it",
        None,
        None,
    )
    assert body["assigned_by"] == pair.mentor.person.full_name

    done = api_as(mentee_user).post(f"{_assignments(pair)}/{body['id']}/done", {"rating": 5})

    assert done.status_code == 200
    assert done.json()["rating"] == 5
    assert done.json()["done_at"] is not None
    assert ResourceRating.objects.get().rating == 5


def test_the_list_is_for_the_pair_and_its_managers(
    api_as, mentor_user, mentee_user, manager_user, outsider_user, executive_user, pair, article
):
    ResourceAssignment.objects.create(mentorship=pair, resource=article, note="n")

    for user in (mentor_user, mentee_user, manager_user):
        response = api_as(user).get(_assignments(pair))
        assert response.status_code == 200
        assert [a["resource"]["id"] for a in response.json()["items"]] == [article.pk]
    for user in (outsider_user, executive_user):
        assert api_as(user).get(_assignments(pair)).status_code == 404
    assert api_as(None).get(_assignments(pair)).status_code == 401


def test_only_the_mentor_assigns(api_as, mentee_user, manager_user, outsider_user, pair, article):
    payload = {"resource": article.pk}

    assert api_as(mentee_user).post(_assignments(pair), payload).status_code == 403
    assert api_as(manager_user).post(_assignments(pair), payload).status_code == 403
    assert api_as(outsider_user).post(_assignments(pair), payload).status_code == 404
    assert ResourceAssignment.objects.count() == 0


def test_assigning_refusals(api_as, mentor_user, pair, article):
    client = api_as(mentor_user)
    client.post(_assignments(pair), {"resource": article.pk})

    again = client.post(_assignments(pair), {"resource": article.pk})
    unknown = client.post(_assignments(pair), {"resource": 999999})
    extra = client.post(_assignments(pair), {"resource": article.pk, "colour": "red"})
    pair.status = "completed"
    pair.save(update_fields=["status"])
    ended = client.post(_assignments(pair), {"resource": resource("Other").pk})

    assert again.status_code == 400
    assert again.json()["errors"] == {
        "resource": "Choose a published resource for mentees not assigned yet."
    }
    assert unknown.status_code == 400
    assert extra.status_code == 422
    assert ended.status_code == 409


def test_only_the_mentee_marks_done(
    api_as, mentor_user, manager_user, outsider_user, pair, article
):
    assignment = ResourceAssignment.objects.create(mentorship=pair, resource=article)
    url = f"{_assignments(pair)}/{assignment.pk}/done"

    assert api_as(mentor_user).post(url, {}).status_code == 403
    assert api_as(manager_user).post(url, {}).status_code == 403
    assert api_as(outsider_user).post(url, {}).status_code == 404
    assert api_as(mentor_user).post(url, {"rating": 6}).status_code == 422
    assert ResourceAssignment.objects.get().done_at is None


def test_the_readiness_list_for_managers(
    api_as, manager_user, mentor_user, outsider_user, program, mentor
):
    training = learning_path("Mentor essentials", 5, audience="mentor")
    program.mentor_training_path = training
    program.save(update_fields=["mentor_training_path"])
    do_steps(mentor.person, training, 2)
    url = f"/programs/{program.slug}/readiness"

    response = api_as(manager_user).get(url)

    assert response.status_code == 200
    assert response.json() == {
        "mentor_training_path": training.pk,
        "mentee_onboarding_path": None,
        "mentors": [
            {
                "enrollment": mentor.pk,
                "person": mentor.person_id,
                "name": mentor.person.full_name,
                "role": "mentor",
                "path": training.pk,
                "path_title": "Mentor essentials",
                "steps_done": 2,
                "steps_total": 5,
                "reason": "has not completed the training path 'Mentor essentials' "
                "(2 of 5 steps done)",
            }
        ],
        "mentees": [],
    }
    assert api_as(mentor_user).get(url).status_code == 403
    assert api_as(outsider_user).get("/programs/nope/readiness").status_code == 404
    assert api_as(None).get(url).status_code == 401
