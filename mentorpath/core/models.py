from django.db import models


class TimeStampedModel(models.Model):
    """Base for every domain model: creation and last-change times, set by the database layer."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True
