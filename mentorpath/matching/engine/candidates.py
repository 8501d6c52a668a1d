"""Candidate pairs for large pools: score in blocks, keep the best pairs from both sides.

A 100k × 20k pool has 2·10⁹ pairs: 8 GB as one float32 matrix, too much to build, and a
solver does not need it. :func:`top_candidates` scores blocks of mentee rows (every mentor
per block; at most ``MAX_BLOCK_ROWS`` rows, fewer when the memory budget requires), masks
the hard rules, and keeps

- the ``k_mentee`` best mentors of each mentee (ties: lower mentor index first), and
- the ``q_mentor`` best mentees of each mentor (ties: lower mentee index first),

the union of both, as a sparse matrix whose stored entries are the candidate pairs (a
candidate whose score is exactly 0 is stored as an explicit zero). Both sides matter:
measured on 10k × 2k, keeping each mentee's top 50 alone lost 4% of the optimum and left
mentor slots empty (popular mentors crowd out the rest), while top 10 per mentee ∪ top 25
per mentor reached 100%.

The selection is exact (the same pairs as sorting the full matrix) but never sorts a full
row: each row's ``k``-th best score among a strided sample of the columns is a lower bound
of its true ``k``-th best, so only the few entries above it are gathered and sorted; each
mentor keeps a running top ``q`` whose lowest score filters later blocks. Blocks are scored
by ``workers`` threads (NumPy and SciPy release the GIL); results are merged in row order,
so the output never depends on the block size or the number of workers.

:func:`iterate_blocks` streams the full score matrix again, block by block, with its allowed
mask — for the solver's optimality certificate on a pruned problem (no pair left out has a
positive reduced cost under the dual prices).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorpath.matching.engine.constraints import Constraints
from mentorpath.matching.engine.features import Side
from mentorpath.matching.engine.scoring import MatchConfig, Scorer, Weights

#: Bytes of working memory per scored cell of a block: the float32 scores, the direct
#: criteria's temporaries, the text product and the selection masks (measured, rounded up).
BYTES_PER_CELL = 16
#: Default working memory for all blocks in flight together (and for the seed block alone).
DEFAULT_MEMORY_BUDGET = 512 << 20
#: Blocks are at most this tall. Measured on the 2-core reference machine: 256-row blocks
#: (20 MB of scores at 20k mentors) run as fast as 800-row ones (64 MB) at 100k × 20k, and
#: twice as fast as budget-sized 8k-row ones at 10k × 2k — a block that stays in cache
#: beats fewer, larger blocks.
MAX_BLOCK_ROWS = 256
#: The first block, whose exact per-mentor top q seeds the filter of the mentor side, has at
#: least this many rows per q: a tighter seed lets fewer entries of later blocks through.
SEED_ROWS_PER_Q = 64


@dataclass(frozen=True, eq=False)
class Candidates:
    """The candidate pairs of a run.

    ``scores`` is a mentees × mentors CSR matrix (float64 holding float32-computed scores,
    canonical: sorted indices, no duplicates); its stored entries are exactly the candidate
    pairs, explicit zeros included — read its structure (``indptr``/``indices``), not
    ``nonzero()``. ``scorer`` and ``constraints`` are the prepared run, reusable for
    :func:`iterate_blocks` and explanations.
    """

    scores: sp.csr_matrix
    k_mentee: int
    q_mentor: int
    scorer: Scorer
    constraints: Constraints

    @property
    def pairs(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(mentee index, mentor index) of every candidate, row by row."""
        rows = np.repeat(np.arange(self.scores.shape[0]), np.diff(self.scores.indptr))
        return rows, self.scores.indices.astype(np.int64)

    def best_scores(self) -> NDArray[np.float64]:
        """Each mentee's best allowed score (its first candidate when ``k_mentee ≥ 1``), NaN
        for a mentee with no candidate — for :func:`.explain.unmatched_reason`."""
        counts = np.diff(self.scores.indptr)
        out = np.full(self.scores.shape[0], np.nan)
        has = counts > 0
        if has.any():
            out[has] = np.maximum.reduceat(self.scores.data, self.scores.indptr[:-1][has])
        return out


