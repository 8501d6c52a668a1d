import logging

from celery import shared_task

from mentorpath.analytics.services import digests_send_weekly, outcomes_count

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_weekly_digests() -> int:
    """This week's digest to each program manager who has not had it and has something to
    report. Runs hourly; safe to run twice or to restart half-way: every digest is keyed."""
    sent = digests_send_weekly()
    logger.info("weekly digests sent: %s", sent)
    return sent


@shared_task
def count_outcomes() -> bool:
    """Retention and promotion of every program counted ahead of the dashboards, when the
    people data has changed since they were last counted (PostgreSQL; a no-op on SQLite)."""
    return outcomes_count()
