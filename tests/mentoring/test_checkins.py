"""Check-ins: scheduling in a time zone, moving and cancelling with updatable calendar invites,
answering, recording what happened, the email each side gets in their own time, and the
suggested next date."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.mentoring.queries import mentor_minutes, suggest_next_checkin
from mentorpath.mentoring.services import (
    agreement_set_rhythm,
    checkin_cancel,
    checkin_record,
    checkin_reschedule,
    checkin_respond,
    checkin_schedule,
    mentorship_end,
    mentorship_pause,
    mentorship_propose,
)
from mentorpath.notifications.models import Notification
from tests.factories import ProgramFactory
from tests.factories.mentoring import (
    active_pair,
    name_pair,
    participant,
    proposed_pair,
    spelled,
    start,
    winter_tuesday,
)

pytestmark = pytest.mark.django_db

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
TUESDAY = winter_tuesday()
# 09:00 in Berlin = 08:00 UTC = 03:00 in New York.
WINTER = datetime.combine(TUESDAY, time(9, 0), tzinfo=BERLIN)


def on(days: int, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    """`days` after TUESDAY at hour:minute in `zone`."""
    return datetime.combine(TUESDAY + timedelta(days=days), time(hour, minute), tzinfo=zone)


def when(starts_at: datetime, zone: str = "Europe/Berlin", **fields) -> dict:
    return {"starts_at": starts_at, "time_zone": zone, **fields}


def refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value


def in_zones(pair, mentor_zone: str, mentee_zone: str):
    for person, zone in ((pair.mentor.person, mentor_zone), (pair.mentee.person, mentee_zone)):
        person.time_zone = zone
        person.save(update_fields=["time_zone"])
    return name_pair(pair)


def calendar_parts(message) -> list[tuple[str, str, Calendar]]:
    """(filename, method parameter, parsed calendar) of each calendar attachment."""
    return [
        (
            part.get_filename(),
            part.get_param("method"),
            Calendar.from_ical(part.get_payload(decode=True)),
        )
        for part in message.message().walk()
        if part.get_filename()
    ]


@pytest.fixture
def checkin(pair, mentee_user) -> CheckIn:
    """Scheduled by the mentee for WINTER, 45 minutes, in Berlin."""
    return checkin_schedule(
        mentorship=pair, person=mentee_user.person, data=when(WINTER, location="Room 4.01")
    )


def started(pair, person, ago: timedelta = timedelta(hours=2), **fields) -> CheckIn:
    """A check-in that began `ago`."""
    return checkin_schedule(
        mentorship=pair, person=person, data=when(timezone.now() - ago, **fields)
    )


# --- schedule ----------------------------------------------------------------------------------


def test_schedule_stores_utc_and_the_zone_it_was_planned_in(pair, mentee_user):
    checkin = checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(WINTER))

    stored = CheckIn.objects.get(pk=checkin.pk)
    assert stored.starts_at == on(0, 8, zone=ZoneInfo("UTC"))
    assert stored.starts_at.utcoffset() == timedelta(0)
    assert checkin.starts_at.utcoffset() == timedelta(0)
    assert (stored.time_zone, stored.sequence, stored.status) == ("Europe/Berlin", 0, "scheduled")
    assert (stored.scheduled_by, stored.invitee_response) == (mentee_user.person, "pending")


def test_schedule_in_new_york_time_stores_the_same_instant_in_utc(pair, mentor_user):
    starts = datetime(TUESDAY.year, 7, 1, 11, 30, tzinfo=NEW_YORK)

    checkin = checkin_schedule(
        mentorship=pair, person=mentor_user.person, data=when(starts, "America/New_York")
    )

    assert CheckIn.objects.get(pk=checkin.pk).starts_at == datetime(
        TUESDAY.year, 7, 1, 15, 30, tzinfo=UTC
    )


def test_schedule_a_naive_datetime_is_refused(pair, mentee_user):
    error = refusal(
        lambda: checkin_schedule(
            mentorship=pair, person=mentee_user.person, data=when(WINTER.replace(tzinfo=None))
        )
    )

    assert error.message_dict == {"starts_at": ["Give a date and time with its time zone."]}
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_schedule_in_an_unknown_zone_is_refused(pair, mentee_user, zone):
    error = refusal(
        lambda: checkin_schedule(
            mentorship=pair, person=mentee_user.person, data=when(WINTER, zone)
        )
    )

    assert error.message_dict == {"time_zone": ["Choose a valid time zone."]}
    assert not CheckIn.objects.exists()


def test_schedule_more_than_60_days_ago_is_refused(pair, mentee_user):
    error = refusal(
        lambda: checkin_schedule(
            mentorship=pair,
            person=mentee_user.person,
            data=when(timezone.now() - timedelta(days=61)),
        )
    )

    assert error.message_dict == {"starts_at": ["That is more than 60 days ago."]}


def test_schedule_more_than_two_years_ahead_is_refused(pair, mentee_user):
    error = refusal(
        lambda: checkin_schedule(
            mentorship=pair,
            person=mentee_user.person,
            data=when(timezone.now() + timedelta(days=731)),
        )
    )

    assert error.message_dict == {"starts_at": ["Plan check-ins at most two years ahead."]}
    assert not CheckIn.objects.exists()


def test_schedule_while_paused_is_refused(pair, mentee_user):
    paused = mentorship_pause(mentorship=pair, by=mentee_user)

    error = refusal(
        lambda: checkin_schedule(mentorship=paused, person=mentee_user.person, data=when(WINTER))
    )

    assert error.messages == [
        "This mentorship is paused; check-ins can be scheduled while it is active."
    ]
    assert error.code == "conflict"
    assert not CheckIn.objects.exists()


def test_schedule_while_proposed_or_after_the_end_is_refused(db):
    program = ProgramFactory()
    proposed = proposed_pair(program, "m1@example.com", "e1@example.com")
    ended = mentorship_end(
        mentorship=active_pair(program, "m2@example.com", "e2@example.com"), reason="left"
    )

    messages = [
        refusal(
            lambda m=m: checkin_schedule(mentorship=m, person=m.mentee.person, data=when(WINTER))
        ).messages
        for m in (proposed, ended)
    ]

    assert messages == [
        ["This mentorship is proposed; check-ins can be scheduled while it is active."],
        ["This mentorship is ended early; check-ins can be scheduled while it is active."],
    ]


@pytest.mark.parametrize("persona", ["manager_user", "outsider_user"])
def test_schedule_by_someone_outside_the_pair_is_refused(request, pair, persona):
    person = request.getfixturevalue(persona).person

    error = refusal(lambda: checkin_schedule(mentorship=pair, person=person, data=when(WINTER)))

    assert error.messages == ["Only the mentor and the mentee of this pair can do that."]
    assert not CheckIn.objects.exists()


def test_schedule_invites_both_and_asks_the_other_to_answer(pair, mentee_user):
    pair = name_pair(pair)

    checkin = checkin_schedule(
        mentorship=pair, person=mentee_user.person, data=when(WINTER, location="Room 4.01")
    )

    invites = Notification.objects.filter(key=f"checkin-invite:{checkin.uid}:0")
    lines = {  # each line stripped: the answer line's leading space is a known bug (see below)
        (n.recipient.email, n.kind): [line.strip() for line in n.body.splitlines()] for n in invites
    }
    assert lines == {
        ("mentee@example.com", "checkin_invite"): [
            "Your check-in with Ada Lovelace was scheduled.",
            f"When: {spelled(TUESDAY)}, 09:00 (Europe/Berlin), 45 min",
            "Where: Room 4.01",
        ],
        ("mentor@example.com", "checkin_invite"): [
            "Your check-in with Grace Hopper was scheduled.",
            f"When: {spelled(TUESDAY)}, 09:00 (Europe/Berlin), 45 min",
            "Where: Room 4.01",
            "Open it to accept or decline.",
        ],
    }
    assert {(a["filename"], a["mimetype"]) for n in invites for a in n.attachments} == {
        ("invite.ics", "text/calendar; charset=utf-8; method=REQUEST")
    }


def test_the_invitees_answer_line_has_no_leading_space(pair, mentee_user):
    checkin = checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(WINTER))

    body = Notification.objects.get(
        key=f"checkin-invite:{checkin.uid}:0", recipient__email="mentor@example.com"
    ).body
    assert body.splitlines()[-1] == "Open it to accept or decline."


# --- the email each side receives, in their own time zone --------------------------------------


def test_invite_emails_show_each_person_their_own_local_time(
    pair, mentee_user, django_capture_on_commit_callbacks
):
    pair = in_zones(pair, "Europe/Berlin", "America/New_York")

    with django_capture_on_commit_callbacks(execute=True):
        checkin_schedule(
            mentorship=pair, person=mentee_user.person, data=when(WINTER, "America/New_York")
        )

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["mentee@example.com", "mentor@example.com"]
    mentor_mail, mentee_mail = (
        by_recipient["mentor@example.com"],
        by_recipient["mentee@example.com"],
    )
    assert mentor_mail.subject == (
        f"Check-in with Grace Hopper scheduled: {spelled(TUESDAY)}, 09:00 (Europe/Berlin)"
    )
    assert mentee_mail.subject == (
        f"Check-in with Ada Lovelace scheduled: {spelled(TUESDAY)}, 03:00 (America/New_York)"
    )
    assert f"When: {spelled(TUESDAY)}, 09:00 (Europe/Berlin), 45 min" in mentor_mail.body
    assert f"When: {spelled(TUESDAY)}, 03:00 (America/New_York), 45 min" in mentee_mail.body


def test_a_checkin_near_midnight_falls_on_different_days_for_each(
    pair, mentor_user, django_capture_on_commit_callbacks
):
    pair = in_zones(pair, "Europe/Berlin", "America/New_York")
    late = on(1, 1, 30)  # 19:30 on the Tuesday in New York

    with django_capture_on_commit_callbacks(execute=True):
        checkin_schedule(mentorship=pair, person=mentor_user.person, data=when(late))

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        f"Check-in with Ada Lovelace scheduled: {spelled(TUESDAY)}, 19:30 (America/New_York)",
        f"Check-in with Grace Hopper scheduled: {spelled(late)}, 01:30 (Europe/Berlin)",
    ]


def test_the_invite_email_carries_a_request_the_calendar_reads_in_the_planned_zone(
    pair, mentee_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checkin = checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(WINTER))

    for message in mail.outbox:
        ((filename, method, calendar),) = calendar_parts(message)
        (event,) = calendar.events
        assert (filename, method, str(calendar["METHOD"])) == ("invite.ics", "REQUEST", "REQUEST")
        assert str(event["UID"]) == f"checkin-{checkin.uid}@mentorpath"
        assert int(event["SEQUENCE"]) == 0
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event.start.replace(tzinfo=None) == WINTER.replace(tzinfo=None)


# --- reschedule --------------------------------------------------------------------------------


def test_reschedule_raises_the_sequence_and_asks_again(checkin, mentor_user, mentee_user):
    checkin_respond(checkin=checkin, person=mentor_user.person, accept=True)
    later = on(7, 17)

    moved = checkin_reschedule(
        checkin=checkin, person=mentor_user.person, data={"starts_at": later}
    )

    stored = CheckIn.objects.get(pk=checkin.pk)
    assert stored.uid == checkin.uid
    assert stored.sequence == 1
    assert stored.starts_at == on(7, 16, zone=ZoneInfo("UTC"))
    assert (stored.location, stored.time_zone) == ("Room 4.01", "Europe/Berlin")
    assert (stored.invitee_response, stored.responded_at) == ("pending", None)
    assert stored.scheduled_by == mentor_user.person
    assert moved.sequence == 1
    assert Notification.objects.filter(key=f"checkin-invite:{checkin.uid}:1").count() == 2


def test_reschedule_twice_keeps_raising_the_sequence(checkin, mentee_user):
    for hour in (10, 11):
        checkin_reschedule(
            checkin=checkin,
            person=mentee_user.person,
            data={"starts_at": on(0, hour)},
        )

    assert CheckIn.objects.get(pk=checkin.pk).sequence == 2
    assert sorted(
        Notification.objects.filter(kind="checkin_invite").values_list("key", flat=True)
    ) == sorted(f"checkin-invite:{checkin.uid}:{n}" for n in (0, 0, 1, 1, 2, 2))


def test_reschedule_to_a_naive_time_is_refused(checkin, mentee_user):
    error = refusal(
        lambda: checkin_reschedule(
            checkin=checkin,
            person=mentee_user.person,
            data={"starts_at": on(17, 9).replace(tzinfo=None)},
        )
    )

    assert error.message_dict == {"starts_at": ["Give a date and time with its time zone."]}
    assert CheckIn.objects.get(pk=checkin.pk).sequence == 0


def test_reschedule_a_cancelled_checkin_is_refused(checkin, mentee_user):
    checkin_cancel(checkin=checkin, person=mentee_user.person)

    error = refusal(
        lambda: checkin_reschedule(
            checkin=checkin, person=mentee_user.person, data={"starts_at": WINTER}
        )
    )

    assert error.messages == ["This check-in is cancelled; it cannot be moved."]
    assert error.code == "conflict"


# --- cancel ------------------------------------------------------------------------------------


def test_cancel_sends_a_cancel_with_the_same_uid_and_a_higher_sequence(
    pair, mentee_user, mentor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checkin = checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(WINTER))
    (_, _, request) = calendar_parts(mail.outbox[0])[0]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        checkin_cancel(checkin=checkin, person=mentor_user.person)

    stored = CheckIn.objects.get(pk=checkin.pk)
    assert (stored.status, stored.sequence) == ("cancelled", 1)
    assert stored.cancelled_at is not None
    assert sorted(message.to[0] for message in mail.outbox) == [
        "mentee@example.com",
        "mentor@example.com",
    ]
    (invited,) = request.events
    for message in mail.outbox:
        ((filename, method, calendar),) = calendar_parts(message)
        (event,) = calendar.events
        assert (filename, method, str(calendar["METHOD"])) == ("cancel.ics", "CANCEL", "CANCEL")
        assert str(event["UID"]) == str(invited["UID"])
        assert int(event["SEQUENCE"]) == 1 > int(invited["SEQUENCE"])
        assert str(event["STATUS"]) == "CANCELLED"


def test_cancel_twice_is_refused(checkin, mentee_user):
    checkin_cancel(checkin=checkin, person=mentee_user.person)

    error = refusal(lambda: checkin_cancel(checkin=checkin, person=mentee_user.person))

    assert error.messages == ["This check-in is cancelled; it cannot be cancelled."]
    assert CheckIn.objects.get(pk=checkin.pk).sequence == 1


def test_cancel_by_someone_outside_the_pair_is_refused(checkin, outsider_user):
    error = refusal(lambda: checkin_cancel(checkin=checkin, person=outsider_user.person))

    assert error.messages == ["Only the mentor and the mentee of this pair can do that."]
    assert CheckIn.objects.get(pk=checkin.pk).status == "scheduled"


# --- respond -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "answer"), [(True, "accepted"), (False, "declined")])
def test_respond_by_the_invitee(checkin, mentor_user, accept, answer):
    checkin_respond(checkin=checkin, person=mentor_user.person, accept=accept)

    stored = CheckIn.objects.get(pk=checkin.pk)
    assert (stored.invitee_response, stored.status) == (answer, "scheduled")
    assert stored.responded_at is not None


def test_respond_by_the_scheduler_is_refused(checkin, mentee_user):
    error = refusal(
        lambda: checkin_respond(checkin=checkin, person=mentee_user.person, accept=True)
    )

    assert error.messages == ["You scheduled this check-in; your partner answers it."]
    assert CheckIn.objects.get(pk=checkin.pk).invitee_response == "pending"


def test_respond_by_someone_outside_the_pair_is_refused(checkin, manager_user):
    error = refusal(
        lambda: checkin_respond(checkin=checkin, person=manager_user.person, accept=True)
    )

    assert error.messages == ["Only the mentor and the mentee of this pair can do that."]


def test_respond_to_a_cancelled_checkin_is_refused(checkin, mentee_user, mentor_user):
    checkin_cancel(checkin=checkin, person=mentee_user.person)

    error = refusal(
        lambda: checkin_respond(checkin=checkin, person=mentor_user.person, accept=True)
    )

    assert error.messages == ["This check-in is cancelled; it cannot be answered."]


def test_after_a_move_by_the_invitee_the_first_scheduler_answers(checkin, mentor_user, mentee_user):
    checkin_reschedule(checkin=checkin, person=mentor_user.person, data={"starts_at": WINTER})

    refused = refusal(
        lambda: checkin_respond(checkin=checkin, person=mentor_user.person, accept=True)
    )
    checkin_respond(checkin=checkin, person=mentee_user.person, accept=True)

    assert refused.messages == ["You scheduled this check-in; your partner answers it."]
    assert CheckIn.objects.get(pk=checkin.pk).invitee_response == "accepted"


# --- record ------------------------------------------------------------------------------------


def test_record_held_before_it_started_is_refused(checkin, mentor_user):
    error = refusal(
        lambda: checkin_record(checkin=checkin, person=mentor_user.person, outcome="held")
    )

    assert error.messages == ["This check-in has not started yet."]
    assert error.code == "conflict"
    assert CheckIn.objects.get(pk=checkin.pk).status == "scheduled"


def test_record_held_counts_the_minutes_as_mentor_hours(pair, mentor_user, mentee_user):
    checkin = started(pair, mentee_user.person, duration_minutes=60)

    checkin_record(checkin=checkin, person=mentee_user.person, outcome="held", held_minutes=50)

    stored = CheckIn.objects.get(pk=checkin.pk)
    assert (stored.status, stored.held_minutes, stored.recorded_by) == (
        "held",
        50,
        mentee_user.person,
    )
    assert stored.recorded_at is not None
    assert mentor_minutes(person=mentor_user.person) == 50
    assert mentor_minutes(person=mentee_user.person) == 0


def test_record_held_without_minutes_counts_the_planned_duration(pair, mentor_user):
    checkin = started(pair, mentor_user.person, duration_minutes=30)

    checkin_record(checkin=checkin, person=mentor_user.person, outcome="held")

    assert mentor_minutes(person=mentor_user.person) == 30


def test_mentor_minutes_add_up_over_check_ins_and_pairs(pair, mentor_user, mentee_user, program):
    second = start(
        mentorship_propose(
            mentor=pair.mentor,
            mentee=participant(program, "second@example.com", "mentee"),
            by=None,
        )
    )
    for mentorship, minutes in ((pair, 45), (pair, 30), (second, 60)):
        checkin = started(mentorship, mentorship.mentee.person)
        checkin_record(
            checkin=checkin, person=mentorship.mentee.person, outcome="held", held_minutes=minutes
        )
    missed = started(pair, mentee_user.person, ago=timedelta(days=1))
    checkin_record(checkin=missed, person=mentee_user.person, outcome="missed")

    assert mentor_minutes(person=mentor_user.person) == 135


@pytest.mark.parametrize("minutes", [0, 481])
def test_record_held_with_minutes_out_of_range_is_refused(pair, mentee_user, minutes):
    checkin = started(pair, mentee_user.person)

    error = refusal(
        lambda: checkin_record(
            checkin=checkin, person=mentee_user.person, outcome="held", held_minutes=minutes
        )
    )

    assert error.message_dict == {"held_minutes": ["Give the minutes you met (1 to 480)."]}
    assert CheckIn.objects.get(pk=checkin.pk).status == "scheduled"


def test_record_missed_after_held_clears_the_minutes(pair, mentor_user, mentee_user):
    checkin = started(pair, mentee_user.person)
    checkin_record(checkin=checkin, person=mentee_user.person, outcome="held", held_minutes=40)

    checkin_record(checkin=checkin, person=mentor_user.person, outcome="missed")

    stored = CheckIn.objects.get(pk=checkin.pk)
    assert (stored.status, stored.held_minutes, stored.recorded_by) == (
        "missed",
        None,
        mentor_user.person,
    )
    assert mentor_minutes(person=mentor_user.person) == 0


def test_record_a_cancelled_checkin_is_refused(pair, mentee_user):
    checkin = started(pair, mentee_user.person)
    checkin_cancel(checkin=checkin, person=mentee_user.person)

    error = refusal(
        lambda: checkin_record(checkin=checkin, person=mentee_user.person, outcome="held")
    )

    assert error.messages == ["A cancelled check-in cannot be recorded."]
    assert error.code == "conflict"
    assert CheckIn.objects.get(pk=checkin.pk).held_minutes is None


@pytest.mark.parametrize("outcome", ["cancelled", "scheduled", "great"])
def test_record_an_outcome_other_than_held_or_missed_is_refused(pair, mentee_user, outcome):
    checkin = started(pair, mentee_user.person)

    error = refusal(
        lambda: checkin_record(checkin=checkin, person=mentee_user.person, outcome=outcome)
    )

    assert error.message_dict == {"outcome": ["Record the check-in as held or missed."]}


def test_record_by_someone_outside_the_pair_is_refused(pair, mentee_user, manager_user):
    checkin = started(pair, mentee_user.person)

    error = refusal(
        lambda: checkin_record(checkin=checkin, person=manager_user.person, outcome="held")
    )

    assert error.messages == ["Only the mentor and the mentee of this pair can do that."]


def test_record_while_paused_is_allowed(pair, mentee_user, mentor_user):
    checkin = started(pair, mentee_user.person)
    mentorship_pause(mentorship=pair, by=mentor_user)

    checkin_record(checkin=checkin, person=mentee_user.person, outcome="held", held_minutes=20)

    assert mentor_minutes(person=mentor_user.person) == 20


# --- suggest the next check-in -----------------------------------------------------------------


def reread(pair) -> Mentorship:
    """The pair as a new request reads it (the fixture's instance caches its agreement)."""
    return Mentorship.objects.get(pk=pair.pk)


def test_suggest_without_checkins_is_in_two_days_at_ten_on_a_weekday(pair, mentee_user):
    suggested = suggest_next_checkin(mentorship=pair, person=mentee_user.person)

    in_two_days = (timezone.now() + timedelta(days=2)).astimezone(BERLIN).date()
    assert suggested.tzinfo == BERLIN
    assert (suggested.hour, suggested.minute) == (10, 0)
    assert suggested.weekday() < 5
    assert suggested.date() - in_two_days == timedelta(
        days=0 if in_two_days.weekday() < 5 else 7 - in_two_days.weekday()
    )


def test_suggest_follows_the_rhythm_from_the_latest_checkin(pair, mentee_user):
    latest = WINTER  # a Tuesday, 09:00
    for starts in (latest - timedelta(days=14), latest):
        checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(starts))

    suggested = suggest_next_checkin(mentorship=pair, person=mentee_user.person)

    assert suggested == on(14, 9)
    assert suggested.tzinfo == BERLIN
    assert (suggested.weekday(), suggested.hour) == (1, 9)