@dataclass(frozen=True, eq=False)
class ScoreBlock:
    """Rows ``rows`` of the full score matrix (float32, every mentor) and its allowed mask."""

    rows: slice
    scores: NDArray[np.float32]
    allowed: NDArray[np.bool_]


def block_rows_for(
    n_mentors: int, memory_budget: int = DEFAULT_MEMORY_BUDGET, workers: int = 1
) -> int:
    """Rows per block: ``workers`` blocks in flight fit in ``memory_budget`` bytes
    (``budget / (workers · mentors · BYTES_PER_CELL)``), at most ``MAX_BLOCK_ROWS``, at
    least 1."""
    return max(1, min(MAX_BLOCK_ROWS, _budget_rows(n_mentors, memory_budget, workers)))


def _budget_rows(n_mentors: int, memory_budget: int, workers: int) -> int:
    per_block = memory_budget // max(workers, 1)
    return per_block // (max(n_mentors, 1) * BYTES_PER_CELL)


def top_candidates(
    mentees: Side,
    mentors: Side,
    weights: Weights | None = None,
    config: MatchConfig | None = None,
    k_mentee: int = 10,
    q_mentor: int = 25,
    *,
    block_rows: int | None = None,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
    workers: int | None = None,
    scorer: Scorer | None = None,
    constraints: Constraints | None = None,
) -> Candidates:
    """The union of each mentee's ``k_mentee`` best allowed mentors and each mentor's
    ``q_mentor`` best allowed mentees (see the module docstring).

    ``block_rows`` overrides the block height chosen from ``memory_budget``; ``workers``
    defaults to the CPU count (at most 4). Pass a prepared ``scorer``/``constraints`` to
    reuse them.
    """
    if k_mentee < 0 or q_mentor < 0:
        raise ValueError("k_mentee, q_mentor: must not be negative")
    scorer = (scorer or Scorer(mentees, mentors, weights, config)).prepare()
    constraints = (constraints or Constraints(mentees, mentors, scorer.config)).prepare()
    n, m = scorer.shape
    workers = workers or min(os.cpu_count() or 1, 4)
    height = block_rows or block_rows_for(m, memory_budget, workers)
    # the seed block runs alone: it may use the memory of all workers' blocks
    alone = max(1, _budget_rows(m, memory_budget, 1))
    seed = min(n, max(height, min(SEED_ROWS_PER_Q * q_mentor, alone)))
    blocks = [slice(0, seed)] if n else []
    blocks += [slice(start, min(start + height, n)) for start in range(seed, n, height)]

    best = _RunningTop(m, q_mentor)
    found: list[tuple[NDArray, NDArray, NDArray]] = []
    if blocks and m:
        local = threading.local()

        def work(rows: slice, first: bool = False) -> tuple[tuple, tuple]:
            shape = (rows.stop - rows.start, m)
            if getattr(local, "buffer", np.empty(0)).shape != shape:
                local.buffer = np.empty(shape, dtype=np.float32)  # one per thread, reused
            scores, _ = scorer.block(rows, out=local.buffer)
            constraints.apply(scores, rows)
            mine = _top_per_row(scores, k_mentee)
            if first:  # exact top q per column of the first block: it seeds the filter
                cols, local_rows, values = _top_per_row(np.ascontiguousarray(scores.T), q_mentor)
                order = np.lexsort((cols, local_rows))  # back to row-major order
                theirs = (local_rows[order], cols[order], values[order])
            else:
                theirs = best.above(scores)
            return _shift(mine, rows.start), _shift(theirs, rows.start)

        with ThreadPoolExecutor(max_workers=workers) as pool:
            # the seed block first, alone (in a worker, whose buffers are then reused)
            mine, theirs = pool.submit(work, blocks[0], True).result()
            found.append(mine)
            best.merge(*theirs)
            for mine, theirs in pool.map(work, blocks[1:]):
                found.append(mine)
                best.merge(*theirs)
        found.append(best.entries())
    matrix = _union(found, (n, m))
    return Candidates(matrix, k_mentee, q_mentor, scorer, constraints)


