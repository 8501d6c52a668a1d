import logging

from celery import shared_task

from mentorpath.announcements.sending import announcement_send, announcements_due_ids

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_announcement(*, announcement_id: int) -> int:
    """Notify an announcement's audience, in batches; returns how many were notified now.
    Idempotent: a repeat run notifies nobody twice."""
    report = announcement_send(announcement_id=announcement_id)
    logger.info("announcement %s: %s", announcement_id, report)
    return report.notified


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_due_announcements() -> int:
    """The beat sweep: send each announcement whose scheduled time came (or whose task was
    lost), one task each. Returns how many it queued."""
    due = announcements_due_ids()
    for announcement_id in due:
        send_announcement.delay(announcement_id=announcement_id)
    return len(due)
