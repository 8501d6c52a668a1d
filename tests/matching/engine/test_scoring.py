"""Per-criterion scores with exact expected values, their weighted sum, and the fast block
path against the direct per-pair formulas."""

import math

import numpy as np
import pytest

from mentorpath.matching.engine import scoring
from mentorpath.matching.engine.features import Profile, sides_from_profiles
from mentorpath.matching.engine.scoring import (
    CRITERIA,
    MatchConfig,
    Scorer,
    Weights,
    choice_score,
    department_score,
    jaccard,
    level_gap_score,
    score_block,
    score_pairs,
    skill_credit,
    style_score,
    timezone_score,
)
from mentorpath.matching.engine.synthetic import synthetic_instance

NAN = math.nan


def only(criterion: str, **config) -> tuple[Weights, MatchConfig]:
    """Weights that count one criterion alone, so the total equals its score."""
    values = dict.fromkeys(CRITERIA, 0.0)
    values[criterion] = 1.0
    return Weights(**values), MatchConfig(**config)


def scores(mentee: Profile, mentors: list[Profile], criterion: str, **config) -> list[float]:
    """One criterion's score of a mentee against each mentor, by both paths (they agree)."""
    a, b, _ = sides_from_profiles([mentee], mentors)
    weights, cfg = only(criterion, **config)
    scorer = Scorer(a, b, weights, cfg)
    total, parts = scorer.pairs(np.zeros(len(mentors), int), np.arange(len(mentors)))
    block, block_parts = scorer.block(parts=True)
    np.testing.assert_allclose(block[0], total, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(block_parts[criterion][0], parts[criterion], rtol=1e-6, atol=1e-7)
    return [round(float(v), 6) for v in parts[criterion]]


# ---- the formulas


def test_skill_credit_is_the_capped_lead_over_the_cap():
    assert skill_credit([4, 3, 2, 1, 5], [1, 2, 2, 2, 0], full=2).tolist() == [1, 0.5, 0, 0, 1]


@pytest.mark.parametrize(
    ("gap", "expected"),
    [(-1, 0.0), (0, 0.0), (1, 0.5), (2, 1.0), (3, 1.0), (4, 1.0), (5, 0.75), (6, 0.5), (8, 0.0)],
)
def test_level_gap_is_one_inside_the_range_and_decays_outside(gap, expected):
    assert level_gap_score(gap, low=2, high=4, slack=4) == pytest.approx(expected)


@pytest.mark.parametrize(("gap", "expected"), [(-3, 0.0), (-1, 0.5), (0, 1.0), (1, 1.0), (2, 0.5)])
def test_level_gap_of_a_peer_program_decays_over_the_slack_below(gap, expected):
    assert level_gap_score(gap, low=0, high=1, slack=2) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("offset_a", "offset_b", "expected"),
    [(0, 0, 1.0), (0, 120, 0.75), (60, -240, 0.375), (0, 480, 0.0), (660, -660, 0.75)],
)
def test_timezone_is_the_shared_part_of_an_eight_hour_day(offset_a, offset_b, expected):
    assert timezone_score(offset_a, offset_b, 480) == pytest.approx(expected)


def test_style_is_one_minus_the_mean_gap_over_both_answered_dimensions():
    mentee = [1, 3, NAN, 5]
    mentor = [2, NAN, 4, 1]

    # both answered structure (gap 1) and feedback (gap 4): 1 − (1 + 4) / (4 · 2)
    assert style_score(mentee, mentor) == pytest.approx(0.375)
    assert style_score([NAN] * 4, [1, 2, 3, 4]) == 0.5
    assert style_score([3, 3, 3, 3], [3, 3, 3, 3]) == 1.0


def test_jaccard_and_its_empty_case():
    assert jaccard(1, 2, 1) == 0.5
    assert jaccard(0, 0, 0) == 0.0
    assert jaccard(2, 3, 4) == pytest.approx(2 / 5)


def test_choice_decays_linearly_by_rank():
    assert choice_score([1, 2, 5, 6, 0], 5).tolist() == pytest.approx([1.0, 0.8, 0.2, 0.0, 0.0])


