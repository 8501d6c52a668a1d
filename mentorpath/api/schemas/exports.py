from datetime import date
from typing import Literal

from ninja import Field

from mentorpath.api.schemas.common import DateRange, Slug


class ExportQuery(DateRange):
    format: Literal["csv", "xlsx"] = Field("csv", description="The file's format.")
    program: Slug | None = Field(
        None, description="Only this program (its slug); one you may export."
    )
    date_from: date | None = Field(
        None, description="From this day (inclusive); what it applies to depends on the data."
    )
