"""The monthly rollups: the PostgreSQL triggers keep them equal to a cut from the raw rows
through every kind of write, and a dashboard read through them equals one read from the raw
rows, for every kind of period. `MonthSplit` is checked on its own, on any database."""

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mentorpath.analytics import rollups
from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.models import CheckinMonth, NpsMonth, PulseMonth, RollupState
from mentorpath.analytics.periods import MonthSplit, Period, aware
from mentorpath.analytics.queries import dashboard
from mentorpath.analytics.services import rollups_rebuild
from mentorpath.analytics.tasks import count_outcomes
from mentorpath.feedback.models import (
    PulseRating,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from mentorpath.mentoring.models import CheckIn
from tests.analytics.fixtures import NOW, at, build_kpi_org
from tests.factories import ProgramFactory

POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the rollups exist on PostgreSQL only"
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- MonthSplit ---------------------------------------------------------------------------------


def test_without_rollups_the_whole_period_is_read_from_the_rows():
    period = Period(start=utc(2025, 1, 10), end=utc(2025, 6, 3))
    assert MonthSplit.of(period, rollups=False) == MonthSplit(
        first=None, last=None, edges=((period.start, period.end),)
    )


def test_a_period_from_the_beginning_reads_only_the_current_month_from_the_rows():
    split = MonthSplit.of(Period(start=None, end=utc(2026, 3, 15, 12)), rollups=True)
    assert split == MonthSplit(
        first=None, last=date(2026, 3, 1), edges=((utc(2026, 3, 1), utc(2026, 3, 15, 12)),)
    )


def test_a_period_cut_mid_month_reads_both_ends_from_the_rows():
    split = MonthSplit.of(Period(start=utc(2025, 6, 10), end=utc(2025, 12, 20)), rollups=True)
    assert split == MonthSplit(
        first=date(2025, 7, 1),
        last=date(2025, 12, 1),
        edges=((utc(2025, 6, 10), utc(2025, 7, 1)), (utc(2025, 12, 1), utc(2025, 12, 20))),
    )


def test_a_period_of_whole_months_reads_no_row():
    split = MonthSplit.of(Period(start=utc(2025, 6, 1), end=utc(2026, 1, 1)), rollups=True)
    assert split == MonthSplit(first=date(2025, 6, 1), last=date(2026, 1, 1), edges=())


def test_a_period_inside_one_month_is_all_edge():
    period = Period(start=utc(2025, 6, 3), end=utc(2025, 6, 20))
    assert MonthSplit.of(period, rollups=True).edges == ((period.start, period.end),)
    period = Period(start=utc(2025, 6, 3), end=utc(2025, 7, 1))  # ends on a month's start
    assert MonthSplit.of(period, rollups=True).edges == ((period.start, period.end),)


@given(
    start=st.one_of(
        st.none(), st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2027, 1, 1))
    ),
    length=st.timedeltas(min_value=timedelta(hours=1), max_value=timedelta(days=900)),
)
def test_whole_months_and_edges_cover_the_period_exactly_once(start, length):
    start = start.replace(tzinfo=UTC) if start else None
    end = (start or utc(2026, 1, 1)) + length
    split = MonthSplit.of(Period(start=start, end=end), rollups=True)
    pieces = sorted(
        [(a or utc(1900, 1, 1), b) for a, b in split.edges]
        + ([(aware(split.first) if split.first else utc(1900, 1, 1), aware(split.last))]
           if split.last else [])
    )  # fmt: skip
    assert pieces[0][0] == (start or utc(1900, 1, 1)) and pieces[-1][1] == end
    assert all(a[1] == b[0] for a, b in pairwise(pieces))
    assert all(timezone.localtime(aware(m)).day == 1 for m in (split.first, split.last) if m)


# --- the triggers -------------------------------------------------------------------------------


def rollup_rows() -> tuple[set, set, set]:
    checkins = {
        (r.mentorship_id, r.month, r.held, r.held_minutes, r.invitations, r.answered,
         r.answer_wait if r.answered else None)
        for r in CheckinMonth.objects.all()
        if r.held or r.invitations
    }  # fmt: skip
    pulses = {
        (r.mentorship_id, r.person_id, r.month, r.points, r.ratings)
        for r in PulseMonth.objects.all()
        if r.ratings
    }
    nps = {
        (r.program_id, r.person_id, r.month, r.answers, r.promoters, r.detractors)
        for r in NpsMonth.objects.all()
        if r.answers
    }
    return checkins, pulses, nps


def assert_rollups_exact() -> None:
    """What the triggers built equals a fresh cut from the raw rows."""
    kept = rollup_rows()
    assert rollups_rebuild()
    assert rollup_rows() == kept


@POSTGRES
@pytest.mark.django_db
def test_triggers_keep_the_rollups_exact_through_inserts_updates_and_deletes():
    org = build_kpi_org()
    assert rollups.ready()
    assert CheckinMonth.objects.exists() and PulseMonth.objects.exists()
    assert_rollups_exact()

    held = org.checkins["a1"]
    CheckIn.objects.filter(pk=held.pk).update(starts_at=held.starts_at - timedelta(days=40))
    assert_rollups_exact()
    CheckIn.objects.filter(pk=held.pk).update(held_minutes=95)
    assert_rollups_exact()
    invited = next(c for c in org.checkins.values() if c.responded_at is not None)
    CheckIn.objects.filter(pk=invited.pk).update(
        responded_at=None, invitee_response="", status="scheduled", held_minutes=None
    )
    assert_rollups_exact()
    CheckIn.objects.filter(pk=invited.pk).update(
        responded_at=invited.invited_at + timedelta(hours=7)
    )
    assert_rollups_exact()
    PulseRating.objects.filter(pk=PulseRating.objects.first().pk).update(
        rating=1, created_at=at(2024, 12, 31, 23, 59)
    )
    assert_rollups_exact()
    org.pairs["B"].delete()  # its check-ins and their pulses go with it
    assert_rollups_exact()
    CheckIn.objects.all().delete()
    assert not rollup_rows()[0] and not rollup_rows()[1]


