"""Announcements in every state, for the personas' program and the organization."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorpath.announcements.models import Announcement
from tests.api.conftest import api_as  # noqa: F401  (the API tests' JSON client)


def make(program=None, *, title="News", body="Hello.", author=None, **times):
    """An announcement written straight to the table (the services are tested on their own)."""
    return Announcement.objects.create(
        program=program, title=title, body=body, author=author, **times
    )


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def ahead(**delta):
    return timezone.now() + timedelta(**delta)


@pytest.fixture
def program_news(program, manager_user):
    """Published yesterday to the personas' program, already emailed."""
    return make(
        program,
        title="Kick-off on Monday",
        body="Bring your goals.",
        author=manager_user,
        published_at=ago(days=1),
        emailed_at=ago(days=1),
    )


@pytest.fixture
def org_news(admin_user):
    """Published two days ago to the whole organization, already emailed."""
    return make(
        title="Mentoring week",
        body="Talks every day.",
        author=admin_user,
        published_at=ago(days=2),
        emailed_at=ago(days=2),
    )


@pytest.fixture
def draft(program, manager_user):
    return make(program, title="Draft news", author=manager_user)
