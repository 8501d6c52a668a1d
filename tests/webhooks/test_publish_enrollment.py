"""Enrolling publishes `enrollment.created` once, after commit; nothing on rollback or refusal."""

import pytest
from django.db import transaction

from mentorpath.programs.services import enrollment_create

pytestmark = pytest.mark.django_db


def test_enrollment_created(program, outsider_user, published, django_capture_on_commit_callbacks):
    person = outsider_user.person
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_create(program=program, person=person, role="mentee")
        assert published == []  # not before commit
    assert published == [
        (
            "enrollment.created",
            {
                "enrollment_id": enrollment.pk,
                "program_id": program.pk,
                "program_slug": "career-compass",
                "person_id": person.pk,
                "role": "mentee",
                "status": "pending",
            },
        )
    ]


def test_a_rolled_back_enrollment_publishes_nothing(
    program, outsider_user, published, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enrollment_create(program=program, person=outsider_user.person, role="mentee")
        raise RuntimeError
    assert published == []


def test_a_refused_enrollment_publishes_nothing(
    program, mentee_user, published, django_capture_on_commit_callbacks
):
    from mentorpath.core.exceptions import ApplicationError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        enrollment_create(program=program, person=mentee_user.person, role="mentee")
    assert published == []
