"""The mentorships API: your own pairs, answering a proposed pair, ending a pair."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.queries import blocked_pairs
from mentorpath.mentoring.services import mentorship_propose
from mentorpath.programs.models import Enrollment
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory, UserFactory

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


def test_respond_once_active_gets_400(api_as, mentorship, mentor_user, mentee_user):
    api_as(mentee_user).post(url(mentorship, "respond"), {"accept": True})
    api_as(mentor_user).post(url(mentorship, "respond"), {"accept": True})

    response = api_as(mentee_user).post(url(mentorship, "respond"), {"accept": False})

    assert response.status_code == 400
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
def test_end_as_completed_by_the_mentor_or_a_manager(request, api_as, mentorship, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        url(mentorship, "end"), {"reason": "completed"}
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["end_reason"]) == (
        "completed",
        "completed",
    )


def test_end_twice_gets_400(api_as, mentorship, mentee_user):
    api = api_as(mentee_user)
    api.post(url(mentorship, "end"), {"reason": "other"})

    response = api.post(url(mentorship, "end"), {"reason": "mismatch"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Only a proposed or active mentorship can end.",
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
