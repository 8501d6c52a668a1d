"""Stable matching on ranked choices: mentee-proposing deferred acceptance.

For programs that match on ranked preferences instead of scores. Mentees propose down their
lists; each mentor holds the best proposals up to capacity and releases the worst when a
better one arrives (the hospitals/residents problem). The outcome is the mentee-optimal
stable matching: no mentee and mentor would both rather be together than with what they got,
and every mentee gets the best mentor it has in any stable matching. The outcome does not
depend on the order in which mentees propose, which lets the loop pick whatever order is
cheapest.

Everything except the proposals themselves is vectorized; the proposal loop skips runs of
mentors that would refuse a mentee with one NumPy scan, so a mentee left out at the end of a
full list costs a few array operations rather than one Python step per mentor.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from mentorpath.matching.engine.result import MatchResult

#: Largest key space (rows x targets) indexed with a flat table instead of sorting.
TABLE_LIMIT = 60_000_000
#: Refusals checked one by one before a mentee's list is scanned with NumPy.
PYTHON_STEPS = 8
#: First NumPy scan length; it doubles while nothing acceptable turns up.
FIRST_SCAN = 64

PrefLists = Sequence[ArrayLike] | NDArray[np.integer[Any]]


def stable_match(
    mentee_prefs: PrefLists,
    mentor_prefs: PrefLists,
    capacity: ArrayLike,
    scores: Any = None,
) -> MatchResult:
    """Mentee-optimal stable matching by mentee-proposing deferred acceptance.

    Args:
        mentee_prefs: one list per mentee of mentor indices, most preferred first. A 2-D
            integer array works too, with -1 padding the end of shorter lists.
        mentor_prefs: one list per mentor of mentee indices, most preferred first. A pair is
            acceptable only when each side lists the other.
        capacity: seats per mentor (whole numbers >= 0, or one number for all).
        scores: optional mentees x mentors scores (dense or SciPy sparse) to report
            ``pair_scores`` and ``total_score``; otherwise those are NaN.

    Returns:
        A MatchResult with ``objective="stable"``; ``optimal`` is True because deferred
        acceptance provably returns the mentee-optimal stable matching.

    Raises:
        ValueError: naming the argument that is wrong.

    >>> r = stable_match([[0, 1], [0]], [[1, 0], [0]], [1, 1])
    >>> r.mentor_of.tolist()
    [1, 0]
    """
    n, m = _count(mentee_prefs, "mentee_prefs"), _count(mentor_prefs, "mentor_prefs")
    cap = _capacity(capacity, m)
    mentee_lists, mentee_starts = _flatten(mentee_prefs, m, "mentee_prefs")
    mentor_lists, mentor_starts = _flatten(mentor_prefs, n, "mentor_prefs")
    ranks = _mentor_ranks(mentee_lists, mentee_starts, mentor_lists, mentor_starts)
    keep = ranks >= 0
    if not keep.all():  # drop pairs the mentor does not list: mentees never propose there
        counts = np.bincount(_owners(mentee_starts)[keep], minlength=n)
        mentee_starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        mentee_lists, ranks = mentee_lists[keep], ranks[keep]
    mentor_of = _deferred_acceptance(mentee_lists, ranks, mentee_starts, cap, n)
    return _result(mentor_of, m, scores)


# ---------------------------------------------------------------------------------------------
# Validation and flattening


def _count(prefs: PrefLists, name: str) -> int:
    if isinstance(prefs, np.ndarray):
        if prefs.ndim != 2:
            raise ValueError(f"{name} must be a list of lists or a 2-D array, got {prefs.ndim}-D")
        return prefs.shape[0]
    if isinstance(prefs, str | bytes) or not isinstance(prefs, Sequence):
        raise ValueError(f"{name} must be a list of lists of indices")
    return len(prefs)


def _capacity(capacity: ArrayLike, m: int) -> NDArray[np.int64]:
    cap = np.asarray(capacity)
    if cap.ndim == 0:
        cap = np.full(m, cap)
    if cap.ndim != 1 or len(cap) != m:
        raise ValueError(f"capacity has {cap.size} entries but mentor_prefs has {m} mentors")
    if cap.dtype.kind == "f" and np.all(np.isfinite(cap)) and np.all(cap == np.floor(cap)):
        cap = cap.astype(np.int64)
    if cap.dtype.kind not in "iu":
        raise ValueError("capacity must hold whole numbers")
    if np.any(cap < 0):
        raise ValueError("capacity must not be negative")
    return cap.astype(np.int64)


def _flatten(
    prefs: PrefLists, targets: int, name: str
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """All lists end to end, and where each starts (one extra entry: the total length)."""
    if isinstance(prefs, np.ndarray):
        return _flatten_array(prefs, targets, name)
    rows: list[NDArray[np.int64]] = []
    for index, entry in enumerate(prefs):
        row = np.asarray(entry)
        if row.size == 0:
            rows.append(np.zeros(0, dtype=np.int64))
            continue
        if row.ndim != 1 or row.dtype.kind not in "iu":
            raise ValueError(f"{name}[{index}] must be a flat list of integer indices")
        rows.append(row.astype(np.int64))
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    flat = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    _check_range(flat, starts, targets, name)
    return flat, starts


def _flatten_array(
    prefs: NDArray[Any], targets: int, name: str
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    if prefs.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integer indices, got dtype {prefs.dtype}")
    rows, width = prefs.shape
    if prefs.size and prefs.min() < 0:
        listed = prefs >= 0
        if width > 1 and np.any(listed[:, 1:] & ~listed[:, :-1]):
            raise ValueError(f"{name} may use -1 only to pad the end of a list")
        flat = prefs[listed].astype(np.int64)
        starts = np.concatenate([[0], np.cumsum(listed.sum(axis=1))]).astype(np.int64)
    else:
        flat = prefs.reshape(-1).astype(np.int64, copy=False)
        starts = np.arange(rows + 1, dtype=np.int64) * width
    _check_range(flat, starts, targets, name)
    return flat, starts


def _check_range(
    flat: NDArray[np.int64], starts: NDArray[np.int64], targets: int, name: str
) -> None:
    if len(flat) == 0 or (flat.min() >= 0 and flat.max() < targets):
        return
    bad = np.flatnonzero((flat < 0) | (flat >= targets))
    if len(bad):
        row = int(np.searchsorted(starts, bad[0], side="right")) - 1
        raise ValueError(
            f"{name}[{row}] lists {flat[bad[0]]}, outside 0..{targets - 1}"
            if targets
            else f"{name}[{row}] lists {flat[bad[0]]}, but there is no one to list"
        )


def _owners(starts: NDArray[np.int64]) -> NDArray[np.int64]:
    """Which list each flattened entry belongs to."""
    return np.repeat(np.arange(len(starts) - 1, dtype=np.int64), np.diff(starts))


def _duplicate_error(keys: NDArray[np.int64], targets: int, name: str) -> ValueError | None:
    """The error for the first key listed twice (keys are ``list * targets + index``)."""
    ordered = np.sort(keys)
    clash = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(clash) == 0:
        return None
    key = int(ordered[clash[0]])
    return ValueError(f"{name}[{key // targets}] lists {key % targets} more than once")


def _mentor_ranks(
    mentee_lists: NDArray[np.int64],
    mentee_starts: NDArray[np.int64],
    mentor_lists: NDArray[np.int64],
    mentor_starts: NDArray[np.int64],
) -> NDArray[np.integer[Any]]:
    """For each entry of the mentee lists, the mentor's rank of that mentee (-1: unlisted).

    Also refuses lists that name someone twice. With a small key space the ranks go into a
    mentors x mentees table that is transposed before it is read in mentee order, so writes
    and reads both stay row-local; otherwise sorted keys are searched.
    """
    n, m = len(mentee_starts) - 1, len(mentor_starts) - 1
    mentee_keys = _owners(mentee_starts) * m
    mentee_keys += mentee_lists  # mentee * m + mentor
    mentor_owner = _owners(mentor_starts)
    rank = np.arange(len(mentor_lists), dtype=np.int64)
    rank -= mentor_starts[mentor_owner]
    mentor_keys = mentor_owner * n
    mentor_keys += mentor_lists  # mentor * n + mentee
    del mentor_owner
    if n * m > TABLE_LIMIT:
        return _ranks_by_search(mentee_keys, mentor_keys, rank, n, m)
    seen = np.zeros(n * m, dtype=bool)
    seen[mentee_keys] = True
    if np.count_nonzero(seen) != len(mentee_keys):
        raise _duplicate_error(mentee_keys, m, "mentee_prefs") or AssertionError
    del seen
    table = np.full((m, n), -1, dtype=np.int32)
    table.reshape(-1)[mentor_keys] = rank
    if np.count_nonzero(table >= 0) != len(mentor_keys):
        raise _duplicate_error(mentor_keys, n, "mentor_prefs") or AssertionError
    return np.take(np.ascontiguousarray(table.T), mentee_keys)


def _ranks_by_search(
    mentee_keys: NDArray[np.int64],
    mentor_keys: NDArray[np.int64],
    rank: NDArray[np.int64],
    n: int,
    m: int,
) -> NDArray[np.int64]:
    """The same lookup by sorting, for key spaces too large for a table."""
    for keys, targets, name in ((mentee_keys, m, "mentee_prefs"), (mentor_keys, n, "mentor_prefs")):
        error = _duplicate_error(keys, targets, name)
        if error is not None:
            raise error
    if len(mentor_keys) == 0:
        return np.full(len(mentee_keys), -1, dtype=np.int64)
    # mentee * m + mentor  ->  mentor * n + mentee
    queries = (mentee_keys % m) * n + mentee_keys // m
    order = np.argsort(mentor_keys)
    ordered = mentor_keys[order]
    at = np.minimum(np.searchsorted(ordered, queries), len(ordered) - 1)
    return np.where(ordered[at] == queries, rank[order][at], -1)


# ---------------------------------------------------------------------------------------------
# Deferred acceptance


def _deferred_acceptance(
    mentors: NDArray[Any],
    ranks: NDArray[Any],
    starts: NDArray[np.int64],
    capacity: NDArray[np.int64],
    n: int,
) -> NDArray[np.int64]:
    """Mentee-proposing deferred acceptance over mutually acceptable, flattened lists.

    A mentor accepts a proposal of rank r when r < ``limit[j]``: the worst rank it holds
    once full, or n (any rank) while it has a free seat; 0 (nobody) with no seat at all.
    """
    mentors = np.ascontiguousarray(mentors)
    ranks = np.ascontiguousarray(ranks)
    limits = np.where(capacity > 0, n, 0).astype(np.int64)
    limit: list[int] = limits.tolist()
    seats: list[int] = capacity.tolist()
    mentor_at, rank_at = mentors.data, ranks.data  # memoryviews: fast scalar reads
    position: list[int] = starts[:-1].tolist()
    end: list[int] = starts[1:].tolist()
    held: list[list[tuple[int, int]]] = [[] for _ in range(len(capacity))]
    mentor_of = [-1] * n
    free = list(range(n - 1, -1, -1))
    while free:
        i = free.pop()
        p, stop = position[i], end[i]
        steps = 0
        while p < stop and rank_at[p] >= limit[mentor_at[p]] and steps < PYTHON_STEPS:
            p += 1
            steps += 1
        if p < stop and rank_at[p] >= limit[mentor_at[p]]:
            p = _next_acceptable(mentors, ranks, limits, p, stop)
        if p >= stop:
            position[i] = stop
            continue
        j, rank = mentor_at[p], rank_at[p]
        position[i] = p + 1
        queue = held[j]
        heapq.heappush(queue, (-rank, i))
        mentor_of[i] = j
        if len(queue) > seats[j]:
            _, released = heapq.heappop(queue)
            mentor_of[released] = -1
            free.append(released)
        if len(queue) == seats[j]:
            limit[j] = limits[j] = -queue[0][0]
    return np.array(mentor_of, dtype=np.int64)


def _next_acceptable(
    mentors: NDArray[Any],
    ranks: NDArray[Any],
    limits: NDArray[np.int64],
    start: int,
    stop: int,
) -> int:
    """First position in [start, stop) whose mentor would accept, or ``stop``.

    Scans in doubling chunks so a mentee accepted soon costs little and one refused by a
    whole long list costs O(log length) NumPy calls.
    """
    step = FIRST_SCAN
    while start < stop:
        end = min(stop, start + step)
        accepts = ranks[start:end] < limits[mentors[start:end]]
        first = int(accepts.argmax())
        if accepts[first]:
            return start + first
        start, step = end, step * 2
    return stop


# ---------------------------------------------------------------------------------------------
# Result


def _result(mentor_of: NDArray[np.int64], m: int, scores: Any) -> MatchResult:
    n = len(mentor_of)
    rows = np.flatnonzero(mentor_of >= 0)
    pair_scores = np.full(n, np.nan)
    total = float("nan")
    if scores is not None:
        pair_scores[rows] = _pair_scores(scores, rows, mentor_of[rows], (n, m))
        total = float(pair_scores[rows].sum())
    return MatchResult(
        mentor_of=mentor_of,
        total_score=total,
        matched=len(rows),
        optimal=True,
        mentor_load=np.bincount(mentor_of[rows], minlength=m).astype(np.int64),
        pair_scores=pair_scores,
        objective="stable",
        solver="deferred_acceptance",
        min_pair_score=float(pair_scores[rows].min()) if len(rows) else float("nan"),
    )


def _pair_scores(
    scores: Any, rows: NDArray[np.int64], cols: NDArray[np.int64], shape: tuple[int, int]
) -> NDArray[np.float64]:
    if not sp.issparse(scores):
        scores = np.asarray(scores, dtype=np.float64)
    if scores.shape != shape:
        raise ValueError(f"scores has shape {scores.shape} but the preferences give {shape}")
    if sp.issparse(scores):
        return np.asarray(sp.csr_matrix(scores)[rows, cols], dtype=np.float64).ravel()
    return scores[rows, cols]
