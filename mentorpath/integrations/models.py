import hashlib

from django.conf import settings
from django.db import models

from mentorpath.core.models import TimeStampedModel


class CalendarFeed(TimeStampedModel):
    """A private calendar subscription: anyone holding the token reads its owner's check-ins.

    Only a SHA-256 digest of the token is stored; the token itself is shown once, when the
    feed is created. A reset revokes the old feed and creates a new one, so a user has at
    most one active feed, and a leaked link stops working the moment it is reset.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_calendar_feed_per_user",
                violation_error_message="This user already has an active calendar feed.",
            )
        ]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"Calendar feed of {self.user} ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
