from django.db import models


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"
    DECLINED = "declined", "Declined"


LIVE_MENTORSHIP = (MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED)
"""A live pair holds a mentor's slot and the mentee's one place in the program."""

RUNNING_MENTORSHIP = (MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED)
"""Both accepted and not yet ended: goals, check-ins and notes can be worked on."""

STARTED_MENTORSHIP = (
    MentorshipStatus.ACTIVE,
    MentorshipStatus.PAUSED,
    MentorshipStatus.COMPLETED,
    MentorshipStatus.ENDED_EARLY,
)
"""Both accepted at some point: the pairs that count as matched, whatever came after."""

MENTORSHIP_TRANSITIONS: dict[str, tuple[str, ...]] = {
    MentorshipStatus.PROPOSED: (
        MentorshipStatus.ACTIVE,
        MentorshipStatus.DECLINED,
        MentorshipStatus.ENDED_EARLY,
    ),
    MentorshipStatus.ACTIVE: (
        MentorshipStatus.PAUSED,
        MentorshipStatus.COMPLETED,
        MentorshipStatus.ENDED_EARLY,
    ),
    MentorshipStatus.PAUSED: (
        MentorshipStatus.ACTIVE,
        MentorshipStatus.COMPLETED,
        MentorshipStatus.ENDED_EARLY,
    ),
    MentorshipStatus.COMPLETED: (),
    MentorshipStatus.ENDED_EARLY: (),
    MentorshipStatus.DECLINED: (),
}


class MentorshipSource(models.TextChoices):
    MATCHING = "matching", "Matching run"
    OVERRIDE = "override", "Manager's choice"
    REQUEST = "request", "Mentee's request"


class EndReason(models.TextChoices):
    COMPLETED = "completed", "Completed the program"
    MISMATCH = "mismatch", "Not a good match (no fault)"
    LEFT = "left", "Someone left the organization"
    PERSONAL = "personal", "Personal reasons"
    OTHER = "other", "Other"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_GOAL = (GoalStatus.NOT_STARTED, GoalStatus.ON_TRACK, GoalStatus.AT_RISK)


class CheckInStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class InviteResponse(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class NoteVisibility(models.TextChoices):
    SHARED = "shared", "Shared with my mentoring partner"
    PRIVATE = "private", "Private: only I can see it"
