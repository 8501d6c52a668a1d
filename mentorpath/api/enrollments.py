from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Body, Query, Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination, stable_order
from mentorpath.api.schemas.common import Id, Slug
from mentorpath.api.schemas.enrollments import (
    DecisionIn,
    EnrollmentFilters,
    EnrollmentIn,
    EnrollmentOut,
)
from mentorpath.core.permissions import PermissionDenied
from mentorpath.people.permissions import own_person
from mentorpath.programs import services
from mentorpath.programs.models import Enrollment
from mentorpath.programs.permissions import get_enrollment_for, get_program_for
from mentorpath.programs.queries import enrollments_of, program_enrollments

router = Router(tags=["enrollments"])

NO_DECISION = DecisionIn(note="")


@router.get(
    "/programs/{slug}/enrollments",
    response={200: list[EnrollmentOut], **errors(401, 403, 404, 422)},
)
@paginate(Pagination)
def list_program_enrollments(
    request: HttpRequest, slug: Slug, filters: Query[EnrollmentFilters]
) -> QuerySet[Enrollment]:
    """A program's enrollments, pending first (its managers only)."""
    program = get_program_for(current_user(request), slug, manage=True)
    return stable_order(
        program_enrollments(
            program=program,
            role=filters.role or "",
            status=filters.status or "",
            search=filters.search,
        )
    )


@router.post(
    "/programs/{slug}/enrollments",
    response={201: EnrollmentOut, **errors(400, 401, 403, 404, 409, 422)},
)
def enroll(request: HttpRequest, slug: Slug, payload: EnrollmentIn) -> Status[Enrollment]:
    """Enroll yourself as a mentor or mentee; it is pending or approved as the program says."""
    user = current_user(request)
    program = get_program_for(user, slug)
    enrollment = services.enrollment_create(
        program=program,
        person=own_person(user),
        role=payload.role,
        answers=payload.answers,
        capacity=payload.capacity,
        goals=payload.goals,
    )
    return Status(201, enrollment)


@router.get("/enrollments", response={200: list[EnrollmentOut], **errors(401, 403, 422)})
@paginate(Pagination)
def my_enrollments(request: HttpRequest) -> QuerySet[Enrollment]:
    return stable_order(enrollments_of(person=own_person(current_user(request))))


@router.get("/enrollments/{enrollment_id}", response={200: EnrollmentOut, **errors(401, 404, 422)})
def get_enrollment(request: HttpRequest, enrollment_id: Id) -> Enrollment:
    """Your own enrollment, or one in a program you manage."""
    return get_enrollment_for(current_user(request), enrollment_id)


@router.post(
    "/enrollments/{enrollment_id}/approve",
    response={200: EnrollmentOut, **errors(400, 401, 403, 404, 422)},
)
def approve_enrollment(
    request: HttpRequest, enrollment_id: Id, payload: Body[DecisionIn] = NO_DECISION
) -> Enrollment:
    user = current_user(request)
    enrollment = get_enrollment_for(user, enrollment_id, manage=True)
    return services.enrollment_approve(enrollment=enrollment, by=user, note=payload.note)


@router.post(
    "/enrollments/{enrollment_id}/decline",
    response={200: EnrollmentOut, **errors(400, 401, 403, 404, 422)},
)
def decline_enrollment(
    request: HttpRequest, enrollment_id: Id, payload: Body[DecisionIn] = NO_DECISION
) -> Enrollment:
    user = current_user(request)
    enrollment = get_enrollment_for(user, enrollment_id, manage=True)
    return services.enrollment_decline(enrollment=enrollment, by=user, note=payload.note)


@router.post(
    "/enrollments/{enrollment_id}/withdraw",
    response={200: EnrollmentOut, **errors(400, 401, 403, 404, 422)},
)
def withdraw_enrollment(request: HttpRequest, enrollment_id: Id) -> Enrollment:
    """Withdraw your own enrollment (its managers see it but cannot withdraw it for you)."""
    user = current_user(request)
    enrollment = get_enrollment_for(user, enrollment_id)
    if enrollment.person.user_id != user.pk:
        raise PermissionDenied("Only the participant can withdraw their enrollment.")
    return services.enrollment_withdraw(enrollment=enrollment)
