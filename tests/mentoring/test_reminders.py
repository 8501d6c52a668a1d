"""The reminder sweep, run at explicit moments (`send_due_reminders(now=...)`): what is due,
who is told, and that running it again tells nobody twice."""

from collections import Counter
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from mentorpath.matching.models import MentorRequest
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.mentoring.reminders import SweepReport, send_due_reminders
from mentorpath.mentoring.services import (
    checkin_reschedule,
    checkin_respond,
    checkin_schedule,
    goal_post_update,
    mentorship_pause,
    mentorship_propose,
    mentorship_respond,
    milestone_set_done,
    nudges_mute,
)
from mentorpath.notifications.models import Notification
from mentorpath.notifications.services import preferences_set
from tests.factories import ProgramFactory
from tests.factories.mentoring import (
    CheckInFactory,
    GoalFactory,
    MilestoneFactory,
    active_pair,
    name_pair,
    name_people,
    participant,
    proposed_pair,
    spelled,
    winter_tuesday,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = winter_tuesday()
WINTER = datetime.combine(TUESDAY, time(9, 0), tzinfo=BERLIN)  # 08:00 UTC
FRIDAY = TUESDAY + timedelta(days=3)


def utc(days: int, hour: int) -> datetime:
    """`days` after TUESDAY at `hour` UTC."""
    return datetime.combine(TUESDAY + timedelta(days=days), time(hour), tzinfo=UTC)


def reminder_key(checkin: CheckIn, starts_at: datetime) -> str:
    return f"checkin-reminder:{checkin.uid}:{starts_at.astimezone(UTC).isoformat()}"


MENTOR, MENTEE = "mentor@example.com", "mentee@example.com"


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """sweep(now) -> send_due_reminders(now=now), its emails sent."""

    def _sweep(now: datetime) -> SweepReport:
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders(now=now)

    return _sweep


def told(kind: str) -> Counter:
    """(recipient email, key) → how many notices of `kind` the sweep recorded (the notice a
    new proposal sends at once is not the sweep's)."""
    return Counter(
        Notification.objects.filter(kind=kind)
        .exclude(key__startswith="proposal:")
        .values_list("recipient__email", "key")
    )


def emailed(subject_start: str) -> Counter:
    """recipient → how many emails whose subject starts so."""
    return Counter(m.to[0] for m in mail.outbox if m.subject.startswith(subject_start))


def accepted_checkin(mentorship: Mentorship, starts_at: datetime, **fields) -> CheckIn:
    """A scheduled check-in its invitee already accepted (so no answer is awaited)."""
    return CheckInFactory(
        mentorship=mentorship, starts_at=starts_at, invitee_response="accepted", **fields
    )


def held_checkin(mentorship: Mentorship, starts_at: datetime) -> CheckIn:
    return CheckInFactory(
        mentorship=mentorship,
        starts_at=starts_at,
        status="held",
        held_minutes=45,
        invitee_response="accepted",
    )


# --- check-in reminders ------------------------------------------------------------------------


def test_checkin_reminder_24_hours_before_to_both(pair, sweep):
    pair = name_pair(pair)
    checkin = accepted_checkin(pair, WINTER, location="Room 4.01", agenda="Review the goals")

    report = sweep(WINTER - timedelta(hours=23))

    key = reminder_key(checkin, WINTER)
    assert told("checkin_reminder") == {(MENTOR, key): 1, (MENTEE, key): 1}
    assert report.checkin_reminders == 2
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            MENTEE,
            f"Reminder: check-in with Ada Lovelace, {spelled(TUESDAY)}, 09:00 (Europe/Berlin)",
        ),
        (
            MENTOR,
            f"Reminder: check-in with Grace Hopper, {spelled(TUESDAY)}, 09:00 (Europe/Berlin)",
        ),
    ]
    body = Notification.objects.get(kind="checkin_reminder", recipient__email=MENTEE).body
    assert body == (
        f"You meet Ada Lovelace on {spelled(TUESDAY)}, 09:00 (Europe/Berlin).\n"
        "Where: Room 4.01\n"
        "Agenda:\nReview the goals"
    )


