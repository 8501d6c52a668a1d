from datetime import datetime
from typing import Any

from ninja import Field, Schema

from mentorpath.hris.enums import JobStatus


class RowErrorOut(Schema):
    row: int = Field(description="The row in the file; the header is row 1.")
    column: str = Field(description="The column's header in the file.")
    reason: str


class ImportOut(Schema):
    """An import job: its status and progress, then the dry run's or import's outcome."""

    id: int
    file_name: str
    file_format: str
    row_count: int
    headers: list[str]
    mapping: list[str] = Field(description="The person field of each column, in file order.")
    dry_run: bool
    status: JobStatus
    progress: int = Field(description="Percent done while queued or running.")
    message: str
    counts: dict[str, int] = Field(
        description="rows, created, updated, unchanged, terminated, hires, job_changes, "
        "new_departments, erased_skipped (rows of people erased on request, not imported), "
        "errors."
    )
    changes: dict[str, Any] = Field(
        description="A sample of each kind of change: created, updated (field by field), "
        "job_changes, new_departments, erased_rows."
    )
    errors: list[RowErrorOut] = Field(description="Every bad row (the first 10,000).")
    error_count: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
