from django.db import models

from mentorpath.core.events import EVENT_NAMES

PING = "ping"
"""The test event sent by the "Send test event" button; endpoints need not subscribe to it."""

EVENT_LABELS = {
    "enrollment.created": "Enrollment created",
    "mentorship.started": "Mentorship started (both accepted)",
    "mentorship.ended": "Mentorship ended",
    "checkin.held": "Check-in held",
    "survey.completed": "Survey completed",
    "goal.completed": "Goal done",
}
EVENT_CHOICES = [(name, f"{EVENT_LABELS[name]} ({name})") for name in EVENT_NAMES]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


MAX_ATTEMPTS = 6
BACKOFF_SECONDS = (60, 5 * 60, 30 * 60, 2 * 60 * 60, 12 * 60 * 60)
"""Wait after failed attempt 1, 2, …, 5; the 6th failed attempt marks the delivery failed."""
TIMEOUT_SECONDS = 10
BODY_EXCERPT = 1024
