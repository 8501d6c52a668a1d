"""Self-match over the API: suggestions, requests, answers, refusals."""

import pytest

from mentorpath.matching.models import MentorRequest
from tests.factories import (
    EnrollmentFactory,
    PersonFactory,
    PersonSkillFactory,
    ProgramFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool():
    program = ProgramFactory(slug="pool", matching_config={"require_shared_language": False})
    skill = SkillFactory(name="Negotiation")
    mentors = []
    for n in range(2):
        user = UserFactory(email=f"mentor{n}@example.com")
        person = PersonFactory(user=user, level=7)
        PersonSkillFactory(person=person, skill=skill, level=5, can_teach=True)
        mentors.append(
            EnrollmentFactory(
                program=program, person=person, role="mentor", status="approved", capacity=1
            )
        )
    user = UserFactory(email="asker@example.com")
    person = PersonFactory(user=user, level=3)
    PersonSkillFactory(person=person, skill=skill, level=1, wants_to_learn=True)
    mentee = EnrollmentFactory(program=program, person=person, status="approved")
    return program, mentors, mentee


def test_suggestions_for_the_mentee_with_reasons(api_as, pool):
    _, mentors, mentee = pool

    response = api_as(mentee.person.user).get("/programs/pool/suggestions")

    assert response.status_code == 200
    body = response.json()
    assert {s["mentor"]["id"] for s in body} == {m.pk for m in mentors}
    assert all(s["reasons"] and 0 < s["score"] <= 1 for s in body)


def test_suggestions_refused_to_a_mentor_and_anonymous(api_as, pool):
    _, mentors, _mentee = pool

    assert api_as(mentors[0].person.user).get("/programs/pool/suggestions").status_code == 403
    assert api_as(None).get("/programs/pool/suggestions").status_code == 401


def test_request_then_mentor_accepts_starts_a_mentorship(api_as, pool):
    _, mentors, mentee = pool
    mentor = mentors[0]

    made = api_as(mentee.person.user).post(
        "/programs/pool/requests", {"mentor_enrollment_id": mentor.pk, "message": "Hello"}
    )
    answered = api_as(mentor.person.user).post(
        f"/requests/{made.json()['id']}/respond", {"accept": True}
    )

    assert made.status_code == 201
    assert made.json()["status"] == "pending"
    assert answered.status_code == 200
    assert answered.json()["status"] == "accepted"
    assert answered.json()["mentorship_id"] is not None


def test_second_waiting_request_is_a_409(api_as, pool):
    _, mentors, mentee = pool
    client = api_as(mentee.person.user)
    client.post("/programs/pool/requests", {"mentor_enrollment_id": mentors[0].pk})

    response = client.post("/programs/pool/requests", {"mentor_enrollment_id": mentors[1].pk})

    assert response.status_code == 409
    assert MentorRequest.objects.count() == 1


def test_request_to_an_unknown_mentor_is_a_400(api_as, pool):
    _, _mentors, mentee = pool

    response = api_as(mentee.person.user).post(
        "/programs/pool/requests", {"mentor_enrollment_id": mentee.pk}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "mentor_enrollment_id": "Ask one of the mentors suggested to you."
    }


def test_respond_refused_to_the_mentee_and_to_another_mentor(api_as, pool):
    _, mentors, mentee = pool
    made = api_as(mentee.person.user).post(
        "/programs/pool/requests", {"mentor_enrollment_id": mentors[0].pk}
    )
    path = f"/requests/{made.json()['id']}/respond"

    assert api_as(mentee.person.user).post(path, {"accept": True}).status_code == 404
    assert api_as(mentors[1].person.user).post(path, {"accept": True}).status_code == 404
    assert MentorRequest.objects.get().status == "pending"


def test_withdraw_by_the_mentee_and_my_requests_for_both_sides(api_as, pool):
    _, mentors, mentee = pool
    made = api_as(mentee.person.user).post(
        "/programs/pool/requests", {"mentor_enrollment_id": mentors[0].pk}
    )

    mine = api_as(mentors[0].person.user).get("/requests")
    withdrawn = api_as(mentee.person.user).post(f"/requests/{made.json()['id']}/withdraw")

    assert [r["id"] for r in mine.json()] == [made.json()["id"]]
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert api_as(mentors[1].person.user).get("/requests").json() == []