@pytest.mark.parametrize(
    "before", [timedelta(hours=25), timedelta(hours=24, seconds=1), timedelta(0)]
)
def test_no_checkin_reminder_outside_the_24_hours_before(pair, sweep, before):
    accepted_checkin(pair, WINTER)

    sweep(WINTER - before)

    assert told("checkin_reminder") == {}
    assert emailed("Reminder: check-in") == {}


def test_checkin_reminder_exactly_24_hours_before_is_sent(pair, sweep):
    accepted_checkin(pair, WINTER)

    sweep(WINTER - timedelta(hours=24))

    assert sum(told("checkin_reminder").values()) == 2


def test_checkin_reminder_run_twice_is_sent_once(pair, sweep):
    accepted_checkin(pair, WINTER)

    first = sweep(WINTER - timedelta(hours=23))
    second = sweep(WINTER - timedelta(hours=22))
    third = sweep(WINTER - timedelta(hours=1))

    assert (first.checkin_reminders, second.checkin_reminders, third.checkin_reminders) == (2, 0, 0)
    assert set(told("checkin_reminder").values()) == {1}
    assert emailed("Reminder: check-in") == {MENTOR: 1, MENTEE: 1}


def test_a_rescheduled_checkin_gets_a_new_reminder(pair, sweep, mentee_user):
    checkin = accepted_checkin(pair, WINTER)
    sweep(WINTER - timedelta(hours=23))
    later = WINTER + timedelta(days=7)

    checkin_reschedule(checkin=checkin, person=mentee_user.person, data={"starts_at": later})
    sweep(later - timedelta(hours=23))
    sweep(later - timedelta(hours=12))

    assert told("checkin_reminder") == {
        (MENTOR, reminder_key(checkin, WINTER)): 1,
        (MENTEE, reminder_key(checkin, WINTER)): 1,
        (MENTOR, reminder_key(checkin, later)): 1,
        (MENTEE, reminder_key(checkin, later)): 1,
    }
    assert emailed("Reminder: check-in") == {MENTOR: 2, MENTEE: 2}


@pytest.mark.parametrize("status", ["cancelled", "held", "missed"])
def test_no_checkin_reminder_unless_it_is_still_scheduled(pair, sweep, status):
    minutes = 45 if status == "held" else None
    accepted_checkin(pair, WINTER, status=status, held_minutes=minutes)

    sweep(WINTER - timedelta(hours=23))

    assert told("checkin_reminder") == {}


def test_no_checkin_reminder_for_a_paused_pair(pair, sweep, mentor_user):
    accepted_checkin(pair, WINTER)
    mentorship_pause(mentorship=pair, by=mentor_user)

    sweep(WINTER - timedelta(hours=23))

    assert told("checkin_reminder") == {}


def test_checkin_reminder_with_email_turned_off_is_in_app_only(pair, sweep, mentee_user):
    preferences_set(user=mentee_user, prefs={"checkin_reminder": (False, True)})
    accepted_checkin(pair, WINTER)

    sweep(WINTER - timedelta(hours=23))

    assert sum(told("checkin_reminder").values()) == 2
    assert emailed("Reminder: check-in") == {MENTOR: 1}


# --- stalled pairs -----------------------------------------------------------------------------


GRACE = timedelta(days=14 + 3)  # the biweekly rhythm plus three days


def test_stalled_pair_is_nudged_after_rhythm_and_grace(pair, sweep):
    pair = name_pair(pair)
    started = pair.started_at

    early = sweep(started + GRACE)
    late = sweep(started + GRACE + timedelta(minutes=1))

    key = f"pair-stalled:{pair.pk}:{started.date().isoformat()}"
    assert (early.stalled_nudges, late.stalled_nudges) == (0, 2)
    assert told("pair_nudge") == {(MENTOR, key): 1, (MENTEE, key): 1}
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (MENTEE, "Time to meet Ada Lovelace"),
        (MENTOR, "Time to meet Grace Hopper"),
    ]


def test_stalled_nudge_once_per_silence(pair, sweep):
    started = pair.started_at

    for days in (18, 19, 25, 40):
        sweep(started + timedelta(days=days))

    assert set(told("pair_nudge").values()) == {1}
    assert emailed("Time to meet") == {MENTOR: 1, MENTEE: 1}


