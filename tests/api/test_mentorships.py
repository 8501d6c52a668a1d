"""The mentorships API: your own pairs, answering, pausing and ending a pair, its agreement,
reminders, and the program team's pair-health list."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorpath.mentoring.models import Mentorship, NudgeMute
from mentorpath.mentoring.queries import blocked_pairs
from mentorpath.mentoring.services import (
    agreement_acknowledge,
    agreement_template_save,
    mentorship_propose,
)
from mentorpath.notifications.models import Notification
from mentorpath.programs.models import Enrollment
from tests.api.conftest import API
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory, UserFactory
from tests.factories.mentoring import CheckInFactory, GoalFactory, NoteFactory, start

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found.", "errors": {}}
REASONS = [{"criterion": "level_gap", "text": "4 levels above you", "share": 60.0}]


@pytest.fixture
def mentorship(mentor, mentee, manager_user) -> Mentorship:
    """The persona pair, proposed by the program's manager after a matching run."""
    return mentorship_propose(
        mentor=mentor,
        mentee=mentee,
        by=manager_user,
        score=0.72,
        score_parts={"level_gap": 1.0, "skills": 0.5},
        explanation=REASONS,
    )


def url(mentorship: Mentorship, action: str = "") -> str:
    return f"/mentorships/{mentorship.pk}" + (f"/{action}" if action else "")


def put(api, path: str, data: object):
    return api.client.put(API + path, data, content_type="application/json")


def iso(value: datetime) -> str:
    """How the API writes a stored time: ISO 8601 in UTC, to the millisecond."""
    return DjangoJSONEncoder().default(value.astimezone(UTC))


def another_pair(program) -> Mentorship:
    mentor = EnrollmentFactory(
        program=program, person=PersonFactory(level=7), role="mentor", status="approved"
    )
    mentee = EnrollmentFactory(program=program, person=PersonFactory(level=2), status="approved")
    return mentorship_propose(mentor=mentor, mentee=mentee, by=None)


# --- anonymous ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [
        ("get", None, None),
        ("get", "", None),
        ("post", "respond", {"accept": True}),
        ("post", "end", {"reason": "other"}),
    ],
)
def test_mentorship_endpoint_anonymous_gets_401(api_as, mentorship, method, action, body):
    path = "/mentorships" if action is None else url(mentorship, action)
    api = api_as(None)

    response = api.get(path) if method == "get" else api.post(path, body)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert Mentorship.objects.get().status == "proposed"


# --- GET /mentorships --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_my_mentorships_lists_the_pairs_i_am_in(request, api_as, mentorship, program, persona):
    another_pair(program)

    response = api_as(request.getfixturevalue(persona)).get("/mentorships")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == mentorship.pk
    assert item["program"] == {"id": program.pk, "slug": "career-compass", "name": "Career Compass"}
    assert item["mentor"]["person"]["email"] == "mentor@example.com"
    assert item["mentee"]["person"]["email"] == "mentee@example.com"
    assert (item["status"], item["source"], item["match_score"]) == ("proposed", "matching", 0.72)
    assert item["score_parts"] == {"level_gap": 1.0, "skills": 0.5}
    assert item["explanation"] == REASONS
    assert (item["declined_by"], item["end_reason"], item["end_note"]) == (None, None, "")


@pytest.mark.parametrize("persona", ["manager_user", "executive_user", "outsider_user"])
def test_my_mentorships_is_empty_for_people_not_in_a_pair(request, api_as, mentorship, persona):
    response = api_as(request.getfixturevalue(persona)).get("/mentorships")

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_my_mentorships_without_an_employee_profile_gets_403(api_as, mentorship):
    response = api_as(UserFactory(email="no-profile@example.com")).get("/mentorships")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your login is not linked to an employee profile yet.",
        "errors": {},
    }


