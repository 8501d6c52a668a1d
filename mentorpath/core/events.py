"""Domain events: services announce what happened; integrations (webhooks) listen.

`publish(name, payload)` hands the event to every subscriber once the current transaction
commits, so a rolled-back change announces nothing. Subscribers register with
`subscribe(callback)`, usually in their AppConfig.ready(). A failing subscriber is logged
and never breaks the request that published the event (robust on_commit).
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


def subscribe(callback: Subscriber) -> None:
    """Call `callback(name, payload)` for every event published from now on (once each)."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def unsubscribe(callback: Subscriber) -> None:
    if callback in _subscribers:
        _subscribers.remove(callback)


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
    transaction.on_commit(lambda: _dispatch(name, data), robust=True)
