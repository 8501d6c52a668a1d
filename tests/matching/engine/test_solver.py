"""The exact solver: feasibility, optimality against brute force, prices, bad input."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mentorpath.matching.engine.result import MatchResult
from mentorpath.matching.engine.solver import (
    certifies,
    excluded_pairs_ok,
    solve,
    violating_pairs,
)

OBJECTIVES = ["participation", "score", "fair"]


# ---------------------------------------------------------------------------------------------
# Instances and a brute force to compare against


@dataclass
class Instance:
    scores: np.ndarray
    capacity: np.ndarray
    allowed: np.ndarray
    min_score: float | None

    @property
    def usable(self) -> np.ndarray:
        """Pairs a matching may use: allowed and not below the floor."""
        usable = self.allowed.copy()
        if self.min_score is not None:
            usable &= self.scores >= self.min_score
        return usable

    def sparse(self) -> sp.csr_matrix:
        """The allowed pairs as stored entries (zeros included), the rest absent."""
        rows, cols = np.nonzero(self.allowed)
        shape = self.scores.shape
        return sp.csr_matrix((self.scores[rows, cols], (rows, cols)), shape=shape)


@st.composite
def instances(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 4) -> Instance:
    """Small instances on a grid of quarters, so totals compare exactly after rounding."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    quarters = st.integers(-4, 8).map(lambda k: k / 4)
    scores = draw(hnp.arrays(np.float64, (n, m), elements=quarters))
    capacity = draw(hnp.arrays(np.int64, m, elements=st.integers(0, 3)))
    allowed = draw(hnp.arrays(np.bool_, (n, m), elements=st.booleans()))
    min_score = draw(st.none() | st.sampled_from([-0.5, 0.0, 0.5, 1.0]))
    return Instance(scores, capacity, allowed, min_score)


def all_matchings(usable: np.ndarray, capacity: np.ndarray) -> Iterator[list[int]]:
    """Every assignment (mentor column or -1 per mentee) within capacity on usable pairs."""
    n, m = usable.shape
    load = [0] * m
    choice = [-1] * n

    def extend(i: int) -> Iterator[list[int]]:
        if i == n:
            yield list(choice)
            return
        choice[i] = -1
        yield from extend(i + 1)
        for j in range(m):
            if usable[i, j] and load[j] < capacity[j]:
                load[j] += 1
                choice[i] = j
                yield from extend(i + 1)
                load[j] -= 1
        choice[i] = -1

    yield from extend(0)


def objective_value(objective: str, scores: np.ndarray, mentor_of: list[int]) -> tuple:
    """What each objective maximizes, as a tuple compared lexicographically."""
    pairs = [scores[i, j] for i, j in enumerate(mentor_of) if j >= 0]
    total = float(sum(pairs))
    if objective == "score":
        return (total,)
    if objective == "participation":
        return (len(pairs), total)
    return (len(pairs), min(pairs) if pairs else 0.0, total)


def brute_force(instance: Instance, objective: str) -> tuple:
    return max(
        objective_value(objective, instance.scores, choice)
        for choice in all_matchings(instance.usable, instance.capacity)
    )


def result_value(objective: str, scores: np.ndarray, result: MatchResult) -> tuple:
    return objective_value(objective, scores, result.mentor_of.tolist())


def assert_feasible(instance: Instance, result: MatchResult) -> None:
    """Capacity, mask and floor respected; the reported figures agree with the pairs."""
    n, m = instance.scores.shape
    rows = np.flatnonzero(result.mentor_of >= 0)
    cols = result.mentor_of[rows]
    assert result.mentor_of.shape == (n,)
    assert np.all(result.mentor_of >= -1) and np.all(result.mentor_of < m)
    assert np.all(instance.usable[rows, cols])
    load = np.bincount(cols, minlength=m)
    assert np.all(load <= instance.capacity)
    assert np.array_equal(result.mentor_load, load)
    assert result.matched == len(rows)
    assert np.array_equal(result.pair_scores[rows], instance.scores[rows, cols])
    assert np.all(np.isnan(np.delete(result.pair_scores, rows)))
    assert result.total_score == pytest.approx(float(instance.scores[rows, cols].sum()))


