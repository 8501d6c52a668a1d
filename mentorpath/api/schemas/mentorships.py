from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from mentorpath.api.schemas.common import NO_NUL, Input
from mentorpath.api.schemas.enrollments import ProgramRef
from mentorpath.api.schemas.matching import ParticipantOut
from mentorpath.mentoring.enums import EndReason, MentorshipSource, MentorshipStatus
from mentorpath.mentoring.models import Agreement, Mentorship
from mentorpath.mentoring.queries import PairHealth
from mentorpath.people.models import Person
from mentorpath.programs.enums import EnrollmentRole

EndNote = Annotated[str, Field(max_length=500, pattern=NO_NUL)]
PauseNote = Annotated[str, Field(max_length=300, pattern=NO_NUL)]
RhythmDays = Annotated[int, Field(ge=7, le=90)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def unset() -> Any:
    """A PATCH field: left out means unchanged. `null` is refused (422) unless the field's type
    allows it; the documented schema shows no default."""
    return Field(None, json_schema_extra=_no_default)


class PersonBrief(Schema):
    """A person by id and name."""

    id: int
    full_name: str


def person_brief(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {"id": person.pk, "full_name": person.full_name}


class ExplanationOut(Schema):
    """One reason the pair was proposed."""

    criterion: str = ""
    text: str
    share: float | None = Field(None, description="Its share of the score, in percent.")


class AgreementSummaryOut(Schema):
    rhythm_days: int = Field(description="Days between check-ins that the pair agreed on.")
    mentor_acknowledged: bool
    mentee_acknowledged: bool


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
    paused_at: datetime | None = Field(description="Since when the pair is paused, if it is.")
    pause_note: str
    ended_at: datetime | None
    end_reason: EndReason | None
    end_note: str
    created_at: datetime
    agreement: AgreementSummaryOut | None = Field(
        description="The pair's agreement, from the moment both accepted; null before."
    )

    @staticmethod
    def resolve_declined_by(obj: Mentorship) -> str | None:
        return obj.declined_by or None

    @staticmethod
    def resolve_end_reason(obj: Mentorship) -> str | None:
        return obj.end_reason or None

    @staticmethod
    def resolve_agreement(obj: Mentorship) -> dict[str, Any] | None:
        agreement: Agreement | None = getattr(obj, "agreement", None)
        if agreement is None:
            return None
        return {
            "rhythm_days": agreement.rhythm_days,
            "mentor_acknowledged": agreement.mentor_acknowledged_at is not None,
            "mentee_acknowledged": agreement.mentee_acknowledged_at is not None,
        }


class RespondIn(Input):
    accept: bool = Field(description="True to accept the pairing, false to decline it.")


class EndIn(Input):
    reason: EndReason = Field(
        description="`mismatch` (no fault) returns both to the pool and never pairs them again."
    )
    note: EndNote = ""


class PauseIn(Input):
    note: PauseNote = Field("", description="Why, for example: parental leave until March.")


class AgreementOut(Schema):
    """The program's agreement as it read when the pair started (later edits of the program's
    text never change it), the rhythm the pair keeps and who acknowledged it."""

    mentorship_id: int
    expectations: str
    meeting_rhythm: str
    confidentiality: str
    how_to_end: str
    rhythm_days: int = Field(description="Days between check-ins that the pair agreed on.")
    rhythm_changed_by: PersonBrief | None
    rhythm_changed_at: datetime | None
    mentor_acknowledged_at: datetime | None
    mentee_acknowledged_at: datetime | None
    acknowledged: bool = Field(description="Both have acknowledged it.")
    created_at: datetime = Field(description="When it was frozen: the pair's start.")

    @staticmethod
    def resolve_rhythm_changed_by(obj: Agreement) -> dict[str, Any] | None:
        return person_brief(obj.rhythm_changed_by)


class RhythmIn(Input):
    rhythm_days: RhythmDays = Field(description="Meet every this many days, from 7 to 90.")


class MuteIn(Input):
    muted: bool = Field(description="True for no more reminders to meet about this pair.")


class MuteOut(Schema):
    muted: bool


class NudgeOut(Schema):
    sent: int = Field(
        description="Notices sent: one per person of the pair, 0 if already nudged today."
    )


PairFlag = Literal["stalled", "unresponsive_mentor", "at_risk"]


class PairFilters(Schema):
    flagged: bool | None = Field(
        None, description="Only pairs with a flag (true) or without one (false)."
    )


class PairHealthOut(Schema):
    """A live pair of the program and the signals its program team watches."""

    mentorship_id: int
    mentor: PersonBrief
    mentee: PersonBrief
    status: MentorshipStatus
    started_at: datetime | None
    last_held: datetime | None = Field(description="The latest check-in that was held.")
    next_checkin: datetime | None = Field(description="The next scheduled check-in.")
    held_count: int
    goal_count: int = Field(description="Goals not dropped.")
    goal_progress: int | None = Field(description="Their mean progress, in percent.")
    flags: list[PairFlag] = Field(
        description=(
            "`stalled`: no check-in held for twice the agreed rhythm; `unresponsive_mentor`: "
            "a proposal or invitation left unanswered by the mentor for 3 days; `at_risk`: a "
            "goal is marked at risk."
        )
    )

    @staticmethod
    def resolve_mentorship_id(obj: PairHealth) -> int:
        return obj.mentorship.pk

    @staticmethod
    def resolve_mentor(obj: PairHealth) -> dict[str, Any] | None:
        return person_brief(obj.mentorship.mentor.person)

    @staticmethod
    def resolve_mentee(obj: PairHealth) -> dict[str, Any] | None:
        return person_brief(obj.mentorship.mentee.person)

    @staticmethod
    def resolve_status(obj: PairHealth) -> str:
        return obj.mentorship.status

    @staticmethod
    def resolve_started_at(obj: PairHealth) -> datetime | None:
        return obj.mentorship.started_at

    @staticmethod
    def resolve_flags(obj: PairHealth) -> list[str]:
        return [
            flag for flag in ("stalled", "unresponsive_mentor", "at_risk") if getattr(obj, flag)
        ]
