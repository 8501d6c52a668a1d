from django.conf import settings
from django.db import models

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


class ImportJob(TimeStampedModel):
    """One uploaded HRIS file: its mapping, dry run and import, with progress and outcome."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
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
    def is_working(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
