from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from mentorpath.api.schemas.common import NO_NUL, Input
from mentorpath.api.schemas.enrollments import ProgramRef
from mentorpath.api.schemas.matching import ParticipantOut
from mentorpath.mentoring.enums import EndReason, MentorshipSource, MentorshipStatus
from mentorpath.mentoring.models import Mentorship
from mentorpath.programs.enums import EnrollmentRole

EndNote = Annotated[str, Field(max_length=500, pattern=NO_NUL)]


class ExplanationOut(Schema):
    """One reason the pair was proposed."""

    criterion: str = ""
    text: str
    share: float | None = Field(None, description="Its share of the score, in percent.")


class MentorshipOut(Schema):
    id: int
    program: ProgramRef
    mentor: ParticipantOut
    mentee: ParticipantOut
    status: MentorshipStatus
    source: MentorshipSource
    match_score: float | None
    score_parts: dict[str, float]
    explanation: list[ExplanationOut]
    mentor_accepted_at: datetime | None
    mentee_accepted_at: datetime | None
    declined_by: EnrollmentRole | None = Field(description="Who declined, if anyone.")
    started_at: datetime | None
    ended_at: datetime | None
    end_reason: EndReason | None
    end_note: str
    created_at: datetime

    @staticmethod
    def resolve_declined_by(obj: Mentorship) -> str | None:
        return obj.declined_by or None

    @staticmethod
    def resolve_end_reason(obj: Mentorship) -> str | None:
        return obj.end_reason or None


class RespondIn(Input):
    accept: bool = Field(description="True to accept the pairing, false to decline it.")


class EndIn(Input):
    reason: EndReason = Field(
        description="`mismatch` (no fault) returns both to the pool and never pairs them again."
    )
    note: EndNote = ""
