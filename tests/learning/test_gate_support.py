"""Builders shared by the personal-learning tests (recommendations, assignments, the training
gate). No tests here."""

from django.utils import timezone

from mentorpath.learning.models import (
    LearningPath,
    PathProgress,
    PathStep,
    Resource,
    ResourceRating,
    StepCompletion,
)
from mentorpath.people.models import Person
from tests.factories import PersonFactory


def resource(title: str, *skills, level=None, audience="both", program_types=(), **fields):
    item = Resource.objects.create(
        title=title,
        kind=fields.pop("kind", "article"),
        url=fields.pop("url", f"https://learn.example.com/{title.lower().replace(' ', '-')}"),
        level=level,
        audience=audience,
        program_types=list(program_types),
        **fields,
    )
    item.skills.set(skills)
    return item


def rate(item: Resource, *ratings: int) -> None:
    """Ratings of `item` by as many new people."""
    ResourceRating.objects.bulk_create(
        ResourceRating(person=PersonFactory(), resource=item, rating=r) for r in ratings
    )


def learning_path(title: str, steps: int = 3, *, skill=None, audience="both", **fields):
    path = LearningPath.objects.create(
        title=title,
        slug=title.lower().replace(" ", "-"),
        skill=skill,
        audience=audience,
        **fields,
    )
    PathStep.objects.bulk_create(
        PathStep(path=path, order=n, kind="activity", title=f"Step {n + 1}") for n in range(steps)
    )
    return path


def do_steps(person: Person, path: LearningPath, count: int) -> PathProgress:
    """`person` has done the first `count` steps of `path` and no other (completed when
    that is all of them)."""
    now = timezone.now()
    steps = list(path.steps.order_by("order"))
    progress, _ = PathProgress.objects.get_or_create(
        person=person, path=path, defaults={"started_at": now}
    )
    for step in steps[:count]:
        StepCompletion.objects.get_or_create(
            progress=progress, step=step, defaults={"done_at": now}
        )
    StepCompletion.objects.filter(progress=progress, step__in=steps[count:]).delete()
    progress.completed_at = now if count >= len(steps) else None
    progress.save(update_fields=["completed_at"])
    return progress
