"""Large files run as a Celery job (eager in tests) with progress; the same code path."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorpath.core.exceptions import ApplicationError
from mentorpath.hris import services
from mentorpath.hris.enums import JobStatus
from mentorpath.hris.models import ImportJob
from mentorpath.hris.tasks import run_import
from mentorpath.people.models import Person
from tests.hris.conftest import csv_text, csv_upload

pytestmark = pytest.mark.django_db


def big_file(people: int) -> str:
    rows = [
        f"E{n},First{n},Last{n},p{n}@example.com,Engineer,Engineering,{1 + n % 12},"
        f"{'E' + str(n // 5) if n else ''},2020-01-01"
        for n in range(people)
    ]
    rows.reverse()  # reports before their managers
    return csv_text(*rows)


def test_a_large_file_is_queued_for_a_worker_and_shows_progress(
    settings, django_capture_on_commit_callbacks
):
    settings.HRIS_IMPORT_INLINE_ROWS = 100
    job = services.import_job_create(upload=csv_upload(big_file(6000)), by=None)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.import_job_start(job=job, by=None)

    assert job.status == JobStatus.QUEUED
    assert (job.progress, job.message) == (0, "Waiting for a worker…")
    assert len(queued) == 1
    queued[0]()  # the worker (Celery runs eagerly without REDIS_URL)

    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.CHECKED, 100)
    assert job.counts["created"] == 6000
    assert job.started_at <= job.finished_at

    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_apply(job=job, by=None)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Person.objects.filter(manager__employee_id="E0").count() == 4
    assert Person.objects.get(employee_id="E5999").manager.employee_id == "E1199"


def test_the_task_leaves_a_finished_or_missing_job_alone():
    job = services.import_job_create(upload=csv_upload(big_file(3)), by=None)
    job = services.import_job_start(job=job, by=None)

    assert run_import(job_id=job.pk) == JobStatus.CHECKED
    assert run_import(job_id=987654) == "gone"
    assert ImportJob.objects.get().status == JobStatus.CHECKED


def _stall(job: ImportJob, minutes: int) -> None:
    """As if the worker running the job had stopped `minutes` ago."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, updated_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_a_job_whose_worker_stopped_can_be_run_again(settings, admin_user, client_for):
    settings.HRIS_IMPORT_INLINE_ROWS = 100
    job = services.import_job_create(upload=csv_upload(big_file(3)), by=admin_user)
    _stall(job, minutes=11)
    job.refresh_from_db()
    assert (job.is_stalled, job.is_working, job.can_start) == (True, False, True)

    page = client_for(admin_user).get(f"/hris/imports/{job.pk}/")
    assert b'id="import-stalled"' in page.content
    assert b'hx-trigger="every 1s"' not in page.content  # no endless progress poll

    job = services.import_job_start(job=job, by=admin_user)
    assert job.status == JobStatus.CHECKED
    assert job.counts["created"] == 3


def test_a_job_that_is_still_moving_cannot_be_started_twice(admin_user):
    job = services.import_job_create(upload=csv_upload(big_file(3)), by=admin_user)
    _stall(job, minutes=2)
    job.refresh_from_db()
    assert (job.is_stalled, job.is_working, job.can_start) == (False, True, False)

    with pytest.raises(ApplicationError, match="cannot be run again"):
        services.import_job_start(job=job, by=admin_user)
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING
