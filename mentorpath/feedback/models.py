from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from mentorpath.core.models import TimeStampedModel
from mentorpath.feedback.enums import (
    PULSE_SCALE,
    AssessmentPhase,
    RaterRole,
    SurveyAudience,
    SurveyQuestionKind,
    SurveyStatus,
    SurveyTrigger,
)
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.people.models import Person, Skill
from mentorpath.programs.enums import EnrollmentRole
from mentorpath.programs.models import Program

LEVEL_SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Survey(TimeStampedModel):
    """A questionnaire of a program, sent to each participant once, when its trigger says."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=150)
    intro = models.TextField(blank=True, help_text="Shown above the questions.")
    trigger = models.CharField(max_length=14, choices=SurveyTrigger.choices)
    send_on = models.DateField(
        null=True, blank=True, help_text="For a survey sent on a date: the day it goes out."
    )
    audience = models.CharField(
        max_length=6, choices=SurveyAudience.choices, default=SurveyAudience.BOTH
    )
    status = models.CharField(
        max_length=6, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    closes_on = models.DateField(
        null=True, blank=True, help_text="Answers can be given and changed until this day."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["program", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(trigger="date") | models.Q(send_on__isnull=False),
                name="survey_date_trigger_has_date",
                violation_error_message="A survey sent on a date needs that date.",
            ),
        ]
        indexes = [models.Index(fields=["status", "trigger"])]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=SurveyQuestionKind.choices)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=True)
    choices = models.JSONField(default=list, blank=True, help_text="Options of choice questions.")

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One person's place in one survey: created when they are asked, answered later.

    Unique per (survey, person), so each person is asked once whatever the scheduler does.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_responses")
    role = models.CharField(max_length=6, choices=EnrollmentRole.choices)
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="survey_asked_once"),
        ]
        indexes = [
            models.Index(fields=["survey", "submitted_at"]),
            models.Index(fields=["submitted_at"]),  # the dashboards' edge months
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.survey}"


class SurveyAnswer(models.Model):
    """One answer: a number (rating, NPS), one chosen option, or text.

    A multiple-choice question has one row per option chosen, so results are counted with
    GROUP BY in SQL on any database.
    """

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "question", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"], name="survey_answer_once"
            ),
        ]
        indexes = [models.Index(fields=["question", "number"])]

    def __str__(self) -> str:
        return f"{self.question}: {self.number if self.number is not None else self.choice}"


class PulseRating(models.Model):
    """How useful one held check-in was to one of the pair, 1–5, with an optional comment."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="pulses")
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="pulse_ratings", editable=False
    )
    """The check-in's pair, kept beside it (`save` sets it) so a pair's ratings are read
    without going through the check-ins, a table three times as large."""
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pulse_ratings")
    role = models.CharField(max_length=6, choices=EnrollmentRole.choices)
    rating = models.PositiveSmallIntegerField(choices=PULSE_SCALE, validators=LEVEL_SCALE)
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"])]  # the dashboards' edge months
        constraints = [
            models.UniqueConstraint(fields=["checkin", "person"], name="pulse_once_per_checkin"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1) & models.Q(rating__lte=5),
                name="pulse_rating_range",
                violation_error_message="A rating is between 1 and 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in rating #{self.pk}"  # no name or rating: admin delete pages list it

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.mentorship_id is None:
            self.mentorship_id = self.checkin.mentorship_id
        super().save(*args, **kwargs)


class SkillAssessment(models.Model):
    """A level (1–5) given to a goal skill of a pair, at its start or its end, by the mentee
    (self-rating) or the mentor. Skill growth = end − start of the same rater."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="skill_assessments"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=5, choices=AssessmentPhase.choices)
    rater_role = models.CharField(max_length=6, choices=RaterRole.choices)
    rater = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    level = models.PositiveSmallIntegerField(validators=LEVEL_SCALE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mentorship", "skill", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "skill", "phase", "rater_role"], name="assessment_once"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=5),
                name="assessment_level_range",
                violation_error_message="A level is between 1 and 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"Skill rating #{self.pk}"  # no name or level: admin delete pages list it
