"""A pair's notes. Every read goes through `notes_visible_to`: shared notes for the pair and
its program's managers, a private note for its author alone. Nothing here says whether a
private note of someone else exists."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.common import Id
from mentorpath.api.schemas.notes import NoteFilters, NoteIn, NoteOut
from mentorpath.api.viewer import participant, reader
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.permissions import PermissionDenied
from mentorpath.mentoring import services
from mentorpath.mentoring.models import Note
from mentorpath.mentoring.permissions import get_mentorship_for
from mentorpath.mentoring.queries import checkins_of, notes_visible_to

router = Router(tags=["notes"])

NOTES = "/{mentorship_id}/notes"


@router.get(NOTES, response={200: list[NoteOut], **errors(401, 404, 422)})
@paginate(Pagination)
def list_notes(
    request: HttpRequest, mentorship_id: Id, filters: Query[NoteFilters]
) -> QuerySet[Note]:
    """The notes you may read, newest first: the shared ones, and your own private ones if you
    are in the pair. Managers and admins never get a private note."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    notes = notes_visible_to(mentorship=mentorship, person=reader(request, mentorship))
    if filters.checkin is not None:
        notes = notes.filter(checkin_id=filters.checkin)
    return notes


@router.post(NOTES, response={201: NoteOut, **errors(400, 401, 403, 404, 409, 422)})
def add_note(request: HttpRequest, mentorship_id: Id, payload: NoteIn) -> Status[Note]:
    """Write a note (the mentor or the mentee), shared or private, optionally about one of the
    pair's check-ins. 409 unless the pair is active, paused or completed."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    person = participant(request, mentorship)
    checkin = None
    if payload.checkin is not None:
        checkin = checkins_of(mentorship=mentorship).filter(pk=payload.checkin).first()
        if checkin is None:
            raise ApplicationError({"checkin": "Choose a check-in of this pair."})
    note = services.note_add(
        mentorship=mentorship,
        person=person,
        body=payload.body,
        visibility=payload.visibility,
        checkin=checkin,
    )
    return Status(201, note)


@router.delete(f"{NOTES}/{{note_id}}", response={204: None, **errors(400, 401, 403, 404, 422)})
def delete_note(request: HttpRequest, mentorship_id: Id, note_id: Id) -> Status[None]:
    """Delete a note you wrote. Someone else's shared note gets 403; a note you cannot read
    (someone else's private note) gets 404, as if there were none."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    person = participant(request, mentorship)
    note = notes_visible_to(mentorship=mentorship, person=person).filter(pk=note_id).first()
    if note is None:
        raise Http404("No such note.")
    if note.author_id != person.pk:
        raise PermissionDenied("Only its author can delete a note.")
    services.note_delete(note=note, person=person)
    return Status(204, None)
