"""A computed dashboard is reused for the same filters for ANALYTICS_CACHE_SECONDS."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.queries import dashboard_cached

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(ANALYTICS_CACHE_SECONDS=60)
def test_the_same_filters_reuse_the_computed_dashboard(program):
    scope = Scope(programs=(program.pk,))
    first = dashboard_cached(scope=scope)

    with CaptureQueriesContext(connection) as queries:
        again = dashboard_cached(scope=scope)

    assert len(queries.captured_queries) == 0
    assert again == first
    assert again.computed_at == first.computed_at


@override_settings(ANALYTICS_CACHE_SECONDS=60)
def test_other_filters_are_computed_afresh(program):
    dashboard_cached(scope=Scope(programs=(program.pk,)))

    with CaptureQueriesContext(connection) as queries:
        dashboard_cached(scope=Scope(programs=(program.pk,), cohort="2025-Q3"))

    assert len(queries.captured_queries) > 0


@override_settings(ANALYTICS_CACHE_SECONDS=0)
def test_no_cache_seconds_computes_every_time(program):
    scope = Scope(programs=(program.pk,))
    dashboard_cached(scope=scope)

    with CaptureQueriesContext(connection) as queries:
        dashboard_cached(scope=scope)

    assert len(queries.captured_queries) > 0
