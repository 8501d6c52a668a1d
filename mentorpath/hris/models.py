from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from mentorpath.core.models import TimeStampedModel
from mentorpath.hris.enums import JobStatus


class ImportMapping(TimeStampedModel):
    """The last column mapping used for a file with these headers, offered again next time."""

    headers_hash = models.CharField(max_length=64, unique=True)
    headers = models.JSONField(default=list, help_text="The normalized headers, sorted.")
    mapping = models.JSONField(default=dict, help_text="Normalized header → person field.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return ", ".join(self.headers)[:80]


# A queued or running import that has not moved for this long lost its worker (a restart, a
# lost message): it may be run again. Progress is saved every few thousand rows.
STALLED_AFTER = timedelta(minutes=10)


class ImportJob(TimeStampedModel):
    """One uploaded HRIS file: its mapping, dry run and import, with progress and outcome."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who started the last check or import of this file.",
    )
    file = models.FileField(upload_to="imports/", blank=True, max_length=255)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4, choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    headers = models.JSONField(default=list)
    samples = models.JSONField(default=list, help_text="A few values of each column.")
    row_count = models.PositiveIntegerField(default=0)
    mapping = models.JSONField(default=list, help_text="The person field of each column.")
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.UPLOADED)
    dry_run = models.BooleanField(default=True)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name} ({self.get_status_display()})"

    @property
    def is_stalled(self) -> bool:
        return (
            self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
            and self.updated_at < timezone.now() - STALLED_AFTER
        )

    @property
    def is_working(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not self.is_stalled

    @property
    def can_start(self) -> bool:
        """Whether the file can be checked or imported (again) now."""
        startable = (JobStatus.UPLOADED, JobStatus.CHECKED, JobStatus.FAILED)
        return bool(self.file) and (self.status in startable or self.is_stalled)
