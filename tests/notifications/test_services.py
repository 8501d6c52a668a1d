"""notify: once per key, preferences, inactive people; reading; preferences_set."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.models import Notification, NotificationPreference
from mentorpath.notifications.queries import preferences_of, unread_count
from mentorpath.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    preferences_set,
)

pytestmark = pytest.mark.django_db

REMINDER = NotificationKind.CHECKIN_REMINDER


def test_notify_records_the_notice_and_emails_it_after_commit(mentee_user, send):
    notification = send(mentee_user, key="checkin:1:24h", subject="Check-in tomorrow")

    assert notification is not None
    assert notification.recipient == mentee_user
    assert notification.kind == REMINDER
    assert notification.in_app is True
    assert notification.email_wanted is True
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["Check-in tomorrow"]
    assert mail.outbox[0].to == ["mentee@example.com"]


def test_notify_with_the_same_key_twice_records_and_sends_once(mentee_user, send):
    first = send(mentee_user, key="checkin:1:24h")
    second = send(mentee_user, key="checkin:1:24h", subject="Another subject")

    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=mentee_user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Subject checkin:1:24h"


def test_the_same_key_for_two_people_is_two_notices(mentee_user, mentor_user, send):
    send(mentee_user, key="checkin:1:24h")
    send(mentor_user, key="checkin:1:24h")

    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.com", "mentor@example.com"]


def test_nothing_is_queued_until_the_transaction_commits(
    mentee_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user=mentee_user, kind=REMINDER, key="k", subject="S", body="B", url="/mentorships/")

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_email_turned_off_still_shows_in_the_centre_but_sends_nothing(mentee_user, send):
    preferences_set(user=mentee_user, prefs={REMINDER: (False, True)})

    notification = send(mentee_user, key="k")

    assert notification.in_app is True
    assert notification.email_wanted is False
    assert mail.outbox == []
    assert unread_count(user=mentee_user) == 1


def test_in_app_turned_off_is_emailed_but_not_in_the_centre(mentee_user, send):
    preferences_set(user=mentee_user, prefs={REMINDER: (True, False)})

    notification = send(mentee_user, key="k")

    assert notification.in_app is False
    assert len(mail.outbox) == 1
    assert unread_count(user=mentee_user) == 0


def test_a_preference_applies_to_its_kind_only(mentee_user, send):
    preferences_set(user=mentee_user, prefs={REMINDER: (False, False)})

    send(mentee_user, key="k", kind=NotificationKind.GOAL_UPDATE)

    assert len(mail.outbox) == 1
    assert unread_count(user=mentee_user) == 1


def test_both_off_still_records_the_key_so_it_is_never_sent_later(mentee_user, send):
    preferences_set(user=mentee_user, prefs={REMINDER: (False, False)})
    notification = send(mentee_user, key="k")
    preferences_set(user=mentee_user, prefs={REMINDER: (True, True)})

    again = send(mentee_user, key="k")

    assert (notification.in_app, notification.email_wanted) == (False, False)
    assert again is None
    assert Notification.objects.filter(recipient=mentee_user).count() == 1
    assert mail.outbox == []


def test_an_inactive_user_is_not_emailed(mentee_user, send):
    mentee_user.is_active = False
    mentee_user.save()

    notification = send(mentee_user, key="k")

    assert notification.email_wanted is False
    assert mail.outbox == []


def test_a_subject_becomes_one_line_of_at_most_200_characters(mentee_user, send):
    notification = send(mentee_user, key="k", subject="Line one\nBcc: x@evil.example " + "a" * 300)

    assert "\n" not in notification.subject
    assert len(notification.subject) == 200
    assert notification.subject.startswith("Line one Bcc: x@evil.example aaa")
    assert notification.subject.endswith("…")


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": "nonsense"}, "Unknown notification kind: 'nonsense'."),
        ({"key": ""}, "A notification key is 1 to 200 characters."),
        ({"key": "k" * 201}, "A notification key is 1 to 200 characters."),
        (
            {"url": "https://evil.example/"},
            "A notification links to a path on this site, not 'https://evil.example/'.",
        ),
        (
            {"url": "//evil.example/"},
            "A notification links to a path on this site, not '//evil.example/'.",
        ),
    ],
)
def test_notify_refuses_bad_input(mentee_user, fields, message):
    values = {"kind": REMINDER, "key": "k", "subject": "S", "body": "B", "url": "/x/", **fields}

    with pytest.raises(ValidationError) as refused:
        notify(user=mentee_user, **values)

    assert refused.value.messages == [message]
    assert Notification.objects.count() == 0


def test_mark_read_stamps_the_first_reading_only(mentee_user, send):
    notification = send(mentee_user, key="k")

    first = notification_mark_read(user=mentee_user, notification_id=notification.pk)
    again = notification_mark_read(user=mentee_user, notification_id=notification.pk)

    assert first.read_at is not None
    assert again.read_at == first.read_at
    assert unread_count(user=mentee_user) == 0


def test_mark_read_of_someone_elses_notification_is_refused(mentee_user, outsider_user, send):
    notification = send(mentee_user, key="k")

    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(user=outsider_user, notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_the_users_unread_notices(mentee_user, outsider_user, send):
    for key in ("a", "b", "c"):
        send(mentee_user, key=key)
    send(outsider_user, key="a")
    notification_mark_read(
        user=mentee_user,
        notification_id=Notification.objects.get(recipient=mentee_user, key="a").pk,
    )

    assert notifications_mark_all_read(user=mentee_user) == 2
    assert unread_count(user=mentee_user) == 0
    assert unread_count(user=outsider_user) == 1


def test_preferences_set_stores_and_updates_choices(mentee_user):
    preferences_set(user=mentee_user, prefs={REMINDER: (False, True)})
    preferences_set(
        user=mentee_user,
        prefs={REMINDER: (True, False), NotificationKind.GOAL_UPDATE: (False, False)},
    )

    prefs = preferences_of(user=mentee_user)
    assert prefs[REMINDER] == (True, False)
    assert prefs[NotificationKind.GOAL_UPDATE] == (False, False)
    assert prefs[NotificationKind.PAIR_NUDGE] == (True, True)
    assert NotificationPreference.objects.filter(user=mentee_user).count() == 2


def test_preferences_set_refuses_an_unknown_kind(mentee_user):
    with pytest.raises(ValidationError) as refused:
        preferences_set(user=mentee_user, prefs={"nonsense": (True, True)})

    assert refused.value.messages == ["Unknown notification kinds: nonsense."]
    assert NotificationPreference.objects.count() == 0
