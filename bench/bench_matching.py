"""Matching engine benchmark: generated programs of 1k × 200, 10k × 2k and 100k × 20k.

For each size, on the same generated instance (``engine.synthetic``: capacities 1–5, a few
percent of pairs forbidden by the hard rules):

- the scale pipeline the command-line tool runs on large pools (``engine.run.match_sides`` with
  candidates): scoring + two-sided candidate generation + min-cost-flow solve, then the
  certificate pass that streams every pair once more to prove the result optimal over all
  pairs (not only the candidates) — time of each part and the peak RSS of the process;
- a greedy baseline (best pair first, respecting capacity and the hard rules) — over every
  allowed pair where the full matrix fits, over the candidate pairs at 100k × 20k;
- where the full matrix fits (1k × 200, 10k × 2k): the engine's solve of the DENSE matrix
  alone, and an independent exact solver — ``scipy.optimize.linear_sum_assignment`` on the
  slot-expanded matrix (one column per mentor seat) with a per-pair bonus that makes one
  more matched mentee outweigh any score difference — whose matched count and total the
  engine must equal.

Each (size, part) runs in its own subprocess so peak memory figures do not mix. Needs no
database: ``make bench`` runs it once (see ``DATABASE_FREE``). ``BENCH_MATCHING_SIZES``
(e.g. ``1000x200,10000x2000``) picks the sizes.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Read by the Makefile: this benchmark runs once, not once per database.
DATABASE_FREE = True
SEED = 1
SIZES = ((1_000, 200), (10_000, 2_000), (100_000, 20_000))
#: Up to this many cells the full matrix is built for the dense solve, greedy and LSA.
FULL_MATRIX_MAX_CELLS = 20_000_000
TARGET_DENSE_SECONDS = 5.0  # 10k × 2k dense, solved exactly
TARGET_PIPELINE_SECONDS = 60.0  # 100k × 20k: scoring, candidates, solve
TARGET_PIPELINE_BYTES = 3 << 30


# ---- measured in a child process


def _rss_mb() -> float:
    """Current resident set size (Linux /proc), MB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def greedy(rows: Any, cols: Any, scores: Any, capacity: Any, n: int) -> tuple[int, float]:
    """Best pair first: walk the pairs by score (ties: lower mentee, then lower mentor
    index) and take each whose mentee is free and whose mentor has a seat left.

    Pairs are filtered chunk by chunk with NumPy (mentee taken, mentor full) before the
    Python loop sees them, so 20M pairs take seconds, not minutes.
    """
    import numpy as np

    order = np.lexsort((cols, rows, -scores))
    rows, cols, scores = rows[order], cols[order], scores[order]
    free_seats = np.asarray(capacity, dtype=np.int64).copy()
    taken = np.zeros(n, dtype=bool)
    matched, total = 0, 0.0
    chunk = 1 << 16
    for start in range(0, len(rows), chunk):
        r, c, s = (a[start : start + chunk] for a in (rows, cols, scores))
        live = np.flatnonzero(~taken[r] & (free_seats[c] > 0))
        for k in live.tolist():
            i, j = int(r[k]), int(c[k])
            if taken[i] or free_seats[j] == 0:
                continue
            taken[i] = True
            free_seats[j] -= 1
            matched += 1
            total += float(s[k])
        if matched == n or not free_seats.any():
            break
    return matched, total


def child_pipeline(n: int, m: int) -> dict[str, Any]:
    import numpy as np

    from mentorpath.matching.engine.run import match_sides
    from mentorpath.matching.engine.synthetic import synthetic_instance

    instance = synthetic_instance(n, m, seed=SEED)
    rss_instance = _rss_mb()
    started = time.perf_counter()
    matching = match_sides(
        instance.mentees, instance.mentors, None, instance.config, method="candidates"
    )
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    result, constraints, first = matching.result, matching.constraints, matching.first_result
    assert first is not None  # the candidates path always solves once

    # forbidden share, from the rules' shapes (no pass over every pair)
    rows_out, cols_out = constraints.row_forbidden, constraints.col_forbidden
    pairs = constraints.pair_forbidden.tocoo()
    inside = ~rows_out[pairs.row] & ~cols_out[pairs.col]
    forbidden = (
        int(rows_out.sum()) * m
        + int(cols_out.sum()) * n
        - int(rows_out.sum()) * int(cols_out.sum())
        + int(inside.sum())
    )
    out: dict[str, Any] = {
        "seats": int(instance.mentors.capacity.sum()),
        "forbidden_share": forbidden / (n * m),
        "seconds": seconds,
        "timings": matching.timings,
        "peak_mb": peak,
        "instance_mb": rss_instance,
        "pairs_considered": matching.pairs_considered,
        "matched": result.matched,
        "total": result.total_score,
        "solver_optimal": result.optimal,
        "certified": matching.optimal,
        "certify_rounds": matching.certify_rounds,
        "scans": matching.scans,
        "candidates": matching.candidate_pairs,
        "first_matched": first.matched,
        "first_total": first.total_score,
        "cpu_seconds": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
    }
    if n * m > FULL_MATRIX_MAX_CELLS:  # greedy on the candidate pairs only
        pairs = matching.pairs
        assert pairs is not None
        rows = np.repeat(np.arange(n), np.diff(pairs.indptr))
        started = time.perf_counter()
        out["greedy"] = greedy(rows, pairs.indices, pairs.data, instance.mentors.capacity, n)
        out["greedy_seconds"] = time.perf_counter() - started
        out["greedy_over"] = "candidates"
    return out


