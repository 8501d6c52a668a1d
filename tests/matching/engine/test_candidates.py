"""Candidate generation: exactly the union a full sort would keep, whatever the blocks."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorpath.matching.engine.candidates import (
    BYTES_PER_CELL,
    MAX_BLOCK_ROWS,
    _RunningTop,
    _top_per_row,
    block_rows_for,
    iterate_blocks,
    top_candidates,
)
from mentorpath.matching.engine.constraints import Constraints
from mentorpath.matching.engine.features import Profile, sides_from_profiles
from mentorpath.matching.engine.scoring import CRITERIA, MatchConfig, Scorer, Weights
from mentorpath.matching.engine.synthetic import synthetic_instance

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def brute_force(scores: np.ndarray, k: int, q: int) -> set[tuple[int, int]]:
    """Sort every row and every column of the full matrix (−inf = forbidden)."""
    n, m = scores.shape
    kept = set()
    for i in range(n):
        row = sorted((-scores[i, j], j) for j in range(m) if np.isfinite(scores[i, j]))
        kept |= {(i, j) for _, j in row[:k]}
    for j in range(m):
        col = sorted((-scores[i, j], i) for i in range(n) if np.isfinite(scores[i, j]))
        kept |= {(i, j) for _, i in col[:q]}
    return kept


def full_matrix(instance, weights=None) -> np.ndarray:
    blocks = iterate_blocks(instance.mentees, instance.mentors, weights, instance.config)
    return np.vstack([np.where(b.allowed, b.scores, -np.inf) for b in blocks])


def stored(candidates) -> set[tuple[int, int]]:
    rows, cols = candidates.pairs
    return set(zip(rows.tolist(), cols.tolist(), strict=True))


@pytest.fixture(scope="module")
def instance():
    return synthetic_instance(150, 40, seed=7)


@pytest.mark.parametrize(("k", "q"), [(3, 4), (1, 0), (0, 2), (10, 25), (40, 200)])
def test_candidates_are_the_brute_force_union_of_both_sides(instance, k, q):
    scores = full_matrix(instance)

    candidates = top_candidates(
        instance.mentees, instance.mentors, config=instance.config, k_mentee=k, q_mentor=q
    )

    assert stored(candidates) == brute_force(scores, k, q)
    rows, cols = candidates.pairs
    np.testing.assert_array_equal(candidates.scores.data, scores[rows, cols])


@FEW
@given(
    block_rows=st.integers(1, 60),
    workers=st.integers(1, 3),
    k=st.integers(0, 6),
    q=st.integers(0, 8),
)
def test_block_size_and_workers_never_change_the_result(instance, block_rows, workers, k, q):
    reference = top_candidates(
        instance.mentees, instance.mentors, config=instance.config, k_mentee=k, q_mentor=q
    )

    candidates = top_candidates(
        instance.mentees,
        instance.mentors,
        config=instance.config,
        k_mentee=k,
        q_mentor=q,
        block_rows=block_rows,
        workers=workers,
        scorer=reference.scorer,
        constraints=reference.constraints,
    )

    assert (candidates.scores != reference.scores).nnz == 0
    np.testing.assert_array_equal(candidates.scores.indptr, reference.scores.indptr)
    np.testing.assert_array_equal(candidates.scores.indices, reference.scores.indices)


def test_best_scores_are_each_mentees_best_allowed_score(instance):
    scores = full_matrix(instance)

    candidates = top_candidates(
        instance.mentees, instance.mentors, config=instance.config, k_mentee=1, q_mentor=0
    )

    allowed_rows = np.isfinite(scores).any(axis=1)
    best = candidates.best_scores()
    np.testing.assert_array_equal(best[allowed_rows], scores[allowed_rows].max(axis=1))
    assert np.isnan(best[~allowed_rows]).all()
    assert (~allowed_rows).sum() > 0  # the instance has ineligible mentees


def test_no_forbidden_pair_is_ever_stored(instance):
    config = MatchConfig(blocked_pairs=instance.config.blocked_pairs, require_shared_language=True)
    constraints = Constraints(instance.mentees, instance.mentors, config)

    candidates = top_candidates(
        instance.mentees, instance.mentors, config=config, k_mentee=15, q_mentor=60
    )

    rows, cols = candidates.pairs
    assert len(rows) > 0
    assert not constraints.forbidden()[rows, cols].any()


def test_ties_are_broken_by_the_lower_index_as_in_a_full_sort(instance):
    # two criteria with few distinct values: many exact ties
    weights = Weights(**{**dict.fromkeys(CRITERIA, 0.0), "level_gap": 1.0, "department": 1.0})
    scores = full_matrix(instance, weights)
    assert len(np.unique(scores[np.isfinite(scores)])) < 12

    candidates = top_candidates(
        instance.mentees, instance.mentors, weights, instance.config, 3, 5, block_rows=7
    )

    assert stored(candidates) == brute_force(scores, 3, 5)


def test_allowed_pairs_scoring_zero_are_stored_as_explicit_zeros():
    mentees, mentors, _ = sides_from_profiles(
        [Profile(1, department="Sales"), Profile(2, department="Sales")],
        [Profile(10, department="Legal"), Profile(11, department="Legal"), Profile(12)],
    )
    weights = Weights(**{**dict.fromkeys(CRITERIA, 0.0), "department": 1.0})

    candidates = top_candidates(
        mentees, mentors, weights, MatchConfig(department="same"), k_mentee=2, q_mentor=0
    )

    assert candidates.scores.nnz == 4
    assert candidates.scores.data.tolist() == [0.0, 0.0, 0.0, 0.0]
    assert stored(candidates) == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_empty_sides_give_an_empty_matrix():
    mentees, mentors, _ = sides_from_profiles([], [Profile(10)])

    candidates = top_candidates(mentees, mentors)

    assert candidates.scores.shape == (0, 1)
    assert candidates.scores.nnz == 0


def test_negative_k_is_refused(instance):
    with pytest.raises(ValueError, match="k_mentee"):
        top_candidates(instance.mentees, instance.mentors, k_mentee=-1)


def test_iterate_blocks_streams_the_same_scores_and_the_allowed_mask(instance):
    scorer = Scorer(instance.mentees, instance.mentors, config=instance.config)
    constraints = Constraints(instance.mentees, instance.mentors, instance.config)
    whole, _ = scorer.block()

    blocks = list(
        iterate_blocks(
            instance.mentees,
            instance.mentors,
            block_rows=40,
            scorer=scorer,
            constraints=constraints,
        )
    )

    assert [(b.rows.start, b.rows.stop) for b in blocks] == [
        (0, 40),
        (40, 80),
        (80, 120),
        (120, 150),
    ]
    np.testing.assert_array_equal(np.vstack([b.scores for b in blocks]), whole)
    np.testing.assert_array_equal(np.vstack([b.allowed for b in blocks]), ~constraints.forbidden())


def test_block_rows_follow_the_memory_budget_up_to_a_cap():
    assert block_rows_for(200_000, 512 << 20, workers=2) == (256 << 20) // (
        200_000 * BYTES_PER_CELL
    )
    assert block_rows_for(2_000, 512 << 20, workers=2) == MAX_BLOCK_ROWS
    assert block_rows_for(10**9, 1, workers=4) == 1


# ---- the selection primitives on arbitrary matrices with ties and forbidden entries

matrices = st.integers(1, 12).flatmap(
    lambda n: st.integers(1, 40).flatmap(
        lambda m: st.lists(
            st.sampled_from([-np.inf, 0.0, 0.25, 0.5, 0.5, 0.75, 1.0]),
            min_size=n * m,
            max_size=n * m,
        ).map(lambda values: np.array(values, dtype=np.float32).reshape(n, m))
    )
)


@FEW
@given(scores=matrices, k=st.integers(0, 45))
def test_top_per_row_equals_a_full_sort(scores, k):
    rows, cols, values = _top_per_row(scores, k)

    expected = brute_force(scores, k, 0)
    assert set(zip(rows.tolist(), cols.tolist(), strict=True)) == expected
    np.testing.assert_array_equal(values, scores[rows, cols])


@FEW
@given(scores=matrices, q=st.integers(0, 6), split=st.integers(1, 5))
def test_running_top_merged_in_row_blocks_equals_a_full_sort(scores, q, split):
    best = _RunningTop(scores.shape[1], q)
    for start in range(0, scores.shape[0], split):
        block = scores[start : start + split]
        rows, cols, values = best.above(block)
        best.merge(rows + start, cols, values)

    rows, cols, values = best.entries()

    assert set(zip(rows.tolist(), cols.tolist(), strict=True)) == brute_force(scores, 0, q)
    np.testing.assert_array_equal(values, scores[rows, cols])
