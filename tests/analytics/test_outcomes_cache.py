"""Retention and promotion reuse their comparison groups while the people data they were
counted from is unchanged (PostgreSQL): any change to a person, a job change or the started
pairs is seen by the very next dashboard, exactly as if nothing had been kept."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.queries import dashboard
from mentorpath.analytics.services import outcomes_count
from mentorpath.hris import services as hris
from mentorpath.people.enums import JobChangeKind
from mentorpath.people.models import JobChange, Person
from mentorpath.programs.models import Program
from tests.analytics.fixtures import NOW, at, build_kpi_org, enroll, pair
from tests.hris.conftest import csv_text, csv_upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps them only"),
]


@pytest.fixture
def org():
    cache.clear()
    return build_kpi_org()


def outcomes(org):
    return dashboard(scope=Scope(programs=(org.p1.pk, org.p2.pk)), now=NOW).outcomes


def from_nothing(org):
    cache.clear()
    return outcomes(org)


def test_an_unchanged_organization_reuses_what_was_counted(org):
    first = outcomes(org)
    with CaptureQueriesContext(connection) as again:
        second = outcomes(org)
    assert second == first == from_nothing(org)
    assert not any("WITH starts" in q["sql"] for q in again.captured_queries)


def test_a_comparison_person_leaving_is_counted_at_once(org):
    before = outcomes(org)
    Person.objects.filter(pk=org.people["c1"].pk).update(termination_date=date(2025, 2, 1))
    after = outcomes(org)
    assert after != before
    assert after == from_nothing(org)


def test_a_job_change_is_counted_at_once(org):
    before = outcomes(org)
    JobChange.objects.create(
        person=org.people["c1"],
        kind=JobChangeKind.PROMOTION,
        effective_date=date(2025, 6, 1),
        from_level=3,
        to_level=4,
    )
    after = outcomes(org)
    assert after != before
    assert after == from_nothing(org)


def test_a_comparison_person_becoming_a_mentee_leaves_the_comparison_group_at_once(org):
    before = outcomes(org)
    enroll(org, "m2", org.p2, "mentor", at(2025, 9, 1))
    enroll(org, "c1", org.p2, "mentee", at(2025, 9, 1), at(2025, 9, 2))
    pair(org, "Z", org.p2, "m2", "c1", "active", at(2025, 9, 5), at(2025, 10, 1))
    after = outcomes(org)
    assert after != before
    assert after == from_nothing(org)


def test_outcomes_counted_ahead_serve_the_first_organization_dashboard(org):
    everything = Scope(programs=tuple(Program.objects.values_list("pk", flat=True)))
    assert outcomes_count(today=timezone.localdate(NOW))
    with CaptureQueriesContext(connection) as first:
        counted_ahead = dashboard(scope=everything, now=NOW).outcomes
    assert not any("WITH starts" in q["sql"] for q in first.captured_queries)
    cache.clear()
    assert counted_ahead == dashboard(scope=everything, now=NOW).outcomes


def test_an_applied_hris_import_recounts_ahead_of_the_next_dashboard(
    org, admin_user, django_capture_on_commit_callbacks
):
    everything = Scope(programs=tuple(Program.objects.values_list("pk", flat=True)))
    dashboard(scope=everything)  # counted and kept, then the import changes the people
    upload = csv_upload(csv_text("N1,Nia,New,nia@example.com,Analyst,Finance,3,,2024-01-01"))
    with django_capture_on_commit_callbacks(execute=True):
        job = hris.import_job_create(upload=upload, by=admin_user)
        job = hris.import_job_start(job=job, by=admin_user)
        hris.import_job_apply(job=job, by=admin_user)

    with CaptureQueriesContext(connection) as first:
        dashboard(scope=everything)
    assert not any("WITH starts" in q["sql"] for q in first.captured_queries)
