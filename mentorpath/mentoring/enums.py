from django.db import models


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"
    DECLINED = "declined", "Declined"


LIVE_MENTORSHIP = (MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE)


class MentorshipSource(models.TextChoices):
    MATCHING = "matching", "Matching run"
    OVERRIDE = "override", "Manager's choice"
    REQUEST = "request", "Mentee's request"


class EndReason(models.TextChoices):
    COMPLETED = "completed", "Completed the program"
    MISMATCH = "mismatch", "Not a good match (no fault)"
    LEFT = "left", "Someone left the organization or program"
    OTHER = "other", "Other"
