"""Reporting-line changes racing each other, on PostgreSQL with real concurrent transactions."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mentorpath.people.models import Person
from mentorpath.people.services import person_set_manager
from tests.factories import PersonFactory


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_manager_changes_cannot_close_a_loop():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the race needs PostgreSQL")
    a = PersonFactory(first_name="Ana", last_name="A")
    b = PersonFactory(first_name="Ben", last_name="B")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def set_manager(person_id: int, manager_id: int) -> None:
        try:
            person = Person.objects.get(pk=person_id)
            manager = Person.objects.get(pk=manager_id)
            barrier.wait(timeout=10)
            person_set_manager(person=person, manager=manager)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=set_manager, args=(a.pk, b.pk)),
        threading.Thread(target=set_manager, args=(b.pk, a.pk)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "saved"]
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.manager_id == b.pk) != (b.manager_id == a.pk)
