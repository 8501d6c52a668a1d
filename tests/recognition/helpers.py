"""Rows for recognition tests: held check-ins with exact minutes, completed pairs, pulse
ratings, completed learning paths and badges."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from mentorpath.learning.models import LearningPath, PathProgress
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.mentoring.services import mentorship_end
from mentorpath.people.models import Person
from mentorpath.recognition.models import Badge, Kudos
from tests.factories import PulseRatingFactory
from tests.factories.mentoring import CheckInFactory

_paths = iter(range(1, 10_000))


def checkin(
    mentorship: Mentorship,
    *,
    minutes: int | None,
    status: str = "held",
    days_ago: float = 3,
    duration: int = 45,
) -> CheckIn:
    starts_at = timezone.now().replace(microsecond=0) - timedelta(days=days_ago)
    return CheckInFactory(
        mentorship=mentorship,
        starts_at=starts_at,
        status=status,
        duration_minutes=duration,
        held_minutes=minutes,
        recorded_by=mentorship.mentee.person if status != "scheduled" else None,
        recorded_at=starts_at + timedelta(minutes=duration) if status != "scheduled" else None,
    )


def complete(mentorship: Mentorship) -> Mentorship:
    return mentorship_end(mentorship=mentorship, reason="completed")


def rate(mentorship: Mentorship, *ratings: int, role: str = "mentee") -> None:
    for rating in ratings:
        held = checkin(mentorship, minutes=30)
        person = mentorship.mentee.person if role == "mentee" else mentorship.mentor.person
        PulseRatingFactory(checkin=held, person=person, role=role, rating=rating)


def complete_path(person: Person, *, days_ago: float = 1, audience: str = "both") -> PathProgress:
    n = next(_paths)
    path = LearningPath.objects.create(title=f"Path {n}", slug=f"path-{n}", audience=audience)
    now = timezone.now()
    return PathProgress.objects.create(
        person=person,
        path=path,
        started_at=now - timedelta(days=days_ago + 1),
        completed_at=now - timedelta(days=days_ago),
    )


def badge(name: str, criterion: str, threshold: str | None = None, **fields: object) -> Badge:
    return Badge.objects.create(
        name=name,
        criterion=criterion,
        threshold=Decimal(threshold) if threshold is not None else None,
        **fields,
    )


def make_room_for_kudos(mentorship: Mentorship) -> None:
    """Move the pair's kudos a week and a day back (keeping their order), so the next kudos is
    not refused by the one-per-pair-per-week rule."""
    Kudos.objects.filter(mentorship=mentorship).update(
        created_at=F("created_at") - timedelta(days=8)
    )
