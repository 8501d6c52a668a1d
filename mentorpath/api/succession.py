"""Succession: key roles, their successor candidates, readiness reviews, linking a candidate
to a leadership-development program, and the pipeline summary.

Organization admins and executive viewers only (`succession.permissions`); executives read,
only admins change. Everyone else gets 403 on every endpoint (401 without authentication)."""

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.common import Id
from mentorpath.api.schemas.mentorships import person_brief
from mentorpath.api.schemas.succession import (
    CandidateDetailOut,
    CandidateIn,
    CandidateOut,
    CandidatePatch,
    KeyRoleDetailOut,
    KeyRoleIn,
    KeyRoleOut,
    KeyRolePatch,
    LinkOut,
    LinkProgramIn,
    PipelineOut,
    ProposedMentorsOut,
    ProposedPairOut,
    ReviewIn,
    ReviewOut,
    RoleFilters,
    candidate_detail_out,
    candidate_out,
    pipeline_out,
    proposal_out,
    role_detail_out,
    role_out,
)
from mentorpath.core.exceptions import ApplicationError
from mentorpath.people.models import Department, Person, Skill
from mentorpath.programs.models import Program
from mentorpath.succession import permissions, queries, services
from mentorpath.succession.models import SuccessorCandidate

router = Router(tags=["succession"])

ROLES = "/succession/roles"
ROLE = f"{ROLES}/{{role_id}}"
CANDIDATE = "/succession/candidates/{candidate_id}"
PROPOSED_MENTORS = f"{CANDIDATE}/proposed-mentors"


def _role_row(request: HttpRequest, role_id: int, *, change: bool = False) -> queries.RoleRow:
    permissions.get_key_role_for(current_user(request), role_id, change=change)
    return queries.role_row(queries.key_roles().get(pk=role_id))


def _candidate(request: HttpRequest, candidate_id: int) -> SuccessorCandidate:
    """The candidate with what its outputs read, fetched again after a change."""
    candidate = permissions.get_candidate_for(current_user(request), candidate_id)
    return (
        SuccessorCandidate.objects.select_related("person", "enrollment__program")
        .prefetch_related("development_skills")
        .get(pk=candidate.pk)
    )


def _related(data: dict[str, Any]) -> dict[str, Any]:
    """Ids in a key role's input turned into the rows they name (400 if one is unknown)."""
    if data.get("department") is not None:
        department = Department.objects.filter(pk=data["department"]).first()
        if department is None:
            raise ApplicationError({"department": "No such department."})
        data["department"] = department
    if data.get("incumbent") is not None:
        data["incumbent"] = _person(data["incumbent"], "incumbent")
    return data


def _person(pk: int, name: str) -> Person:
    person = Person.objects.filter(pk=pk, termination_date__isnull=True).first()
    if person is None:
        raise ApplicationError({name: "No current employee has that id."})
    return person


def _skills(ids: Iterable[int]) -> list[Skill]:
    wanted = set(ids)
    skills = list(Skill.objects.filter(pk__in=wanted))
    if len(skills) != len(wanted):
        raise ApplicationError({"development_skills": "Some of these skills do not exist."})
    return skills


# ---- the pipeline


@router.get("/succession/pipeline", response={200: PipelineOut, **errors(401, 403, 422)})
def succession_pipeline(request: HttpRequest, filters: Query[RoleFilters]) -> dict[str, Any]:
    """Every key role (filtered by department and criticality) with its bench strength, the
    coverage (roles with a successor ready now, with any), and the roles with no successor
    ready now, most critical first."""
    permissions.check_succession(current_user(request))
    pipeline = queries.pipeline(
        department_id=filters.department, criticality=filters.criticality or ""
    )
    return pipeline_out(pipeline, queries.ready_now_count())


# ---- key roles


@router.get(ROLES, response={200: list[KeyRoleOut], **errors(401, 403, 422)})
@paginate(Pagination)
def list_key_roles(request: HttpRequest, filters: Query[RoleFilters]) -> list[dict[str, Any]]:
    """Key roles by title, with their bench strength."""
    permissions.check_succession(current_user(request))
    roles = queries.key_roles(
        department_id=filters.department, criticality=filters.criticality or ""
    )
    return [role_out(queries.role_row(role)) for role in roles]


