from django.db import models


class SurveyQuestionKind(models.TextChoices):
    RATING = "rating", "Rating 1–5"
    NPS = "nps", "Likelihood to recommend 0–10 (NPS)"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    TEXT = "text", "Free text"


NUMERIC_KINDS = (SurveyQuestionKind.RATING, SurveyQuestionKind.NPS)
CHOICE_KINDS = (SurveyQuestionKind.SINGLE, SurveyQuestionKind.MULTIPLE)
NUMBER_RANGE = {SurveyQuestionKind.RATING: (1, 5), SurveyQuestionKind.NPS: (0, 10)}


class SurveyTrigger(models.TextChoices):
    """When each person is asked: relative to their own pair, or everyone on one date."""

    AFTER_FIRST_CHECKIN = "first_checkin", "After the pair's first held check-in"
    MIDPOINT = "midpoint", "At the midpoint of the pair's time in the program"
    END = "end", "When the pair ends"
    DATE = "date", "To all participants on a date"


class SurveyAudience(models.TextChoices):
    BOTH = "both", "Mentors and mentees"
    MENTORS = "mentor", "Mentors"
    MENTEES = "mentee", "Mentees"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


SURVEY_TRANSITIONS: dict[str, tuple[str, ...]] = {
    SurveyStatus.DRAFT: (SurveyStatus.OPEN,),
    SurveyStatus.OPEN: (SurveyStatus.CLOSED,),
    SurveyStatus.CLOSED: (SurveyStatus.OPEN,),
}


class AssessmentPhase(models.TextChoices):
    START = "start", "At the start"
    END = "end", "At the end"


class RaterRole(models.TextChoices):
    SELF = "self", "Mentee (self-rating)"
    MENTOR = "mentor", "Mentor"


PULSE_SCALE = [
    (1, "1 · Not useful"),
    (2, "2 · Slightly useful"),
    (3, "3 · Useful"),
    (4, "4 · Very useful"),
    (5, "5 · Excellent"),
]