# ---------------------------------------------------------------------------------------------
# Feasibility and optimality


@pytest.mark.parametrize("objective", OBJECTIVES)
@settings(max_examples=60, deadline=None)
@given(
    instance=instances(),
    sparse=st.booleans(),
    method=st.sampled_from(["auto", "dense", "flow"]),
)
def test_solve_equals_brute_force_and_stays_feasible(
    objective: str, instance: Instance, sparse: bool, method: str
) -> None:
    scores = instance.sparse() if sparse else instance.scores
    allowed = None if sparse else instance.allowed
    result = solve(
        scores,
        instance.capacity,
        allowed=allowed,
        min_score=instance.min_score,
        objective=objective,
        method=method,
    )
    assert_feasible(instance, result)
    assert result.optimal is True
    assert result_value(objective, instance.scores, result) == brute_force(instance, objective)


@pytest.mark.parametrize("objective", OBJECTIVES)
@settings(max_examples=40, deadline=None)
@given(instance=instances(max_mentees=12, max_mentors=6))
def test_solve_dense_and_sparse_agree_on_the_objective_value(
    objective: str, instance: Instance
) -> None:
    values = set()
    for scores, allowed in ((instance.scores, instance.allowed), (instance.sparse(), None)):
        for method in ("dense", "flow"):
            result = solve(
                scores, instance.capacity, allowed, instance.min_score, objective, method=method
            )
            assert_feasible(instance, result)
            values.add(result_value(objective, instance.scores, result))
    assert len(values) == 1


def test_solve_prefers_more_matches_under_participation() -> None:
    scores = np.array([[1.0, 0.0], [0.9, -0.5]])
    result = solve(scores, [1, 1])
    assert result.mentor_of.tolist() == [1, 0]
    assert result.matched == 2
    assert result.total_score == pytest.approx(0.9)


def test_solve_score_objective_never_takes_a_negative_pair() -> None:
    scores = np.array([[1.0, -0.1], [0.9, -0.5]])
    result = solve(scores, [1, 1], objective="score")
    assert result.mentor_of.tolist() == [0, -1]
    assert result.total_score == pytest.approx(1.0)


def test_solve_fair_raises_the_lowest_pair() -> None:
    # "participation" takes 1.0 + 0.2 = 1.2; "fair" prefers 0.5 + 0.5 (lowest 0.5).
    scores = np.array([[1.0, 0.5], [0.5, 0.2]])
    participation = solve(scores, [1, 1])
    fair = solve(scores, [1, 1], objective="fair")
    assert participation.mentor_of.tolist() == [0, 1]
    assert fair.mentor_of.tolist() == [1, 0]
    assert fair.min_pair_score == 0.5
    assert fair.fair_threshold == 0.5


def test_solve_stored_zero_is_a_candidate_and_absent_entries_are_not() -> None:
    scores = sp.csr_matrix((np.array([0.0]), (np.array([0]), np.array([1]))), shape=(2, 2))
    result = solve(scores, [1, 1])
    assert result.mentor_of.tolist() == [1, -1]
    assert result.matched == 1
    assert result.total_score == 0.0


def test_solve_mentee_without_allowed_pair_is_unmatched() -> None:
    scores = np.ones((2, 2))
    allowed = np.array([[True, True], [False, False]])
    result = solve(scores, [2, 2], allowed=allowed)
    assert result.mentor_of[1] == -1
    assert result.unmatched.tolist() == [1]


def test_solve_min_score_forbids_lower_pairs() -> None:
    result = solve(np.array([[0.3, 0.8], [0.4, 0.2]]), [1, 1], min_score=0.5)
    assert result.mentor_of.tolist() == [1, -1]


