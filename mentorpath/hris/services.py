"""HRIS import: upload a file, map its columns, check it (dry run), then apply it.

An import is all-or-nothing. Every row is parsed and checked in memory against the file and
the people already stored (`planning`); any bad row is reported with its row, column and
reason, and nothing is written. A clean plan is written in one transaction (`writing`).
Large files run in a Celery worker (`tasks.run_import`), small ones in the request; both
through `import_job_execute`.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.audit.services import record
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.tasks import enqueue_on_commit
from mentorpath.hris import mapping as mapping_rules
from mentorpath.hris.enums import JobStatus
from mentorpath.hris.models import ImportJob, ImportMapping
from mentorpath.hris.planning import load_existing, plan_import
from mentorpath.hris.reading import file_format_of, open_table, peek
from mentorpath.hris.writing import write_plan
from mentorpath.people.services import REPORTING_LINE_LOCK

logger = logging.getLogger(__name__)

#: Files with fewer data rows run in the request; larger ones in a Celery worker.
INLINE_ROWS = 2_000
MAX_UPLOAD_MB = 50


def inline_rows() -> int:
    return int(getattr(settings, "HRIS_IMPORT_INLINE_ROWS", INLINE_ROWS))


def remembered_mapping(*, headers: list[str]) -> list[str]:
    """The mapping last used for these headers, else one guessed from their names."""
    found = ImportMapping.objects.filter(headers_hash=mapping_rules.headers_hash(headers)).first()
    if found is not None:
        return mapping_rules.from_remembered(headers, found.mapping)
    return mapping_rules.guess(headers)


def import_job_create(*, upload: UploadedFile, by: User | None) -> ImportJob:
    """Keep the uploaded file (MEDIA_ROOT/imports/) and read its headers and a few values."""
    file_format = file_format_of(upload.name or "")
    limit = int(getattr(settings, "HRIS_IMPORT_MAX_MB", MAX_UPLOAD_MB))
    if upload.size and upload.size > limit * 1024 * 1024:
        raise ApplicationError({"file": f"The file is larger than {limit} MB."})
    job = ImportJob(created_by=by, file_name=os.path.basename(upload.name or "")[:255])
    job.file_format = file_format
    job.file.save(f"{timezone.now():%Y%m%d%H%M%S}.{file_format}", upload, save=False)
    try:
        with _local_copy(job) as path:
            headers, samples, count = peek(path, file_format)
    except ApplicationError:
        job.file.delete(save=False)
        raise
    if not count:
        job.file.delete(save=False)
        raise ApplicationError({"file": "The file has a header row but no people."})
    job.headers, job.samples, job.row_count = headers, samples, count
    job.mapping = remembered_mapping(headers=headers)
    job.save()
    return job


def _remember(*, headers: list[str], mapping: list[str], by: User | None) -> None:
    ImportMapping.objects.update_or_create(
        headers_hash=mapping_rules.headers_hash(headers),
        defaults={
            "headers": sorted(mapping_rules.normalize(header) for header in headers),
            "mapping": mapping_rules.to_remembered(headers, mapping),
            "updated_by": by,
        },
    )


@transaction.atomic
def _queue(*, job: ImportJob, by: User | None, mapping: list[str], dry_run: bool) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not job.can_start:
        raise ApplicationError(
            "This import cannot be run again "
            f"({job.get_status_display().lower()}); upload the file again.",
            code="conflict",
        )
    errors = mapping_rules.mapping_errors(job.headers, mapping)
    if errors:
        raise ApplicationError(
            {(f"mapping.{key}" if key else "mapping"): message for key, message in errors.items()}
        )
    job.mapping = mapping
    job.dry_run = dry_run
    job.run_by = by
    job.status, job.progress, job.message = JobStatus.QUEUED, 0, "Waiting for a worker…"
    job.errors, job.error_count, job.counts, job.changes = [], 0, {}, {}
    job.started_at = job.finished_at = None
    job.save()
    _remember(headers=job.headers, mapping=mapping, by=by)
    if job.row_count >= inline_rows():
        from mentorpath.hris.tasks import run_import

        enqueue_on_commit(run_import, job_id=job.pk)
    return job


def import_job_start(
    *, job: ImportJob, by: User | None, mapping: list[str] | None = None, dry_run: bool = True
) -> ImportJob:
    """Check (dry run) or apply the file with this mapping (by default the remembered or
    guessed one). Small files run now; large ones in a worker, the job showing progress."""
    job = _queue(
        job=job, by=by, mapping=mapping if mapping is not None else job.mapping, dry_run=dry_run
    )
    if job.row_count < inline_rows():
        return import_job_execute(job=job)
    return job


def import_job_apply(*, job: ImportJob, by: User | None) -> ImportJob:
    """Apply a file whose dry run passed, with the mapping it was checked with."""
    if job.status != JobStatus.CHECKED:
        raise ApplicationError("Run a dry run without errors before applying.", code="conflict")
    return import_job_start(job=job, by=by, mapping=job.mapping, dry_run=False)


@contextmanager
def _local_copy(job: ImportJob) -> Iterator[str]:
    """A path to the job's file: the stored file itself, or a temporary copy of it when the
    storage is not a local disk."""
    try:
        yield job.file.path
        return
    except NotImplementedError:
        pass
    with tempfile.NamedTemporaryFile(suffix=f".{job.file_format}") as copy:
        with job.file.open("rb") as source:
            for chunk in source.chunks():
                copy.write(chunk)
        copy.flush()
        yield copy.name


def _progress(job: ImportJob, percent: int, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        progress=percent, message=message, updated_at=timezone.now()
    )


def _lock_people() -> None:
    """One import (or reporting-line change) at a time, so two cannot close a loop together."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REPORTING_LINE_LOCK])


