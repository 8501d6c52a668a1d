from datetime import date
from typing import Literal

from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

from mentorpath.api.schemas.common import Slug


class ExportQuery(Schema):
    format: Literal["csv", "xlsx"] = Field("csv", description="The file's format.")
    program: Slug | None = Field(
        None, description="Only this program (its slug); one you may export."
    )
    date_from: date | None = Field(
        None, description="From this day (inclusive); what it applies to depends on the data."
    )
    date_to: date | None = Field(None, description="To this day (inclusive).")

    @field_validator("date_to")
    @classmethod
    def not_before_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("date_from")
        if value is not None and start is not None and value < start:
            raise ValueError("The end date is before the start date.")
        return value
