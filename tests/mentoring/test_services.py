import pytest
from django.core.exceptions import ValidationError

from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.queries import blocked_pairs
from mentorpath.mentoring.services import mentorship_end, mentorship_propose, mentorship_respond
from mentorpath.programs.models import Enrollment
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(program, mentor_user, mentee_user):
    mentor = program.enrollments.get(person=mentor_user.person)
    mentee = program.enrollments.get(person=mentee_user.person)
    return mentor, mentee


def approved_mentee(program, **person_fields):
    return EnrollmentFactory(
        program=program, person=PersonFactory(**person_fields), status="approved"
    )


def test_mentorship_propose_takes_a_slot_of_the_mentor(pair, manager_user):
    mentor, mentee = pair

    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=manager_user, score=0.8)

    assert mentorship.status == "proposed"
    assert mentorship.match_score == 0.8
    mentor.refresh_from_db()
    assert mentor.load == 1


def test_mentorship_propose_refuses_a_mentor_without_free_capacity(pair, program, manager_user):
    mentor, mentee = pair
    mentorship_propose(mentor=mentor, mentee=mentee, by=manager_user)
    mentorship_propose(mentor=mentor, mentee=approved_mentee(program), by=manager_user)

    with pytest.raises(ValidationError) as error:
        mentorship_propose(mentor=mentor, mentee=approved_mentee(program), by=manager_user)

    assert error.value.code == "conflict"
    assert "has no free capacity" in error.value.messages[0]
    mentor.refresh_from_db()
    assert mentor.load == 2
    assert Mentorship.objects.count() == 2


def test_mentorship_propose_refuses_a_second_mentor_for_the_same_mentee(pair, program):
    mentor, mentee = pair
    other_mentor = EnrollmentFactory(
        program=program, person=PersonFactory(level=7), role="mentor", status="approved"
    )
    mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    with pytest.raises(ValidationError) as error:
        mentorship_propose(mentor=other_mentor, mentee=mentee, by=None)

    assert "already has a mentor" in error.value.messages[0]
    other_mentor.refresh_from_db()
    assert other_mentor.load == 0


def test_mentorship_propose_refuses_pending_enrollments(program, mentor_user):
    mentor = program.enrollments.get(person=mentor_user.person)
    pending = EnrollmentFactory(program=program, status="pending")

    with pytest.raises(ValidationError):
        mentorship_propose(mentor=mentor, mentee=pending, by=None)


def test_mentorship_respond_both_accepting_starts_the_mentorship(pair, mentor_user, mentee_user):
    mentor, mentee = pair
    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    mentorship = mentorship_respond(mentorship=mentorship, person=mentee_user.person, accept=True)
    assert mentorship.status == "proposed"
    mentorship = mentorship_respond(mentorship=mentorship, person=mentor_user.person, accept=True)

    assert mentorship.status == "active"
    assert mentorship.started_at is not None


def test_mentorship_respond_decline_frees_the_slot_and_the_mentee(pair, mentor_user):
    mentor, mentee = pair
    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    declined = mentorship_respond(mentorship=mentorship, person=mentor_user.person, accept=False)

    assert (declined.status, declined.declined_by) == ("declined", "mentor")
    assert Enrollment.objects.get(pk=mentor.pk).load == 0
    again = mentorship_propose(mentor=mentor, mentee=mentee, by=None)
    assert again.status == "proposed"


def test_mentorship_respond_refused_for_someone_else(pair, outsider_user):
    mentor, mentee = pair
    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    with pytest.raises(ValidationError):
        mentorship_respond(mentorship=mentorship, person=outsider_user.person, accept=True)


def test_mentorship_end_for_mismatch_blocks_the_pair_and_frees_the_slot(pair, program):
    mentor, mentee = pair
    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    ended = mentorship_end(mentorship=mentorship, reason="mismatch", note="Different rhythms")

    assert (ended.status, ended.end_reason) == ("ended_early", "mismatch")
    assert Enrollment.objects.get(pk=mentor.pk).load == 0
    assert blocked_pairs(program=program) == {(mentee.person_id, mentor.person_id)}


def test_mentorship_end_refuses_an_unknown_reason(pair):
    mentor, mentee = pair
    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    with pytest.raises(ValidationError) as error:
        mentorship_end(mentorship=mentorship, reason="bored")

    assert error.value.message_dict == {"reason": ["Choose why the mentorship ends."]}


def test_enrollment_set_capacity_cannot_drop_below_current_mentees(pair):
    from mentorpath.programs.services import enrollment_set_capacity

    mentor, mentee = pair
    mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    with pytest.raises(ValidationError) as error:
        enrollment_set_capacity(enrollment=mentor, capacity=0)

    assert error.value.message_dict == {
        "capacity": ["This mentor already has 1 mentees; capacity cannot be lower."]
    }


def test_a_declined_pairing_is_blocked_like_a_mismatch(pair, program, mentee_user):
    mentor, mentee = pair
    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    mentorship_respond(mentorship=mentorship, person=mentee_user.person, accept=False)

    assert blocked_pairs(program=program) == {(mentee.person_id, mentor.person_id)}