def test_solve_capacity_zero_mentor_gets_nobody() -> None:
    result = solve(np.array([[0.9, 0.1], [0.8, 0.2]]), [0, 5], method="flow")
    assert result.mentor_of.tolist() == [1, 1]
    assert result.mentor_load.tolist() == [0, 2]
    assert result.mentor_price is not None and result.mentor_price[0] == np.inf


def test_solve_single_capacity_applies_to_every_mentor() -> None:
    result = solve(np.ones((4, 2)), 2)
    assert result.mentor_load.tolist() == [2, 2]


def test_solve_empty_inputs_return_an_empty_optimal_result() -> None:
    for shape in ((0, 3), (3, 0), (0, 0)):
        result = solve(np.zeros(shape), np.ones(shape[1], dtype=int))
        assert result.matched == 0
        assert result.mentor_of.tolist() == [-1] * shape[0]
        assert result.optimal is True
        assert result.total_score == 0.0


def test_solve_reports_the_algorithm_by_size() -> None:
    rng = np.random.default_rng(7)
    small = solve(rng.random((20, 5)), np.full(5, 2))
    large = solve(rng.random((900, 300)), rng.integers(1, 6, 300))
    sparse = solve(sp.random(50, 10, density=0.3, random_state=1, format="csr"), np.ones(10))
    assert small.solver == "lsa"
    assert large.solver == "flow_pruned"
    assert sparse.solver == "flow"


def popular_mentors(rng: np.random.Generator, n: int, m: int) -> np.ndarray:
    """Every mentee prefers the same few mentors: each mentee's own top list leaves the
    unpopular mentors out, so mentor-side candidates and pricing rounds must cover them."""
    return 0.3 * rng.random((n, m)) + 0.7 * rng.random(m)


def rank_one(rng: np.random.Generator, n: int, m: int) -> np.ndarray:
    """Scores a_i * b_j: everyone ranks everyone alike and the optimum is assortative, the
    case where prices crawl without the random candidate pairs."""
    return np.outer(rng.random(n), rng.random(m))


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("structure", [popular_mentors, rank_one])
def test_solve_pruned_flow_equals_dense_assignment_on_structured_scores(
    objective: str, structure
) -> None:
    rng = np.random.default_rng(3)
    n, m = 400, 120
    scores = structure(rng, n, m)
    capacity = rng.integers(1, 4, m)
    allowed = rng.random((n, m)) > 0.05
    flow = solve(scores, capacity, allowed, objective=objective, method="flow")
    dense = solve(scores, capacity, allowed, objective=objective, method="dense")
    assert flow.solver == "flow_pruned"
    assert flow.optimal and dense.optimal
    assert flow.matched == dense.matched
    assert flow.min_pair_score == pytest.approx(dense.min_pair_score, abs=1e-9)
    assert flow.total_score == pytest.approx(dense.total_score, abs=1e-9 * n)


# ---------------------------------------------------------------------------------------------
# Dual prices and certificates


@pytest.mark.parametrize("objective", ["participation", "score"])
@settings(max_examples=60, deadline=None)
@given(instance=instances(max_mentees=10, max_mentors=5))
def test_flow_prices_satisfy_complementary_slackness(objective: str, instance: Instance) -> None:
    result = solve(
        instance.sparse(), instance.capacity, None, instance.min_score, objective, method="flow"
    )
    cert = result.certificate
    assert cert is not None and result.optimal
    u, v = cert.mentee_price, cert.mentor_price
    rows, cols = np.nonzero(instance.usable & (instance.capacity > 0))
    weights = cert.weights(instance.scores[rows, cols])
    usable = cert.counts(instance.scores[rows, cols])
    reduced = weights - u[rows] - v[cols]
    assert np.all(reduced[usable] <= 0)
    matched = np.flatnonzero(result.mentor_of >= 0)
    on_pairs = cert.weights(result.pair_scores[matched])
    assert np.array_equal(on_pairs - u[matched] - v[result.mentor_of[matched]], 0 * on_pairs)
    assert np.all(u >= 0) and np.all(v >= 0)
    assert np.all(u[result.mentor_of < 0] == 0)
    room = result.mentor_load < np.minimum(instance.capacity, len(u))
    assert np.all(v[room] == 0)
    # The float prices say the same in score units.
    assert result.mentee_price is not None and result.mentor_price is not None
    slack = result.price_offset + instance.scores[rows, cols]
    slack -= result.mentee_price[rows] + result.mentor_price[cols]
    assert np.all(slack[usable] <= 1e-6)


