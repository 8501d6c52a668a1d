"""From the database to the engine and back: load a program's pool, score, solve, explain.

The engine (`matching.engine`) is pure and fed arrays; this module is the only place that
turns ORM rows into `engine.features.Profile`s and the engine's results into proposal rows.
"""

import itertools
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock
from typing import Any

import numpy as np
from django.db.models import Prefetch
from django.utils import timezone

from mentorpath.learning import readiness
from mentorpath.matching.config import CRITERIA, MatchingConfig
from mentorpath.matching.engine.constraints import Constraints
from mentorpath.matching.engine.explain import Explanation, explain_pairs
from mentorpath.matching.engine.features import (
    STYLE_DIMENSIONS,
    Profile,
    Side,
    manager_chains,
    sides_from_profiles,
)
from mentorpath.matching.engine.run import Matching, match_sides, why_unmatched
from mentorpath.matching.engine.scoring import MatchConfig, Scorer, Weights
from mentorpath.matching.engine.solver import solve
from mentorpath.mentoring.enums import LIVE_MENTORSHIP
from mentorpath.mentoring.queries import blocked_pairs
from mentorpath.people.models import Person, PersonSkill
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment, Program

HISTOGRAM_EDGES = [round(x * 0.1, 1) for x in range(11)]

Progress = Callable[[int, str], None]


@dataclass
class Pool:
    mentees: list[Enrollment]
    mentors: list[Enrollment]
    mentee_side: Side
    mentor_side: Side
    scorer: Scorer
    constraints: Constraints


@dataclass
class Outcome:
    proposals: list[dict[str, Any]]
    stats: dict[str, Any]


@dataclass
class Evaluation:
    score: float
    parts: dict[str, float]
    reasons: list[dict[str, Any]]
    broken_rules: list[str]


def _utc_offset_minutes(time_zone: str, on: date) -> int:
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0
    offset = datetime.combine(on, clock(12), tzinfo=UTC).astimezone(zone).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _profile(enrollment: Enrollment, chain: list[int], on: date, capacity: int) -> Profile:
    person = enrollment.person
    if enrollment.role == EnrollmentRole.MENTEE:
        text = f"{person.career_goals}\n{enrollment.goals}"
    else:
        text = f"{person.bio}\n{person.career_goals}\n{enrollment.goals}"
    styles = {
        dim: getattr(person, f"style_{dim}")
        for dim in STYLE_DIMENSIONS
        if getattr(person, f"style_{dim}", None) is not None
    }
    return Profile(
        id=person.pk,
        name=person.full_name,
        level=person.level,
        department=person.department.name if person.department else None,
        utc_offset_minutes=_utc_offset_minutes(person.time_zone, on),
        time_zone=person.time_zone,
        languages=[language.name for language in person.languages.all()],
        skills={
            ps.skill.name: (ps.level, ps.can_teach, ps.wants_to_learn) for ps in person.skills.all()
        },
        interests=[interest.name for interest in person.interests.all()],
        text=text,
        style=styles,
        availability_hours=person.availability_hours_per_month,
        manager_chain=chain,
        capacity=capacity,
    )


def _participants(program: Program, role: str) -> list[Enrollment]:
    """Approved enrollments of `role` who completed the program's training (mentors) or
    onboarding (mentees) path when it requires one; mentees only while they have no pair."""
    enrollments = (
        program.enrollments.filter(role=role, status=EnrollmentStatus.APPROVED)
        .filter(readiness.ready_filter(program, role))
        .select_related("person__department")
        .prefetch_related(
            "person__languages",
            "person__interests",
            Prefetch("person__skills", queryset=PersonSkill.objects.select_related("skill")),
        )
        .order_by("pk")
    )
    if role == EnrollmentRole.MENTEE:
        enrollments = enrollments.exclude(mentorships_as_mentee__status__in=LIVE_MENTORSHIP)
    return list(enrollments)


def engine_settings(program: Program, config: MatchingConfig) -> tuple[Weights, MatchConfig]:
    objectives = " ".join(f"{o.title} {o.org_goal}" for o in program.objectives.all())
    return Weights.from_mapping(config.weights), MatchConfig(
        level_gap_min=config.min_level_gap,
        level_gap_max=config.max_level_gap,
        department=config.department,
        require_shared_language=config.require_shared_language,
        objectives=objectives,
        blocked_pairs=frozenset(blocked_pairs(program=program)),
    )


