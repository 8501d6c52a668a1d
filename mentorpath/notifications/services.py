"""Notifications: the interface other apps call. It knows nothing about what a notice is about.

    notify(user=..., kind=NotificationKind.CHECKIN_REMINDER, key=f"checkin:{pk}:reminder:24h",
           subject=..., body=..., url="/mentorships/4/")

records one notice per (user, key), shows it in the notification centre and emails it after
the transaction commits, as the person's preferences for its kind say.
"""

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.tasks import enqueue_on_commit
from mentorpath.notifications.delivery import notification_deliver
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.models import Notification, NotificationPreference
from mentorpath.notifications.queries import preference_for
from mentorpath.notifications.tasks import deliver_notification
from mentorpath.notifications.validators import is_site_path

__all__ = [
    "Attachment",
    "notification_deliver",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notify",
    "preferences_set",
]

SUBJECT_MAX = Notification._meta.get_field("subject").max_length or 200
KEY_MAX = Notification._meta.get_field("key").max_length or 200
URL_MAX = Notification._meta.get_field("url").max_length or 500


@dataclass(frozen=True)
class Attachment:
    """A file sent with the email, as text ("text/calendar; method=REQUEST" for an invite)."""

    filename: str
    content: str
    mimetype: str


def _one_line(subject: str) -> str:
    """Email subjects are one line (a newline would be a header injection) of at most 200."""
    line = " ".join(subject.split())
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1] + "…"


def notify(
    *,
    user: User,
    kind: str,
    key: str,
    subject: str,
    body: str,
    url: str,
    html_body: str = "",
    attachments: Sequence[Attachment] = (),
) -> Notification | None:
    """Create one notification for `user`, once per (user, key).

    A second call with the same key returns None and creates and sends nothing: that is what
    makes reminders exactly-once, even when two processes try at the same moment (the unique
    constraint decides). The user's preference for `kind` sets `in_app` and `email_wanted`;
    with both off the row is still recorded so the key stays used. Inactive users are never
    emailed. The email is queued when the surrounding transaction commits.

    `body` is plain text; `html_body`, when given, is trusted HTML (escape what you put in
    it) used instead of the body in the HTML part. `url` is a path on this site.
    """
    if kind not in NotificationKind.values:
        raise ApplicationError(f"Unknown notification kind: {kind!r}.")
    if not key or len(key) > KEY_MAX:
        raise ApplicationError(f"A notification key is 1 to {KEY_MAX} characters.")
    if not is_site_path(url) or len(url) > URL_MAX:
        raise ApplicationError(f"A notification links to a path on this site, not {url!r}.")
    for attachment in attachments:
        if "/" not in attachment.mimetype or not attachment.filename:
            raise ApplicationError("An attachment needs a file name and a mimetype.")
    if Notification.objects.filter(recipient=user, key=key).exists():
        return None
    email, in_app = preference_for(user=user, kind=kind)
    with transaction.atomic():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    key=key,
                    subject=_one_line(subject),
                    body=body,
                    html_body=html_body,
                    url=url,
                    attachments=[dataclasses.asdict(a) for a in attachments],
                    in_app=in_app,
                    email_wanted=email and user.is_active,
                )
        except IntegrityError:
            # Another process recorded the same key between our check and our insert.
            if Notification.objects.filter(recipient=user, key=key).exists():
                return None
            raise
        if notification.email_wanted:
            enqueue_on_commit(deliver_notification, notification_id=notification.pk)
    return notification


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of `user`'s notifications read (once: the first reading time is kept).

    Raises Notification.DoesNotExist for a notification that is not `user`'s.
    """
    notifications = Notification.objects.filter(recipient=user, pk=notification_id)
    now = timezone.now()
    notifications.filter(read_at__isnull=True).update(read_at=now, updated_at=now)
    return notifications.get()


def notifications_mark_all_read(*, user: User) -> int:
    """Mark everything unread in `user`'s notification centre read; returns how many."""
    now = timezone.now()
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).update(
        read_at=now, updated_at=now
    )


def preferences_set(*, user: User, prefs: Mapping[str, tuple[bool, bool]]) -> None:
    """Store `user`'s choices: kind → (email, in_app). Kinds left out keep their choice."""
    unknown = set(prefs) - set(NotificationKind.values)
    if unknown:
        raise ApplicationError(f"Unknown notification kinds: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        for kind, (email, in_app) in prefs.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"email": bool(email), "in_app": bool(in_app)}
            )
