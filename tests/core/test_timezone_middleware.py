"""PersonTimezoneMiddleware: pages show times in the logged-in person's time zone, UTC for
anonymous visitors and for a zone that cannot be read; nothing leaks past the request.

A small view in this module (its own URLconf) prints one fixed moment through the template
engine, so each test reads exactly what a page would show."""

from datetime import UTC, datetime

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path
from django.utils import timezone

from mentorpath.people.models import Person
from tests.factories import PersonFactory, UserFactory
from tests.factories.mentoring import CheckInFactory

pytestmark = pytest.mark.django_db

# 15 January 12:00 UTC: Berlin 13:00 CET, New York 07:00 EST, Tokyo 21:00 JST
MOMENT = datetime(2030, 1, 15, 12, 0, tzinfo=UTC)
CLOCK = engines["django"].from_string(
    '<time id="clock">{{ moment|date:"Y-m-d H:i T" }}</time>'
    '<span id="zone">{{ zone }}</span><span id="localtime">{{ local|date:"H:i" }}</span>'
)


def clock(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        CLOCK.render(
            {
                "moment": MOMENT,
                "zone": timezone.get_current_timezone_name(),
                "local": timezone.localtime(MOMENT),
            },
            request,
        )
    )


urlpatterns = [path("clock/", clock)]


def read(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def with_zone(client_for, zone: str) -> Client:
    user = UserFactory(email="zoned@example.com")
    PersonFactory(user=user, email=user.email)
    Person.objects.filter(user=user).update(time_zone=zone)  # as an import or old data could
    return client_for(user)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Europe/Berlin", "2030-01-15 13:00 CET"),
        ("America/New_York", "2030-01-15 07:00 EST"),
        ("Asia/Tokyo", "2030-01-15 21:00 JST"),
        ("Asia/Kolkata", "2030-01-15 17:30 IST"),
    ],
)
def test_page_shows_times_in_the_logged_in_persons_zone(client_for, zone, shown):
    text = read(with_zone(client_for, zone).get("/clock/"))

    assert f'<time id="clock">{shown}</time>' in text
    assert f'<span id="zone">{zone}</span>' in text


@pytest.mark.urls(__name__)
def test_anonymous_page_uses_utc():
    text = read(Client().get("/clock/"))

    assert '<time id="clock">2030-01-15 12:00 UTC</time>' in text
    assert '<span id="zone">UTC</span>' in text


@pytest.mark.urls(__name__)
def test_user_without_an_employee_profile_sees_utc(client_for):
    text = read(client_for(UserFactory(email="no-profile@example.com")).get("/clock/"))

    assert '<time id="clock">2030-01-15 12:00 UTC</time>' in text


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "zone",
    [
        "",  # no zone on the record
        "Mars/Olympus_Mons",  # not a zone: ZoneInfoNotFoundError
        "Europe/Berlin ",  # a stray space
        "europe/berlin",  # zone names are case-sensitive
        "../../etc/passwd",  # a path outside the zone database: ValueError
        "Europe/",  # not normalised: ValueError
        "zone.tab",  # a file of the zone database that is not a zone: ValueError
        "Europe",  # a directory of the zone database: IsADirectoryError
    ],
)
def test_bad_zone_falls_back_to_utc_without_error(client_for, zone):
    text = read(with_zone(client_for, zone).get("/clock/"))

    assert '<time id="clock">2030-01-15 12:00 UTC</time>' in text
    assert '<span id="zone">UTC</span>' in text


@pytest.mark.urls(__name__)
def test_zone_is_reset_after_each_request(client_for):
    client = with_zone(client_for, "Asia/Tokyo")

    tokyo = read(client.get("/clock/"))
    after = timezone.get_current_timezone_name()
    anonymous = read(Client().get("/clock/"))

    assert '<span id="localtime">21:00</span>' in tokyo
    assert after == "UTC"
    assert '<span id="localtime">12:00</span>' in anonymous


@pytest.mark.urls(__name__)
def test_zone_change_applies_on_the_next_request(client_for):
    client = with_zone(client_for, "Europe/Berlin")
    before = read(client.get("/clock/"))

    Person.objects.filter(email="zoned@example.com").update(time_zone="America/New_York")
    after = read(client.get("/clock/"))

    assert "13:00 CET" in before
    assert "07:00 EST" in after


def test_real_page_follows_the_viewers_zone_and_a_bad_zone_shows_utc(
    client_for, pair, mentor_user, mentee_user
):
    checkin = CheckInFactory(mentorship=pair, starts_at=MOMENT)
    page = f"/mentorships/{pair.pk}/checkins/{checkin.pk}/"
    Person.objects.filter(user=mentee_user).update(time_zone="America/New_York")

    as_mentor = read(client_for(mentor_user).get(page))
    as_mentee = read(client_for(mentee_user).get(page))
    Person.objects.filter(user=mentee_user).update(time_zone="Mars/Olympus_Mons")
    as_lost_mentee = read(client_for(mentee_user).get(page))

    assert 'id="checkin-time">Tuesday 15 January 2030, 13:00 CET</time>' in as_mentor
    assert 'id="checkin-time">Tuesday 15 January 2030, 07:00 EST</time>' in as_mentee
    assert 'id="checkin-time">Tuesday 15 January 2030, 12:00 UTC</time>' in as_lost_mentee
