from django.db import models


class DatasetKey(models.TextChoices):
    PEOPLE = "people", "People"
    ENROLLMENTS = "enrollments", "Enrollments"
    PAIRS = "pairs", "Pairs (mentorships)"
    GOALS = "goals", "Goals"
    CHECKINS = "checkins", "Check-ins"
    SURVEY_RESULTS = "survey_results", "Survey results"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


PROGRAM_DATASETS = (
    DatasetKey.ENROLLMENTS,
    DatasetKey.PAIRS,
    DatasetKey.GOALS,
    DatasetKey.CHECKINS,
    DatasetKey.SURVEY_RESULTS,
)
"""The datasets a program manager exports for their programs (with people: limited columns)."""
