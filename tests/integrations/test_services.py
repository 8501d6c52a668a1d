"""Private calendar feeds: creating, resetting and revoking; finding a feed by its token;
which check-ins a feed holds."""

import hashlib
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorpath.integrations.models import CalendarFeed
from mentorpath.integrations.queries import (
    active_feed,
    checkin_of_participant,
    checkins_for_calendar,
    feed_for_token,
    feed_user,
)
from mentorpath.integrations.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_touch,
)
from tests.integrations.conftest import make_checkin, pair_of_new_people

pytestmark = pytest.mark.django_db


def _stored_values(feed: CalendarFeed) -> list[str]:
    return [str(value) for value in CalendarFeed.objects.filter(pk=feed.pk).values().get().values()]


# --- create, reset, revoke ----------------------------------------------------------------


def test_calendar_feed_create_returns_a_token_stored_only_as_its_digest(mentee_user):
    token = calendar_feed_create(user=mentee_user)

    feed = CalendarFeed.objects.get(user=mentee_user)
    assert len(token) == 43
    assert feed.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert all(token not in value for value in _stored_values(feed))
    assert feed.revoked_at is None


def test_calendar_feed_create_twice_revokes_the_first_and_keeps_one_active(mentee_user):
    first = calendar_feed_create(user=mentee_user)

    second = calendar_feed_create(user=mentee_user)

    assert first != second
    assert feed_user(first) is None
    assert feed_user(second) == mentee_user
    assert CalendarFeed.objects.filter(user=mentee_user).count() == 2
    assert CalendarFeed.objects.filter(user=mentee_user, revoked_at__isnull=True).count() == 1


def test_calendar_feed_revoke_turns_the_link_off(mentee_user):
    token = calendar_feed_create(user=mentee_user)

    assert calendar_feed_revoke(user=mentee_user) is True

    assert feed_user(token) is None
    assert active_feed(user=mentee_user) is None


def test_calendar_feed_revoke_without_a_feed_is_false(mentee_user):
    assert calendar_feed_revoke(user=mentee_user) is False


def test_calendar_feed_revoke_leaves_other_users_feeds(mentee_user, mentor_user):
    mentor_token = calendar_feed_create(user=mentor_user)
    calendar_feed_create(user=mentee_user)

    calendar_feed_revoke(user=mentee_user)

    assert feed_user(mentor_token) == mentor_user


def test_database_refuses_two_active_feeds_for_one_user(mentee_user):
    calendar_feed_create(user=mentee_user)

    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(user=mentee_user, token_digest="0" * 64)


def test_calendar_feed_touch_writes_at_most_once_an_hour(mentee_user):
    token = calendar_feed_create(user=mentee_user)
    feed = feed_for_token(token)

    calendar_feed_touch(feed=feed)
    first = CalendarFeed.objects.get(pk=feed.pk).last_fetched_at
    calendar_feed_touch(feed=feed_for_token(token))

    assert first is not None
    assert CalendarFeed.objects.get(pk=feed.pk).last_fetched_at == first


# --- feed_user ----------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", "nope", "x" * 43, "y" * 5000])
def test_feed_user_unknown_token_is_none(mentee_user, token):
    calendar_feed_create(user=mentee_user)

    assert feed_user(token) is None


def test_feed_user_of_an_inactive_user_is_none(mentee_user):
    token = calendar_feed_create(user=mentee_user)
    mentee_user.is_active = False
    mentee_user.save(update_fields=["is_active"])

    assert feed_user(token) is None


def test_feed_user_does_not_accept_the_digest_as_a_token(mentee_user):
    calendar_feed_create(user=mentee_user)
    digest = CalendarFeed.objects.get(user=mentee_user).token_digest

    assert feed_user(digest) is None


# --- what a feed holds --------------------------------------------------------------------


def test_checkins_for_calendar_only_the_persons_pairs(pair, program):
    mine = make_checkin(pair)
    other_pair = pair_of_new_people(program, "m2@example.com", "e2@example.com")
    theirs = make_checkin(other_pair)

    assert list(checkins_for_calendar(person=pair.mentor.person)) == [mine]
    assert list(checkins_for_calendar(person=pair.mentee.person)) == [mine]
    assert list(checkins_for_calendar(person=other_pair.mentee.person)) == [theirs]


def test_checkins_for_calendar_reaches_180_days_back_and_all_ahead_by_start(pair):
    now = timezone.now()
    make_checkin(pair, starts_at=now - timedelta(days=181), status="held")
    recent = make_checkin(pair, starts_at=now - timedelta(days=179), status="missed")
    far = make_checkin(pair, starts_at=now + timedelta(days=400))
    cancelled = make_checkin(pair, starts_at=now + timedelta(days=3), status="cancelled")

    assert list(checkins_for_calendar(person=pair.mentee.person)) == [recent, cancelled, far]


def test_checkins_for_calendar_loads_everything_the_event_needs(pair, django_assert_num_queries):
    from mentorpath.integrations.checkins import checkin_event

    for _ in range(3):
        make_checkin(pair, scheduled_by=pair.mentee.person)

    with django_assert_num_queries(1):
        events = [checkin_event(c) for c in checkins_for_calendar(person=pair.mentor.person)]

    assert len(events) == 3


def test_checkin_of_participant_for_the_pair_only(
    winter_checkin, mentor_user, mentee_user, manager_user, admin_user, outsider_user
):
    assert checkin_of_participant(user=mentor_user, pk=winter_checkin.pk) == winter_checkin
    assert checkin_of_participant(user=mentee_user, pk=winter_checkin.pk) == winter_checkin
    for user in (manager_user, admin_user, outsider_user):
        assert checkin_of_participant(user=user, pk=winter_checkin.pk) is None
