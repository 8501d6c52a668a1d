from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.integrations.models import CalendarFeed
from mentorpath.mentoring.enums import CheckInStatus
from mentorpath.mentoring.models import CheckIn
from mentorpath.people.models import Person

FEED_PAST_DAYS = 180
"""How far back a feed reaches; everything ahead of today is always in it."""

TOKEN_MAX_LENGTH = 100
"""Longer than any token we issue (43 characters); anything longer is not looked up."""


def feed_for_token(token: str) -> CalendarFeed | None:
    """The active feed `token` opens, with its user and their person, or None.

    Looked up by the token's SHA-256 digest through a unique index, so the database never
    compares secrets character by character. Revoked feeds and inactive users get None.
    """
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return (
        CalendarFeed.objects.select_related("user__person")
        .filter(
            token_digest=CalendarFeed.digest_of(token),
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .first()
    )


def feed_user(token: str) -> User | None:
    """The owner of the active feed `token` opens, or None."""
    feed = feed_for_token(token)
    return feed.user if feed else None


def active_feed(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def _checkins() -> QuerySet[CheckIn]:
    return CheckIn.objects.select_related(
        "mentorship__program",
        "mentorship__mentor__person",
        "mentorship__mentee__person",
        "scheduled_by",
    )


def checkins_for_calendar(*, person: Person, now: datetime | None = None) -> QuerySet[CheckIn]:
    """The check-ins of `person`'s pairs, as mentor or mentee, for their calendar feed: from
    FEED_PAST_DAYS ago on, cancelled ones included (so clients cross them out), by start."""
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    return (
        _checkins()
        .filter(Q(mentorship__mentor__person=person) | Q(mentorship__mentee__person=person))
        .filter(status__in=CheckInStatus.values, starts_at__gte=since)
        .order_by("starts_at", "pk")
    )


def checkin_of_participant(*, user: User, pk: int) -> CheckIn | None:
    """Check-in `pk` when `user` is its mentor or its mentee; None for anyone else, program
    managers and admins included (an invite is for the two people who meet)."""
    if not user.is_authenticated:
        return None
    return (
        _checkins()
        .filter(
            Q(mentorship__mentor__person__user=user) | Q(mentorship__mentee__person__user=user),
            pk=pk,
        )
        .first()
    )
