"""List endpoints run a fixed number of queries however many rows they return (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DepartmentFactory,
    EnrollmentFactory,
    LocationFactory,
    PersonFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200
    return len(queries)


def add_people(n: int) -> None:
    for _ in range(n):
        person = PersonFactory(department=DepartmentFactory(), location=LocationFactory())
        PersonFactory(manager=person)


def add_programs(n: int) -> None:
    for _ in range(n):
        program = ProgramFactory()
        program.eligible_departments.add(DepartmentFactory())
        program.eligible_locations.add(LocationFactory())


def add_enrollments(program, n: int) -> None:
    for _ in range(n):
        EnrollmentFactory(program=program, person=PersonFactory(department=DepartmentFactory()))


def test_people_list_query_count_is_flat(api_as, admin_user):
    api = api_as(admin_user)
    add_people(1)
    few = count_queries(api, "/people")
    add_people(5)

    assert count_queries(api, "/people") == few


def test_programs_list_query_count_is_flat(api_as, admin_user):
    api = api_as(admin_user)
    add_programs(1)
    few = count_queries(api, "/programs")
    add_programs(5)

    assert count_queries(api, "/programs") == few


def test_program_enrollments_query_count_is_flat(api_as, program, manager_user):
    api = api_as(manager_user)
    few = count_queries(api, "/programs/career-compass/enrollments")
    add_enrollments(program, 5)

    assert count_queries(api, "/programs/career-compass/enrollments") == few


def test_my_enrollments_query_count_is_flat(api_as, outsider_user):
    api = api_as(outsider_user)
    EnrollmentFactory(person=outsider_user.person)
    few = count_queries(api, "/enrollments")
    for _ in range(5):
        EnrollmentFactory(person=outsider_user.person)

    assert count_queries(api, "/enrollments") == few
