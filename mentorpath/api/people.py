from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination, stable_order
from mentorpath.api.schemas.common import Id
from mentorpath.api.schemas.people import (
    PeopleFilters,
    PersonDetailOut,
    PersonListOut,
    SkillFilters,
    SkillOut,
)
from mentorpath.core.permissions import PermissionDenied
from mentorpath.people.models import Person, Skill
from mentorpath.people.permissions import can_browse_people, get_person_for, own_person
from mentorpath.people.queries import people_list, skill_catalog, skill_search

router = Router(tags=["people"])
skills_router = Router(tags=["skills"])

MAX_SKILL_MATCHES = 50


@router.get("", response={200: list[PersonListOut], **errors(401, 403, 422)})
@paginate(Pagination)
def list_people(request: HttpRequest, filters: Query[PeopleFilters]) -> QuerySet[Person]:
    """Current employees, for org admins and program managers (who look people up)."""
    if not can_browse_people(current_user(request)):
        raise PermissionDenied("Only organization admins and program managers can list people.")
    return stable_order(
        people_list(search=filters.search, department_id=filters.department, level=filters.level)
    )


@router.get("/me", response={200: PersonDetailOut, **errors(401, 403)})
def my_profile(request: HttpRequest) -> Person:
    return own_person(current_user(request))


@router.get("/{person_id}", response={200: PersonDetailOut, **errors(401, 403, 404, 422)})
def get_person(request: HttpRequest, person_id: Id) -> Person:
    return get_person_for(current_user(request), person_id)


@skills_router.get("", response={200: list[SkillOut], **errors(401, 422)})
@paginate(Pagination)
def list_skills(
    request: HttpRequest, filters: Query[SkillFilters]
) -> list[Skill] | QuerySet[Skill]:
    """The skill catalogue; with `search`, the best matches (at most 50), prefixes first."""
    if filters.search.strip():
        return skill_search(query=filters.search, limit=MAX_SKILL_MATCHES)
    return skill_catalog()
