"""Reads for the resource library and learning paths: filtered resource lists with their
usefulness (average rating and count) and the viewer's bookmark, bookmarks, paths with their
step counts, and a person's progress."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from mentorpath.accounts.models import User
from mentorpath.learning.enums import Audience
from mentorpath.learning.models import (
    Bookmark,
    LearningPath,
    PathProgress,
    PathStep,
    Resource,
    ResourceRating,
    StepCompletion,
)
from mentorpath.learning.permissions import is_curator
from mentorpath.people.models import Person, Skill


def _with_usefulness(resources: QuerySet[Resource], person: Person | None) -> QuerySet[Resource]:
    """Annotate `avg_rating` (None when unrated), `rating_count`, `is_bookmarked` and
    `my_rating` (the person's own rating, None if they gave none)."""
    ratings = ResourceRating.objects.filter(resource=OuterRef("pk")).order_by().values("resource")
    resources = resources.annotate(
        avg_rating=Subquery(ratings.annotate(a=Avg("rating")).values("a")[:1]),
        rating_count=Coalesce(
            Subquery(ratings.annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()),
            Value(0),
        ),
    )
    if person is None:
        return resources.annotate(
            is_bookmarked=Value(False), my_rating=Value(None, output_field=IntegerField())
        )
    return resources.annotate(
        is_bookmarked=Exists(Bookmark.objects.filter(resource=OuterRef("pk"), person=person)),
        my_rating=Subquery(
            ResourceRating.objects.filter(resource=OuterRef("pk"), person=person).values("rating")[
                :1
            ]
        ),
    )


def resources_visible_to(*, user: User) -> QuerySet[Resource]:
    """Every resource for curators, published ones for everyone else."""
    resources = Resource.objects.all()
    return resources if is_curator(user) else resources.filter(is_published=True)


def resource_list(
    *,
    user: User,
    person: Person | None,
    search: str = "",
    kind: str = "",
    skill: Skill | None = None,
    level: int | None = None,
    audience: str = "",
    program_type: str = "",
    bookmarked: bool = False,
) -> QuerySet[Resource]:
    """The resources `user` may see that match every filter given, by title.

    `level`, `audience` and `program_type` keep what suits them: a resource for level 3 or for
    any level; for mentors or for both; for career programs or for every program type.
    `bookmarked` keeps the person's bookmarks."""
    resources = resources_visible_to(user=user)
    search = search.strip()
    if search:
        resources = resources.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if kind:
        resources = resources.filter(kind=kind)
    if skill is not None:
        resources = resources.filter(
            pk__in=Resource.skills.through.objects.filter(skill=skill).values("resource_id")
        )
    if level is not None:
        resources = resources.filter(Q(level=level) | Q(level__isnull=True))
    if audience and audience != Audience.BOTH:
        resources = resources.filter(audience__in=(audience, Audience.BOTH))
    elif audience == Audience.BOTH:
        resources = resources.filter(audience=Audience.BOTH)
    if program_type:
        # The list is stored as JSON text; a quoted value matches one whole element.
        resources = resources.filter(
            Q(program_types=[]) | Q(program_types__icontains=f'"{program_type}"')
        )
    if bookmarked:
        if person is None:
            return resources.none()
        resources = resources.filter(bookmarks__person=person)
    return (
        _with_usefulness(resources, person)
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")))
        .order_by("title", "pk")
    )


def resource_detail(*, resource: Resource, person: Person | None) -> Resource:
    """The resource with the same annotations as `resource_list`."""
    return (
        _with_usefulness(Resource.objects.filter(pk=resource.pk), person)
        .prefetch_related("skills")
        .get()
    )


def paths_using(*, resource: Resource, user: User) -> QuerySet[LearningPath]:
    return paths_visible_to(user=user).filter(steps__resource=resource).distinct()


def bookmarks_of(*, person: Person, user: User) -> QuerySet[Resource]:
    """The resources the person bookmarked (that they may still see), newest bookmark first."""
    newest = Bookmark.objects.filter(resource=OuterRef("pk"), person=person).values("created_at")[
        :1
    ]
    return (
        _with_usefulness(resources_visible_to(user=user).filter(bookmarks__person=person), person)
        .annotate(bookmarked_at=Subquery(newest))
        .prefetch_related("skills")
        .order_by("-bookmarked_at", "pk")
    )


# Paths --------------------------------------------------------------------------------------


def paths_visible_to(*, user: User) -> QuerySet[LearningPath]:
    paths = LearningPath.objects.all()
    return paths if is_curator(user) else paths.filter(is_published=True)


def path_list(*, user: User, person: Person | None) -> QuerySet[LearningPath]:
    """Visible paths with `step_count`, and the person's `started_at`, `completed_at` and
    `done_count` (None / 0 when they have not started)."""
    steps = PathStep.objects.filter(path=OuterRef("pk")).order_by().values("path")
    paths = (
        paths_visible_to(user=user)
        .select_related("skill")
        .annotate(
            step_count=Coalesce(
                Subquery(
                    steps.annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()
                ),
                Value(0),
            )
        )
    )
    if person is None:
        return paths.order_by("title", "pk")
    mine = PathProgress.objects.filter(path=OuterRef("pk"), person=person)
    done = (
        StepCompletion.objects.filter(progress__path=OuterRef("pk"), progress__person=person)
        .order_by()
        .values("progress")
    )
    return paths.annotate(
        started_at=Subquery(mine.values("started_at")[:1]),
        completed_at=Subquery(mine.values("completed_at")[:1]),
        done_count=Coalesce(
            Subquery(done.annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()),
            Value(0),
        ),
    ).order_by("title", "pk")


def path_steps(*, path: LearningPath) -> list[PathStep]:
    return list(path.steps.select_related("resource").order_by("order", "pk"))


@dataclass(frozen=True)
class Progress:
    """A person's progress on a path: `progress` is None until they start it."""

    path: LearningPath
    progress: PathProgress | None
    total: int
    done: int
    done_step_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def started(self) -> bool:
        return self.progress is not None

    @property
    def started_at(self) -> datetime | None:
        return self.progress.started_at if self.progress else None

    @property
    def completed_at(self) -> datetime | None:
        return self.progress.completed_at if self.progress else None

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def path_progress_for(*, person: Person, path: LearningPath) -> Progress:
    """How far the person is on the path: steps done of all, percentage, completion."""
    total = PathStep.objects.filter(path=path).count()
    progress = PathProgress.objects.filter(person=person, path=path).first()
    done_ids: frozenset[int] = frozenset()
    if progress is not None:
        done_ids = frozenset(
            StepCompletion.objects.filter(progress=progress, step__path=path).values_list(
                "step_id", flat=True
            )
        )
    return Progress(
        path=path, progress=progress, total=total, done=len(done_ids), done_step_ids=done_ids
    )


def completed_paths(*, person: Person) -> QuerySet[LearningPath]:
    """The paths the person completed (every step done), most recently completed first."""
    return (
        LearningPath.objects.filter(progress__person=person, progress__completed_at__isnull=False)
        .select_related("skill")
        .annotate(completed_at=F("progress__completed_at"))
        .order_by("-completed_at", "pk")
    )


def paths_in_progress(*, person: Person) -> QuerySet[LearningPath]:
    """The paths the person started and has not completed, most recently started first, with
    `step_count` and `done_count`."""
    steps = PathStep.objects.filter(path=OuterRef("pk")).order_by().values("path")
    done = (
        StepCompletion.objects.filter(progress__path=OuterRef("pk"), progress__person=person)
        .order_by()
        .values("progress")
    )
    return (
        LearningPath.objects.filter(progress__person=person, progress__completed_at__isnull=True)
        .select_related("skill")
        .annotate(
            started_at=F("progress__started_at"),
            step_count=Coalesce(
                Subquery(
                    steps.annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()
                ),
                Value(0),
            ),
            done_count=Coalesce(
                Subquery(done.annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()),
                Value(0),
            ),
        )
        .order_by("-started_at", "pk")
    )
