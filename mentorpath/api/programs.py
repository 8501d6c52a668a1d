from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination, stable_order
from mentorpath.api.schemas.common import Slug
from mentorpath.api.schemas.programs import (
    ProgramDetailOut,
    ProgramIn,
    ProgramOut,
    ProgramPatch,
    TransitionIn,
    program_data,
)
from mentorpath.core.permissions import PermissionDenied
from mentorpath.programs import services
from mentorpath.programs.models import Program
from mentorpath.programs.permissions import can_create_program, get_program_for
from mentorpath.programs.queries import programs_visible_to

router = Router(tags=["programs"])


@router.get("", response={200: list[ProgramOut], **errors(401, 422)})
@paginate(Pagination)
def list_programs(request: HttpRequest) -> QuerySet[Program]:
    """Programs whose page you may open: all for org admins and executives; otherwise every
    program past its draft (listed or unlisted), plus those you manage or have enrolled in."""
    programs = programs_visible_to(user=current_user(request))
    return stable_order(programs).prefetch_related("eligible_departments", "eligible_locations")


@router.post("", response={201: ProgramDetailOut, **errors(400, 401, 403, 422)})
def create_program(request: HttpRequest, payload: ProgramIn) -> Status[Program]:
    """A new draft program (org admins only)."""
    user = current_user(request)
    if not can_create_program(user):
        raise PermissionDenied("Only organization admins create programs.")
    program = services.program_create(data=program_data(payload), created_by=user)
    return Status(201, program)


@router.get("/{slug}", response={200: ProgramDetailOut, **errors(401, 404, 422)})
def get_program(request: HttpRequest, slug: Slug) -> Program:
    return get_program_for(current_user(request), slug)


@router.patch("/{slug}", response={200: ProgramDetailOut, **errors(400, 401, 403, 404, 422)})
def update_program(request: HttpRequest, slug: Slug, payload: ProgramPatch) -> Program:
    """Change the fields sent (program managers and org admins)."""
    user = current_user(request)
    program = get_program_for(user, slug, manage=True)
    if "managers" in payload.model_fields_set and not can_create_program(user):
        raise PermissionDenied("Only organization admins assign a program's managers.")
    return services.program_update(program=program, data=program_data(payload), by=user)


@router.post(
    "/{slug}/transition", response={200: ProgramDetailOut, **errors(400, 401, 403, 404, 422)}
)
def transition_program(request: HttpRequest, slug: Slug, payload: TransitionIn) -> Program:
    """Move the program along draft → enrolling → matching → active → closed."""
    user = current_user(request)
    program = get_program_for(user, slug, manage=True)
    return services.program_transition(program=program, to_status=payload.status, by=user)
