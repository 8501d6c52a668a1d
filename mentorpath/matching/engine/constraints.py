"""Hard rules: pairs that must never be proposed, whatever their score.

A pair (mentee ``i``, mentor ``j``) is forbidden when any rule says so:

- ``mentee_ineligible`` / ``mentor_ineligible`` — the person's ``eligible`` flag is False;
- ``no_capacity`` — the mentor's capacity is 0 (nobody can be added to them);
- ``same_person`` — the same person id is on both sides (enrolled as mentor and mentee);
- ``reporting_line`` — the mentor is in the mentee's management chain (any level up), or the
  mentee in the mentor's: mentoring inside one's own reporting line mixes mentoring with
  performance management, whichever way it runs;
- ``blocked`` — the (mentee id, mentor id) pair is in ``MatchConfig.blocked_pairs`` (an
  opt-out, or a pair that ended early for mismatch and must not be proposed again);
- ``no_shared_language`` — the program requires a shared language and the two have none.

:class:`Constraints` is built once per run and answers three questions: the forbidden mask of
a block of rows (for candidate generation and the solver's certificate), which rules a given
pair breaks (shown before a manager overrides a pair), and — per mentee — how many mentors
each rule excludes (why a mentee stayed unmatched).

The rules are stored by shape, so a block never costs more than it must: per-row and
per-column flags, a sparse matrix of the few forbidden pairs (same person, reporting lines,
blocked), and the language rule as one small matrix product per block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from mentorpath.matching.engine.features import Ragged, Side, index_of
from mentorpath.matching.engine.scoring import Index, MatchConfig, _length, as_index

MENTEE_INELIGIBLE = "mentee_ineligible"
MENTOR_INELIGIBLE = "mentor_ineligible"
NO_CAPACITY = "no_capacity"
SAME_PERSON = "same_person"
REPORTING_LINE = "reporting_line"
BLOCKED = "blocked"
NO_SHARED_LANGUAGE = "no_shared_language"
#: Every rule, in the order reasons are listed.
RULES: tuple[str, ...] = (
    MENTEE_INELIGIBLE,
    MENTOR_INELIGIBLE,
    NO_CAPACITY,
    SAME_PERSON,
    REPORTING_LINE,
    BLOCKED,
    NO_SHARED_LANGUAGE,
)
_PAIR_RULES = (SAME_PERSON, REPORTING_LINE, BLOCKED)


@dataclass(frozen=True)
class RuleCounts:
    """For one mentee: how many of the ``mentors`` each rule excludes, and how many pass all.

    A mentor may break several rules, so ``excluded`` values can sum to more than
    ``mentors - allowed``.
    """

    mentors: int
    allowed: int
    excluded: dict[str, int]


class Constraints:
    """The hard rules of one run (see the module docstring)."""

    def __init__(self, mentees: Side, mentors: Side, config: MatchConfig | None = None) -> None:
        self.mentees = mentees
        self.mentors = mentors
        self.config = config or MatchConfig()
        self.row_forbidden: NDArray[np.bool_] = ~mentees.eligible
        self.col_rules: dict[str, NDArray[np.bool_]] = {
            MENTOR_INELIGIBLE: ~mentors.eligible,
            NO_CAPACITY: mentors.capacity == 0,
        }
        self.col_forbidden: NDArray[np.bool_] = np.logical_or.reduce(list(self.col_rules.values()))
        self._bad_cols = np.flatnonzero(self.col_forbidden)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.mentees.n, self.mentors.n)

    def prepare(self) -> Constraints:
        """Build the pair rules and the language matrix now, so threads only read."""
        _ = self.pair_forbidden
        if self.config.require_shared_language:
            _ = self._mentor_languages
        return self

    # -- the sparse pair rules

    @cached_property
    def pair_rules(self) -> dict[str, sp.csr_matrix]:
        """The forbidden pairs of each sparse rule, as n × m boolean matrices."""
        a, b = self.mentees, self.mentors
        same = index_of(b.ids, a.ids)
        has = same >= 0
        down = _chain_pairs(a.manager_chain, b.ids)  # mentor manages the mentee
        up = _chain_pairs(b.manager_chain, a.ids)  # mentee manages the mentor
        blocked = np.asarray(sorted(self.config.blocked_pairs), dtype=np.int64).reshape(-1, 2)
        bi, bj = index_of(a.ids, blocked[:, 0]), index_of(b.ids, blocked[:, 1])
        known = (bi >= 0) & (bj >= 0)
        return {
            SAME_PERSON: self._pairs(np.flatnonzero(has), same[has]),
            REPORTING_LINE: self._pairs(
                np.concatenate([down[0], up[1]]), np.concatenate([down[1], up[0]])
            ),
            BLOCKED: self._pairs(bi[known], bj[known]),
        }

    @cached_property
    def pair_forbidden(self) -> sp.csr_matrix:
        union = sum((m for m in self.pair_rules.values()), sp.csr_matrix(self.shape, dtype=bool))
        out = sp.csr_matrix(union, dtype=bool)
        out.sort_indices()
        return out

    def _pairs(self, rows: NDArray, cols: NDArray) -> sp.csr_matrix:
        data = np.ones(len(rows), dtype=bool)
        out = sp.csr_matrix((data, (rows, cols)), shape=self.shape, dtype=bool)
        out.sum_duplicates()
        out.sort_indices()
        return out

    # -- blocks

    def forbidden(self, rows: Index = None, cols: Index = None) -> NDArray[np.bool_]:
        """The forbidden mask of a block (rows × cols, True = never propose)."""
        rows, cols = as_index(rows, self.mentees.n), as_index(cols, self.mentors.n)
        out = np.zeros((_length(rows, self.mentees.n), _length(cols, self.mentors.n)), bool)
        out |= self.row_forbidden[rows][:, None]
        out |= self.col_forbidden[cols][None, :]
        out |= self.pair_forbidden[rows][:, cols].toarray()
        if self.config.require_shared_language:
            out |= ~self.shares_language(rows, cols)
        return out

    def apply(self, scores: NDArray[np.float32], rows: Index = None) -> None:
        """Set the forbidden entries of a full-width block of scores to −inf, in place.

        The fast path of candidate generation: only the language rule touches every entry.
        """
        rows = as_index(rows, self.mentees.n)
        if scores.shape != (_length(rows, self.mentees.n), self.mentors.n):
            raise ValueError("scores: expected a full-width block of the given rows")
        scores[self.row_forbidden[rows]] = -np.inf
        if len(self._bad_cols):
            scores[:, self._bad_cols] = -np.inf
        pairs = self.pair_forbidden[rows]
        if pairs.nnz:
            owners = np.repeat(np.arange(pairs.shape[0]), np.diff(pairs.indptr))
            scores[owners, pairs.indices] = -np.inf
        if self.config.require_shared_language:
            np.putmask(scores, ~self.shares_language(rows, slice(0, self.mentors.n)), -np.inf)

    def shares_language(self, rows: Index = None, cols: Index = None) -> NDArray[np.bool_]:
        """True where mentee and mentor speak a common language (rows × cols)."""
        rows, cols = as_index(rows, self.mentees.n), as_index(cols, self.mentors.n)
        shared = self.mentees.languages[rows].astype(np.float32) @ self._mentor_languages[:, cols]
        return np.asarray(shared) > 0

    @cached_property
    def _mentor_languages(self) -> NDArray[np.float32]:
        return np.ascontiguousarray(self.mentors.languages.T.toarray(), dtype=np.float32)

    # -- single pairs and mentees

    def broken(self, mentee: int, mentor: int) -> list[str]:
        """The rules the pair (mentee index, mentor index) breaks, in :data:`RULES` order."""
        out = []
        if self.row_forbidden[mentee]:
            out.append(MENTEE_INELIGIBLE)
        out.extend(rule for rule, flags in self.col_rules.items() if flags[mentor])
        out.extend(rule for rule in _PAIR_RULES if self.pair_rules[rule][mentee, mentor])
        if (
            self.config.require_shared_language
            and not self.shares_language([mentee], [mentor])[0, 0]
        ):
            out.append(NO_SHARED_LANGUAGE)
        return out

    def counts(self, mentee: int) -> RuleCounts:
        """How many mentors each rule excludes for one mentee (index), and how many pass."""
        m = self.mentors.n
        masks: dict[str, NDArray[np.bool_]] = {
            MENTEE_INELIGIBLE: np.full(m, bool(self.row_forbidden[mentee])),
            **self.col_rules,
        }
        for rule in _PAIR_RULES:
            masks[rule] = self.pair_rules[rule][mentee].toarray().ravel()
        if self.config.require_shared_language:
            masks[NO_SHARED_LANGUAGE] = ~self.shares_language([mentee])[0]
        excluded = np.logical_or.reduce(list(masks.values()))
        return RuleCounts(
            mentors=m,
            allowed=int(m - excluded.sum()),
            excluded={rule: int(masks[rule].sum()) for rule in RULES if rule in masks},
        )

    def allowed_count(self, mentee_idx: ArrayLike | None = None) -> NDArray[np.int64]:
        """Number of allowed mentors per mentee (vectorized over the given mentee indexes)."""
        idx = np.arange(self.mentees.n) if mentee_idx is None else np.asarray(mentee_idx)
        out = np.zeros(len(idx), dtype=np.int64)
        step = max(1, (1 << 24) // max(self.mentors.n, 1))
        for start in range(0, len(idx), step):
            chunk = idx[start : start + step]
            out[start : start + step] = (~self.forbidden(chunk)).sum(axis=1)
        return out


def _chain_pairs(chains: Ragged, other_ids: NDArray[np.int64]) -> tuple[NDArray, NDArray]:
    """(person index, other-side index) for every manager id in a chain found on the other
    side."""
    found = index_of(other_ids, chains.values)
    keep = found >= 0
    return chains.owners()[keep], found[keep]