@router.post(ROLES, response={201: KeyRoleDetailOut, **errors(400, 401, 403, 422)})
def create_key_role(request: HttpRequest, payload: KeyRoleIn) -> Status[dict[str, Any]]:
    """Add a key role (organization admins)."""
    user = current_user(request)
    permissions.check_succession(user, change=True)
    role = services.key_role_create(data=_related(payload.model_dump()), by=user)
    return Status(201, role_detail_out(_role_row(request, role.pk)))


@router.get(ROLE, response={200: KeyRoleDetailOut, **errors(401, 403, 404, 422)})
def get_key_role(request: HttpRequest, role_id: Id) -> dict[str, Any]:
    """A key role with its successors, ready now first."""
    return role_detail_out(_role_row(request, role_id))


@router.patch(ROLE, response={200: KeyRoleDetailOut, **errors(400, 401, 403, 404, 422)})
def update_key_role(request: HttpRequest, role_id: Id, payload: KeyRolePatch) -> dict[str, Any]:
    """Change a key role (organization admins)."""
    role = permissions.get_key_role_for(current_user(request), role_id, change=True)
    services.key_role_update(
        role=role, data=_related(payload.model_dump(exclude_unset=True)), by=current_user(request)
    )
    return role_detail_out(_role_row(request, role_id))


@router.delete(ROLE, response={204: None, **errors(401, 403, 404, 422)})
def delete_key_role(request: HttpRequest, role_id: Id) -> Status[None]:
    """Delete a key role with its successors and their reviews (organization admins)."""
    role = permissions.get_key_role_for(current_user(request), role_id, change=True)
    services.key_role_delete(role=role, by=current_user(request))
    return Status(204, None)


# ---- candidates


@router.get(f"{ROLE}/candidates", response={200: list[CandidateOut], **errors(401, 403, 404, 422)})
def list_candidates(request: HttpRequest, role_id: Id) -> list[dict[str, Any]]:
    """A key role's successors, ready now first."""
    role = permissions.get_key_role_for(current_user(request), role_id)
    return [candidate_out(c) for c in queries.candidates_of(role=role)]


@router.post(
    f"{ROLE}/candidates", response={201: CandidateDetailOut, **errors(400, 401, 403, 404, 409, 422)}
)
def add_candidate(
    request: HttpRequest, role_id: Id, payload: CandidateIn
) -> Status[dict[str, Any]]:
    """Add a successor with their readiness (recorded as a first review, dated today),
    development needs and notes (organization admins). 409 if they are one already."""
    user = current_user(request)
    role = permissions.get_key_role_for(user, role_id, change=True)
    candidate = services.candidate_add(
        role=role,
        person=_person(payload.person, "person"),
        readiness=payload.readiness,
        development_skills=_skills(payload.development_skills),
        notes=payload.notes,
        by=user,
    )
    fresh = _candidate(request, candidate.pk)
    return Status(201, candidate_detail_out(fresh, list(queries.reviews_of(candidate=fresh))))


@router.get(CANDIDATE, response={200: CandidateDetailOut, **errors(401, 403, 404, 422)})
def get_candidate(request: HttpRequest, candidate_id: Id) -> dict[str, Any]:
    """A successor with their readiness reviews, newest first."""
    candidate = _candidate(request, candidate_id)
    return candidate_detail_out(candidate, list(queries.reviews_of(candidate=candidate)))


@router.patch(CANDIDATE, response={200: CandidateDetailOut, **errors(400, 401, 403, 404, 422)})
def update_candidate(
    request: HttpRequest, candidate_id: Id, payload: CandidatePatch
) -> dict[str, Any]:
    """Change a successor's development needs or notes (organization admins); readiness
    changes by a review."""
    candidate = permissions.get_candidate_for(current_user(request), candidate_id, change=True)
    data = payload.model_dump(exclude_unset=True)
    services.candidate_update(
        candidate=candidate,
        development_skills=_skills(data["development_skills"])
        if data.get("development_skills") is not None
        else None,
        notes=data.get("notes"),
        by=current_user(request),
    )
    return get_candidate(request, candidate_id)


