from django.conf import settings
from django.db import models

from mentorpath.core.models import TimeStampedModel
from mentorpath.notifications.enums import NotificationKind


class Notification(TimeStampedModel):
    """One notice to one person, shown in the notification centre and/or emailed.

    `key` makes it exactly-once: a second notice with the same key for the same person is
    refused by the database. `emailed_at` is stamped in the same transaction that sends the
    email, so a notice with `email_wanted` and no `emailed_at` is still owed an email.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    attachments = models.JSONField(default=list, blank=True)
    in_app = models.BooleanField(default=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_once_per_recipient_key"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "in_app", "read_at"], name="notification_centre_idx"),
            # The sweep's search for emails still owed stays small however many were sent.
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_wanted=True, emailed_at__isnull=True),
                name="notification_email_owed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one person wants one kind of notice. No row means both email and in-app."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    email = models.BooleanField(default=True)
    in_app = models.BooleanField(default=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}"
