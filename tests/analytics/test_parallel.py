"""Dashboard parts computed in parallel, on connections of their own (`analytics.parallel`).

Parallel work needs committed rows (a second connection sees nothing else), so these tests
run outside a test transaction (`transactional_db`) on PostgreSQL; inside a transaction, and
on SQLite, the work is done at once in the caller's thread."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import override_settings
from django.utils import timezone

from mentorpath.analytics import parallel
from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.queries import dashboard
from tests.analytics.fixtures import NOW, build_kpi_org

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel work runs on PostgreSQL only"
)


def where() -> tuple[str, str]:
    return threading.current_thread().name, timezone.get_current_timezone_name()


@on_postgresql
def test_work_runs_beside_the_caller_in_its_time_zone(transactional_db):
    with timezone.override("Asia/Tokyo"):
        thread, zone = parallel.begin(where)()
    assert thread.startswith("analytics")
    assert zone == "Asia/Tokyo"


def test_inside_a_transaction_work_runs_at_once_in_the_caller(db):
    with timezone.override("Asia/Tokyo"):
        assert parallel.begin(where)() == (threading.current_thread().name, "Asia/Tokyo")


@on_postgresql
def test_with_the_setting_off_work_runs_in_the_caller(transactional_db):
    with override_settings(ANALYTICS_PARALLEL=False):
        thread, _ = parallel.begin(where)()
    assert thread == threading.current_thread().name


@on_postgresql
def test_an_error_reaches_whoever_waits(transactional_db):
    def fail() -> None:
        raise ValueError("no such program")

    pending = parallel.begin(fail)
    with pytest.raises(ValueError, match="no such program"):
        pending()


@on_postgresql
def test_shared_work_is_done_once_by_the_worker_when_it_is_free_first(transactional_db):
    runs: list[str] = []
    shared = parallel.Shared(lambda: runs.append(threading.current_thread().name) or len(runs))
    parallel.begin(lambda: None, then=[shared])()  # the worker is done before we ask
    assert shared.result() == 1
    assert shared.result() == 1
    assert len(runs) == 1 and runs[0].startswith("analytics")


def test_shared_work_not_yet_started_is_done_by_the_caller():
    runs: list[str] = []
    shared = parallel.Shared(lambda: runs.append(threading.current_thread().name) or "done")
    assert shared.result() == "done"
    shared.run()
    assert runs == [threading.current_thread().name]


def test_a_shared_error_reaches_whoever_waits():
    shared = parallel.Shared(lambda: 1 / 0)
    shared.run()
    with pytest.raises(ZeroDivisionError):
        shared.result()


@on_postgresql
def test_a_dashboard_computed_in_parallel_is_the_one_computed_in_order(transactional_db):
    org = build_kpi_org()
    scope = Scope(programs=(org.p1.pk, org.p2.pk))
    opened: list[str] = []

    def note(sender, **kwargs) -> None:
        opened.append(threading.current_thread().name)

    connection_created.connect(note)
    try:
        cache.clear()
        in_parallel = dashboard(scope=scope, now=NOW)
    finally:
        connection_created.disconnect(note)
    cache.clear()
    with override_settings(ANALYTICS_PARALLEL=False):
        in_order = dashboard(scope=scope, now=NOW)

    assert any(name.startswith("analytics") for name in opened)
    assert in_parallel == in_order
    assert in_parallel.outcomes  # the comparison groups were counted beside
