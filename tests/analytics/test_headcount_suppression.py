"""Executives never read a headcount of 1–4 people, even when it stands on a larger group."""

from mentorpath.analytics.kpis import Dashboard, KpiValue, Scope, suppress_small_groups


def _dashboard(*kpis: KpiValue) -> Dashboard:
    return Dashboard(scope=Scope(programs=(1,)), kpis=kpis, outcomes=(), trends=(), breakdowns=())


def test_small_waiting_headcount_is_hidden_though_it_stands_on_enough_mentees():
    waiting = KpiValue("waiting", "Mentees waiting for a match", 4, "", 12)

    shown = suppress_small_groups(_dashboard(waiting)).kpi("waiting")

    assert (shown.value, shown.suppressed) == (None, True)


def test_headcounts_of_zero_and_of_five_are_kept():
    zero = KpiValue("waiting", "Mentees waiting for a match", 0, "", 12)
    five = KpiValue("mentors", "Mentors", 5, "", 5)

    shown = suppress_small_groups(_dashboard(zero, five))

    assert [(k.value, k.suppressed) for k in shown.kpis] == [(0, False), (5, False)]


def test_a_small_value_that_is_not_a_headcount_is_kept():
    hours = KpiValue("mentor_hours", "Mentor hours", 3.0, "hours", 6)

    assert suppress_small_groups(_dashboard(hours)).kpi("mentor_hours").value == 3.0
