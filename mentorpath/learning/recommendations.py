"""A person's recommended resources and learning paths: reads their gaps, the library and the
ratings from the database and ranks them with the pure `learning.recommend` (its docstring has
the formula)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Sum

from mentorpath.learning import recommend
from mentorpath.learning.enums import Audience
from mentorpath.learning.models import (
    LearningPath,
    PathProgress,
    Resource,
    ResourceAssignment,
    ResourceRating,
)
from mentorpath.mentoring.enums import OPEN_GOAL, RUNNING_MENTORSHIP
from mentorpath.mentoring.models import Goal
from mentorpath.people.models import Person, PersonSkill
from mentorpath.programs.enums import EnrollmentStatus, ProgramType
from mentorpath.programs.models import Enrollment

RESOURCE = "resource"
PATH = "path"
FOR_MENTEES = (Audience.MENTEE, Audience.BOTH)


@dataclass
class Recommendation:
    resource: Resource | None
    path: LearningPath | None
    score: float
    reasons: list[str]

    @property
    def kind(self) -> str:
        return RESOURCE if self.resource is not None else PATH

    @property
    def item(self) -> Resource | LearningPath:
        item = self.resource or self.path
        assert item is not None
        return item

    @property
    def title(self) -> str:
        return self.item.title


def learner_for(*, person: Person) -> recommend.Learner:
    """The person's gaps (wanted skills and their goals' skills, with their current level) and
    the types of the programs they are in."""
    gaps: dict[int, dict] = {}
    for ps in PersonSkill.objects.filter(person=person).select_related("skill"):
        gaps[ps.skill_id] = {
            "skill_name": ps.skill.name,
            "level": ps.level,
            "wants_to_learn": ps.wants_to_learn,
            "goals": [],
        }
    goals = (
        Goal.objects.filter(
            mentorship__mentee__person=person,
            mentorship__status__in=RUNNING_MENTORSHIP,
            status__in=OPEN_GOAL,
            skill__isnull=False,
        )
        .select_related("skill")
        .order_by("target_date", "pk")
    )
    for goal in goals:
        assert goal.skill is not None and goal.skill_id is not None
        entry = gaps.setdefault(
            goal.skill_id,
            {"skill_name": goal.skill.name, "level": None, "wants_to_learn": False, "goals": []},
        )
        if goal.title not in entry["goals"]:
            entry["goals"].append(goal.title)
    program_types = frozenset(
        Enrollment.objects.filter(person=person, status=EnrollmentStatus.APPROVED).values_list(
            "program__program_type", flat=True
        )
    )
    return recommend.Learner(
        gaps=tuple(
            recommend.Gap(
                skill_id=skill_id,
                skill_name=entry["skill_name"],
                level=entry["level"],
                wants_to_learn=entry["wants_to_learn"],
                goals=tuple(entry["goals"]),
            )
            for skill_id, entry in sorted(gaps.items())
            if entry["wants_to_learn"] or entry["goals"]
        ),
        program_types=program_types,
        program_type_names=dict(ProgramType.choices),
    )


def _resource_items(person: Person) -> tuple[list[recommend.Item], dict[int, Resource]]:
    done = ResourceAssignment.objects.filter(
        mentorship__mentee__person=person, done_at__isnull=False
    ).values("resource_id")
    resources = {
        r.pk: r
        for r in Resource.objects.filter(is_published=True, audience__in=FOR_MENTEES).exclude(
            pk__in=done
        )
    }
    skills: dict[int, list[int]] = defaultdict(list)
    through = Resource.skills.through.objects.filter(resource_id__in=list(resources))
    for resource_id, skill_id in through.values_list("resource_id", "skill_id"):
        skills[resource_id].append(skill_id)
    ratings = {
        row["resource_id"]: (row["total"], row["n"])
        for row in ResourceRating.objects.filter(resource_id__in=list(resources))
        .values("resource_id")
        .annotate(total=Sum("rating"), n=Count("pk"))
    }
    items = [
        recommend.Item(
            key=(RESOURCE, r.pk),
            title=r.title,
            skill_ids=tuple(sorted(skills[r.pk])),
            level=r.level,
            audience=r.audience,
            program_types=tuple(r.program_types or ()),
            rating_sum=ratings.get(r.pk, (0, 0))[0],
            rating_count=ratings.get(r.pk, (0, 0))[1],
        )
        for r in resources.values()
    ]
    return items, resources


def _path_items(person: Person) -> tuple[list[recommend.Item], dict[int, LearningPath]]:
    completed = PathProgress.objects.filter(person=person, completed_at__isnull=False).values(
        "path_id"
    )
    paths = {
        p.pk: p
        for p in LearningPath.objects.filter(is_published=True, audience__in=FOR_MENTEES)
        .exclude(pk__in=completed)
        .select_related("skill")
    }
    ratings = {
        row["path_id"]: (row["total"] or 0, row["n"])
        for row in ResourceRating.objects.filter(
            resource__is_published=True, resource__steps__path_id__in=list(paths)
        )
        .values(path_id=F("resource__steps__path_id"))
        .annotate(total=Sum("rating"), n=Count("pk"))
        .order_by()
    }
    items = [
        recommend.Item(
            key=(PATH, p.pk),
            title=p.title,
            skill_ids=(p.skill_id,) if p.skill_id else (),
            audience=p.audience,
            program_types=(p.program_type,) if p.program_type else (),
            rating_sum=ratings.get(p.pk, (0, 0))[0],
            rating_count=ratings.get(p.pk, (0, 0))[1],
            rated="its resources are rated",
        )
        for p in paths.values()
    ]
    return items, paths


def recommendations_for(*, person: Person, limit: int | None = None) -> list[Recommendation]:
    """Resources and paths for `person`, best first, each with its reasons. Leaves out what is
    meant for mentors only, resources they completed as an assignment and paths they
    completed. A fixed number of queries, whatever the size of the library."""
    learner = learner_for(person=person)
    if not learner.gaps and not learner.program_types:
        return []
    resource_items, resources = _resource_items(person)
    path_items, paths = _path_items(person)
    totals = ResourceRating.objects.aggregate(total=Sum("rating"), n=Count("pk"))
    mean = recommend.global_mean(totals["total"] or 0, totals["n"] or 0)
    ranked = recommend.rank(learner, [*resource_items, *path_items], mean, limit)
    result = []
    for r in ranked:
        key: tuple[str, int] = r.key  # type: ignore[assignment]
        kind, pk = key
        result.append(
            Recommendation(
                resources.get(pk) if kind == RESOURCE else None,
                paths.get(pk) if kind == PATH else None,
                r.score,
                r.reasons,
            )
        )
    return result