def test_suggest_follows_a_changed_rhythm(pair, mentee_user):
    latest = on(-1, 16)  # a Monday
    checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(latest))
    agreement_set_rhythm(mentorship=pair, person=mentee_user.person, days=21)

    suggested = suggest_next_checkin(mentorship=reread(pair), person=mentee_user.person)

    assert suggested == on(20, 16)


def test_suggest_ignores_cancelled_and_missed_checkins(pair, mentee_user):
    held = on(1, 11)  # a Wednesday
    checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(held))
    later = checkin_schedule(
        mentorship=pair, person=mentee_user.person, data=when(held + timedelta(days=7))
    )
    checkin_cancel(checkin=later, person=mentee_user.person)

    suggested = suggest_next_checkin(mentorship=pair, person=mentee_user.person)

    assert suggested == on(15, 11)


def test_suggest_after_a_long_silence_is_never_in_the_past(pair, mentee_user):
    long_ago = started(pair, mentee_user.person, ago=timedelta(days=50))
    checkin_record(checkin=long_ago, person=mentee_user.person, outcome="held")

    suggested = suggest_next_checkin(mentorship=pair, person=mentee_user.person)

    now = timezone.now()
    assert now < suggested <= now + timedelta(days=14 + 2)
    assert suggested.weekday() < 5
    assert suggested.tzinfo == BERLIN


