"""The solver reproduces the published optima of Beasley's OR-Library assignment instances.

Costs become scores as ``(max cost + 1) - cost``, so the best total score gives back the
minimum total cost: ``n * (max cost + 1) - total score``. Integer costs make the comparison
exact on both the dense and the flow path.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from mentorpath.matching.engine.solver import solve

ORLIB = Path(__file__).resolve().parents[3] / ".." / "shared" / "benchmarks" / "orlib"

pytestmark = pytest.mark.skipif(
    not (ORLIB / "assignopt.txt").is_file(),
    reason=f"OR-Library instances not found at {ORLIB} (the shared benchmarks folder)",
)


@functools.cache
def published_optima() -> dict[str, int]:
    optima = {}
    for line in (ORLIB / "assignopt.txt").read_text().splitlines()[1:]:
        parts = line.split()
        if len(parts) == 2 and parts[0].startswith("assign"):
            optima[parts[0]] = round(float(parts[1]))
    return optima


def read_numbers(name: str) -> np.ndarray:
    return np.array((ORLIB / f"{name}.txt").read_text().split(), dtype=np.int64)


def dense_instance(name: str) -> tuple[np.ndarray, int]:
    """Scores and the shift ``max cost + 1`` of a dense (complete) instance."""
    numbers = read_numbers(name)
    n = int(numbers[0])
    costs = numbers[1 : 1 + n * n].reshape(n, n)
    shift = int(costs.max()) + 1
    return (shift - costs).astype(np.float64), shift


def sparse_instance(name: str) -> tuple[sp.csr_matrix, int]:
    """Scores of the listed pairs only; a pair that is not listed is not allowed."""
    numbers = read_numbers(name)
    n = int(numbers[0])
    rows, cols, costs = numbers[1:].reshape(-1, 3).T
    shift = int(costs.max()) + 1
    scores = sp.csr_matrix(((shift - costs).astype(np.float64), (rows - 1, cols - 1)), (n, n))
    return scores, shift


@pytest.mark.parametrize("method", ["dense", "flow"])
@pytest.mark.parametrize("size", [100, 200, 300, 400, 500, 600, 700, 800])
def test_orlib_dense_instance_reaches_the_published_optimum(size: int, method: str) -> None:
    name = f"assign{size}"
    scores, shift = dense_instance(name)
    result = solve(scores, np.ones(size, dtype=np.int64), objective="score", method=method)
    assert result.solver == {"dense": "lsa", "flow": "flow_pruned"}[method]
    assert result.optimal
    assert result.matched == size
    assert size * shift - round(result.total_score) == published_optima()[name]


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("assignp800", "dense"),
        ("assignp800", "flow"),
        ("assignp1500", "flow"),
        ("assignp3000", "flow"),
        ("assignp5000", "flow"),
    ],
)
def test_orlib_sparse_instance_reaches_the_published_optimum(name: str, method: str) -> None:
    # Not every pair exists, so "participation" first insists on a complete assignment.
    scores, shift = sparse_instance(name)
    n = scores.shape[0]
    result = solve(scores, np.ones(n, dtype=np.int64), method=method)
    assert result.solver == {"dense": "lsa", "flow": "flow"}[method]
    assert result.optimal
    assert result.matched == n
    assert n * shift - round(result.total_score) == published_optima()[name]
