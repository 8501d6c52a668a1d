"""Mentorships: a participant's own pairs, answering a proposed pair, ending a pair."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.common import Id
from mentorpath.api.schemas.mentorships import EndIn, MentorshipOut, RespondIn
from mentorpath.core.permissions import PermissionDenied
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.permissions import get_mentorship_for
from mentorpath.mentoring.queries import mentorships_of
from mentorpath.mentoring.services import mentorship_end, mentorship_respond
from mentorpath.people.permissions import own_person

router = Router(tags=["mentorships"])

PARTICIPANTS = ("mentor__person__department", "mentee__person__department")


@router.get("", response={200: list[MentorshipOut], **errors(401, 403, 422)})
@paginate(Pagination)
def my_mentorships(request: HttpRequest) -> QuerySet[Mentorship]:
    """Your own pairs, as mentor or mentee, newest first."""
    person = own_person(current_user(request))
    return mentorships_of(person=person).select_related(*PARTICIPANTS).order_by("-created_at", "pk")


@router.get("/{mentorship_id}", response={200: MentorshipOut, **errors(401, 404, 422)})
def get_mentorship(request: HttpRequest, mentorship_id: Id) -> Mentorship:
    """A pair you are in, or one in a program you manage."""
    return get_mentorship_for(current_user(request), mentorship_id)


@router.post(
    "/{mentorship_id}/respond", response={200: MentorshipOut, **errors(400, 401, 403, 404, 422)}
)
def respond_to_mentorship(
    request: HttpRequest, mentorship_id: Id, payload: RespondIn
) -> Mentorship:
    """Accept or decline a proposed pair you are in. When both accept, the mentorship starts;
    a decline frees the mentor's slot and returns the mentee to the pool."""
    user = current_user(request)
    mentorship = get_mentorship_for(user, mentorship_id)
    person = getattr(user, "person", None)
    if person is None or person.pk not in (
        mentorship.mentor.person_id,
        mentorship.mentee.person_id,
    ):
        raise PermissionDenied("Only the mentor and the mentee answer a proposal.")
    mentorship_respond(mentorship=mentorship, person=person, accept=payload.accept)
    return get_mentorship_for(user, mentorship_id)


@router.post(
    "/{mentorship_id}/end", response={200: MentorshipOut, **errors(400, 401, 403, 404, 422)}
)
def end_mentorship(request: HttpRequest, mentorship_id: Id, payload: EndIn) -> Mentorship:
    """End a proposed or active pair (its mentor, its mentee or the program's managers).
    Ending for `mismatch` returns both to the pool; the two are never proposed again."""
    user = current_user(request)
    mentorship = get_mentorship_for(user, mentorship_id)
    mentorship_end(mentorship=mentorship, reason=payload.reason, note=payload.note, by=user)
    return get_mentorship_for(user, mentorship_id)
