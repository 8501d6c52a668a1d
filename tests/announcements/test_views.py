"""Announcement pages, the home page panel and the program landing page, for every role."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from mentorpath.announcements.models import Announcement
from mentorpath.notifications.models import Notification
from mentorpath.programs.enums import Visibility
from tests.announcements.conftest import ago, ahead, make
from tests.factories import PASSWORD, ProgramFactory

pytestmark = pytest.mark.django_db

NOT_IN_AUDIENCE = ["admin_user", "executive_user", "outsider_user"]
NOT_WRITERS = ["mentor_user", "mentee_user", "executive_user", "outsider_user"]


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'id="announcement-\d+-title"><a href="[^"]+">([^<]+)</a>', html)


# --- the home page ----------------------------------------------------------------------------


def test_home_shows_current_announcements_newest_first_with_their_audience(
    client_for, mentee_user, program_news, org_news, program
):
    make(program, title="Expired", published_at=ago(days=5), expires_at=ago(hours=1))
    make(program, title="Scheduled", published_at=ahead(hours=1))
    make(program, title="Draft")

    response = client_for(mentee_user).get("/")

    assert titles(response) == ["Kick-off on Monday", "Mentoring week"]
    page = text(response)
    assert "Career Compass · " in page
    assert "Organization · " in page
    assert 'href="/announcements/">All announcements</a>' in response.content.decode()


def test_home_shows_at_most_five(client_for, mentee_user):
    for day in range(7):
        make(title=f"News {day}", published_at=ago(days=day + 1))

    response = client_for(mentee_user).get("/")

    assert titles(response) == [f"News {day}" for day in range(5)]


@pytest.mark.parametrize("persona", NOT_IN_AUDIENCE)
def test_home_hides_a_programs_announcement_from_people_outside_it(
    client_for, request, persona, program_news
):
    response = client_for(request.getfixturevalue(persona)).get("/")

    assert "Kick-off on Monday" not in response.content.decode()
    assert 'id="announcements-heading"' not in response.content.decode()


def test_announcement_body_is_escaped_with_links_and_line_breaks(client_for, mentee_user):
    make(
        title="Links",
        body="<script>alert(1)</script>\n\nSee https://example.org/x",
        published_at=ago(hours=1),
    )

    html = client_for(mentee_user).get("/announcements/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.org/x" rel="nofollow">https://example.org/x</a>' in html
    assert "<p>See " in html


# --- the list ---------------------------------------------------------------------------------


def test_list_shows_only_what_the_viewer_is_in_the_audience_of(
    client_for, outsider_user, mentor_user, program_news, org_news
):
    assert titles(client_for(mentor_user).get("/announcements/")) == [
        "Kick-off on Monday",
        "Mentoring week",
    ]
    assert titles(client_for(outsider_user).get("/announcements/")) == ["Mentoring week"]


def test_list_is_paginated(client_for, mentee_user):
    for day in range(25):
        make(title=f"News {day:02}", published_at=ago(days=day + 1))

    first = client_for(mentee_user).get("/announcements/")
    second = client_for(mentee_user).get("/announcements/?page=2")

    assert len(titles(first)) == 20
    assert titles(second) == [f"News {day:02}" for day in range(20, 25)]
    assert "Page 2 of 2 (25 in all)" in text(second)


def test_announcement_pages_anonymous_redirect_to_login():
    for url in (
        "/announcements/",
        "/announcements/manage/",
        "/announcements/new/",
        "/announcements/1/",
    ):
        response = Client().get(url)
        assert (response.status_code, response.url) == (302, f"/accounts/login/?next={url}")


# --- one announcement -------------------------------------------------------------------------


def test_detail_for_the_audience_without_the_manage_panel(client_for, mentor_user, program_news):
    response = client_for(mentor_user).get(f"/announcements/{program_news.pk}/")

    assert response.status_code == 200
    assert "Bring your goals." in text(response)
    assert 'id="manage-heading"' not in response.content.decode()


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_detail_of_a_program_announcement_is_404_outside_its_audience(
    client_for, request, persona, program_news
):
    response = client_for(request.getfixturevalue(persona)).get(
        f"/announcements/{program_news.pk}/"
    )

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "outsider_user"])
def test_detail_of_a_draft_is_404_to_readers(client_for, request, persona, draft):
    response = client_for(request.getfixturevalue(persona)).get(f"/announcements/{draft.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_detail_of_a_draft_for_its_writers_shows_audience_and_publish_form(
    client_for, request, persona, draft
):
    response = client_for(request.getfixturevalue(persona)).get(f"/announcements/{draft.pk}/")

    page = text(response)
    assert response.status_code == 200
    assert "The participants and managers of Career Compass: 3 people now" in page
    assert f'action="/announcements/{draft.pk}/publish/"' in response.content.decode()


@pytest.mark.parametrize("action", ["edit", "publish", "withdraw", "delete"])
def test_changes_by_the_audience_are_refused_403(client_for, mentor_user, program_news, action):
    client = client_for(mentor_user)
    url = f"/announcements/{program_news.pk}/{action}/"

    response = client.get(url) if action == "edit" else client.post(url)

    assert response.status_code == 403


# --- writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", NOT_WRITERS)
def test_new_announcement_refused_to_non_writers(client_for, request, persona, program):
    client = client_for(request.getfixturevalue(persona))

    get = client.get("/announcements/new/")
    post = client.post("/announcements/new/", {"program": program.pk, "title": "T", "body": "B"})
    manage = client.get("/announcements/manage/")

    assert (get.status_code, post.status_code, manage.status_code) == (403, 403, 403)
    assert Announcement.objects.count() == 0


def test_manager_publishes_to_their_program_and_the_audience_is_emailed(
    client_for, manager_user, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager_user).post(
            "/announcements/new/",
            {"program": program.pk, "title": "Kick-off", "body": "Monday.", "when": "now"},
        )

    announcement = Announcement.objects.get()
    assert (response.status_code, response.url) == (302, f"/announcements/{announcement.pk}/")
    assert announcement.author == manager_user
    assert announcement.emailed_at is not None
    assert Notification.objects.filter(key=f"announcement:{announcement.pk}").count() == 3


def test_manager_schedules_for_later(client_for, manager_user, program):
    response = client_for(manager_user).post(
        "/announcements/new/",
        {
            "program": program.pk,
            "title": "Soon",
            "body": "B",
            "when": "later",
            "publish_at": "2999-01-01T09:30",
        },
    )

    announcement = Announcement.objects.get()
    assert response.status_code == 302
    # the time typed is in the writer's time zone
    berlin = announcement.published_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert berlin.strftime("%Y-%m-%d %H:%M") == "2999-01-01 09:30"
    assert announcement.emailed_at is None
    assert Notification.objects.count() == 0


def test_manager_saving_a_draft_keeps_what_was_typed_on_error(client_for, manager_user, program):
    response = client_for(manager_user).post(
        "/announcements/new/",
        {"program": program.pk, "title": "Typed title", "body": "", "when": "later"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Typed title"' in html
    assert "Choose when to publish it." in html
    assert Announcement.objects.count() == 0


def test_manager_cannot_announce_to_another_program_or_the_organization(
    client_for, manager_user, program
):
    other = ProgramFactory(name="Other", slug="other")
    client = client_for(manager_user)

    to_other = client.post("/announcements/new/", {"program": other.pk, "title": "T", "body": "B"})
    to_all = client.post("/announcements/new/", {"program": "", "title": "T", "body": "B"})
    other_page = client.get("/announcements/new/?program=other")

    assert "Select a valid choice." in to_other.content.decode()
    assert "This field is required." in to_all.content.decode()
    assert other_page.status_code == 403
    assert Announcement.objects.count() == 0
    assert "Organization-wide" not in client.get("/announcements/new/").content.decode()


def test_admin_announces_to_the_whole_organization(client_for, admin_user, outsider_user):
    response = client_for(admin_user).post(
        "/announcements/new/", {"program": "", "title": "Hello all", "body": "B", "when": "now"}
    )

    assert response.status_code == 302
    assert Announcement.objects.get().program is None
    assert titles(client_for(outsider_user).get("/")) == ["Hello all"]


def test_manage_lists_drafts_first_with_their_state(
    client_for, manager_user, program_news, draft, org_news
):
    response = client_for(manager_user).get("/announcements/manage/")

    html = response.content.decode()
    rows = re.findall(r'<tr id="announcement-(\d+)">', html)
    assert rows == [str(draft.pk), str(program_news.pk)]  # not the org-wide one: admins' only
    assert '<span class="badge badge-draft">Draft</span>' in html


def test_edit_publish_withdraw_and_delete_through_pages(client_for, manager_user, draft):
    client = client_for(manager_user)
    base = f"/announcements/{draft.pk}/"

    edited = client.post(f"{base}edit/", {"title": "Changed", "body": "New text"})
    published = client.post(f"{base}publish/", {"when": "now"})
    state_after_publish = Announcement.objects.get(pk=draft.pk).published_at is not None
    withdrawn = client.post(f"{base}withdraw/")
    deleted = client.post(f"{base}delete/")

    assert [r.status_code for r in (edited, published, withdrawn, deleted)] == [302] * 4
    assert state_after_publish
    assert deleted.url == "/announcements/manage/"
    assert not Announcement.objects.filter(pk=draft.pk).exists()


def test_publish_in_the_past_shows_the_error(client_for, manager_user, draft):
    response = client_for(manager_user).post(
        f"/announcements/{draft.pk}/publish/", {"when": "later", "publish_at": "2000-01-01T10:00"}
    )

    assert response.status_code == 400
    assert "Choose a time in the future, or publish now." in response.content.decode()


# --- the program landing page -----------------------------------------------------------------


def test_program_page_shows_its_announcements_to_participants(
    client_for, mentee_user, program_news, org_news
):
    response = client_for(mentee_user).get("/programs/career-compass/")

    html = response.content.decode()
    assert 'id="program-announcements-heading"' in html
    assert "Kick-off on Monday" in html
    assert "Mentoring week" not in html
    assert "Write an announcement" not in html


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_program_page_hides_its_announcements_from_outsiders(
    client_for, request, persona, program_news
):
    response = client_for(request.getfixturevalue(persona)).get("/programs/career-compass/")

    assert response.status_code == 200
    assert "Kick-off on Monday" not in response.content.decode()


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_program_page_links_managers_to_write_an_announcement(
    client_for, request, persona, program
):
    html = (
        client_for(request.getfixturevalue(persona))
        .get("/programs/career-compass/")
        .content.decode()
    )

    assert 'href="/announcements/new/?program=career-compass">Write an announcement</a>' in html


def test_program_page_is_a_landing_page_with_a_share_link_and_counts_without_names(
    client_for, outsider_user, program
):
    response = client_for(outsider_user).get("/programs/career-compass/")

    html = response.content.decode()
    assert 'value="http://testserver/programs/career-compass/" readonly' in html
    assert 'data-copy-target="share-url"' in html
    assert '<script src="/static/js/share.js" defer></script>' in html
    assert "1 mentor and 1 mentee" in text(response)
    assert "How matching works" in html
    for participant in program.enrollments.select_related("person"):
        assert participant.person.full_name not in html
    assert "<script>" not in html.replace('<script src="', "")


def test_unlisted_program_link_takes_an_anonymous_visitor_through_login_and_back(outsider_user):
    ProgramFactory(name="Quiet Circle", slug="quiet-circle", visibility=Visibility.UNLISTED)
    client = Client()

    first = client.get("/programs/quiet-circle/")
    login = client.post(
        "/accounts/login/",
        {"username": outsider_user.email, "password": PASSWORD, "next": "/programs/quiet-circle/"},
    )
    landing = client.get(login.url)

    assert (first.status_code, first.url) == (302, "/accounts/login/?next=/programs/quiet-circle/")
    assert (login.status_code, login.url) == (302, "/programs/quiet-circle/")
    assert landing.status_code == 200
    assert "<h1>Quiet Circle</h1>" in landing.content.decode()
    assert "not in the catalog" in text(landing)