def import_job_execute(*, job: ImportJob) -> ImportJob:
    """Read, check and (unless a dry run) write the file. Idempotent: a job that is not queued
    is left as it is."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.QUEUED:
            return job
        job.status, job.started_at, job.progress = JobStatus.RUNNING, timezone.now(), 1
        job.message = "Reading the file…"
        job.save()
    try:
        outcome = _execute(job)
    except ApplicationError as error:
        outcome = {"status": JobStatus.FAILED, "message": " ".join(error.messages)}
    except Exception as error:
        logger.exception("import %s failed", job.pk)
        outcome = {"status": JobStatus.FAILED, "message": f"The import failed: {error}"[:300]}
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **outcome)
    job.refresh_from_db()
    if job.status == JobStatus.DONE and not job.dry_run:
        record(
            actor=job.run_by or job.created_by,
            action="import.applied",
            target=("hris.importjob", job.pk, job.file_name),
            context={"counts": job.counts, "rows": job.row_count, "file": job.file_name},
        )
        from mentorpath.analytics.tasks import count_outcomes

        # Terminations and job changes move retention and promotion: recount them now rather
        # than at the next beat, so the first dashboard after an import needs not.
        enqueue_on_commit(count_outcomes)
    if job.status == JobStatus.DONE and job.file:
        job.file.delete(save=True)
    return job


class _Refused(Exception):
    """The plan has row errors: roll back (nothing was written yet) and report them."""


def _execute(job: ImportJob) -> dict[str, Any]:
    today = timezone.localdate()
    with _local_copy(job) as path, open_table(path, job.file_format) as (headers, rows):
        if headers != job.headers:
            raise ApplicationError("The file changed since it was uploaded; upload it again.")
        rows_read = list(_counting(job, rows))
    _progress(job, 50, "Checking every row…")
    if job.dry_run:
        plan = plan_import(
            rows_read, headers=headers, mapping=job.mapping, existing=load_existing(), today=today
        )
    else:
        try:
            with transaction.atomic():
                _lock_people()
                plan = plan_import(
                    rows_read,
                    headers=headers,
                    mapping=job.mapping,
                    existing=(existing := load_existing()),
                    today=today,
                )
                if plan.error_count:
                    raise _Refused
                _progress(job, 70, "Writing the changes…")
                write_plan(plan, existing)
        except _Refused:
            pass
    outcome: dict[str, Any] = {
        "counts": plan.counts,
        "errors": [error.as_dict() for error in plan.errors],
        "error_count": plan.error_count,
        "progress": 100,
    }
    if plan.error_count:
        problems = "1 problem" if plan.error_count == 1 else f"{plan.error_count} problems"
        return {
            **outcome,
            "status": JobStatus.FAILED,
            "message": f"{problems} in the file; nothing was imported.",
        }
    counts = plan.counts
    created, updated, same = counts["created"], counts["updated"], counts["unchanged"]
    if job.dry_run:
        return {
            **outcome,
            "changes": plan.summary(),
            "status": JobStatus.CHECKED,
            "message": f"Dry run: {created} to create, {updated} to update, {same} unchanged. "
            "Nothing was written yet.",
        }
    return {
        **outcome,
        "changes": plan.summary(),
        "status": JobStatus.DONE,
        "message": f"Imported: {created} created, {updated} updated, {same} unchanged.",
    }


def _counting(job: ImportJob, rows: Iterator[Any]) -> Iterator[Any]:
    """Pass the rows through, reporting reading progress (0–50 %) every few thousand."""
    total = max(job.row_count, 1)
    for count, row in enumerate(rows, start=1):
        if count % 5000 == 0:
            _progress(job, min(49, 1 + 48 * count // total), f"Reading row {count} of {total}…")
        yield row
