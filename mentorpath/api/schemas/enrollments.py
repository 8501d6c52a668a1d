from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import PlainValidator, WithJsonSchema

from mentorpath.api.schemas.common import NO_NUL, Input, LongText, SearchText, ShortText
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment

MAX_ANSWER = 5000
MAX_CHOICES = 100
_TEXT = {"type": "string", "maxLength": MAX_ANSWER, "pattern": NO_NUL}


def _answer(value: Any) -> str | int | list[str]:
    """Check an answer's shape; whether it fits its question is the service's call."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        texts = [value]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        texts = value
    else:
        raise ValueError("Answer with text, a whole number, or a list of texts.")
    if len(texts) > MAX_CHOICES or not all(_storable(t) for t in texts):
        raise ValueError(f"Keep answers under {MAX_ANSWER} characters of plain text.")
    return value


def _storable(text: str) -> bool:
    """Within the length limit and storable as JSON text by every database (no NUL, no lone
    surrogate, both of which PostgreSQL's jsonb refuses)."""
    if len(text) > MAX_ANSWER or "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# One validator rather than a union, so a wrong answer gets one message, not one per type.
Answer = Annotated[
    Any,
    PlainValidator(_answer),
    WithJsonSchema(
        {
            "anyOf": [
                _TEXT,
                {"type": "integer"},
                {"type": "array", "items": _TEXT, "maxItems": MAX_CHOICES},
            ]
        }
    ),
]


class EnrollmentFilters(Schema):
    role: EnrollmentRole | None = None
    status: EnrollmentStatus | None = None
    search: SearchText = Field("", description="Words matched against name, email, department.")


class EnrollmentIn(Input):
    role: EnrollmentRole
    answers: dict[Annotated[str, Field(max_length=20)], Answer] = Field(
        {},
        description=(
            "Answers to the program's application questions, keyed by question id: text, "
            "a choice, a list of choices, or a scale value from 1 to 5."
        ),
    )
    capacity: int | None = Field(
        None, ge=0, le=20, description="Mentors: how many mentees (default: the program's)."
    )
    goals: LongText = ""


class DecisionIn(Input):
    note: ShortText = Field("", description="Shown to the participant.")


class ProgramRef(Schema):
    id: int
    slug: str
    name: str


class PersonRef(Schema):
    id: int
    full_name: str
    email: str
    title: str
    department: str | None
    level: int

    @staticmethod
    def resolve_department(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None


class EnrollmentOut(Schema):
    id: int
    program: ProgramRef
    person: PersonRef
    role: EnrollmentRole
    status: EnrollmentStatus
    capacity: int | None
    answers: dict[str, Any]
    goals: str
    decision_note: str
    decided_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_answers(obj: Enrollment) -> dict[str, Any]:
        return dict(obj.answers)
