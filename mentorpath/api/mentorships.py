"""Mentorships: a participant's own pairs, answering a proposed pair, pausing and ending it,
its agreement, reminders, and the program team's view of its pairs' health."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Body, Query, Router
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.common import Id, Slug
from mentorpath.api.schemas.mentorships import (
    AgreementOut,
    EndIn,
    MentorshipOut,
    MuteIn,
    MuteOut,
    NudgeOut,
    PairFilters,
    PairHealthOut,
    PauseIn,
    RespondIn,
    RhythmIn,
)
from mentorpath.api.viewer import manager, participant
from mentorpath.core.permissions import PermissionDenied
from mentorpath.mentoring import services
from mentorpath.mentoring.models import Agreement, Mentorship
from mentorpath.mentoring.permissions import get_mentorship_for
from mentorpath.mentoring.queries import PairHealth, mentorships_of, pair_health
from mentorpath.people.permissions import own_person
from mentorpath.programs.permissions import get_program_for

router = Router(tags=["mentorships"])
programs_router = Router(tags=["mentorships"])

PARTICIPANTS = ("mentor__person__department", "mentee__person__department")
PAIR = "/{mentorship_id}"
NO_PAUSE_NOTE = PauseIn(note="")


@router.get("", response={200: list[MentorshipOut], **errors(401, 403, 422)})
@paginate(Pagination)
def my_mentorships(request: HttpRequest) -> QuerySet[Mentorship]:
    """Your own pairs, as mentor or mentee, newest first."""
    person = own_person(current_user(request))
    return (
        mentorships_of(person=person)
        .select_related(*PARTICIPANTS, "agreement")
        .order_by("-created_at", "pk")
    )


@router.get(PAIR, response={200: MentorshipOut, **errors(401, 404, 422)})
def get_mentorship(request: HttpRequest, mentorship_id: Id) -> Mentorship:
    """A pair you are in, or one in a program you manage."""
    return get_mentorship_for(current_user(request), mentorship_id)


@router.post(
    f"{PAIR}/respond", response={200: MentorshipOut, **errors(400, 401, 403, 404, 409, 422)}
)
def respond_to_mentorship(
    request: HttpRequest, mentorship_id: Id, payload: RespondIn
) -> Mentorship:
    """Accept or decline a proposed pair you are in. When both accept, the mentorship starts;
    a decline frees the mentor's slot and returns the mentee to the pool. 409 once the pair is
    no longer proposed."""
    user = current_user(request)
    mentorship = get_mentorship_for(user, mentorship_id)
    person = getattr(user, "person", None)
    if person is None or person.pk not in (
        mentorship.mentor.person_id,
        mentorship.mentee.person_id,
    ):
        raise PermissionDenied("Only the mentor and the mentee answer a proposal.")
    services.mentorship_respond(mentorship=mentorship, person=person, accept=payload.accept)
    return get_mentorship_for(user, mentorship_id)


@router.post(f"{PAIR}/end", response={200: MentorshipOut, **errors(400, 401, 403, 404, 409, 422)})
def end_mentorship(request: HttpRequest, mentorship_id: Id, payload: EndIn) -> Mentorship:
    """End a proposed, active or paused pair (its mentor, its mentee or the program's managers).
    Ending for `mismatch` returns both to the pool; the two are never proposed again. A pair
    ends as `completed` only with reason `completed` after it started. 409 once it has ended."""
    user = current_user(request)
    mentorship = get_mentorship_for(user, mentorship_id)
    services.mentorship_end(
        mentorship=mentorship, reason=payload.reason, note=payload.note, by=user
    )
    return get_mentorship_for(user, mentorship_id)


@router.post(f"{PAIR}/pause", response={200: MentorshipOut, **errors(400, 401, 403, 404, 409, 422)})
def pause_mentorship(
    request: HttpRequest, mentorship_id: Id, payload: Body[PauseIn] = NO_PAUSE_NOTE
) -> Mentorship:
    """Pause an active pair (its mentor, its mentee or the program's managers): no reminders
    while paused, the mentor's slot is kept. 409 unless the pair is active."""
    user = current_user(request)
    mentorship = get_mentorship_for(user, mentorship_id)
    services.mentorship_pause(mentorship=mentorship, by=user, note=payload.note)
    return get_mentorship_for(user, mentorship_id)


@router.post(
    f"{PAIR}/resume", response={200: MentorshipOut, **errors(400, 401, 403, 404, 409, 422)}
)
def resume_mentorship(request: HttpRequest, mentorship_id: Id) -> Mentorship:
    """Make a paused pair active again (its mentor, its mentee or the program's managers).
    409 unless the pair is paused."""
    user = current_user(request)
    mentorship = get_mentorship_for(user, mentorship_id)
    services.mentorship_resume(mentorship=mentorship, by=user)
    return get_mentorship_for(user, mentorship_id)


# --- agreement ---------------------------------------------------------------------------------


def _agreement(mentorship: Mentorship) -> Agreement:
    agreement: Agreement | None = getattr(mentorship, "agreement", None)
    if agreement is None:
        raise Http404("This pair has not started: it has no agreement yet.")
    return agreement


@router.get(f"{PAIR}/agreement", response={200: AgreementOut, **errors(401, 404, 422)})
def get_agreement(request: HttpRequest, mentorship_id: Id) -> Agreement:
    """The pair's agreement: the program's text frozen when both accepted, the rhythm they keep
    and who acknowledged it. 404 before the pair starts."""
    return _agreement(get_mentorship_for(current_user(request), mentorship_id))


@router.post(
    f"{PAIR}/agreement/acknowledge",
    response={200: AgreementOut, **errors(400, 401, 403, 404, 409, 422)},
)
def acknowledge_agreement(request: HttpRequest, mentorship_id: Id) -> Agreement:
    """Acknowledge the agreement for your side of the pair (the mentor or the mentee only).
    Acknowledging again changes nothing. 409 unless the pair is active or paused."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    person = participant(request, mentorship)
    return services.agreement_acknowledge(mentorship=mentorship, person=person)


@router.put(
    f"{PAIR}/agreement/rhythm",
    response={200: AgreementOut, **errors(400, 401, 403, 404, 409, 422)},
)
def set_agreement_rhythm(request: HttpRequest, mentorship_id: Id, payload: RhythmIn) -> Agreement:
    """Change how often the pair meets (the mentor or the mentee only); the agreed text never
    changes. 409 unless the pair is active or paused."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    person = participant(request, mentorship)
    return services.agreement_set_rhythm(
        mentorship=mentorship, person=person, days=payload.rhythm_days
    )


# --- reminders ---------------------------------------------------------------------------------


@router.post(f"{PAIR}/nudge", response={200: NudgeOut, **errors(400, 401, 403, 404, 409, 422)})
def nudge_pair(request: HttpRequest, mentorship_id: Id) -> dict[str, int]:
    """Remind both of the pair to plan their next check-in (the program's managers only); at
    most one nudge a day per pair. 409 unless the pair is active."""
    user = current_user(request)
    mentorship = get_mentorship_for(user, mentorship_id)
    manager(request, mentorship)
    return {"sent": services.pair_nudge(mentorship=mentorship, by=user)}


@router.post(f"{PAIR}/mute", response={200: MuteOut, **errors(400, 401, 403, 404, 422)})
def mute_nudges(request: HttpRequest, mentorship_id: Id, payload: MuteIn) -> dict[str, bool]:
    """Stop (or restart) reminders to meet about this pair, for yourself (the mentor or the
    mentee only)."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    person = participant(request, mentorship)
    muted = services.nudges_mute(mentorship=mentorship, person=person, muted=payload.muted)
    return {"muted": muted}


# --- the program team's view -------------------------------------------------------------------


@programs_router.get(
    "/programs/{slug}/pairs", response={200: list[PairHealthOut], **errors(401, 403, 404, 422)}
)
@paginate(Pagination)
def list_pairs(request: HttpRequest, slug: Slug, filters: Query[PairFilters]) -> list[PairHealth]:
    """The program's live pairs by mentee name, with when they last met, their next check-in,
    their goals' progress and the flags to follow up on (the program's managers only). No
    note, private or shared, is part of it."""
    program = get_program_for(current_user(request), slug, manage=True)
    rows = pair_health(program=program)
    if filters.flagged is not None:
        rows = [row for row in rows if row.flagged == filters.flagged]
    return rows
