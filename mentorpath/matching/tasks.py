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


@shared_task
def expire_requests() -> int:
    """Periodic (Celery beat): expire mentor requests past their deadline."""
    from mentorpath.matching.services import requests_expire_due

    return requests_expire_due()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_request_outcome(*, request_id: int) -> bool:
    """Tell the mentee their request was accepted, declined or expired — once."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db import transaction
    from django.template.loader import render_to_string
    from django.utils import timezone

    from mentorpath.matching.models import MentorRequest

    with transaction.atomic():
        request = (
            MentorRequest.objects.select_for_update()
            .select_related("mentee__person", "mentor__person", "program")
            .filter(pk=request_id)
            .first()
        )
        if request is None or request.mentee_notified_at or request.status == "pending":
            return False
        request.mentee_notified_at = timezone.now()
        request.save(update_fields=["mentee_notified_at"])
        send_mail(
            subject=f"{request.program.name}: your request to {request.mentor.person.full_name} "
            f"was {request.get_status_display().lower()}",
            message=render_to_string("matching/email/request_outcome.txt", {"request": request}),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[request.mentee.person.email],
        )
    return True
