"""The pure iCalendar builder: invites (REQUEST / CANCEL) and subscription feeds (PUBLISH),
parsed back with icalendar to check what a calendar client will read."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from mentorpath.integrations.ical import (
    CANCEL_MIMETYPE,
    INVITE_MIMETYPE,
    CalendarEvent,
    feed,
    invite,
    mimetype_for,
)

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2025, 1, 2, 12, 0, tzinfo=UTC)


def _event(**changes) -> CalendarEvent:
    fields = {
        "uid": "checkin-0f5e8f5a-3c0e-4c35-9a57-0d1c1f0c2a11@mentorpath",
        "sequence": 0,
        # 09:00 in Berlin on a winter day is 08:00 UTC.
        "starts_at": datetime(2025, 1, 14, 8, 0, tzinfo=UTC),
        "time_zone": "Europe/Berlin",
        "duration": timedelta(minutes=45),
        "summary": "Mentoring check-in: Ada Lovelace & Grace Hopper",
        "description": "Career Compass\n\nAgenda: goals, next steps",
        "location": "Room 4.01, Berlin",
        "url": "https://mentorpath.example.com/mentorships/1/checkins/2/",
        "organizer": ("Ada Lovelace", "ada@example.com"),
        "attendees": (("Ada Lovelace", "ada@example.com"), ("Grace Hopper", "grace@example.com")),
        "stamp": STAMP,
    }
    return CalendarEvent(**(fields | changes))


def _parse(text: str) -> Calendar:
    return Calendar.from_ical(text)


def _only_event(calendar: Calendar):
    (vevent,) = calendar.events
    return vevent


# --- invites ------------------------------------------------------------------------------


def test_invite_scheduled_is_a_request_with_prodid():
    calendar = _parse(invite(_event()))

    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar["PRODID"]) == "-//Mentorpath//Mentorpath//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(_only_event(calendar)["STATUS"]) == "CONFIRMED"


def test_invite_cancelled_is_a_cancel_with_status_cancelled():
    calendar = _parse(invite(_event(cancelled=True, sequence=3)))

    assert str(calendar["METHOD"]) == "CANCEL"
    vevent = _only_event(calendar)
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 3


def test_invite_uid_is_stable_and_sequence_as_given_across_changes():
    first = _only_event(_parse(invite(_event())))
    moved = _only_event(
        _parse(invite(_event(sequence=1, starts_at=datetime(2025, 1, 21, 8, tzinfo=UTC))))
    )
    cancelled = _only_event(_parse(invite(_event(sequence=2, cancelled=True))))

    assert [str(v["UID"]) for v in (first, moved, cancelled)] == [
        "checkin-0f5e8f5a-3c0e-4c35-9a57-0d1c1f0c2a11@mentorpath"
    ] * 3
    assert [v["SEQUENCE"] for v in (first, moved, cancelled)] == [0, 1, 2]


def test_invite_winter_start_has_tzid_and_berlin_wall_time():
    vevent = _only_event(_parse(invite(_event())))

    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.start == datetime(2025, 1, 14, 9, 0, tzinfo=BERLIN)
    assert vevent.start.replace(tzinfo=None) == datetime(2025, 1, 14, 9, 0)
    assert vevent.start.astimezone(UTC) == datetime(2025, 1, 14, 8, 0, tzinfo=UTC)


def test_invite_summer_start_keeps_nine_o_clock_in_berlin():
    # 09:00 in Berlin in July (CEST, UTC+2) is 07:00 UTC.
    vevent = _only_event(_parse(invite(_event(starts_at=datetime(2025, 7, 8, 7, tzinfo=UTC)))))

    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.start.replace(tzinfo=None) == datetime(2025, 7, 8, 9, 0)
    assert vevent.start.astimezone(UTC) == datetime(2025, 7, 8, 7, 0, tzinfo=UTC)


def test_invite_start_given_in_another_zone_is_written_in_the_event_zone():
    starts_at = datetime(2025, 1, 14, 3, 0, tzinfo=ZoneInfo("America/New_York"))

    vevent = _only_event(_parse(invite(_event(starts_at=starts_at))))

    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.start.replace(tzinfo=None) == datetime(2025, 1, 14, 9, 0)


def test_invite_end_is_start_plus_duration_with_the_same_tzid():
    vevent = _only_event(_parse(invite(_event(duration=timedelta(minutes=45)))))

    assert vevent["DTEND"].params["TZID"] == "Europe/Berlin"
    assert vevent.end.replace(tzinfo=None) == datetime(2025, 1, 14, 9, 45)
    assert vevent.end - vevent.start == timedelta(minutes=45)


def test_invite_across_a_dst_change_lasts_its_duration_in_real_time():
    # Berlin springs forward at 02:00 on 2025-03-30: 01:30 CET + 1h is 03:30 CEST.
    starts_at = datetime(2025, 3, 30, 1, 30, tzinfo=BERLIN)

    vevent = _only_event(_parse(invite(_event(starts_at=starts_at, duration=timedelta(hours=1)))))

    assert vevent.end.replace(tzinfo=None) == datetime(2025, 3, 30, 3, 30)
    assert vevent.end.astimezone(UTC) - vevent.start.astimezone(UTC) == timedelta(hours=1)


def test_invite_includes_a_vtimezone_for_the_event_zone():
    calendar = _parse(invite(_event()))

    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    berlin = calendar.timezones[0].to_tz()
    assert datetime(2025, 1, 14, 9, tzinfo=berlin).utcoffset() == timedelta(hours=1)
    assert datetime(2025, 7, 8, 9, tzinfo=berlin).utcoffset() == timedelta(hours=2)


def test_invite_in_utc_is_written_in_utc_without_a_vtimezone():
    # RFC 5545 §3.2.19: TZID must not be used on UTC times, which end in "Z" instead.
    text = invite(_event(time_zone="UTC"))
    calendar = _parse(text)

    assert "DTSTART:20250114T080000Z" in text.splitlines()
    assert calendar.timezones == []
    assert _only_event(calendar).start == datetime(2025, 1, 14, 8, 0, tzinfo=UTC)


def test_invite_organizer_and_attendees_are_mailto_with_names():
    vevent = _only_event(_parse(invite(_event())))

    assert str(vevent["ORGANIZER"]) == "mailto:ada@example.com"
    assert vevent["ORGANIZER"].params["CN"] == "Ada Lovelace"
    assert [(a.params["CN"], str(a)) for a in vevent.attendees] == [
        ("Ada Lovelace", "mailto:ada@example.com"),
        ("Grace Hopper", "mailto:grace@example.com"),
    ]
    assert {a.params["PARTSTAT"] for a in vevent.attendees} == {"NEEDS-ACTION"}
    assert {a.params["ROLE"] for a in vevent.attendees} == {"REQ-PARTICIPANT"}


def test_invite_without_organizer_has_no_organizer_line():
    vevent = _only_event(_parse(invite(_event(organizer=None, attendees=()))))

    assert "ORGANIZER" not in vevent
    assert vevent.attendees == []


def test_invite_text_fields_survive_escaping():
    event = _event(
        summary='Check-in; "review", goals',
        description="Line one\nLine two, with comma; and semicolon\\",
        location="Café Ümlaut, 2nd floor",
        organizer=('Lovelace, Ada "The Countess"', "ada@example.com"),
    )

    vevent = _only_event(_parse(invite(event)))

    assert str(vevent["SUMMARY"]) == 'Check-in; "review", goals'
    assert str(vevent["DESCRIPTION"]) == "Line one\nLine two, with comma; and semicolon\\"
    assert str(vevent["LOCATION"]) == "Café Ümlaut, 2nd floor"
    assert str(vevent["URL"]) == "https://mentorpath.example.com/mentorships/1/checkins/2/"
    assert vevent["ORGANIZER"].params["CN"] == 'Lovelace, Ada "The Countess"'


def test_invite_empty_optional_fields_are_left_out():
    vevent = _only_event(_parse(invite(_event(description="", location="", url=""))))

    assert [name for name in ("DESCRIPTION", "LOCATION", "URL") if name in vevent] == []


def test_invite_stamp_given_is_written_in_utc():
    vevent = _only_event(_parse(invite(_event())))

    assert vevent["DTSTAMP"].dt == STAMP


def test_invite_stamp_defaults_to_now_in_utc():
    before = datetime.now(UTC).replace(microsecond=0)

    vevent = _only_event(_parse(invite(_event(stamp=None))))

    assert vevent["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert before <= vevent["DTSTAMP"].dt <= datetime.now(UTC)


def test_invite_lines_end_with_crlf_and_fold_at_75_octets():
    text = invite(_event(description="x" * 300))

    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_mimetype_for_request_and_cancel():
    assert mimetype_for(_event()) == INVITE_MIMETYPE
    assert mimetype_for(_event(cancelled=True)) == CANCEL_MIMETYPE
    assert INVITE_MIMETYPE == "text/calendar; charset=utf-8; method=REQUEST"
    assert CANCEL_MIMETYPE == "text/calendar; charset=utf-8; method=CANCEL"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": datetime(2025, 1, 14, 9)}, "aware"),
        ({"duration": timedelta(0)}, "positive"),
    ],
)
def test_event_refuses_naive_start_and_empty_duration(changes, message):
    with pytest.raises(ValueError, match=message):
        _event(**changes)


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_event_refuses_an_unknown_zone(zone):
    with pytest.raises(ValueError, match="Unknown time zone"):
        _event(time_zone=zone)


# --- feeds --------------------------------------------------------------------------------


def test_feed_is_published_with_a_name_and_one_event_each():
    events = [
        _event(uid="checkin-1@mentorpath"),
        _event(uid="checkin-2@mentorpath", starts_at=datetime(2025, 2, 1, 8, tzinfo=UTC)),
    ]

    calendar = _parse(feed(events, name="Mentorpath – Ada Lovelace"))

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["PRODID"]) == "-//Mentorpath//Mentorpath//EN"
    assert str(calendar["X-WR-CALNAME"]) == "Mentorpath – Ada Lovelace"
    assert [str(v["UID"]) for v in calendar.events] == [
        "checkin-1@mentorpath",
        "checkin-2@mentorpath",
    ]


def test_feed_marks_cancelled_events_and_keeps_the_others_confirmed():
    events = [
        _event(uid="checkin-1@mentorpath"),
        _event(uid="checkin-2@mentorpath", cancelled=True, sequence=4),
    ]

    calendar = _parse(feed(events, name="Mine"))

    assert [(str(v["STATUS"]), v["SEQUENCE"]) for v in calendar.events] == [
        ("CONFIRMED", 0),
        ("CANCELLED", 4),
    ]


def test_feed_has_one_vtimezone_per_zone_used():
    events = [
        _event(uid="a@mentorpath"),
        _event(uid="b@mentorpath", time_zone="America/New_York"),
        _event(uid="c@mentorpath", starts_at=datetime(2025, 7, 8, 7, tzinfo=UTC)),
        _event(uid="d@mentorpath", time_zone="UTC"),
    ]

    calendar = _parse(feed(events, name="Mine"))

    assert sorted(str(tz["TZID"]) for tz in calendar.timezones) == [
        "America/New_York",
        "Europe/Berlin",
    ]
    assert calendar.get_missing_tzids() == set()
    starts = {str(v["UID"]): v.start for v in calendar.events}
    assert starts["b@mentorpath"].replace(tzinfo=None) == datetime(2025, 1, 14, 3, 0)
    assert starts["c@mentorpath"].replace(tzinfo=None) == datetime(2025, 7, 8, 9, 0)


def test_feed_names_the_organizer_but_no_attendees():
    # RFC 5546 §3.2.1: a PUBLISH has an ORGANIZER and no ATTENDEE.
    vevent = _only_event(_parse(feed([_event()], name="Mine")))

    assert str(vevent["ORGANIZER"]) == "mailto:ada@example.com"
    assert vevent.attendees == []


def test_feed_empty_is_a_valid_calendar_without_events():
    calendar = _parse(feed([], name="Nothing yet"))

    assert calendar.events == []
    assert calendar.timezones == []
    assert str(calendar["X-WR-CALNAME"]) == "Nothing yet"


def test_feed_accepts_a_generator():
    calendar = _parse(feed((replace(_event(), uid=f"{n}@mentorpath") for n in range(3)), name="g"))

    assert len(calendar.events) == 3
