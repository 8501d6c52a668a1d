"""Succession fixtures: a key role with successors, and JSON API clients per persona."""

from datetime import date

import pytest
from django.test import Client

from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate
from tests.api.conftest import ApiClient
from tests.factories import DepartmentFactory, PersonFactory, ProgramFactory

ROLES_REFUSED = ["manager_user", "mentor_user", "mentee_user", "outsider_user"]


def key_role(**fields: object) -> KeyRole:
    values: dict[str, object] = {
        "title": "Head of Sales",
        "department": DepartmentFactory(name="Sales"),
        "level": 9,
        "criticality": "critical",
        "vacancy_risk": "high",
    }
    values.update(fields)
    return KeyRole.objects.create(**values)


def candidate(role: KeyRole, readiness: str = "now", **person_fields: object) -> SuccessorCandidate:
    person = PersonFactory(**person_fields)
    made = SuccessorCandidate.objects.create(role=role, person=person, readiness=readiness)
    ReadinessReview.objects.create(
        candidate=made, readiness=readiness, reviewed_on=date(2025, 1, 15)
    )
    return made


@pytest.fixture
def role(db):
    """'Head of Sales' (critical, high vacancy risk, level 9) held by Hana Head, with two
    successors: Nora Now (ready now) and Tim Two (ready in 1–2 years)."""
    sales = DepartmentFactory(name="Sales")
    incumbent = PersonFactory(
        first_name="Hana", last_name="Head", title="Head of Sales", level=10, department=sales
    )
    made = key_role(department=sales, incumbent=incumbent)
    candidate(made, "now", first_name="Nora", last_name="Now", level=8, department=sales)
    candidate(made, "1-2y", first_name="Tim", last_name="Two", level=7, department=sales)
    return made


@pytest.fixture
def successor(role):
    return role.candidates.get(person__first_name="Nora")


@pytest.fixture
def leadership(db, manager_user):
    program = ProgramFactory(
        name="Leadership Pipeline", slug="leadership-pipeline", program_type="leadership"
    )
    program.managers.add(manager_user)
    return program


@pytest.fixture
def api_as(client_for):
    """api_as(user) -> a JSON client logged in as that user; api_as(None) -> anonymous."""

    def make(user):
        return ApiClient(Client() if user is None else client_for(user))

    return make