def child_reference(n: int, m: int) -> dict[str, Any]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from mentorpath.matching.engine.candidates import iterate_blocks
    from mentorpath.matching.engine.constraints import Constraints
    from mentorpath.matching.engine.scoring import Scorer
    from mentorpath.matching.engine.solver import solve
    from mentorpath.matching.engine.synthetic import synthetic_instance

    instance = synthetic_instance(n, m, seed=SEED)
    capacity = instance.mentors.capacity
    scorer = Scorer(instance.mentees, instance.mentors, None, instance.config)
    constraints = Constraints(instance.mentees, instance.mentors, instance.config)
    scores = np.empty((n, m), dtype=np.float64)
    allowed = np.empty((n, m), dtype=bool)
    for block in iterate_blocks(
        instance.mentees, instance.mentors, scorer=scorer, constraints=constraints
    ):
        scores[block.rows] = block.scores
        allowed[block.rows] = block.allowed
    out: dict[str, Any] = {"allowed_share": float(allowed.mean())}

    started = time.perf_counter()
    dense = solve(scores, capacity, allowed)
    out["dense"] = {
        "seconds": time.perf_counter() - started,
        "matched": dense.matched,
        "total": dense.total_score,
        "optimal": dense.optimal,
        "solver": dense.solver,
    }

    rows, cols = np.nonzero(allowed)
    started = time.perf_counter()
    out["greedy"] = greedy(rows, cols, scores[rows, cols], capacity, n)
    out["greedy_seconds"] = time.perf_counter() - started
    out["greedy_over"] = "all pairs"
    del rows, cols

    # Independent exact solver: one column per seat; a forbidden cell is worth 0, like
    # staying unmatched; every allowed pair gets a bonus above any total-score difference.
    started = time.perf_counter()
    bonus = 2.0 * n + 2.0
    owner = np.repeat(np.arange(m), capacity)
    weights = np.where(allowed, scores + bonus, 0.0)[:, owner]
    assigned_rows, slots = linear_sum_assignment(weights, maximize=True)
    del weights
    assigned_cols = owner[slots]
    real = allowed[assigned_rows, assigned_cols]
    out["lsa"] = {
        "seconds": time.perf_counter() - started,
        "matched": int(real.sum()),
        "total": float(scores[assigned_rows[real], assigned_cols[real]].sum()),
    }
    out["peak_mb"] = _peak_mb()
    return out


# ---- the parent: run the children, print the table


