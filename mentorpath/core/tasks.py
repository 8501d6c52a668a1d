from typing import Any

from celery import Task, shared_task
from django.db import transaction


def enqueue_on_commit(task: Task, **kwargs: Any) -> None:
    """Queue `task` once the current transaction commits, so a worker never sees rolled-back
    rows and a failed request sends nothing. Without REDIS_URL tasks run eagerly in-process."""
    transaction.on_commit(lambda: task.delay(**kwargs))


@shared_task
def ping() -> str:
    """A health probe for the queue: a worker that answers proves broker and backend work."""
    return "pong"
