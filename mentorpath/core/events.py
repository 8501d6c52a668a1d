"""Domain events: services announce what happened; integrations (webhooks) listen.

`publish(name, payload)` hands the event to every subscriber once the current transaction
commits, so a rolled-back change announces nothing. Subscribers register with
`subscribe(callback)`, usually in their AppConfig.ready(). A failing subscriber is logged
and never breaks the request that published the event (robust on_commit).

A subscriber that only writes rows (an outbox: webhook deliveries) subscribes with
`in_transaction=True` and is called at once, inside the publisher's transaction and a
savepoint of its own: its rows commit or roll back with the change itself, so a process dying
right after the commit loses no event, and a failing subscriber rolls back only its own rows.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

ENROLLMENT_CREATED = "enrollment.created"
MENTORSHIP_STARTED = "mentorship.started"
MENTORSHIP_ENDED = "mentorship.ended"
CHECKIN_HELD = "checkin.held"
SURVEY_COMPLETED = "survey.completed"
GOAL_COMPLETED = "goal.completed"

EVENT_NAMES: tuple[str, ...] = (
    ENROLLMENT_CREATED,
    MENTORSHIP_STARTED,
    MENTORSHIP_ENDED,
    CHECKIN_HELD,
    SURVEY_COMPLETED,
    GOAL_COMPLETED,
)

Subscriber = Callable[[str, dict[str, Any]], None]

_subscribers: list[Subscriber] = []
_transactional_subscribers: list[Subscriber] = []


def subscribe(callback: Subscriber, *, in_transaction: bool = False) -> None:
    """Call `callback(name, payload)` for every event published from now on (once each):
    after the commit, or with `in_transaction` inside the publisher's transaction."""
    chosen = _transactional_subscribers if in_transaction else _subscribers
    if callback not in chosen:
        chosen.append(callback)


def unsubscribe(callback: Subscriber) -> None:
    for chosen in (_subscribers, _transactional_subscribers):
        if callback in chosen:
            chosen.remove(callback)


def _dispatch_in_transaction(name: str, payload: dict[str, Any]) -> None:
    for callback in list(_transactional_subscribers):
        try:
            with transaction.atomic():
                callback(name, payload)
        except Exception:
            logger.exception("event subscriber %r failed for %s", callback, name)


def _dispatch(name: str, payload: dict[str, Any]) -> None:
    for callback in list(_subscribers):
        try:
            callback(name, payload)
        except Exception:
            logger.exception("event subscriber %r failed for %s", callback, name)


def publish(name: str, payload: dict[str, Any]) -> None:
    """Announce `name` with `payload` (ids and plain fields, JSON-serializable) after the
    current transaction commits; at once outside a transaction."""
    if name not in EVENT_NAMES:
        raise ValueError(f"Unknown event {name!r}.")
    data = dict(payload)
    _dispatch_in_transaction(name, data)
    transaction.on_commit(lambda: _dispatch(name, data), robust=True)
