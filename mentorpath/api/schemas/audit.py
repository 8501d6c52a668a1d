from datetime import datetime
from typing import Any

from ninja import Field, Schema

from mentorpath.api.schemas.common import MAX_ID, DateRange, SearchText


class AuditEntryFilters(DateRange):
    actor: SearchText = Field("", description="Part of the actor's name or email (any case).")
    action: SearchText = Field("", description="A prefix: `match.` finds every match action.")
    target_type: SearchText = Field(
        "", description="The record's type, exactly, e.g. `programs.program`."
    )
    text: SearchText = Field(
        "", description="Part of the record's label or the actor's name or email (any case)."
    )
    after_id: int | None = Field(
        None,
        ge=0,
        le=MAX_ID,
        description="Only entries whose id is greater, oldest first (by id): give the last id "
        "you stored to pull what is new. Without it, newest first.",
    )


class AuditEntryOut(Schema):
    """One change: who made it, when, to which record, and each changed field."""

    id: int
    at: datetime
    actor_id: int | None = Field(
        description="The account that made the change; null for the system or a deleted account."
    )
    actor_label: str = Field(description="The actor's name and email as they were then.")
    action: str = Field(description="A dotted action name, e.g. `program.updated`.")
    target_type: str
    target_id: str
    target_label: str
    changes: dict[str, Any] = Field(description="{field: [before, after]} for each change.")
    context: dict[str, Any]
