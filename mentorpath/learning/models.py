"""Learning resources, ordered learning paths, progress on them, and resources a mentor
assigns to a mentee. Usefulness ratings (`ResourceRating`) feed the recommendations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from mentorpath.core.models import TimeStampedModel
from mentorpath.learning.enums import Audience, ResourceKind, StepKind
from mentorpath.people.enums import SKILL_LEVELS
from mentorpath.people.models import Person, Skill
from mentorpath.programs.enums import ProgramType

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class Resource(TimeStampedModel):
    """An article, video, course, book, template, checklist or internal document: a link or
    an uploaded file (type and size checked on upload, see `enums.UPLOAD_TYPES`)."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    url = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="resources/%Y/%m/", blank=True, max_length=300)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    file_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    skills = models.ManyToManyField(Skill, blank=True, related_name="resources")
    level = models.PositiveSmallIntegerField(
        choices=SKILL_LEVELS,
        null=True,
        blank=True,
        help_text="The skill level it suits best; empty: any level.",
    )
    audience = models.CharField(max_length=6, choices=Audience.choices, default=Audience.BOTH)
    program_types = models.JSONField(
        default=list,
        blank=True,
        help_text=f"Program types it suits ({', '.join(ProgramType.values)}); empty: all.",
    )
    minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Estimated time in minutes."
    )
    is_published = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="resource_link_or_file",
                violation_error_message="A resource needs a link or a file.",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="resource_level_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Bookmark(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bookmarks")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "resource"], name="bookmark_unique")
        ]

    def __str__(self) -> str:
        return f"Bookmark #{self.pk}"


class ResourceRating(TimeStampedModel):
    """How useful a person found a resource, 1–5: one per person and resource, editable."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="resource_ratings")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(validators=RATING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "resource"], name="resource_rating_unique"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="resource_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Rating #{self.pk}"


class LearningPath(TimeStampedModel):
    """Ordered steps towards a skill or for a program type (e.g. mentor training)."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    skill = models.ForeignKey(
        Skill, on_delete=models.SET_NULL, null=True, blank=True, related_name="learning_paths"
    )
    program_type = models.CharField(max_length=20, choices=ProgramType.choices, blank=True)
    audience = models.CharField(max_length=6, choices=Audience.choices, default=Audience.BOTH)
    is_published = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PathStep(models.Model):
    """One step: a resource to go through, or an activity described in words (e.g. "discuss
    your answer with your mentor")."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=StepKind.choices, default=StepKind.RESOURCE)
    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, null=True, blank=True, related_name="steps"
    )
    title = models.CharField(max_length=200, blank=True)
    instructions = models.TextField(blank=True)

    class Meta:
        ordering = ["path", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=StepKind.RESOURCE) & Q(resource__isnull=False))
                | (Q(kind=StepKind.ACTIVITY) & ~Q(title="")),
                name="path_step_resource_or_activity",
                violation_error_message="A resource step needs a resource; an activity a title.",
            ),
        ]

    def __str__(self) -> str:
        return self.title or (self.resource.title if self.resource else f"Step {self.order}")


class PathProgress(TimeStampedModel):
    """A person on a path: started when created, completed when every step is done."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="path_progress")
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "path"], name="path_progress_unique")
        ]

    def __str__(self) -> str:
        return f"Path progress #{self.pk}"


class StepCompletion(models.Model):
    progress = models.ForeignKey(PathProgress, on_delete=models.CASCADE, related_name="done")
    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="completions")
    done_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["progress", "step"], name="step_completion_unique")
        ]

    def __str__(self) -> str:
        return f"Step done #{self.pk}"


class ResourceAssignment(TimeStampedModel):
    """A resource a mentor assigns to their mentee, with a note; the mentee marks it done and
    rates it (the rating is also stored as their `ResourceRating`)."""

    mentorship = models.ForeignKey(
        "mentoring.Mentorship", on_delete=models.CASCADE, related_name="resource_assignments"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "resource"], name="resource_assignment_unique"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="resource_assignment_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Assignment #{self.pk}"
