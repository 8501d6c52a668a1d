import logging

from celery import shared_task

from mentorpath.recognition.services import badges_award_due

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def award_badges() -> int:
    """Award every automatic badge someone has earned and does not hold. Safe to run twice or
    at the same time as another run: an award is unique per badge and person."""
    made = badges_award_due()
    logger.info("badges awarded by the sweep: %s", made)
    return made