@pytest.mark.parametrize("objective", ["participation", "score"])
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_certifies_every_cell_after_a_pruned_dense_solve(objective: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 60, 15
    scores = np.round(rng.random((n, m)) * 0.5 + rng.random(m) * 0.5, 3)
    allowed = rng.random((n, m)) > 0.2
    capacity = rng.integers(0, 4, m)
    result = solve(scores, capacity, allowed, objective=objective, method="flow")
    assert result.solver == "flow_pruned"
    assert certifies(result, scores, np.arange(n), np.arange(m), allowed)


@pytest.mark.parametrize("objective", ["participation", "score"])
@settings(max_examples=60, deadline=None)
@given(instance=instances(max_mentees=6, max_mentors=4), data=st.data())
def test_excluded_pairs_ok_only_when_the_pruned_optimum_is_the_full_optimum(
    objective: str, instance: Instance, data: st.DataObject
) -> None:
    """Soundness: a certificate over the left-out pairs means nothing better was left out."""
    usable = instance.usable
    kept = usable & data.draw(hnp.arrays(np.bool_, usable.shape), label="kept")
    rows, cols = np.nonzero(kept)
    pruned_scores = sp.csr_matrix(
        (instance.scores[rows, cols], (rows, cols)), shape=instance.scores.shape
    )
    pruned = solve(pruned_scores, instance.capacity, objective=objective, method="flow")
    out_rows, out_cols = np.nonzero(usable & ~kept)
    certified = excluded_pairs_ok(pruned, out_rows, out_cols, instance.scores[out_rows, out_cols])
    full = brute_force(instance, objective)
    pruned_value = result_value(objective, instance.scores, pruned)
    if certified:
        assert pruned_value == full
    if pruned_value < full:
        assert not certified


def test_excluded_pairs_ok_fails_when_a_better_optimal_pair_was_left_out() -> None:
    scores = np.array([[0.9, 0.2], [0.3, 0.8]])
    # Leave out (0, 0), which the true optimum (0.9 + 0.8) uses.
    candidates = sp.csr_matrix(
        (np.array([0.2, 0.3, 0.8]), (np.array([0, 1, 1]), np.array([1, 0, 1]))), shape=(2, 2)
    )
    for objective in ("participation", "score"):
        pruned = solve(candidates, [1, 1], objective=objective)
        assert pruned.total_score < 1.7
        assert excluded_pairs_ok(pruned, [0], [0], [0.9]) is False
        assert excluded_pairs_ok(pruned, [0], [0], [-0.5]) is True  # 0.3 - 0.5 + 0.8 < 0.5
        found = violating_pairs(pruned, scores, np.arange(2), np.arange(2))
        assert [(int(i), int(j)) for i, j in zip(*found, strict=True)] == [(0, 0)]


def test_excluded_pairs_ok_fails_when_a_left_out_pair_would_match_one_more_mentee() -> None:
    candidates = sp.csr_matrix((np.array([0.9]), (np.array([0]), np.array([0]))), shape=(2, 2))
    pruned = solve(candidates, [1, 1])
    assert pruned.matched == 1
    assert excluded_pairs_ok(pruned, [1], [1], [0.01]) is False
    assert excluded_pairs_ok(pruned, [0], [1], [0.5]) is True  # mentee 0 already has 0.9


def test_excluded_pairs_ok_refuses_results_without_prices() -> None:
    dense = solve(np.ones((2, 2)), [1, 1], method="dense")
    fair = solve(np.ones((2, 2)), [1, 1], objective="fair", method="flow")
    with pytest.raises(ValueError, match="no dual prices"):
        excluded_pairs_ok(dense, [0], [0], [1.0])
    with pytest.raises(ValueError, match="fair"):
        excluded_pairs_ok(fair, [0], [0], [1.0])


def test_excluded_pairs_ok_cannot_certify_scores_beyond_the_bonus_bound() -> None:
    pruned = solve(sp.csr_matrix(np.array([[0.5, 0.0]])), [1, 1])
    assert excluded_pairs_ok(pruned, [0], [1], [-50.0]) is False


# ---------------------------------------------------------------------------------------------
# Bad input


BAD_INPUTS = [
    ({"scores": np.ones(3)}, "scores must be a 2-D"),
    ({"scores": np.ones((2, 2, 2))}, "scores must be a 2-D"),
    ({"scores": np.array([[np.nan, 1.0], [1.0, 1.0]])}, "scores contains NaN"),
    ({"scores": np.array([[np.inf, 1.0], [1.0, 1.0]])}, "scores contains NaN or infinite"),
    ({"scores": np.array([["a", "b"], ["c", "d"]])}, "scores must hold real numbers"),
    ({"capacity": [1, 1, 1]}, "capacity has 3 entries but scores has 2 mentor columns"),
    ({"capacity": [1, -1]}, r"capacity must not be negative \(mentor 1 has -1\)"),
    ({"capacity": [1.5, 1]}, "capacity must hold whole numbers"),
    ({"capacity": [[1, 1]]}, "capacity must be one whole number per mentor"),
    ({"allowed": np.ones((3, 2), dtype=bool)}, r"allowed has shape \(3, 2\)"),
    ({"allowed": np.ones((2, 2), dtype=int)}, "allowed must be a boolean mask"),
    ({"min_score": float("nan")}, "min_score must be finite"),
    ({"min_score": "high"}, "min_score must be a number"),
    ({"objective": "happiness"}, "objective must be one of participation, score, fair"),
    ({"method": "magic"}, "method must be one of auto, dense, flow"),
]


@pytest.mark.parametrize(("change", "message"), BAD_INPUTS)
def test_solve_bad_input_raises_value_error_naming_the_argument(change: dict, message: str) -> None:
    arguments = {"scores": np.ones((2, 2)), "capacity": [1, 1], **change}
    with pytest.raises(ValueError, match=message):
        solve(**arguments)


def test_solve_sparse_nan_and_duplicate_entries_are_refused() -> None:
    nan = sp.csr_matrix((np.array([np.nan]), (np.array([0]), np.array([0]))), shape=(2, 2))
    with pytest.raises(ValueError, match="scores contains NaN"):
        solve(nan, [1, 1])
    twice = sp.coo_matrix((np.array([0.1, 0.2]), (np.array([0, 0]), np.array([1, 1]))), (2, 2))
    with pytest.raises(ValueError, match="scores has more than one stored entry"):
        solve(twice, [1, 1])


def test_excluded_pairs_ok_bad_input_raises_value_error() -> None:
    result = solve(sp.csr_matrix(np.ones((2, 2))), [1, 1])
    with pytest.raises(ValueError, match="same length"):
        excluded_pairs_ok(result, [0, 1], [0], [1.0])
    with pytest.raises(ValueError, match=r"mentor_idx has an index outside 0\.\.1"):
        excluded_pairs_ok(result, [0], [5], [1.0])
    with pytest.raises(ValueError, match="scores contains NaN"):
        excluded_pairs_ok(result, [0], [0], [np.nan])
    with pytest.raises(ValueError, match="scores_block has shape"):
        certifies(result, np.ones((3, 2)), [0, 1], [0, 1])


# ---------------------------------------------------------------------------------------------
# Purity


def test_engine_solver_imports_without_django() -> None:
    code = (
        "import sys; import mentorpath.matching.engine.solver, mentorpath.matching.engine.stable;"
        "sys.exit(1 if any(name.startswith('django') for name in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
