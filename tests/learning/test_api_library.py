"""The learning API: resources (list, filter, get, curate, bookmark, rate) and paths (list,
get with steps and progress, start, mark steps), with each role's rights."""

import pytest

from mentorpath.learning import services
from mentorpath.learning.models import Bookmark, PathProgress, Resource, ResourceRating
from tests.factories import SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill(db):
    return SkillFactory(name="Coaching")


@pytest.fixture
def resources(admin_user, skill):
    article = services.resource_create(
        by=admin_user,
        title="Coaching basics",
        kind="article",
        url="https://example.com/coaching",
        skills=[skill],
        audience="mentor",
        level=2,
    )
    video = services.resource_create(
        by=admin_user, title="Listening well", kind="video", url="https://example.com/listen"
    )
    draft = services.resource_create(
        by=admin_user,
        title="Draft",
        kind="internal",
        url="https://example.com/draft",
        is_published=False,
    )
    return {"article": article, "video": video, "draft": draft}


def test_list_resources_filters_and_paginates(api, resources, mentee_user, skill):
    client = api(mentee_user)

    everything = client.get("/resources").json()
    by_skill = client.get("/resources", skill=skill.pk, audience="mentor").json()
    first_page = client.get("/resources", page_size=1).json()

    assert [r["title"] for r in everything["items"]] == ["Coaching basics", "Listening well"]
    assert everything["count"] == 2
    assert [r["title"] for r in by_skill["items"]] == ["Coaching basics"]
    assert by_skill["items"][0]["skills"] == [{"id": skill.pk, "name": "Coaching"}]
    assert (first_page["count"], len(first_page["items"])) == (2, 1)


def test_list_resources_includes_drafts_for_curators(api, resources, manager_user, program):
    titles = [r["title"] for r in api(manager_user).get("/resources").json()["items"]]

    assert titles == ["Coaching basics", "Draft", "Listening well"]


def test_get_resource_hides_drafts_from_people(api, resources, mentee_user, admin_user):
    draft = resources["draft"].pk

    assert api(mentee_user).get(f"/resources/{draft}").status_code == 404
    assert api(admin_user).get(f"/resources/{draft}").json()["is_published"] is False


def test_anonymous_and_profile_less_callers_are_refused(api, resources):
    bare = UserFactory(email="bare@example.com")

    assert api(None).get("/resources").status_code == 401
    assert api(bare).get("/resources").status_code == 403
    assert api(bare).get(f"/resources/{resources['video'].pk}").status_code == 403
    assert api(bare).get("/paths").status_code == 403


def test_curator_creates_updates_and_deletes_a_resource(api, admin_user, skill):
    client = api(admin_user)

    created = client.send(
        "post",
        "/resources",
        {
            "title": "Radical Candor",
            "kind": "book",
            "url": "https://www.radicalcandor.com/",
            "skills": [skill.pk],
            "program_types": ["career"],
            "minutes": 300,
        },
    )
    pk = created.json()["id"]
    patched = client.send("patch", f"/resources/{pk}", {"level": 3, "is_published": False})
    deleted = client.send("delete", f"/resources/{pk}")

    assert created.status_code == 201
    assert created.json()["program_types"] == ["career"]
    assert created.json()["file_url"] is None
    assert (patched.json()["level"], patched.json()["is_published"]) == (3, False)
    assert deleted.status_code == 204
    assert not Resource.objects.filter(pk=pk).exists()


def test_create_resource_refuses_bad_input(api, admin_user):
    client = api(admin_user)

    no_link = client.send("post", "/resources", {"title": "X", "kind": "book", "url": ""})
    bad_scheme = client.send(
        "post", "/resources", {"title": "X", "kind": "book", "url": "javascript:alert(1)"}
    )
    unknown_skill = client.send(
        "post",
        "/resources",
        {"title": "X", "kind": "book", "url": "https://example.com", "skills": [999999]},
    )

    assert (no_link.status_code, no_link.json()["errors"]) == (
        400,
        {"url": "Give a link or upload a file."},
    )
    assert bad_scheme.status_code == 422
    assert unknown_skill.json()["errors"] == {"skills": "Unknown skill: 999999."}
    assert Resource.objects.count() == 0


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "executive_user"])
def test_non_curators_cannot_change_resources(api, resources, persona, request):
    client = api(request.getfixturevalue(persona))
    pk = resources["video"].pk

    assert (
        client.send(
            "post", "/resources", {"title": "X", "kind": "book", "url": "https://a.example"}
        ).status_code
        == 403
    )
    assert client.send("patch", f"/resources/{pk}", {"title": "Hacked"}).status_code == 403
    assert client.send("delete", f"/resources/{pk}").status_code == 403
    assert (
        client.send("patch", f"/resources/{resources['draft'].pk}", {"title": "X"}).status_code
        == 404
    )
    assert Resource.objects.get(pk=pk).title == "Listening well"