def test_a_new_silence_after_a_held_checkin_is_nudged_again(pair, sweep):
    started = pair.started_at
    sweep(started + timedelta(days=18))
    met = started + timedelta(days=20)
    held_checkin(pair, met)

    quiet = sweep(met + timedelta(days=10))
    again = sweep(met + GRACE + timedelta(hours=1))

    assert (quiet.stalled_nudges, again.stalled_nudges) == (0, 2)
    assert told("pair_nudge") == {
        (MENTOR, f"pair-stalled:{pair.pk}:{started.date().isoformat()}"): 1,
        (MENTEE, f"pair-stalled:{pair.pk}:{started.date().isoformat()}"): 1,
        (MENTOR, f"pair-stalled:{pair.pk}:{met.date().isoformat()}"): 1,
        (MENTEE, f"pair-stalled:{pair.pk}:{met.date().isoformat()}"): 1,
    }


def test_no_stalled_nudge_with_an_upcoming_checkin(pair, sweep):
    now = pair.started_at + timedelta(days=30)
    accepted_checkin(pair, now + timedelta(days=3))

    report = sweep(now)

    assert report.stalled_nudges == 0
    assert told("pair_nudge") == {}


def test_an_overdue_or_cancelled_checkin_does_not_stop_the_nudge(pair, sweep):
    now = pair.started_at + timedelta(days=30)
    accepted_checkin(pair, now - timedelta(days=2))  # never recorded
    accepted_checkin(pair, now + timedelta(days=3), status="cancelled")

    report = sweep(now)

    assert report.stalled_nudges == 2


def test_no_stalled_nudge_for_a_paused_pair(pair, sweep, mentor_user):
    mentorship_pause(mentorship=pair, by=mentor_user)

    report = sweep(pair.started_at + timedelta(days=40))

    assert report.stalled_nudges == 0
    assert told("pair_nudge") == {}


def test_a_muted_person_is_not_nudged_while_the_other_still_is(pair, sweep, mentee_user):
    nudges_mute(mentorship=pair, person=mentee_user.person, muted=True)

    sweep(pair.started_at + timedelta(days=18))

    assert list(told("pair_nudge")) == [
        (MENTOR, f"pair-stalled:{pair.pk}:{pair.started_at.date().isoformat()}")
    ]
    assert emailed("Time to meet") == {MENTOR: 1}


def test_unmuting_brings_the_nudges_back(pair, sweep, mentee_user):
    nudges_mute(mentorship=pair, person=mentee_user.person, muted=True)
    sweep(pair.started_at + timedelta(days=18))

    nudges_mute(mentorship=pair, person=mentee_user.person, muted=False)
    sweep(pair.started_at + timedelta(days=19))

    assert emailed("Time to meet") == {MENTOR: 1, MENTEE: 1}


def test_muting_one_pair_leaves_the_persons_other_pairs_alone(pair, sweep, mentor_user, program):
    second = mentorship_propose(
        mentor=pair.mentor, mentee=participant(program, "second@example.com", "mentee"), by=None
    )
    mentorship_respond(mentorship=second, person=second.mentor.person, accept=True)
    second = mentorship_respond(mentorship=second, person=second.mentee.person, accept=True)
    nudges_mute(mentorship=pair, person=mentor_user.person, muted=True)

    sweep(second.started_at + timedelta(days=18))

    assert {(email, key.split(":")[1]) for email, key in told("pair_nudge")} == {
        (MENTEE, str(pair.pk)),
        (MENTOR, str(second.pk)),
        ("second@example.com", str(second.pk)),
    }


# --- milestones --------------------------------------------------------------------------------


@pytest.fixture
def milestone(pair):
    goal = GoalFactory(mentorship=pair, title="Lead the quarterly planning")
    return MilestoneFactory(goal=goal, title="Draft the plan", due_on=FRIDAY)