@POSTGRES
@pytest.mark.django_db
def test_triggers_keep_the_nps_rollup_exact_through_answers_responses_and_questions():
    build_kpi_org()
    answer = SurveyAnswer.objects.filter(question__kind="nps").select_related("response").first()
    assert NpsMonth.objects.exists()
    assert_rollups_exact()
    SurveyAnswer.objects.filter(pk=answer.pk).update(number=2)
    assert_rollups_exact()
    SurveyResponse.objects.filter(pk=answer.response_id).update(submitted_at=at(2024, 7, 3))
    assert_rollups_exact()
    SurveyResponse.objects.filter(pk=answer.response_id).update(submitted_at=None)  # reopened
    assert_rollups_exact()
    SurveyResponse.objects.filter(pk=answer.response_id).update(submitted_at=at(2025, 9, 9))
    question = answer.question
    SurveyQuestion.objects.filter(pk=question.pk).update(kind="rating")
    assert_rollups_exact()
    SurveyQuestion.objects.filter(pk=question.pk).update(kind="nps")
    assert_rollups_exact()
    other = ProgramFactory()
    Survey.objects.filter(pk=question.survey_id).update(program=other)
    assert_rollups_exact()
    SurveyAnswer.objects.filter(pk=answer.pk).delete()
    assert_rollups_exact()
    Survey.objects.all().delete()  # questions, responses and answers go with them
    assert not rollup_rows()[2]


@POSTGRES
@pytest.mark.django_db
def test_months_follow_the_time_zone_the_rollups_were_cut_in():
    build_kpi_org()
    assert rollups.ready()
    with override_settings(TIME_ZONE="Pacific/Auckland"):
        assert not rollups.ready()  # cut in UTC: the dashboards read the raw rows
        call_command("analytics_rebuild_rollups", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert rollups.ready()
        assert RollupState.objects.get().time_zone == "Pacific/Auckland"
    assert not rollups.ready()
    rollups_rebuild()
    assert rollups.ready()


# --- the dashboards read through them -----------------------------------------------------------

SCOPES = {
    "everything": {},
    "mid-month range": {"date_from": date(2025, 6, 10), "date_to": date(2025, 12, 20)},
    "whole months": {"date_from": date(2025, 3, 1), "date_to": date(2025, 12, 31)},
    "inside a month": {"date_from": date(2025, 3, 3), "date_to": date(2025, 3, 20)},
    "cohort": {"cohort": "2025-Q1"},
}


@POSTGRES
@pytest.mark.django_db
@pytest.mark.parametrize("filters", list(SCOPES.values()), ids=list(SCOPES))
def test_a_dashboard_through_the_rollups_equals_one_from_the_raw_rows(filters):
    org = build_kpi_org()
    scope = Scope(programs=(org.p1.pk, org.p2.pk), **filters)
    assert rollups.ready()
    through_rollups = dashboard(scope=scope, now=NOW)
    RollupState.objects.all().delete()
    assert not rollups.ready()
    from_rows = dashboard(scope=scope, now=NOW)
    assert through_rollups.kpis == from_rows.kpis
    assert through_rollups.trends == from_rows.trends


def test_the_end_month_is_read_whole_when_nothing_lies_after_the_end():
    period = Period(start=None, end=utc(2026, 3, 15, 12))
    split = MonthSplit.of(period, rollups=True, end_month_complete=True)
    assert split == MonthSplit(first=None, last=date(2026, 4, 1), edges=())
    period = Period(start=utc(2026, 3, 10), end=utc(2026, 3, 15, 12))  # inside that month
    split = MonthSplit.of(period, rollups=True, end_month_complete=True)
    assert split.edges == ((period.start, period.end),)


@POSTGRES
@pytest.mark.django_db
def test_a_row_after_the_end_keeps_the_end_month_read_from_the_rows():
    org = build_kpi_org()
    scope = Scope(programs=(org.p1.pk, org.p2.pk))
    assert rollups.status(NOW) == (True, True)
    board = dashboard(scope=scope, now=NOW)
    later = org.checkins["a1"]
    CheckIn.objects.filter(pk=later.pk).update(starts_at=NOW + timedelta(days=3))
    assert rollups.status(NOW) == (True, False)
    through_rollups = dashboard(scope=scope, now=NOW)
    RollupState.objects.all().delete()
    from_rows = dashboard(scope=scope, now=NOW)
    assert through_rollups.kpis == from_rows.kpis != board.kpis
    assert through_rollups.trends == from_rows.trends


@pytest.mark.django_db
def test_outcomes_are_counted_ahead_by_the_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["analytics-outcomes"]
    assert entry == {"task": "mentorpath.analytics.tasks.count_outcomes", "schedule": 120}
    assert count_outcomes() is (connection.vendor == "postgresql")  # nothing kept on SQLite


@POSTGRES
@pytest.mark.django_db
def test_the_rebuild_puts_lost_triggers_back():
    org = build_kpi_org()
    rollups.drop_triggers()
    CheckIn.objects.filter(pk=org.checkins["a1"].pk).update(held_minutes=120)
    kept = rollup_rows()
    assert rollups_rebuild()
    assert rollup_rows() != kept  # the change missed while the triggers were gone is counted
    CheckIn.objects.filter(pk=org.checkins["a1"].pk).update(held_minutes=30)
    assert_rollups_exact()  # and the next write is followed again
