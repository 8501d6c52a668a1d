"""Periodic jobs without a broker.

With REDIS_URL there is a Celery beat and this module does nothing. Without it (the
embedded default: `make demo`, a laptop) nothing would ever run the beat schedule, so
reminders, nudges and the program-end job are run from the web process instead: after a
response, each job whose interval has passed runs once, claimed through the cache so only
one request runs it. Every job is idempotent, so an occasional second run is harmless."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def run_due_periodic_tasks() -> list[str]:
    """Run every beat entry not run within its interval; return the names that ran."""
    ran = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if not cache.add(f"embedded-beat:{name}", True, timeout=int(entry["schedule"])):
            continue
        try:
            import_string(entry["task"]).apply(throw=True)
        except Exception:
            logger.exception("periodic job %s failed; it runs again after its interval", name)
        ran.append(name)
    return ran


class EmbeddedBeatMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.EMBEDDED_BEAT:
            run_due_periodic_tasks()
        return response
