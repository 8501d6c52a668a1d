"""What a matching run returns: the pairs, their scores, and (for flow solves) dual prices.

Kept apart from the solvers so later stages (explanations, reports, the product) can depend
on the data without importing OR-Tools.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, eq=False)
class PriceCertificate:
    """Exact integer dual prices of the scaled assignment problem a flow solve answered.

    The solver rounds each score to an integer ``round(score * quantum)`` and, for the
    "participation" objective, adds the same ``bonus`` to every pair so that one more matched
    mentee always outweighs any difference in total score. For that integer weight ``w`` the
    prices satisfy, on every pair the solve considered, ``w - mentee_price[i] -
    mentor_price[j] <= 0`` with equality on matched pairs (complementary slackness of the
    capacitated assignment LP, which is totally unimodular). A pair that was left out of the
    candidate set could therefore not raise the objective when its reduced cost is <= 0 too:
    the prices stay a feasible dual, so the matching stays optimal with the pair added.

    Integers keep the check exact: no tolerance decides whether a pruned problem is optimal.
    """

    objective: str
    quantum: float
    bonus: int
    score_bound: float
    min_score: float | None
    mentee_price: NDArray[np.int64]
    mentor_price: NDArray[np.int64]

    def weights(self, scores: NDArray[np.float64]) -> NDArray[np.int64]:
        """Integer weight of pairs with these scores, exactly as the flow solve saw them."""
        return self.bonus + np.rint(np.asarray(scores, dtype=np.float64) * self.quantum).astype(
            np.int64
        )

    def counts(self, scores: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Which pairs the objective could use at all (others never need a certificate).

        Pairs below ``min_score`` are not allowed; under "score" a pair scoring <= 0 is never
        worth taking.
        """
        scores = np.asarray(scores, dtype=np.float64)
        usable = np.ones(scores.shape, dtype=bool)
        if self.min_score is not None:
            usable &= scores >= self.min_score
        if self.objective == "score":
            usable &= scores > 0
        return usable


@dataclass(frozen=True, eq=False)
class MatchResult:
    """A matching of mentees (rows) to mentors (columns).

    ``mentor_of[i]`` is mentee i's mentor column or -1; ``pair_scores[i]`` the score of that
    pair or NaN. ``optimal`` is True only when the solver proved optimality (for pruned
    candidate sets: with a dual certificate over every pair left out).

    ``mentee_price`` / ``mentor_price`` (flow solves only, else None) are the dual prices in
    score units: for every candidate pair ``price_offset + score - mentee_price[i] -
    mentor_price[j] <= 0`` up to the rounding quantum, with equality on matched pairs,
    ``mentor_price`` 0 for mentors with free capacity and ``mentee_price`` 0 for unmatched
    mentees. ``price_offset`` is the per-pair bonus M of the "participation" objective (0 for
    "score"); ``certificate`` holds the same prices as exact integers.
    """

    mentor_of: NDArray[np.int64]
    total_score: float
    matched: int
    optimal: bool
    mentor_load: NDArray[np.int64]
    pair_scores: NDArray[np.float64]
    objective: str
    solver: str
    min_pair_score: float = float("nan")
    fair_threshold: float | None = None
    mentee_price: NDArray[np.float64] | None = None
    mentor_price: NDArray[np.float64] | None = None
    price_offset: float = 0.0
    certificate: PriceCertificate | None = None

    @property
    def unmatched(self) -> NDArray[np.int64]:
        """Row indices of the mentees left without a mentor."""
        return np.flatnonzero(self.mentor_of < 0)

    def pairs(self) -> list[tuple[int, int]]:
        """The matched (mentee, mentor) pairs, in mentee order."""
        rows = np.flatnonzero(self.mentor_of >= 0)
        return list(zip(rows.tolist(), self.mentor_of[rows].tolist(), strict=True))
