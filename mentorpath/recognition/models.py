"""Recognition of mentors: badges (automatic or by hand), kudos from mentees, and each
person's choice of what is shown about them. Mentor hours are computed from held check-ins
(`mentoring.CheckIn.held_minutes`), never stored twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentorpath.core.models import TimeStampedModel
from mentorpath.people.models import Person
from mentorpath.recognition.enums import BadgeCriterion


class Badge(TimeStampedModel):
    """A badge admins define: awarded automatically once `criterion >= threshold`, or by
    hand (criterion "manual", no threshold)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    symbol = models.CharField(
        max_length=8, default="★", help_text="A short symbol shown with the badge (emoji)."
    )
    criterion = models.CharField(max_length=16, choices=BadgeCriterion.choices)
    threshold = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(criterion=BadgeCriterion.MANUAL) & Q(threshold__isnull=True))
                | (~Q(criterion=BadgeCriterion.MANUAL) & Q(threshold__gt=0)),
                name="badge_threshold_matches_criterion",
                violation_error_message=(
                    "An automatic badge needs a threshold above 0; a badge awarded by hand none."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class BadgeAward(models.Model):
    """A badge held by a person: at most once (the constraint makes awarding idempotent)."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="badge_awards")
    awarded_at = models.DateTimeField()
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: awarded automatically.",
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-awarded_at"]
        constraints = [
            models.UniqueConstraint(fields=["badge", "person"], name="badge_award_unique")
        ]

    def __str__(self) -> str:
        return f"Badge award #{self.pk}"


class Kudos(TimeStampedModel):
    """Thanks from a mentee to their mentor. Shown on the mentor's profile, and on the
    program's recognition wall only when the author consents (`share_on_wall`) and the mentor
    has not opted out of public recognition."""

    mentorship = models.ForeignKey(
        "mentoring.Mentorship", on_delete=models.CASCADE, related_name="kudos"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kudos_given")
    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kudos_received")
    message = models.TextField(max_length=1000)
    share_on_wall = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when a program manager hides it from the wall."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "kudos"

    def __str__(self) -> str:
        return f"Kudos #{self.pk}"


class RecognitionPreference(models.Model):
    """What a person lets others see. No row means the defaults (both True)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="recognition_preference"
    )
    show_publicly = models.BooleanField(
        default=True,
        help_text="Show my badges and kudos on my profile and the program's recognition wall.",
    )
    include_in_reward_export = models.BooleanField(
        default=True, help_text="Include my mentoring contributions in HR reward exports."
    )

    def __str__(self) -> str:
        return f"Recognition preference #{self.pk}"