def test_department_preference_needs_both_departments_known():
    assert department_score([0, 0, -1], [1, 0, 1], "different").tolist() == [1.0, 0.0, 0.0]
    assert department_score([0, 0, -1], [1, 0, -1], "same").tolist() == [0.0, 1.0, 0.0]


# ---- each criterion on hand-built profiles


def test_skills_is_the_share_of_wanted_skills_a_mentor_teaches_ahead():
    mentee = Profile(1, skills={"Negotiation": (1, False, True), "Python": (2, False, True)})
    mentors = [
        Profile(10, skills={"Negotiation": (4, True, False)}),  # one of two, full credit
        Profile(11, skills={"Python": (3, True, False)}),  # one of two, one level ahead
        Profile(12, skills={"Negotiation": (5, False, False), "Python": (5, True, False)}),
        Profile(13, skills={"Python": (2, True, False)}),  # not ahead
        Profile(14, skills={"Negotiation": (3, True, False), "Python": (4, True, False)}),
    ]

    assert scores(mentee, mentors, "skills") == [0.5, 0.25, 0.5, 0.0, 1.0]


def test_skills_is_zero_for_a_mentee_who_wants_nothing():
    mentee = Profile(1, skills={"Python": (2, True, False)})

    assert scores(mentee, [Profile(10, skills={"Python": (5, True, False)})], "skills") == [0.0]


def test_goals_is_the_cosine_of_tf_idf_vectors():
    mentee = Profile(1, text="Negotiation")
    mentors = [
        Profile(10, text="negotiation"),
        Profile(11, text="negotiation coaching"),
        Profile(12, text="python"),
    ]

    # 4 documents (3 mentors, 1 mentee; no objectives): df(negotiation) = 3, df(coaching) = 1
    idf_negotiation, idf_coaching = math.log(5 / 4) + 1, math.log(5 / 2) + 1
    cosine = idf_negotiation / math.hypot(idf_negotiation, idf_coaching)
    assert scores(mentee, mentors, "goals") == [1.0, round(cosine, 6), 0.0]


def test_goals_adds_the_mentors_fit_with_the_program_objectives():
    mentee = Profile(1, text="python")
    mentors = [Profile(10, text="negotiation"), Profile(11, text="python")]

    result = scores(mentee, mentors, "goals", objectives="Negotiation", objectives_share=0.25)

    assert result == [0.25, 0.75]


def test_interests_is_the_jaccard_index():
    mentee = Profile(1, interests=["Chess", "Running"])
    mentors = [
        Profile(10, interests=["Chess"]),
        Profile(11, interests=["Chess", "Running"]),
        Profile(12, interests=["Cooking"]),
        Profile(13),
    ]

    assert scores(mentee, mentors, "interests") == [0.5, 1.0, 0.0, 0.0]


def test_interests_of_two_empty_profiles_is_zero():
    assert scores(Profile(1), [Profile(10)], "interests") == [0.0]


def test_level_gap_on_profiles():
    mentors = [Profile(10 + k, level=level) for k, level in enumerate((3, 4, 5, 8, 7))]

    assert scores(Profile(1, level=3), mentors, "level_gap") == [0.0, 0.5, 1.0, 0.75, 1.0]


def test_department_as_the_program_prefers():
    mentee = Profile(1, department="Sales")
    mentors = [Profile(10, department="Engineering"), Profile(11, department="Sales"), Profile(12)]

    assert scores(mentee, mentors, "department", department="different") == [1.0, 0.0, 0.0]
    assert scores(mentee, mentors, "department", department="same") == [0.0, 1.0, 0.0]


def test_department_any_drops_the_criterion():
    a, b, _ = sides_from_profiles([Profile(1)], [Profile(10)])

    scorer = Scorer(a, b, Weights(), MatchConfig(department="any"))

    assert "department" not in scorer.active
    assert sum(scorer.share.values()) == pytest.approx(1.0)


def test_timezone_on_profiles():
    mentee = Profile(1, utc_offset_minutes=60)
    offsets = (60, 180, -240, 600)
    mentors = [Profile(10 + k, utc_offset_minutes=offset) for k, offset in enumerate(offsets)]

    assert scores(mentee, mentors, "timezone") == [1.0, 0.75, 0.375, 0.0]


