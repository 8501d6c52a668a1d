from datetime import datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from mentorpath.api.schemas.common import NO_NUL, Id, Input, LongText, Ref, SearchText
from mentorpath.learning.enums import Audience, ResourceKind, StepKind
from mentorpath.learning.models import LearningPath, PathStep, Resource
from mentorpath.learning.queries import Progress
from mentorpath.programs.enums import ProgramType

Title = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Url = Annotated[str, Field(max_length=500, pattern=r"^(https?://[^\x00\s]+)?$")]
SkillLevel = Annotated[int, Field(ge=1, le=5)]
Minutes = Annotated[int, Field(ge=1, le=100_000)]
Rating = Annotated[int, Field(ge=1, le=5)]


class ResourceFilters(Schema):
    q: SearchText = Field("", description="Words in the title or description.")
    kind: ResourceKind | None = None
    skill: Id | None = Field(None, description="A skill id.")
    level: SkillLevel | None = Field(None, description="Resources for this level or for any level.")
    audience: Audience | None = Field(
        None, description="mentor or mentee: resources for them or for both; both: for both."
    )
    program_type: ProgramType | None = Field(
        None, description="Resources for this program type or for every type."
    )
    bookmarked: bool = Field(False, description="Only the resources you bookmarked.")


class ResourceOut(Schema):
    """A resource in the library: a link, an uploaded file (download it from `file_url`), or
    both; with how useful people found it and whether you bookmarked it."""

    id: int
    title: str
    description: str
    kind: ResourceKind
    url: str = Field(description="The link; empty for a file-only resource.")
    file_url: str | None = Field(description="Download address of the uploaded file, if any.")
    content_type: str = Field(description="The uploaded file's type; empty for a link.")
    file_size: int | None = Field(description="The uploaded file's size in bytes.")
    skills: list[Ref]
    level: int | None = Field(description="The skill level it suits best; null: any level.")
    audience: Audience
    program_types: list[str] = Field(description="Program types it suits; empty: all.")
    minutes: int | None = Field(description="Estimated time in minutes.")
    is_published: bool = Field(description="Unpublished resources are seen by curators only.")
    average_rating: float | None = Field(description="Average usefulness, 1–5; null if unrated.")
    rating_count: int
    my_rating: int | None = Field(description="Your own rating, if you gave one.")
    bookmarked: bool = Field(description="You bookmarked it.")

    @staticmethod
    def resolve_file_url(obj: Resource) -> str | None:
        return reverse("learning:resource_file", args=[obj.pk]) if obj.file else None

    @staticmethod
    def resolve_skills(obj: Resource) -> list[dict[str, Any]]:
        return [{"id": skill.pk, "name": skill.name} for skill in obj.skills.all()]

    @staticmethod
    def resolve_program_types(obj: Resource) -> list[str]:
        return list(obj.program_types or [])

    @staticmethod
    def resolve_average_rating(obj: Resource) -> float | None:
        average = getattr(obj, "avg_rating", None)
        return round(float(average), 2) if average is not None else None

    @staticmethod
    def resolve_rating_count(obj: Resource) -> int:
        return int(getattr(obj, "rating_count", 0) or 0)

    @staticmethod
    def resolve_my_rating(obj: Resource) -> int | None:
        return getattr(obj, "my_rating", None)

    @staticmethod
    def resolve_bookmarked(obj: Resource) -> bool:
        return bool(getattr(obj, "is_bookmarked", False))


class ResourceIn(Input):
    """A link resource (upload files on the library page)."""

    title: Title
    description: LongText = ""
    kind: ResourceKind
    url: Url = Field(description="An http(s) address.")
    skills: list[Id] = Field([], description="Skill ids.", max_length=50)
    level: SkillLevel | None = None
    audience: Audience = Audience.BOTH
    program_types: list[ProgramType] = Field([], max_length=10)
    minutes: Minutes | None = None
    is_published: bool = True


class ResourcePatch(Input):
    """The fields to change; those left out stay as they are."""

    title: Title | None = None
    description: LongText | None = None
    kind: ResourceKind | None = None
    url: Url | None = Field(None, description="An http(s) address; empty to remove the link.")
    skills: list[Id] | None = Field(None, max_length=50)
    level: SkillLevel | None = None
    audience: Audience | None = None
    program_types: list[ProgramType] | None = Field(None, max_length=10)
    minutes: Minutes | None = None
    is_published: bool | None = None


