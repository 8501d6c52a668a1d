from datetime import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime

from mentorpath.api.schemas.common import NO_NUL, Input, LongText
from mentorpath.api.schemas.mentorships import PersonBrief, person_brief, unset
from mentorpath.api.viewer import viewer
from mentorpath.mentoring.enums import CheckInStatus, InviteResponse
from mentorpath.mentoring.models import CheckIn
from mentorpath.people.validators import validate_time_zone

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _in_range(value: datetime) -> datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"Choose a time between {FIRST_YEAR} and {LAST_YEAR}.")
    return value


def _time_zone(value: str) -> str:
    try:
        validate_time_zone(value)
    except DjangoValidationError as error:
        raise ValueError(" ".join(error.messages)) from None
    return value


def _video_url(value: str) -> str:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError("Give the video call's http(s) link.") from None
    return value


StartsAt = Annotated[
    AwareDatetime,
    AfterValidator(_in_range),
    Field(description="ISO 8601 with its UTC offset, e.g. `2026-03-02T10:00:00+01:00`."),
]
TimeZoneName = Annotated[
    str,
    Field(max_length=64, description="An IANA time zone such as `Europe/Berlin`."),
    AfterValidator(_time_zone),
]
Minutes = Annotated[int, Field(ge=5, le=480)]
Location = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
VideoUrl = Annotated[str, Field(max_length=200), AfterValidator(_video_url)]


class CheckInIn(Input):
    starts_at: StartsAt
    time_zone: TimeZoneName | None = Field(
        None,
        description=(
            "The zone the invite is written in (and the meeting's local time of day is kept "
            "in). Default: your profile's time zone."
        ),
    )
    duration_minutes: Minutes = 45
    location: Location = Field("", description="A room or place; empty for a call.")
    video_url: VideoUrl = ""
    agenda: LongText = ""


class CheckInPatch(Input):
    """Only the fields you send change."""

    starts_at: StartsAt = unset()
    time_zone: TimeZoneName = unset()
    duration_minutes: Minutes = unset()
    location: Location = unset()
    video_url: VideoUrl = unset()
    agenda: LongText = unset()


class InviteAnswerIn(Input):
    accept: bool = Field(description="True to accept the invitation, false to decline it.")


class RecordIn(Input):
    outcome: Literal["held", "missed"]
    held_minutes: Annotated[int, Field(ge=1, le=480)] | None = Field(
        None,
        description="When held: the minutes you met (mentor hours). Default: the planned length.",
    )


def _local(value: datetime, context: Any) -> datetime:
    return value.astimezone(viewer(context["request"]).zone)


class CheckInOut(Schema):
    """A check-in of the pair. Times are given in UTC and, as `*_local`, in your profile's time
    zone (`viewer_time_zone`)."""

    id: int
    mentorship_id: int
    uid: str = Field(description="The calendar invite's UID; it never changes.")
    sequence: int = Field(description="The invite's SEQUENCE; each change raises it.")
    status: CheckInStatus
    starts_at: datetime = Field(description="In UTC.")
    ends_at: datetime = Field(description="In UTC.")
    starts_at_local: datetime = Field(description="In your time zone.")
    ends_at_local: datetime = Field(description="In your time zone.")
    viewer_time_zone: str = Field(description="Your profile's time zone (UTC without one).")
    time_zone: str = Field(description="The zone it was scheduled in; its invite uses it.")
    duration_minutes: int
    location: str
    video_url: str
    agenda: str
    scheduled_by: PersonBrief | None
    invitee_response: InviteResponse = Field(
        description="The answer of the one who did not schedule it."
    )
    invited_at: datetime = Field(description="When the invitee was last asked to answer.")
    responded_at: datetime | None
    held_minutes: int | None
    recorded_by: PersonBrief | None
    recorded_at: datetime | None
    cancelled_at: datetime | None
    ics_url: str = Field(description="Its calendar invite (.ics), for the mentor and the mentee.")

    @staticmethod
    def resolve_uid(obj: CheckIn) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_starts_at_local(obj: CheckIn, context: Any) -> datetime:
        return _local(obj.starts_at, context)

    @staticmethod
    def resolve_ends_at_local(obj: CheckIn, context: Any) -> datetime:
        return _local(obj.ends_at, context)

    @staticmethod
    def resolve_viewer_time_zone(obj: CheckIn, context: Any) -> str:
        return str(viewer(context["request"]).zone)

    @staticmethod
    def resolve_scheduled_by(obj: CheckIn) -> dict[str, Any] | None:
        return person_brief(obj.scheduled_by)

    @staticmethod
    def resolve_recorded_by(obj: CheckIn) -> dict[str, Any] | None:
        return person_brief(obj.recorded_by)

    @staticmethod
    def resolve_ics_url(obj: CheckIn) -> str:
        return reverse("integrations:checkin_ics", args=[obj.pk])


class SuggestionOut(Schema):
    """When to meet next: the agreed rhythm after the latest held or scheduled check-in (from
    now when there is none), on a weekday, never in the past."""

    starts_at: datetime = Field(description="In UTC.")
    starts_at_local: datetime = Field(description="In your time zone.")
    time_zone: str = Field(description="Your profile's time zone.")
    rhythm_days: int
