"""Personas shared by every test: admin, manager, mentor, mentee, executive, outsider.

Each persona is a User linked to a Person. `program` is an enrolling career program managed
by `manager`, in which `mentor` and `mentee` hold approved enrollments.
"""

import pytest
from celery._state import _set_task_join_will_block
from django.test import Client

from mentorpath.accounts.enums import OrgRole
from tests.factories import (
    PASSWORD,
    EnrollmentFactory,
    ObjectiveFactory,
    PersonFactory,
    ProgramFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _celery_outside_a_task():
    """Each test starts outside any Celery task. Celery marks "inside a task" in one
    process-wide flag that an eager task sets and restores on exit; two threads running eager
    tasks at once (the race tests) restore each other's value and can leave it set, after
    which `AsyncResult.get()` in a later test of the same process refuses to wait."""
    _set_task_join_will_block(False)


def _persona(email: str, org_role: str = OrgRole.MEMBER, **person_fields):
    is_admin = org_role == OrgRole.ADMIN
    user = UserFactory(email=email, org_role=org_role, is_staff=is_admin, is_superuser=is_admin)
    PersonFactory(user=user, email=email, **person_fields)
    return user


@pytest.fixture
def admin_user(db):
    return _persona("admin@example.com", OrgRole.ADMIN, level=8)


@pytest.fixture
def manager_user(db):
    return _persona("manager@example.com", level=6)


@pytest.fixture
def mentor_user(db):
    return _persona("mentor@example.com", level=6)


@pytest.fixture
def mentee_user(db):
    return _persona("mentee@example.com", level=2)


@pytest.fixture
def executive_user(db):
    return _persona("exec@example.com", OrgRole.EXECUTIVE, level=10)


@pytest.fixture
def outsider_user(db):
    return _persona("outsider@example.com", level=3)


@pytest.fixture
def program(db, manager_user, mentor_user, mentee_user):
    program = ProgramFactory(name="Career Compass", slug="career-compass")
    program.managers.add(manager_user)
    ObjectiveFactory(program=program)
    EnrollmentFactory(program=program, person=mentor_user.person, role="mentor", status="approved")
    EnrollmentFactory(program=program, person=mentee_user.person, role="mentee", status="approved")
    return program


def login(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def client_for():
    """client_for(user) -> a test Client logged in as that user."""
    return login


@pytest.fixture
def mentor(program, mentor_user):
    """The persona mentor's approved enrollment in `program`."""
    return program.enrollments.get(person=mentor_user.person)


@pytest.fixture
def mentee(program, mentee_user):
    """The persona mentee's approved enrollment in `program`."""
    return program.enrollments.get(person=mentee_user.person)


@pytest.fixture
def run(program, manager_user, mentor, mentee):
    """A finished matching run of `program`: the persona mentee matched with the mentor."""
    from mentorpath.matching import services
    from tests.factories import speaks_english

    speaks_english(mentor.person, mentee.person)
    return services.match_run_execute(
        run=services.match_run_start(program=program, by=manager_user)
    )


@pytest.fixture
def pair(mentor, mentee, manager_user):
    """The persona pair, accepted by both: an active mentorship with its agreement."""
    from mentorpath.mentoring.services import mentorship_propose, mentorship_respond

    proposed = mentorship_propose(mentor=mentor, mentee=mentee, by=manager_user)
    mentorship_respond(mentorship=proposed, person=mentor.person, accept=True)
    return mentorship_respond(mentorship=proposed, person=mentee.person, accept=True)
