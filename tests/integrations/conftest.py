"""Pairs and check-ins for the calendar tests. Names are fixed so that the calendar text can
be asserted exactly."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from mentorpath.mentoring.models import CheckIn, Mentorship
from tests.factories import EnrollmentFactory, PersonFactory, UserFactory

SITE_URL = "https://mentorpath.example.com"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def name(person, first: str, last: str):
    person.first_name, person.last_name = first, last
    person.save(update_fields=["first_name", "last_name"])
    return person


@pytest.fixture
def pair(program, mentor, mentee) -> Mentorship:
    """The persona mentor (Ada Lovelace) and mentee (Grace Hopper), an active pair."""
    name(mentor.person, "Ada", "Lovelace")
    name(mentee.person, "Grace", "Hopper")
    return Mentorship.objects.create(
        program=program, mentor=mentor, mentee=mentee, status="active", source="override"
    )


def pair_of_new_people(program, mentor_email: str, mentee_email: str) -> Mentorship:
    """Another active pair in `program`, both with logins."""
    people = []
    for email, role, level in ((mentor_email, "mentor", 7), (mentee_email, "mentee", 2)):
        user = UserFactory(email=email)
        person = PersonFactory(user=user, email=email, level=level)
        people.append(
            EnrollmentFactory(program=program, person=person, role=role, status="approved")
        )
    return Mentorship.objects.create(
        program=program, mentor=people[0], mentee=people[1], status="active", source="override"
    )


def make_checkin(mentorship: Mentorship, *, starts_at: datetime | None = None, **fields):
    values = {
        "starts_at": starts_at or timezone.now().replace(microsecond=0) + timedelta(days=7),
        "time_zone": "Europe/Berlin",
        "duration_minutes": 45,
        **fields,
    }
    return CheckIn.objects.create(mentorship=mentorship, **values)


@pytest.fixture
def winter_checkin(pair) -> CheckIn:
    """09:00 Berlin time on 2030-01-15 (08:00 UTC), scheduled by the mentee."""
    return make_checkin(
        pair,
        starts_at=datetime(2030, 1, 15, 8, 0, tzinfo=UTC),
        location="Room 4.01",
        video_url="https://meet.example.com/ada-grace",
        agenda="Review the goals\nPlan the next month",
        scheduled_by=pair.mentee.person,
        sequence=2,
    )
