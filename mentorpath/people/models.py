from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from mentorpath.core.models import TimeStampedModel
from mentorpath.people.enums import SKILL_LEVELS, Gender, JobChangeKind
from mentorpath.people.validators import validate_time_zone

STYLE_SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Department(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    name = models.CharField(max_length=120, unique=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code")
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    code = models.CharField(max_length=8, unique=True, help_text="ISO 639-1 code, e.g. 'en'")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interest(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SkillCategory(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "skill categories"

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    name = models.CharField(max_length=100)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """An employee record, usually from the HRIS. A Person may exist without a login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    employee_id = models.CharField(max_length=40, unique=True)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(unique=True)
    title = models.CharField(max_length=120, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    level = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Career level, 1 (entry) to 12 (executive).",
    )
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers")
    hire_date = models.DateField(null=True, blank=True)
    termination_date = models.DateField(null=True, blank=True)
    gender = models.CharField(
        max_length=11, choices=Gender.choices, blank=True, help_text="Empty: not recorded."
    )

    bio = models.TextField(blank=True)
    career_goals = models.TextField(blank=True, help_text="Where you want your career to go.")
    interests = models.ManyToManyField(Interest, blank=True, related_name="people")
    style_structure = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=STYLE_SCALE
    )
    style_pace = models.PositiveSmallIntegerField(null=True, blank=True, validators=STYLE_SCALE)
    style_communication = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=STYLE_SCALE
    )
    style_feedback = models.PositiveSmallIntegerField(null=True, blank=True, validators=STYLE_SCALE)
    availability_hours_per_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(80)]
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=12),
                name="person_level_range",
                violation_error_message="A level must be between 1 and 12.",
            ),
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("pk")),
                name="person_not_own_manager",
                violation_error_message="A person cannot be their own manager.",
            ),
            models.CheckConstraint(
                condition=models.Q(termination_date__isnull=True)
                | models.Q(hire_date__isnull=True)
                | models.Q(termination_date__gte=models.F("hire_date")),
                name="person_terminated_after_hire",
                violation_error_message="The termination date must be on or after the hire date.",
            ),
        ]
        indexes = [models.Index(fields=["department", "level"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active_employee(self) -> bool:
        return self.termination_date is None


class JobChange(models.Model):
    """One change in a person's job: the history behind promotion and retention KPIs."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="job_changes")
    effective_date = models.DateField()
    kind = models.CharField(max_length=20, choices=JobChangeKind.choices)
    from_title = models.CharField(max_length=120, blank=True)
    to_title = models.CharField(max_length=120, blank=True)
    from_level = models.PositiveSmallIntegerField(null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(null=True, blank=True)
    from_department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["person", "-effective_date"]
        indexes = [models.Index(fields=["kind", "effective_date"])]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.effective_date}"


class PersonSkill(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="holders")
    level = models.PositiveSmallIntegerField(
        choices=SKILL_LEVELS, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    can_teach = models.BooleanField(default=False)
    wants_to_learn = models.BooleanField(default=False)

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="person_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=5),
                name="person_skill_level_range",
                violation_error_message="Skill level must be between 1 and 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.skill} ({self.level})"
