"""Score, solve and certify one program on engine sides: the whole engine pipeline.

Shared by the product (`matching.pipeline`), the command-line tool (`matching.cli`) and the
benchmarks. Up to `DENSE_MAX_CELLS` the full score matrix is solved exactly; above it each
side's best candidates are solved and the result is certified optimal over every pair left
out by the solver's dual prices (pairs that could help are added and the problem re-solved).
"""

from __future__ import annotations

import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorpath.matching.engine.candidates import (
    BYTES_PER_CELL,
    DEFAULT_MEMORY_BUDGET,
    block_rows_for,
    top_candidates,
)
from mentorpath.matching.engine.constraints import Constraints
from mentorpath.matching.engine.explain import unmatched_reason
from mentorpath.matching.engine.features import Side
from mentorpath.matching.engine.result import MatchResult, PriceCertificate
from mentorpath.matching.engine.scoring import MatchConfig, Scorer, Weights
from mentorpath.matching.engine.solver import CLOSED_PRICE, OBJECTIVES, solve

#: Up to this many mentee × mentor cells the whole score matrix is built and solved exactly
#: (the solver proves optimality over every allowed pair); above it, candidates are kept
#: from both sides and the result is certified by dual prices over every pair left out.
#: The product's pipeline uses the same threshold.
DENSE_MAX_CELLS = 25_000_000
#: Price scans (each followed by a re-solve when it finds pairs that could help) before
#: giving up on proving optimality.
CERTIFY_ROUNDS = 8
#: Pairs within this many score units of a zero reduced cost join the candidates with the
#: violators (they are the likeliest next violators), and give later scans their slack: see
#: :func:`_hot_lines`.
NEAR = 0.02
#: A later scan covers only the mentees and mentors whose prices fell since the last full
#: scan; when those lines hold more than this share of all pairs, a full scan is cheaper.
PARTIAL_MAX_SHARE = 0.3
#: The float64 screen keeps pairs whose reduced cost, in the solver's integer units, is
#: above −margin (at least SCREEN_MARGIN); the exact integer value differs from the float
#: one by less than SCREEN_ERROR (0.5 from the solver's rounding of a score, under 0.1 of
#: float error), so every violation is kept and every pair dropped is below −(margin − error).
SCREEN_MARGIN = 0.25
SCREEN_ERROR = 1.0
#: Working memory per cell of a certification block: the float32 scores and the scorer's
#: temporaries (as for candidates) plus the float64 reduced costs.
CERTIFY_BYTES_PER_CELL = BYTES_PER_CELL + 8

# ---- the pipeline on engine sides


@dataclass
class Matching:
    """A matching run's outcome, with everything needed to explain it.

    ``optimal`` is True only when optimality over every allowed pair was proved: by the
    solver on the full matrix (``method == "dense"``), or, on candidates, by dual prices
    under which no pair left out could raise the objective. ``result.optimal`` alone would
    only speak for the candidate pairs. ``pairs``: on candidates, the pairs the last solve
    saw (mentees × mentors, scores stored); ``scans``: each price scan's kind (full or
    partial), seconds, pairs scored and violators found; ``first_result``: the solve on the
    initial candidates (``candidate_pairs`` of them), before any pair a scan found was added.
    """

    result: MatchResult
    scorer: Scorer
    constraints: Constraints
    method: str
    optimal: bool
    pairs_considered: int
    best_scores: NDArray[np.float64]
    min_score: float | None
    certify_rounds: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    pairs: sp.csr_matrix | None = None
    scans: list[dict[str, float | int | str]] = field(default_factory=list)
    first_result: MatchResult | None = None
    candidate_pairs: int = 0


