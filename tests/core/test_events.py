"""Domain events reach subscribers once the transaction commits, never on rollback; outbox
subscribers write inside the publisher's transaction."""

import pytest
from django.db import transaction

from mentorpath.core import events
from mentorpath.people.models import Department


@pytest.fixture
def seen():
    received: list[tuple[str, dict]] = []

    def record(name: str, payload: dict) -> None:
        received.append((name, payload))

    events.subscribe(record)
    yield received
    events.unsubscribe(record)


@pytest.mark.django_db
def test_published_event_reaches_subscribers_after_commit(seen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events.publish("goal.completed", {"goal_id": 7})
        assert seen == []
    assert seen == [("goal.completed", {"goal_id": 7})]


@pytest.mark.django_db
def test_rolled_back_event_is_never_delivered(seen, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        events.publish("goal.completed", {"goal_id": 7})
        raise RuntimeError
    assert seen == []


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_event_is_delivered_at_once(seen):
    events.publish("checkin.held", {"checkin_id": 1})
    assert seen == [("checkin.held", {"checkin_id": 1})]


def test_unknown_event_names_are_refused():
    with pytest.raises(ValueError, match=r"Unknown event 'pair\.exploded'"):
        events.publish("pair.exploded", {})


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_does_not_stop_the_others(seen):
    def broken(name: str, payload: dict) -> None:
        raise RuntimeError("subscriber down")

    events.subscribe(broken)
    try:
        events.publish("survey.completed", {"response_id": 3})
    finally:
        events.unsubscribe(broken)
    assert seen == [("survey.completed", {"response_id": 3})]


def test_subscribing_twice_delivers_once(seen):
    def record(name: str, payload: dict) -> None:
        pass

    events.subscribe(record)
    events.subscribe(record)
    try:
        assert events._subscribers.count(record) == 1
    finally:
        events.unsubscribe(record)


@pytest.fixture
def outbox():
    """An in-transaction subscriber writing one row per event, as webhook deliveries do (a
    department named after the event stands for the outbox row)."""

    def write(name: str, payload: dict) -> None:
        Department.objects.create(name=f"{name} {payload}")

    events.subscribe(write, in_transaction=True)
    yield lambda: list(Department.objects.values_list("name", flat=True))
    events.unsubscribe(write)


@pytest.mark.django_db
def test_an_outbox_subscriber_writes_in_the_publishers_transaction(outbox, seen):
    with transaction.atomic():
        events.publish("goal.completed", {"goal_id": 7})
        assert outbox() == ["goal.completed {'goal_id': 7}"]  # before the commit
        assert seen == []


@pytest.mark.django_db
def test_an_outbox_row_rolls_back_with_the_change(outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("goal.completed", {"goal_id": 7})
        raise RuntimeError
    assert outbox() == []


@pytest.mark.django_db
def test_a_failing_outbox_subscriber_rolls_back_only_its_own_rows(outbox):
    def half_written(name: str, payload: dict) -> None:
        Department.objects.create(name="half written")
        raise RuntimeError("subscriber down")

    events.subscribe(half_written, in_transaction=True)
    try:
        with transaction.atomic():
            events.publish("checkin.held", {"checkin_id": 1})
            Department.objects.create(name="the publisher's own change")
    finally:
        events.unsubscribe(half_written)
    assert sorted(outbox()) == ["checkin.held {'checkin_id': 1}", "the publisher's own change"]