def test_language_needs_one_shared_language():
    mentee = Profile(1, languages=["Portuguese", "English"])
    mentors = [
        Profile(10, languages=["English"]),
        Profile(11, languages=["German"]),
        Profile(12, languages=["English", "Portuguese"]),
        Profile(13),
    ]

    assert scores(mentee, mentors, "language") == [1.0, 0.0, 1.0, 0.0]


def test_style_on_profiles():
    mentee = Profile(1, style={"structure": 1, "pace": 3})
    mentors = [
        Profile(10, style={"structure": 2}),
        Profile(11, style={"communication": 5}),
        Profile(12, style={"structure": 5, "pace": 3}),
    ]

    assert scores(mentee, mentors, "style") == [0.75, 0.5, 0.5]


def test_choice_ranks_count_among_mentors_of_the_run():
    # 99 is not a mentor of this run, so 11 is the first choice; the repeated 11 is ignored
    mentee = Profile(1, choices=[99, 11, 11, 10])
    mentors = [Profile(10), Profile(11), Profile(12)]

    assert scores(mentee, mentors, "choice", max_choices=5) == [0.8, 1.0, 0.0]
    assert scores(mentee, mentors, "choice", max_choices=1) == [0.0, 1.0, 0.0]


def test_choice_rank_reads_back_the_rank():
    a, b, _ = sides_from_profiles([Profile(1, choices=[11, 10])], [Profile(10), Profile(11)])
    scorer = Scorer(a, b, Weights(choice=1), MatchConfig())

    assert [scorer.choice_rank(0, 0), scorer.choice_rank(0, 1)] == [2, 1]


# ---- the weighted sum


def test_total_is_the_weighted_mean_of_the_criteria():
    wants = {"Negotiation": (1, False, True), "Python": (1, False, True)}
    mentee = Profile(1, level=2, skills=wants)
    mentor = Profile(10, level=4, skills={"Negotiation": (4, True, False)})
    a, b, _ = sides_from_profiles([mentee], [mentor])
    weights = Weights(**{**dict.fromkeys(CRITERIA, 0.0), "skills": 3.0, "level_gap": 1.0})

    total, parts = score_pairs(a, b, [0], [0], weights, MatchConfig())
    block, _ = score_block(a, b, weights=weights, config=MatchConfig())

    assert parts == {"skills": pytest.approx([0.5]), "level_gap": pytest.approx([1.0])}
    assert total.tolist() == pytest.approx([(3 * 0.5 + 1 * 1.0) / 4])
    assert block[0].tolist() == pytest.approx([0.625])


def test_weights_refuse_negative_or_all_zero_values():
    with pytest.raises(ValueError, match=r"weights\.goals"):
        Weights(goals=-1)
    with pytest.raises(ValueError, match="at least one"):
        Weights(**dict.fromkeys(CRITERIA, 0.0))


def test_weights_from_mapping_names_unknown_criteria():
    assert Weights.from_mapping({"skills": "2"}).skills == 2.0
    with pytest.raises(ValueError, match="unknown criteria charisma"):
        Weights.from_mapping({"charisma": 1})


def test_only_department_with_any_preference_leaves_nothing_to_count():
    a, b, _ = sides_from_profiles([Profile(1)], [Profile(10)])
    weights, config = only("department", department="any")

    with pytest.raises(ValueError, match="needs a weight"):
        Scorer(a, b, weights, config)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"level_gap_min": 5, "level_gap_max": 4}, "level_gap_min"),
        ({"department": "nearby"}, "department"),
        ({"workday_start_minutes": 0, "workday_end_minutes": 13 * 60}, "12 h"),
        ({"objectives_share": 2}, "objectives_share"),
        ({"max_choices": 0}, "max_choices"),
        ({"colour": "blue"}, "unknown keys colour"),
    ],
)
def test_match_config_names_the_bad_setting(values, message):
    with pytest.raises(ValueError, match=message):
        MatchConfig.from_mapping(values)


