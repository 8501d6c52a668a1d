"""Succession pipeline: key roles, their successor candidates and readiness reviews over time.

Sensitive: only org admins and executive viewers may see or change any of it
(`succession.permissions`)."""

from django.conf import settings
from django.db import models

from mentorpath.core.models import TimeStampedModel
from mentorpath.people.models import Department, Person, Skill
from mentorpath.succession.enums import Criticality, Readiness, VacancyRisk


class KeyRole(TimeStampedModel):
    title = models.CharField(max_length=150)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    incumbent = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The role's career level (1–12), to find similar roles."
    )
    criticality = models.CharField(
        max_length=8, choices=Criticality.choices, default=Criticality.HIGH
    )
    vacancy_risk = models.CharField(
        max_length=6, choices=VacancyRisk.choices, default=VacancyRisk.MEDIUM
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return f"Key role #{self.pk}"


class SuccessorCandidate(TimeStampedModel):
    """A person considered for a key role, with their current readiness (the latest review's)
    and the skills they need to develop."""

    role = models.ForeignKey(KeyRole, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    readiness = models.CharField(max_length=4, choices=Readiness.choices)
    development_skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    notes = models.TextField(blank=True)
    enrollment = models.ForeignKey(
        "programs.Enrollment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The leadership-development enrollment this candidate was linked to.",
    )

    class Meta:
        ordering = ["role", "readiness", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["role", "person"], name="successor_candidate_unique")
        ]

    def __str__(self) -> str:
        return f"Successor candidate #{self.pk}"


class ReadinessReview(models.Model):
    """One review of a candidate's readiness; the history shows movement over time."""

    candidate = models.ForeignKey(
        SuccessorCandidate, on_delete=models.CASCADE, related_name="reviews"
    )
    readiness = models.CharField(max_length=4, choices=Readiness.choices)
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Readiness review #{self.pk}"
