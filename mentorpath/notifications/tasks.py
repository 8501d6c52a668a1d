import logging
from datetime import timedelta

from celery import shared_task

from mentorpath.notifications.delivery import notification_deliver
from mentorpath.notifications.queries import pending_email_ids

logger = logging.getLogger(__name__)

SWEEP_MIN_AGE_SECONDS = 60


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def deliver_notification(*, notification_id: int) -> bool:
    """Email one notification, once: a repeat run (or a race with the sweep) sends nothing."""
    return notification_deliver(notification_id=notification_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def deliver_pending_notifications(
    *, older_than_seconds: float = SWEEP_MIN_AGE_SECONDS, limit: int = 500
) -> int:
    """The beat sweep: send every email still owed (its task was lost, or a worker died).

    Only notices at least `older_than_seconds` old, so it does not race the task queued when
    each was created; the row lock makes a race harmless anyway. One failing address does not
    stop the others: it is logged and tried again by the next sweep. Returns how many were sent.
    """
    sent = 0
    for notification_id in pending_email_ids(
        older_than=timedelta(seconds=older_than_seconds), limit=limit
    ):
        try:
            sent += notification_deliver(notification_id=notification_id)
        except OSError:
            logger.exception(
                "notification %s: email failed; the next sweep retries", notification_id
            )
    return sent
