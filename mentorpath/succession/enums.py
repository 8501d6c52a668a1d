from django.db import models


class Criticality(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class VacancyRisk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Readiness(models.TextChoices):
    READY_NOW = "now", "Ready now"
    ONE_TO_TWO = "1-2y", "Ready in 1–2 years"
    THREE_PLUS = "3y+", "Ready in 3+ years"