def load_pool(
    *,
    program: Program,
    config: MatchingConfig,
    mentees: list[Enrollment] | None = None,
    mentors: list[Enrollment] | None = None,
) -> Pool:
    """The program's approved mentees without a mentor and its approved mentors, as engine
    sides; a mentor's capacity is what is left after their live mentorships."""
    mentees = _participants(program, EnrollmentRole.MENTEE) if mentees is None else mentees
    mentors = _participants(program, EnrollmentRole.MENTOR) if mentors is None else mentors
    org = np.array(Person.objects.values_list("pk", "manager_id"), dtype=object).reshape(-1, 2)
    ids = org[:, 0].astype(np.int64)
    managers = np.array([-1 if m is None else m for m in org[:, 1]], dtype=np.int64)
    people = [e.person_id for e in (*mentees, *mentors)]
    chains = manager_chains(ids, managers, of=people).to_lists() if people else []
    on = program.start_date or timezone.localdate()
    mentee_profiles = [
        _profile(e, chain, on, 0) for e, chain in zip(mentees, chains[: len(mentees)], strict=True)
    ]
    mentor_profiles = [
        _profile(e, chain, on, max((e.capacity or 0) - e.load, 0))
        for e, chain in zip(mentors, chains[len(mentees) :], strict=True)
    ]
    mentee_side, mentor_side, _ = sides_from_profiles(mentee_profiles, mentor_profiles)
    weights, engine_config = engine_settings(program, config)
    scorer = Scorer(mentee_side, mentor_side, weights, engine_config)
    return Pool(
        mentees,
        mentors,
        mentee_side,
        mentor_side,
        scorer,
        Constraints(mentee_side, mentor_side, engine_config),
    )


def _reasons(explanation: Explanation) -> list[dict[str, Any]]:
    return [
        {"criterion": r.criterion, "text": r.text, "share": round(100 * r.share, 1)}
        for r in explanation.reasons
    ]


def match_program(
    *,
    program: Program,
    config: MatchingConfig,
    objective: str,
    progress: Progress = lambda percent, message: None,
) -> Outcome:
    started = time.perf_counter()
    progress(5, "Loading participants")
    pool = load_pool(program=program, config=config)
    # Mentees who have not completed the program's onboarding path are not in the pool: each
    # gets an unmatched proposal that says so.
    not_ready = [
        {"mentee": n.enrollment, "unmatched_reason": n.sentence[:300]}
        for n in readiness.not_ready(program=program, role=EnrollmentRole.MENTEE, waiting_only=True)
    ]
    if not pool.mentees:
        return Outcome(not_ready, _stats([], len(not_ready), None, started))
    progress(30, "Scoring and solving")
    matching = match_sides(
        pool.mentee_side,
        pool.mentor_side,
        pool.scorer.weights,
        pool.scorer.config,
        objective=objective,
        min_score=config.min_score,
    )
    result = matching.result
    progress(80, "Explaining the pairs")
    pairs = result.pairs()
    explanations = (
        explain_pairs(matching.scorer, [i for i, _ in pairs], [j for _, j in pairs])
        if pairs
        else []
    )
    by_mentee = dict(zip([i for i, _ in pairs], explanations, strict=True))
    proposals = []
    for i, mentee in enumerate(pool.mentees):
        explanation = by_mentee.get(i)
        if explanation is None:
            proposals.append({"mentee": mentee, "unmatched_reason": why_unmatched(matching, i)})
            continue
        proposals.append(
            {
                "mentee": mentee,
                "mentor": pool.mentors[explanation.mentor],
                "score": round(float(result.pair_scores[i]), 4),
                "parts": {c: round(v, 4) for c, v in explanation.parts.items()},
                "reasons": _reasons(explanation),
            }
        )
    progress(95, "Saving the proposals")
    stats = _stats(explanations, len(pool.mentees) + len(not_ready), matching, started)
    return Outcome(proposals + not_ready, stats)


