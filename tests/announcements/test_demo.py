"""The demo's announcements: one to the organization and some to programs, in every state,
shown to the demo logins they concern, and nothing emailed by the seed."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.announcements.models import Announcement
from mentorpath.announcements.queries import announcement_state, announcements_for
from mentorpath.announcements.sending import announcements_due_ids
from mentorpath.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", people=120, seed=1, today=timezone.localdate(), stdout=io.StringIO())


def test_demo_writes_announcements_in_every_state(seeded):
    rows = {
        a.title: (a.program.name if a.program else "Organization", announcement_state(a))
        for a in Announcement.objects.select_related("program")
    }

    assert rows == {
        "Mentoring Month starts now": ("Organization", "published"),
        "Mid-cohort check: how is it going?": ("Early Talent Onboarding", "published"),
        "Career Compass info session": ("Career Compass", "expired"),
        "Your Leadership Pipeline pairs are coming": ("Leadership Pipeline", "scheduled"),
        "New Manager Circle: save the date": ("New Manager Circle", "draft"),
    }
    authors = {a.program_id is None: a.author.email for a in Announcement.objects.all()}
    assert authors == {True: "admin@example.com", False: "manager@example.com"}


def test_demo_announcements_reach_the_demo_logins_without_sending_anything(seeded):
    def seen_by(email: str) -> list[str]:
        return [a.title for a in announcements_for(user=User.objects.get(email=email))]

    assert seen_by("mentee@example.com") == [
        "Mid-cohort check: how is it going?",
        "Mentoring Month starts now",
    ]
    assert seen_by("exec@example.com") == ["Mentoring Month starts now"]
    assert announcements_due_ids() == []
    assert not Notification.objects.filter(kind="announcement").exists()
