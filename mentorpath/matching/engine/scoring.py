"""How well a mentor suits a mentee: per-criterion scores in [0, 1] and their weighted sum.

Each criterion answers one question a program manager would ask about a pair, scores it in
[0, 1], and stays available on its own so the pair can be explained ("what decided this?").
The program weighs them; the total is the weighted mean

    total = Σ_c w_c · s_c / Σ_c w_c        (criteria with w_c = 0 left out; total in [0, 1])

The criteria, for mentee ``i`` and mentor ``j`` (formulas quoted by the README):

- ``skills`` — what the mentee wants to learn, taught by a mentor who is ahead in it. For each
  skill ``s`` the mentee wants (``W_i``): credit ``min(max(m_js − l_is, 0), F) / F`` when the
  mentor can teach ``s``, else 0 (``m``/``l`` the mentor's/mentee's level 0–5, ``F`` =
  ``skill_gap_full``, default 2: one level ahead earns half, two or more full credit).
  ``s = Σ_{s∈W_i} credit / |W_i|`` — the share of wanted skills covered; 0 if ``W_i`` is empty.
- ``goals`` — ``(1 − α)·cos(g_i, p_j) + α·cos(o, p_j)``: TF-IDF cosine between the mentee's
  goals ``g_i`` and the mentor's profile text ``p_j``, plus the mentor's fit with the
  program's objectives ``o`` (``α`` = ``objectives_share`` when the objectives have content
  words, else 0). See :class:`.features.TextSpace`.
- ``interests`` — Jaccard ``|A ∩ B| / |A ∪ B|`` of the two interest sets; 0 if both empty.
- ``level_gap`` — ``d`` = mentor level − mentee level; 1 when ``lo ≤ d ≤ hi`` (the program's
  preferred range, default 2–4 levels above); below, ``max(0, 1 − (lo − d)/lo)`` so a mentor
  at the mentee's level or under scores 0 (if ``lo ≤ 0`` — peer or reverse programs — the
  decay spans ``slack`` levels instead); above, ``max(0, 1 − (d − hi)/slack)``.
- ``department`` — the program's preference: ``"different"`` scores 1 for two known, different
  departments; ``"same"`` scores 1 for the same known department; otherwise 0. ``"any"`` drops
  the criterion (its weight counts as 0).
- ``timezone`` — overlap of the two working days (``workday``, default 9:00–17:00 local time,
  length ``W``): with ``δ`` the circular distance between the UTC offsets,
  ``max(0, W − δ) / W`` (an 8-hour overlap scores 1, 6 hours 0.75, none 0).
- ``language`` — 1 when the two share a language, else 0.
- ``style`` — over the working-style dimensions both answered (``D``):
  ``1 − Σ_{d∈D} |a_d − b_d| / (4·|D|)``; 0.5 (neutral) when ``D`` is empty.
- ``choice`` — the mentee's ranked choices: the mentor at rank ``r`` (1 = first) among the
  first ``R`` = ``max_choices`` choices that are mentors of this run scores
  ``(R − r + 1) / R``; 0 when not chosen.

A blank profile field earns nothing (0) rather than a guess, except working style, whose
questionnaire is optional and so scores neutral.

Implementation: the engine needs every pair's total to pick candidates (2·10⁹ pairs for
100k × 20k), so :meth:`Scorer.block` computes a block of rows with as few passes over the
block as it can. Every criterion whose value depends only on a small category of each person
(level, department, UTC offset, style answers, language set, ...) is a table indexed by the
mentee's category: mentee side a one-hot sparse matrix ``M`` (n × K), mentor side a dense
``X`` (K × m) holding the table column for each mentor; tables whose joint categories stay
few are merged (one sparse entry for level, department and time zone together). Skills are
the same shape (one column per wanted (skill, level) pair), and so is the goals cosine (one
column per word both sides use) while the mentors' word matrix stays small. All of them,
weighted, are one sparse-times-dense product ``M[rows] @ X``: a mentee costs one pass over
the block per sparse entry, whatever the criterion's formula. Otherwise text similarity is a
sparse product, and sets with too many distinct values for a table (interests in a large
pool) are computed directly. :meth:`Scorer.pairs` evaluates the same formulas directly on
lists of pairs — the reference the fast path is tested against, and the source of the parts
for explanations. Blocks are float32; pairs float64.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

try:  # see _add_sparse and _add_product
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
    from scipy.sparse._sparsetools import csr_todense as _csr_accumulate
except ImportError:  # pragma: no cover - a SciPy without the kernels takes the public path
    _csr_accumulate = _csr_matvecs = None

from mentorpath.matching.engine.features import STYLE_MAX, STYLE_MIN, Side, TextSpace, index_of

SKILLS = "skills"
GOALS = "goals"
INTERESTS = "interests"
LEVEL_GAP = "level_gap"
DEPARTMENT = "department"
TIMEZONE = "timezone"
LANGUAGE = "language"
STYLE = "style"
CHOICE = "choice"
#: Every criterion, in the order scores are added (fixed, so results never depend on it).
CRITERIA: tuple[str, ...] = (
    SKILLS,
    LEVEL_GAP,
    DEPARTMENT,
    TIMEZONE,
    LANGUAGE,
    STYLE,
    INTERESTS,
    GOALS,
    CHOICE,
)

DEPARTMENT_PREFERENCES = ("different", "same", "any")
STYLE_NEUTRAL = 0.5
STYLE_SPAN = STYLE_MAX - STYLE_MIN

# A categorical criterion becomes a table when the mentees have at most this many distinct
# categories (the mentor-side table costs K × m × 4 bytes) and the distinct-category table
# (mentees × mentors) is at most this many cells; otherwise it is computed directly.
TABLE_MAX_CODES = 1296
TABLE_MAX_CELLS = 1 << 24
# The goals cosine joins the fused product when the mentors' dense term matrix (terms used
# on both sides × mentors, float32) stays under this size; otherwise it is a sparse product.
GOALS_DENSE_MAX_BYTES = 128 << 20


@dataclass(frozen=True)
class Weights:
    """The program's weight per criterion (any non-negative numbers; only ratios matter).

    Defaults: skills first (what the mentee came to learn), then goals and the level gap;
    the rest break ties between otherwise good mentors. Ranked choices are off by default:
    a program that collects them turns ``choice`` on.
    """

    skills: float = 3.0
    goals: float = 2.0
    level_gap: float = 2.0
    interests: float = 1.0
    department: float = 1.0
    timezone: float = 1.0
    language: float = 1.0
    style: float = 1.0
    choice: float = 0.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = float(getattr(self, f.name))
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weights.{f.name}: must be a finite number ≥ 0")
            object.__setattr__(self, f.name, value)
        if sum(self.as_dict().values()) <= 0:
            raise ValueError("weights: at least one criterion needs a positive weight")

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in CRITERIA}

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Weights:
        """Weights from a program's JSON configuration; unknown names raise ``ValueError``."""
        unknown = sorted(set(values) - set(CRITERIA))
        if unknown:
            raise ValueError(f"weights: unknown criteria {', '.join(unknown)}")
        return cls(**{k: float(v) for k, v in values.items()})