class PathIn(Input):
    """A new learning path, without steps yet (add them with POST `.../steps`)."""

    title: Title
    description: LongText = ""
    skill: Id | None = Field(None, description="The skill it builds, if any.")
    program_type: ProgramType | None = Field(None, description="Empty: any program type.")
    audience: Audience = Audience.BOTH
    is_published: bool = True


class PathPatch(Input):
    """The fields to change; those left out stay as they are. A path a program requires
    before matching stays published and meant for that program's role (400 otherwise)."""

    title: Title | None = None
    description: LongText | None = None
    skill: Id | None = Field(None, description="A skill id; null for none.")
    program_type: ProgramType | None = None
    audience: Audience | None = None
    is_published: bool | None = None


class StepIn(Input):
    """A step appended to the path: a resource (`resource`) or an activity (`title`)."""

    kind: StepKind
    resource: Id | None = Field(None, description="A resource step's resource id.")
    title: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = Field(
        "", description="An activity's title."
    )
    instructions: LongText = ""


class StepMoveIn(Input):
    direction: Literal["up", "down"] = Field(
        description="Swap with the step before (up) or after (down); at either end, no change."
    )


class BookmarkOut(Schema):
    resource_id: int
    bookmarked: bool


class RatingIn(Input):
    rating: Rating = Field(description="How useful it was, from 1 to 5.")


class RatingOut(Schema):
    resource_id: int
    rating: int = Field(description="Your rating.")
    average_rating: float | None
    rating_count: int


class ResourceBrief(Schema):
    id: int
    title: str
    kind: ResourceKind
    url: str
    minutes: int | None


class StepOut(Schema):
    id: int
    order: int
    kind: StepKind
    title: str = Field(description="An activity's title (or a note on a resource step).")
    instructions: str
    resource: ResourceBrief | None = Field(description="A resource step's resource.")
    done: bool = Field(description="You marked it done.")


class ProgressOut(Schema):
    started: bool
    started_at: datetime | None
    completed_at: datetime | None = Field(description="Set once every step is done.")
    done: int = Field(description="Steps done.")
    total: int = Field(description="Steps in the path.")
    percent: int


class PathSummaryOut(Schema):
    id: int
    slug: str
    title: str
    description: str
    skill: Ref | None
    program_type: str = Field(description="The program type it is for; empty: any.")
    audience: Audience
    is_published: bool
    step_count: int
    started_at: datetime | None = Field(description="When you started it.")
    completed_at: datetime | None = Field(description="When you completed it.")
    done_count: int = Field(description="Steps you have done.")

    @staticmethod
    def resolve_skill(obj: LearningPath) -> dict[str, Any] | None:
        return {"id": obj.skill.pk, "name": obj.skill.name} if obj.skill else None

    @staticmethod
    def resolve_started_at(obj: LearningPath) -> datetime | None:
        return getattr(obj, "started_at", None)

    @staticmethod
    def resolve_completed_at(obj: LearningPath) -> datetime | None:
        return getattr(obj, "completed_at", None)

    @staticmethod
    def resolve_done_count(obj: LearningPath) -> int:
        return int(getattr(obj, "done_count", 0) or 0)


class PathOut(Schema):
    """A learning path, its ordered steps and your progress on it."""

    id: int
    slug: str
    title: str
    description: str
    skill: Ref | None
    program_type: str
    audience: Audience
    is_published: bool
    steps: list[StepOut]
    progress: ProgressOut


def path_out(path: LearningPath, steps: list[PathStep], progress: Progress | None) -> dict:
    done_ids = progress.done_step_ids if progress else frozenset()
    return {
        "id": path.pk,
        "slug": path.slug,
        "title": path.title,
        "description": path.description,
        "skill": {"id": path.skill.pk, "name": path.skill.name} if path.skill else None,
        "program_type": path.program_type,
        "audience": path.audience,
        "is_published": path.is_published,
        "steps": [
            {
                "id": step.pk,
                "order": step.order,
                "kind": step.kind,
                "title": step.title,
                "instructions": step.instructions,
                "resource": step.resource,
                "done": step.pk in done_ids,
            }
            for step in steps
        ],
        "progress": {
            "started": bool(progress and progress.started),
            "started_at": progress.started_at if progress else None,
            "completed_at": progress.completed_at if progress else None,
            "done": progress.done if progress else 0,
            "total": progress.total if progress else len(steps),
            "percent": progress.percent if progress else 0,
        },
    }