def _child(part: str, n: int, m: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", part, str(n), str(m)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench_matching: the {part} run at {n} × {m} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _sizes() -> list[tuple[int, int]]:
    raw = os.environ.get("BENCH_MATCHING_SIZES")
    if not raw:
        return list(SIZES)
    return [(int(a), int(b)) for a, b in (item.split("x") for item in raw.split(","))]


def _first_seconds(p: dict[str, Any]) -> float:
    return float(p["timings"]["score_candidates"] + p["timings"]["first_solve"])


def _scans(scans: list[dict[str, Any]]) -> str:
    """ "1 full + 2 partial (4.5%)": the partial scans' share of all pairs, summed."""
    full = sum(s["kind"] == "full" for s in scans)
    partial = [s for s in scans if s["kind"] == "partial"]
    text = f"{full} full"
    if partial:
        cells = sum(s["cells"] for s in partial) / scans[0]["cells"]
        text += f" + {len(partial)} partial ({100 * cells:.1f}%)"
    return text


def _short(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def main() -> None:
    sizes = _sizes()
    print(f"cpus: {os.cpu_count()}, seed {SEED}; each column's runs in their own processes")
    runs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for n, m in sizes:
        pipeline = _child("pipeline", n, m)
        reference = _child("reference", n, m) if n * m <= FULL_MATRIX_MAX_CELLS else None
        runs.append((pipeline, reference))

    table: list[tuple[str, list[str]]] = []

    def row(label: str, cells: list[str]) -> None:
        table.append((label, cells))

    def each(fn: Any) -> list[str]:
        return [fn(p, r) for p, r in runs]

    row("mentees × mentors", [f"{_short(n)} × {_short(m)}" for n, m in sizes])
    row("mentor seats", each(lambda p, r: f"{p['seats']:,}"))
    row("forbidden pairs", each(lambda p, r: f"{100 * p['forbidden_share']:.1f}%"))
    row("— pipeline: score, candidates, solve —", ["" for _ in runs])
    row("scoring + candidates", each(lambda p, r: f"{p['timings']['score_candidates']:.2f} s"))
    row("solve (min-cost flow)", each(lambda p, r: f"{p['timings']['first_solve']:.2f} s"))
    row("= optimal on the candidates", each(lambda p, r: f"{_first_seconds(p):.2f} s"))
    row("candidate pairs", each(lambda p, r: f"{p['candidates']:,}"))
    row("matched", each(lambda p, r: f"{p['first_matched']:,}"))
    row("total score", each(lambda p, r: f"{p['first_total']:,.2f}"))
    row("— certificate: price scans, re-solves —", ["" for _ in runs])
    row("price scans", each(lambda p, r: _scans(p["scans"])))
    row("scans + re-solves", each(lambda p, r: f"{p['seconds'] - _first_seconds(p):.2f} s"))
    row("= certified optimum", each(lambda p, r: f"{p['seconds']:.2f} s"))
    row("peak RSS (process)", each(lambda p, r: f"{p['peak_mb']:,.0f} MB"))
    row("  of which the instance", each(lambda p, r: f"{p['instance_mb']:,.0f} MB"))
    row("pairs in the last solve", each(lambda p, r: f"{p['pairs_considered']:,}"))
    row("matched", each(lambda p, r: f"{p['matched']:,}"))
    row("total score", each(lambda p, r: f"{p['total']:,.2f}"))
    row(
        "optimal over all pairs",
        each(lambda p, r: "certified" if p["certified"] else "NOT certified"),
    )
    row("— greedy, best pair first —", ["" for _ in runs])

    def greedy_of(p: dict[str, Any], r: dict[str, Any] | None) -> dict[str, Any]:
        return r if r is not None else p

    row("greedy over", each(lambda p, r: greedy_of(p, r)["greedy_over"]))
    row("greedy matched", each(lambda p, r: f"{greedy_of(p, r)['greedy'][0]:,}"))
    row(
        "greedy total score",
        each(
            lambda p, r: (
                f"{greedy_of(p, r)['greedy'][1]:,.2f} "
                f"({100 * greedy_of(p, r)['greedy'][1] / p['total']:.1f}%)"
            )
        ),
    )
    row("— exact references (full matrix) —", ["" for _ in runs])
    row(
        "engine DENSE solve",
        each(
            lambda p, r: (
                "n/a (too large)"
                if r is None
                else f"{r['dense']['seconds']:.2f} s ({r['dense']['solver']})"
            )
        ),
    )
    row(
        "dense: matched / total",
        each(
            lambda p, r: (
                "n/a"
                if r is None
                else f"{r['dense']['matched']:,} / {r['dense']['total']:,.2f}"
                + (" proved" if r["dense"]["optimal"] else " NOT proved")
            )
        ),
    )
    row(
        "scipy LSA (slot-expanded)",
        each(lambda p, r: "n/a (too large)" if r is None else f"{r['lsa']['seconds']:.2f} s"),
    )
    row(
        "LSA: matched / total",
        each(
            lambda p, r: (
                "n/a" if r is None else f"{r['lsa']['matched']:,} / {r['lsa']['total']:,.2f}"
            )
        ),
    )

    def agrees(p: dict[str, Any], r: dict[str, Any] | None) -> str:
        if r is None:
            return "n/a"
        same = (
            p["matched"] == r["lsa"]["matched"] == r["dense"]["matched"]
            and abs(p["total"] - r["lsa"]["total"]) <= 1e-6 * max(1, p["matched"])
            and abs(r["dense"]["total"] - r["lsa"]["total"]) <= 1e-6 * max(1, p["matched"])
        )
        return "yes" if same else "NO"

    row("pipeline = dense = LSA", each(agrees))
    row(
        "reference peak RSS",
        each(lambda p, r: "n/a" if r is None else f"{r['peak_mb']:,.0f} MB"),
    )

    width = max(len(label) for label, _ in table) + 2
    columns = [max(len(cells[k]) for _, cells in table) + 2 for k in range(len(runs))]
    for label, cells in table:
        if cells and all(not c for c in cells):
            print(label)
            continue
        print(label.ljust(width) + "".join(c.rjust(w) for c, w in zip(cells, columns, strict=True)))

    print()
    for (n, m), (p, r) in zip(sizes, runs, strict=True):
        if (n, m) == (10_000, 2_000) and r is not None:
            seconds = r["dense"]["seconds"]
            verdict = (
                "met" if seconds <= TARGET_DENSE_SECONDS and r["dense"]["optimal"] else "MISSED"
            )
            print(f"target: 10k × 2k dense solved exactly in ≤ 5 s: {seconds:.2f} s, {verdict}")
        if (n, m) == (100_000, 20_000):
            small = p["peak_mb"] * 2**20 <= TARGET_PIPELINE_BYTES
            first, certified = _first_seconds(p), p["seconds"]
            for label, seconds in (("optimal on the candidates", first), ("certified", certified)):
                verdict = "met" if seconds <= TARGET_PIPELINE_SECONDS and small else "MISSED"
                print(
                    f"target: 100k × 20k pipeline in ≤ 60 s and ≤ 3 GB, {label}: "
                    f"{seconds:.1f} s, {p['peak_mb'] / 1024:.2f} GB peak, {verdict}"
                )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        part, n_mentees, n_mentors = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        work = child_pipeline if part == "pipeline" else child_reference
        print(json.dumps(work(n_mentees, n_mentors)))
    else:
        main()
