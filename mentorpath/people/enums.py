from django.db import models


class JobChangeKind(models.TextChoices):
    HIRE = "hire", "Hire"
    PROMOTION = "promotion", "Promotion"
    LATERAL = "lateral", "Lateral move"
    DEMOTION = "demotion", "Demotion"
    TITLE = "title", "Title change"
    TERMINATION = "termination", "Termination"


class WorkingStyle(models.TextChoices):
    """Dimensions of the working-style questionnaire: each is a 1–5 scale between two poles."""

    STRUCTURE = "structure", "Structure"
    PACE = "pace", "Pace"
    COMMUNICATION = "communication", "Communication"
    FEEDBACK = "feedback", "Feedback"


WORKING_STYLE_POLES: dict[str, tuple[str, str]] = {
    WorkingStyle.STRUCTURE: ("Plans and agendas", "Go with the flow"),
    WorkingStyle.PACE: ("Steady and deliberate", "Fast and iterative"),
    WorkingStyle.COMMUNICATION: ("Written, asynchronous", "Live conversation"),
    WorkingStyle.FEEDBACK: ("Gentle and encouraging", "Direct and candid"),
}

SKILL_LEVELS = [
    (1, "1 · Aware"),
    (2, "2 · Beginner"),
    (3, "3 · Practitioner"),
    (4, "4 · Advanced"),
    (5, "5 · Expert"),
]


class Gender(models.TextChoices):
    """Recorded only where the person or the HRIS gave it; used for participation breakdowns."""

    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    UNDISCLOSED = "undisclosed", "Prefers not to say"
