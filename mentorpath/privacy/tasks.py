import logging

from celery import shared_task

from mentorpath.privacy.services import notes_purge_expired

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def purge_expired_notes() -> int:
    """Delete the notes of programs closed longer ago than NOTES_RETENTION_DAYS. Idempotent:
    a second run finds nothing left to delete."""
    deleted = notes_purge_expired()
    logger.info("notes purged: %s", deleted)
    return deleted
