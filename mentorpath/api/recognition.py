"""Recognition: your hours, badges and kudos; the badges there are; a person's public
recognition (nothing of what they keep private); sending kudos to your mentor; a program's
recognition wall; and mentor contributions for HR reward processes (organization admins, and
program managers for their programs), without the people who opted out."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.common import Id, Slug
from mentorpath.api.schemas.recognition import (
    BadgeOut,
    ContributionFilters,
    ContributionsOut,
    KudosIn,
    KudosOut,
    PreferencesIn,
    PreferencesOut,
    RecognitionOut,
    contributions_out,
    recognition_out,
)
from mentorpath.core.exceptions import ApplicationError
from mentorpath.people.permissions import own_person
from mentorpath.programs.models import Program
from mentorpath.recognition import permissions, queries, services
from mentorpath.recognition.models import Badge, Kudos

router = Router(tags=["recognition"])


@router.get("/recognition/me", response={200: RecognitionOut, **errors(401, 403)})
def my_recognition(request: HttpRequest) -> dict[str, Any]:
    """Your mentor hours and figures, badges and kudos received (all of them, whatever you
    show others)."""
    person = own_person(current_user(request))
    summary = queries.summary_of(person=person)
    return recognition_out(summary, person=person, public=summary.public)


@router.get("/recognition/preferences", response={200: PreferencesOut, **errors(401, 403)})
def my_preferences(request: HttpRequest) -> Any:
    """Your recognition settings: what others see, and whether reward exports include you
    (both true until you change them). 403 without an employee profile."""
    return queries.preference_of(person=own_person(current_user(request)))


@router.put("/recognition/preferences", response={200: PreferencesOut, **errors(401, 403, 422)})
def save_my_preferences(request: HttpRequest, payload: PreferencesIn) -> Any:
    """Change your recognition settings (both given). 403 without an employee profile."""
    person = own_person(current_user(request))
    return services.preference_save(person=person, **payload.model_dump())


@router.get("/recognition/badges", response={200: list[BadgeOut], **errors(401, 422)})
@paginate(Pagination)
def list_badges(request: HttpRequest) -> Any:
    """The active badges and how each is earned."""
    current_user(request)
    return Badge.objects.filter(is_active=True).order_by("name", "pk")


@router.get(
    "/people/{person_id}/recognition",
    response={200: RecognitionOut, **errors(401, 403, 404, 422)},
)
def person_recognition(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    """A person's recognition as their profile shows it (who may open the profile: the person,
    organization admins and program managers). When the person keeps it private, others get
    `public: false` and nothing else."""
    user = current_user(request)
    person = permissions.get_recognition_person_for(user, person_id)
    public = queries.shows_publicly(person=person)
    if not permissions.can_see_recognition_of(user, person):
        return recognition_out(None, person=person, public=public)
    return recognition_out(queries.summary_of(person=person), person=person, public=public)


@router.post(
    "/mentorships/{mentorship_id}/kudos",
    response={201: KudosOut, **errors(400, 401, 403, 404, 409, 422)},
)
def send_kudos(request: HttpRequest, mentorship_id: Id, payload: KudosIn) -> Status[Kudos]:
    """Thank your mentor (the mentee of the pair only: 404 for who may not see the pair, 403
    for its mentor and managers; 409 before the pair started). The mentor is told."""
    user = current_user(request)
    mentorship = permissions.get_kudos_pair_for(user, mentorship_id)
    kudos = services.kudos_send(
        mentorship=mentorship,
        author=own_person(user),
        message=payload.message,
        share_on_wall=payload.share_on_wall,
    )
    return Status(201, queries.kudos_of_pair(mentorship=mentorship).get(pk=kudos.pk))


@router.get(
    "/programs/{slug}/recognition-wall",
    response={200: list[KudosOut], **errors(401, 404, 422)},
)
@paginate(Pagination)
def program_wall(request: HttpRequest, slug: Slug) -> Any:
    """A program's recognition wall, newest first: kudos shared with the author's consent, to
    mentors who show their recognition, not hidden by the program team (whoever may open the
    program; 404 otherwise)."""
    program = permissions.get_wall_program_for(current_user(request), slug)
    return queries.wall(program=program).order_by("-created_at", "-pk")


@router.get(
    "/recognition/contributions",
    response={200: ContributionsOut, **errors(400, 401, 403, 404, 422)},
)
def contributions(request: HttpRequest, filters: Query[ContributionFilters]) -> dict[str, Any]:
    """Mentor contributions for HR reward processes, the same rows as the CSV export
    (organization admins; program managers for their programs; 403 otherwise). People who
    opted out of reward exports are left out and counted in `left_out`."""
    user = current_user(request)
    program = (
        get_object_or_404(Program, slug=filters.program) if filters.program is not None else None
    )
    program_ids = permissions.export_program_ids_for(user, program)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ApplicationError({"date_to": "The end comes after the start."})
    export = queries.reward_export(
        date_from=filters.date_from, date_to=filters.date_to, program_ids=program_ids
    )
    return contributions_out(export)
