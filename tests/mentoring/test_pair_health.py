"""The program team's view of its pairs: `pair_health(program=..., now=...)` with its signals
(stalled, unresponsive mentor, at risk), its figures, and one query however many pairs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.mentoring.queries import pair_health
from mentorpath.mentoring.services import (
    agreement_set_rhythm,
    checkin_cancel,
    checkin_reschedule,
    checkin_respond,
    checkin_schedule,
    mentorship_end,
    mentorship_pause,
    mentorship_propose,
    mentorship_respond,
)
from tests.factories import ProgramFactory
from tests.factories.mentoring import (
    CheckInFactory,
    GoalFactory,
    participant,
    start,
)

pytestmark = pytest.mark.django_db

TWICE_THE_RHYTHM = timedelta(days=28)  # biweekly
MORE_THAN_3_DAYS = timedelta(days=3, minutes=1)


@pytest.fixture
def program(db):
    return ProgramFactory(name="Career Compass", checkin_cadence="biweekly")


def pair_for(program, n: int, *, last_name: str = "", active: bool = True) -> Mentorship:
    """Pair number `n` in `program`; its mentee's last name orders the rows."""
    mentor = participant(program, f"m{n}@example.com", "mentor", level=7)
    mentee = participant(
        program, f"e{n}@example.com", "mentee", level=2, last_name=last_name or f"Mentee{n:02d}"
    )
    mentorship = mentorship_propose(mentor=mentor, mentee=mentee, by=None)
    return start(mentorship) if active else mentorship


def health_of(program, mentorship: Mentorship, now):
    (row,) = [h for h in pair_health(program=program, now=now) if h.mentorship.pk == mentorship.pk]
    return row


def flags(health) -> tuple[bool, bool, bool]:
    return (health.stalled, health.unresponsive_mentor, health.at_risk)


def held(mentorship: Mentorship, starts_at) -> CheckIn:
    return CheckInFactory(
        mentorship=mentorship,
        starts_at=starts_at,
        status="held",
        held_minutes=45,
        invitee_response="accepted",
    )


# --- which pairs -------------------------------------------------------------------------------


def test_pair_health_lists_the_live_pairs_of_the_program_by_mentee_name(program):
    active = pair_for(program, 1, last_name="Cooper")
    paused = pair_for(program, 2, last_name="Adams")
    mentorship_pause(mentorship=paused, by=paused.mentor.person.user)
    proposed = pair_for(program, 3, last_name="Baker", active=False)
    mentorship_end(mentorship=pair_for(program, 4, last_name="Aaron"), reason="completed")
    declined = pair_for(program, 5, last_name="Abbott", active=False)
    mentorship_respond(mentorship=declined, person=declined.mentee.person, accept=False)
    pair_for(ProgramFactory(name="Elsewhere"), 6, last_name="Aardvark")

    rows = pair_health(program=program, now=timezone.now())

    assert [(h.mentorship.pk, h.mentorship.status) for h in rows] == [
        (paused.pk, "paused"),
        (proposed.pk, "proposed"),
        (active.pk, "active"),
    ]


def test_a_new_pair_is_healthy(program):
    pair = pair_for(program, 1)

    health = health_of(program, pair, timezone.now())

    assert flags(health) == (False, False, False)
    assert health.flagged is False
    assert (health.last_held, health.next_checkin, health.held_count) == (None, None, 0)
    assert (health.goal_count, health.goal_progress) == (0, None)


# --- stalled -----------------------------------------------------------------------------------


def test_stalled_after_twice_the_rhythm_without_a_held_checkin(program):
    pair = pair_for(program, 1)

    on_the_edge = health_of(program, pair, pair.started_at + TWICE_THE_RHYTHM)
    beyond = health_of(program, pair, pair.started_at + TWICE_THE_RHYTHM + timedelta(seconds=1))

    assert (on_the_edge.stalled, beyond.stalled) == (False, True)
    assert beyond.flagged is True


def test_stalled_follows_a_changed_rhythm(program):
    pair = pair_for(program, 1)
    agreement_set_rhythm(mentorship=pair, person=pair.mentee.person, days=7)

    health = health_of(program, pair, pair.started_at + timedelta(days=14, seconds=1))

    assert health.stalled is True


