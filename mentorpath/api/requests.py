"""Self-match: a mentee's suggested mentors, requests to them, and the mentors' answers."""

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Status

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.schemas.common import Id, Slug
from mentorpath.api.schemas.requests import AnswerIn, RequestIn, RequestOut, SuggestionOut
from mentorpath.core.exceptions import ApplicationError
from mentorpath.matching import pipeline, services
from mentorpath.matching.config import MatchingConfig
from mentorpath.matching.models import MentorRequest
from mentorpath.matching.permissions import approved_enrollment_for, get_request_for
from mentorpath.people.permissions import own_person
from mentorpath.programs.enums import EnrollmentRole
from mentorpath.programs.permissions import get_program_for

router = Router(tags=["self-match"])

REQUEST_PARTS = ("program", "mentee__person", "mentor__person")


@router.get(
    "/programs/{slug}/suggestions",
    response={200: list[SuggestionOut], **errors(401, 403, 404, 422)},
)
def suggestions(request: HttpRequest, slug: Slug) -> list[pipeline.Suggestion]:
    """Your suggested mentors, best first (approved mentees without a mentor or a waiting
    request). Suggestions rotate so no mentor is shown beyond their free capacity."""
    user = current_user(request)
    program = get_program_for(user, slug)
    mentee = approved_enrollment_for(user, program, EnrollmentRole.MENTEE)
    services.requests_expire_due()
    if MentorRequest.objects.filter(mentee=mentee, status="pending").exists():
        return []
    return pipeline.suggestions_for(
        program=program,
        config=MatchingConfig.from_json(program.matching_config),
        mentee=mentee,
        excluded_mentor_ids=services.closed_request_mentors(mentee=mentee),
    )


@router.post(
    "/programs/{slug}/requests",
    response={201: RequestOut, **errors(400, 401, 403, 404, 409, 422)},
)
def create_request(request: HttpRequest, slug: Slug, payload: RequestIn) -> Status[MentorRequest]:
    """Ask one of your suggested mentors. 409 while another request of yours waits."""
    user = current_user(request)
    program = get_program_for(user, slug)
    mentee = approved_enrollment_for(user, program, EnrollmentRole.MENTEE)
    mentor = program.enrollments.filter(
        pk=payload.mentor_enrollment_id, role=EnrollmentRole.MENTOR
    ).first()
    if mentor is None:
        raise ApplicationError({"mentor_enrollment_id": "Ask one of the mentors suggested to you."})
    made = services.request_create(
        program=program, mentee=mentee, mentor=mentor, message=payload.message
    )
    return Status(201, MentorRequest.objects.select_related(*REQUEST_PARTS).get(pk=made.pk))


@router.get("/requests", response={200: list[RequestOut], **errors(401, 403)})
def my_requests(request: HttpRequest) -> QuerySet[MentorRequest]:
    """Requests you made as a mentee and requests made to you as a mentor, newest first."""
    person = own_person(current_user(request))
    return (
        MentorRequest.objects.filter(Q(mentee__person=person) | Q(mentor__person=person))
        .select_related(*REQUEST_PARTS)
        .order_by("-created_at", "pk")
    )


@router.post(
    "/requests/{request_id}/respond", response={200: RequestOut, **errors(400, 401, 403, 404, 422)}
)
def respond(request: HttpRequest, request_id: Id, payload: AnswerIn) -> MentorRequest:
    """The mentor who was asked accepts (the mentorship starts) or declines."""
    user = current_user(request)
    found = get_request_for(user, request_id, side=EnrollmentRole.MENTOR)
    services.request_respond(request=found, person=own_person(user), accept=payload.accept)
    return MentorRequest.objects.select_related(*REQUEST_PARTS).get(pk=found.pk)


@router.post(
    "/requests/{request_id}/withdraw", response={200: RequestOut, **errors(400, 401, 403, 404, 422)}
)
def withdraw(request: HttpRequest, request_id: Id) -> MentorRequest:
    """The mentee who asked takes a waiting request back."""
    user = current_user(request)
    found = get_request_for(user, request_id, side=EnrollmentRole.MENTEE)
    services.request_withdraw(request=found, person=own_person(user))
    return MentorRequest.objects.select_related(*REQUEST_PARTS).get(pk=found.pk)
