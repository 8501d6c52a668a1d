"""Rank learning resources and paths for one person by their own gaps. Pure: dataclasses in,
a ranked list with the reasons in words out; no Django, no database.

The scoring formula
-------------------
A person's *gaps* are the skills they want to learn and the skills linked to the goals of their
running mentorships, each with their current level in it (unknown when they never rated it).
An *item* (a resource or a learning path) has skills, a level (or none: any level), an
audience, program types (none: every program) and usefulness ratings.

    relevance  = Σ over the item's skills s that are gaps:  weight(s) × fit(item level, level(s))
    weight(s)  = GOAL_WEIGHT (3) if s is linked to one of their goals
               + WANT_WEIGHT (2) if they want to learn s
    fit(r, c)  = 1.0   when r is c or c + 1 (at or just above their level)
               = 0.6   when r is c + 2
               = 0.5   when r is c − 1
               = 0.25  further away
               = 0.8   when either level is unknown
    program    = PROGRAM_BONUS (1) when the item names a type of a program they are in, else 0
    usefulness = 0.5 + bayes / 10, in [0.6, 1.0]
    bayes      = (PRIOR_WEIGHT × m + Σ ratings) / (PRIOR_WEIGHT + n)
                 the item's average rating shrunk towards the mean m of every rating
                 (PRIOR_WEIGHT = 5 pseudo-ratings), so one rating of 5 does not beat forty of 4.6
    score      = (relevance + program) × usefulness

Items meant for mentors only, and items with nothing to do with the person (score 0), are left
out. Ties are broken by title. Every term that adds to the score adds a reason, in the order:
goals, wanted skills, level, program type, rating.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

GOAL_WEIGHT = 3.0
WANT_WEIGHT = 2.0
PROGRAM_BONUS = 1.0
PRIOR_WEIGHT = 5.0
DEFAULT_MEAN = 3.5
UNKNOWN_FIT = 0.8

LEVEL_NAMES = {1: "Aware", 2: "Beginner", 3: "Practitioner", 4: "Advanced", 5: "Expert"}
"""The names of `people.enums.SKILL_LEVELS` (a test keeps them the same)."""

MENTOR_ONLY = "mentor"


@dataclass(frozen=True)
class Gap:
    """A skill the person wants to grow: wanted, linked to goals, or both."""

    skill_id: int
    skill_name: str
    level: int | None = None
    wants_to_learn: bool = False
    goals: tuple[str, ...] = ()

    @property
    def weight(self) -> float:
        return (GOAL_WEIGHT if self.goals else 0.0) + (WANT_WEIGHT if self.wants_to_learn else 0.0)


@dataclass(frozen=True)
class Learner:
    gaps: tuple[Gap, ...] = ()
    program_types: frozenset[str] = frozenset()
    program_type_names: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Item:
    key: Hashable
    title: str
    skill_ids: tuple[int, ...] = ()
    level: int | None = None
    audience: str = "both"
    program_types: tuple[str, ...] = ()
    rating_sum: int = 0
    rating_count: int = 0
    #: how the reason names the ratings: a path is judged by its resources' ratings
    rated: str = "rated"


@dataclass(frozen=True)
class Ranked:
    key: Hashable
    score: float
    reasons: list[str]


def fit(item_level: int | None, current: int | None) -> float:
    """How well an item's level suits someone at `current`: best at or just above it."""
    if item_level is None or current is None:
        return UNKNOWN_FIT
    gap = item_level - current
    if gap in (0, 1):
        return 1.0
    if gap == 2:
        return 0.6
    if gap == -1:
        return 0.5
    return 0.25


def shrunk_rating(rating_sum: int, rating_count: int, mean: float) -> float:
    """The Bayesian average: the item's ratings plus PRIOR_WEIGHT ratings of the mean."""
    return (PRIOR_WEIGHT * mean + rating_sum) / (PRIOR_WEIGHT + rating_count)


def usefulness(item: Item, mean: float) -> float:
    return 0.5 + shrunk_rating(item.rating_sum, item.rating_count, mean) / 10


def global_mean(rating_sum: int, rating_count: int) -> float:
    return rating_sum / rating_count if rating_count else DEFAULT_MEAN


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def score_item(learner: Learner, item: Item, mean: float) -> Ranked:
    """One item's score and the reasons for it (score 0 when nothing links it to the person)."""
    gaps = {gap.skill_id: gap for gap in learner.gaps}
    matched = [gaps[s] for s in dict.fromkeys(item.skill_ids) if s in gaps]
    relevance = sum(gap.weight * fit(item.level, gap.level) for gap in matched)
    reasons: list[str] = []
    for gap in matched:
        reasons.extend(f'for your goal "{title}"' for title in gap.goals)
    reasons.extend(f"you want to learn {gap.skill_name}" for gap in matched if gap.wants_to_learn)
    at_level = [g for g in matched if g.level is not None and fit(item.level, g.level) == 1.0]
    if at_level and item.level is not None:
        reasons.append(f"matches your level ({LEVEL_NAMES.get(at_level[0].level or 0, '')})")
    shared = sorted(learner.program_types.intersection(item.program_types))
    program = PROGRAM_BONUS if shared else 0.0
    if shared:
        names = [learner.program_type_names.get(t, t).lower() for t in shared]
        reasons.append(f"made for {' and '.join(names)} programs")
    score = (relevance + program) * usefulness(item, mean)
    if item.rating_count:
        average = item.rating_sum / item.rating_count
        reasons.append(f"{item.rated} {average:.1f} by {_people(item.rating_count)}")
    return Ranked(item.key, round(score, 6), reasons)


def rank(
    learner: Learner, items: Iterable[Item], mean: float, limit: int | None = None
) -> list[Ranked]:
    """The items worth recommending, best first (ties by title, then key)."""
    scored = []
    for item in items:
        if item.audience == MENTOR_ONLY:
            continue
        ranked = score_item(learner, item, mean)
        if ranked.score > 0:
            scored.append((ranked, item.title))
    scored.sort(key=lambda pair: (-pair[0].score, pair[1].lower(), str(pair[0].key)))
    result = [ranked for ranked, _ in scored]
    return result if limit is None else result[:limit]
