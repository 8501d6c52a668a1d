"""A pair's check-ins: scheduling with a calendar invite, moving, cancelling, answering the
invitation and recording what happened. Times go in with their UTC offset and come back in
UTC and in the caller's own time zone."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination, stable_order
from mentorpath.api.schemas.checkins import (
    CheckInIn,
    CheckInOut,
    CheckInPatch,
    InviteAnswerIn,
    RecordIn,
    SuggestionOut,
)
from mentorpath.api.schemas.common import Id
from mentorpath.api.viewer import UTC, participant, viewer
from mentorpath.mentoring import services
from mentorpath.mentoring.models import CheckIn
from mentorpath.mentoring.permissions import get_checkin_for, get_mentorship_for
from mentorpath.mentoring.queries import checkins_of, rhythm_of, suggest_next_checkin

router = Router(tags=["check-ins"])

CHECKINS = "/{mentorship_id}/checkins"
CHECKIN = f"{CHECKINS}/{{checkin_id}}"
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


@router.get(CHECKINS, response={200: list[CheckInOut], **errors(401, 404, 422)})
@paginate(Pagination)
def list_checkins(request: HttpRequest, mentorship_id: Id) -> QuerySet[CheckIn]:
    """The pair's check-ins, earliest first, whatever their status."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    return stable_order(checkins_of(mentorship=mentorship))


@router.post(CHECKINS, response={201: CheckInOut, **WRITE_ERRORS})
def schedule_checkin(
    request: HttpRequest, mentorship_id: Id, payload: CheckInIn
) -> Status[CheckIn]:
    """Schedule a check-in (the mentor or the mentee): both get a calendar invite and the other
    is asked to accept. No more than 60 days back. 409 unless the pair is active."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    person = participant(request, mentorship)
    data: dict[str, Any] = payload.model_dump()
    data["time_zone"] = data["time_zone"] or str(viewer(request).zone)
    return Status(201, services.checkin_schedule(mentorship=mentorship, person=person, data=data))


@router.get(f"{CHECKINS}/suggestion", response={200: SuggestionOut, **errors(401, 403, 404, 422)})
def suggest_checkin(request: HttpRequest, mentorship_id: Id) -> dict[str, Any]:
    """When to meet next, in your time zone (the mentor or the mentee)."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    person = participant(request, mentorship)
    starts_at = suggest_next_checkin(mentorship=mentorship, person=person)
    zone = viewer(request).zone
    return {
        "starts_at": starts_at.astimezone(UTC),
        "starts_at_local": starts_at.astimezone(zone),
        "time_zone": str(zone),
        "rhythm_days": rhythm_of(mentorship),
    }


@router.get(CHECKIN, response={200: CheckInOut, **errors(401, 404, 422)})
def get_checkin(request: HttpRequest, mentorship_id: Id, checkin_id: Id) -> CheckIn:
    return get_checkin_for(current_user(request), mentorship_id, checkin_id)


@router.patch(CHECKIN, response={200: CheckInOut, **WRITE_ERRORS})
def reschedule_checkin(
    request: HttpRequest, mentorship_id: Id, checkin_id: Id, payload: CheckInPatch
) -> CheckIn:
    """Move it or change its place or agenda (the mentor or the mentee): the invite keeps its
    UID with a higher SEQUENCE and the other is asked again. 409 unless it is scheduled."""
    checkin = get_checkin_for(current_user(request), mentorship_id, checkin_id)
    person = participant(request, checkin.mentorship)
    data = payload.model_dump(exclude_unset=True)
    return services.checkin_reschedule(checkin=checkin, person=person, data=data)


@router.post(f"{CHECKIN}/cancel", response={200: CheckInOut, **WRITE_ERRORS})
def cancel_checkin(request: HttpRequest, mentorship_id: Id, checkin_id: Id) -> CheckIn:
    """Cancel it (the mentor or the mentee); calendars get a cancellation. 409 unless it is
    scheduled."""
    checkin = get_checkin_for(current_user(request), mentorship_id, checkin_id)
    person = participant(request, checkin.mentorship)
    return services.checkin_cancel(checkin=checkin, person=person)


@router.post(f"{CHECKIN}/respond", response={200: CheckInOut, **WRITE_ERRORS})
def respond_to_checkin(
    request: HttpRequest, mentorship_id: Id, checkin_id: Id, payload: InviteAnswerIn
) -> CheckIn:
    """Accept or decline the invitation (the one of the pair who did not schedule it; the
    other gets 400). 409 unless it is scheduled."""
    checkin = get_checkin_for(current_user(request), mentorship_id, checkin_id)
    person = participant(request, checkin.mentorship)
    return services.checkin_respond(checkin=checkin, person=person, accept=payload.accept)


@router.post(f"{CHECKIN}/record", response={200: CheckInOut, **WRITE_ERRORS})
def record_checkin(
    request: HttpRequest, mentorship_id: Id, checkin_id: Id, payload: RecordIn
) -> CheckIn:
    """Record that it was held (its minutes count as mentor hours) or missed (the mentor or
    the mentee); a later record corrects an earlier one. 409 before it starts, once it is
    cancelled, or unless the pair is active or paused."""
    checkin = get_checkin_for(current_user(request), mentorship_id, checkin_id)
    person = participant(request, checkin.mentorship)
    return services.checkin_record(
        checkin=checkin, person=person, outcome=payload.outcome, held_minutes=payload.held_minutes
    )
