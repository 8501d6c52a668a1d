from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from mentorpath.api.schemas.common import NO_NUL, Id, Input
from mentorpath.api.schemas.mentorships import PersonBrief, person_brief
from mentorpath.api.viewer import viewer
from mentorpath.mentoring.enums import NoteVisibility
from mentorpath.mentoring.models import Note

NoteBody = Annotated[str, Field(min_length=1, max_length=5000, pattern=NO_NUL)]


class NoteIn(Input):
    body: NoteBody
    visibility: NoteVisibility = Field(
        NoteVisibility.SHARED,
        description=(
            "`shared`: the pair and the program's managers read it; `private`: you alone, ever."
        ),
    )
    checkin: Id | None = Field(None, description="The check-in it is about, by id.")


class NoteFilters(Schema):
    checkin: Id | None = Field(None, description="Only the notes about this check-in.")


class NoteOut(Schema):
    id: int
    mentorship_id: int
    author: PersonBrief
    visibility: NoteVisibility
    body: str
    checkin: int | None = Field(description="The check-in it is about, by id.")
    mine: bool = Field(description="You wrote it (and may delete it).")
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Note) -> dict[str, Any] | None:
        return person_brief(obj.author)

    @staticmethod
    def resolve_checkin(obj: Note) -> int | None:
        return obj.checkin_id

    @staticmethod
    def resolve_mine(obj: Note, context: Any) -> bool:
        person = viewer(context["request"]).person
        return person is not None and obj.author_id == person.pk