def match_sides(
    mentees: Side,
    mentors: Side,
    weights: Weights | None = None,
    config: MatchConfig | None = None,
    *,
    objective: str = "participation",
    min_score: float | None = None,
    method: str = "auto",
    k_mentee: int = 10,
    q_mentor: int = 25,
    workers: int | None = None,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
) -> Matching:
    """Score, solve and (on candidates) certify one program.

    ``method``: ``"dense"`` builds the full score matrix; ``"candidates"`` keeps each
    mentee's best mentors and each mentor's best mentees (never the full matrix), solves on
    those, then streams every pair once more to check the dual prices — pairs that could
    raise the objective are added and the problem re-solved, so a certified result is
    optimal over every pair, not only the candidates. ``"auto"`` picks dense up to
    :data:`DENSE_MAX_CELLS`. "fair" results on candidates are not certified (its threshold
    prices cannot vouch for left-out pairs). ``k_mentee``/``q_mentor``: candidates kept per
    mentee and per mentor (see :func:`.candidates.top_candidates`).
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}; got {objective!r}")
    scorer = Scorer(mentees, mentors, weights, config)
    constraints = Constraints(mentees, mentors, scorer.config)
    n, m = scorer.shape
    if method == "auto":
        method = "dense" if n * m <= DENSE_MAX_CELLS else "candidates"
    if method == "dense":
        return _match_dense(scorer, constraints, objective, min_score)
    if method == "candidates":
        return _match_candidates(
            scorer, constraints, objective, min_score, (k_mentee, q_mentor), workers, memory_budget
        )
    raise ValueError(f"method must be auto, dense or candidates; got {method!r}")


def _match_dense(
    scorer: Scorer, constraints: Constraints, objective: str, min_score: float | None
) -> Matching:
    started = time.perf_counter()
    scores, _ = scorer.block()
    allowed = ~constraints.forbidden()
    scored = time.perf_counter()
    result = solve(
        scores.astype(np.float64), scorer.mentors.capacity, allowed, min_score, objective
    )
    solved = time.perf_counter()
    best = np.where(allowed, scores, -np.inf).max(axis=1, initial=-np.inf).astype(np.float64)
    best[~np.isfinite(best)] = np.nan
    return Matching(
        result=result,
        scorer=scorer,
        constraints=constraints,
        method="dense",
        optimal=result.optimal,
        pairs_considered=int(allowed.sum()),
        best_scores=best,
        min_score=min_score,
        timings={"score": scored - started, "solve": solved - scored},
    )


def _match_candidates(
    scorer: Scorer,
    constraints: Constraints,
    objective: str,
    min_score: float | None,
    keep: tuple[int, int],
    workers: int | None,
    memory_budget: int,
) -> Matching:
    workers = workers or min(os.cpu_count() or 1, 4)
    started = time.perf_counter()
    candidates = top_candidates(
        scorer.mentees,
        scorer.mentors,
        scorer=scorer,
        constraints=constraints,
        k_mentee=keep[0],
        q_mentor=keep[1],
        workers=workers,
        memory_budget=memory_budget,
    )
    timings = {"score_candidates": time.perf_counter() - started, "solve": 0.0, "certify": 0.0}
    matrix = candidates.scores
    capacity = scorer.mentors.capacity
    optimal, rounds = False, 0
    base: PriceCertificate | None = None  # the prices of the last full scan
    matching_scans: list[dict[str, float | int | str]] = []
    first: MatchResult | None = None
    while True:
        clock = time.perf_counter()
        result = solve(matrix, capacity, None, min_score, objective)
        timings["solve"] += time.perf_counter() - clock
        if first is None:
            first, timings["first_solve"] = result, time.perf_counter() - clock
        cert = result.certificate
        if objective == "fair" or cert is None or not result.optimal:
            break
        if rounds >= CERTIFY_ROUNDS:
            break
        clock = time.perf_counter()
        hot = _hot_lines(base, cert) if base is not None else None
        rows, cols = hot if hot is not None else (None, None)
        scan = price_scan(
            result,
            scorer,
            constraints,
            near=NEAR,
            rows=rows,
            cols=cols,
            workers=workers,
            memory_budget=memory_budget,
        )
        n, m = scorer.shape
        if hot is None:
            base, cells = cert, n * m
        else:
            cells = len(hot[0]) * m + len(hot[1]) * n
        seconds = time.perf_counter() - clock
        timings["certify"] += seconds
        rounds += 1
        matching_scans.append(
            {
                "kind": "full" if hot is None else "partial",
                "seconds": seconds,
                "cells": cells,
                "violating": len(scan.violating[0]),
            }
        )
        if len(scan.violating[0]) == 0:
            optimal = True
            break
        matrix = _with_pairs(
            matrix,
            *(np.concatenate(parts) for parts in zip(scan.violating, scan.near, strict=True)),
        )
    return Matching(
        result=result,
        scorer=scorer,
        constraints=constraints,
        method="candidates",
        optimal=optimal,
        pairs_considered=int(matrix.nnz),
        best_scores=candidates.best_scores(),
        min_score=min_score,
        certify_rounds=rounds,
        timings=timings,
        pairs=matrix,
        scans=matching_scans,
        first_result=first,
        candidate_pairs=int(candidates.scores.nnz),
    )


@dataclass(frozen=True, eq=False)
class PriceScan:
    """What one pass over every pair found under a result's dual prices.

    ``violating``: (mentee, mentor, score) of the allowed pairs whose reduced cost is
    positive — pairs that could raise the objective; none means the result is optimal over
    all pairs. ``near``: pairs whose reduced cost is within ``near`` score units of 0 (not
    violating yet): adding them with the violators anticipates how the prices move on the
    next solve, which saves passes.
    """

    violating: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]
    near: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]


def price_scan(
    result: MatchResult,
    scorer: Scorer,
    constraints: Constraints,
    *,
    near: float = 0.0,
    rows: NDArray[np.int64] | None = None,
    cols: NDArray[np.int64] | None = None,
    workers: int = 1,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
) -> PriceScan:
    """Check pairs against the result's dual prices (see :class:`PriceScan`): every pair, or,
    when ``rows``/``cols`` are given, only those mentees' rows and those mentors' columns.

    Streams the score matrix in blocks (the float32 scores candidate generation kept, bit for
    bit), ``workers`` blocks at a time. A block is screened in float64, ``score·quantum −
    (mentee price − bonus) − mentor price``, whose error at these magnitudes (integers below
    2^53) is under 0.1 while a violation in the solver's integers is at least 0.5; the few
    cells the screen keeps are checked exactly, in integers, with the certificate's own
    rounding (``PriceCertificate.weights`` and ``.counts``).
    """
    cert = result.certificate
    if cert is None:
        raise ValueError("result: only flow solves carry the dual prices a check needs")
    n, m = scorer.shape
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
    if n == 0 or m == 0:
        return PriceScan(empty, empty)
    scorer.prepare()
    constraints.prepare()
    margin = max(SCREEN_MARGIN, near * cert.quantum)
    row_threshold = (cert.mentee_price - cert.bonus).astype(np.float64) - margin
    col_offset = cert.mentor_price.astype(np.float64)
    budget = memory_budget * BYTES_PER_CELL // CERTIFY_BYTES_PER_CELL
    height = block_rows_for(m, budget, workers)
    local = threading.local()

    def work(task: tuple[slice | NDArray[np.int64], NDArray[np.int64] | None]) -> tuple:
        block_rows, block_cols = task
        if block_cols is None:  # full width: a reused buffer, forbidden pairs → −inf
            count = len(range(n)[block_rows]) if isinstance(block_rows, slice) else len(block_rows)
            if getattr(local, "buffer", np.empty(0)).shape != (count, m):
                local.buffer = np.empty((count, m), dtype=np.float32)
            scores, _ = scorer.block(block_rows, out=local.buffer)
            constraints.apply(scores, block_rows)
            offsets = col_offset
        else:
            scores, _ = scorer.block(block_rows, block_cols)
            scores[constraints.forbidden(block_rows, block_cols)] = -np.inf
            offsets = col_offset[block_cols]
        reduced = np.multiply(scores, cert.quantum, dtype=np.float64)
        reduced -= offsets[None, :]
        keep = reduced > row_threshold[block_rows, None]
        if float(scores.max(initial=-np.inf)) > cert.score_bound:
            keep |= np.isfinite(scores) & (scores > cert.score_bound)
        hit = np.flatnonzero(keep)
        hit_rows, hit_cols = hit // scores.shape[1], hit % scores.shape[1]
        row_ids = np.arange(n)[block_rows]
        col_ids = hit_cols if block_cols is None else block_cols[hit_cols]
        return row_ids[hit_rows], col_ids, scores[hit_rows, hit_cols].astype(np.float64)

    tasks: list[tuple[slice | NDArray[np.int64], NDArray[np.int64] | None]] = []
    if rows is None and cols is None:
        tasks += [(slice(start, min(start + height, n)), None) for start in range(0, n, height)]
    if rows is not None and len(rows):
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        tasks += [(rows[start : start + height], None) for start in range(0, len(rows), height)]
    if cols is not None and len(cols):
        cols = np.unique(np.asarray(cols, dtype=np.int64))
        tall = block_rows_for(len(cols), budget, workers)
        tasks += [(slice(start, min(start + tall, n)), cols) for start in range(0, n, tall)]
    found: list[tuple[NDArray, NDArray, NDArray]] = [empty]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        found.extend(pool.map(work, tasks))
    hit_rows = np.concatenate([f[0] for f in found]).astype(np.int64)
    hit_cols = np.concatenate([f[1] for f in found]).astype(np.int64)
    values = np.concatenate([f[2] for f in found]).astype(np.float64)
    if rows is not None and cols is not None:  # a pair in both a hot row and a hot column
        _, first = np.unique(hit_rows * m + hit_cols, return_index=True)
        hit_rows, hit_cols, values = hit_rows[first], hit_cols[first], values[first]
    # exactly as the solver's integers see them: usable at all, and beyond the bound or of
    # positive reduced cost
    beyond = np.abs(values) > cert.score_bound
    weights = cert.weights(np.where(beyond, 0.0, values))
    reduced_cost = weights - cert.mentee_price[hit_rows] - cert.mentor_price[hit_cols]
    bad = cert.counts(values) & (beyond | (reduced_cost > 0))
    return PriceScan(
        (hit_rows[bad], hit_cols[bad], values[bad]),
        (hit_rows[~bad], hit_cols[~bad], values[~bad]),
    )


def _hot_lines(
    base: PriceCertificate, cert: PriceCertificate
) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """The mentees and mentors whose prices fell by more than half the slack since the full
    scan under ``base``; None when a full scan is needed instead.

    After a full scan, every pair not kept as a candidate had a reduced cost of at most
    ``−slack`` (``slack``: the scan's margin less its rounding, in integer units). Reduced
    costs are ``w − u_i − v_j``, so under new prices a pair's reduced cost rose by at most
    ``Δu_i + Δv_j`` (the price drops): a pair whose mentee and mentor both dropped by at most
    ``slack / 2`` still cannot raise the objective. Only the rest needs scoring again — in
    practice a few percent of the lines. Prices in other units (a new quantum or bonus) or
    too many hot lines call for a full scan.
    """
    if base.quantum != cert.quantum or base.bonus != cert.bonus:
        return None
    slack = max(SCREEN_MARGIN, NEAR * base.quantum) - SCREEN_ERROR
    closed = (base.mentor_price == CLOSED_PRICE) & (cert.mentor_price == CLOSED_PRICE)
    drop_u = base.mentee_price - cert.mentee_price
    drop_v = np.where(closed, 0, base.mentor_price - cert.mentor_price)
    rows = np.flatnonzero(drop_u > slack / 2)
    cols = np.flatnonzero(drop_v > slack / 2)
    n, m = len(drop_u), len(drop_v)
    if len(rows) * m + len(cols) * n > PARTIAL_MAX_SHARE * n * m:
        return None
    return rows.astype(np.int64), cols.astype(np.int64)


def certificate_violations(
    result: MatchResult,
    scorer: Scorer,
    constraints: Constraints,
    *,
    workers: int = 1,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """The allowed pairs whose reduced cost under the result's dual prices is positive
    (mentee, mentor, score); none means the result is optimal over every pair."""
    scan = price_scan(result, scorer, constraints, workers=workers, memory_budget=memory_budget)
    return scan.violating


def _with_pairs(
    matrix: sp.csr_matrix, rows: NDArray, cols: NDArray, values: NDArray
) -> sp.csr_matrix:
    """The candidate matrix with more pairs stored (explicit zeros kept: they are pairs)."""
    coo = matrix.tocoo()
    n, m = matrix.shape
    all_rows = np.concatenate([coo.row, rows]).astype(np.int64)
    all_cols = np.concatenate([coo.col, cols]).astype(np.int64)
    all_values = np.concatenate([coo.data, values])
    keys, first = np.unique(all_rows * m + all_cols, return_index=True)
    out_rows, out_cols = keys // m, keys % m
    indptr = np.concatenate(([0], np.cumsum(np.bincount(out_rows, minlength=n))))
    return sp.csr_matrix((all_values[first], out_cols, indptr), shape=(n, m))


def why_unmatched(matching: Matching, mentee: int) -> str:
    """The reason a mentee stayed unmatched, as a sentence."""
    counts = matching.constraints.counts(mentee)
    best = float(matching.best_scores[mentee])
    text = unmatched_reason(counts, None if math.isnan(best) else best, matching.min_score)
    return _sentence(text)


def capital(text: str) -> str:
    """The engine's reasons are phrases ("both speak Spanish"); a cell starts a sentence."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = capital(text)
    return text if not text or text.endswith(".") else text + "."
