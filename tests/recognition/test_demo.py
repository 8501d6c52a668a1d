"""The demo's recognition: badges awarded by the service, kudos to the demo mentor, one
person opted out, the same on every run."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from mentorpath.people.models import Person
from mentorpath.programs.models import Program
from mentorpath.recognition.models import Badge, BadgeAward, Kudos, RecognitionPreference
from mentorpath.recognition.services import badges_award_due

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


def _seed(**options: object) -> None:
    call_command("seed_demo", stdout=io.StringIO(), people=400, seed=1, today=TODAY, **options)


def _fingerprint() -> list[object]:
    awards = sorted(BadgeAward.objects.values_list("badge__name", "person__employee_id"))
    kudos = sorted(
        Kudos.objects.values_list(
            "author__employee_id", "recipient__employee_id", "message", "share_on_wall"
        )
    )
    return [awards, kudos]


def test_demo_recognition():
    _seed()

    assert Badge.objects.count() == 6
    mentor = Person.objects.get(email="mentor@example.com")
    assert Kudos.objects.filter(recipient=mentor).exists()
    assert Kudos.objects.filter(share_on_wall=True).exists()
    assert BadgeAward.objects.filter(person=mentor, badge__name="Mentor of the quarter").exists()
    assert BadgeAward.objects.filter(awarded_by__isnull=True).exists()
    assert RecognitionPreference.objects.filter(show_publicly=False).count() == 1
    assert badges_award_due() == 0  # the demo ran the service: nothing left to award
    first = _fingerprint()

    Program.objects.all().delete()
    Person.objects.all().delete()
    from mentorpath.accounts.models import User

    User.objects.all().delete()
    from mentorpath.learning.models import LearningPath, Resource

    LearningPath.objects.all().delete()
    Resource.objects.all().delete()
    _seed()

    assert _fingerprint() == first


def test_demo_recognition_without_pairs():
    _seed(no_mentorships=True)

    assert Badge.objects.count() == 6
    assert not Kudos.objects.exists()