def test_my_mentorships_newest_first_with_a_flat_query_count(
    api_as, program, mentor, mentorship, mentee
):
    api = api_as(mentor.person.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/mentorships")
        assert response.status_code == 200
        return len(queries)

    few = count()
    newer = []
    for _ in range(3):
        other = EnrollmentFactory(program=ProgramFactory(), role="mentor", status="approved")
        Enrollment.objects.filter(pk=other.pk).update(person=mentor.person)
        other.refresh_from_db()
        newer.append(
            mentorship_propose(
                mentor=other,
                mentee=EnrollmentFactory(program=other.program, status="approved"),
                by=None,
            )
        )

    assert count() == few
    ids = [m["id"] for m in api.get("/mentorships").json()["items"]]
    assert ids == [m.pk for m in reversed(newer)] + [mentorship.pk]


# --- GET /mentorships/{id} ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "manager_user", "admin_user"])
def test_get_mentorship_for_its_pair_and_managers(request, api_as, mentorship, persona):
    response = api_as(request.getfixturevalue(persona)).get(url(mentorship))

    assert response.status_code == 200
    assert response.json()["id"] == mentorship.pk


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_get_mentorship_is_404_for_others(request, api_as, mentorship, persona):
    response = api_as(request.getfixturevalue(persona)).get(url(mentorship))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_get_mentorship_of_another_pair_is_404_for_a_participant(
    api_as, mentorship, program, mentee_user
):
    other = another_pair(program)

    response = api_as(mentee_user).get(url(other))

    assert response.status_code == 404


def test_get_mentorship_with_a_token(token_api, mentorship, mentee_user):
    response = token_api(mentee_user).get(url(mentorship))

    assert response.status_code == 200


# --- POST /mentorships/{id}/respond ------------------------------------------------------------


def test_respond_both_accepting_starts_the_mentorship(api_as, mentorship, mentor_user, mentee_user):
    first = api_as(mentee_user).post(url(mentorship, "respond"), {"accept": True})
    second = api_as(mentor_user).post(url(mentorship, "respond"), {"accept": True})

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["status"] == "proposed"
    assert first.json()["mentee_accepted_at"] is not None
    assert first.json()["mentor_accepted_at"] is None
    assert second.json()["status"] == "active"
    assert second.json()["started_at"] is not None
    assert Mentorship.objects.get().status == "active"


def test_respond_decline_frees_the_mentors_slot(api_as, mentorship, mentor, mentor_user):
    response = api_as(mentor_user).post(url(mentorship, "respond"), {"accept": False})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["declined_by"]) == ("declined", "mentor")
    assert Enrollment.objects.get(pk=mentor.pk).load == 0


def test_respond_once_active_gets_409(api_as, mentorship, mentor_user, mentee_user):
    api_as(mentee_user).post(url(mentorship, "respond"), {"accept": True})
    api_as(mentor_user).post(url(mentorship, "respond"), {"accept": True})

    response = api_as(mentee_user).post(url(mentorship, "respond"), {"accept": False})

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This mentorship is active; it can no longer be accepted or declined.",
        "errors": {},
    }
    assert Mentorship.objects.get().status == "active"


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_respond_by_a_manager_gets_403(request, api_as, mentorship, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        url(mentorship, "respond"), {"accept": True}
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the mentor and the mentee answer a proposal.",
        "errors": {},
    }
    mentorship.refresh_from_db()
    assert (mentorship.mentor_accepted_at, mentorship.mentee_accepted_at) == (None, None)


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_respond_by_someone_else_is_404(request, api_as, mentorship, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        url(mentorship, "respond"), {"accept": True}
    )

    assert response.status_code == 404
    assert Mentorship.objects.get().mentee_accepted_at is None


@pytest.mark.parametrize("body", [{}, {"accept": "perhaps"}, {"accept": True, "note": "hi"}])
def test_respond_with_a_bad_body_gets_422(api_as, mentorship, mentee_user, body):
    response = api_as(mentee_user).post(url(mentorship, "respond"), body)

    assert response.status_code == 422
    assert Mentorship.objects.get().mentee_accepted_at is None


# --- POST /mentorships/{id}/end ----------------------------------------------------------------


