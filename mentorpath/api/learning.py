"""The resource library and learning paths: list and filter resources, curate them
(organization admins and program managers), bookmark and rate them; list paths with their
steps and your progress, start a path, mark its steps done or not done.

The same permissions as the pages: unpublished resources and paths are a 404 for anyone but
curators; changing them is a 403 for everyone else. A path a program requires before matching
is changed only by organization admins and the managers of every program requiring it (403),
and stays published (400). Bookmarks, ratings and progress need a
login linked to an employee profile (403 otherwise)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.common import Id
from mentorpath.api.schemas.learning import (
    BookmarkOut,
    PathIn,
    PathOut,
    PathPatch,
    PathSummaryOut,
    RatingIn,
    RatingOut,
    ResourceFilters,
    ResourceIn,
    ResourceOut,
    ResourcePatch,
    StepIn,
    StepMoveIn,
    path_out,
)
from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import permissions, queries, services
from mentorpath.learning.models import LearningPath, Resource
from mentorpath.people.models import Person, Skill
from mentorpath.people.permissions import own_person

router = Router(tags=["learning"])

RESOURCES = "/learning/resources"
RESOURCE = f"{RESOURCES}/{{resource_id}}"
PATHS = "/learning/paths"
PATH = f"{PATHS}/{{path_id}}"
STEPS = f"{PATH}/steps"
STEP = f"{STEPS}/{{step_id}}"
STEP_DONE = f"{STEP}/done"


def _viewer(request: HttpRequest) -> tuple[Any, Person | None]:
    user = current_user(request)
    permissions.require_library(user)
    return user, Person.objects.filter(user=user).first()


def _skills(ids: list[int]) -> list[Skill]:
    found = {skill.pk: skill for skill in Skill.objects.filter(pk__in=ids)}
    unknown = [str(pk) for pk in ids if pk not in found]
    if unknown:
        raise ApplicationError({"skills": f"Unknown skill: {', '.join(unknown)}."})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _resource_out(request: HttpRequest, resource: Resource) -> Resource:
    _, person = _viewer(request)
    return queries.resource_detail(resource=resource, person=person)


@router.get(RESOURCES, response={200: list[ResourceOut], **errors(401, 403, 422)})
@paginate(Pagination)
def list_resources(request: HttpRequest, filters: Query[ResourceFilters]) -> QuerySet[Resource]:
    """The resources you may see (published ones; curators also see unpublished ones), by
    title, filtered: `level`, `audience` and `program_type` keep what suits them (a resource
    for any level, for both audiences or for every program type suits too)."""
    user, person = _viewer(request)
    skill = None
    if filters.skill is not None:
        skill = Skill.objects.filter(pk=filters.skill).first()
        if skill is None:
            return Resource.objects.none()
    return queries.resource_list(
        user=user,
        person=person,
        search=filters.q,
        kind=filters.kind or "",
        skill=skill,
        level=filters.level,
        audience=filters.audience or "",
        program_type=filters.program_type or "",
        bookmarked=filters.bookmarked,
    )


@router.get(RESOURCE, response={200: ResourceOut, **errors(401, 403, 404, 422)})
def get_resource(request: HttpRequest, resource_id: Id) -> Resource:
    """A resource (404 if unpublished and you are not a curator)."""
    user, _ = _viewer(request)
    resource = permissions.get_resource_for(user, resource_id)
    return _resource_out(request, resource)


@router.post(RESOURCES, response={201: ResourceOut, **errors(400, 401, 403, 422)})
def create_resource(request: HttpRequest, payload: ResourceIn) -> Status[Resource]:
    """Add a link resource (curators: organization admins and program managers). Upload
    files on the library page, where their type, size and content are checked."""
    user = current_user(request)
    permissions.require_curator(user)
    data = payload.model_dump()
    data["skills"] = _skills(data.pop("skills"))
    resource = services.resource_create(by=user, **data)
    return Status(201, _resource_out(request, resource))


@router.patch(RESOURCE, response={200: ResourceOut, **errors(400, 401, 403, 404, 422)})
def update_resource(request: HttpRequest, resource_id: Id, payload: ResourcePatch) -> Resource:
    """Change a resource (curators); fields left out stay. A resource needs a link or a file,
    so the link of a link-only resource cannot be emptied."""
    user = current_user(request)
    resource = permissions.get_resource_for(user, resource_id, manage=True)
    changes = payload.model_dump(exclude_unset=True)
    skills = changes.pop("skills", None)
    for name in ("title", "description", "kind", "url", "audience", "program_types"):
        if name in changes and changes[name] is None:
            raise ApplicationError({name: "This field cannot be null."})
    if "is_published" in changes and changes["is_published"] is None:
        changes.pop("is_published")
    services.resource_update(
        resource=resource,
        by=user,
        skills=_skills(skills) if skills is not None else None,
        **changes,
    )
    return _resource_out(request, resource)


@router.delete(RESOURCE, response={204: None, **errors(401, 403, 404, 409, 422)})
def delete_resource(request: HttpRequest, resource_id: Id) -> Status[None]:
    """Delete a resource (curators). 409 while a learning path uses it as a step: unpublish
    it instead (PATCH `is_published: false`)."""
    resource = permissions.get_resource_for(current_user(request), resource_id, manage=True)
    services.resource_delete(resource=resource)
    return Status(204, None)


def _bookmark(request: HttpRequest, resource_id: int, on: bool) -> dict[str, Any]:
    user = current_user(request)
    resource = permissions.get_resource_for(user, resource_id)
    services.bookmark_set(person=own_person(user), resource=resource, on=on)
    return {"resource_id": resource.pk, "bookmarked": on}


@router.put(f"{RESOURCE}/bookmark", response={200: BookmarkOut, **errors(401, 403, 404, 422)})
def add_bookmark(request: HttpRequest, resource_id: Id) -> dict[str, Any]:
    """Bookmark a resource (again: no change)."""
    return _bookmark(request, resource_id, True)


@router.delete(f"{RESOURCE}/bookmark", response={200: BookmarkOut, **errors(401, 403, 404, 422)})
def remove_bookmark(request: HttpRequest, resource_id: Id) -> dict[str, Any]:
    """Remove your bookmark (none: no change)."""
    return _bookmark(request, resource_id, False)


@router.put(f"{RESOURCE}/rating", response={200: RatingOut, **errors(400, 401, 403, 404, 422)})
def rate_resource(request: HttpRequest, resource_id: Id, payload: RatingIn) -> dict[str, Any]:
    """Rate how useful a resource was, 1 to 5; rating again replaces your rating."""
    user = current_user(request)
    resource = permissions.get_resource_for(user, resource_id)
    person = own_person(user)
    rated = services.resource_rate(person=person, resource=resource, rating=payload.rating)
    detail = queries.resource_detail(resource=resource, person=person)
    return {
        "resource_id": resource.pk,
        "rating": rated.rating,
        "average_rating": round(float(detail.avg_rating), 2),
        "rating_count": detail.rating_count,
    }


# Paths --------------------------------------------------------------------------------------


@router.get(PATHS, response={200: list[PathSummaryOut], **errors(401, 403, 422)})
@paginate(Pagination)
def list_paths(request: HttpRequest) -> QuerySet[LearningPath]:
    """The learning paths you may see, by title, with their step count and your progress."""
    user, person = _viewer(request)
    return queries.path_list(user=user, person=person)


def _path(request: HttpRequest, path: LearningPath) -> dict[str, Any]:
    _, person = _viewer(request)
    progress = queries.path_progress_for(person=person, path=path) if person else None
    return path_out(path, queries.path_steps(path=path), progress)


@router.get(PATH, response={200: PathOut, **errors(401, 403, 404, 422)})
def get_path(request: HttpRequest, path_id: Id) -> dict[str, Any]:
    """A learning path, its ordered steps (each with whether you did it) and your progress."""
    user, _ = _viewer(request)
    path = permissions.get_path_for(user, path_id)
    return _path(request, path)


@router.post(f"{PATH}/start", response={200: PathOut, **errors(400, 401, 403, 404, 422)})
def start_path(request: HttpRequest, path_id: Id) -> dict[str, Any]:
    """Start a published path with steps (again: no change)."""
    user = current_user(request)
    path = permissions.get_path_for(user, path_id)
    services.path_start(person=own_person(user), path=path)
    return _path(request, path)


def _mark(request: HttpRequest, path_id: int, step_id: int, done: bool) -> dict[str, Any]:
    user = current_user(request)
    path = permissions.get_path_for(user, path_id)
    step = permissions.get_step_for(user, path, step_id)
    services.step_mark(person=own_person(user), step=step, done=done)
    return _path(request, path)


@router.put(STEP_DONE, response={200: PathOut, **errors(400, 401, 403, 404, 422)})
def mark_step_done(request: HttpRequest, path_id: Id, step_id: Id) -> dict[str, Any]:
    """Mark a step done (starting the path if needed). When every step is done, the path's
    `progress.completed_at` is set."""
    return _mark(request, path_id, step_id, True)


@router.delete(STEP_DONE, response={200: PathOut, **errors(400, 401, 403, 404, 422)})
def mark_step_not_done(request: HttpRequest, path_id: Id, step_id: Id) -> dict[str, Any]:
    """Mark a step not done; a completed path is no longer completed. 400 before you start."""
    return _mark(request, path_id, step_id, False)


# Curating paths -----------------------------------------------------------------------------


def _skill(pk: int | None) -> Skill | None:
    if pk is None:
        return None
    skill = Skill.objects.filter(pk=pk).first()
    if skill is None:
        raise ApplicationError({"skill": "No such skill."})
    return skill


@router.post(PATHS, response={201: PathOut, **errors(400, 401, 403, 422)})
def create_path(request: HttpRequest, payload: PathIn) -> Status[dict[str, Any]]:
    """Create a path without steps (curators: organization admins and program managers)."""
    user = current_user(request)
    permissions.require_curator(user)
    data = payload.model_dump()
    data["skill"] = _skill(data["skill"])
    data["program_type"] = data["program_type"] or ""
    path = services.path_create(by=user, **data)
    return Status(201, _path(request, path))


@router.patch(PATH, response={200: PathOut, **errors(400, 401, 403, 404, 422)})
def update_path(request: HttpRequest, path_id: Id, payload: PathPatch) -> dict[str, Any]:
    """Change a path (curators; a path a program requires before matching: organization
    admins and the managers of every such program). Fields left out stay. 400 when it would
    unpublish a path a program requires, or give it an audience that no longer suits."""
    user = current_user(request)
    path = permissions.get_path_for(user, path_id, manage=True)
    changes = payload.model_dump(exclude_unset=True)
    for name in ("title", "description", "audience", "is_published"):
        if name in changes and changes[name] is None:
            raise ApplicationError({name: "This field cannot be null."})
    if "skill" in changes:
        changes["skill"] = _skill(changes["skill"])
    if "program_type" in changes:
        changes["program_type"] = changes["program_type"] or ""
    services.path_update(path=path, **changes)
    return _path(request, path)


@router.post(STEPS, response={201: PathOut, **errors(400, 401, 403, 404, 422)})
def add_step(request: HttpRequest, path_id: Id, payload: StepIn) -> Status[dict[str, Any]]:
    """Append a step: a resource or an activity. Whoever completed the path keeps their
    completion; everyone else does the new step too."""
    user = current_user(request)
    path = permissions.get_path_for(user, path_id, manage=True)
    resource = None
    if payload.resource is not None:
        resource = Resource.objects.filter(pk=payload.resource).first()
        if resource is None:
            raise ApplicationError({"resource": "No such resource."})
    services.step_add(
        path=path,
        kind=payload.kind,
        resource=resource,
        title=payload.title,
        instructions=payload.instructions,
    )
    return Status(201, _path(request, path))


@router.post(f"{STEP}/move", response={200: PathOut, **errors(401, 403, 404, 422)})
def move_step(request: HttpRequest, path_id: Id, step_id: Id, payload: StepMoveIn) -> dict:
    """Move a step up or down by one."""
    user = current_user(request)
    path = permissions.get_path_for(user, path_id, manage=True)
    step = permissions.get_step_for(user, path, step_id)
    services.step_move(step=step, up=payload.direction == "up")
    return _path(request, path)


@router.delete(STEP, response={200: PathOut, **errors(401, 403, 404, 422)})
def remove_step(request: HttpRequest, path_id: Id, step_id: Id) -> dict[str, Any]:
    """Remove a step; whoever had done every other step has completed the path."""
    user = current_user(request)
    path = permissions.get_path_for(user, path_id, manage=True)
    step = permissions.get_step_for(user, path, step_id)
    services.step_remove(step=step)
    return _path(request, path)
