"""The executive copy: every figure standing on 1–4 people is hidden, 0 and 5+ are shown."""

from dataclasses import replace
from decimal import Decimal

import pytest

from mentorpath.analytics.kpis import (
    MIN_GROUP,
    Breakdown,
    BreakdownRow,
    Dashboard,
    KpiValue,
    OutcomeComparison,
    Rate,
    Scope,
    Series,
    SkillGrowthRow,
    Target,
    suppress_small_groups,
)
from mentorpath.analytics.queries import dashboard
from tests.analytics.fixtures import NOW, build_kpi_org

HIDDEN_RATE = Rate(n=0, rate=None, low=None, high=None)


def _kpi(n: int, value: float | None = 42.0, target: Target | None = None) -> KpiValue:
    return KpiValue(f"k{n}", f"KPI on {n}", value, "%", n, target=target)


def _outcome(participants: int, comparison: int) -> OutcomeComparison:
    return OutcomeComparison(
        metric="retention",
        months=12,
        participants=Rate(participants, 0.9, 0.8, 0.95),
        comparison=Rate(comparison, 0.8, 0.7, 0.85),
        matched=participants,
        difference=0.1,
        difference_low=-0.05,
        difference_high=0.25,
    )


def _board(**parts) -> Dashboard:
    fields = {"scope": Scope(programs=(1,)), "kpis": (), "outcomes": (), "trends": ()}
    fields["breakdowns"] = ()
    return Dashboard(**{**fields, **parts})


def test_the_threshold_is_five():
    assert MIN_GROUP == 5


# --- KPIs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_a_kpi_on_fewer_than_five_is_hidden(n):
    target = Target("Keep", "gte", Decimal(90), "at least 90")
    kpi = _kpi(n, target=target)

    (hidden,) = suppress_small_groups(_board(kpis=(kpi,))).kpis

    assert hidden == replace(kpi, value=None, suppressed=True)
    assert hidden.n == n  # the size stays, so the reader knows why
    assert hidden.target == target
    assert hidden.on_target is None  # no verdict on a hidden value


@pytest.mark.parametrize("n", [0, 5, 6, 100])
def test_a_kpi_on_none_or_five_and_more_is_kept(n):
    kpi = _kpi(n, value=None if n == 0 else 42.0)

    assert suppress_small_groups(_board(kpis=(kpi,))).kpis == (kpi,)


def test_the_threshold_can_be_raised():
    kpis = tuple(_kpi(n) for n in (0, 4, 5, 9, 10))

    result = suppress_small_groups(_board(kpis=kpis), min_group=10)

    assert [k.suppressed for k in result.kpis] == [False, True, True, True, False]
    assert [k.value for k in result.kpis] == [42.0, None, None, None, 42.0]


# --- outcomes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("participants", "comparison"), [(4, 50), (50, 4), (1, 1), (3, 0)])
def test_an_outcome_with_a_small_side_is_hidden_whole(participants, comparison):
    (hidden,) = suppress_small_groups(
        _board(outcomes=(_outcome(participants, comparison),))
    ).outcomes

    assert hidden == OutcomeComparison(
        metric="retention",
        months=12,
        participants=HIDDEN_RATE,
        comparison=HIDDEN_RATE,
        matched=0,
        difference=None,
        difference_low=None,
        difference_high=None,
        suppressed=True,
    )


@pytest.mark.parametrize(("participants", "comparison"), [(5, 5), (50, 0), (0, 0), (0, 7)])
def test_an_outcome_with_no_small_side_is_kept(participants, comparison):
    outcome = _outcome(participants, comparison)

    assert suppress_small_groups(_board(outcomes=(outcome,))).outcomes == (outcome,)


# --- breakdowns -----------------------------------------------------------------------------


def test_a_breakdown_row_with_a_small_side_is_emptied():
    rows = (
        BreakdownRow("Engineering", 5, 12),
        BreakdownRow("Finance", 0, 7),
        BreakdownRow("Legal", 4, 20),
        BreakdownRow("Sales", 9, 1),
        BreakdownRow("Not recorded", 0, 0),
    )

    board = _board(breakdowns=(Breakdown("department", "Department", rows),))

    (result,) = suppress_small_groups(board).breakdowns

    assert result.rows == (
        BreakdownRow("Engineering", 5, 12),
        BreakdownRow("Finance", 0, 7),
        BreakdownRow("Legal", 0, 0, suppressed=True),
        BreakdownRow("Sales", 0, 0, suppressed=True),
        BreakdownRow("Not recorded", 0, 0),
    )
    assert result.rows[2].total == 0