@dataclass(frozen=True)
class MatchConfig:
    """A run's matching configuration besides the weights: scoring parameters, hard rules.

    Scoring (see the module docstring for the formulas): ``level_gap_min``/``_max`` the
    preferred range of mentor level − mentee level and ``level_gap_slack`` its decay above;
    ``department`` the preference; ``skill_gap_full`` the lead in a skill that earns full
    credit; ``workday_start_minutes``/``_end_minutes`` the local working day; ``objectives``
    the program's objectives as text and ``objectives_share`` their part of the goals score;
    ``max_choices`` how many ranked choices count.

    Hard rules (:mod:`.constraints`): ``require_shared_language`` and ``blocked_pairs`` —
    (mentee id, mentor id) pairs never to propose, such as pairs that ended early for
    mismatch or opt-outs. Not the same person and not in one's own reporting line always
    hold; eligibility and capacity come from the :class:`.features.Side`.
    """

    level_gap_min: int = 2
    level_gap_max: int = 4
    level_gap_slack: int = 4
    department: str = "different"
    skill_gap_full: int = 2
    workday_start_minutes: int = 9 * 60
    workday_end_minutes: int = 17 * 60
    objectives: str = ""
    objectives_share: float = 0.25
    max_choices: int = 5
    require_shared_language: bool = False
    blocked_pairs: frozenset[tuple[int, int]] = frozenset()

    def __post_init__(self) -> None:
        if self.level_gap_min > self.level_gap_max:
            raise ValueError("level_gap_min: must not exceed level_gap_max")
        if self.level_gap_slack < 1:
            raise ValueError("level_gap_slack: must be at least 1")
        if self.department not in DEPARTMENT_PREFERENCES:
            raise ValueError(f"department: must be one of {', '.join(DEPARTMENT_PREFERENCES)}")
        if self.skill_gap_full < 1:
            raise ValueError("skill_gap_full: must be at least 1")
        if not 0 < self.workday_minutes <= 12 * 60:
            raise ValueError("workday_end_minutes: the working day must last 1 minute to 12 h")
        if not 0 <= self.objectives_share <= 1:
            raise ValueError("objectives_share: must lie between 0 and 1")
        if self.max_choices < 1:
            raise ValueError("max_choices: must be at least 1")
        pairs = frozenset((int(a), int(b)) for a, b in self.blocked_pairs)
        object.__setattr__(self, "blocked_pairs", pairs)

    @property
    def workday_minutes(self) -> int:
        return self.workday_end_minutes - self.workday_start_minutes

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> MatchConfig:
        """A config from a program's JSON; unknown keys raise ``ValueError`` naming them."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"matching configuration: unknown keys {', '.join(unknown)}")
        data = dict(values)
        if "blocked_pairs" in data:
            data["blocked_pairs"] = frozenset(tuple(p) for p in data["blocked_pairs"])
        return cls(**data)


# ---- the formulas, on broadcastable arrays (the single source of truth for both paths)


def skill_credit(mentor_level: ArrayLike, mentee_level: ArrayLike, full: int) -> NDArray:
    """``min(max(mentor − mentee, 0), full) / full``: how far ahead the mentor is, capped."""
    lead = np.asarray(mentor_level, dtype=np.float64) - np.asarray(mentee_level)
    return np.clip(lead, 0.0, float(full)) / float(full)


def level_gap_score(gap: ArrayLike, low: int, high: int, slack: int) -> NDArray:
    """1 inside ``[low, high]``; linear decay to 0 at gap 0 below (over ``slack`` levels if
    ``low ≤ 0``) and over ``slack`` levels above. ``gap`` = mentor level − mentee level."""
    d = np.asarray(gap, dtype=np.float64)
    below_span = float(low) if low > 0 else float(slack)
    below = 1.0 - (low - d) / below_span
    above = 1.0 - (d - high) / float(slack)
    out = np.where(d < low, below, np.where(d > high, above, 1.0))
    return np.clip(out, 0.0, 1.0)


def department_score(mentee_dept: ArrayLike, mentor_dept: ArrayLike, preference: str) -> NDArray:
    """1 when the pair is as the program prefers (both departments known), else 0."""
    a, b = np.asarray(mentee_dept), np.asarray(mentor_dept)
    known = (a >= 0) & (b >= 0)
    if preference == "same":
        return (known & (a == b)).astype(np.float64)
    if preference == "different":
        return (known & (a != b)).astype(np.float64)
    return np.zeros(np.broadcast(a, b).shape)


def timezone_score(offset_a: ArrayLike, offset_b: ArrayLike, workday_minutes: int) -> NDArray:
    """Shared working time over the working day's length, ``max(0, W − δ) / W``.

    Both work the same local hours, so their days in UTC are shifted by the offset
    difference; on a 24-hour circle two windows of ``W ≤ 12 h`` overlap by ``W − δ``, with
    ``δ`` the circular distance between the offsets.
    """
    diff = np.abs(np.asarray(offset_a, dtype=np.int64) - np.asarray(offset_b)) % (24 * 60)
    delta = np.minimum(diff, 24 * 60 - diff)
    return np.maximum(0, workday_minutes - delta) / float(workday_minutes)


def overlap_minutes(offset_a: int, offset_b: int, workday_minutes: int) -> int:
    """The shared working minutes of two people (for explanations)."""
    return round(float(timezone_score(offset_a, offset_b, workday_minutes)) * workday_minutes)


def style_score(style_a: ArrayLike, style_b: ArrayLike) -> NDArray:
    """``1 − mean |a_d − b_d| / 4`` over dimensions both answered (NaN = unanswered); 0.5
    when none. Arrays broadcast, the last axis being the dimensions."""
    a, b = np.asarray(style_a, dtype=np.float64), np.asarray(style_b, dtype=np.float64)
    both = ~np.isnan(a) & ~np.isnan(b)
    gaps = np.where(both, np.abs(np.nan_to_num(a) - np.nan_to_num(b)), 0.0)
    answered = both.sum(axis=-1)
    mean_gap = np.divide(
        gaps.sum(axis=-1), answered, out=np.zeros(answered.shape), where=answered > 0
    )
    return np.where(answered > 0, 1.0 - mean_gap / STYLE_SPAN, STYLE_NEUTRAL)


def jaccard(shared: ArrayLike, size_a: ArrayLike, size_b: ArrayLike) -> NDArray:
    """``|A ∩ B| / |A ∪ B|`` from the intersection size and the two set sizes; 0 if empty."""
    inter = np.asarray(shared, dtype=np.float64)
    union = np.asarray(size_a, dtype=np.float64) + np.asarray(size_b) - inter
    return np.divide(inter, union, out=np.zeros(np.broadcast(inter, union).shape), where=union > 0)


def choice_score(rank: ArrayLike, max_choices: int) -> NDArray:
    """``(R − r + 1) / R`` for rank ``r`` (1 = first choice) up to ``R``; 0 beyond."""
    r = np.asarray(rank, dtype=np.float64)
    return np.where((r >= 1) & (r <= max_choices), (max_choices - r + 1) / max_choices, 0.0)


# ---- the scorer


#: Rows or columns of a block: a slice, integer indexes, or None for all.
Index = slice | Sequence[int] | NDArray[np.integer] | None


@dataclass(frozen=True, eq=False)
class _Table:
    """A criterion that depends only on each person's category: mentee ``i``, mentor ``j``
    score ``x[codes[i], j]`` (``x``: the table column of each mentor, K × m)."""

    codes: NDArray[np.int64]
    x: NDArray[np.float32]


@dataclass(frozen=True, eq=False)
class _Linear:
    """A criterion as ``M @ X``: mentee side ``M`` (n × K sparse), mentor side ``X`` (K × m)."""

    m: sp.csr_matrix
    x: NDArray[np.float32]


@dataclass(frozen=True, eq=False)
class _Text:
    space: TextSpace
    mentees: sp.csr_matrix  # n × V, unit rows
    mentors: sp.csr_matrix  # m × V, unit rows
    mentees32: sp.csr_matrix  # the same in float32, for block products
    mentors_t: sp.csr_matrix  # V × m, float32
    objectives_fit: NDArray[np.float64]  # (m,) cos(o, p_j)
    share: float  # α: 0 when the objectives have no content words
    terms: list[str]  # the vocabulary in column order


class Scorer:
    """Scores of a program's mentees × mentors under given weights and configuration.

    Build once per run; everything heavy (text vectors, tables) is prepared lazily and kept.
    ``weights.share[c]`` = ``w_c / Σ w`` for the criteria that count (``active``).
    """

    def __init__(
        self,
        mentees: Side,
        mentors: Side,
        weights: Weights | None = None,
        config: MatchConfig | None = None,
    ) -> None:
        if mentees.vocab != mentors.vocab:
            raise ValueError("mentors: both sides must share one Vocab")
        self.mentees = mentees
        self.mentors = mentors
        self.weights = weights or Weights()
        self.config = config or MatchConfig()
        raw = self.weights.as_dict()
        if self.config.department == "any":
            raw[DEPARTMENT] = 0.0
        total = sum(raw.values())
        if total <= 0:
            raise ValueError("weights: at least one criterion that counts needs a weight > 0")
        #: Each counting criterion's share of the total: w_c / Σ w.
        self.share: dict[str, float] = {c: w / total for c, w in raw.items() if w > 0}
        self.active: tuple[str, ...] = tuple(c for c in CRITERIA if c in self.share)
        self._local = threading.local()  # per-thread scratch buffers for blocks

    @property
    def shape(self) -> tuple[int, int]:
        return (self.mentees.n, self.mentors.n)

    def prepare(self) -> Scorer:
        """Build everything blocks need now (text vectors, tables, the fused product), so
        threads scoring blocks later only read. Returns the scorer."""
        _ = self._direct  # builds _fused, which builds _text, _linear and the tables
        for attr in ("interests", "languages"):
            self._mentor_sets_t(attr)
        return self

    # -- public API

    def block(
        self,
        rows: Index = None,
        cols: Index = None,
        parts: bool = False,
        out: NDArray[np.float32] | None = None,
    ) -> tuple[NDArray[np.float32], dict[str, NDArray[np.float32]] | None]:
        """Totals (float32, rows × cols) of a block, and each active criterion's scores if
        ``parts``. ``rows``/``cols``: a slice, an index array, or None for all. ``out``: a
        C-contiguous float32 array of the block's shape to write the totals into (reusing
        one buffer per thread spares the page faults of a fresh 100 MB array per block).

        A pair's value does not depend on which block it is computed in: every step works
        row by row in a fixed order.
        """
        rows, cols = as_index(rows, self.mentees.n), as_index(cols, self.mentors.n)
        m_fused, x, _ = self._fused
        if not _is_all(cols, self.mentors.n):
            x = np.ascontiguousarray(x[:, cols])
        shape = (_length(rows, self.mentees.n), x.shape[1])
        if out is None:
            total = np.empty(shape, dtype=np.float32)
        elif out.shape != shape or out.dtype != np.float32 or not out.flags.c_contiguous:
            raise ValueError(f"out: expected a C-contiguous float32 array of shape {shape}")
        else:
            total = out
        direct = self._direct
        if INTERESTS in direct:  # writes the block first: saves zeroing it and one add
            self._add_interests(total, rows, cols, np.float32(self.share[INTERESTS]), True)
        else:
            total.fill(0)
        _add_product(total, m_fused[rows], x)
        for criterion, add in direct.items():
            if criterion != INTERESTS:
                add(total, rows, cols, np.float32(self.share[criterion]))
        if not parts:
            return total, None
        return total, {c: self._part_block(c, rows, cols) for c in self.active}

    def pairs(
        self, mentee_idx: ArrayLike, mentor_idx: ArrayLike
    ) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]]]:
        """Totals and per-criterion scores (float64) for pairs ``(mentee_idx[k],
        mentor_idx[k])``, evaluated directly from the formulas."""
        i = _checked(mentee_idx, self.mentees.n, "mentee_idx")
        j = _checked(mentor_idx, self.mentors.n, "mentor_idx")
        if i.shape != j.shape:
            raise ValueError("mentor_idx: must have as many entries as mentee_idx")
        parts = {c: self._pair_part(c, i, j) for c in self.active}
        total = np.zeros(len(i))
        for c in self.active:
            total += self.share[c] * parts[c]
        return total, parts

    def shared_terms(self, mentee: int, mentor: int) -> list[tuple[str, float]]:
        """The words a mentee's goals and a mentor's profile share, with their contribution
        to the cosine (product of the two TF-IDF weights), largest first."""
        text = self._text
        a, b = text.mentees[mentee], text.mentors[mentor]
        common, at_a, at_b = np.intersect1d(a.indices, b.indices, return_indices=True)
        weights = a.data[at_a] * b.data[at_b]
        pairs = [(text.terms[k], float(w)) for k, w in zip(common.tolist(), weights, strict=True)]
        return sorted(pairs, key=lambda item: (-item[1], item[0]))

    def objectives_fit(self, mentor: int) -> float:
        """cos(o, p_j): how well a mentor's profile matches the program's objectives."""
        return float(self._text.objectives_fit[mentor]) if self._text.share else 0.0

    def choice_rank(self, mentee: int, mentor: int) -> int | None:
        """The rank (1 = first) a mentee gave a mentor among the choices that count."""
        score = float(_csr_lookup(self._choices, np.array([mentee]), np.array([mentor]))[0])
        if score <= 0:
            return None
        return round(self.config.max_choices * (1 - score)) + 1

    # -- the direct formulas per pair

    def _pair_part(self, criterion: str, i: NDArray, j: NDArray) -> NDArray[np.float64]:
        a, b, cfg = self.mentees, self.mentors, self.config
        if criterion == SKILLS:
            return self._pair_skills(i, j)
        if criterion == GOALS:
            text = self._text
            cosine = _rowwise_dot(text.mentees, text.mentors, i, j)
            return (1 - text.share) * cosine + text.share * text.objectives_fit[j]
        if criterion == INTERESTS:
            shared = _rowwise_dot(a.interests, b.interests, i, j)
            return jaccard(shared, _row_sizes(a.interests)[i], _row_sizes(b.interests)[j])
        if criterion == LEVEL_GAP:
            gap = b.level[j] - a.level[i]
            return level_gap_score(gap, cfg.level_gap_min, cfg.level_gap_max, cfg.level_gap_slack)
        if criterion == DEPARTMENT:
            return department_score(a.department[i], b.department[j], cfg.department)
        if criterion == TIMEZONE:
            offsets_a, offsets_b = a.utc_offset_minutes[i], b.utc_offset_minutes[j]
            return timezone_score(offsets_a, offsets_b, cfg.workday_minutes)
        if criterion == LANGUAGE:
            return (_rowwise_dot(a.languages, b.languages, i, j) > 0).astype(np.float64)
        if criterion == STYLE:
            return style_score(a.style[i], b.style[j])
        if criterion == CHOICE:
            return _csr_lookup(self._choices, i, j)
        raise ValueError(f"unknown criterion {criterion!r}")

    def _pair_skills(self, i: NDArray, j: NDArray) -> NDArray[np.float64]:
        wants = self.mentees.learn
        owner, pos = _expand_rows(wants.indptr, i)
        skill = wants.indices[pos]
        mentee_level = _csr_lookup(self.mentees.skill_level, i[owner], skill)
        mentor_level = _csr_lookup(self.mentors.skill_level, j[owner], skill)
        teaches = _csr_lookup(self.mentors.teach, j[owner], skill) > 0
        credit = np.where(
            teaches, skill_credit(mentor_level, mentee_level, self.config.skill_gap_full), 0.0
        )
        covered = np.bincount(owner, weights=credit, minlength=len(i))
        wanted = np.diff(wants.indptr)[i].astype(np.float64)
        return np.divide(covered, wanted, out=np.zeros(len(i)), where=wanted > 0)

    # -- the fast block path

    @cached_property
    def _tables(self) -> dict[str, _Table]:
        """The criteria that depend only on each person's category, as tables (when the
        mentees' distinct categories are few enough; see ``TABLE_MAX_CODES``)."""
        a, b, cfg = self.mentees, self.mentors, self.config
        formulas: dict[str, tuple[NDArray, NDArray, Callable[[NDArray, NDArray], NDArray]]] = {
            LEVEL_GAP: (
                a.level,
                b.level,
                lambda u, v: level_gap_score(
                    v[None, :] - u[:, None],
                    cfg.level_gap_min,
                    cfg.level_gap_max,
                    cfg.level_gap_slack,
                ),
            ),
            DEPARTMENT: (
                a.department,
                b.department,
                lambda u, v: department_score(u[:, None], v[None, :], cfg.department),
            ),
            TIMEZONE: (
                a.utc_offset_minutes,
                b.utc_offset_minutes,
                lambda u, v: timezone_score(u[:, None], v[None, :], cfg.workday_minutes),
            ),
            STYLE: (
                _style_codes(a.style),
                _style_codes(b.style),
                lambda u, v: style_score(_style_decode(u)[:, None], _style_decode(v)[None]),
            ),
            LANGUAGE: (
                _set_keys(a.languages),
                _set_keys(b.languages),
                lambda u, v: (u.astype(np.float64) @ v.T.astype(np.float64) > 0) * 1.0,
            ),
            INTERESTS: (
                _set_keys(a.interests),
                _set_keys(b.interests),
                lambda u, v: jaccard(
                    u.astype(np.float64) @ v.T.astype(np.float64),
                    u.sum(axis=1)[:, None],
                    v.sum(axis=1)[None, :],
                ),
            ),
        }
        out: dict[str, _Table] = {}
        for criterion in self.active:
            if criterion in formulas:
                table = _categorical(*formulas[criterion])
                if table is not None:
                    out[criterion] = table
        return out

    @cached_property
    def _linear(self) -> dict[str, _Linear]:
        """Skills always; goals when the mentors' dense term matrix is small enough."""
        out: dict[str, _Linear] = {}
        if SKILLS in self.share:
            out[SKILLS] = self._skills_linear()
        if GOALS in self.share:
            goals = self._goals_linear()
            if goals is not None:
                out[GOALS] = goals
        return out

    def _skills_linear(self) -> _Linear:
        """One column per (skill, mentee level) wanted by some mentee.

        ``M[i, (s, l)] = 1/|W_i|`` for each skill ``s`` mentee ``i`` wants at level ``l``;
        ``X[(s, l), j] = credit(m_js, l)`` if mentor ``j`` teaches ``s``, else 0.
        """
        a, b = self.mentees, self.mentors
        wants = a.learn
        counts = np.diff(wants.indptr)
        rows = np.repeat(np.arange(a.n), counts)
        skills = wants.indices.astype(np.int64)
        levels = _csr_lookup(a.skill_level, rows, skills).astype(np.int64)
        unique, codes = np.unique(skills * 16 + levels, return_inverse=True)
        data = 1.0 / np.repeat(counts, counts)
        m = sp.csr_matrix((data, (rows, codes.ravel())), shape=(a.n, len(unique)))
        col_skills, col_levels = unique // 16, unique % 16
        mentor_levels = b.skill_level[:, col_skills].toarray()
        mentor_teach = b.teach[:, col_skills].toarray() > 0
        credit = skill_credit(mentor_levels, col_levels[None, :], self.config.skill_gap_full)
        x = np.where(mentor_teach, credit, 0.0).T
        return _Linear(_canonical(m), np.ascontiguousarray(x, dtype=np.float32))

    def _goals_linear(self) -> _Linear | None:
        """The goals cosine as ``M @ X`` over the terms both sides use, when the dense
        mentor side (terms × mentors) fits in ``GOALS_DENSE_MAX_BYTES``."""
        text = self._text
        shared = np.flatnonzero(
            (np.bincount(text.mentees.indices, minlength=text.mentees.shape[1]) > 0)
            & (np.bincount(text.mentors.indices, minlength=text.mentors.shape[1]) > 0)
        )
        if len(shared) * self.mentors.n * 4 > GOALS_DENSE_MAX_BYTES:
            return None
        m = (1 - text.share) * text.mentees[:, shared]
        x = text.mentors[:, shared].T.toarray()
        return _Linear(_canonical(m), np.ascontiguousarray(x, dtype=np.float32))

    def _groups(self) -> list[_Table]:
        """The weighted tables merged into as few joint tables as fit ``TABLE_MAX_CODES``:
        one sparse entry per group instead of per criterion. The first group carries the
        per-mentor constant ``_bias``."""
        ordered = sorted(self._tables.items(), key=lambda item: item[1].x.shape[0])
        groups: list[_Table] = [_Table(np.zeros(self.mentees.n, np.int64), self._bias[None])]
        for criterion, table in ordered:
            weighted = _Table(table.codes, table.x * np.float32(self.share[criterion]))
            joint = _join(groups[-1], weighted)
            if joint is None:
                groups.append(weighted)
            else:
                groups[-1] = joint
        return groups

    @cached_property
    def _fused(self) -> tuple[sp.csr_matrix, NDArray[np.float32], frozenset[str]]:
        """The fused product ``M @ X`` and the criteria it computes.

        ``M`` (n × K): a one-hot block per group of tables, then each linear criterion
        scaled by its share; ``X`` (K × m, C-contiguous float32): the groups' joint tables,
        then the linear criteria's mentor sides (which become views into ``X``, so nothing
        is held twice). The per-criterion tables are dropped once fused — at 100k × 20k they
        weigh ~100 MB — and rebuilt only if a block's ``parts`` are asked for.
        """
        n, m = self.shape
        groups, linear = self._groups(), self._linear
        fused_names = frozenset(self._tables) | frozenset(linear)
        heights = [g.x.shape[0] for g in groups] + [lin.x.shape[0] for lin in linear.values()]
        x = np.empty((sum(heights), m), dtype=np.float32)
        onehots, row = [], 0
        for g in groups:
            x[row : row + g.x.shape[0]] = g.x
            onehots.append(
                sp.csr_matrix(
                    (np.ones(n, np.float32), g.codes, np.arange(n + 1)), shape=(n, g.x.shape[0])
                )
            )
            row += g.x.shape[0]
        for criterion, lin in linear.items():
            height = lin.x.shape[0]
            x[row : row + height] = lin.x
            linear[criterion] = _Linear(lin.m, x[row : row + height])
            row += height
        blocks = onehots + [self.share[c] * lin.m for c, lin in linear.items()]
        m_fused = _canonical(sp.hstack(blocks, format="csr", dtype=np.float32))
        self.__dict__.pop("_tables", None)
        return m_fused, x, fused_names

    @cached_property
    def _bias(self) -> NDArray[np.float32]:
        """The part of the total that depends on the mentor alone: the goals' objectives
        term ``share_goals · α · cos(o, p_j)``."""
        bias = np.zeros(self.mentors.n)
        if GOALS in self.share:
            text = self._text
            bias += self.share[GOALS] * text.share * text.objectives_fit
        return bias.astype(np.float32)

    @cached_property
    def _direct(self) -> dict[str, Callable[..., None]]:
        """Criteria added to a block one by one, ``f(total, rows, cols, share)``, in order."""
        fused = self._fused[2]
        out: dict[str, Callable[..., None]] = {}
        for criterion in self.active:
            if criterion in fused:
                continue
            if criterion == GOALS:
                out[criterion] = self._add_goals
            elif criterion == CHOICE:
                out[criterion] = self._add_choices
            elif criterion == INTERESTS:
                out[criterion] = self._add_interests
            else:
                out[criterion] = self._adder(criterion)
        return out

    def _add_goals(self, total: NDArray, rows: Any, cols: Any, share: np.float32) -> None:
        text = self._text
        mentors_t = text.mentors_t if _is_all(cols, self.mentors.n) else text.mentors_t[:, cols]
        product = text.mentees32[rows] @ mentors_t
        _add_sparse(total, product, share * np.float32(1 - text.share))

    def _add_choices(self, total: NDArray, rows: Any, cols: Any, share: np.float32) -> None:
        picked = self._choices[rows]
        if not _is_all(cols, self.mentors.n):
            picked = picked[:, cols]
        _add_sparse(total, picked, share)

    def _add_interests(
        self, total: NDArray, rows: Any, cols: Any, share: np.float32, write: bool = False
    ) -> None:
        """``total += share · |A∩B| / |A∪B|`` (``total = ...`` if ``write``) in few passes.

        ``|A∪B| = |A| + |B| − |A∩B|``; an empty mentee set counts as size 0.5, so an empty
        union divides 0 by 0.5 + |B| > 0 and no extra pass guards against 0/0.
        """
        shared = self._set_products(INTERESTS, rows, cols, scratch="shared")
        size_a = np.maximum(_row_sizes(self.mentees.interests[rows]), 0.5).astype(np.float32)
        union = self._scratch("union", shared.shape)
        np.add(size_a[:, None], self._mentor_set_sizes(INTERESTS, cols)[None, :], out=union)
        union -= shared
        shared *= share
        if write:
            np.divide(shared, union, out=total)
        else:
            np.divide(shared, union, out=shared)
            total += shared

    def _adder(self, criterion: str) -> Callable[..., None]:
        def add(total: NDArray, rows: Any, cols: Any, share: np.float32) -> None:
            total += share * self._part_block(criterion, rows, cols)

        return add

    def _set_products(
        self, criterion: str, rows: Any, cols: Any, scratch: str | None = None
    ) -> NDArray[np.float32]:
        """|A∩B| for the block's pairs (interests or languages), as float32; written into
        this thread's scratch buffer ``scratch`` when named."""
        attr = "interests" if criterion == INTERESTS else "languages"
        a = getattr(self.mentees, attr)[rows].astype(np.float32)
        b = self._mentor_sets_t(attr)
        if not _is_all(cols, self.mentors.n):
            b = np.ascontiguousarray(b[:, cols])
        shape = (a.shape[0], b.shape[1])
        out = np.zeros(shape, np.float32) if scratch is None else self._scratch(scratch, shape)
        if scratch is not None:
            out.fill(0)
        _add_product(out, a, b)
        return out

    def _scratch(self, name: str, shape: tuple[int, int]) -> NDArray[np.float32]:
        """A float32 buffer of this thread, reused while blocks keep their shape."""
        buffers: dict[str, NDArray[np.float32]] = self._local.__dict__
        buffer = buffers.get(name)
        if buffer is None or buffer.shape != shape:
            buffer = buffers[name] = np.empty(shape, dtype=np.float32)
        return buffer

    def _part_block(self, criterion: str, rows: Any, cols: Any) -> NDArray[np.float32]:
        """One criterion's unweighted scores on a block (for ``parts`` and direct adds)."""
        table = self._tables.get(criterion)
        if table is not None:
            return np.ascontiguousarray(table.x[:, cols][table.codes[rows]])
        linear = self._linear.get(criterion)
        if linear is not None:
            x = np.ascontiguousarray(linear.x[:, cols])
            value: Any = linear.m[rows] @ x
            if criterion == GOALS:
                value = value + self._text.share * self._text.objectives_fit[cols][None, :]
            return np.asarray(value, dtype=np.float32)
        a, b, cfg = self.mentees, self.mentors, self.config
        if criterion == GOALS:
            text = self._text
            cosine = (text.mentees[rows] @ text.mentors[cols].T).toarray()
            value = (1 - text.share) * cosine + text.share * text.objectives_fit[cols][None, :]
        elif criterion == CHOICE:
            value = self._choices[rows][:, cols].toarray()
        elif criterion == INTERESTS:
            size_a = _row_sizes(a.interests[rows])[:, None]
            size_b = self._mentor_set_sizes(INTERESTS, cols)[None, :]
            value = jaccard(self._set_products(INTERESTS, rows, cols), size_a, size_b)
        elif criterion == LANGUAGE:
            value = self._set_products(LANGUAGE, rows, cols) > 0
        elif criterion == LEVEL_GAP:
            gap = b.level[cols][None, :] - a.level[rows][:, None]
            value = level_gap_score(gap, cfg.level_gap_min, cfg.level_gap_max, cfg.level_gap_slack)
        elif criterion == DEPARTMENT:
            value = department_score(
                a.department[rows][:, None], b.department[cols][None, :], cfg.department
            )
        elif criterion == TIMEZONE:
            value = timezone_score(
                a.utc_offset_minutes[rows][:, None],
                b.utc_offset_minutes[cols][None, :],
                cfg.workday_minutes,
            )
        elif criterion == STYLE:
            value = style_score(a.style[rows][:, None, :], b.style[cols][None, :, :])
        else:  # pragma: no cover - every criterion is handled above
            raise ValueError(f"unknown criterion {criterion!r}")
        return np.asarray(value, dtype=np.float32)

    @cached_property
    def _text(self) -> _Text:
        a, b = self.mentees, self.mentors
        objectives_text = self.config.objectives.strip()
        documents = [*a.text, *b.text] + ([objectives_text] if objectives_text else [])
        space, vectors = TextSpace.fit(documents)
        mentees = _canonical(vectors[: a.n])
        mentors = _canonical(vectors[a.n : a.n + b.n])
        objectives = vectors[a.n + b.n :] if objectives_text else sp.csr_matrix((1, len(space.idf)))
        fit = np.asarray((mentors @ objectives.T).todense()).ravel()
        share = self.config.objectives_share if objectives.nnz else 0.0
        return _Text(
            space,
            mentees,
            mentors,
            _canonical(sp.csr_matrix(mentees, dtype=np.float32)),
            _canonical(sp.csr_matrix(mentors.T, dtype=np.float32)),
            fit,
            share,
            space.terms(),
        )

    @cached_property
    def _choices(self) -> sp.csr_matrix:
        """n × m: each mentee's ranked choices scored by :func:`choice_score`.

        Ranks count only choices that are mentors of this run (a departed first choice
        promotes the second); repeats keep their first rank.
        """
        picks = self.mentees.choices
        owners = picks.owners()
        cols = index_of(self.mentors.ids, picks.values)
        keep = cols >= 0
        owners, cols = owners[keep], cols[keep]
        key = owners * max(self.mentors.n, 1) + cols
        _, first = np.unique(key, return_index=True)
        first.sort()  # back to the mentee's order
        owners, cols = owners[first], cols[first]
        starts = np.searchsorted(owners, np.arange(self.mentees.n))
        rank = np.arange(len(owners)) - starts[owners] + 1
        score = choice_score(rank, self.config.max_choices)
        kept = score > 0
        return _canonical(
            sp.csr_matrix((score[kept], (owners[kept], cols[kept])), shape=self.shape)
        )

    def _mentor_sets_t(self, attr: str) -> NDArray[np.float32]:
        """The mentors' interests or languages, transposed and dense (width × m)."""
        key = f"_sets_t_{attr}"
        if key not in self.__dict__:
            matrix = getattr(self.mentors, attr)
            self.__dict__[key] = np.ascontiguousarray(matrix.T.toarray(), dtype=np.float32)
        out: NDArray[np.float32] = self.__dict__[key]
        return out

    def _mentor_set_sizes(self, criterion: str, cols: Any) -> NDArray[np.float32]:
        attr = "interests" if criterion == INTERESTS else "languages"
        return _row_sizes(getattr(self.mentors, attr)).astype(np.float32)[cols]


