import logging

from celery import shared_task

from mentorpath.mentoring.reminders import send_due_reminders
from mentorpath.mentoring.services import mentorships_close_ended_programs

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reminders() -> int:
    """Check-in reminders, stalled-pair nudges, milestones due and unanswered invitations.
    Safe to run twice or to restart half-way: every notification is keyed."""
    report = send_due_reminders()
    logger.info("reminders sent: %s", report)
    return report.total


@shared_task
def close_ended_programs() -> int:
    """Complete the pairs of programs whose end date has passed; both people are told."""
    return mentorships_close_ended_programs()
