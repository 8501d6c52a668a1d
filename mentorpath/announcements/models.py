"""Announcements to a program's participants or to the whole organization: shown on people's
home page while published and not expired, and emailed once when published."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mentorpath.core.models import TimeStampedModel
from mentorpath.programs.models import Program


class Announcement(TimeStampedModel):
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="announcements",
        help_text="Empty: organization-wide.",
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text="Empty: a draft.")
    expires_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=models.F("published_at")),
                name="announcement_expires_after_publishing",
                violation_error_message="An announcement must expire after it is published.",
            )
        ]

    def __str__(self) -> str:
        return self.title
