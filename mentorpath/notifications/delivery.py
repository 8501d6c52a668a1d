"""Sending a notification's email, at most once per successful commit.

Kept apart from `services` so that `tasks` (which calls this) and `services` (which queues the
task) do not import each other; `services` re-exports `notification_deliver`.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentorpath.notifications.models import Notification

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """`path` (site-relative) on the public site, for links that leave the site in emails."""
    return f"{settings.SITE_URL}{path}"


def notification_message(*, notification: Notification) -> EmailMultiAlternatives:
    """The email for `notification`: plain text with an HTML alternative, and its attachments."""
    context = {
        "notification": notification,
        "recipient": notification.recipient,
        "link": absolute_url(notification.url),
        "preferences_link": absolute_url(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("notifications/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    for attachment in notification.attachments:
        # A text/calendar mimetype keeps its parameters ("method=REQUEST"), which calendar
        # clients read to offer "accept" or to remove a cancelled event.
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def notification_deliver(*, notification_id: int) -> bool:
    """Email one notification at most once; True when this call sent it.

    The row is locked for the whole send (`skip_locked` on PostgreSQL: a second worker skips a
    notice another one is sending; SQLite's immediate transactions serialize writers instead),
    and `emailed_at` is stamped in the same transaction. A process that dies before the commit
    leaves `emailed_at` empty, so the sweep sends the email later: nothing is lost, and
    a duplicate needs a crash between the mail server's acceptance and the commit.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            logger.info("notification %s is gone or being sent by another worker", notification_id)
            return False
        if notification.emailed_at is not None or not notification.email_wanted:
            return False
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            # Deactivated since it was queued: withdraw the email so the sweep stops asking.
            notification.email_wanted = False
            notification.save(update_fields=["email_wanted", "updated_at"])
            return False
        notification_message(notification=notification).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at", "updated_at"])
    return True
