"""Why a pair was proposed, and why a mentee was not, in plain words.

:func:`explain` turns a pair's per-criterion scores into reasons a mentee can read — "Ana is
level 4 in Negotiation, which you want to learn", "working hours overlap 6h", "both speak
Portuguese" — each with its **share** of the pair's total:

    share_c = (w_c / Σ w) · s_c / total        (the shares of all criteria sum to 1)

Reasons are sorted by share, largest first; criteria that add nothing are left out. The
summary is the three largest reasons on one line. ``broken`` lists the hard rules the pair
breaks, worded for the program manager who is about to override a proposal.

:func:`unmatched_reason` says why a mentee stayed unmatched: not eligible; no mentor with
room who passes the constraints (with how many each rule excluded); all candidates below the
minimum score; or the mentors who fit were taken by other matches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from mentorpath.matching.engine import constraints as rules
from mentorpath.matching.engine.constraints import Constraints, RuleCounts
from mentorpath.matching.engine.features import STYLE_DIMENSIONS, STYLE_POLES, content_words
from mentorpath.matching.engine.scoring import (
    CHOICE,
    DEPARTMENT,
    GOALS,
    INTERESTS,
    LANGUAGE,
    LEVEL_GAP,
    SKILLS,
    STYLE,
    TIMEZONE,
    Scorer,
    overlap_minutes,
    skill_credit,
)

SUMMARY_REASONS = 3
GOAL_WORDS = 3
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
STYLE_MIDPOINT = 3


@dataclass(frozen=True)
class Reason:
    """One criterion's part in a pair: what it found, its score, its share of the total."""

    criterion: str
    text: str
    share: float
    score: float


@dataclass(frozen=True)
class Explanation:
    """A pair (mentee index, mentor index) explained."""

    mentee: int
    mentor: int
    total: float
    reasons: list[Reason]
    summary: str
    parts: dict[str, float]
    broken: list[str] = field(default_factory=list)


def explain(
    scorer: Scorer, mentee: int, mentor: int, constraints: Constraints | None = None
) -> Explanation:
    """Explain one pair (indexes into the scorer's sides); with ``constraints``, also list
    the hard rules it breaks."""
    return explain_pairs(scorer, [mentee], [mentor], constraints)[0]


def explain_pairs(
    scorer: Scorer,
    mentee_idx: list[int] | np.ndarray,
    mentor_idx: list[int] | np.ndarray,
    constraints: Constraints | None = None,
) -> list[Explanation]:
    """Explain many pairs: scores are computed for all at once, texts pair by pair."""
    i_all = np.asarray(mentee_idx, dtype=np.int64).reshape(-1)
    j_all = np.asarray(mentor_idx, dtype=np.int64).reshape(-1)
    totals, parts = scorer.pairs(i_all, j_all)
    out = []
    for k, (i, j) in enumerate(zip(i_all.tolist(), j_all.tolist(), strict=True)):
        pair_parts = {c: float(parts[c][k]) for c in scorer.active}
        total = float(totals[k])
        reasons = []
        for criterion in scorer.active:
            contribution = scorer.share[criterion] * pair_parts[criterion]
            if contribution <= 0:
                continue
            text = _TEXTS[criterion](scorer, i, j)
            reasons.append(Reason(criterion, text, contribution / total, pair_parts[criterion]))
        reasons.sort(key=lambda r: -r.share)
        broken = _broken(scorer, constraints, i, j) if constraints is not None else []
        out.append(Explanation(i, j, total, reasons, _summary(reasons), pair_parts, broken))
    return out


def _summary(reasons: list[Reason]) -> str:
    if not reasons:
        return "No criterion favors this pair."
    text = "; ".join(r.text for r in reasons[:SUMMARY_REASONS])
    return text[0].upper() + text[1:]


# ---- one text per criterion (mentee-facing: "you" is the mentee)


