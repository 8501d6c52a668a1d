"""Large files run as a Celery job (eager in tests) with progress; the same code path."""

import pytest

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
