"""The reminder sweeps the beat schedule runs. Each finds what is due and tells people
through keyed notifications, so a sweep that runs twice, or dies half-way and runs again,
tells each person once and forgets nobody."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from mentorpath.matching.enums import RequestStatus
from mentorpath.matching.models import MentorRequest
from mentorpath.mentoring import notices
from mentorpath.mentoring.enums import (
    CheckInStatus,
    InviteResponse,
    MentorshipStatus,
)
from mentorpath.mentoring.models import CheckIn, Mentorship, Milestone, NudgeMute
from mentorpath.mentoring.queries import rhythm_of

REMIND_BEFORE = timedelta(hours=24)
STALL_GRACE = timedelta(days=3)
MILESTONE_AHEAD = timedelta(days=3)
ANSWER_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class SweepReport:
    checkin_reminders: int
    stalled_nudges: int
    milestones_due: int
    awaiting_answers: int

    @property
    def total(self) -> int:
        return (
            self.checkin_reminders
            + self.stalled_nudges
            + self.milestones_due
            + self.awaiting_answers
        )


def remind_checkins(now: datetime) -> int:
    due = CheckIn.objects.filter(
        status=CheckInStatus.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
        mentorship__status=MentorshipStatus.ACTIVE,
    ).select_related("mentorship__mentor__person__user", "mentorship__mentee__person__user")
    return sum(notices.checkin_reminder(checkin) for checkin in due)


def nudge_stalled_pairs(now: datetime) -> int:
    """Pairs with no held check-in for their rhythm plus a grace period. The key carries the
    date of the last held check-in, so a pair is nudged once per silence, not every sweep."""
    pairs = (
        Mentorship.objects.filter(status=MentorshipStatus.ACTIVE)
        .select_related("agreement", "program", "mentor__person__user", "mentee__person__user")
        .annotate(last_held=Max("checkins__starts_at", filter=Q(checkins__status="held")))
    )
    muted = set(NudgeMute.objects.values_list("mentorship_id", "user_id"))
    sent = 0
    for pair in pairs:
        since = pair.last_held or pair.started_at
        if since is None or now - since <= timedelta(days=rhythm_of(pair)) + STALL_GRACE:
            continue
        upcoming = pair.checkins.filter(status=CheckInStatus.SCHEDULED, starts_at__gt=now)
        if upcoming.exists():
            continue
        people = [
            person for person in notices.pair_people(pair) if (pair.pk, person.user_id) not in muted
        ]
        sent += notices.pair_stalled(pair, people, since_key=since.date().isoformat())
    return sent


def remind_milestones(now: datetime) -> int:
    today = timezone.localdate(now)
    due = Milestone.objects.filter(
        done_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + MILESTONE_AHEAD,
        goal__mentorship__status=MentorshipStatus.ACTIVE,
        goal__status__in=["not_started", "on_track", "at_risk"],
    ).select_related(
        "goal__mentorship__mentor__person__user", "goal__mentorship__mentee__person__user"
    )
    return sum(notices.milestone_due(milestone) for milestone in due)


def remind_unanswered(now: datetime) -> int:
    """Proposals, check-in invitations and mentee requests left waiting for an answer."""
    waiting_since = now - ANSWER_AFTER
    sent = 0
    proposals = Mentorship.objects.filter(
        status=MentorshipStatus.PROPOSED, created_at__lt=waiting_since
    ).select_related("program", "mentor__person__user", "mentee__person__user")
    for pair in proposals:
        for person, accepted in (
            (pair.mentor.person, pair.mentor_accepted_at),
            (pair.mentee.person, pair.mentee_accepted_at),
        ):
            if accepted is None:
                partner = notices.other_side(pair, person)
                sent += notices.awaiting_answer(
                    person,
                    key=f"proposal-waiting:{pair.pk}",
                    subject=f"Your answer is needed: mentoring with {partner.full_name}",
                    body=f"{partner.full_name} was proposed as your mentoring partner in "
                    f"{pair.program.name}. Accept or decline so you can get started.",
                    url=notices.pair_url(pair),
                )
    invites = CheckIn.objects.filter(
        status=CheckInStatus.SCHEDULED,
        invitee_response=InviteResponse.PENDING,
        invited_at__lt=waiting_since,
        starts_at__gt=now,
    ).select_related("mentorship__mentor__person__user", "mentorship__mentee__person__user")
    for checkin in invites:
        if checkin.scheduled_by_id is None:
            continue
        scheduler = (
            checkin.mentorship.mentor.person
            if checkin.scheduled_by_id == checkin.mentorship.mentor.person_id
            else checkin.mentorship.mentee.person
        )
        invitee = notices.other_side(checkin.mentorship, scheduler)
        sent += notices.awaiting_answer(
            invitee,
            key=f"checkin-waiting:{checkin.uid}:{checkin.sequence}",
            subject=f"{scheduler.full_name} is waiting for your answer to a check-in",
            body=f"{scheduler.full_name} invited you to a check-in on "
            f"{notices.local_time(checkin.starts_at, invitee)}. Accept or decline it.",
            url=notices.checkin_url(checkin),
        )
    requests = MentorRequest.objects.filter(
        status=RequestStatus.PENDING, created_at__lt=waiting_since, expires_at__gt=now
    ).select_related("mentor__person__user", "mentee__person", "program")
    for request in requests:
        sent += notices.awaiting_answer(
            request.mentor.person,
            key=f"request-waiting:{request.pk}",
            subject=f"{request.mentee.person.full_name} is waiting for your answer",
            body=f"{request.mentee.person.full_name} asked you to be their mentor in "
            f"{request.program.name}. The request expires on "
            f"{notices.local_time(request.expires_at, request.mentor.person)}.",
            url="/mentorships/",
        )
    return sent


def send_due_reminders(*, now: datetime | None = None) -> SweepReport:
    now = now or timezone.now()
    return SweepReport(
        checkin_reminders=remind_checkins(now),
        stalled_nudges=nudge_stalled_pairs(now),
        milestones_due=remind_milestones(now),
        awaiting_answers=remind_unanswered(now),
    )
