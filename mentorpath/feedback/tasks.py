import logging

from celery import shared_task

from mentorpath.feedback.services import surveys_send_due

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_feedback_requests() -> int:
    """Ask the people open surveys now concern, remind the silent once, ask for check-in
    pulses and skill ratings. Safe to run twice or to restart half-way: every request is a
    row unique per person and every notice is keyed."""
    report = surveys_send_due()
    logger.info("feedback requests: %s", report)
    return report.total
