"""Writes of announcements: draft, edit, publish now or at a later time, withdraw, delete a
draft, and send the emails.

Who may do what is checked by the callers through `permissions`; these functions keep the
rules of the announcement itself. Publishing queues the sending task when the transaction
commits; a scheduled announcement is sent by the beat sweep once its time comes (both in
`sending`).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.announcements.enums import AnnouncementState
from mentorpath.announcements.models import Announcement
from mentorpath.announcements.queries import announcement_state
from mentorpath.announcements.sending import announcement_send, announcements_due_ids
from mentorpath.announcements.tasks import send_announcement
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.tasks import enqueue_on_commit
from mentorpath.programs.models import Program

__all__ = [
    "announcement_create",
    "announcement_delete",
    "announcement_publish",
    "announcement_send",
    "announcement_update",
    "announcement_withdraw",
    "announcements_due_ids",
]

TITLE_MAX = Announcement._meta.get_field("title").max_length or 200
BODY_MAX = 10_000


def _content(title: str, body: str) -> tuple[str, str]:
    title, body = " ".join(title.split()), body.strip()
    errors = {}
    if not title:
        errors["title"] = "An announcement needs a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"A title is at most {TITLE_MAX} characters."
    if not body:
        errors["body"] = "An announcement needs a text."
    elif len(body) > BODY_MAX:
        errors["body"] = f"The text is at most {BODY_MAX:,} characters."
    if errors:
        raise ApplicationError(errors)
    return title, body


def _check_expiry(published_at: datetime | None, expires_at: datetime | None) -> None:
    if expires_at is None:
        return
    if expires_at <= (published_at or timezone.now()):
        raise ApplicationError(
            {"expires_at": "An announcement expires after it is published (and in the future)."}
        )


@transaction.atomic
def announcement_create(
    *,
    by: User,
    program: Program | None,
    title: str,
    body: str,
    expires_at: datetime | None = None,
    publish: bool = False,
    publish_at: datetime | None = None,
) -> Announcement:
    """A new announcement to `program`'s participants (None: the whole organization), kept as
    a draft unless `publish` (now, or at `publish_at`)."""
    title, body = _content(title, body)
    if not publish:
        _check_expiry(None, expires_at)
    announcement = Announcement.objects.create(
        program=program, title=title, body=body, author=by, expires_at=expires_at
    )
    if publish:
        announcement_publish(announcement=announcement, at=publish_at)
    return announcement


@transaction.atomic
def announcement_update(
    *, announcement: Announcement, title: str, body: str, expires_at: datetime | None
) -> Announcement:
    """Change the text and the expiry (its audience stays). People already emailed are not
    emailed again; the home page and the announcements page show the new text."""
    title, body = _content(title, body)
    _check_expiry(announcement.published_at, expires_at)
    announcement.title, announcement.body, announcement.expires_at = title, body, expires_at
    announcement.save(update_fields=["title", "body", "expires_at", "updated_at"])
    return announcement


@transaction.atomic
def announcement_publish(*, announcement: Announcement, at: datetime | None = None) -> Announcement:
    """Publish now (`at` None) or schedule for `at`, a time in the future. A draft or a
    scheduled announcement may be published; one already out is refused (conflict).

    Published now, its emails are sent by a task queued when the transaction commits; a
    scheduled one is sent by the beat sweep once its time comes."""
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    now = timezone.now()
    state = announcement_state(locked, now=now)
    if state in (AnnouncementState.PUBLISHED, AnnouncementState.EXPIRED):
        raise ApplicationError("This announcement is already published.", code="conflict")
    if at is not None and at <= now:
        raise ApplicationError({"publish_at": "Choose a time in the future, or publish now."})
    published_at = at or now
    _check_expiry(published_at, locked.expires_at)
    # A withdrawn announcement published again goes to whoever joined its audience since;
    # the people already notified are not notified twice (the key per announcement).
    locked.published_at, locked.emailed_at = published_at, None
    locked.save(update_fields=["published_at", "emailed_at", "updated_at"])
    if at is None:
        enqueue_on_commit(send_announcement, announcement_id=locked.pk)
    announcement.published_at = locked.published_at
    return announcement


@transaction.atomic
def announcement_withdraw(*, announcement: Announcement) -> Announcement:
    """Take a published or scheduled announcement back to a draft: it leaves people's home
    pages, and a scheduled one is not sent. Emails already sent stay sent."""
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.published_at is None:
        raise ApplicationError("This announcement is a draft already.", code="conflict")
    locked.published_at = None
    locked.save(update_fields=["published_at", "updated_at"])
    announcement.published_at = None
    return announcement


@transaction.atomic
def announcement_delete(*, announcement: Announcement) -> None:
    """Delete a draft; a published or scheduled announcement is withdrawn first."""
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.published_at is not None:
        raise ApplicationError(
            "Only a draft can be deleted: withdraw this announcement first.", code="conflict"
        )
    locked.delete()