def test_end_for_mismatch_blocks_the_pair(api_as, mentorship, program, mentor, mentee, mentee_user):
    response = api_as(mentee_user).post(
        url(mentorship, "end"), {"reason": "mismatch", "note": "Different rhythms"}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["end_reason"], body["end_note"]) == (
        "ended_early",
        "mismatch",
        "Different rhythms",
    )
    assert body["ended_at"] is not None
    assert Enrollment.objects.get(pk=mentor.pk).load == 0
    assert blocked_pairs(program=program) == {(mentee.person_id, mentor.person_id)}


@pytest.mark.parametrize("persona", ["mentor_user", "manager_user", "admin_user"])
def test_end_as_completed_by_the_mentor_or_a_manager(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        url(pair, "end"), {"reason": "completed"}
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["end_reason"]) == (
        "completed",
        "completed",
    )


def test_end_a_paused_pair(api_as, pair, mentee_user):
    api = api_as(mentee_user)
    api.post(url(pair, "pause"))

    response = api.post(url(pair, "end"), {"reason": "personal"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["paused_at"]) == ("ended_early", None)


def test_end_as_completed_before_the_pair_started_ends_it_early(api_as, mentorship, mentor_user):
    response = api_as(mentor_user).post(url(mentorship, "end"), {"reason": "completed"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["end_reason"]) == (
        "ended_early",
        "completed",
    )


def test_end_twice_gets_409(api_as, mentorship, mentee_user):
    api = api_as(mentee_user)
    api.post(url(mentorship, "end"), {"reason": "other"})

    response = api.post(url(mentorship, "end"), {"reason": "mismatch"})

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This mentorship is already ended early; it cannot change any more.",
        "errors": {},
    }
    assert Mentorship.objects.get().end_reason == "other"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "boredom"}, "reason"),
        ({}, "reason"),
        ({"reason": "other", "note": "x" * 501}, "note"),
    ],
)
def test_end_with_a_bad_body_gets_422(api_as, mentorship, mentee_user, body, field):
    response = api_as(mentee_user).post(url(mentorship, "end"), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert Mentorship.objects.get().status == "proposed"


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_end_by_someone_else_is_404(request, api_as, mentorship, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        url(mentorship, "end"), {"reason": "mismatch"}
    )

    assert response.status_code == 404
    assert Mentorship.objects.get().status == "proposed"


# --- the pair's state in MentorshipOut ---------------------------------------------------------


def test_mentorship_before_it_starts_has_no_agreement(api_as, mentorship, mentee_user):
    body = api_as(mentee_user).get(url(mentorship)).json()

    assert (body["agreement"], body["paused_at"], body["pause_note"]) == (None, None, "")


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "manager_user", "admin_user"])
def test_mentorship_shows_its_agreement_summary(request, api_as, pair, mentor, persona):
    agreement_acknowledge(mentorship=pair, person=mentor.person)

    response = api_as(request.getfixturevalue(persona)).get(url(pair))

    assert response.status_code == 200
    assert response.json()["agreement"] == {
        "rhythm_days": 14,
        "mentor_acknowledged": True,
        "mentee_acknowledged": False,
    }


