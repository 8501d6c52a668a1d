"""Calendar pages per persona: the private feed (no login, the token is the key), one
check-in's invite download (the pair only) and the feed settings page."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from icalendar import Calendar

from mentorpath.integrations.models import CalendarFeed
from mentorpath.integrations.services import calendar_feed_create, calendar_feed_revoke
from mentorpath.mentoring.models import Mentorship
from tests.factories import PASSWORD, UserFactory, approved_participant
from tests.integrations.conftest import SITE_URL, make_checkin, pair_of_new_people

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/calendar/"
CREATE_URL = "/calendar/feed/"
REVOKE_URL = "/calendar/feed/revoke/"
LOGIN_URL = "/accounts/login/"


def feed_url(token: str) -> str:
    return f"/calendar/feed/{token}.ics"


def invite_url(checkin) -> str:
    return f"/calendar/checkins/{checkin.pk}.ics"


def _uids(response) -> list[str]:
    return [str(v["UID"]) for v in Calendar.from_ical(response.content).events]


def _text(response) -> str:
    return response.content.decode()


def _shown_token(response) -> str:
    match = re.search(
        r'<code id="feed-url">[^<]*/calendar/feed/([A-Za-z0-9_-]+)\.ics</code>', _text(response)
    )
    return match.group(1)


# --- the feed -----------------------------------------------------------------------------


def test_feed_valid_token_is_the_owners_calendar(pair, mentor_user):
    checkin = make_checkin(pair)
    token = calendar_feed_create(user=mentor_user)

    response = Client().get(feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Mentorpath check-ins · Ada Lovelace"
    assert _uids(response) == [f"checkin-{checkin.uid}@mentorpath"]


def test_feed_two_users_see_only_their_own_checkins(pair, program, mentee_user):
    ours = make_checkin(pair)
    other_pair = pair_of_new_people(program, "m2@example.com", "e2@example.com")
    theirs = make_checkin(other_pair)
    our_token = calendar_feed_create(user=mentee_user)
    their_token = calendar_feed_create(user=other_pair.mentee.person.user)

    assert _uids(Client().get(feed_url(our_token))) == [f"checkin-{ours.uid}@mentorpath"]
    assert _uids(Client().get(feed_url(their_token))) == [f"checkin-{theirs.uid}@mentorpath"]


def test_feed_of_a_mentor_with_two_pairs_holds_both(pair, program, mentor, mentor_user):
    first = make_checkin(pair)
    second_pair = Mentorship.objects.create(
        program=program,
        mentor=mentor,
        mentee=approved_participant(program, "mentee", level=2),
        status="active",
        source="override",
    )
    second = make_checkin(second_pair, starts_at=first.starts_at + timedelta(days=1))
    token = calendar_feed_create(user=mentor_user)

    assert _uids(Client().get(feed_url(token))) == [
        f"checkin-{first.uid}@mentorpath",
        f"checkin-{second.uid}@mentorpath",
    ]


def test_feed_shows_cancelled_checkins_as_cancelled(pair, mentee_user):
    make_checkin(pair, status="cancelled", sequence=1)
    token = calendar_feed_create(user=mentee_user)

    (vevent,) = Calendar.from_ical(Client().get(feed_url(token)).content).events

    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1


def test_feed_of_a_user_without_employee_profile_is_an_empty_calendar(db):
    user = UserFactory(email="no-person@example.com")
    token = calendar_feed_create(user=user)

    response = Client().get(feed_url(token))

    assert response.status_code == 200
    assert Calendar.from_ical(response.content).events == []


def test_feed_queries_do_not_grow_with_checkins(pair, mentee_user, django_assert_num_queries):
    for _ in range(5):
        make_checkin(pair, scheduled_by=pair.mentor.person)
    token = calendar_feed_create(user=mentee_user)
    Client().get(feed_url(token))  # the first read records the fetch time

    # the feed with its user and person, then the check-ins with everything they need
    with django_assert_num_queries(2):
        response = Client().get(feed_url(token))

    assert len(_uids(response)) == 5


def test_feed_sets_no_cookie_and_records_the_fetch(pair, mentee_user):
    token = calendar_feed_create(user=mentee_user)

    response = Client().get(feed_url(token))

    assert response.cookies == {}
    assert CalendarFeed.objects.get(user=mentee_user).last_fetched_at is not None


@pytest.mark.parametrize("how", ["unknown", "revoked", "reset", "inactive", "digest", "long"])
def test_feed_bad_token_is_404_with_one_body_for_all(pair, mentee_user, how):
    token = calendar_feed_create(user=mentee_user)
    if how == "unknown":
        token = "A" * 43
    elif how == "revoked":
        calendar_feed_revoke(user=mentee_user)
    elif how == "reset":
        calendar_feed_create(user=mentee_user)
    elif how == "inactive":
        mentee_user.is_active = False
        mentee_user.save(update_fields=["is_active"])
    elif how == "digest":
        token = CalendarFeed.objects.get(user=mentee_user).token_digest
    elif how == "long":
        token = "B" * 500

    response = Client().get(feed_url(token))

    assert response.status_code == 404
    assert response.content == b"Not found.\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"


def test_feed_reset_invalidates_the_old_token(pair, mentee_user):
    old = calendar_feed_create(user=mentee_user)
    new = calendar_feed_create(user=mentee_user)

    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200


def test_feed_by_post_is_not_allowed(pair, mentee_user):
    token = calendar_feed_create(user=mentee_user)

    assert Client().post(feed_url(token)).status_code == 405


def test_feed_head_is_allowed(pair, mentee_user):
    token = calendar_feed_create(user=mentee_user)

    assert Client().head(feed_url(token)).status_code == 200


# --- one check-in's invite ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_checkin_invite_download_for_the_pair(request, client_for, winter_checkin, persona):
    response = client_for(request.getfixturevalue(persona)).get(invite_url(winter_checkin))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=REQUEST"
    assert response["Content-Disposition"] == (
        f'attachment; filename="checkin-{winter_checkin.pk}.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert _uids(response) == [f"checkin-{winter_checkin.uid}@mentorpath"]


def test_checkin_invite_of_a_cancelled_checkin_is_a_cancel(client_for, pair, mentor_user):
    checkin = make_checkin(pair, status="cancelled", sequence=4)

    response = client_for(mentor_user).get(invite_url(checkin))

    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=CANCEL"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.events[0]["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("persona", ["manager_user", "admin_user", "outsider_user"])
def test_checkin_invite_is_404_for_everyone_else(request, client_for, winter_checkin, persona):
    response = client_for(request.getfixturevalue(persona)).get(invite_url(winter_checkin))

    assert response.status_code == 404


def test_checkin_invite_of_another_pair_is_404_for_a_participant(
    client_for, pair, program, mentee_user
):
    other = make_checkin(pair_of_new_people(program, "m4@example.com", "e4@example.com"))

    assert client_for(mentee_user).get(invite_url(other)).status_code == 404


def test_checkin_invite_missing_is_404(client_for, mentee_user):
    assert client_for(mentee_user).get("/calendar/checkins/999999.ics").status_code == 404


def test_checkin_invite_anonymous_redirects_to_login(winter_checkin):
    url = invite_url(winter_checkin)

    response = Client().get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


# --- settings page ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [SETTINGS_URL, CREATE_URL, REVOKE_URL])
def test_settings_pages_anonymous_redirect_to_login(url):
    response = Client().post(url) if url != SETTINGS_URL else Client().get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


def test_settings_without_a_feed_offers_to_create_one(client_for, mentee_user):
    response = client_for(mentee_user).get(SETTINGS_URL)

    assert response.status_code == 200
    assert "<h1>Calendar feed</h1>" in _text(response)
    assert "Create my feed link" in _text(response)
    assert "private" in _text(response)
    assert "Turn off" not in _text(response)


def test_settings_create_shows_the_link_once(client_for, mentee_user):
    client = client_for(mentee_user)

    response = client.post(CREATE_URL)

    token = _shown_token(response)
    assert response.status_code == 200
    assert f'<code id="feed-url">{SITE_URL}/calendar/feed/{token}.ics</code>' in _text(response)
    assert f'href="webcal://mentorpath.example.com/calendar/feed/{token}.ics"' in _text(response)
    assert CalendarFeed.objects.get(user=mentee_user).token_digest == CalendarFeed.digest_of(token)
    later = client.get(SETTINGS_URL)
    assert token not in _text(later)
    assert "Reset link" in _text(later)
    assert "Turn off" in _text(later)


def test_settings_create_keeps_the_token_out_of_cookies_and_session(client_for, mentee_user):
    client = client_for(mentee_user)

    token = _shown_token(client.post(CREATE_URL))

    assert all(token not in morsel.value for morsel in client.cookies.values())
    assert all(token not in str(value) for value in client.session.values())


def test_settings_reset_replaces_the_link(client_for, mentee_user):
    client = client_for(mentee_user)
    old = _shown_token(client.post(CREATE_URL))

    new = _shown_token(client.post(CREATE_URL))

    assert new != old
    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200


def test_settings_revoke_turns_the_feed_off(client_for, mentee_user):
    client = client_for(mentee_user)
    token = _shown_token(client.post(CREATE_URL))

    response = client.post(REVOKE_URL, follow=True)

    assert response.redirect_chain == [(SETTINGS_URL, 302)]
    assert "Your calendar feed was turned off." in _text(response)
    assert "Create my feed link" in _text(response)
    assert Client().get(feed_url(token)).status_code == 404


def test_settings_revoke_without_a_feed_says_so(client_for, mentee_user):
    response = client_for(mentee_user).post(REVOKE_URL, follow=True)

    assert "You had no calendar feed to turn off." in _text(response)


def test_settings_htmx_create_and_revoke_return_the_panel(client_for, mentee_user):
    client = client_for(mentee_user)

    created = client.post(CREATE_URL, headers={"HX-Request": "true"})
    revoked = client.post(REVOKE_URL, headers={"HX-Request": "true"})

    assert _text(created).lstrip().startswith('<section class="panel" id="calendar-feed"')
    assert "<h1>" not in _text(created)
    assert _shown_token(created)
    assert revoked.status_code == 200
    assert _text(revoked).lstrip().startswith('<section class="panel" id="calendar-feed"')
    assert "Your calendar feed was turned off." in _text(revoked)


def test_settings_users_only_change_their_own_feed(client_for, mentee_user, mentor_user):
    mentor_token = calendar_feed_create(user=mentor_user)

    client_for(mentee_user).post(REVOKE_URL)
    client_for(mentee_user).post(CREATE_URL)

    assert Client().get(feed_url(mentor_token)).status_code == 200


@pytest.mark.parametrize("url", [CREATE_URL, REVOKE_URL])
def test_settings_actions_by_get_are_not_allowed(client_for, mentee_user, url):
    assert client_for(mentee_user).get(url).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_settings_actions_need_the_csrf_token(mentee_user):
    client = Client(enforce_csrf_checks=True)
    client.login(email=mentee_user.email, password=PASSWORD)

    assert client.post(CREATE_URL).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_account_settings_links_to_the_calendar_feed(client_for, mentee_user):
    response = client_for(mentee_user).get("/accounts/settings/")

    assert 'href="/calendar/"' in _text(response)
