from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from mentorpath.core.timezones import zone_or_utc
from mentorpath.mentoring.catalog import rhythm_days
from mentorpath.mentoring.enums import (
    LIVE_MENTORSHIP,
    CheckInStatus,
    EndReason,
    GoalStatus,
    InviteResponse,
    MentorshipStatus,
    NoteVisibility,
)
from mentorpath.mentoring.models import CheckIn, Goal, GoalUpdate, Mentorship, Note
from mentorpath.people.models import Person
from mentorpath.programs.models import Program


def mentorships_of(*, person: Person) -> QuerySet[Mentorship]:
    """A participant's own pairs, as mentor or mentee, newest first."""
    return (
        Mentorship.objects.filter(Q(mentor__person=person) | Q(mentee__person=person))
        .select_related("program", "mentor__person", "mentee__person")
        .order_by("-created_at")
    )


def live_mentorships(*, program: Program) -> QuerySet[Mentorship]:
    return program.mentorships.filter(status__in=LIVE_MENTORSHIP)


def blocked_pairs(*, program: Program) -> set[tuple[int, int]]:
    """(mentee person id, mentor person id) pairs never to propose again, in any program:
    pairs that ended for mismatch, and pairs one side declined (an opt-out of that pairing).
    Both are about two people, not a program."""
    people = program.enrollments.values("person")
    mismatch = Q(status=MentorshipStatus.ENDED_EARLY, end_reason=EndReason.MISMATCH)
    declined = Q(status=MentorshipStatus.DECLINED)
    return set(
        Mentorship.objects.filter(mismatch | declined, mentee__person__in=people).values_list(
            "mentee__person_id", "mentor__person_id"
        )
    )


def notes_visible_to(*, mentorship: Mentorship, person: Person | None) -> QuerySet[Note]:
    """The one way notes are read: shared notes, plus the reader's own private notes. Program
    managers, admins and executives read through here with `person=None` (or their own person,
    who wrote none): they never get a private note."""
    visible = Q(visibility=NoteVisibility.SHARED)
    if person is not None:
        visible |= Q(visibility=NoteVisibility.PRIVATE, author=person)
    return (
        Note.objects.filter(visible, mentorship=mentorship)
        .select_related("author", "checkin")
        .order_by("-created_at", "-pk")
    )


def rhythm_of(mentorship: Mentorship) -> int:
    agreement = getattr(mentorship, "agreement", None)
    if agreement is not None:
        return agreement.rhythm_days
    return rhythm_days(mentorship.program.checkin_cadence)


def suggest_next_checkin(*, mentorship: Mentorship, person: Person) -> datetime:
    """The agreed rhythm after the latest held or scheduled check-in (or from now when there is
    none), at the same local time of day, never in the past; on the hour in the person's zone."""
    zone = zone_or_utc(person.time_zone)
    now = timezone.now()
    latest = (
        mentorship.checkins.filter(status__in=[CheckInStatus.HELD, CheckInStatus.SCHEDULED])
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if latest is None:
        local = (now + timedelta(days=2)).astimezone(zone)
        local = local.replace(hour=10, minute=0, second=0, microsecond=0)
    else:
        local = latest.astimezone(zone) + timedelta(days=rhythm_of(mentorship))
    while local < now:
        local += timedelta(days=rhythm_of(mentorship))
    if local.weekday() >= 5:
        local += timedelta(days=7 - local.weekday())
    return local


def checkins_of(*, mentorship: Mentorship) -> QuerySet[CheckIn]:
    return mentorship.checkins.select_related("scheduled_by", "recorded_by").order_by("starts_at")


def goals_of(*, mentorship: Mentorship) -> QuerySet[Goal]:
    return mentorship.goals.select_related("skill", "objective").prefetch_related("milestones")


def goal_updates_of(*, goal: Goal) -> QuerySet[GoalUpdate]:
    return goal.updates.select_related("author")


def mentor_minutes(*, person: Person) -> int:
    """Minutes of held check-ins where the person was the mentor: their mentor hours × 60."""
    total = CheckIn.objects.filter(
        mentorship__mentor__person=person, status=CheckInStatus.HELD
    ).aggregate(minutes=Sum("held_minutes"))["minutes"]
    return int(total or 0)


UNANSWERED_AFTER = timedelta(days=3)


@dataclass(frozen=True)
class PairHealth:
    mentorship: Mentorship
    last_held: datetime | None
    next_checkin: datetime | None
    held_count: int
    goal_count: int
    goal_progress: int | None
    stalled: bool
    unresponsive_mentor: bool
    at_risk: bool

    @property
    def flagged(self) -> bool:
        return self.stalled or self.unresponsive_mentor or self.at_risk


def pair_health(*, program: Program, now: datetime | None = None) -> list[PairHealth]:
    """Every running or waiting pair of a program with its signals, in one query.

    Stalled: no held check-in for more than twice the agreed rhythm (counted from the start when
    none was held). Unresponsive mentor: a proposal or a check-in invitation left unanswered by
    the mentor for more than three days. At risk: a goal marked at risk."""
    now = now or timezone.now()
    waiting_since = now - UNANSWERED_AFTER
    held = Q(checkins__status=CheckInStatus.HELD)
    rows = (
        program.mentorships.filter(status__in=LIVE_MENTORSHIP)
        .select_related("mentor__person", "mentee__person", "agreement", "program")
        .annotate(
            last_held=Max("checkins__starts_at", filter=held),
            held_count=Count("checkins", filter=held, distinct=True),
            next_checkin=Min(
                "checkins__starts_at",
                filter=Q(checkins__status=CheckInStatus.SCHEDULED, checkins__starts_at__gte=now),
            ),
            waiting_invites=Count(
                "checkins",
                filter=Q(
                    checkins__status=CheckInStatus.SCHEDULED,
                    checkins__invitee_response=InviteResponse.PENDING,
                    checkins__invited_at__lt=waiting_since,
                )
                & ~Q(checkins__scheduled_by=F("mentor__person")),
                distinct=True,
            ),
            goal_count=Count("goals", filter=~Q(goals__status=GoalStatus.DROPPED), distinct=True),
            goal_progress=Avg("goals__progress", filter=~Q(goals__status=GoalStatus.DROPPED)),
            risky_goals=Count("goals", filter=Q(goals__status=GoalStatus.AT_RISK), distinct=True),
        )
        .order_by("mentee__person__last_name", "pk")
    )
    result = []
    for pair in rows:
        rhythm = timedelta(days=rhythm_of(pair))
        since = pair.last_held or pair.started_at
        stalled = (
            pair.status == MentorshipStatus.ACTIVE
            and since is not None
            and now - since > 2 * rhythm
        )
        proposal_waiting = (
            pair.status == MentorshipStatus.PROPOSED
            and pair.mentor_accepted_at is None
            and pair.created_at < waiting_since
        )
        result.append(
            PairHealth(
                mentorship=pair,
                last_held=pair.last_held,
                next_checkin=pair.next_checkin,
                held_count=pair.held_count,
                goal_count=pair.goal_count,
                goal_progress=None if pair.goal_progress is None else round(pair.goal_progress),
                stalled=stalled,
                unresponsive_mentor=proposal_waiting or pair.waiting_invites > 0,
                at_risk=pair.risky_goals > 0,
            )
        )
    return result
