"""The check-ins API: scheduling with an offset, local times per caller, moving, cancelling,
answering and recording."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorpath.mentoring.models import CheckIn
from mentorpath.mentoring.services import mentorship_pause
from tests.factories.mentoring import CheckInFactory, active_pair

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found.", "errors": {}}
PARTICIPANTS_ONLY = {
    "detail": "Only the mentor and the mentee of this pair can do that.",
    "errors": {},
}
MANAGERS = ["manager_user", "admin_user"]
OTHERS = ["executive_user", "outsider_user"]
BERLIN, NEW_YORK, TOKYO = (ZoneInfo(z) for z in ("Europe/Berlin", "America/New_York", "Asia/Tokyo"))


def iso(value: datetime) -> str:
    """How the API writes a time: ISO 8601, to the millisecond, `Z` for UTC."""
    return DjangoJSONEncoder().default(value)


def next_week_at(hour: int, zone: ZoneInfo) -> datetime:
    day = timezone.localdate() + timedelta(days=7)
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def checkins(pair) -> str:
    return f"/mentorships/{pair.pk}/checkins"


def checkin_url(checkin, action: str = "") -> str:
    path = f"/mentorships/{checkin.mentorship_id}/checkins/{checkin.pk}"
    return path + (f"/{action}" if action else "")


def new_checkin(**changes) -> dict:
    return {
        "starts_at": next_week_at(10, BERLIN).isoformat(),
        "time_zone": "Europe/Berlin",
        "duration_minutes": 60,
        "location": "Room 4.12",
        "video_url": "https://meet.example.com/abc",
        "agenda": "Planning the talk",
        **changes,
    }


@pytest.fixture
def checkin(pair) -> CheckIn:
    """Next week, scheduled by the mentee in Berlin."""
    return CheckInFactory(mentorship=pair, starts_at=next_week_at(10, BERLIN))


@pytest.fixture
def past_checkin(pair) -> CheckIn:
    return CheckInFactory(mentorship=pair, starts_at=timezone.now() - timedelta(days=1))


@pytest.fixture
def zones(mentor_user, mentee_user):
    """The mentor lives in New York, the mentee in Tokyo; the manager stays in Berlin."""
    for user, zone in ((mentor_user, "America/New_York"), (mentee_user, "Asia/Tokyo")):
        user.person.time_zone = zone
        user.person.save(update_fields=["time_zone"])


# --- anonymous ---------------------------------------------------------------------------------


def test_checkins_anonymous_gets_401(api_as, pair, checkin):
    api = api_as(None)

    assert api.get(checkins(pair)).status_code == 401
    assert api.post(checkins(pair), new_checkin()).status_code == 401
    assert api.get(checkin_url(checkin)).status_code == 401
    assert api.post(checkin_url(checkin, "cancel")).status_code == 401
    assert CheckIn.objects.get().status == "scheduled"


# --- POST /mentorships/{id}/checkins -----------------------------------------------------------


def test_schedule_a_checkin(api_as, pair, mentee_user):
    starts_at = next_week_at(10, BERLIN)

    response = api_as(mentee_user).post(checkins(pair), new_checkin())

    assert response.status_code == 201
    checkin = CheckIn.objects.get()
    assert checkin.starts_at == starts_at
    body = response.json()
    assert body.pop("invited_at") == iso(checkin.invited_at)
    assert body == {
        "id": checkin.pk,
        "mentorship_id": pair.pk,
        "uid": str(checkin.uid),
        "sequence": 0,
        "status": "scheduled",
        "starts_at": iso(starts_at.astimezone(UTC)),
        "ends_at": iso((starts_at + timedelta(hours=1)).astimezone(UTC)),
        "starts_at_local": iso(starts_at),
        "ends_at_local": iso(starts_at + timedelta(hours=1)),
        "viewer_time_zone": "Europe/Berlin",
        "time_zone": "Europe/Berlin",
        "duration_minutes": 60,
        "location": "Room 4.12",
        "video_url": "https://meet.example.com/abc",
        "agenda": "Planning the talk",
        "scheduled_by": {"id": mentee_user.person.pk, "full_name": mentee_user.person.full_name},
        "invitee_response": "pending",
        "responded_at": None,
        "held_minutes": None,
        "recorded_by": None,
        "recorded_at": None,
        "cancelled_at": None,
        "ics_url": f"/calendar/checkins/{checkin.pk}.ics",
    }
    assert body["starts_at"].endswith("Z")


def test_schedule_in_the_callers_zone_by_default(api_as, pair, zones, mentor_user):
    starts_at = next_week_at(9, NEW_YORK)

    response = api_as(mentor_user).post(
        checkins(pair),
        {"starts_at": starts_at.isoformat()},
    )

    assert response.status_code == 201
    assert (response.json()["time_zone"], response.json()["duration_minutes"]) == (
        "America/New_York",
        45,
    )
    assert response.json()["starts_at_local"] == iso(starts_at)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": "2030-03-02T10:00:00"}, "starts_at"),
        ({"starts_at": "next tuesday"}, "starts_at"),
        ({"starts_at": "9999-12-31T23:30:00+00:00"}, "starts_at"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"duration_minutes": 4}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"video_url": "ftp://files.example.com/x"}, "video_url"),
        ({"location": "x" * 201}, "location"),
        ({"status": "held"}, "status"),
    ],
)
def test_schedule_with_bad_input_gets_422(api_as, pair, mentee_user, change, field):
    response = api_as(mentee_user).post(checkins(pair), new_checkin(**change))

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert not CheckIn.objects.exists()


def test_schedule_too_long_ago_gets_400(api_as, pair, mentee_user):
    long_ago = timezone.now() - timedelta(days=61)

    response = api_as(mentee_user).post(checkins(pair), new_checkin(starts_at=long_ago.isoformat()))

    assert response.status_code == 400
    assert response.json() == {
        "detail": "That is more than 60 days ago.",
        "errors": {"starts_at": "That is more than 60 days ago."},
    }


@pytest.mark.parametrize("persona", MANAGERS)
def test_schedule_by_a_manager_gets_403(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(checkins(pair), new_checkin())

    assert response.status_code == 403
    assert response.json() == PARTICIPANTS_ONLY
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("persona", OTHERS)
def test_schedule_by_someone_else_is_404(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(checkins(pair), new_checkin())

    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_schedule_on_a_paused_pair_gets_409(api_as, pair, mentee_user):
    mentorship_pause(mentorship=pair, by=mentee_user)

    response = api_as(mentee_user).post(checkins(pair), new_checkin())

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This mentorship is paused; check-ins can be scheduled while it is active.",
        "errors": {},
    }


# --- reading check-ins and local times ---------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "zone"),
    [
        ("mentor_user", NEW_YORK),
        ("mentee_user", TOKYO),
        ("manager_user", BERLIN),
        ("admin_user", BERLIN),
    ],
)
def test_each_caller_sees_the_checkin_in_their_own_zone(
    request, api_as, zones, checkin, persona, zone
):
    response = api_as(request.getfixturevalue(persona)).get(checkin_url(checkin))

    assert response.status_code == 200
    body = response.json()
    assert body["starts_at"] == iso(checkin.starts_at.astimezone(UTC))
    assert body["starts_at_local"] == iso(checkin.starts_at.astimezone(zone))
    assert body["ends_at_local"] == iso(checkin.ends_at.astimezone(zone))
    assert (body["viewer_time_zone"], body["time_zone"]) == (str(zone), "Europe/Berlin")


def test_local_times_in_new_york_and_tokyo(api_as, zones, checkin, mentor_user, mentee_user):
    in_new_york = api_as(mentor_user).get(checkin_url(checkin)).json()["starts_at_local"]
    in_tokyo = api_as(mentee_user).get(checkin_url(checkin)).json()["starts_at_local"]

    assert datetime.fromisoformat(in_new_york) == datetime.fromisoformat(in_tokyo)
    assert in_new_york[-6:] in ("-05:00", "-04:00")
    assert in_tokyo[-6:] == "+09:00"


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", *MANAGERS])
def test_list_checkins_earliest_first(request, api_as, pair, zones, checkin, past_checkin, persona):
    response = api_as(request.getfixturevalue(persona)).get(checkins(pair))

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [c["id"] for c in response.json()["items"]] == [past_checkin.pk, checkin.pk]


@pytest.mark.parametrize("persona", OTHERS)
def test_checkins_are_404_for_others(request, api_as, pair, checkin, persona):
    api = api_as(request.getfixturevalue(persona))

    assert api.get(checkins(pair)).json() == NOT_FOUND
    assert api.get(checkin_url(checkin)).status_code == 404


def test_a_checkin_of_another_pair_is_404_through_mine(api_as, pair, program, mentee_user):
    theirs = CheckInFactory(mentorship=active_pair(program, "m2@example.com", "e2@example.com"))

    response = api_as(mentee_user).get(f"/mentorships/{pair.pk}/checkins/{theirs.pk}")
    cancelled = api_as(mentee_user).post(f"/mentorships/{pair.pk}/checkins/{theirs.pk}/cancel")

    assert (response.status_code, cancelled.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.status == "scheduled"


def test_list_checkins_query_count_is_flat(api_as, pair, mentee_user):
    api = api_as(mentee_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(checkins(pair))
        assert response.status_code == 200
        return len(queries)

    CheckInFactory(mentorship=pair)
    few = count()
    for days in range(1, 5):
        CheckInFactory(
            mentorship=pair,
            starts_at=timezone.now() - timedelta(days=days),
            status="held",
            held_minutes=30,
            recorded_by=pair.mentor.person,
        )

    assert count() == few


# --- GET /mentorships/{id}/checkins/suggestion -------------------------------------------------


@pytest.mark.parametrize(("persona", "zone"), [("mentor_user", NEW_YORK), ("mentee_user", TOKYO)])
def test_suggestion_is_on_the_hour_in_the_callers_zone(request, api_as, pair, zones, persona, zone):
    response = api_as(request.getfixturevalue(persona)).get(f"{checkins(pair)}/suggestion")

    assert response.status_code == 200
    body = response.json()
    local = datetime.fromisoformat(body["starts_at_local"])
    assert (local.hour, local.minute, local.weekday() < 5) == (10, 0, True)
    assert local.utcoffset() == local.astimezone(zone).utcoffset()
    assert datetime.fromisoformat(body["starts_at"]) == local
    assert body["starts_at"].endswith("Z")
    assert (body["time_zone"], body["rhythm_days"]) == (str(zone), 14)


def test_suggestion_follows_the_rhythm_after_the_latest_checkin(api_as, pair, checkin, mentee_user):
    response = api_as(mentee_user).get(f"{checkins(pair)}/suggestion")

    suggested = datetime.fromisoformat(response.json()["starts_at"])
    assert suggested - checkin.starts_at in (
        timedelta(days=14),
        timedelta(days=14, hours=1),
        timedelta(days=14, hours=-1),
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager_user", 403), ("admin_user", 403), ("executive_user", 404), ("outsider_user", 404)],
)
def test_suggestion_refused(request, api_as, pair, persona, status):
    response = api_as(request.getfixturevalue(persona)).get(f"{checkins(pair)}/suggestion")

    assert response.status_code == status


# --- PATCH /mentorships/{id}/checkins/{checkin_id} ---------------------------------------------


def test_reschedule_keeps_the_uid_and_raises_the_sequence(api_as, checkin, mentor_user):
    checkin.invitee_response = "accepted"
    checkin.save()
    later = next_week_at(15, TOKYO)

    response = api_as(mentor_user).patch(
        checkin_url(checkin), {"starts_at": later.isoformat(), "agenda": "New agenda"}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["uid"], body["sequence"], body["invitee_response"]) == (
        str(checkin.uid),
        1,
        "pending",
    )
    assert body["starts_at"] == iso(later.astimezone(UTC))
    assert (body["agenda"], body["time_zone"], body["duration_minutes"]) == (
        "New agenda",
        "Europe/Berlin",
        45,
    )
    assert body["scheduled_by"]["id"] == mentor_user.person.pk
    assert body["invited_at"] > iso(checkin.invited_at)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": None}, "starts_at"),
        ({"starts_at": "2030-03-02T10:00"}, "starts_at"),
        ({"time_zone": "Nowhere/Special"}, "time_zone"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"uid": "mine"}, "uid"),
    ],
)
def test_reschedule_with_bad_input_gets_422(api_as, checkin, mentee_user, body, field):
    response = api_as(mentee_user).patch(checkin_url(checkin), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    checkin.refresh_from_db()
    assert checkin.sequence == 0


@pytest.mark.parametrize(("persona", "status"), [("manager_user", 403), ("outsider_user", 404)])
def test_reschedule_refused(request, api_as, checkin, persona, status):
    response = api_as(request.getfixturevalue(persona)).patch(
        checkin_url(checkin), {"agenda": "Mine"}
    )

    assert response.status_code == status
    checkin.refresh_from_db()
    assert (checkin.sequence, checkin.agenda) == (0, "")


def test_reschedule_a_cancelled_checkin_gets_409(api_as, checkin, mentee_user):
    api = api_as(mentee_user)
    api.post(checkin_url(checkin, "cancel"))

    response = api.patch(checkin_url(checkin), {"agenda": "Again"})

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This check-in is cancelled; it cannot be moved.",
        "errors": {},
    }


# --- cancel, respond, record -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_cancel_a_checkin(request, api_as, checkin, persona):
    api = api_as(request.getfixturevalue(persona))

    response = api.post(checkin_url(checkin, "cancel"))
    again = api.post(checkin_url(checkin, "cancel"))

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["sequence"]) == ("cancelled", 1)
    assert response.json()["cancelled_at"] is not None
    assert again.status_code == 409


@pytest.mark.parametrize(("persona", "status"), [("admin_user", 403), ("executive_user", 404)])
def test_cancel_refused(request, api_as, checkin, persona, status):
    response = api_as(request.getfixturevalue(persona)).post(checkin_url(checkin, "cancel"))

    assert response.status_code == status
    checkin.refresh_from_db()
    assert checkin.status == "scheduled"


@pytest.mark.parametrize(("accept", "answer"), [(True, "accepted"), (False, "declined")])
def test_the_invitee_answers(api_as, checkin, mentor_user, accept, answer):
    response = api_as(mentor_user).post(checkin_url(checkin, "respond"), {"accept": accept})

    assert response.status_code == 200
    assert response.json()["invitee_response"] == answer
    assert response.json()["responded_at"] is not None


def test_the_scheduler_does_not_answer_their_own_invite(api_as, checkin, mentee_user):
    response = api_as(mentee_user).post(checkin_url(checkin, "respond"), {"accept": True})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "You scheduled this check-in; your partner answers it.",
        "errors": {},
    }


@pytest.mark.parametrize(("persona", "status"), [("manager_user", 403), ("outsider_user", 404)])
def test_respond_refused(request, api_as, checkin, persona, status):
    response = api_as(request.getfixturevalue(persona)).post(
        checkin_url(checkin, "respond"), {"accept": True}
    )

    assert response.status_code == status
    checkin.refresh_from_db()
    assert checkin.invitee_response == "pending"


def test_respond_with_a_bad_body_gets_422(api_as, checkin, mentor_user):
    response = api_as(mentor_user).post(checkin_url(checkin, "respond"), {"accept": "maybe"})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["accept"]


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_record_held_with_its_minutes(request, api_as, past_checkin, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).post(
        checkin_url(past_checkin, "record"), {"outcome": "held", "held_minutes": 30}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["held_minutes"]) == ("held", 30)
    assert body["recorded_by"] == {"id": user.person.pk, "full_name": user.person.full_name}


def test_record_held_defaults_to_the_planned_minutes_then_corrected_to_missed(
    api_as, past_checkin, mentee_user
):
    api = api_as(mentee_user)

    held = api.post(checkin_url(past_checkin, "record"), {"outcome": "held"})
    missed = api.post(checkin_url(past_checkin, "record"), {"outcome": "missed"})

    assert (held.json()["status"], held.json()["held_minutes"]) == ("held", 45)
    assert (missed.json()["status"], missed.json()["held_minutes"]) == ("missed", None)


def test_record_before_it_starts_gets_409(api_as, checkin, mentee_user):
    response = api_as(mentee_user).post(checkin_url(checkin, "record"), {"outcome": "held"})

    assert response.status_code == 409
    assert response.json() == {"detail": "This check-in has not started yet.", "errors": {}}


def test_record_a_cancelled_checkin_gets_409(api_as, past_checkin, mentee_user):
    api = api_as(mentee_user)
    api.post(checkin_url(past_checkin, "cancel"))

    response = api.post(checkin_url(past_checkin, "record"), {"outcome": "missed"})

    assert response.status_code == 409
    assert response.json()["detail"] == "A cancelled check-in cannot be recorded."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "held", "held_minutes": 0}, "held_minutes"),
        ({"outcome": "held", "held_minutes": 481}, "held_minutes"),
        ({}, "outcome"),
    ],
)
def test_record_with_bad_input_gets_422(api_as, past_checkin, mentee_user, body, field):
    response = api_as(mentee_user).post(checkin_url(past_checkin, "record"), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    past_checkin.refresh_from_db()
    assert past_checkin.status == "scheduled"


@pytest.mark.parametrize(("persona", "status"), [("manager_user", 403), ("outsider_user", 404)])
def test_record_refused(request, api_as, past_checkin, persona, status):
    response = api_as(request.getfixturevalue(persona)).post(
        checkin_url(past_checkin, "record"), {"outcome": "held"}
    )

    assert response.status_code == status
    past_checkin.refresh_from_db()
    assert past_checkin.status == "scheduled"
