import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mentorpath.programs.enums import EnrollmentStatus
from mentorpath.programs.models import Enrollment

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_enrollment_decision(*, enrollment_id: int) -> bool:
    """Tell a participant their enrollment was approved or declined, exactly once.

    The send is claimed by stamping `decision_notified_at` under a row lock first, so a
    task run twice (a worker dying after the send) does not email twice.
    """
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .select_related("person", "program")
            .filter(pk=enrollment_id)
            .first()
        )
        if enrollment is None:
            logger.info("enrollment %s is gone; no decision email", enrollment_id)
            return False
        decided = enrollment.status in (EnrollmentStatus.APPROVED, EnrollmentStatus.DECLINED)
        if not decided or enrollment.decision_notified_at is not None:
            return False
        enrollment.decision_notified_at = timezone.now()
        enrollment.save(update_fields=["decision_notified_at"])
        context = {"enrollment": enrollment, "program": enrollment.program}
        send_mail(
            subject=f"{enrollment.program.name}: your enrollment was "
            f"{enrollment.get_status_display().lower()}",
            message=render_to_string("programs/email/decision.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[enrollment.person.email],
        )
    return True
