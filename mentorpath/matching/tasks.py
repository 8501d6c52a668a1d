import logging

from celery import shared_task

from mentorpath.matching.models import MatchRun
from mentorpath.matching.services import match_run_execute

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def run_matching(*, run_id: int) -> str:
    """Run one matching run. Safe to run twice: a finished run is left as it is."""
    run = MatchRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.info("matching run %s is gone", run_id)
        return "gone"
    return match_run_execute(run=run).status
