from django.db import models


class AnnouncementState(models.TextChoices):
    """Where an announcement is, from its publishing and expiry times (not stored)."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    EXPIRED = "expired", "Expired"


# How many people one batch of the sending task notifies (one transaction per batch).
SEND_BATCH_SIZE = 200
# Most announcements the home page shows; the rest are on the announcements page.
HOME_LIMIT = 5