def test_suggest_moves_a_weekend_day_to_monday(pair, mentee_user):
    friday = on(3, 15)
    checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(friday))
    agreement_set_rhythm(mentorship=pair, person=mentee_user.person, days=8)  # a Saturday

    suggested = suggest_next_checkin(mentorship=reread(pair), person=mentee_user.person)

    assert suggested == on(13, 15)
    assert (suggested.weekday(), suggested.hour) == (0, 15)


def test_suggest_is_in_the_time_zone_of_the_person_asking(pair, mentor_user, mentee_user):
    pair = in_zones(pair, "Europe/Berlin", "America/New_York")
    latest = on(0, 15)  # 09:00 in New York
    checkin_schedule(mentorship=pair, person=mentor_user.person, data=when(latest))

    for_mentee = suggest_next_checkin(mentorship=pair, person=pair.mentee.person)
    for_mentor = suggest_next_checkin(mentorship=pair, person=pair.mentor.person)

    assert for_mentee == on(14, 9, zone=NEW_YORK)
    assert for_mentor == on(14, 15)
    assert for_mentee.tzinfo == NEW_YORK
    assert for_mentor.tzinfo == BERLIN


def test_suggest_keeps_the_local_time_across_a_daylight_saving_change(pair, mentee_user):
    last_of_march = date(TUESDAY.year, 3, 31)
    clocks_change = last_of_march - timedelta(days=(last_of_march.weekday() + 1) % 7)  # Sunday
    before_dst = datetime.combine(clocks_change - timedelta(days=12), time(9), tzinfo=BERLIN)
    checkin_schedule(mentorship=pair, person=mentee_user.person, data=when(before_dst))

    suggested = suggest_next_checkin(mentorship=pair, person=mentee_user.person)

    assert suggested.replace(tzinfo=None) == (before_dst + timedelta(days=14)).replace(tzinfo=None)
