from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from mentorpath.api.schemas.common import NO_NUL, Id, Input
from mentorpath.api.schemas.enrollments import ProgramRef
from mentorpath.api.schemas.matching import MentorOut, ParticipantOut, ReasonOut
from mentorpath.matching.enums import RequestStatus

Message = Annotated[str, Field(max_length=1000, pattern=NO_NUL)]


class SuggestionOut(Schema):
    mentor: MentorOut
    score: float
    summary: str
    reasons: list[ReasonOut]


class RequestIn(Input):
    mentor_enrollment_id: Id = Field(description="One of the mentors suggested to you.")
    message: Message = ""


class RequestOut(Schema):
    id: int
    program: ProgramRef
    mentee: ParticipantOut
    mentor: ParticipantOut
    status: RequestStatus
    message: str
    score: float | None
    reasons: list[ReasonOut]
    expires_at: datetime
    responded_at: datetime | None
    mentorship_id: int | None = Field(description="The mentorship an accepted request started.")
    created_at: datetime


class AnswerIn(Input):
    accept: bool = Field(description="True to become their mentor, false to decline.")
