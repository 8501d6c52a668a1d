"""Mentor hours and the other contributions, computed exactly and in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from mentorpath.recognition.models import Kudos
from mentorpath.recognition.queries import contribution_of, mentor_contributions
from tests.factories.mentoring import active_pair
from tests.recognition.helpers import checkin, complete, complete_path, rate

pytestmark = pytest.mark.django_db


def test_hours_count_only_held_checkins_with_their_held_minutes(pair, mentor_user):
    checkin(pair, minutes=50, duration=60)  # held 50 of 60 planned minutes
    checkin(pair, minutes=40)
    checkin(pair, minutes=None, status="missed")
    checkin(pair, minutes=None, status="cancelled")
    checkin(pair, minutes=None, status="scheduled", days_ago=-3)

    figures = contribution_of(person=mentor_user.person)

    assert figures.minutes == 90
    assert figures.hours == Decimal("1.5")


def test_hours_within_the_period_by_the_checkin_start(pair, mentor_user):
    checkin(pair, minutes=60, days_ago=40)
    checkin(pair, minutes=30, days_ago=5)
    today = timezone.localdate()

    recent = contribution_of(person=mentor_user.person, date_from=today - timedelta(days=10))
    older = contribution_of(person=mentor_user.person, date_to=today - timedelta(days=20))

    assert (recent.minutes, older.minutes) == (30, 60)


def test_hours_of_a_declined_proposal_do_not_count(program, mentor_user):
    from mentorpath.mentoring.services import mentorship_propose, mentorship_respond

    mentor = program.enrollments.get(person=mentor_user.person)
    mentee = program.enrollments.exclude(pk=mentor.pk).get()
    proposed = mentorship_propose(mentor=mentor, mentee=mentee, by=None)
    checkin(proposed, minutes=45)
    mentorship_respond(mentorship=proposed, person=mentee.person, accept=False)

    assert contribution_of(person=mentor_user.person).minutes == 0


def test_contributions_of_a_mentor(pair, other_pair, mentor_user, mentee_user):
    checkin(pair, minutes=45)
    rate(pair, 5, 4)  # two more held check-ins of 30 minutes, rated by the mentee
    rate(pair, 1, role="mentor")  # the mentor's own rating does not count
    complete(pair)
    complete_path(mentor_user.person)
    complete_path(mentor_user.person)
    Kudos.objects.create(
        mentorship=pair, author=mentee_user.person, recipient=mentor_user.person, message="Thanks"
    )

    rows = {row.person_id: row for row in mentor_contributions()}

    mine = rows[mentor_user.person.pk]
    assert (mine.minutes, mine.hours) == (45 + 30 + 30 + 30, Decimal("2.3"))
    assert (mine.pairs, mine.pairs_completed) == (1, 1)
    assert (mine.average_rating, mine.ratings) == (Decimal("4.50"), 2)
    assert (mine.trainings, mine.kudos, mine.badges) == (2, 1, [])
    other = rows[other_pair.mentor.person_id]
    assert (other.minutes, other.pairs, other.pairs_completed, other.average_rating) == (
        0,
        1,
        0,
        None,
    )
    assert set(rows) == {mentor_user.person.pk, other_pair.mentor.person_id}


def test_contributions_by_program(pair, mentor_user):
    from tests.factories import ProgramFactory

    elsewhere = active_pair(ProgramFactory(), "m3@example.com", "e3@example.com")
    checkin(pair, minutes=45)
    checkin(elsewhere, minutes=20)

    rows = mentor_contributions(program_ids=[pair.program_id])

    assert [(row.person_id, row.minutes) for row in rows] == [(mentor_user.person.pk, 45)]


def test_a_pair_ended_early_is_mentored_not_completed(pair, mentor_user):
    from mentorpath.mentoring.services import mentorship_end

    mentorship_end(mentorship=pair, reason="mismatch")

    figures = contribution_of(person=mentor_user.person)

    assert (figures.pairs, figures.pairs_completed) == (1, 0)


@pytest.mark.parametrize("mentors", [1, 4])
def test_contributions_take_the_same_queries_however_many_mentors(
    program, django_assert_num_queries, mentors
):
    for n in range(mentors):
        pair = active_pair(program, f"qm{n}@example.com", f"qe{n}@example.com")
        checkin(pair, minutes=30)
        rate(pair, 4)
        complete_path(pair.mentor.person)

    with django_assert_num_queries(7):
        rows = mentor_contributions()

    assert len(rows) == mentors
