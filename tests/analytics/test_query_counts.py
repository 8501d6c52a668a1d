"""The dashboard runs a fixed number of SQL queries: none per program, pair or person.

Every program in scope below has a start date and participants (mentees of started pairs,
employed at the start), so the retention and promotion comparison runs for each of them, at
different start dates; check-ins, pulses and survey answers are counted in one pass each.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.queries import dashboard
from tests.analytics.fixtures import NOW, at, build_kpi_org, checkin, enroll, pair, person, pulse
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpi_org():
    org = build_kpi_org()
    # P3 (Elsewhere) gets a participant employed at its start, and a fourth program its own
    org.people["x1"].hire_date = date(2023, 1, 1)
    org.people["x1"].save(update_fields=["hire_date"])
    p4 = ProgramFactory(name="Fourth", slug="fourth", start_date=date(2024, 6, 1))
    person(org, "y1", "Sales", 5, "Lisbon", "man", date(2015, 1, 1))
    person(org, "y2", "Sales", 2, "Lisbon", "woman", date(2023, 2, 1))
    enroll(org, "y1", p4, "mentor", at(2024, 5, 1))
    enroll(org, "y2", p4, "mentee", at(2024, 5, 1), at(2024, 5, 2))
    pair(org, "Y", p4, "y1", "y2", "active", at(2024, 5, 10), at(2024, 6, 1), rhythm_days=21)
    checkin(org, "y1", "Y", at(2026, 3, 2, 9), "held", 45, "mentee", at(2026, 2, 25, 9), None)
    pulse(org, "y1", "y2", "mentee", 4, at(2026, 3, 2, 12))
    return org, p4


def queries(programs: tuple[int, ...]) -> int:
    """Queries of a dashboard computed from nothing: no comparison group kept from before."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        board = dashboard(scope=Scope(programs=programs), now=NOW)
    assert board.outcomes  # the comparison ran
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_programs_in_scope(kpi_org):
    org, p4 = kpi_org
    two = queries((org.p1.pk, org.p2.pk))
    four = queries((org.p1.pk, org.p2.pk, org.p3.pk, p4.pk))

    assert two == four


def test_one_program_costs_the_same_whichever_it_is(kpi_org):
    """One program in scope adds its targets (one query), whatever its data."""
    org, p4 = kpi_org
    assert queries((org.p1.pk,)) == queries((p4.pk,))
    assert queries((org.p1.pk,)) == queries((org.p1.pk, p4.pk)) + 1


def test_the_dashboard_runs_few_queries(kpi_org):
    """Enrollment 4, check-ins 1, pulses 1, pairs 1, outcomes 2, engagement 2, goals 1,
    completion 1, NPS 1, skill growth 2, pairs started 1, breakdowns 4, successors ready
    now 1: 22 (21 before the pipeline KPI, which adds its one COUNT)."""
    org, p4 = kpi_org
    assert queries((org.p1.pk, org.p2.pk, org.p3.pk, p4.pk)) <= 22


def test_the_pipeline_kpi_is_one_statement_whatever_the_programs(kpi_org):
    org, p4 = kpi_org
    for programs in ((org.p1.pk,), (org.p1.pk, org.p2.pk, org.p3.pk, p4.pk)):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            dashboard(scope=Scope(programs=programs), now=NOW)
        succession = [q for q in captured if "succession_successorcandidate" in q["sql"]]
        assert len(succession) == 1
