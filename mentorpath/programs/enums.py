from django.db import models


class ProgramType(models.TextChoices):
    CAREER = "career", "Career development"
    EARLY_TALENT = "early_talent", "Early talent / onboarding"
    MANAGER = "manager", "People-manager effectiveness"
    LEADERSHIP = "leadership", "Leadership development / succession"
    PEER = "peer", "Peer mentoring"
    REVERSE = "reverse", "Reverse mentoring"
    GROUP = "group", "Group mentoring"
    CUSTOM = "custom", "Custom"


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ENROLLING = "enrolling", "Enrolling"
    MATCHING = "matching", "Matching"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


PROGRAM_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProgramStatus.DRAFT: (ProgramStatus.ENROLLING,),
    ProgramStatus.ENROLLING: (ProgramStatus.MATCHING, ProgramStatus.DRAFT),
    ProgramStatus.MATCHING: (ProgramStatus.ACTIVE, ProgramStatus.ENROLLING),
    ProgramStatus.ACTIVE: (ProgramStatus.CLOSED,),
    ProgramStatus.CLOSED: (),
}

OPEN_FOR_ENROLLMENT = (ProgramStatus.ENROLLING, ProgramStatus.ACTIVE)


class Visibility(models.TextChoices):
    ORGANIZATION = "organization", "Listed in the catalog for eligible people"
    UNLISTED = "unlisted", "Unlisted: only people with the link"


class CheckinCadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"


class Kpi(models.TextChoices):
    RETENTION_12M = "retention_12m", "Mentee 12-month retention (%)"
    PROMOTION_RATE = "promotion_rate", "Mentee promotion rate within 12 months (%)"
    ENGAGEMENT = "engagement", "Pairs meeting on cadence (%)"
    SKILL_GROWTH = "skill_growth", "Average skill growth (levels)"
    SATISFACTION = "satisfaction", "Participant satisfaction (1–5)"
    PIPELINE = "pipeline", "Successors ready now (count)"
    COMPLETION = "completion", "Pairs completing the program (%)"
    CUSTOM = "custom", "Custom measure"


class Comparator(models.TextChoices):
    AT_LEAST = "gte", "at least"
    AT_MOST = "lte", "at most"


class EnrollmentRole(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"


class EnrollmentStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


LIVE_ENROLLMENT = (EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED)


class QuestionKind(models.TextChoices):
    TEXT = "text", "Free text"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SCALE = "scale", "Scale 1–5"


class QuestionAudience(models.TextChoices):
    BOTH = "both", "Mentors and mentees"
    MENTOR = "mentor", "Mentors only"
    MENTEE = "mentee", "Mentees only"