# ---- helpers


def as_index(index: Index, n: int) -> slice | NDArray[np.int64]:
    """Rows or columns as a unit-step slice or an int64 array; None means all ``n``."""
    if index is None:
        return slice(0, n)
    if isinstance(index, slice):
        start, stop, step = index.indices(n)
        if step != 1:
            return np.arange(start, stop, step, dtype=np.int64)
        return slice(start, stop)
    arr = np.asarray(index, dtype=np.int64).reshape(-1)
    if arr.size and (arr.min() < 0 or arr.max() >= n):
        raise ValueError(f"index out of range: every index must lie in [0, {n})")
    return arr


def _checked(values: ArrayLike, n: int, name: str) -> NDArray[np.int64]:
    """Indexes as a flat int64 array, each in ``[0, n)``, else ``ValueError`` naming them."""
    arr = np.asarray(values, dtype=np.int64).reshape(-1)
    if arr.size and (arr.min() < 0 or arr.max() >= n):
        raise ValueError(f"{name}: every index must lie in [0, {n})")
    return arr


def _is_all(index: slice | NDArray, n: int) -> bool:
    return isinstance(index, slice) and index.start == 0 and index.stop == n


def _categorical(
    mentee_keys: NDArray, mentor_keys: NDArray, formula: Callable[[NDArray, NDArray], NDArray]
) -> _Table | None:
    """A criterion that depends only on each person's category, as a table (None when the
    mentees have too many distinct categories for one)."""
    unique_a, codes_a = np.unique(mentee_keys, axis=0, return_inverse=True)
    unique_b, codes_b = np.unique(mentor_keys, axis=0, return_inverse=True)
    if len(unique_a) > TABLE_MAX_CODES or len(unique_a) * len(unique_b) > TABLE_MAX_CELLS:
        return None
    table = np.asarray(formula(unique_a, unique_b), dtype=np.float64)
    x = np.ascontiguousarray(table[:, codes_b.ravel()], dtype=np.float32)
    return _Table(codes_a.ravel().astype(np.int64), x)


