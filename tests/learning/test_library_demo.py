"""The demo's library and paths: realistic resources across skills, the two training paths the
training gate looks up by slug, bookmarks, ratings and the demo mentee partway through a path."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from mentorpath.learning import queries
from mentorpath.learning.models import Bookmark, LearningPath, PathProgress, Resource
from mentorpath.people.models import Person

pytestmark = pytest.mark.django_db


def seed(**options: object) -> None:
    options = {"people": 120, "seed": 1, "today": date(2026, 3, 2), **options}
    call_command("seed_demo", stdout=io.StringIO(), **options)


def test_demo_library_and_paths():
    seed()

    resources = Resource.objects.all()
    mentor_path = LearningPath.objects.get(slug="mentor-essentials")
    onboarding = LearningPath.objects.get(slug="mentee-onboarding")
    mentee = Person.objects.get(user__email__startswith="mentee@")
    progress = PathProgress.objects.get(person=mentee)
    shown = queries.path_progress_for(person=mentee, path=progress.path)

    assert resources.count() >= 30
    assert resources.filter(skills__isnull=True).count() == 0
    assert {r.kind for r in resources} == {
        "article",
        "video",
        "course",
        "book",
        "template",
        "checklist",
        "internal",
    }
    assert (mentor_path.audience, mentor_path.program_type) == ("mentor", "career")
    assert 4 <= mentor_path.steps.count() <= 5
    assert mentor_path.steps.filter(kind="activity").exists()
    assert onboarding.audience == "mentee"
    assert LearningPath.objects.count() == 5
    assert Bookmark.objects.filter(person=mentee).count() == 4
    assert 0 < shown.done < shown.total and progress.completed_at is None
    assert (
        queries.resource_list(user=mentee.user, person=mentee).filter(rating_count__gt=0).count()
        > 10
    )


def test_demo_library_without_pairs():
    seed(no_mentorships=True)

    assert (
        LearningPath.objects.filter(slug__in=["mentor-essentials", "mentee-onboarding"]).count()
        == 2
    )