@router.delete(CANDIDATE, response={204: None, **errors(401, 403, 404, 422)})
def remove_candidate(request: HttpRequest, candidate_id: Id) -> Status[None]:
    """Remove a successor and their reviews (organization admins)."""
    candidate = permissions.get_candidate_for(current_user(request), candidate_id, change=True)
    services.candidate_remove(candidate=candidate, by=current_user(request))
    return Status(204, None)


@router.post(f"{CANDIDATE}/reviews", response={201: ReviewOut, **errors(400, 401, 403, 404, 422)})
def add_readiness_review(request: HttpRequest, candidate_id: Id, payload: ReviewIn) -> Status[Any]:
    """Record a readiness review (organization admins); the successor's readiness becomes
    the newest review's."""
    user = current_user(request)
    candidate = permissions.get_candidate_for(user, candidate_id, change=True)
    review = services.review_add(
        candidate=candidate,
        readiness=payload.readiness,
        reviewed_on=payload.reviewed_on,
        notes=payload.notes,
        by=user,
    )
    return Status(201, review)


@router.post(
    f"{CANDIDATE}/program", response={200: LinkOut, **errors(400, 401, 403, 404, 409, 422)}
)
def link_candidate_program(
    request: HttpRequest, candidate_id: Id, payload: LinkProgramIn
) -> dict[str, Any]:
    """Enroll the successor as an approved mentee of a leadership-development program (or
    link their enrollment there), and get the mentors proposed for them: people who hold or
    held a similar role, best first, each with the reasons (organization admins). 400 for
    another type of program or a closed one."""
    user = current_user(request)
    candidate = permissions.get_candidate_for(user, candidate_id, change=True)
    program = Program.objects.filter(pk=payload.program).first()
    if program is None:
        raise ApplicationError({"program": "No such program."})
    proposals = services.candidate_link_program(candidate=candidate, program=program, by=user)
    return {
        "candidate": candidate_out(_candidate(request, candidate_id)),
        "proposed_mentors": [proposal_out(p) for p in proposals],
    }


@router.get(PROPOSED_MENTORS, response={200: ProposedMentorsOut, **errors(401, 403, 404, 422)})
def list_proposed_mentors(request: HttpRequest, candidate_id: Id) -> dict[str, Any]:
    """The mentors proposed for a successor, as on their page: people who hold or held a role
    like the key role, best first, each with the reasons and whether they already mentor in
    the successor's program. `can_propose` is false until the successor is linked to a
    leadership-development program (organization admins and executives)."""
    candidate = _candidate(request, candidate_id)
    enrolled = queries.program_mentor_ids(candidate=candidate)
    return {
        "candidate": candidate_out(candidate),
        "can_propose": candidate.enrollment_id is not None,
        "proposed_mentors": [
            {**proposal_out(p), "enrolled_as_mentor": p.person.pk in enrolled}
            for p in queries.proposed_mentors(candidate=candidate)
        ],
    }


@router.post(
    f"{PROPOSED_MENTORS}/{{person_id}}",
    response={201: ProposedPairOut, **errors(400, 401, 403, 404, 409, 422)},
)
def propose_mentor(request: HttpRequest, candidate_id: Id, person_id: Id) -> Status[dict]:
    """Propose a person as the linked successor's mentor (organization admins): they are
    enrolled as an approved mentor of the successor's program if they are not yet, then the
    pair is proposed as the manager's choice and both are asked to accept. 400 before the
    successor is linked to a program; 409 if the successor already has a mentor there."""
    user = current_user(request)
    candidate = permissions.get_candidate_for(user, candidate_id, change=True)
    mentor = Person.objects.filter(pk=person_id, termination_date__isnull=True).first()
    if mentor is None:
        raise Http404("No such person.")
    pair = services.candidate_propose_mentor(candidate=candidate, mentor=mentor, by=user)
    program = pair.mentor.program
    return Status(
        201,
        {
            "mentorship_id": pair.pk,
            "program": {"id": program.pk, "name": program.name},
            "mentor": person_brief(pair.mentor.person),
            "mentee": person_brief(pair.mentee.person),
            "status": pair.status,
        },
    )
