"""The email itself, delivery at most once, and the beat sweep that sends what is still owed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.models import Notification
from mentorpath.notifications.queries import pending_email_ids
from mentorpath.notifications.services import Attachment, notification_deliver, notify
from mentorpath.notifications.tasks import deliver_notification, deliver_pending_notifications

pytestmark = pytest.mark.django_db

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def _owed(user, key: str, *, age: timedelta = timedelta(minutes=5)) -> Notification:
    """A notice whose queued email never ran (as if its task was lost)."""
    notification = notify(
        user=user,
        kind=NotificationKind.PAIR_NUDGE,
        key=key,
        subject=f"Subject {key}",
        body="Body",
        url="/x/",
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - age)
    return notification


@override_settings(SITE_URL="https://mentor.example.org")
def test_email_has_plain_text_html_and_an_absolute_one_click_link(mentee_user, send):
    send(
        mentee_user, key="k", subject="Check-in tomorrow", body="See you at 10:00 & bring <notes>."
    )

    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    link = "https://mentor.example.org/mentorships/4/"
    assert mimetype == "text/html"
    assert "See you at 10:00 & bring <notes>." in message.body
    assert f"Open in Mentorpath: {link}" in message.body
    assert "See you at 10:00 &amp; bring &lt;notes&gt;." in html
    assert f'<a href="{link}"' in html
    assert "https://mentor.example.org/notifications/preferences/" in message.body
    assert message.from_email == "Mentorpath <noreply@example.com>"


def test_html_body_replaces_the_plain_body_in_the_html_part(mentee_user, send):
    send(mentee_user, key="k", body="plain words", html_body="<p><strong>rich</strong> words</p>")

    message = mail.outbox[0]
    assert "plain words" in message.body
    assert "<p><strong>rich</strong> words</p>" in message.alternatives[0][0]
    assert "plain words" not in message.alternatives[0][0]


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_a_calendar_attachment_keeps_its_method(mentee_user, send, method):
    send(
        mentee_user,
        key="k",
        kind=NotificationKind.CHECKIN_INVITE,
        attachments=[Attachment("checkin.ics", ICS, f"text/calendar; method={method}")],
    )

    parts = {
        part.get_filename(): part for part in mail.outbox[0].message().walk() if part.get_filename()
    }
    assert list(parts) == ["checkin.ics"]
    assert parts["checkin.ics"].get_content_type() == "text/calendar"
    assert parts["checkin.ics"].get_param("method") == method
    assert parts["checkin.ics"].get_payload(decode=True).decode() == ICS


def test_delivering_twice_sends_one_email(mentee_user):
    notification = _owed(mentee_user, "k")

    assert notification_deliver(notification_id=notification.pk) is True
    assert deliver_notification(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_delivering_a_notice_nobody_wants_emailed_sends_nothing(mentee_user):
    notification = _owed(mentee_user, "k")
    Notification.objects.filter(pk=notification.pk).update(email_wanted=False)

    assert notification_deliver(notification_id=notification.pk) is False
    assert mail.outbox == []


def test_delivering_a_deleted_notice_does_nothing(db):
    assert deliver_notification(notification_id=987654) is False
    assert mail.outbox == []


def test_a_user_deactivated_before_delivery_is_not_emailed_and_not_owed(mentee_user):
    notification = _owed(mentee_user, "k")
    mentee_user.is_active = False
    mentee_user.save()

    assert notification_deliver(notification_id=notification.pk) is False
    assert mail.outbox == []
    assert pending_email_ids() == []


def test_the_sweep_sends_every_owed_email_once(mentee_user, mentor_user):
    owed = [_owed(mentee_user, f"k{i}") for i in range(3)] + [_owed(mentor_user, "k0")]

    assert deliver_pending_notifications() == 4
    assert deliver_pending_notifications() == 0
    assert sorted(m.subject for m in mail.outbox) == [
        "Subject k0",
        "Subject k0",
        "Subject k1",
        "Subject k2",
    ]
    assert all(n.emailed_at for n in Notification.objects.filter(pk__in=[n.pk for n in owed]))


def test_the_sweep_leaves_notices_younger_than_its_minimum_age(mentee_user):
    young = _owed(mentee_user, "young", age=timedelta(seconds=10))
    old = _owed(mentee_user, "old", age=timedelta(minutes=2))

    assert pending_email_ids(older_than=timedelta(minutes=1)) == [old.pk]
    assert deliver_pending_notifications() == 1
    assert [m.subject for m in mail.outbox] == ["Subject old"]
    assert deliver_pending_notifications(older_than_seconds=0) == 1
    young.refresh_from_db()
    assert young.emailed_at is not None


def test_the_sweep_goes_on_after_one_failed_email(mentee_user, mentor_user, settings):
    settings.EMAIL_BACKEND = "tests.support.mail.FailingForBackend"
    settings.MAIL_FAIL_FOR = ["mentee@example.com"]
    failing = _owed(mentee_user, "k")
    _owed(mentor_user, "k")

    assert deliver_pending_notifications() == 1
    assert pending_email_ids() == [failing.pk]


def test_pending_email_ids_are_oldest_first_and_limited(mentee_user):
    newer = _owed(mentee_user, "newer", age=timedelta(minutes=2))
    older = _owed(mentee_user, "older", age=timedelta(minutes=3))

    assert pending_email_ids() == [older.pk, newer.pk]
    assert pending_email_ids(limit=1) == [older.pk]
