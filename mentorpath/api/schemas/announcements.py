from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AwareDatetime

from mentorpath.announcements.enums import AnnouncementState
from mentorpath.announcements.models import Announcement
from mentorpath.announcements.queries import announcement_state
from mentorpath.api.schemas.common import NO_NUL, Id, Input
from mentorpath.api.schemas.enrollments import ProgramRef

Title = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Body = Annotated[str, Field(min_length=1, max_length=10_000, pattern=NO_NUL)]


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str = Field(description="Plain text; shown with its line breaks, links clickable.")
    program: ProgramRef | None = Field(description="null: organization-wide.")
    author: str | None = Field(description="The name of who wrote it.")
    state: AnnouncementState = Field(
        description="draft, scheduled (published_at in the future), published or expired."
    )
    published_at: datetime | None = Field(description="null: a draft.")
    expires_at: datetime | None
    emailed_at: datetime | None = Field(
        description="When every person of the audience had been notified; null until then."
    )

    @staticmethod
    def resolve_author(obj: Announcement) -> str | None:
        return obj.author.get_full_name() if obj.author else None

    @staticmethod
    def resolve_state(obj: Announcement) -> str:
        return announcement_state(obj)


class AnnouncementIn(Input):
    program_id: Id | None = Field(
        None, description="The program whose participants it goes to; null: the organization."
    )
    title: Title
    body: Body
    expires_at: AwareDatetime | None = Field(
        None, description="From then on it is no longer shown. With a time zone."
    )
    publish: bool = Field(False, description="false: keep it a draft.")
    publish_at: AwareDatetime | None = Field(
        None, description="With publish: a future time to publish it at; null: now."
    )


class PublishIn(Input):
    publish_at: AwareDatetime | None = Field(
        None, description="A future time to publish it at (scheduled); null: now."
    )
