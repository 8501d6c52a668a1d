"""Sending announcements: each person in the audience gets one notification (kind
ANNOUNCEMENT, keyed by the announcement), in batches, from a task, never in the web request.

Each person is notified once per announcement (the notification key decides), however often
the sending runs: twice by a retried task, at once by the task and the beat sweep, or again
after the announcement was withdrawn and published anew.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentorpath.announcements.enums import SEND_BATCH_SIZE, AnnouncementState
from mentorpath.announcements.models import Announcement
from mentorpath.announcements.queries import announcement_state, audience_users, due_for_email
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.services import notify


def announcement_url(announcement: Announcement) -> str:
    return reverse("announcements:detail", args=[announcement.pk])


def notification_key(announcement: Announcement) -> str:
    return f"announcement:{announcement.pk}"


def _subject(announcement: Announcement) -> str:
    where = announcement.program.name if announcement.program else "Announcement"
    return f"{where}: {announcement.title}"


def _body(announcement: Announcement) -> str:
    author = announcement.author.get_full_name() if announcement.author else ""
    audience = (
        f"the participants of {announcement.program.name}"
        if announcement.program
        else "everyone in the organization"
    )
    signature = f"\n\n— {author}" if author else ""
    return f"{announcement.body}{signature}\n\n(Sent to {audience}.)"


@dataclass(frozen=True)
class SendReport:
    notified: int  # notifications created by this run (people already notified not counted)
    complete: bool  # every batch went out and emailed_at is set


def announcement_send(
    *, announcement_id: int, batch_size: int = SEND_BATCH_SIZE, now: datetime | None = None
) -> SendReport:
    """Notify the audience of a published, unexpired announcement, `batch_size` people per
    transaction, then set `emailed_at`. Safe to run twice, or at once in two workers: each
    person's notification is keyed by the announcement. Stops, sending nothing more, when the
    announcement was withdrawn, deleted or expired meanwhile; a draft, a scheduled one not yet
    due or an expired one is never sent."""
    after = 0
    notified = 0
    while True:
        with transaction.atomic():
            announcement = (
                Announcement.objects.select_related("program", "author")
                .filter(pk=announcement_id)
                .first()
            )
            if announcement is None:
                return SendReport(notified, complete=False)
            state = announcement_state(announcement, now=now)
            if state != AnnouncementState.PUBLISHED:
                return SendReport(notified, complete=False)
            if announcement.emailed_at is not None:
                return SendReport(notified, complete=True)
            batch = list(
                audience_users(announcement=announcement).filter(pk__gt=after)[:batch_size]
            )
            subject, body = _subject(announcement), _body(announcement)
            url, key = announcement_url(announcement), notification_key(announcement)
            for user in batch:
                sent = notify(
                    user=user,
                    kind=NotificationKind.ANNOUNCEMENT,
                    key=key,
                    subject=subject,
                    body=body,
                    url=url,
                )
                notified += sent is not None
            if len(batch) < batch_size:
                Announcement.objects.filter(pk=announcement_id, emailed_at__isnull=True).update(
                    emailed_at=timezone.now()
                )
                return SendReport(notified, complete=True)
            after = batch[-1].pk


def announcements_due_ids(*, now: datetime | None = None) -> list[int]:
    """The announcements the beat sweep sends: published (a scheduled one whose time came, or
    one whose sending task was lost), unexpired, not yet emailed."""
    return list(due_for_email(now=now).values_list("pk", flat=True))
