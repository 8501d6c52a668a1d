"""Parts of a dashboard computed in parallel with the rest, on database connections of their own.

A dashboard is a few dozen independent reads. The heaviest, the comparison groups of
retention and promotion, needs nothing the others count, so it is handed to a worker thread
while the request's thread computes the rest: PostgreSQL runs each connection's query in a
process of its own, on another core. The other parts that need nothing but the scope and
the period are `Shared`: the worker takes them from one end of a list when it is done with
its own work, the request's thread from the other, so the two finish together whether the
comparison groups were kept (the worker is free in 0.1 s) or not (0.5 s).

Only outside a transaction: pages read in autocommit (ATOMIC_REQUESTS is off), while inside
a transaction a second connection would not see the transaction's own rows (nor a test's).
There, on SQLite and with `ANALYTICS_PARALLEL` off, the work is done at once, in order.
"""

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone, translation

T = TypeVar("T")

_WORKERS: ThreadPoolExecutor
"""A few threads per process, each holding a database connection only while it works."""


def _new_workers() -> None:
    """Called at import, and again in a forked process (a server's worker), which has none
    of its parent's threads."""
    global _WORKERS
    _WORKERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="analytics")


_new_workers()
os.register_at_fork(after_in_child=_new_workers)


class Shared(Generic[T]):
    """Work done once, by whichever thread comes to it first: the worker when it is done
    with its own work early, else the caller; the other waits for the result."""

    def __init__(self, work: Callable[..., T], /, **kwargs: Any) -> None:
        self._work, self._kwargs = work, kwargs
        self._claimed = threading.Lock()
        self._done: Future[T] = Future()

    def run(self) -> None:
        if not self._claimed.acquire(blocking=False):
            return
        try:
            self._done.set_result(self._work(**self._kwargs))
        except BaseException as error:  # handed to whoever waits for the result
            self._done.set_exception(error)

    def result(self) -> T:
        self.run()
        return self._done.result()


def begin(
    work: Callable[..., T], /, *, then: Iterable[Shared[Any]] = (), **kwargs: Any
) -> Callable[[], T]:
    """Start `work(**kwargs)`, then the `then` work nobody has started yet, and return what
    waits for the result of `work` (or raises its error). The worker sees the caller's time
    zone and language, which date cuts and labels use."""
    if (
        not settings.ANALYTICS_PARALLEL
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
    ):
        done = work(**kwargs)
        return lambda: done
    zone, language = timezone.get_current_timezone(), translation.get_language()
    return _WORKERS.submit(_work, work, kwargs, tuple(then), zone, language).result


def _work(
    work: Callable[..., T],
    kwargs: dict[str, Any],
    then: tuple[Shared[Any], ...],
    zone: Any,
    language: str | None,
) -> T:
    try:
        with timezone.override(zone), translation.override(language):
            done = work(**kwargs)
            for shared in then:
                shared.run()
            return done
    finally:
        connections.close_all()  # this thread's own: it may stay idle for long