def test_stalled_counts_from_the_last_held_checkin(program):
    pair = pair_for(program, 1)
    met = pair.started_at + timedelta(days=20)
    held(pair, met)

    recent = health_of(program, pair, met + timedelta(days=20))
    silent = health_of(program, pair, met + TWICE_THE_RHYTHM + timedelta(seconds=1))

    assert (recent.stalled, recent.last_held, recent.held_count) == (False, met, 1)
    assert silent.stalled is True


@pytest.mark.parametrize("status", ["missed", "cancelled", "scheduled"])
def test_a_checkin_not_held_does_not_end_the_silence(program, status):
    pair = pair_for(program, 1)
    CheckInFactory(mentorship=pair, starts_at=pair.started_at + timedelta(days=20), status=status)

    health = health_of(program, pair, pair.started_at + timedelta(days=40))

    assert (health.stalled, health.last_held, health.held_count) == (True, None, 0)


def test_a_paused_or_proposed_pair_is_never_stalled(program):
    paused = pair_for(program, 1)
    mentorship_pause(mentorship=paused, by=paused.mentor.person.user)
    proposed = pair_for(program, 2, active=False)
    now = timezone.now() + timedelta(days=90)

    assert health_of(program, paused, now).stalled is False
    assert health_of(program, proposed, now).stalled is False


# --- unresponsive mentor -----------------------------------------------------------------------


def test_a_proposal_the_mentor_has_not_answered_for_more_than_3_days(program):
    pair = pair_for(program, 1, active=False)
    mentorship_respond(mentorship=pair, person=pair.mentee.person, accept=True)
    created = Mentorship.objects.get(pk=pair.pk).created_at

    after_3_days = health_of(program, pair, created + timedelta(days=3))
    beyond = health_of(program, pair, created + MORE_THAN_3_DAYS)

    assert (after_3_days.unresponsive_mentor, beyond.unresponsive_mentor) == (False, True)


def test_a_proposal_only_the_mentee_has_not_answered_is_not_the_mentors_fault(program):
    pair = pair_for(program, 1, active=False)
    mentorship_respond(mentorship=pair, person=pair.mentor.person, accept=True)

    health = health_of(program, pair, pair.created_at + timedelta(days=10))

    assert health.unresponsive_mentor is False


def invite(pair: Mentorship, by_mentor: bool) -> CheckIn:
    person = pair.mentor.person if by_mentor else pair.mentee.person
    return checkin_schedule(
        mentorship=pair,
        person=person,
        data={"starts_at": timezone.now() + timedelta(days=10), "time_zone": "Europe/Berlin"},
    )


def test_a_mentees_invitation_pending_for_more_than_3_days(program):
    pair = pair_for(program, 1)
    checkin = invite(pair, by_mentor=False)
    sent = CheckIn.objects.get(pk=checkin.pk).invited_at

    after_3_days = health_of(program, pair, sent + timedelta(days=3))
    beyond = health_of(program, pair, sent + MORE_THAN_3_DAYS)

    assert (after_3_days.unresponsive_mentor, beyond.unresponsive_mentor) == (False, True)


def test_a_mentors_own_invitation_pending_is_not_the_mentors_fault(program):
    pair = pair_for(program, 1)
    invite(pair, by_mentor=True)

    health = health_of(program, pair, timezone.now() + timedelta(days=5))

    assert health.unresponsive_mentor is False


@pytest.mark.parametrize("answer", ["accept", "decline", "cancel"])
def test_an_answered_or_cancelled_invitation_is_not_waiting(program, answer):
    pair = pair_for(program, 1)
    checkin = invite(pair, by_mentor=False)
    if answer == "cancel":
        checkin_cancel(checkin=checkin, person=pair.mentee.person)
    else:
        checkin_respond(checkin=checkin, person=pair.mentor.person, accept=answer == "accept")

    health = health_of(program, pair, timezone.now() + timedelta(days=5))

    assert health.unresponsive_mentor is False


def test_an_invitation_the_mentee_just_moved_is_not_yet_waiting(program):
    pair = pair_for(program, 1)
    checkin = invite(pair, by_mentor=False)
    checkin_respond(checkin=checkin, person=pair.mentor.person, accept=True)
    CheckIn.objects.filter(pk=checkin.pk).update(invited_at=timezone.now() - timedelta(days=10))

    checkin_reschedule(
        checkin=checkin,
        person=pair.mentee.person,
        data={"starts_at": timezone.now() + timedelta(days=11)},
    )

    health = health_of(program, pair, timezone.now() + timedelta(hours=1))
    assert health.unresponsive_mentor is False