def _stats(
    explanations: list[Explanation], mentees: int, matching: Matching | None, started: float
) -> dict[str, Any]:
    scores = [e.total for e in explanations]
    histogram = []
    for low, high in itertools.pairwise(HISTOGRAM_EDGES):
        count = sum(low <= s < high or (high == 1.0 and s == 1.0) for s in scores)
        histogram.append({"label": f"{low:.1f}–{high:.1f}", "count": count})
    decisive = Counter(e.reasons[0].criterion for e in explanations if e.reasons)
    return {
        "mentees": mentees,
        "matched": len(scores),
        "unmatched": mentees - len(scores),
        "total_score": round(sum(scores), 4),
        "mean_score": round(sum(scores) / len(scores), 4) if scores else None,
        "min_score": round(min(scores), 4) if scores else None,
        "histogram": histogram,
        "histogram_max": max((b["count"] for b in histogram), default=0),
        "decisive": [
            {"criterion": c, "label": CRITERIA.get(c, c), "count": n}
            for c, n in decisive.most_common()
        ],
        "solver": matching.result.solver if matching else "",
        "optimal": matching.optimal if matching else True,
        "candidates": matching.pairs_considered if matching else 0,
        "seconds": round(time.perf_counter() - started, 3),
    }


def evaluate_pair(
    *, program: Program, config: MatchingConfig, mentee: Enrollment, mentor: Enrollment
) -> Evaluation:
    """Score and explain one pair a manager is considering, with the rules it breaks."""
    pool = load_pool(program=program, config=config, mentees=[mentee], mentors=[mentor])
    explanation = explain_pairs(pool.scorer, [0], [0], pool.constraints)[0]
    broken = [rule for rule in explanation.broken if "no room" not in rule]
    return Evaluation(
        round(explanation.total, 4),
        {c: round(v, 4) for c, v in explanation.parts.items()},
        _reasons(explanation),
        [rule[0].upper() + rule[1:] + "." for rule in broken],
    )


@dataclass
class Suggestion:
    mentor: Enrollment
    score: float
    reasons: list[dict[str, Any]]
    summary: str


def suggestions_for(
    *,
    program: Program,
    config: MatchingConfig,
    mentee: Enrollment,
    excluded_mentor_ids: set[int] = frozenset(),  # type: ignore[assignment]
) -> list[Suggestion]:
    """The mentee's suggested mentors, best first, rotated across the whole pool.

    Each round solves an optimal assignment of every waiting mentee to one more mentor, with
    each mentor's free capacity as their capacity in that round; after `config.suggestions`
    rounds no mentor appears in more lists than `suggestions × free capacity`, so a popular
    mentor is not shown to everyone while others wait. Pairs in `excluded_mentor_ids` (for
    this mentee: mentors who declined or let a request expire) are never suggested.
    """
    pool = load_pool(program=program, config=config)
    try:
        me = next(i for i, e in enumerate(pool.mentees) if e.pk == mentee.pk)
    except StopIteration:
        return []
    if pool.scorer.shape[1] == 0:
        return []
    scores, _ = pool.scorer.block()
    allowed = ~pool.constraints.forbidden()
    excluded_cols = [j for j, e in enumerate(pool.mentors) if e.pk in excluded_mentor_ids]
    allowed[me, excluded_cols] = False
    if config.min_score is not None:
        allowed &= scores >= config.min_score
    capacity = pool.mentor_side.capacity
    picked: list[int] = []
    for _ in range(config.suggestions):
        result = solve(scores.astype(np.float64), capacity, allowed, None, "participation")
        mentor = int(result.mentor_of[me])
        if mentor < 0:
            break
        picked.append(mentor)
        rows = np.flatnonzero(result.mentor_of >= 0)
        allowed[rows, result.mentor_of[rows]] = False
    picked.sort(key=lambda j: -scores[me, j])
    explanations = explain_pairs(pool.scorer, [me] * len(picked), picked) if picked else []
    return [
        Suggestion(pool.mentors[e.mentor], round(e.total, 4), _reasons(e), e.summary)
        for e in explanations
    ]


def top_mentors_for(
    *, program: Program, config: MatchingConfig, mentee: Enrollment, k: int = 5
) -> list[Suggestion]:
    """The k best allowed mentors for one mentee under `config`, ignoring everyone else:
    the live preview of what a change of weights does."""
    mentees = [e for e in _participants(program, EnrollmentRole.MENTEE) if e.pk == mentee.pk]
    if not mentees:
        mentees = [mentee]
    pool = load_pool(program=program, config=config, mentees=mentees)
    if pool.scorer.shape[1] == 0:
        return []
    scores, _ = pool.scorer.block([0])
    allowed = ~pool.constraints.forbidden([0])
    ranked = [j for j in np.argsort(-scores[0], kind="stable") if allowed[0, j]][:k]
    explanations = explain_pairs(pool.scorer, [0] * len(ranked), ranked) if ranked else []
    return [
        Suggestion(pool.mentors[e.mentor], round(e.total, 4), _reasons(e), e.summary)
        for e in explanations
    ]
