"""The notification centre, opening and marking notices, the nav badge and the settings page."""

import html
import re

import pytest

from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.models import Notification
from mentorpath.notifications.queries import preferences_of, unread_count

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _text(response) -> str:
    return response.content.decode()


def _subjects(response) -> list[str]:
    return [
        html.unescape(s)
        for s in re.findall(
            r'class="link-button notification-subject">(?:<span[^>]*>Unread: </span>)?([^<]*)<',
            _text(response),
        )
    ]


def _unread_subjects(response) -> list[str]:
    return [
        html.unescape(s)
        for s in re.findall(
            r'<span class="visually-hidden">Unread: </span>([^<]*)<', _text(response)
        )
    ]


# --- anonymous ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/notifications/"),
        ("get", "/notifications/preferences/"),
        ("post", "/notifications/preferences/"),
        ("post", "/notifications/read-all/"),
        ("post", "/notifications/1/open/"),
        ("post", "/notifications/1/read/"),
    ],
)
def test_anonymous_is_sent_to_login(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_anonymous_badge_poll_changes_nothing(client):
    assert client.get("/notifications/badge/").status_code == 204


# --- the centre -----------------------------------------------------------------------------


def test_centre_shows_own_in_app_notices_newest_first_unread_marked(
    client_for, mentee_user, outsider_user, send
):
    send(mentee_user, key="a", subject="First")
    send(mentee_user, key="b", subject="Second")
    send(outsider_user, key="c", subject="Not yours")
    Notification.objects.filter(key="a").update(read_at="2026-01-01T00:00Z")
    Notification.objects.create(
        recipient=mentee_user, kind="goal_update", key="d", subject="Email only", body="",
        url="/x/", in_app=False,
    )  # fmt: skip

    response = client_for(mentee_user).get("/notifications/")

    assert response.status_code == 200
    assert _subjects(response) == ["Second", "First"]
    assert _unread_subjects(response) == ["Second"]
    assert '<h2 id="notification-list-heading">1 unread</h2>' in _text(response)
    assert "Not yours" not in _text(response)


def test_centre_without_notices_says_so(client_for, mentee_user):
    response = client_for(mentee_user).get("/notifications/")

    assert "You have no notifications yet." in _text(response)
    assert "Mark all read" not in _text(response)


def test_centre_is_paged(client_for, mentee_user, send):
    for i in range(27):
        send(mentee_user, key=f"k{i}", subject=f"Notice {i}")

    first = client_for(mentee_user).get("/notifications/")
    second = client_for(mentee_user).get("/notifications/?page=2")

    assert len(_subjects(first)) == 25
    assert _subjects(second) == ["Notice 1", "Notice 0"]


def test_centre_has_no_inline_script_or_style(client_for, mentee_user, send):
    send(mentee_user, key="k")

    text = _text(client_for(mentee_user).get("/notifications/"))

    assert "<script>" not in text
    assert "style=" not in text
    assert "<style" not in text


# --- open, mark read, mark all read ---------------------------------------------------------


def test_open_marks_read_and_goes_to_the_notices_page(client_for, mentee_user, send):
    notification = send(mentee_user, key="k", url="/mentorships/4/?tab=goals")

    response = client_for(mentee_user).post(f"/notifications/{notification.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/mentorships/4/?tab=goals"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_open_never_leaves_the_site(client_for, mentee_user, url):
    notification = Notification.objects.create(
        recipient=mentee_user, kind="goal_update", key="k", subject="S", body="", url=url
    )

    response = client_for(mentee_user).post(f"/notifications/{notification.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("action", ["open", "read"])
def test_someone_elses_notification_is_not_found(
    client_for, mentee_user, outsider_user, send, action
):
    notification = send(mentee_user, key="k")

    response = client_for(outsider_user).post(f"/notifications/{notification.pk}/{action}/")

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_open_is_post_only(client_for, mentee_user, send):
    notification = send(mentee_user, key="k")

    response = client_for(mentee_user).get(f"/notifications/{notification.pk}/open/")

    assert response.status_code == 405


def test_mark_read_without_js_returns_to_the_same_page(client_for, mentee_user, send):
    notification = send(mentee_user, key="k")

    response = client_for(mentee_user).post(
        f"/notifications/{notification.pk}/read/", {"page": "2"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/notifications/?page=2"
    assert unread_count(user=mentee_user) == 0


def test_mark_read_with_htmx_returns_the_list_and_refreshes_the_badge(
    client_for, mentee_user, send
):
    read = send(mentee_user, key="a", subject="Read me")
    send(mentee_user, key="b", subject="Still new")

    response = client_for(mentee_user).post(f"/notifications/{read.pk}/read/", **HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    assert _text(response).lstrip().startswith('<section id="notification-list"')
    assert "<html" not in _text(response)
    assert _unread_subjects(response) == ["Still new"]


def test_mark_all_read_without_js(client_for, mentee_user, outsider_user, send):
    send(mentee_user, key="a")
    send(mentee_user, key="b")
    send(outsider_user, key="a")
    client = client_for(mentee_user)

    response = client.post("/notifications/read-all/")

    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert "2 marked read." in _text(client.get("/notifications/"))
    assert unread_count(user=mentee_user) == 0
    assert unread_count(user=outsider_user) == 1


def test_mark_all_read_with_htmx(client_for, mentee_user, send):
    send(mentee_user, key="a")

    response = client_for(mentee_user).post("/notifications/read-all/", **HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    assert '<h2 id="notification-list-heading">All read</h2>' in _text(response)
    assert unread_count(user=mentee_user) == 0


# --- badge ----------------------------------------------------------------------------------


def test_badge_counts_unread_with_accessible_text(client_for, mentee_user, outsider_user, send):
    for key in ("a", "b", "c"):
        send(mentee_user, key=key)
    send(outsider_user, key="x")

    text = _text(client_for(mentee_user).get("/notifications/badge/"))

    assert '<span aria-hidden="true">3</span>' in text
    assert '<span class="visually-hidden">3 unread</span>' in text


def test_badge_shows_9_plus_but_says_the_count(client_for, mentee_user, send):
    for i in range(12):
        send(mentee_user, key=f"k{i}")

    text = _text(client_for(mentee_user).get("/notifications/badge/"))

    assert '<span aria-hidden="true">9+</span>' in text
    assert '<span class="visually-hidden">12 unread</span>' in text


def test_badge_is_empty_when_all_is_read(client_for, mentee_user):
    response = client_for(mentee_user).get("/notifications/badge/")

    assert response.status_code == 200
    assert _text(response).strip() == ""


def test_every_page_polls_the_badge(client_for, mentee_user):
    text = _text(client_for(mentee_user).get("/"))

    assert 'href="/notifications/"' in text
    assert 'hx-get="/notifications/badge/"' in text
    assert 'hx-trigger="load, every 60s, notifications-changed from:body"' in text


# --- preferences ----------------------------------------------------------------------------


def test_preferences_page_lists_every_kind_checked_by_default(client_for, mentee_user):
    response = client_for(mentee_user).get("/notifications/preferences/")
    text = _text(response)

    assert response.status_code == 200
    for kind in NotificationKind:
        assert f'<th scope="row">{html.escape(kind.label)}</th>' in text
        assert f'name="{kind.value}_email" id="id_{kind.value}_email" checked' in text
        assert f'name="{kind.value}_in_app" id="id_{kind.value}_in_app" checked' in text


def test_preferences_page_saves_the_choices(client_for, mentee_user):
    client = client_for(mentee_user)
    checked = {f"{kind}_email": "on" for kind in NotificationKind.values}
    checked |= {f"{kind}_in_app": "on" for kind in NotificationKind.values}
    del checked["checkin_reminder_email"]
    del checked["pair_nudge_in_app"]

    response = client.post("/notifications/preferences/", checked)

    assert response.status_code == 302
    assert response["Location"] == "/notifications/preferences/"
    prefs = preferences_of(user=mentee_user)
    assert prefs["checkin_reminder"] == (False, True)
    assert prefs["pair_nudge"] == (True, False)
    assert prefs["goal_update"] == (True, True)
    page = _text(client.get("/notifications/preferences/"))
    assert "Notification settings saved." in page
    assert 'name="checkin_reminder_email" id="id_checkin_reminder_email">' in page


def test_unchecking_everything_turns_everything_off(client_for, mentee_user):
    response = client_for(mentee_user).post("/notifications/preferences/", {})

    assert response.status_code == 302
    assert set(preferences_of(user=mentee_user).values()) == {(False, False)}


def test_account_settings_link_to_notification_settings(client_for, mentee_user):
    text = _text(client_for(mentee_user).get("/accounts/settings/"))

    assert 'href="/notifications/preferences/"' in text