# --- at risk -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "at_risk"),
    [
        (["on_track", "not_started"], False),
        (["on_track", "at_risk"], True),
        (["done", "dropped"], False),
    ],
)
def test_at_risk_when_a_goal_is_at_risk(program, statuses, at_risk):
    pair = pair_for(program, 1)
    for status in statuses:
        GoalFactory(mentorship=pair, status=status)

    health = health_of(program, pair, timezone.now())

    assert health.at_risk is at_risk
    assert health.flagged is at_risk


# --- figures -----------------------------------------------------------------------------------


def test_last_and_next_checkin_and_the_held_count(program):
    pair = pair_for(program, 1)
    now = pair.started_at + timedelta(days=30)
    first, last = now - timedelta(days=20), now - timedelta(days=6)
    held(pair, first)
    held(pair, last)
    CheckInFactory(mentorship=pair, starts_at=now - timedelta(days=2))  # overdue
    CheckInFactory(mentorship=pair, starts_at=now + timedelta(days=1), status="cancelled")
    CheckInFactory(mentorship=pair, starts_at=now + timedelta(days=4), status="missed")
    upcoming = now + timedelta(days=7)
    CheckInFactory(mentorship=pair, starts_at=upcoming)
    CheckInFactory(mentorship=pair, starts_at=now + timedelta(days=21))

    health = health_of(program, pair, now)

    assert (health.last_held, health.next_checkin, health.held_count) == (last, upcoming, 2)


def test_goal_progress_averages_the_goals_not_dropped(program):
    pair = pair_for(program, 1)
    for status, progress in (("on_track", 20), ("at_risk", 60), ("done", 100), ("dropped", 0)):
        GoalFactory(mentorship=pair, status=status, progress=progress)

    health = health_of(program, pair, timezone.now())

    assert (health.goal_count, health.goal_progress) == (3, 60)


def test_goal_progress_is_rounded(program):
    pair = pair_for(program, 1)
    for progress in (10, 20, 20):
        GoalFactory(mentorship=pair, progress=progress)

    assert health_of(program, pair, timezone.now()).goal_progress == 17


def test_only_dropped_goals_give_no_progress(program):
    pair = pair_for(program, 1)
    GoalFactory(mentorship=pair, status="dropped", progress=50)

    health = health_of(program, pair, timezone.now())

    assert (health.goal_count, health.goal_progress) == (0, None)


def test_checkins_and_goals_together_are_not_counted_twice(program):
    pair = pair_for(program, 1)
    now = pair.started_at + timedelta(days=30)
    for days in (25, 15, 5):
        held(pair, now - timedelta(days=days))
    for progress in (10, 50):
        GoalFactory(mentorship=pair, progress=progress)
    GoalFactory(mentorship=pair, status="at_risk", progress=30)

    health = health_of(program, pair, now)

    assert (health.held_count, health.goal_count, health.goal_progress) == (3, 3, 30)
    assert flags(health) == (False, False, True)


# --- queries -----------------------------------------------------------------------------------


def busy_pairs(program, count: int) -> None:
    """`count` pairs of every kind, each with check-ins and goals."""
    for n in range(count):
        pair = pair_for(program, n, active=n % 3 != 0)
        if pair.status == "active":
            held(pair, timezone.now() - timedelta(days=3))
            invite(pair, by_mentor=n % 2 == 0)
            GoalFactory(mentorship=pair, status="at_risk", progress=n)
        if n % 5 == 4 and pair.status == "active":
            mentorship_pause(mentorship=pair, by=pair.mentor.person.user)


@pytest.mark.parametrize("count", [2, 10])
def test_pair_health_takes_one_query_however_many_pairs(program, django_assert_num_queries, count):
    busy_pairs(program, count)
    now = timezone.now() + timedelta(days=4)

    with django_assert_num_queries(1):
        rows = pair_health(program=program, now=now)
        summary = [(h.mentorship.mentee.person.last_name, h.flagged, h.goal_progress) for h in rows]

    assert len(summary) == count
