"""The demo shows every part of learning, recognition and succession to the demo logins: the
mentee's recommendations hold a path for her goal, the mentor has a completed pair with its
certificate, Career Compass gates its mentees too, the succession pipeline keeps the demo
logins out and proposes more than the incumbent, and the library has an uploaded file.

The demo is seeded once for the module, in a transaction rolled back at its end; each test runs
in a savepoint inside it."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from mentorpath.demo.learning import UPLOAD_TITLE, kickoff_checklist_pdf
from mentorpath.learning.models import Resource
from mentorpath.learning.readiness import readiness
from mentorpath.learning.recommendations import recommendations_for
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.models import Program
from mentorpath.succession.models import KeyRole, SuccessorCandidate
from mentorpath.succession.queries import proposed_mentors

PEOPLE = 400  # the size the other demo tests use for pairs of every kind
TODAY = date(2026, 3, 2)
PASSWORD = "mentorpath-demo"
GOAL = "Lead a cross-team project"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", people=PEOPLE, seed=1, today=TODAY, stdout=io.StringIO())
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def client_of(demo, db, client):
    def log_in(login: str):
        assert client.login(email=f"{login}@example.com", password=PASSWORD)
        return client

    return log_in


def person(login: str) -> Person:
    return Person.objects.get(user__email=f"{login}@example.com")


def test_demo_mentee_is_recommended_a_path_for_her_goal(client_of):
    mentee = person("mentee")

    recommended = recommendations_for(person=mentee)
    response = client_of("mentee").get(reverse("learning:for_you"))

    paths = [r for r in recommended if r.kind == "path"]
    resources = [r for r in recommended if r.kind == "resource"]
    assert any(f'for your goal "{GOAL}"' in r.reasons for r in paths)
    assert len(resources) >= 4
    assert response.status_code == 200
    assert f"for your goal &quot;{GOAL}&quot;" in response.text or GOAL in response.text
    for path in paths:
        assert path.title in response.text


def test_demo_mentor_has_a_completed_pair_and_downloads_its_certificate(client_of):
    pair = Mentorship.objects.get(mentor__person=person("mentor"), status="completed")
    client = client_of("mentor")

    certificate = client.get(reverse("recognition:pair_certificate", args=[pair.pk]))
    hours = client.get(reverse("recognition:hours_certificate"))

    assert pair.checkins.filter(status="held").count() >= 5
    assert pair.ended_at is not None and pair.end_reason == "completed"
    assert certificate.status_code == 200
    assert certificate["Content-Type"] == "application/pdf"
    assert certificate.content.startswith(b"%PDF")
    assert hours.status_code == 200 and hours["Content-Type"] == "application/pdf"
    # the four-month story with the demo mentee is still running
    assert (
        Mentorship.objects.get(
            mentor__person=person("mentor"), mentee__person=person("mentee")
        ).status
        == "active"
    )


def test_demo_career_compass_lists_mentees_not_yet_through_onboarding(client_of):
    career = Program.objects.get(name="Career Compass")

    state = readiness(program=career)
    page = client_of("manager").get(reverse("matching:home", args=[career.slug]))

    assert state.mentee_path is not None and state.mentee_path.slug == "mentee-onboarding"
    assert state.mentor_path is not None and state.mentor_path.slug == "mentor-essentials"
    assert state.mentees and state.mentors
    assert page.status_code == 200
    assert "Not ready to be matched yet" in page.text
    for waiting in state.mentees:
        assert "onboarding path 'Mentee onboarding'" in waiting.sentence
        assert waiting.enrollment.person.full_name in page.text
    early_talent = Program.objects.get(name="Early Talent Onboarding")
    assert early_talent.mentee_onboarding_path is None  # the matching journey runs there


def test_demo_succession_keeps_demo_logins_out_and_proposes_more_than_the_incumbent(demo, db):
    candidates = SuccessorCandidate.objects.select_related("role", "person")
    linked = [c for c in candidates if c.enrollment_id is not None]

    assert KeyRole.objects.filter(candidates__isnull=False).distinct().count() >= 3
    assert not candidates.filter(person__user__isnull=False).exists()
    assert linked
    for candidate in linked:
        others = [
            p
            for p in proposed_mentors(candidate=candidate)
            if p.person.pk != candidate.role.incumbent_id
        ]
        assert others, candidate.role.title


def test_demo_library_has_an_uploaded_file_to_download(client_of):
    resource = Resource.objects.exclude(file="").get()

    response = client_of("mentee").get(reverse("learning:resource_file", args=[resource.pk]))

    assert resource.title == UPLOAD_TITLE
    assert (resource.kind, resource.content_type) == ("checklist", "application/pdf")
    assert resource.skills.exists()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == kickoff_checklist_pdf()


def test_demo_uploaded_file_is_the_same_on_every_run():
    assert kickoff_checklist_pdf() == kickoff_checklist_pdf()