def _skills(scorer: Scorer, i: int, j: int) -> str:
    a, b, vocab = scorer.mentees, scorer.mentors, scorer.mentees.vocab
    mentee_levels, mentor_levels = _row(a.skill_level, i), _row(b.skill_level, j)
    teaches = _row(b.teach, j)
    covered = []
    for s in _row(a.learn, i):
        if s not in teaches:
            continue
        mentor_level, mentee_level = int(mentor_levels.get(s, 0)), int(mentee_levels.get(s, 0))
        credit = float(skill_credit(mentor_level, mentee_level, scorer.config.skill_gap_full))
        if credit > 0:
            covered.append((-credit, -mentor_level, vocab.skills[s], mentor_level))
    covered.sort()
    levels = [f"level {level} in {name}" for _, _, name, level in covered]
    return f"{b.names[j]} is {_join(levels)}, which you want to learn"


def _row(matrix: sp.csr_matrix, i: int) -> dict[int, float]:
    """One CSR row as {column: value}, without SciPy's slow scalar indexing."""
    start, end = matrix.indptr[i], matrix.indptr[i + 1]
    return dict(
        zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True)
    )


def _goals(scorer: Scorer, i: int, j: int) -> str:
    mentor = scorer.mentors.names[j]
    surface = content_words(scorer.mentees.text[i])
    words = [surface.get(term, term) for term, _ in scorer.shared_terms(i, j)[:GOAL_WORDS]]
    if words:
        return f"your goals and {mentor}'s profile both mention {_join(words)}"
    return f"{mentor}'s profile fits the program's objectives"


def _interests(scorer: Scorer, i: int, j: int) -> str:
    shared = np.intersect1d(
        scorer.mentees.interests[i].indices, scorer.mentors.interests[j].indices
    )
    names = [scorer.mentees.vocab.interests[k] for k in shared.tolist()]
    return f"shared interests: {', '.join(names)}"


def _level_gap(scorer: Scorer, i: int, j: int) -> str:
    gap = int(scorer.mentors.level[j] - scorer.mentees.level[i])
    mentor = scorer.mentors.names[j]
    if gap == 0:
        return f"{mentor} is at your level"
    unit = "level" if abs(gap) == 1 else "levels"
    return f"{mentor} is {abs(gap)} {unit} {'above' if gap > 0 else 'below'} you"


def _department(scorer: Scorer, i: int, j: int) -> str:
    names = scorer.mentees.vocab.departments
    if scorer.config.department == "same":
        return f"both in {names[scorer.mentees.department[i]]}, as the program prefers"
    return (
        f"from another department ({names[scorer.mentors.department[j]]}), as the program prefers"
    )


def _timezone(scorer: Scorer, i: int, j: int) -> str:
    zone_a, zone_b = scorer.mentees.time_zones[i], scorer.mentors.time_zones[j]
    if zone_a and zone_a == zone_b:
        return f"both in {zone_a}"
    minutes = overlap_minutes(
        int(scorer.mentees.utc_offset_minutes[i]),
        int(scorer.mentors.utc_offset_minutes[j]),
        scorer.config.workday_minutes,
    )
    return f"working hours overlap {format_hours(minutes)}"


def _language(scorer: Scorer, i: int, j: int) -> str:
    shared = np.intersect1d(
        scorer.mentees.languages[i].indices, scorer.mentors.languages[j].indices
    )
    return f"both speak {_join([scorer.mentees.vocab.languages[k] for k in shared.tolist()])}"


def _style(scorer: Scorer, i: int, j: int) -> str:
    a, b = scorer.mentees.style[i], scorer.mentors.style[j]
    answered = ~np.isnan(a) & ~np.isnan(b)
    if not answered.any():
        return "working style counted as neutral (not answered by both)"
    poles = []
    for d, dim in enumerate(STYLE_DIMENSIONS):
        if answered[d] and abs(a[d] - b[d]) <= 1:
            if a[d] < STYLE_MIDPOINT and b[d] < STYLE_MIDPOINT:
                poles.append(STYLE_POLES[dim][0])
            elif a[d] > STYLE_MIDPOINT and b[d] > STYLE_MIDPOINT:
                poles.append(STYLE_POLES[dim][1])
    if poles:
        return f"similar working style: both prefer {_join(poles)}"
    return "compatible working styles"


