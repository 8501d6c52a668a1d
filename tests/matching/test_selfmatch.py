"""Self-match: suggestions that respect mentors' free capacity, requests, expiry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorpath.matching import pipeline
from mentorpath.matching.config import MatchingConfig
from mentorpath.matching.models import MentorRequest
from mentorpath.matching.queries import mentor_responsiveness
from mentorpath.matching.services import (
    closed_request_mentors,
    request_create,
    request_respond,
    request_withdraw,
    requests_expire_due,
)
from mentorpath.programs.models import Enrollment
from tests.factories import (
    EnrollmentFactory,
    PersonFactory,
    PersonSkillFactory,
    ProgramFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool():
    """Three mentees who want Negotiation; a star mentor (level 5 in it) and two others."""
    program = ProgramFactory(slug="pool", matching_config={"require_shared_language": False})
    negotiation = SkillFactory(name="Negotiation")
    mentors = []
    for level, skill_level in ((7, 5), (6, 3), (6, 3)):
        person = PersonFactory(level=level)
        PersonSkillFactory(person=person, skill=negotiation, level=skill_level, can_teach=True)
        mentors.append(
            EnrollmentFactory(
                program=program, person=person, role="mentor", status="approved", capacity=1
            )
        )
    mentees = []
    for _ in range(3):
        person = PersonFactory(level=3)
        PersonSkillFactory(person=person, skill=negotiation, level=1, wants_to_learn=True)
        mentees.append(EnrollmentFactory(program=program, person=person, status="approved"))
    return program, mentors, mentees


def suggested(program, mentee, **config):
    return pipeline.suggestions_for(
        program=program,
        config=MatchingConfig(require_shared_language=False, **config),
        mentee=mentee,
        excluded_mentor_ids=closed_request_mentors(mentee=mentee),
    )


def test_suggestions_show_no_mentor_more_often_than_their_free_capacity(pool):
    program, mentors, mentees = pool

    lists = [suggested(program, m, suggestions=1) for m in mentees]

    shown = [s.mentor.pk for found in lists for s in found]
    assert len(shown) == 3
    assert sorted(shown) == sorted(m.pk for m in mentors)


def test_suggestions_are_best_first_with_reasons(pool):
    program, _mentors, mentees = pool

    found = suggested(program, mentees[0], suggestions=3)

    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(s.reasons for s in found)


def test_request_create_refuses_a_mentor_not_suggested(pool):
    program, _mentors, mentees = pool
    stranger = EnrollmentFactory(
        program=program, person=PersonFactory(level=9), role="mentor", status="approved"
    )
    stranger.capacity = 0
    stranger.save()

    with pytest.raises(ValidationError) as error:
        request_create(program=program, mentee=mentees[0], mentor=stranger)

    assert error.value.message_dict == {"mentor": ["Ask one of the mentors suggested to you."]}
    assert not MentorRequest.objects.exists()


def test_request_create_refuses_a_second_waiting_request(pool):
    program, _mentors, mentees = pool
    first, second = suggested(program, mentees[0], suggestions=2)[:2]
    request_create(program=program, mentee=mentees[0], mentor=first.mentor)

    with pytest.raises(ValidationError) as error:
        request_create(program=program, mentee=mentees[0], mentor=second.mentor)

    assert error.value.code == "conflict"
    assert MentorRequest.objects.count() == 1


def test_request_accepted_starts_the_mentorship_and_tells_the_mentee_once(
    pool, django_capture_on_commit_callbacks
):
    program, _mentors, mentees = pool
    choice = suggested(program, mentees[0])[0]
    made = request_create(program=program, mentee=mentees[0], mentor=choice.mentor, message="Hi")

    with django_capture_on_commit_callbacks(execute=True):
        answered = request_respond(request=made, person=choice.mentor.person, accept=True)

    assert answered.status == "accepted"
    assert answered.mentorship.status == "active"
    assert Enrollment.objects.get(pk=choice.mentor.pk).load == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [mentees[0].person.email]
    assert "accepted" in mail.outbox[0].subject


def test_request_declined_mentor_is_not_suggested_again(pool):
    program, _mentors, mentees = pool
    choice = suggested(program, mentees[0], suggestions=3)[0]
    made = request_create(program=program, mentee=mentees[0], mentor=choice.mentor)

    request_respond(request=made, person=choice.mentor.person, accept=False)

    again = suggested(program, mentees[0], suggestions=3)
    assert choice.mentor.pk not in {s.mentor.pk for s in again}
    assert len(again) == 2


def test_request_respond_refused_for_another_person(pool):
    program, _mentors, mentees = pool
    choice = suggested(program, mentees[0])[0]
    made = request_create(program=program, mentee=mentees[0], mentor=choice.mentor)

    with pytest.raises(ValidationError):
        request_respond(request=made, person=mentees[1].person, accept=True)


def test_requests_expire_after_the_deadline_and_cannot_be_answered(
    pool, django_capture_on_commit_callbacks
):
    program, _mentors, mentees = pool
    choice = suggested(program, mentees[0])[0]
    made = request_create(program=program, mentee=mentees[0], mentor=choice.mentor)
    MentorRequest.objects.filter(pk=made.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert requests_expire_due() == 1
        assert requests_expire_due() == 0

    made.refresh_from_db()
    assert made.status == "expired"
    assert len(mail.outbox) == 1
    with pytest.raises(ValidationError):
        request_respond(request=made, person=choice.mentor.person, accept=True)
    assert choice.mentor.pk in closed_request_mentors(mentee=mentees[0])


def test_request_withdraw_only_by_the_mentee_while_waiting(pool):
    program, _mentors, mentees = pool
    choice = suggested(program, mentees[0])[0]
    made = request_create(program=program, mentee=mentees[0], mentor=choice.mentor)

    with pytest.raises(ValidationError):
        request_withdraw(request=made, person=choice.mentor.person)
    withdrawn = request_withdraw(request=made, person=mentees[0].person)

    assert withdrawn.status == "withdrawn"


def test_mentor_responsiveness_counts_answers_and_expiries(pool):
    program, _mentors, mentees = pool
    choice = suggested(program, mentees[0])[0]
    made = request_create(program=program, mentee=mentees[0], mentor=choice.mentor)
    request_respond(request=made, person=choice.mentor.person, accept=False)

    rows = mentor_responsiveness(program=program)

    assert len(rows) == 1
    row = rows[0]
    assert (row.mentor, row.received, row.declined, row.expired) == (choice.mentor, 1, 1, 0)
    assert row.median_hours == 0.0


def test_suggestions_page_for_the_mentee_and_refused_to_a_mentor(pool, client_for):
    from tests.factories import UserFactory

    program, mentors, mentees = pool
    mentee_user = UserFactory(email="m1@example.com")
    mentees[0].person.user = mentee_user
    mentees[0].person.save()
    mentor_user = UserFactory(email="t1@example.com")
    mentors[0].person.user = mentor_user
    mentors[0].person.save()

    page = client_for(mentee_user).get(f"/programs/{program.slug}/matching/suggestions/")
    refused = client_for(mentor_user).get(f"/programs/{program.slug}/matching/suggestions/")

    assert page.status_code == 200
    assert len(page.context["suggestions"]) == 3
    assert refused.status_code == 403


@pytest.fixture
def logins(pool):
    """Logins for the pool's first mentee and the first two mentors."""
    from tests.factories import UserFactory

    _, mentors, mentees = pool
    people = {"mentee": mentees[0].person, "mentor": mentors[0].person, "other": mentors[1].person}
    users = {}
    for key, person in people.items():
        person.user = UserFactory(email=f"{key}-login@example.com")
        person.save()
        users[key] = person.user
    return users


