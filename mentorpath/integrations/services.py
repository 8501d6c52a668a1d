import secrets

from django.db import transaction
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.integrations.models import CalendarFeed


@transaction.atomic
def calendar_feed_create(*, user: User) -> str:
    """Give `user` a new private feed and return its token, which is never stored in clear.

    Any feed they had is revoked first, so this is also the "reset" of a leaked link. The
    user's row is locked so that two simultaneous resets leave exactly one active feed.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=user, token_digest=CalendarFeed.digest_of(token))
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """Revoke `user`'s feed; False when they had none."""
    revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return revoked > 0


def calendar_feed_touch(*, feed: CalendarFeed, every_seconds: int = 3600) -> None:
    """Record that a client fetched the feed, at most once per `every_seconds`, so that a
    client polling every few minutes does not write on every request."""
    now = timezone.now()
    if feed.last_fetched_at and (now - feed.last_fetched_at).total_seconds() < every_seconds:
        return
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
    feed.last_fetched_at = now
