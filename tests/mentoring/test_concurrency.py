"""The last slot of a mentor, taken by two transactions at the same moment (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.services import mentorship_propose
from mentorpath.programs.models import Enrollment
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_proposals_cannot_both_take_the_last_slot():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the race needs PostgreSQL")
    program = ProgramFactory()
    mentor = EnrollmentFactory(
        program=program, person=PersonFactory(level=8), role="mentor", status="approved", capacity=1
    )
    mentees = [
        EnrollmentFactory(program=program, person=PersonFactory(), status="approved")
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def propose(mentee_id: int) -> None:
        try:
            mentor_row = Enrollment.objects.select_related("person", "program").get(pk=mentor.pk)
            mentee_row = Enrollment.objects.select_related("person").get(pk=mentee_id)
            barrier.wait(timeout=10)
            mentorship_propose(mentor=mentor_row, mentee=mentee_row, by=None)
            outcomes.append("proposed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose, args=(m.pk,)) for m in mentees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["proposed", "refused"]
    assert Enrollment.objects.get(pk=mentor.pk).load == 1
    assert Mentorship.objects.filter(mentor=mentor).count() == 1
