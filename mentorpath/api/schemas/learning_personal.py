"""Schemas of recommendations, a pair's assigned resources and a program's training gate."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from mentorpath.api.schemas.common import MAX_ID, NO_NUL, Input
from mentorpath.learning.models import ResourceAssignment
from mentorpath.learning.readiness import NotReady
from mentorpath.learning.recommendations import Recommendation

Rating = Annotated[int, Field(ge=1, le=5)]
Note = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]


class RecommendationFilters(Schema):
    limit: int = Field(20, ge=1, le=100, description="How many to return, best first.")


class RecommendationOut(Schema):
    kind: Literal["resource", "path"]
    id: int
    title: str
    score: float = Field(description="Higher is better; see the README for the formula.")
    reasons: list[str] = Field(description='Why, in words: for your goal "…", etc.')


def recommendation_out(rec: Recommendation) -> dict:
    return {
        "kind": rec.kind,
        "id": rec.item.pk,
        "title": rec.title,
        "score": rec.score,
        "reasons": rec.reasons,
    }


class ResourceRef(Schema):
    id: int
    title: str
    kind: str
    url: str


class AssignmentOut(Schema):
    id: int
    mentorship: int = Field(description="The pair's id.")
    resource: ResourceRef
    assigned_by: str | None = Field(description="The mentor's name.")
    note: str
    created_at: datetime
    done_at: datetime | None = Field(description="When the mentee marked it done.")
    rating: int | None = Field(description="How useful the mentee found it, 1 to 5.")

    @staticmethod
    def resolve_mentorship(obj: ResourceAssignment) -> int:
        return obj.mentorship_id

    @staticmethod
    def resolve_assigned_by(obj: ResourceAssignment) -> str | None:
        return obj.assigned_by.full_name if obj.assigned_by else None


class AssignmentIn(Input):
    resource: int = Field(ge=1, le=MAX_ID, description="The id of a published resource.")
    note: Note = ""


class AssignmentDoneIn(Input):
    rating: Rating | None = Field(
        None, description="How useful it was, 1 (not useful) to 5 (very useful); optional."
    )


class NotReadyOut(Schema):
    enrollment: int
    person: int
    name: str
    role: Literal["mentor", "mentee"]
    path: int
    path_title: str
    steps_done: int
    steps_total: int
    reason: str


def not_ready_out(item: NotReady) -> dict:
    return {
        "enrollment": item.enrollment.pk,
        "person": item.enrollment.person_id,
        "name": item.enrollment.person.full_name,
        "role": item.enrollment.role,
        "path": item.path.pk,
        "path_title": item.path.title,
        "steps_done": item.steps_done,
        "steps_total": item.steps_total,
        "reason": item.reason,
    }


class ReadinessOut(Schema):
    mentor_training_path: int | None
    mentee_onboarding_path: int | None
    mentors: list[NotReadyOut] = Field(description="Approved mentors not ready to be matched.")
    mentees: list[NotReadyOut] = Field(description="Approved mentees not ready to be matched.")