def _choice(scorer: Scorer, i: int, j: int) -> str:
    rank = scorer.choice_rank(i, j) or 0
    ordinal = ORDINALS[rank - 1] if 0 < rank <= len(ORDINALS) else f"number {rank}"
    return f"you ranked {scorer.mentors.names[j]} as your {ordinal} choice"


_TEXTS = {
    SKILLS: _skills,
    GOALS: _goals,
    INTERESTS: _interests,
    LEVEL_GAP: _level_gap,
    DEPARTMENT: _department,
    TIMEZONE: _timezone,
    LANGUAGE: _language,
    STYLE: _style,
    CHOICE: _choice,
}


def _join(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def format_hours(minutes: int) -> str:
    """Minutes as hours: 360 → "6h", 330 → "5.5h", 0 → "0h"."""
    hours = round(minutes / 60, 1)
    return f"{hours:g}h"


# ---- hard rules, manager-facing


def _broken(scorer: Scorer, constraints: Constraints, i: int, j: int) -> list[str]:
    mentee, mentor = scorer.mentees.names[i], scorer.mentors.names[j]
    out = []
    for rule in constraints.broken(i, j):
        if rule == rules.REPORTING_LINE:
            if scorer.mentors.ids[j] in scorer.mentees.manager_chain.row(i):
                out.append(f"{mentor} is in {mentee}'s management chain")
            else:
                out.append(f"{mentee} is in {mentor}'s management chain")
        else:
            out.append(_RULE_TEXTS[rule].format(mentee=mentee, mentor=mentor))
    return out


_RULE_TEXTS = {
    rules.MENTEE_INELIGIBLE: "{mentee} is not eligible for this program",
    rules.MENTOR_INELIGIBLE: "{mentor} is not eligible for this program",
    rules.NO_CAPACITY: "{mentor} has no room for another mentee",
    rules.SAME_PERSON: "{mentor} cannot mentor themselves",
    rules.BLOCKED: "this pair is blocked (an opt-out, or an earlier pair ended as a mismatch)",
    rules.NO_SHARED_LANGUAGE: "{mentee} and {mentor} share no language",
}

#: How each rule's count reads in an unmatched mentee's reason.
_EXCLUDED_TEXTS = {
    rules.MENTOR_INELIGIBLE: "{n} not eligible",
    rules.NO_CAPACITY: "{n} with no room",
    rules.SAME_PERSON: "{n} the mentee themselves",
    rules.REPORTING_LINE: "{n} in the mentee's reporting line",
    rules.BLOCKED: "{n} blocked",
    rules.NO_SHARED_LANGUAGE: "{n} without a shared language",
}


def unmatched_reason(
    counts: RuleCounts, best_score: float | None = None, min_score: float | None = None
) -> str:
    """Why a mentee stayed unmatched, from :meth:`.Constraints.counts`, the best allowed
    score the mentee had (if any) and the run's minimum score."""
    if best_score is not None and math.isnan(best_score):  # as from Candidates.best_scores
        best_score = None
    if counts.excluded.get(rules.MENTEE_INELIGIBLE):
        return "not eligible for this program"
    if counts.allowed == 0:
        details = [
            _EXCLUDED_TEXTS[rule].format(n=counts.excluded[rule])
            for rule in rules.RULES
            if rule in _EXCLUDED_TEXTS and counts.excluded.get(rule)
        ]
        text = "no mentor with room who passes the constraints"
        if counts.mentors and details:
            text += f" (of {counts.mentors} mentors: {', '.join(details)})"
        return text
    if min_score is not None and (best_score is None or best_score < min_score):
        best = "" if best_score is None else f" (best {best_score:.2f} < {min_score:.2f})"
        return f"all candidates below the minimum score{best}"
    return "the mentors who fit were all taken by other matches"