def _join(first: _Table, second: _Table) -> _Table | None:
    """One table for the sum of two, over the joint categories the mentees actually have;
    None when there would be more than ``TABLE_MAX_CODES``."""
    pairs = first.codes * second.x.shape[0] + second.codes
    unique, codes = np.unique(pairs, return_inverse=True)
    if len(unique) > TABLE_MAX_CODES:
        return None
    k_first, k_second = unique // second.x.shape[0], unique % second.x.shape[0]
    return _Table(codes.ravel().astype(np.int64), first.x[k_first] + second.x[k_second])


def _canonical(matrix: Any) -> sp.csr_matrix:
    """CSR with sorted indices and no duplicates (what the lookups and kernels expect)."""
    out = sp.csr_matrix(matrix)
    out.sum_duplicates()
    out.sort_indices()
    return out


def _style_codes(style: NDArray) -> NDArray[np.int64]:
    """Style answers as one integer per person: base-6 digits, 0 for unanswered."""
    digits = np.nan_to_num(style, nan=0.0).astype(np.int64)
    return digits @ (6 ** np.arange(style.shape[1], dtype=np.int64))


def _style_decode(codes: NDArray) -> NDArray[np.float64]:
    dims = 4
    digits = (codes[:, None] // (6 ** np.arange(dims))[None, :]) % 6
    return np.where(digits == 0, np.nan, digits.astype(np.float64))


def _set_keys(matrix: sp.csr_matrix) -> NDArray[np.bool_]:
    return matrix.toarray() > 0


def _row_sizes(matrix: sp.csr_matrix) -> NDArray[np.float64]:
    return np.diff(matrix.indptr).astype(np.float64)


def _csr_lookup(matrix: sp.csr_matrix, rows: NDArray, cols: NDArray) -> NDArray[np.float64]:
    """``matrix[rows[k], cols[k]]`` for every k, vectorized (0 where nothing is stored).

    Relies on canonical CSR (sorted indices, no duplicates): the flat keys row·width + col
    are then sorted, so one ``searchsorted`` finds them all.
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if matrix.nnz == 0 or len(rows) == 0:
        return np.zeros(len(rows))
    width = max(matrix.shape[1], 1)
    stored_rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    keys = stored_rows * width + matrix.indices
    wanted = rows * width + cols
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, matrix.data[at], 0.0).astype(np.float64)


def _rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix, i: NDArray, j: NDArray) -> NDArray:
    """``a[i[k]] · b[j[k]]`` for every k: expand a's stored entries, look them up in b."""
    owner, pos = _expand_rows(a.indptr, i)
    values = a.data[pos] * _csr_lookup(b, j[owner], a.indices[pos])
    return np.bincount(owner, weights=values, minlength=len(i))


def _expand_rows(indptr: NDArray, i: NDArray) -> tuple[NDArray, NDArray]:
    """For CSR rows ``i``: each stored entry's owner (position in ``i``) and its position."""
    starts = indptr[i]
    lengths = indptr[i + 1] - starts
    owner = np.repeat(np.arange(len(i)), lengths)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, np.repeat(starts, lengths) + offset


def _add_product(total: NDArray[np.float32], a: sp.csr_matrix, x: NDArray[np.float32]) -> None:
    """``total += a @ x`` in place (``a`` sparse, ``x`` dense C-contiguous float32).

    SciPy's ``csr_matvecs`` kernel accumulates into its output, so the product lands in a
    reused buffer instead of a fresh array; a private name, hence the public fallback.
    """
    a = sp.csr_matrix(a, dtype=np.float32)
    if _csr_matvecs is not None and total.flags.c_contiguous and x.flags.c_contiguous:
        n_rows, n_inner = a.shape
        _csr_matvecs(
            n_rows, n_inner, x.shape[1], a.indptr, a.indices, a.data, x.ravel(), total.ravel()
        )
    else:
        total += a @ x


def _length(index: slice | NDArray, n: int) -> int:
    """How many rows (or columns) an index selects."""
    if isinstance(index, slice):
        return len(range(*index.indices(n)))
    return len(index)


def _add_sparse(total: NDArray[np.float32], matrix: sp.csr_matrix, scale: np.float32) -> None:
    """``total += scale · matrix`` for a sparse ``matrix`` of the same shape, in place.

    SciPy's ``csr_todense`` kernel adds into its output array, 0.4 ns per cell against 1 ns
    for ``toarray()`` and an add; it is a private name, hence the public fallback.
    """
    if matrix.nnz == 0:
        return
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    data = matrix.data * scale
    if _csr_accumulate is not None and total.flags.c_contiguous and total.dtype == np.float32:
        rows, cols = matrix.shape
        _csr_accumulate(rows, cols, matrix.indptr, matrix.indices, data, total)
    else:
        total += sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape).toarray()


def score_block(
    mentees: Side,
    mentors: Side,
    rows: Index = None,
    cols: Index = None,
    weights: Weights | None = None,
    config: MatchConfig | None = None,
    parts: bool = True,
) -> tuple[NDArray[np.float32], dict[str, NDArray[np.float32]] | None]:
    """One-off :meth:`Scorer.block` (builds a :class:`Scorer`; keep one for repeated use)."""
    return Scorer(mentees, mentors, weights, config).block(rows, cols, parts=parts)


def score_pairs(
    mentees: Side,
    mentors: Side,
    mentee_idx: ArrayLike,
    mentor_idx: ArrayLike,
    weights: Weights | None = None,
    config: MatchConfig | None = None,
) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]]]:
    """One-off :meth:`Scorer.pairs` (builds a :class:`Scorer`; keep one for repeated use)."""
    return Scorer(mentees, mentors, weights, config).pairs(mentee_idx, mentor_idx)