# --- trends and skills ----------------------------------------------------------------------


def test_trend_points_on_few_are_hidden():
    s = Series(
        "pulse_average",
        "Rating",
        "/5",
        ("a", "b", "c", "d", "e"),
        (None, 3.5, 4.0, 4.2, 2.0),
        (0, 4, 5, 12, 1),
    )

    (result,) = suppress_small_groups(_board(trends=(s,))).trends

    assert result == replace(s, values=(None, None, 4.0, 4.2, None))
    assert result.ns == s.ns
    counts = Series("pairs_started", "Pairs", "", ("a", "b"), (0, 3), (0, 3))
    assert suppress_small_groups(_board(trends=(counts,))).trends[0].values == (0, None)


def test_skill_rows_on_few_are_hidden():
    rows = (SkillGrowthRow("Negotiation", 5, 2.0, 3.5), SkillGrowthRow("Delegation", 4, 1.0, 3.0))

    result = suppress_small_groups(_board(skills=rows)).skills

    assert result == (
        SkillGrowthRow("Negotiation", 5, 2.0, 3.5),
        SkillGrowthRow("Delegation", 4, None, None, suppressed=True),
    )
    assert result[0].growth == 1.5
    assert result[1].growth is None


def test_the_copy_is_marked_and_the_rest_kept():
    board = _board(kpis=(_kpi(3),), notes=("A note.",))

    result = suppress_small_groups(board)

    assert result.suppressed is True
    assert result.scope == board.scope
    assert result.notes == ("A note.",)
    assert board.suppressed is False  # the original is untouched
    assert board.kpis[0].value == 42.0


# --- the hand-built organization --------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_of_the_hand_built_organization_suppressed():
    org = build_kpi_org()
    board = dashboard(scope=Scope(programs=(org.p1.pk, org.p2.pk)), now=NOW)

    result = suppress_small_groups(board)

    assert {k.key: (k.value, k.n, k.suppressed) for k in result.kpis} == {
        "mentors": (None, 4, True),
        "mentees": (9, 9, False),
        "mentee_ratio": (None, 4, True),
        "waiting": (None, 9, True),  # a headcount of 2 people: hidden whatever its n,
        "match_rate": (66.7, 9, False),
        "time_to_match": (18.9, 8, False),
        "acceptance_rate": (85.7, 7, False),
        "checkins_per_pair_month": (0.27, 6, False),
        "engagement": (None, 3, True),
        "goal_completion": (40.0, 5, False),  # exactly five: shown
        "goal_progress": (52.0, 5, False),
        "satisfaction": (3.86, 7, False),
        "nps": (14.3, 7, False),
        "skill_growth": (None, 4, True),
        "completion": (None, 2, True),
        "retention_6m": (None, 3, True),
        "retention_12m": (None, 3, True),
        "promotion_rate": (None, 3, True),
        "mentor_hours": (None, 3, True),
        "mentor_response_hours": (9.4, 6, False),
        "mentor_response_rate": (75.0, 8, False),
        "pipeline": (0, 0, False),  # no successor candidates here
    }
    # three participants: every outcome is hidden
    assert [o.suppressed for o in result.outcomes] == [True, True, True]
    assert all(o.participants == HIDDEN_RATE and o.difference is None for o in result.outcomes)
    # only level 2 (five mentees, no mentor) keeps its counts
    shown = {
        b.key: [(r.label, r.mentors, r.mentees) for r in b.rows if not r.suppressed]
        for b in result.breakdowns
    }
    assert shown == {
        "department": [],
        "level": [("Level 2", 0, 5)],
        "location": [],
        "gender": [],
    }
    assert [len(b.rows) for b in result.breakdowns] == [3, 7, 3, 4]
    # every month stands on fewer than five: only the empty ones keep their value
    for before, after in zip(board.trends, result.trends, strict=True):
        assert after.ns == before.ns
        assert after.values == tuple(
            v if n == 0 else None for v, n in zip(before.values, before.ns, strict=True)
        )
    assert [r.suppressed for r in result.skills] == [True, True]
    assert result.notes == board.notes
