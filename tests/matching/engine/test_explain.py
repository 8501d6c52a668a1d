"""Explanations: exact texts for a hand-built pair, shares, summary, broken rules, and why a
mentee stayed unmatched."""

import pytest

from mentorpath.matching.engine.constraints import (
    MENTEE_INELIGIBLE,
    NO_CAPACITY,
    NO_SHARED_LANGUAGE,
    REPORTING_LINE,
    Constraints,
    RuleCounts,
)
from mentorpath.matching.engine.explain import (
    explain,
    explain_pairs,
    format_hours,
    unmatched_reason,
)
from mentorpath.matching.engine.features import Profile, sides_from_profiles
from mentorpath.matching.engine.scoring import CRITERIA, MatchConfig, Scorer, Weights

BEA = Profile(
    1,
    "Bea",
    level=2,
    department="Sales",
    utc_offset_minutes=0,
    time_zone="Europe/Lisbon",
    languages=["Portuguese"],
    skills={"Negotiation": (1, False, True), "Python": (2, False, True)},
    interests=["Chess", "Running"],
    text="I want to get better at negotiations with customers",
    style={"structure": 1, "pace": 3},
    choices=[10],
)
ANA = Profile(
    10,
    "Ana",
    level=5,
    department="Engineering",
    utc_offset_minutes=120,
    time_zone="Africa/Cairo",
    languages=["Portuguese", "English"],
    skills={"Negotiation": (4, True, False), "Python": (3, True, False)},
    interests=["Chess", "Running", "Cooking"],
    text="Negotiation coach; customer success lead",
    style={"structure": 2, "feedback": 5},
)
LEO = Profile(11, "Leo", level=2, department="Sales", time_zone="Europe/Lisbon")


@pytest.fixture
def scorer():
    mentees, mentors, _ = sides_from_profiles([BEA], [ANA, LEO])
    return Scorer(mentees, mentors, Weights(choice=1.0), MatchConfig())


def test_explanation_lists_every_reason_in_plain_words_by_share(scorer):
    explanation = explain(scorer, 0, 0)

    assert [(r.criterion, r.text) for r in explanation.reasons] == [
        ("skills", "Ana is level 4 in Negotiation and level 3 in Python, which you want to learn"),
        ("level_gap", "Ana is 3 levels above you"),
        ("goals", "your goals and Ana's profile both mention customers and negotiations"),
        ("department", "from another department (Engineering), as the program prefers"),
        ("language", "both speak Portuguese"),
        ("choice", "you ranked Ana as your first choice"),
        ("timezone", "working hours overlap 6h"),
        ("style", "similar working style: both prefer plans and agendas"),
        ("interests", "shared interests: Chess, Running"),
    ]


def test_shares_are_each_criterions_part_of_the_total(scorer):
    explanation = explain(scorer, 0, 0)

    total_weight = 3 + 2 + 2 + 1 + 1 + 1 + 1 + 1 + 1  # the default weights plus choice = 1
    shares = {r.criterion: r.share for r in explanation.reasons}
    scores = {r.criterion: r.score for r in explanation.reasons}
    assert scores["skills"] == pytest.approx(0.75)  # full credit for one skill, half for one
    assert scores["interests"] == pytest.approx(2 / 3)
    assert shares["skills"] == pytest.approx(3 * 0.75 / total_weight / explanation.total)
    assert shares["level_gap"] == pytest.approx(2 * 1.0 / total_weight / explanation.total)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert explanation.total == pytest.approx(
        sum(w * explanation.parts[c] for c, w in Weights(choice=1.0).as_dict().items())
        / total_weight
    )


def test_summary_is_the_three_largest_reasons_on_one_line(scorer):
    assert explain(scorer, 0, 0).summary == (
        "Ana is level 4 in Negotiation and level 3 in Python, which you want to learn; "
        "Ana is 3 levels above you; "
        "your goals and Ana's profile both mention customers and negotiations"
    )


def test_a_pair_with_nothing_in_its_favor_says_so():
    mentees, mentors, _ = sides_from_profiles([Profile(1, level=5)], [Profile(10, level=5)])
    weights = Weights(**{**dict.fromkeys(CRITERIA, 0.0), "level_gap": 1.0})

    explanation = explain(Scorer(mentees, mentors, weights, MatchConfig()), 0, 0)

    assert explanation.reasons == []
    assert explanation.summary == "No criterion favors this pair."


def test_same_time_zone_peers_in_the_same_department(scorer):
    config = MatchConfig(department="same", level_gap_min=0, level_gap_max=0)
    same = Scorer(scorer.mentees, scorer.mentors, Weights(), config)

    texts = {r.criterion: r.text for r in explain(same, 0, 1).reasons}

    assert texts == {
        "level_gap": "Leo is at your level",
        "department": "both in Sales, as the program prefers",
        "timezone": "both in Europe/Lisbon",
        "style": "working style counted as neutral (not answered by both)",
    }


def test_explain_pairs_explains_each_pair(scorer):
    explanations = explain_pairs(scorer, [0, 0], [1, 0])

    assert [(e.mentee, e.mentor) for e in explanations] == [(0, 1), (0, 0)]
    assert explanations[1] == explain(scorer, 0, 0)


def test_broken_rules_are_worded_for_the_manager():
    mentees, mentors, _ = sides_from_profiles(
        [Profile(1, "Bea", manager_chain=[10], languages=["German"])],
        [Profile(10, "Ana", capacity=0, languages=["English"]), Profile(11, "Leo")],
    )
    config = MatchConfig(require_shared_language=True)
    scorer = Scorer(mentees, mentors, Weights(), config)

    explanation = explain(scorer, 0, 0, Constraints(mentees, mentors, config))

    assert explanation.broken == [
        "Ana has no room for another mentee",
        "Ana is in Bea's management chain",
        "Bea and Ana share no language",
    ]


@pytest.mark.parametrize(
    ("counts", "best", "minimum", "expected"),
    [
        (
            RuleCounts(3, 0, {MENTEE_INELIGIBLE: 3}),
            None,
            None,
            "not eligible for this program",
        ),
        (
            RuleCounts(5, 0, {MENTEE_INELIGIBLE: 0, NO_CAPACITY: 3, REPORTING_LINE: 1,
                              NO_SHARED_LANGUAGE: 2}),
            None,
            None,
            "no mentor with room who passes the constraints (of 5 mentors: 3 with no room, "
            "1 in the mentee's reporting line, 2 without a shared language)",
        ),
        (RuleCounts(0, 0, {}), None, None, "no mentor with room who passes the constraints"),
        (
            RuleCounts(5, 4, {MENTEE_INELIGIBLE: 0}),
            0.42,
            0.5,
            "all candidates below the minimum score (best 0.42 < 0.50)",
        ),
        (
            RuleCounts(5, 4, {MENTEE_INELIGIBLE: 0}),
            0.61,
            0.5,
            "the mentors who fit were all taken by other matches",
        ),
        (
            RuleCounts(5, 4, {MENTEE_INELIGIBLE: 0}),
            float("nan"),
            None,
            "the mentors who fit were all taken by other matches",
        ),
    ],
)  # fmt: skip
def test_unmatched_reason(counts, best, minimum, expected):
    assert unmatched_reason(counts, best, minimum) == expected


@pytest.mark.parametrize(("minutes", "text"), [(360, "6h"), (330, "5.5h"), (0, "0h"), (480, "8h")])
def test_format_hours(minutes, text):
    assert format_hours(minutes) == text
