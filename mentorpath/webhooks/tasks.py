import logging

from celery import shared_task

from mentorpath.webhooks.services import deliveries_send_due, delivery_attempt

logger = logging.getLogger(__name__)


@shared_task
def deliver_webhook(delivery_id: int) -> str | None:
    """First attempt of a delivery, right after the event commits. Retries are not Celery
    retries: a failed attempt schedules `next_attempt_at` and the sweep sends it then."""
    delivery = delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery else None


@shared_task
def send_due_webhooks() -> int:
    """The beat sweep: send due retries (and first attempts a worker never ran)."""
    sent = deliveries_send_due()
    if sent:
        logger.info("webhook attempts: %s", sent)
    return sent