def test_delete_resource_in_a_path_is_409(api, resources, admin_user):
    path = services.path_create(by=admin_user, title="Listening")
    services.step_add(path=path, kind="resource", resource=resources["video"])

    response = api(admin_user).send("delete", f"/resources/{resources['video'].pk}")

    assert response.status_code == 409
    assert "Unpublish it instead" in response.json()["detail"]


def test_bookmark_add_and_remove_are_idempotent(api, resources, mentee_user):
    client = api(mentee_user)
    url = f"/resources/{resources['video'].pk}/bookmark"

    assert client.send("put", url).json() == {
        "resource_id": resources["video"].pk,
        "bookmarked": True,
    }
    client.send("put", url)
    assert Bookmark.objects.count() == 1
    assert [r["title"] for r in client.get("/resources", bookmarked=True).json()["items"]] == [
        "Listening well"
    ]
    client.send("delete", url)
    assert client.send("delete", url).json()["bookmarked"] is False
    assert Bookmark.objects.count() == 0


def test_bookmarking_a_draft_is_404(api, resources, mentee_user):
    url = f"/resources/{resources['draft'].pk}/bookmark"

    assert api(mentee_user).send("put", url).status_code == 404


def test_rate_resource_upserts(api, resources, mentee_user, mentor_user):
    url = f"/resources/{resources['article'].pk}/rating"
    api(mentor_user).send("put", url, {"rating": 2})
    api(mentee_user).send("put", url, {"rating": 3})

    response = api(mentee_user).send("put", url, {"rating": 5})
    out_of_range = api(mentee_user).send("put", url, {"rating": 6})

    assert response.json() == {
        "resource_id": resources["article"].pk,
        "rating": 5,
        "average_rating": 3.5,
        "rating_count": 2,
    }
    assert out_of_range.status_code == 422
    assert ResourceRating.objects.count() == 2


@pytest.fixture
def path(admin_user, resources):
    path = services.path_create(by=admin_user, title="Mentor essentials", audience="mentor")
    services.step_add(path=path, kind="resource", resource=resources["article"])
    services.step_add(path=path, kind="activity", title="Discuss with your mentee")
    return path


def test_path_progress_through_the_api(api, path, mentor_user):
    client = api(mentor_user)
    first, second = path.steps.order_by("order")

    started = client.send("post", f"/paths/{path.pk}/start").json()
    client.send("put", f"/paths/{path.pk}/steps/{first.pk}/done")
    done = client.send("put", f"/paths/{path.pk}/steps/{second.pk}/done").json()
    undone = client.send("delete", f"/paths/{path.pk}/steps/{first.pk}/done").json()
    listed = client.get("/paths").json()["items"][0]

    assert started["progress"] | {"started_at": None} == {
        "started": True,
        "started_at": None,
        "completed_at": None,
        "done": 0,
        "total": 2,
        "percent": 0,
    }
    assert [s["title"] or s["resource"]["title"] for s in started["steps"]] == [
        "Coaching basics",
        "Discuss with your mentee",
    ]
    assert done["progress"]["completed_at"] is not None
    assert (done["progress"]["done"], done["progress"]["percent"]) == (2, 100)
    assert undone["progress"]["completed_at"] is None
    assert [s["done"] for s in undone["steps"]] == [False, True]
    assert (listed["step_count"], listed["done_count"], listed["completed_at"]) == (2, 1, None)
    assert PathProgress.objects.get(person=mentor_user.person).completed_at is None


def test_unpublished_path_is_404_and_a_step_of_another_path_is_404(
    api, path, admin_user, mentee_user
):
    other = services.path_create(by=admin_user, title="Other")
    foreign = services.step_add(path=other, kind="activity", title="Elsewhere")
    client = api(mentee_user)

    assert client.send("put", f"/paths/{path.pk}/steps/{foreign.pk}/done").status_code == 404
    services.path_update(path=path, is_published=False)
    assert client.get(f"/paths/{path.pk}").status_code == 404
    assert client.send("post", f"/paths/{path.pk}/start").status_code == 404


def test_undo_before_starting_is_400(api, path, mentee_user):
    step = path.steps.first()

    response = api(mentee_user).send("delete", f"/paths/{path.pk}/steps/{step.pk}/done")

    assert (response.status_code, response.json()["detail"]) == (400, "Start the path first.")
