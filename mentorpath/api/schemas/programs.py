from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Model
from ninja import Field, Schema

from mentorpath.accounts.models import User
from mentorpath.api.schemas.common import Id, Input, Level, LongText, Slug
from mentorpath.core.exceptions import ApplicationError
from mentorpath.people.models import Department, Location
from mentorpath.programs.enums import (
    CheckinCadence,
    Comparator,
    Kpi,
    ProgramStatus,
    ProgramType,
    QuestionAudience,
    QuestionKind,
    Visibility,
)
from mentorpath.programs.models import Program

Name = Annotated[str, Field(min_length=1, max_length=150, pattern=r"^[^\x00]*[^\x00\s][^\x00]*$")]
Capacity = Annotated[int, Field(ge=0, le=20)]
IdList = Annotated[list[Id], Field(max_length=500)]


def _unset() -> Any:
    """An optional PATCH field that, when sent, may not be null (its column is not nullable).

    The default is never validated nor dumped (PATCH reads only the fields sent), so it is
    also left out of the OpenAPI schema, where `null` would contradict the field's type.
    """
    return Field(None, json_schema_extra=_drop_default)


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


class ProgramIn(Input):
    name: Name
    program_type: ProgramType
    description: LongText = ""
    start_date: date | None = None
    end_date: date | None = None
    checkin_cadence: CheckinCadence = CheckinCadence.BIWEEKLY
    default_mentor_capacity: Capacity = 2
    visibility: Visibility = Visibility.ORGANIZATION
    requires_approval: bool = True
    min_level: Level | None = None
    max_level: Level | None = None
    mentor_min_level: Level | None = None
    eligible_departments: IdList = Field([], description="Department ids; empty means all.")
    eligible_locations: IdList = Field([], description="Location ids; empty means all.")
    managers: IdList = Field([], description="User ids of the program's managers.")


class ProgramPatch(Input):
    """Only the fields sent are changed; `managers` may be changed by org admins only."""

    name: Name = _unset()
    program_type: ProgramType = _unset()
    description: LongText = _unset()
    start_date: date | None = None
    end_date: date | None = None
    checkin_cadence: CheckinCadence = _unset()
    default_mentor_capacity: Capacity = _unset()
    visibility: Visibility = _unset()
    requires_approval: bool = _unset()
    min_level: Level | None = None
    max_level: Level | None = None
    mentor_min_level: Level | None = None
    eligible_departments: IdList = _unset()
    eligible_locations: IdList = _unset()
    managers: IdList = _unset()


class TransitionIn(Input):
    status: ProgramStatus


RELATED_MODELS: dict[str, Any] = {
    "eligible_departments": Department.objects.all(),
    "eligible_locations": Location.objects.all(),
    "managers": User.objects.filter(is_active=True, is_service_account=False),
}


def _objects(field: str, ids: Iterable[int]) -> list[Model]:
    wanted = set(ids)
    found = list(RELATED_MODELS[field].filter(pk__in=wanted))
    missing = sorted(wanted - {obj.pk for obj in found})
    if missing:
        raise ApplicationError({field: f"Unknown ids: {', '.join(map(str, missing))}."})
    return found


def program_data(payload: ProgramIn | ProgramPatch) -> dict[str, Any]:
    """The service's `data` from a payload: the fields sent, related ids turned into objects."""
    data = payload.model_dump(exclude_unset=True)
    for field in RELATED_MODELS:
        if field in data:
            data[field] = _objects(field, data[field])
    return data


class ObjectiveOut(Schema):
    id: int
    title: str
    org_goal: str
    kpi: Kpi
    comparator: Comparator
    target: Decimal


class QuestionOut(Schema):
    id: int
    text: str
    help_text: str
    kind: QuestionKind
    audience: QuestionAudience
    choices: list[str]
    required: bool


class ProgramOut(Schema):
    id: int
    slug: Slug
    name: str
    program_type: ProgramType
    description: str
    status: ProgramStatus
    start_date: date | None
    end_date: date | None
    checkin_cadence: CheckinCadence
    default_mentor_capacity: int
    visibility: Visibility
    requires_approval: bool
    min_level: int | None
    max_level: int | None
    mentor_min_level: int | None
    eligible_departments: list[int]
    eligible_locations: list[int]

    @staticmethod
    def resolve_eligible_departments(obj: Program) -> list[int]:
        return [department.pk for department in obj.eligible_departments.all()]

    @staticmethod
    def resolve_eligible_locations(obj: Program) -> list[int]:
        return [location.pk for location in obj.eligible_locations.all()]


class ProgramDetailOut(ProgramOut):
    managers: list[int] = Field(description="User ids of the program's managers.")
    objectives: list[ObjectiveOut]
    questions: list[QuestionOut] = Field(
        description="The application questions; answer them by id when enrolling."
    )

    @staticmethod
    def resolve_managers(obj: Program) -> list[int]:
        return [user.pk for user in obj.managers.all()]

    @staticmethod
    def resolve_objectives(obj: Program) -> list[Any]:
        return list(obj.objectives.all())

    @staticmethod
    def resolve_questions(obj: Program) -> list[Any]:
        return list(obj.questions.all())
