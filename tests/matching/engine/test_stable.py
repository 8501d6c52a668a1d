"""Deferred acceptance: stable, mentee-optimal, fast on arrays, strict about its input."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorpath.matching.engine.stable import stable_match

Prefs = list[list[int]]


@st.composite
def markets(draw: st.DrawFn, max_mentees: int = 5, max_mentors: int = 3) -> tuple:
    """Random ranked lists (any subset, any order) and capacities 0-2."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))

    def ranking(size: int) -> list[int]:
        order = draw(st.permutations(range(size)))
        return list(order[: draw(st.integers(0, size))])

    mentee_prefs = [ranking(m) for _ in range(n)]
    mentor_prefs = [ranking(n) for _ in range(m)]
    capacity = [draw(st.integers(0, 2)) for _ in range(m)]
    return mentee_prefs, mentor_prefs, capacity


def acceptable(mentee_prefs: Prefs, mentor_prefs: Prefs, i: int, j: int) -> bool:
    return j in mentee_prefs[i] and i in mentor_prefs[j]


def blocking_pairs(
    mentee_prefs: Prefs, mentor_prefs: Prefs, capacity: list[int], mentor_of: list[int]
) -> list[tuple[int, int]]:
    """Mutually acceptable pairs who would both rather be together than keep what they have."""
    found = []
    for i, wanted in enumerate(mentee_prefs):
        for j in wanted:
            if mentor_of[i] == j or not acceptable(mentee_prefs, mentor_prefs, i, j):
                continue
            current = mentor_of[i]
            mentee_wants = current < 0 or wanted.index(j) < wanted.index(current)
            held = [k for k, mentor in enumerate(mentor_of) if mentor == j]
            ranks = mentor_prefs[j]
            mentor_wants = len(held) < capacity[j] or any(
                ranks.index(i) < ranks.index(k) for k in held
            )
            if mentee_wants and mentor_wants:
                found.append((i, j))
    return found


def is_individually_rational(
    mentee_prefs: Prefs, mentor_prefs: Prefs, capacity: list[int], mentor_of: list[int]
) -> bool:
    """Every pair mutually acceptable and no mentor over capacity."""
    pairs_ok = all(
        acceptable(mentee_prefs, mentor_prefs, i, j) for i, j in enumerate(mentor_of) if j >= 0
    )
    loads = [sum(1 for j in mentor_of if j == mentor) for mentor in range(len(capacity))]
    return pairs_ok and all(load <= seats for load, seats in zip(loads, capacity, strict=True))


def all_matchings(mentee_prefs: Prefs, mentor_prefs: Prefs, capacity: list[int]) -> Iterator:
    n = len(mentee_prefs)
    load = [0] * len(capacity)
    choice = [-1] * n

    def extend(i: int) -> Iterator[list[int]]:
        if i == n:
            yield list(choice)
            return
        choice[i] = -1
        yield from extend(i + 1)
        for j in mentee_prefs[i]:
            if i in mentor_prefs[j] and load[j] < capacity[j]:
                load[j] += 1
                choice[i] = j
                yield from extend(i + 1)
                load[j] -= 1
        choice[i] = -1

    yield from extend(0)


def preference_of(wanted: list[int], mentor: int) -> int:
    """Position of the mentor in a mentee's list; unmatched ranks last."""
    return wanted.index(mentor) if mentor >= 0 else len(wanted)


@settings(max_examples=200, deadline=None)
@given(market=markets())
def test_stable_match_has_no_blocking_pair_and_is_mentee_optimal(market: tuple) -> None:
    mentee_prefs, mentor_prefs, capacity = market
    result = stable_match(mentee_prefs, mentor_prefs, capacity)
    mentor_of = result.mentor_of.tolist()
    assert is_individually_rational(mentee_prefs, mentor_prefs, capacity, mentor_of)
    assert blocking_pairs(mentee_prefs, mentor_prefs, capacity, mentor_of) == []
    stable = [
        other
        for other in all_matchings(mentee_prefs, mentor_prefs, capacity)
        if blocking_pairs(mentee_prefs, mentor_prefs, capacity, other) == []
    ]
    for other in stable:
        for i, wanted in enumerate(mentee_prefs):
            assert preference_of(wanted, mentor_of[i]) <= preference_of(wanted, other[i])
    assert result.matched == sum(1 for j in mentor_of if j >= 0)
    assert result.mentor_load.tolist() == [mentor_of.count(j) for j in range(len(capacity))]


@settings(max_examples=40, deadline=None)
@given(market=markets(max_mentees=40, max_mentors=10), seed=st.integers(0, 1000))
def test_stable_match_on_larger_markets_has_no_blocking_pair(market: tuple, seed: int) -> None:
    mentee_prefs, mentor_prefs, _ = market
    capacity = np.random.default_rng(seed).integers(0, 5, len(mentor_prefs)).tolist()
    mentor_of = stable_match(mentee_prefs, mentor_prefs, capacity).mentor_of.tolist()
    assert is_individually_rational(mentee_prefs, mentor_prefs, capacity, mentor_of)
    assert blocking_pairs(mentee_prefs, mentor_prefs, capacity, mentor_of) == []


