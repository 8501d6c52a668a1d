"""Embedded mode: with no broker the web process runs the beat schedule itself."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from mentorpath.core.periodic import run_due_periodic_tasks
from mentorpath.mentoring.enums import CheckInStatus
from mentorpath.mentoring.models import CheckIn
from mentorpath.notifications.models import Notification


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_due_jobs_run_once_per_interval():
    first = run_due_periodic_tasks()
    second = run_due_periodic_tasks()

    assert "mentoring-reminders" in first
    assert "close-ended-programs" in first
    assert second == []


@pytest.mark.django_db
def test_a_page_view_sends_a_due_check_in_reminder(client_for, pair, mentee_user):
    CheckIn.objects.create(
        mentorship=pair,
        starts_at=timezone.now() + timezone.timedelta(hours=3),
        time_zone="UTC",
        status=CheckInStatus.SCHEDULED,
    )

    with override_settings(EMBEDDED_BEAT=True):
        client_for(mentee_user).get("/")

    reminders = Notification.objects.filter(kind="checkin_reminder")
    assert sorted(reminders.values_list("recipient__email", flat=True)) == [
        "mentee@example.com",
        "mentor@example.com",
    ]


@pytest.mark.django_db
def test_off_when_a_broker_runs_the_beat(client_for, mentee_user):
    with override_settings(EMBEDDED_BEAT=False):
        client_for(mentee_user).get("/")

    assert cache.get("embedded-beat:mentoring-reminders") is None
