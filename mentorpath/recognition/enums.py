from django.db import models


class BadgeCriterion(models.TextChoices):
    HOURS = "hours", "Mentor hours at least"
    PAIRS_COMPLETED = "pairs_completed", "Mentorships completed at least"
    AVERAGE_RATING = "average_rating", "Average check-in rating at least"
    TRAININGS_DONE = "trainings_done", "Mentor learning paths completed at least"
    KUDOS_RECEIVED = "kudos_received", "Kudos received at least"
    MANUAL = "manual", "Awarded by hand"