@settings(max_examples=50, deadline=None)
@given(market=markets(max_mentees=8, max_mentors=4))
def test_stable_match_padded_arrays_give_the_same_matching_as_lists(market: tuple) -> None:
    mentee_prefs, mentor_prefs, capacity = market

    def padded(prefs: Prefs, width: int) -> np.ndarray:
        table = np.full((len(prefs), width), -1, dtype=np.int64)
        for row, ranking in enumerate(prefs):
            table[row, : len(ranking)] = ranking
        return table

    from_lists = stable_match(mentee_prefs, mentor_prefs, capacity)
    from_arrays = stable_match(
        padded(mentee_prefs, len(mentor_prefs)), padded(mentor_prefs, len(mentee_prefs)), capacity
    )
    assert from_arrays.mentor_of.tolist() == from_lists.mentor_of.tolist()


def test_stable_match_mentee_optimal_when_mentors_disagree() -> None:
    # Two stable matchings exist: mentees' favourites [0, 1] and mentors' favourites [1, 0].
    # Mentee-proposing deferred acceptance must return the mentees' one.
    result = stable_match([[0, 1], [1, 0]], [[1, 0], [0, 1]], [1, 1])
    assert result.mentor_of.tolist() == [0, 1]


def test_stable_match_bumps_the_worst_held_mentee() -> None:
    mentee_prefs = [[0], [0], [0, 1]]
    mentor_prefs = [[2, 0, 1], [2]]
    result = stable_match(mentee_prefs, mentor_prefs, [1, 1])
    assert result.mentor_of.tolist() == [-1, -1, 0]
    assert result.optimal is True
    assert result.objective == "stable"
    assert result.solver == "deferred_acceptance"


def test_stable_match_unlisted_pair_is_unacceptable_both_ways() -> None:
    # Mentee 0 is not on mentor 0's list; mentor 1 is not on mentee 1's list.
    result = stable_match([[0, 1], [1, 0]], [[1], [0, 1]], [1, 1])
    assert result.mentor_of.tolist() == [1, 0]
    alone = stable_match([[0]], [[]], [1])
    assert alone.mentor_of.tolist() == [-1]


def test_stable_match_reports_scores_when_given() -> None:
    scores = np.array([[0.9, 0.1], [0.4, 0.6]])
    result = stable_match([[0, 1], [0, 1]], [[0, 1], [0, 1]], [1, 1], scores=scores)
    assert result.mentor_of.tolist() == [0, 1]
    assert result.pair_scores.tolist() == [0.9, 0.6]
    assert result.total_score == pytest.approx(1.5)
    assert result.min_pair_score == pytest.approx(0.6)
    from_sparse = stable_match([[0, 1], [0, 1]], [[0, 1], [0, 1]], [1, 1], sp.csr_matrix(scores))
    assert from_sparse.total_score == pytest.approx(1.5)
    without = stable_match([[0, 1], [0, 1]], [[0, 1], [0, 1]], [1, 1])
    assert np.isnan(without.total_score)


def test_stable_match_empty_market() -> None:
    result = stable_match([], [], [])
    assert result.mentor_of.tolist() == []
    assert result.matched == 0


def test_stable_match_long_lists_on_arrays_match_everyone_possible() -> None:
    # Every mentee ranks every mentor and vice versa, so every seat fills.
    rng = np.random.default_rng(0)
    n, m = 3000, 400
    mentee_prefs = np.argsort(rng.random((n, m)), axis=1)
    mentor_prefs = np.argsort(rng.random((m, n)), axis=1)
    capacity = rng.integers(1, 6, m)
    result = stable_match(mentee_prefs, mentor_prefs, capacity)
    assert result.matched == min(n, int(capacity.sum()))
    assert np.array_equal(result.mentor_load, capacity)


BAD_INPUTS = [
    ({"mentee_prefs": [[0, 5]]}, r"mentee_prefs\[0\] lists 5, outside 0..1"),
    ({"mentee_prefs": [[0, 0]]}, r"mentee_prefs\[0\] lists 0 more than once"),
    ({"mentee_prefs": [[0.5]]}, r"mentee_prefs\[0\] must be a flat list of integer indices"),
    ({"mentee_prefs": [[[0]]]}, r"mentee_prefs\[0\] must be a flat list"),
    ({"mentee_prefs": "ab"}, "mentee_prefs must be a list of lists"),
    ({"mentee_prefs": np.array([[-1, 0]])}, "mentee_prefs may use -1 only to pad the end"),
    ({"mentee_prefs": np.array([[0.0, 1.0]])}, "mentee_prefs must hold integer indices"),
    ({"mentor_prefs": [[0, 0], [0]]}, r"mentor_prefs\[0\] lists 0 more than once"),
    ({"mentor_prefs": [[0], [3]]}, r"mentor_prefs\[1\] lists 3, outside 0..0"),
    ({"mentor_prefs": np.zeros(2, dtype=int)}, "mentor_prefs must be a list of lists or a 2-D"),
    ({"capacity": [1]}, "capacity has 1 entries but mentor_prefs has 2 mentors"),
    ({"capacity": [1, -1]}, "capacity must not be negative"),
    ({"capacity": [1, 0.5]}, "capacity must hold whole numbers"),
    ({"scores": np.ones((3, 3))}, r"scores has shape \(3, 3\) but the preferences give \(1, 2\)"),
]


@pytest.mark.parametrize(("change", "message"), BAD_INPUTS)
def test_stable_match_bad_input_raises_value_error_naming_the_argument(
    change: dict, message: str
) -> None:
    arguments = {"mentee_prefs": [[0, 1]], "mentor_prefs": [[0], [0]], "capacity": [1, 1]}
    arguments |= change
    with pytest.raises(ValueError, match=message):
        stable_match(**arguments)
