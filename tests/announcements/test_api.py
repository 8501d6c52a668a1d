"""The announcements API: what I can see, and writing, publishing and withdrawing, with the
same rights as the pages."""

import pytest

from mentorpath.announcements.models import Announcement
from mentorpath.notifications.models import Notification
from tests.announcements.conftest import ahead
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found.", "errors": {}}


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


def test_list_gives_the_current_announcements_of_my_audience(
    api_as, mentor_user, outsider_user, program_news, org_news, draft
):
    mine = api_as(mentor_user).get("/announcements")
    theirs = api_as(outsider_user).get("/announcements")

    assert (mine.status_code, mine.json()["count"], titles(mine)) == (
        200,
        2,
        ["Kick-off on Monday", "Mentoring week"],
    )
    assert titles(theirs) == ["Mentoring week"]
    item = mine.json()["items"][0]
    assert item["program"] == {
        "id": program_news.program_id,
        "slug": "career-compass",
        "name": "Career Compass",
    }
    assert (item["state"], item["body"], item["author"]) == (
        "published",
        "Bring your goals.",
        program_news.author.get_full_name(),
    )
    assert mine.json()["items"][1]["program"] is None


def test_list_anonymous_is_401(api_as):
    assert api_as(None).get("/announcements").status_code == 401


def test_get_refuses_outsiders_and_drafts_404(
    api_as, outsider_user, mentee_user, program_news, draft
):
    assert api_as(outsider_user).get(f"/announcements/{program_news.pk}").json() == NOT_FOUND
    assert api_as(mentee_user).get(f"/announcements/{draft.pk}").status_code == 404
    assert api_as(mentee_user).get(f"/announcements/{program_news.pk}").status_code == 200


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_managed_refused_to_non_writers_403(api_as, request, persona):
    response = api_as(request.getfixturevalue(persona)).get("/announcements/managed")

    assert response.status_code == 403


def test_managed_lists_drafts_first(api_as, manager_user, program_news, draft, org_news):
    response = api_as(manager_user).get("/announcements/managed")

    assert [(i["title"], i["state"]) for i in response.json()["items"]] == [
        ("Draft news", "draft"),
        ("Kick-off on Monday", "published"),
    ]


def test_create_and_publish_by_the_manager_emails_the_audience(
    api_as, manager_user, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(manager_user).post(
            "/announcements",
            {"program_id": program.pk, "title": "Kick-off", "body": "Monday.", "publish": True},
        )

    body = response.json()
    assert (response.status_code, body["state"], body["title"]) == (201, "published", "Kick-off")
    assert body["emailed_at"] is None  # sent by the task queued when the request commits
    assert Announcement.objects.get(pk=body["id"]).emailed_at is not None
    assert Notification.objects.filter(key=f"announcement:{body['id']}").count() == 3


def test_create_a_draft_then_schedule_then_withdraw(api_as, manager_user, program):
    api = api_as(manager_user)
    created = api.post("/announcements", {"program_id": program.pk, "title": "T", "body": "B"})
    pk = created.json()["id"]

    scheduled = api.post(f"/announcements/{pk}/publish", {"publish_at": "2999-01-01T09:00:00Z"})
    withdrawn = api.post(f"/announcements/{pk}/withdraw")
    again = api.post(f"/announcements/{pk}/withdraw")

    assert (created.status_code, created.json()["state"]) == (201, "draft")
    assert (scheduled.status_code, scheduled.json()["state"]) == (200, "scheduled")
    assert scheduled.json()["published_at"] == "2999-01-01T09:00:00Z"
    assert (withdrawn.status_code, withdrawn.json()["state"]) == (200, "draft")
    assert again.status_code == 409
    assert Notification.objects.count() == 0


def test_publish_twice_is_409(api_as, manager_user, program_news):
    response = api_as(manager_user).post(f"/announcements/{program_news.pk}/publish")

    assert response.json() == {"detail": "This announcement is already published.", "errors": {}}
    assert response.status_code == 409


def test_publish_in_the_past_is_400_on_the_field(api_as, manager_user, draft):
    response = api_as(manager_user).post(
        f"/announcements/{draft.pk}/publish", {"publish_at": "2000-01-01T09:00:00Z"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "publish_at": "Choose a time in the future, or publish now."
    }


def test_publish_at_without_a_time_zone_is_422(api_as, manager_user, draft):
    response = api_as(manager_user).post(
        f"/announcements/{draft.pk}/publish", {"publish_at": "2999-01-01T09:00:00"}
    )

    assert response.status_code == 422


def test_mentor_cannot_announce_403(api_as, mentor_user, program):
    response = api_as(mentor_user).post(
        "/announcements", {"program_id": program.pk, "title": "T", "body": "B"}
    )

    assert response.status_code == 403
    assert Announcement.objects.count() == 0


def test_manager_cannot_announce_to_another_program_or_the_organization_403(
    api_as, manager_user, program
):
    other = ProgramFactory(name="Other", slug="other")
    api = api_as(manager_user)

    to_other = api.post("/announcements", {"program_id": other.pk, "title": "T", "body": "B"})
    to_all = api.post("/announcements", {"title": "T", "body": "B"})

    assert (to_other.status_code, to_all.status_code) == (403, 403)
    assert to_all.json()["detail"] == "Only organization admins announce to the whole organization."
    assert Announcement.objects.count() == 0


def test_announcing_to_a_program_one_cannot_see_is_404(api_as, manager_user):
    hidden = ProgramFactory(name="Hidden", slug="hidden", status="draft")

    response = api_as(manager_user).post(
        "/announcements", {"program_id": hidden.pk, "title": "T", "body": "B"}
    )

    assert response.status_code == 404


def test_admin_announces_to_the_organization(api_as, admin_user):
    response = api_as(admin_user).post(
        "/announcements",
        {
            "title": "All hands",
            "body": "B",
            "publish": True,
            "publish_at": ahead(days=1).isoformat(),
        },
    )

    assert (response.status_code, response.json()["program"], response.json()["state"]) == (
        201,
        None,
        "scheduled",
    )


@pytest.mark.parametrize("action", ["publish", "withdraw"])
@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_audience_cannot_change_an_announcement_403(api_as, request, persona, action, program_news):
    response = api_as(request.getfixturevalue(persona)).post(
        f"/announcements/{program_news.pk}/{action}"
    )

    assert response.status_code == 403


@pytest.mark.parametrize("action", ["publish", "withdraw"])
def test_outsider_cannot_change_an_announcement_404(api_as, outsider_user, action, program_news):
    response = api_as(outsider_user).post(f"/announcements/{program_news.pk}/{action}")

    assert response.status_code == 404


def test_manager_cannot_withdraw_an_org_wide_announcement_403(api_as, manager_user, org_news):
    response = api_as(manager_user).post(f"/announcements/{org_news.pk}/withdraw")

    assert response.status_code == 403
    assert (
        response.json()["detail"] == "Only organization admins announce to the whole organization."
    )


def test_create_refuses_an_empty_title_422(api_as, manager_user, program):
    response = api_as(manager_user).post(
        "/announcements", {"program_id": program.pk, "title": "", "body": "B"}
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["title"]


def test_create_with_a_blank_title_is_400(api_as, manager_user, program):
    response = api_as(manager_user).post(
        "/announcements", {"program_id": program.pk, "title": "   ", "body": "B"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"title": "An announcement needs a title."}
