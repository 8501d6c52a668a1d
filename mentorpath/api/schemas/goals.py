from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

from mentorpath.api.schemas.common import NO_NUL, Id, Input, LongText, Ref
from mentorpath.api.schemas.mentorships import PersonBrief, person_brief, unset
from mentorpath.mentoring.enums import GoalStatus
from mentorpath.mentoring.models import Goal, GoalUpdate, Milestone


def _text(max_length: int) -> Any:
    """Required text: surrounding blanks are dropped, and something must remain."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        Field(pattern=NO_NUL),
    ]


Title = _text(200)
Measure = _text(300)
Description = _text(5000)
Progress = Annotated[int, Field(ge=0, le=100)]
SKILL = "A skill of the taxonomy by id (GET /skills); null for none."
OBJECTIVE = "One of the program's objectives by id; null for none."


class GoalIn(Input):
    """A SMART goal of the mentee's."""

    title: Title
    description: Description = Field(description="Specific: what exactly will be different.")
    measure: Measure = Field(description="Measurable: how you will know.")
    target_date: date = Field(description="Time-bound: by when.")
    skill: Id | None = Field(None, description=SKILL)
    objective: Id | None = Field(None, description=OBJECTIVE)


class GoalPatch(Input):
    """Only the fields you send change."""

    title: Title = unset()
    description: Description = unset()
    measure: Measure = unset()
    target_date: date = unset()
    skill: Id | None = unset()
    objective: Id | None = unset()


class ObjectiveRef(Schema):
    id: int
    title: str


class MilestoneOut(Schema):
    id: int
    goal_id: int
    title: str
    due_on: date
    done: bool
    done_at: datetime | None

    @staticmethod
    def resolve_done(obj: Milestone) -> bool:
        return obj.done_at is not None


class GoalOut(Schema):
    id: int
    mentorship_id: int
    title: str
    description: str
    measure: str
    target_date: date
    skill: Ref | None
    objective: ObjectiveRef | None
    status: GoalStatus
    progress: int = Field(description="Per cent done.")
    completed_at: datetime | None
    milestones: list[MilestoneOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_milestones(obj: Goal) -> list[Milestone]:
        return list(obj.milestones.all())


class GoalUpdateIn(Input):
    """A progress update or a comment; at least one of the three."""

    progress: Progress | None = Field(None, description="The new progress, in percent.")
    status: GoalStatus | None = Field(
        None, description="The new status; `done` sets progress to 100."
    )
    comment: LongText = ""


class GoalUpdateOut(Schema):
    id: int
    goal_id: int
    author: PersonBrief | None
    progress: int | None
    status: GoalStatus | None
    comment: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: GoalUpdate) -> dict[str, Any] | None:
        return person_brief(obj.author)

    @staticmethod
    def resolve_status(obj: GoalUpdate) -> str | None:
        return obj.status or None


class MilestoneIn(Input):
    title: Title
    due_on: date


class MilestoneDoneIn(Input):
    done: bool = Field(description="True to tick the milestone off, false to reopen it.")