def test_milestone_due_within_3_days_is_reminded_to_both_once(milestone, sweep):
    too_early = sweep(utc(-1, 23))
    first = sweep(utc(0, 6))
    second = sweep(utc(2, 6))

    key = f"milestone-due:{milestone.pk}:{FRIDAY.isoformat()}"
    assert (too_early.milestones_due, first.milestones_due, second.milestones_due) == (0, 2, 0)
    assert told("milestone_due") == {(MENTOR, key): 1, (MENTEE, key): 1}
    assert emailed(f"Milestone due {FRIDAY.day} January: Draft the plan") == {MENTOR: 1, MENTEE: 1}
    assert Notification.objects.filter(kind="milestone_due").first().body == (
        "The milestone 'Draft the plan' of the goal 'Lead the quarterly planning' is due on "
        f"{spelled(FRIDAY)}."
    )


def test_a_milestone_due_today_is_still_reminded(milestone, sweep):
    report = sweep(utc(3, 6))

    assert report.milestones_due == 2


def test_an_overdue_milestone_is_not_reminded(milestone, sweep):
    report = sweep(utc(4, 6))

    assert report.milestones_due == 0


def test_a_done_milestone_is_not_reminded(milestone, sweep, mentee_user):
    milestone_set_done(milestone=milestone, person=mentee_user.person, done=True)

    report = sweep(utc(1, 6))

    assert report.milestones_due == 0


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_a_milestone_of_a_closed_goal_is_not_reminded(milestone, sweep, mentee_user, status):
    goal_post_update(goal=milestone.goal, person=mentee_user.person, status=status)

    report = sweep(utc(1, 6))

    assert report.milestones_due == 0


def test_a_milestone_of_a_paused_pair_is_not_reminded(milestone, sweep, mentor_user, pair):
    mentorship_pause(mentorship=pair, by=mentor_user)

    report = sweep(utc(1, 6))

    assert report.milestones_due == 0


# --- answers awaited ---------------------------------------------------------------------------


@pytest.fixture
def proposal(mentor, mentee) -> Mentorship:
    return name_pair(mentorship_propose(mentor=mentor, mentee=mentee, by=None))


def test_unanswered_proposal_after_2_days_reminds_the_side_that_has_not_answered(
    proposal, sweep, mentee_user
):
    mentorship_respond(mentorship=proposal, person=mentee_user.person, accept=True)
    created = Mentorship.objects.get(pk=proposal.pk).created_at

    early = sweep(created + timedelta(days=2))
    late = sweep(created + timedelta(days=2, minutes=1))
    again = sweep(created + timedelta(days=5))

    assert (early.awaiting_answers, late.awaiting_answers, again.awaiting_answers) == (0, 1, 0)
    assert told("awaiting_answer") == {(MENTOR, f"proposal-waiting:{proposal.pk}"): 1}
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([MENTOR], "Your answer is needed: mentoring with Grace Hopper")
    ]


def test_unanswered_proposal_reminds_both_when_neither_answered(proposal, sweep):
    sweep(proposal.created_at + timedelta(days=3))

    key = f"proposal-waiting:{proposal.pk}"
    assert told("awaiting_answer") == {(MENTOR, key): 1, (MENTEE, key): 1}
    assert Notification.objects.get(recipient__email=MENTEE, key=key).body == (
        "Ada Lovelace was proposed as your mentoring partner in Career Compass. "
        "Accept or decline so you can get started."
    )


def test_a_declined_proposal_is_not_reminded(proposal, sweep, mentor_user):
    mentorship_respond(mentorship=proposal, person=mentor_user.person, accept=False)

    report = sweep(proposal.created_at + timedelta(days=3))

    assert report.awaiting_answers == 0


def test_unanswered_checkin_invitation_reminds_the_invitee(pair, sweep, mentee_user):
    pair = name_pair(pair)
    checkin = checkin_schedule(
        mentorship=pair,
        person=mentee_user.person,
        data={"starts_at": WINTER, "time_zone": "Europe/Berlin"},
    )
    sent = CheckIn.objects.get(pk=checkin.pk).invited_at

    early = sweep(sent + timedelta(days=1))
    late = sweep(sent + timedelta(days=2, hours=1))
    sweep(sent + timedelta(days=3))

    assert (early.awaiting_answers, late.awaiting_answers) == (0, 1)
    assert told("awaiting_answer") == {(MENTOR, f"checkin-waiting:{checkin.uid}:0"): 1}
    assert emailed("Grace Hopper is waiting for your answer to a check-in") == {MENTOR: 1}
    assert Notification.objects.get(key__startswith="checkin-waiting:").body == (
        f"Grace Hopper invited you to a check-in on {spelled(TUESDAY)}, 09:00 "
        "(Europe/Berlin). Accept or decline it."
    )


