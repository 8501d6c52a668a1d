"""A CheckIn row as a calendar event and as an invite."""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from mentorpath.integrations.checkins import (
    checkin_event,
    checkin_invite_url,
    checkin_uid,
    checkins_feed,
)
from mentorpath.integrations.ical import invite
from tests.integrations.conftest import SITE_URL, make_checkin

pytestmark = pytest.mark.django_db


def test_checkin_event_maps_every_field(winter_checkin, pair):
    event = checkin_event(winter_checkin)

    assert event.uid == f"checkin-{winter_checkin.uid}@mentorpath"
    assert event.sequence == 2
    assert event.starts_at == datetime(2030, 1, 15, 8, 0, tzinfo=UTC)
    assert event.time_zone == "Europe/Berlin"
    assert event.duration.total_seconds() == 45 * 60
    assert event.summary == "Mentoring check-in: Ada Lovelace & Grace Hopper"
    assert event.location == "Room 4.01"
    url = f"{SITE_URL}/mentorships/{pair.pk}/checkins/{winter_checkin.pk}/"
    assert event.url == url
    assert event.description == (
        "Mentoring check-in in Career Compass.\n\n"
        "Agenda:\nReview the goals\nPlan the next month\n\n"
        "Video call: https://meet.example.com/ada-grace\n"
        f"In Mentorpath: {url}"
    )
    assert event.organizer == ("Grace Hopper", "mentee@example.com")
    assert event.attendees == (
        ("Ada Lovelace", "mentor@example.com"),
        ("Grace Hopper", "mentee@example.com"),
    )
    assert event.cancelled is False


def test_checkin_event_without_scheduler_is_organized_by_the_mentor(pair):
    checkin = make_checkin(pair, scheduled_by=None)

    assert checkin_event(checkin).organizer == ("Ada Lovelace", "mentor@example.com")


def test_checkin_event_without_room_uses_the_video_link_as_location(pair):
    checkin = make_checkin(pair, location="", video_url="https://meet.example.com/x")

    assert checkin_event(checkin).location == "https://meet.example.com/x"


def test_checkin_event_without_agenda_or_video_keeps_program_and_link(pair):
    checkin = make_checkin(pair)

    event = checkin_event(checkin)

    assert event.location == ""
    assert event.description == (
        "Mentoring check-in in Career Compass.\n\n"
        f"In Mentorpath: {SITE_URL}/mentorships/{pair.pk}/checkins/{checkin.pk}/"
    )


@pytest.mark.parametrize(
    ("status", "cancelled"),
    [("scheduled", False), ("held", False), ("missed", False), ("cancelled", True)],
)
def test_checkin_event_cancelled_only_for_cancelled_status(pair, status, cancelled):
    checkin = make_checkin(pair, status=status)

    assert checkin_event(checkin).cancelled is cancelled


def test_checkin_uid_is_stable_when_the_checkin_changes(winter_checkin):
    before = checkin_uid(winter_checkin)
    winter_checkin.starts_at = datetime(2030, 1, 22, 8, 0, tzinfo=UTC)
    winter_checkin.sequence += 1
    winter_checkin.status = "cancelled"
    winter_checkin.save()
    winter_checkin.refresh_from_db()

    assert checkin_uid(winter_checkin) == before
    assert checkin_event(winter_checkin).uid == before
    assert checkin_event(winter_checkin).sequence == 3


def test_checkin_invite_parses_with_berlin_time_and_both_people(winter_checkin):
    calendar = Calendar.from_ical(invite(checkin_event(winter_checkin)))

    (vevent,) = calendar.events
    assert str(calendar["METHOD"]) == "REQUEST"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.start.replace(tzinfo=None) == datetime(2030, 1, 15, 9, 0)
    assert vevent.end.replace(tzinfo=None) == datetime(2030, 1, 15, 9, 45)
    assert str(vevent["ORGANIZER"]) == "mailto:mentee@example.com"
    assert [str(a) for a in vevent.attendees] == [
        "mailto:mentor@example.com",
        "mailto:mentee@example.com",
    ]
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Berlin"]


def test_checkin_invite_url_is_absolute(winter_checkin):
    assert checkin_invite_url(winter_checkin) == (
        f"{SITE_URL}/calendar/checkins/{winter_checkin.pk}.ics"
    )


def test_checkins_feed_is_named_after_the_person(winter_checkin, pair):
    calendar = Calendar.from_ical(checkins_feed([winter_checkin], person=pair.mentor.person))

    assert str(calendar["X-WR-CALNAME"]) == "Mentorpath check-ins · Ada Lovelace"
    assert [str(v["UID"]) for v in calendar.events] == [f"checkin-{winter_checkin.uid}@mentorpath"]