def test_my_mentorships_show_the_agreement_with_a_flat_query_count(api_as, pair, mentor_user):
    api = api_as(mentor_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/mentorships")
        assert response.status_code == 200
        assert all(item["agreement"] for item in response.json()["items"])
        return len(queries)

    few = count()
    for _ in range(3):
        elsewhere = ProgramFactory()
        start(
            mentorship_propose(
                mentor=EnrollmentFactory(
                    program=elsewhere, person=pair.mentor.person, role="mentor", status="approved"
                ),
                mentee=EnrollmentFactory(program=elsewhere, status="approved"),
                by=None,
            )
        )

    assert count() == few
    assert api.get("/mentorships").json()["count"] == 4


# --- POST /mentorships/{id}/pause and /resume --------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "manager_user", "admin_user"])
def test_pause_then_resume_by_the_pair_or_a_manager(request, api_as, pair, persona):
    api = api_as(request.getfixturevalue(persona))

    paused = api.post(url(pair, "pause"), {"note": "Parental leave until March"})
    resumed = api.post(url(pair, "resume"))

    assert paused.status_code == 200
    body = paused.json()
    assert (body["status"], body["pause_note"]) == ("paused", "Parental leave until March")
    assert body["paused_at"] is not None
    assert resumed.status_code == 200
    body = resumed.json()
    assert (body["status"], body["paused_at"], body["pause_note"]) == ("active", None, "")
    assert Mentorship.objects.get().status == "active"


def test_pause_without_a_body(api_as, pair, mentee_user):
    response = api_as(mentee_user).post(url(pair, "pause"))

    assert response.status_code == 200
    assert response.json()["status"] == "paused"


@pytest.mark.parametrize("action", ["pause", "resume"])
@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_pause_and_resume_by_someone_else_are_404(request, api_as, pair, persona, action):
    response = api_as(request.getfixturevalue(persona)).post(url(pair, action))

    assert response.status_code == 404
    assert Mentorship.objects.get().status == "active"


def test_pause_a_proposed_pair_gets_409(api_as, mentorship, mentee_user):
    response = api_as(mentee_user).post(url(mentorship, "pause"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This mentorship is proposed; it cannot become paused.",
        "errors": {},
    }


def test_resume_an_active_pair_gets_409(api_as, pair, mentee_user):
    response = api_as(mentee_user).post(url(pair, "resume"))

    assert response.status_code == 409
    assert response.json()["detail"] == "This mentorship is active; it cannot become active."


def test_pause_with_a_bad_body_gets_422(api_as, pair, mentee_user):
    response = api_as(mentee_user).post(url(pair, "pause"), {"note": "x" * 301})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["note"]
    assert Mentorship.objects.get().status == "active"


# --- the agreement -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "manager_user", "admin_user"])
def test_get_agreement_for_the_pair_and_managers(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).get(url(pair, "agreement"))

    assert response.status_code == 200
    body = response.json()
    assert body["mentorship_id"] == pair.pk
    assert body["expectations"].startswith("The mentee leads")
    assert body["confidentiality"].startswith("What we discuss stays between us")
    assert (body["rhythm_days"], body["rhythm_changed_by"], body["acknowledged"]) == (
        14,
        None,
        False,
    )
    assert (body["mentor_acknowledged_at"], body["mentee_acknowledged_at"]) == (None, None)


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_get_agreement_is_404_for_others(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).get(url(pair, "agreement"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_get_agreement_before_the_pair_starts_is_404(api_as, mentorship, mentee_user):
    response = api_as(mentee_user).get(url(mentorship, "agreement"))

    assert response.status_code == 404


def test_the_agreement_stays_as_it_was_when_the_pair_started(api_as, pair, program, mentee_user):
    agreement_template_save(
        program=program,
        data={
            "expectations": "New expectations",
            "meeting_rhythm": "Weekly",
            "confidentiality": "New confidentiality",
            "how_to_end": "Ask us",
        },
    )

    body = api_as(mentee_user).get(url(pair, "agreement")).json()

    assert body["expectations"].startswith("The mentee leads")


def test_acknowledge_by_both_sides(api_as, pair, mentor_user, mentee_user):
    first = api_as(mentee_user).post(url(pair, "agreement/acknowledge"))
    again = api_as(mentee_user).post(url(pair, "agreement/acknowledge"))
    second = api_as(mentor_user).post(url(pair, "agreement/acknowledge"))

    assert (first.status_code, again.status_code, second.status_code) == (200, 200, 200)
    assert first.json()["mentee_acknowledged_at"] is not None
    assert (first.json()["mentor_acknowledged_at"], first.json()["acknowledged"]) == (None, False)
    assert again.json()["mentee_acknowledged_at"] == first.json()["mentee_acknowledged_at"]
    assert second.json()["acknowledged"] is True
    pair.agreement.refresh_from_db()
    assert pair.agreement.acknowledged


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_acknowledge_by_a_manager_gets_403(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(url(pair, "agreement/acknowledge"))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the mentor and the mentee of this pair can do that.",
        "errors": {},
    }
    pair.agreement.refresh_from_db()
    assert (pair.agreement.mentor_acknowledged_at, pair.agreement.mentee_acknowledged_at) == (
        None,
        None,
    )


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_acknowledge_by_someone_else_is_404(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(url(pair, "agreement/acknowledge"))

    assert response.status_code == 404


def test_acknowledge_once_ended_gets_409(api_as, pair, mentee_user):
    api = api_as(mentee_user)
    api.post(url(pair, "end"), {"reason": "completed"})

    response = api.post(url(pair, "agreement/acknowledge"))

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This mentorship is completed; acknowledging the agreement is only possible while it runs."
    )


def test_set_rhythm_by_either_side(api_as, pair, mentor, mentor_user):
    response = put(api_as(mentor_user), url(pair, "agreement/rhythm"), {"rhythm_days": 21})

    assert response.status_code == 200
    body = response.json()
    assert body["rhythm_days"] == 21
    assert body["rhythm_changed_by"] == {
        "id": mentor.person_id,
        "full_name": mentor.person.full_name,
    }
    assert body["rhythm_changed_at"] is not None
    assert api_as(mentor_user).get(url(pair)).json()["agreement"]["rhythm_days"] == 21


@pytest.mark.parametrize(
    "body", [{"rhythm_days": 6}, {"rhythm_days": 91}, {}, {"rhythm_days": "often"}]
)
def test_set_rhythm_out_of_range_gets_422(api_as, pair, mentee_user, body):
    response = put(api_as(mentee_user), url(pair, "agreement/rhythm"), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["rhythm_days"]
    pair.agreement.refresh_from_db()
    assert pair.agreement.rhythm_days == 14


@pytest.mark.parametrize(("persona", "status"), [("manager_user", 403), ("outsider_user", 404)])
def test_set_rhythm_refused(request, api_as, pair, persona, status):
    response = put(
        api_as(request.getfixturevalue(persona)), url(pair, "agreement/rhythm"), {"rhythm_days": 7}
    )

    assert response.status_code == status
    pair.agreement.refresh_from_db()
    assert pair.agreement.rhythm_days == 14


def test_set_rhythm_on_a_proposed_pair_gets_409(api_as, mentorship, mentee_user):
    response = put(api_as(mentee_user), url(mentorship, "agreement/rhythm"), {"rhythm_days": 7})

    assert response.status_code == 409


# --- POST /mentorships/{id}/nudge and /mute ----------------------------------------------------


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_nudge_by_a_manager_once_a_day(request, api_as, pair, persona):
    api = api_as(request.getfixturevalue(persona))

    first = api.post(url(pair, "nudge"))
    second = api.post(url(pair, "nudge"))

    assert (first.status_code, first.json()) == (200, {"sent": 2})
    assert (second.status_code, second.json()) == (200, {"sent": 0})
    assert Notification.objects.filter(kind="pair_nudge").count() == 2


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_nudge_by_the_pair_gets_403(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(url(pair, "nudge"))

    assert response.status_code == 403
    assert response.json() == {"detail": "Only this program's managers can do that.", "errors": {}}
    assert not Notification.objects.filter(kind="pair_nudge").exists()


@pytest.mark.parametrize("persona", ["executive_user", "outsider_user"])
def test_nudge_by_someone_else_is_404(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(url(pair, "nudge"))

    assert response.status_code == 404


def test_nudge_a_paused_pair_gets_409(api_as, pair, manager_user):
    api = api_as(manager_user)
    api.post(url(pair, "pause"))

    response = api.post(url(pair, "nudge"))

    assert response.status_code == 409
    assert response.json() == {"detail": "Only an active pair can be nudged.", "errors": {}}


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_mute_and_unmute_nudges(request, api_as, pair, persona):
    user = request.getfixturevalue(persona)
    api = api_as(user)

    muted = api.post(url(pair, "mute"), {"muted": True})
    assert (muted.status_code, muted.json()) == (200, {"muted": True})
    assert list(NudgeMute.objects.values_list("user", flat=True)) == [user.pk]

    unmuted = api.post(url(pair, "mute"), {"muted": False})
    assert (unmuted.status_code, unmuted.json()) == (200, {"muted": False})
    assert not NudgeMute.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager_user", 403), ("admin_user", 403), ("executive_user", 404), ("outsider_user", 404)],
)
def test_mute_refused_to_anyone_but_the_pair(request, api_as, pair, persona, status):
    response = api_as(request.getfixturevalue(persona)).post(url(pair, "mute"), {"muted": True})

    assert response.status_code == status
    assert not NudgeMute.objects.exists()


@pytest.mark.parametrize("body", [{}, {"muted": "yes please"}])
def test_mute_with_a_bad_body_gets_422(api_as, pair, mentee_user, body):
    response = api_as(mentee_user).post(url(pair, "mute"), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["muted"]


# --- GET /programs/{slug}/pairs ----------------------------------------------------------------

PAIRS = "/programs/career-compass/pairs"


@pytest.mark.parametrize("persona", ["manager_user", "admin_user"])
def test_pairs_list_the_programs_live_pairs_with_their_health(
    request, api_as, pair, program, mentor, mentee, persona
):
    goal = GoalFactory(mentorship=pair, progress=40, status="at_risk")
    held = CheckInFactory(
        mentorship=pair,
        starts_at=timezone.now().replace(microsecond=0) - timedelta(days=3),
        status="held",
        held_minutes=45,
    )
    upcoming = CheckInFactory(mentorship=pair)
    NoteFactory(mentorship=pair, visibility="private", body="My private worries")
    NoteFactory(mentorship=pair, body="Our shared plan")

    response = api_as(request.getfixturevalue(persona)).get(PAIRS)

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "mentorship_id": pair.pk,
                "mentor": {"id": mentor.person_id, "full_name": mentor.person.full_name},
                "mentee": {"id": mentee.person_id, "full_name": mentee.person.full_name},
                "status": "active",
                "started_at": iso(pair.started_at),
                "last_held": iso(held.starts_at),
                "next_checkin": iso(upcoming.starts_at),
                "held_count": 1,
                "goal_count": 1,
                "goal_progress": goal.progress,
                "flags": ["at_risk"],
            }
        ],
        "count": 1,
    }
    assert b"worries" not in response.content
    assert b"shared plan" not in response.content


def test_pairs_filter_flagged(api_as, pair, program, manager_user):
    calm = start(another_pair(program))
    GoalFactory(mentorship=pair, status="at_risk")
    api = api_as(manager_user)

    flagged = api.get(PAIRS, flagged="true").json()
    calm_only = api.get(PAIRS, flagged="false").json()

    assert [row["mentorship_id"] for row in flagged["items"]] == [pair.pk]
    assert [row["mentorship_id"] for row in calm_only["items"]] == [calm.pk]


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_pairs_refused_to_all_but_the_programs_managers(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).get(PAIRS)

    assert response.status_code == 403
    assert response.json() == {"detail": "Only this program's managers can do that.", "errors": {}}


def test_pairs_of_an_unknown_program_is_404(api_as, manager_user):
    response = api_as(manager_user).get("/programs/no-such-program/pairs")

    assert response.status_code == 404


def test_pairs_query_count_is_flat(api_as, pair, program, manager_user):
    api = api_as(manager_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(PAIRS)
        assert response.status_code == 200
        return len(queries)

    few = count()
    for _ in range(3):
        other = start(another_pair(program))
        GoalFactory(mentorship=other)
        CheckInFactory(mentorship=other)

    assert count() == few
    assert api.get(PAIRS).json()["count"] == 4
