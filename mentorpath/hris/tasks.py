import logging

from celery import shared_task

from mentorpath.hris.models import ImportJob
from mentorpath.hris.services import import_job_execute

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def run_import(*, job_id: int) -> str:
    """Check or apply one import. Safe to run twice: a job that is not queued is left as is."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.info("import %s is gone", job_id)
        return "gone"
    return str(import_job_execute(job=job).status)
