"""Recommendations for you, the resources a mentor assigns to their mentee, and a program's
list of people not ready to be matched (training before matching)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.common import Id, Slug
from mentorpath.api.schemas.learning_personal import (
    AssignmentDoneIn,
    AssignmentIn,
    AssignmentOut,
    ReadinessOut,
    RecommendationFilters,
    RecommendationOut,
    not_ready_out,
    recommendation_out,
)
from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import assignments, readiness
from mentorpath.learning.models import ResourceAssignment
from mentorpath.learning.recommendations import recommendations_for
from mentorpath.people.permissions import own_person
from mentorpath.programs.permissions import get_program_for

router = Router(tags=["learning_personal"])

ASSIGNMENTS = "/mentorships/{mentorship_id}/assignments"


@router.get(
    "/learning/recommendations",
    response={200: list[RecommendationOut], **errors(401, 403, 422)},
)
def my_recommendations(
    request: HttpRequest, filters: Query[RecommendationFilters]
) -> list[dict[str, Any]]:
    """Resources and learning paths for you, best first, each with its reasons: the skills you
    want to learn, your goals' skills, your level, your programs and the ratings of others.
    403 when your login has no employee profile."""
    person = own_person(current_user(request))
    return [recommendation_out(r) for r in recommendations_for(person=person, limit=filters.limit)]


@router.get(ASSIGNMENTS, response={200: list[AssignmentOut], **errors(401, 404, 422)})
@paginate(Pagination)
def list_assignments(request: HttpRequest, mentorship_id: Id) -> QuerySet[ResourceAssignment]:
    """The pair's assigned resources, open ones first (the mentor, the mentee and the
    program's managers; 404 for anyone else)."""
    mentorship, _ = assignments.get_pair_for_assignments(current_user(request), mentorship_id)
    return assignments.assignments_of(mentorship=mentorship)


@router.post(ASSIGNMENTS, response={201: AssignmentOut, **errors(400, 401, 403, 404, 409, 422)})
def create_assignment(
    request: HttpRequest, mentorship_id: Id, payload: AssignmentIn
) -> Status[ResourceAssignment]:
    """Assign a resource to your mentee with a note (the mentor of the pair; the mentee is
    told). 403 for the mentee and the program's managers; 409 unless the pair is active or
    paused; 400 for a resource that is not published for mentees or already assigned."""
    user = current_user(request)
    mentorship, _ = assignments.get_pair_for_assignments(user, mentorship_id)
    mentor = assignments.require_side(mentorship, user, "mentor")
    resource = assignments.assignable_resources(mentorship=mentorship).filter(pk=payload.resource)
    chosen = resource.first()
    if chosen is None:
        raise ApplicationError(
            {"resource": "Choose a published resource for mentees not assigned yet."}
        )
    made = assignments.assignment_create(
        mentorship=mentorship, mentor=mentor, resource=chosen, note=payload.note
    )
    return Status(201, assignments.assignments_of(mentorship=mentorship).get(pk=made.pk))


@router.post(
    f"{ASSIGNMENTS}/{{assignment_id}}/done",
    response={200: AssignmentOut, **errors(400, 401, 403, 404, 409, 422)},
)
def complete_assignment(
    request: HttpRequest, mentorship_id: Id, assignment_id: Id, payload: AssignmentDoneIn
) -> ResourceAssignment:
    """Mark an assigned resource done, optionally rating how useful it was (the mentee of the
    pair; rating again changes it, and it counts as your rating of the resource). 403 for the
    mentor and the program's managers; 409 before the pair has started."""
    user = current_user(request)
    assignment, _ = assignments.get_assignment_for(user, mentorship_id, assignment_id)
    mentee = assignments.require_side(assignment.mentorship, user, "mentee")
    assignments.assignment_done(assignment=assignment, mentee=mentee, rating=payload.rating)
    return assignments.assignments_of(mentorship=assignment.mentorship).get(pk=assignment.pk)


@router.get(
    "/programs/{slug}/readiness", response={200: ReadinessOut, **errors(401, 403, 404, 422)}
)
def program_readiness(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """Who in the program is not ready to be matched: approved mentors who have not completed
    its training path and approved mentees who have not completed its onboarding path, with
    their progress (the program's managers; 403 for others who can see the program)."""
    program = get_program_for(current_user(request), slug, manage=True)
    state = readiness.readiness(program=program)
    return {
        "mentor_training_path": state.mentor_path.pk if state.mentor_path else None,
        "mentee_onboarding_path": state.mentee_path.pk if state.mentee_path else None,
        "mentors": [not_ready_out(n) for n in state.mentors],
        "mentees": [not_ready_out(n) for n in state.mentees],
    }