def test_request_views_refuse_everyone_but_the_two_sides(pool, logins, client_for, client):
    program, _mentors, mentees = pool
    choice = suggested(program, mentees[0])[0]
    made = request_create(program=program, mentee=mentees[0], mentor=choice.mentor)
    asked = next(key for key in ("mentor", "other") if choice.mentor.person.user == logins[key])
    not_asked = "other" if asked == "mentor" else "mentor"
    base = f"/programs/{program.slug}/matching/requests"

    as_mentor = client_for(logins[not_asked]).post(f"{base}/", {"mentor": choice.mentor.pk})
    wrong_mentor = client_for(logins[not_asked]).post(
        f"{base}/{made.pk}/respond/", {"answer": "accept"}
    )
    mentee_answers = client_for(logins["mentee"]).post(
        f"{base}/{made.pk}/respond/", {"answer": "accept"}
    )
    mentor_withdraws = client_for(logins[asked]).post(f"{base}/{made.pk}/withdraw/")
    anonymous = client.post(f"{base}/{made.pk}/respond/", {"answer": "accept"})

    assert as_mentor.status_code == 403
    assert (wrong_mentor.status_code, mentee_answers.status_code) == (404, 404)
    assert mentor_withdraws.status_code == 404
    assert anonymous.status_code == 302
    made.refresh_from_db()
    assert made.status == "pending"


def test_request_views_happy_path_ask_then_accept(pool, logins, client_for):
    program, _mentors, mentees = pool
    choice = suggested(program, mentees[0])[0]
    asked = next(key for key in ("mentor", "other") if choice.mentor.person.user == logins[key])
    base = f"/programs/{program.slug}/matching/requests"

    ask = client_for(logins["mentee"]).post(
        f"{base}/", {"mentor": choice.mentor.pk, "message": "Could we talk?"}
    )
    made = MentorRequest.objects.get()
    answer = client_for(logins[asked]).post(f"{base}/{made.pk}/respond/", {"answer": "accept"})

    assert ask.status_code == 302
    assert made.message == "Could we talk?"
    assert answer.status_code == 302
    made.refresh_from_db()
    assert made.status == "accepted"
    assert made.mentorship.status == "active"
