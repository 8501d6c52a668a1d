"""The learning API for curating paths: create, change, add, move and remove steps, with the
pages' rules (curators only; a path a program requires before matching stays published and is
changed only by organization admins and the managers of the programs requiring it)."""

import pytest

from mentorpath.learning import services
from mentorpath.learning.models import LearningPath
from tests.factories import SkillFactory
from tests.learning.test_gate_support import learning_path

pytestmark = pytest.mark.django_db


def titles(body):
    return [step["title"] for step in body["steps"]]


def test_a_curator_creates_a_path_and_curates_its_steps(api, manager_user, program):
    skill = SkillFactory(name="Coaching")
    resource = services.resource_create(
        by=manager_user, title="Coaching basics", kind="article", url="https://example.com/c"
    )
    client = api(manager_user)

    created = client.send(
        "post", "/paths", {"title": "Coach well", "skill": skill.pk, "audience": "mentor"}
    )
    path_id = created.json()["id"]
    first = client.send(
        "post", f"/paths/{path_id}/steps", {"kind": "resource", "resource": resource.pk}
    )
    second = client.send(
        "post", f"/paths/{path_id}/steps", {"kind": "activity", "title": "Practise"}
    )
    step_ids = [step["id"] for step in second.json()["steps"]]
    moved = client.send("post", f"/paths/{path_id}/steps/{step_ids[1]}/move", {"direction": "up"})
    removed = client.send("delete", f"/paths/{path_id}/steps/{step_ids[0]}")
    renamed = client.send("patch", f"/paths/{path_id}", {"title": "Coach better", "skill": None})

    assert created.status_code == 201
    assert created.json()["skill"] == {"id": skill.pk, "name": "Coaching"}
    assert created.json()["slug"] == "coach-well"
    assert first.status_code == 201
    assert [s["resource"]["id"] for s in first.json()["steps"]] == [resource.pk]
    assert titles(moved.json()) == ["Practise", ""]
    assert removed.status_code == 200
    assert titles(removed.json()) == ["Practise"]
    assert removed.json()["steps"][0]["order"] == 1
    assert (renamed.json()["title"], renamed.json()["skill"]) == ("Coach better", None)


def test_step_input_errors_are_400_with_the_field(api, admin_user):
    path = learning_path("Free path", 1)

    no_title = api(admin_user).send("post", f"/paths/{path.pk}/steps", {"kind": "activity"})
    unknown = api(admin_user).send(
        "post", f"/paths/{path.pk}/steps", {"kind": "resource", "resource": 999}
    )

    assert no_title.status_code == 400
    assert no_title.json()["errors"] == {"title": "Give the activity a title."}
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"resource": "No such resource."}


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "outsider_user"])
def test_non_curators_are_refused(api, request, persona, program):
    user = request.getfixturevalue(persona)
    path = learning_path("Free path", 2)
    step = path.steps.first()
    client = api(user)

    responses = [
        client.send("post", "/paths", {"title": "Mine"}),
        client.send("patch", f"/paths/{path.pk}", {"title": "Mine"}),
        client.send("post", f"/paths/{path.pk}/steps", {"kind": "activity", "title": "X"}),
        client.send("post", f"/paths/{path.pk}/steps/{step.pk}/move", {"direction": "down"}),
        client.send("delete", f"/paths/{path.pk}/steps/{step.pk}"),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert LearningPath.objects.count() == 1
    assert path.steps.count() == 2


def test_anonymous_is_401(api):
    assert api(None).send("post", "/paths", {"title": "Mine"}).status_code == 401


def test_a_gate_path_cannot_be_unpublished_through_the_api(api, manager_user, training):
    response = api(manager_user).send("patch", f"/paths/{training.pk}", {"is_published": False})

    assert response.status_code == 400
    assert "Career Compass" in response.json()["errors"]["is_published"]
    training.refresh_from_db()
    assert training.is_published


def test_another_programs_manager_cannot_change_a_gate_path(api, other_manager, training):
    step = training.steps.first()
    client = api(other_manager)

    responses = [
        client.send("patch", f"/paths/{training.pk}", {"title": "Mine"}),
        client.send("post", f"/paths/{training.pk}/steps", {"kind": "activity", "title": "X"}),
        client.send("delete", f"/paths/{training.pk}/steps/{step.pk}"),
    ]

    assert [r.status_code for r in responses] == [403] * 3
    assert "Career Compass" in responses[0].json()["detail"]
    assert training.steps.count() == 3


def test_the_programs_manager_and_an_admin_may_change_a_gate_path(
    api, manager_user, admin_user, training
):
    by_manager = api(manager_user).send("patch", f"/paths/{training.pk}", {"title": "Renamed"})
    by_admin = api(admin_user).send(
        "post", f"/paths/{training.pk}/steps", {"kind": "activity", "title": "Shadow"}
    )

    assert by_manager.status_code == 200
    assert by_admin.status_code == 201
    assert len(by_admin.json()["steps"]) == 4