def test_match_config_from_mapping_reads_blocked_pairs_from_json_lists():
    config = MatchConfig.from_mapping({"blocked_pairs": [[1, 10], [2, 11]]})

    assert config.blocked_pairs == frozenset({(1, 10), (2, 11)})


def test_sides_must_share_one_vocab():
    a, _, _ = sides_from_profiles([Profile(1, languages=["English"])], [])
    _, b, _ = sides_from_profiles([], [Profile(10, languages=["German"])])

    with pytest.raises(ValueError, match="one Vocab"):
        Scorer(a, b)


# ---- the fast block path against the direct formulas


@pytest.fixture(scope="module")
def instance():
    return synthetic_instance(120, 45, seed=3)


def all_on() -> Weights:
    return Weights(choice=1.5)


def assert_block_matches_pairs(scorer: Scorer) -> None:
    n, m = scorer.shape
    block, block_parts = scorer.block(parts=True)
    rows, cols = np.divmod(np.arange(n * m), m)
    total, parts = scorer.pairs(rows, cols)
    np.testing.assert_allclose(block.ravel(), total, rtol=1e-5, atol=1e-6)
    for criterion in scorer.active:
        np.testing.assert_allclose(
            block_parts[criterion].ravel(), parts[criterion], rtol=1e-5, atol=1e-6
        )


def test_block_matches_the_direct_formulas_on_a_synthetic_pool(instance):
    scorer = Scorer(instance.mentees, instance.mentors, all_on(), instance.config)

    assert_block_matches_pairs(scorer)
    fused_criteria = scorer._fused[2]
    assert fused_criteria == set(CRITERIA) - {"choice"}


def test_block_matches_the_direct_formulas_without_tables(instance, monkeypatch):
    monkeypatch.setattr(scoring, "TABLE_MAX_CODES", 0)
    monkeypatch.setattr(scoring, "GOALS_DENSE_MAX_BYTES", 0)
    scorer = Scorer(instance.mentees, instance.mentors, all_on(), instance.config)

    assert_block_matches_pairs(scorer)
    assert scorer._fused[2] == {"skills"}
    assert set(scorer._direct) == {
        "level_gap", "department", "timezone", "language", "style", "interests", "goals", "choice"
    }  # fmt: skip


def test_block_matches_the_direct_formulas_without_scipy_private_kernels(instance, monkeypatch):
    monkeypatch.setattr(scoring, "_csr_matvecs", None)
    monkeypatch.setattr(scoring, "_csr_accumulate", None)
    monkeypatch.setattr(scoring, "GOALS_DENSE_MAX_BYTES", 0)
    scorer = Scorer(instance.mentees, instance.mentors, all_on(), instance.config)

    assert_block_matches_pairs(scorer)


def test_block_of_some_rows_and_columns_is_the_same_slice_of_the_whole(instance):
    scorer = Scorer(instance.mentees, instance.mentors, all_on(), instance.config)
    rows, cols = np.array([5, 0, 77]), np.array([44, 3, 3, 10])

    whole, _ = scorer.block()
    part, _ = scorer.block(rows, cols)
    strided, _ = scorer.block(slice(1, 100, 7))

    np.testing.assert_array_equal(part, whole[np.ix_(rows, cols)])
    np.testing.assert_array_equal(strided, whole[1:100:7])


def test_block_writes_into_a_given_buffer(instance):
    scorer = Scorer(instance.mentees, instance.mentors, all_on(), instance.config)
    buffer = np.full((10, instance.mentors.n), 7.0, dtype=np.float32)

    total, parts = scorer.block(slice(10, 20), out=buffer)
    expected, _ = scorer.block(slice(10, 20))

    assert total is buffer
    assert parts is None
    np.testing.assert_array_equal(buffer, expected)
    with pytest.raises(ValueError, match="out: expected"):
        scorer.block(slice(0, 3), out=buffer)


def test_scores_stay_within_zero_and_one(instance):
    total, parts = Scorer(instance.mentees, instance.mentors, all_on(), instance.config).block(
        parts=True
    )

    assert total.min() >= 0
    assert total.max() <= 1 + 1e-6
    for values in parts.values():
        assert values.min() >= 0
        assert values.max() <= 1 + 1e-6