def iterate_blocks(
    mentees: Side,
    mentors: Side,
    weights: Weights | None = None,
    config: MatchConfig | None = None,
    *,
    block_rows: int | None = None,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
    scorer: Scorer | None = None,
    constraints: Constraints | None = None,
) -> Iterator[ScoreBlock]:
    """The full score matrix again, block by block, in row order, with its allowed mask.

    Scores are those :func:`top_candidates` stored (bit for bit), forbidden pairs included
    (their ``allowed`` is False). One block in memory at a time.
    """
    scorer = scorer or Scorer(mentees, mentors, weights, config)
    constraints = constraints or Constraints(mentees, mentors, scorer.config)
    n, m = scorer.shape
    height = block_rows or block_rows_for(m, memory_budget, 1)
    for start in range(0, n, height):
        rows = slice(start, min(start + height, n))
        scores, _ = scorer.block(rows)
        yield ScoreBlock(rows, scores, ~constraints.forbidden(rows))


# ---- exact selection


def _top_per_row(
    scores: NDArray[np.float32], k: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
    """(row, col, score) of each row's ``k`` best finite entries, ties to the lower column.

    ``tau`` — the ``k``-th best of a strided sample of the columns — bounds the row's true
    ``k``-th best ``v_k`` from below, so the top ``k`` lie among the entries ``> tau`` plus,
    when fewer than ``k`` are, the first ``k − g`` entries equal to ``tau`` (if ``v_k = tau``
    exactly those complete the top ``k``). The few gathered entries are then sorted.
    Works on transposed (column-major) views too.
    """
    n_rows, width = scores.shape
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    if k == 0 or n_rows == 0 or width == 0:
        return empty
    tau = np.full(n_rows, -np.inf, dtype=np.float32)
    step = max(1, width // max(8 * k, width // 4))
    sample_width = len(range(0, width, step))
    if sample_width > k:
        kth = sample_width - k
        tau = np.partition(scores[:, ::step], kth, axis=1)[:, kth]
    rows, cols = _nonzero(scores > tau[:, None])
    need = k - np.bincount(rows, minlength=n_rows)
    tied = np.flatnonzero((need > 0) & np.isfinite(tau))
    if len(tied):
        sub = scores[tied]
        equal = sub == tau[tied][:, None]
        first = equal & (np.cumsum(equal, axis=1) <= need[tied][:, None])
        tie_rows, tie_cols = _nonzero(first)
        rows = np.concatenate([rows, tied[tie_rows]])
        cols = np.concatenate([cols, tie_cols])
    values = scores[rows, cols]
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.searchsorted(rows, rows, side="left")
    keep = (np.arange(len(rows)) - starts) < k
    return rows[keep], cols[keep], values[keep]


def _nonzero(mask: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row and column of each True, row-major; ``flatnonzero`` on C-ordered masks is ~10×
    faster than 2-d ``nonzero``."""
    if not mask.flags.c_contiguous:
        rows, cols = np.nonzero(mask)
        return rows.astype(np.int64), cols.astype(np.int64)
    flat = np.flatnonzero(mask)
    return flat // mask.shape[1], flat % mask.shape[1]


def _shift(
    entries: tuple[NDArray, NDArray, NDArray], offset: int
) -> tuple[NDArray, NDArray, NDArray]:
    """(row, col, score) entries of a block, with rows made absolute."""
    rows, cols, values = entries
    return rows + offset, cols, values


class _RunningTop:
    """Each mentor's best ``q`` mentees so far, sorted (score desc, row asc): row ``j`` of
    ``values``/``rows`` (m × q) holds mentor ``j``'s list.

    ``theta[j]`` — the ``q``-th best score so far, −inf until ``q`` are known — filters a
    new block: an entry equal to it cannot enter (earlier rows win ties), so only entries
    strictly above are kept.
    """

    def __init__(self, width: int, q: int) -> None:
        self.q = q
        self.values = np.full((width, q), -np.inf, dtype=np.float32)
        self.rows = np.full((width, q), -1, dtype=np.int64)
        self.theta = np.full(width, np.inf if q == 0 else -np.inf, dtype=np.float32)

    def above(
        self, scores: NDArray[np.float32]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
        """Entries of a block that could enter some mentor's top q (row-major order)."""
        theta = self.theta  # read once: merges replace the array, never mutate it
        rows, cols = _nonzero(scores > theta[None, :])
        return rows, cols, scores[rows, cols]

    def merge(self, rows: NDArray, cols: NDArray, values: NDArray) -> None:
        """Merge one block's entries, given in row-major order, all rows after those kept.

        In a column's merged order, ahead of a new entry are the kept entries scoring ``≥``
        it (earlier rows win ties) and the new entries before it; the kept entries fill the
        remaining places in their order. O(q) per new entry and per touched column, and
        no re-sorting of what is kept.
        """
        if len(rows) == 0 or self.q == 0:
            return
        q = self.q
        values = values.astype(np.float32)
        order = np.argsort(_column_score_key(cols, values), kind="stable")  # rows stay asc
        rows, cols, values = rows[order], cols[order], values[order]
        starts = np.flatnonzero(np.diff(cols, prepend=-1))
        lengths = np.diff(np.append(starts, len(cols)))
        touched = cols[starts]
        group = np.repeat(np.arange(len(touched)), lengths)
        within = np.arange(len(cols)) - np.repeat(starts, lengths)
        old_values, old_rows = self.values[touched], self.rows[touched]  # T × q, rank order
        first = within < q  # the rest cannot enter
        rank = np.full(len(cols), q)
        rank[first] = (old_values[group[first]] >= values[first, None]).sum(axis=1)
        rank += within
        enter = rank < q
        if not enter.any():
            return
        taken = np.zeros((len(touched), q), dtype=bool)
        taken[group[enter], rank[enter]] = True
        kept = np.clip(np.cumsum(~taken, axis=1) - 1, 0, q - 1)  # kept entry for each place
        merged_values = np.take_along_axis(old_values, kept, axis=1)
        merged_rows = np.take_along_axis(old_rows, kept, axis=1)
        merged_values[group[enter], rank[enter]] = values[enter]
        merged_rows[group[enter], rank[enter]] = rows[enter]
        self.values[touched] = merged_values
        self.rows[touched] = merged_rows
        theta = self.theta.copy()
        theta[touched] = merged_values[:, q - 1]
        self.theta = theta

    def entries(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
        cols, rank = np.nonzero(self.rows >= 0)
        return self.rows[cols, rank], cols.astype(np.int64), self.values[cols, rank]


def _column_score_key(cols: NDArray, values: NDArray[np.float32]) -> NDArray[np.uint64]:
    """A uint64 that sorts by column, then score descending: the column in the high 32 bits,
    the score's bits mapped to an order-preserving unsigned integer (flipped) in the low."""
    bits = (values + np.float32(0)).view(np.uint32)  # + 0 turns -0.0 into +0.0
    ordered = np.where(bits >> 31, ~bits, bits | np.uint32(1 << 31))
    return (cols.astype(np.uint64) << np.uint64(32)) | (~ordered).astype(np.uint64)


def _union(found: list[tuple[NDArray, NDArray, NDArray]], shape: tuple[int, int]) -> sp.csr_matrix:
    """One canonical CSR of all (row, col, score) entries; a pair found twice is kept once
    (both copies hold the same score)."""
    n, m = shape
    if not found:
        return sp.csr_matrix(shape, dtype=np.float64)
    rows = np.concatenate([f[0] for f in found]).astype(np.int64)
    cols = np.concatenate([f[1] for f in found]).astype(np.int64)
    values = np.concatenate([f[2] for f in found]).astype(np.float64)
    keys, first = np.unique(rows * max(m, 1) + cols, return_index=True)
    rows, cols = keys // max(m, 1), keys % max(m, 1)
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n)))).astype(np.int64)
    return sp.csr_matrix((values[first], cols, indptr), shape=shape)
