"""Constrained field types shared by the input schemas.

The bounds are part of the OpenAPI schema, so clients (and schemathesis) see them; they also
keep values the database cannot store (NUL characters, ids beyond 64 bits) out of queries.
"""

from datetime import date
from typing import Annotated

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

NO_NUL = r"^[^\x00]*$"
MAX_ID = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = Annotated[str, Field(min_length=1, max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")]
SearchText = Annotated[str, Field(max_length=100, pattern=NO_NUL)]
ShortText = Annotated[str, Field(max_length=300, pattern=NO_NUL)]
LongText = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
Level = Annotated[int, Field(ge=1, le=12)]


class DateRange(Schema):
    """Query parameters `date_from` and `date_to`, both days included; the end may not come
    before the start (422)."""

    date_from: date | None = Field(None, description="From this day (inclusive).")
    date_to: date | None = Field(None, description="To this day (inclusive).")

    @field_validator("date_to")
    @classmethod
    def not_before_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("date_from")
        if value is not None and start is not None and value < start:
            raise ValueError("The end date is before the start date.")
        return value


class Ref(Schema):
    """A related object by id and name."""

    id: int
    name: str


class Input(BaseModel):
    """A request body: a JSON object with only the documented fields.

    Plain pydantic rather than ninja's Schema, which reads attributes off any value and would
    take a list or a string for an object whose fields all have defaults.
    """

    model_config = ConfigDict(extra="forbid")
