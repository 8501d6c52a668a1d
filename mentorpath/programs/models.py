from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from mentorpath.core.models import TimeStampedModel
from mentorpath.people.models import Department, Location, Person
from mentorpath.programs.enums import (
    CheckinCadence,
    Comparator,
    EnrollmentRole,
    EnrollmentStatus,
    Kpi,
    ProgramStatus,
    ProgramType,
    QuestionAudience,
    QuestionKind,
    Visibility,
)


class Program(TimeStampedModel):
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    program_type = models.CharField(max_length=20, choices=ProgramType.choices)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    checkin_cadence = models.CharField(
        max_length=10, choices=CheckinCadence.choices, default=CheckinCadence.BIWEEKLY
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        default=2, validators=[MaxValueValidator(20)]
    )
    visibility = models.CharField(
        max_length=15, choices=Visibility.choices, default=Visibility.ORGANIZATION
    )
    requires_approval = models.BooleanField(
        default=True, help_text="Enrollments wait for a program manager's approval."
    )
    eligible_departments = models.ManyToManyField(
        Department, blank=True, related_name="+", help_text="Empty means every department."
    )
    eligible_locations = models.ManyToManyField(
        Location, blank=True, related_name="+", help_text="Empty means every location."
    )
    min_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Lowest level of the program's mentees."
    )
    max_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Highest level of the program's mentees."
    )
    mentor_min_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Lowest level of the program's mentors. Empty: the mentees' lowest level.",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_programs"
    )
    matching_config = models.JSONField(default=dict, blank=True)
    mentor_training_path = models.ForeignKey(
        "learning.LearningPath",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Mentors must complete this learning path before they can be matched.",
    )
    mentee_onboarding_path = models.ForeignKey(
        "learning.LearningPath",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Mentees must complete this learning path before they can be matched.",
    )

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="program_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=models.Q(min_level__isnull=True)
                | models.Q(max_level__isnull=True)
                | models.Q(max_level__gte=models.F("min_level")),
                name="program_level_range",
                violation_error_message="The highest level must be at least the lowest level.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgramObjective(models.Model):
    """What the program is for, tied to an organizational goal and measured by a KPI."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=200)
    org_goal = models.CharField(
        max_length=200, blank=True, help_text="The organizational goal it serves."
    )
    kpi = models.CharField(max_length=20, choices=Kpi.choices)
    comparator = models.CharField(max_length=3, choices=Comparator.choices, default="gte")
    target = models.DecimalField(max_digits=8, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def target_text(self) -> str:
        target = f"{self.target:f}"
        if "." in target:
            target = target.rstrip("0").rstrip(".")
        return f"{self.get_kpi_display()} {self.get_comparator_display()} {target}"


class ApplicationQuestion(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    audience = models.CharField(
        max_length=6, choices=QuestionAudience.choices, default=QuestionAudience.BOTH
    )
    choices = models.JSONField(default=list, blank=True, help_text="Options for choice questions.")
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    def applies_to(self, role: str) -> bool:
        return self.audience in (QuestionAudience.BOTH, role)


class Enrollment(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(max_length=6, choices=EnrollmentRole.choices)
    status = models.CharField(
        max_length=10, choices=EnrollmentStatus.choices, default=EnrollmentStatus.PENDING
    )
    capacity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text="How many mentees a mentor can take on.",
    )
    load = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="Mentees this mentor has, proposed or active."
    )
    answers = models.JSONField(default=dict, blank=True)
    goals = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.CharField(max_length=300, blank=True)
    decision_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="one_live_enrollment_per_program",
                violation_error_message="This person is already enrolled in this program.",
            ),
            models.CheckConstraint(
                condition=models.Q(role="mentee", capacity__isnull=True)
                | models.Q(role="mentor", capacity__isnull=False),
                name="capacity_for_mentors_only",
                violation_error_message="Mentors have a capacity; mentees do not.",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True, load=0)
                | models.Q(load__lte=models.F("capacity")),
                name="load_within_capacity",
                violation_error_message="This mentor has no free capacity.",
            ),
        ]
        indexes = [models.Index(fields=["program", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.program}"