def test_an_answered_checkin_invitation_is_not_reminded(pair, sweep, mentee_user, mentor_user):
    checkin = checkin_schedule(
        mentorship=pair,
        person=mentee_user.person,
        data={"starts_at": WINTER, "time_zone": "Europe/Berlin"},
    )
    checkin_respond(checkin=checkin, person=mentor_user.person, accept=False)

    report = sweep(timezone.now() + timedelta(days=3))

    assert report.awaiting_answers == 0


def test_a_moved_checkin_asks_the_new_invitee_again(pair, sweep, mentee_user, mentor_user):
    checkin = checkin_schedule(
        mentorship=pair,
        person=mentee_user.person,
        data={"starts_at": WINTER, "time_zone": "Europe/Berlin"},
    )
    sweep(timezone.now() + timedelta(days=3))
    checkin_reschedule(
        checkin=checkin, person=mentor_user.person, data={"starts_at": WINTER + timedelta(hours=2)}
    )

    sweep(timezone.now() + timedelta(days=3))

    assert told("awaiting_answer") == {
        (MENTOR, f"checkin-waiting:{checkin.uid}:0"): 1,
        (MENTEE, f"checkin-waiting:{checkin.uid}:1"): 1,
    }


def test_a_pending_mentor_request_reminds_the_mentor(program, mentor, mentee, sweep):
    name_people(mentor.person, mentee.person)
    request = MentorRequest.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        expires_at=utc(5, 17),
    )
    asked = MentorRequest.objects.get(pk=request.pk).created_at

    early = sweep(asked + timedelta(days=1))
    late = sweep(asked + timedelta(days=2, hours=1))
    sweep(asked + timedelta(days=4))

    assert (early.awaiting_answers, late.awaiting_answers) == (0, 1)
    assert told("awaiting_answer") == {(MENTOR, f"request-waiting:{request.pk}"): 1}
    assert emailed("Grace Hopper is waiting for your answer") == {MENTOR: 1}
    assert Notification.objects.get(key__startswith="request-waiting:").body == (
        "Grace Hopper asked you to be their mentor in Career Compass. The request expires on "
        f"{spelled(TUESDAY + timedelta(days=5))}, 18:00 (Europe/Berlin)."
    )


def test_an_expired_or_answered_mentor_request_is_not_reminded(program, mentor, mentee, sweep):
    other = participant(program, "other-mentee@example.com", "mentee")
    MentorRequest.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        expires_at=timezone.now() + timedelta(days=1),
    )
    MentorRequest.objects.create(
        program=program,
        mentee=other,
        mentor=mentor,
        status="declined",
        expires_at=timezone.now() + timedelta(days=7),
    )

    report = sweep(timezone.now() + timedelta(days=3))

    assert report.awaiting_answers == 0


# --- everything at once ------------------------------------------------------------------------


def test_a_sweep_over_many_pairs_run_twice_tells_each_person_once(db, sweep):
    program = ProgramFactory()
    pairs = [active_pair(program, f"m{n}@example.com", f"e{n}@example.com") for n in range(5)]
    waiting = proposed_pair(program, "pm@example.com", "pe@example.com")
    soon = timezone.now() + timedelta(days=3)
    for mentorship in pairs:
        accepted_checkin(mentorship, soon)
    now = soon - timedelta(hours=2)
    before = Notification.objects.count()  # the "mentorship started" notices

    first = sweep(now)
    second = sweep(now + timedelta(minutes=5))

    assert (first.checkin_reminders, first.awaiting_answers, first.total) == (10, 2, 12)
    assert second.total == 0
    assert Notification.objects.count() - before == 12
    assert Counter(m.to[0] for m in mail.outbox) == {
        **{f"{side}{n}@example.com": 1 for n in range(5) for side in ("m", "e")},
        "pm@example.com": 1,
        "pe@example.com": 1,
    }
    assert waiting.status == "proposed"
