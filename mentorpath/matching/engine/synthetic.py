"""Random but realistic matching instances, for benchmarks, the CLI's demo and tests.

``synthetic_instance(n_mentees, n_mentors, seed)`` builds both sides of a program in one
organization: departments of unequal size with their own core skills (so skills, goals and
departments correlate as they do in real pools), a reporting hierarchy, mentors a few levels
above mentees, time zones and languages that go together by region, optional working-style
answers, some ranked choices, a few people enrolled on both sides, a few ineligible people,
mentors without capacity, and blocked pairs — so every rule of the engine has work to do.

Everything is drawn with NumPy from one ``numpy.random.Generator`` seeded by ``seed``, in a
fixed order, so an instance is a pure function of its arguments. The draws are vectorized
(top-k of Gumbel-perturbed log-probabilities picks each person's skills and interests at
once), so 100k × 20k builds in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentorpath.matching.engine.features import (
    STYLE_DIMENSIONS,
    Ragged,
    Side,
    Vocab,
    manager_chains,
)
from mentorpath.matching.engine.scoring import MatchConfig

SKILL_NAMES = (
    "Negotiation", "Public speaking", "Python", "SQL", "Data analysis", "Machine learning",
    "Project management", "Product management", "Stakeholder management", "Coaching",
    "Giving feedback", "Hiring", "Budgeting", "Financial modeling", "Sales prospecting",
    "Account management", "Customer success", "UX design", "User research", "Copywriting",
    "SEO", "Brand strategy", "Cloud architecture", "Kubernetes", "Security", "Testing", "Java",
    "JavaScript", "TypeScript", "Go", "Rust", "C++", "Agile delivery", "Scrum",
    "Change management", "Strategic planning", "Presentation design", "Storytelling",
    "Conflict resolution", "Time management", "Delegation", "Mentoring", "Leadership",
    "People management", "Performance reviews", "Employment law", "Contract drafting",
    "Compliance", "Risk management", "Procurement", "Supply chain", "Logistics", "Lean",
    "Six Sigma", "Excel", "Forecasting", "Pricing", "Partnerships", "Fundraising",
    "Investor relations", "Accounting", "Tax", "Audit", "Payroll", "Benefits design",
    "Inclusive hiring", "Onboarding", "Learning design", "Facilitation", "Writing", "Editing",
    "Social media", "Event planning", "Community building", "Data visualization",
    "Statistics", "Experimentation", "Mobile development", "DevOps", "Incident management",
)  # fmt: skip
LANGUAGE_NAMES = (
    "English", "Spanish", "Portuguese", "French", "German", "Italian", "Dutch", "Polish",
    "Hindi", "Japanese", "Mandarin", "Korean", "Arabic", "Turkish", "Swedish",
)  # fmt: skip
INTEREST_NAMES = (
    "Running", "Chess", "Cooking", "Hiking", "Photography", "Reading", "Music", "Cycling",
    "Gardening", "Travel", "Yoga", "Board games", "Painting", "Climbing", "Volunteering",
    "Film", "Football", "Podcasts", "Writing", "Swimming",
)  # fmt: skip
DEPARTMENT_NAMES = (
    "Engineering", "Sales", "Operations", "Marketing", "Product", "Finance", "People", "Legal",
)  # fmt: skip
#: (IANA name, UTC offset in minutes, index of the region's language in LANGUAGE_NAMES)
TIME_ZONES = (
    ("Europe/London", 0, 0), ("Europe/Lisbon", 0, 2), ("Europe/Berlin", 60, 4),
    ("Europe/Paris", 60, 3), ("Europe/Madrid", 60, 1), ("Europe/Warsaw", 60, 7),
    ("America/New_York", -300, 0), ("America/Chicago", -360, 0),
    ("America/Los_Angeles", -480, 0), ("America/Sao_Paulo", -180, 2),
    ("America/Mexico_City", -360, 1), ("Asia/Kolkata", 330, 8), ("Asia/Tokyo", 540, 9),
    ("Asia/Shanghai", 480, 10), ("Australia/Sydney", 600, 0),
)  # fmt: skip
TIME_ZONE_WEIGHTS = (14, 3, 10, 6, 5, 4, 16, 7, 8, 6, 4, 8, 3, 3, 3)
_ZONE_OFFSETS = np.asarray([offset for _, offset, _ in TIME_ZONES], dtype=np.int64)
_ZONE_LANGUAGES = np.asarray([language for _, _, language in TIME_ZONES], dtype=np.int64)
#: Words people use about their work, drawn (Zipf-like, the first most often) into goals and
#: bios beyond the templates, so the text vocabulary and its overlaps look like free text.
CAREER_WORDS = (
    "team", "strategy", "stakeholders", "roadmap", "customers", "delivery", "quality",
    "influence", "visibility", "promotion", "confidence", "ownership", "priorities",
    "communication", "presentations", "executives", "budget", "hiring", "feedback",
    "coaching", "career", "transition", "architecture", "platform", "data", "metrics",
    "analytics", "experiments", "growth", "retention", "revenue", "margins", "partners",
    "vendors", "contracts", "compliance", "audits", "risk", "security", "reliability",
    "incidents", "automation", "tooling", "mentoring", "onboarding", "culture", "inclusion",
    "wellbeing", "balance", "remote", "international", "expansion", "launch", "migration",
    "process", "operations", "planning", "forecasting", "storytelling", "writing",
    "research", "design", "prototyping", "users", "accessibility", "mobile", "cloud",
    "scaling", "performance", "negotiating", "pricing", "sales", "marketing", "brand",
    "community", "events", "partnerships", "investors", "board", "governance", "policy",
    "legal", "privacy", "ethics", "sustainability", "supply", "logistics", "manufacturing",
    "procurement", "finance", "accounting", "payroll", "benefits", "recruiting", "talent",
    "succession", "leadership", "management", "delegation", "conflict", "resilience",
    "change", "transformation", "innovation", "curiosity", "focus", "habits", "speaking",
    "networking", "certification", "degree", "sabbatical", "relocation", "startup",
)  # fmt: skip
FIRST_NAMES = (
    "Ana", "Bea", "Carlos", "Dana", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kofi",
    "Lena", "Maya", "Noah", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Viktor",
    "Wei", "Xena", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Almeida", "Brown", "Chen", "Diaz", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Jensen", "Kowalski", "Lopez", "Müller", "Nakamura", "Okafor", "Patel", "Rossi", "Silva",
    "Tanaka", "Weber",
)  # fmt: skip
GOAL_TEMPLATES = (
    "I want to get better at {0} and {1}.",
    "Grow into a senior role in {d}; build confidence in {0}.",
    "Learn {0} from someone who has done it, and improve my {1} skills.",
    "Move towards people management and strengthen my {0}.",
    "Become the go-to person for {0} in {d}.",
)
BIO_TEMPLATES = (
    "{lvl} in {d}. I coach people on {0} and {1}.",
    "Years of {0} and {1} in {d}; happy to share what worked and what did not.",
    "I lead {d} work on {0}, and love helping others grow in {1}.",
    "Mentor for {0}, {1} and {2}.",
)


@dataclass(frozen=True, eq=False)
class Instance:
    """A generated program: both sides, their vocab, and a config with blocked pairs."""

    mentees: Side
    mentors: Side
    vocab: Vocab
    config: MatchConfig


def synthetic_instance(
    n_mentees: int,
    n_mentors: int,
    seed: int = 0,
    *,
    n_skills: int = 80,
    n_languages: int = 15,
    n_interests: int = 20,
    n_departments: int = 8,
) -> Instance:
    """A random program of ``n_mentees`` × ``n_mentors``; the same arguments, the same one.

    Shape of the pool: mentees at levels 1–7, mentors 4–12, in departments of unequal size;
    mentees want 1–4 skills (half of them their department's), mentors teach 2–4 at level
    3–5; ~70% answered the whole style questionnaire, ~15% part of it; 20% of mentees ranked
    1–3 mentors; 1% of mentors are also mentees; 1% per side ineligible; 2% of mentors have
    no capacity, the rest 1–5; one blocked pair per ten mentees.
    """
    if n_mentees < 0 or n_mentors < 0:
        raise ValueError("n_mentees, n_mentors: must not be negative")
    if min(n_skills, n_languages, n_interests, n_departments) < 1:
        raise ValueError("n_skills, n_languages, n_interests, n_departments: at least 1 each")
    rng = np.random.default_rng(seed)
    vocab = Vocab(
        skills=_names(SKILL_NAMES, n_skills, "Skill"),
        languages=_names(LANGUAGE_NAMES, n_languages, "Language"),
        interests=_names(INTEREST_NAMES, n_interests, "Interest"),
        departments=_names(DEPARTMENT_NAMES, n_departments, "Department"),
    )
    both = min(n_mentees, n_mentors // 100)  # people enrolled on both sides
    n_people = n_mentees + n_mentors - both
    people = _people(rng, n_people, vocab)
    mentee_rows = np.arange(n_mentees)
    mentor_rows = np.concatenate(
        [np.arange(n_mentees - both, n_mentees), np.arange(n_mentees, n_people)]
    )
    # mentees at levels 1–7, mentors 4–12, people on both sides 4–7
    people.level[mentee_rows] = rng.integers(1, 8, size=n_mentees)
    people.level[mentor_rows] = rng.integers(4, 13, size=len(mentor_rows))
    people.level[n_mentees - both : n_mentees] = rng.integers(4, 8, size=both)
    chains = _hierarchy(rng, people)

    choices = _choices(rng, n_mentees, people.ids[mentor_rows])
    mentees = _side(rng, people, chains, mentee_rows, vocab, mentor=False, choices=choices)
    mentors = _side(rng, people, chains, mentor_rows, vocab, mentor=True)
    n_blocked = n_mentees // 10 if n_mentors else 0
    picked = rng.choice(n_mentees * n_mentors, size=n_blocked, replace=False)
    blocked = frozenset(
        zip(
            mentees.ids[picked // max(n_mentors, 1)].tolist(),
            mentors.ids[picked % max(n_mentors, 1)].tolist(),
            strict=True,
        )
    )
    focus = rng.choice(len(vocab.skills), size=min(2, len(vocab.skills)), replace=False)
    objectives = "Grow future leaders; build strength in " + " and ".join(
        vocab.skills[k] for k in focus
    )
    return Instance(
        mentees, mentors, vocab, MatchConfig(objectives=objectives, blocked_pairs=blocked)
    )


@dataclass(eq=False)
class _People:
    ids: NDArray[np.int64]
    level: NDArray[np.int64]
    department: NDArray[np.int64]
    zone: NDArray[np.int64]
    names: list[str]


def _names(base: tuple[str, ...], n: int, stem: str) -> tuple[str, ...]:
    return tuple(base[:n]) + tuple(f"{stem} {k + 1}" for k in range(len(base), n))


def _people(rng: np.random.Generator, n: int, vocab: Vocab) -> _People:
    n_dept = max(len(vocab.departments), 1)
    dept_weights = 1.0 / np.arange(1, n_dept + 1) ** 0.7
    department = rng.choice(n_dept, size=n, p=dept_weights / dept_weights.sum())
    zone_weights = np.asarray(TIME_ZONE_WEIGHTS, dtype=np.float64)
    zone = rng.choice(len(TIME_ZONES), size=n, p=zone_weights / zone_weights.sum())
    level = np.zeros(n, dtype=np.int64)  # set by role in synthetic_instance
    ids = rng.permutation(np.arange(1, n + 1, dtype=np.int64) * 7 + 1000)
    first = rng.integers(0, len(FIRST_NAMES), size=n)
    last = rng.integers(0, len(LAST_NAMES), size=n)
    names = [f"{FIRST_NAMES[f]} {LAST_NAMES[g]}" for f, g in zip(first, last, strict=True)]
    return _People(ids, level, department, zone, names)


def _hierarchy(rng: np.random.Generator, people: _People) -> Ragged:
    """Everyone reports to someone of a higher level in their department (if any), the
    top of each department to a level-12 executive; returns the chains of everyone."""
    n = len(people.ids)
    order = np.lexsort((people.level, people.department))
    dept_sorted, level_sorted = people.department[order], people.level[order]
    # first position (in sorted order) of anyone strictly above, in the same department
    key = dept_sorted * 100 + level_sorted
    above_start = np.searchsorted(key, key, side="right")
    dept_end = np.searchsorted(dept_sorted, dept_sorted, side="right")
    has_boss = above_start < dept_end
    span = np.maximum(dept_end - above_start, 1)
    pick = above_start + (rng.random(n) * span).astype(np.int64)
    boss_sorted = np.where(has_boss, order[np.minimum(pick, n - 1)], -1)
    managers = np.full(n, -1, dtype=np.int64)
    managers[order] = np.where(boss_sorted >= 0, people.ids[np.maximum(boss_sorted, 0)], -1)
    executives = np.flatnonzero((managers < 0) & (people.level == 12))
    tops = np.flatnonzero(managers < 0)
    if len(executives):
        ceo = executives[0]
        others = tops[tops != ceo]
        managers[others] = people.ids[ceo]
    return manager_chains(people.ids, managers)


def _side(
    rng: np.random.Generator,
    people: _People,
    chains: Ragged,
    rows: NDArray[np.int64],
    vocab: Vocab,
    *,
    mentor: bool,
    choices: Ragged | None = None,
) -> Side:
    n = len(rows)
    n_skills = len(vocab.skills)
    department = people.department[rows]
    zone = people.zone[rows]
    skill_level, teach, learn, offered = _skills(rng, department, n_skills, mentor=mentor)
    languages = _languages(rng, zone, len(vocab.languages))
    interests = _top_k_sets(rng, np.zeros((n, len(vocab.interests))), rng.integers(0, 6, size=n))
    text = _texts(rng, offered, department, people.level[rows], vocab, mentor=mentor)
    style = rng.integers(1, 6, size=(n, len(STYLE_DIMENSIONS))).astype(np.float64)
    answered = rng.random(n)
    style[answered > 0.85] = np.nan
    partial = (answered > 0.70) & (answered <= 0.85)
    style[partial] = np.where(rng.random((int(partial.sum()), 4)) < 0.5, np.nan, style[partial])
    capacity = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5], size=n) if mentor else np.ones(n, int)
    if mentor:
        capacity[rng.random(n) < 0.02] = 0
    return Side(
        vocab=vocab,
        ids=people.ids[rows],
        names=[people.names[r] for r in rows.tolist()],
        level=people.level[rows],
        department=department,
        utc_offset_minutes=_ZONE_OFFSETS[zone],
        time_zones=[TIME_ZONES[z][0] for z in zone.tolist()],
        languages=languages,
        skill_level=skill_level,
        teach=teach,
        learn=learn,
        interests=interests,
        text=text,
        style=style,
        availability_hours=rng.integers(2, 11, size=n).astype(np.float64) if mentor else None,
        manager_chain=chains.take(rows),
        eligible=rng.random(n) >= 0.01,
        capacity=capacity,
        choices=choices,
    )


def _skills(
    rng: np.random.Generator, department: NDArray, n_skills: int, *, mentor: bool
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, NDArray[np.int64]]:
    """Each person's listed skills: the first few are what they want (mentees) or teach
    (mentors), drawn with a bias to their department's core skills."""
    n = len(department)
    core = np.zeros((max(int(department.max(initial=0)) + 1, 1), n_skills))
    for d in range(core.shape[0]):
        start = (d * 10) % n_skills
        core[d, (start + np.arange(min(10, n_skills))) % n_skills] = 1.0
    logits = np.where(core[np.maximum(department, 0)] > 0, np.log(6.0), 0.0)
    listed = min(6, n_skills)
    picks = _gumbel_top(rng, logits, listed)  # n × listed, best first
    # mentors teach 2–4 skills at level 3–5 and list others at 1–3; mentees want 1–4 skills
    # at level 0–2 (0: not stated) and list others at 2–4
    focus = rng.integers(2, 5, size=n) if mentor else rng.integers(1, 5, size=n)
    flag = np.arange(listed)[None, :] < focus[:, None]
    high, low = ((3, 6), (1, 4)) if mentor else ((0, 3), (2, 5))
    levels = np.where(
        flag, rng.integers(*high, size=(n, listed)), rng.integers(*low, size=(n, listed))
    )
    rows = np.repeat(np.arange(n), listed)
    cols = picks.ravel()
    lvl = levels.ravel().astype(np.float32)
    shape = (n, n_skills)
    stated = lvl > 0
    skill_level = sp.csr_matrix((lvl[stated], (rows[stated], cols[stated])), shape=shape)
    f = flag.ravel()
    marks = sp.csr_matrix((np.ones(int(f.sum()), np.float32), (rows[f], cols[f])), shape=shape)
    empty = sp.csr_matrix(shape, dtype=np.float32)
    teach, learn = (marks, empty) if mentor else (empty, marks)
    offered = np.where(flag, picks, -1)
    return skill_level, teach, learn, offered


def _languages(rng: np.random.Generator, zone: NDArray, n_languages: int) -> sp.csr_matrix:
    n = len(zone)
    native = _ZONE_LANGUAGES[zone] % n_languages
    english = rng.random(n) < 0.75
    extra = rng.integers(0, n_languages, size=n)
    has_extra = rng.random(n) < 0.15
    rows = np.concatenate([np.arange(n), np.flatnonzero(english), np.flatnonzero(has_extra)])
    cols = np.concatenate([native, np.zeros(int(english.sum()), int), extra[has_extra]])
    matrix = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n, n_languages))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _gumbel_top(rng: np.random.Generator, logits: NDArray, k: int) -> NDArray[np.int64]:
    """k distinct indices per row, sampled without replacement with probability ∝ e^logit."""
    noisy = logits + rng.gumbel(size=logits.shape)
    top = np.argpartition(-noisy, k - 1, axis=1)[:, :k] if k < logits.shape[1] else None
    if top is None:
        top = np.tile(np.arange(logits.shape[1]), (logits.shape[0], 1))
    order = np.argsort(-np.take_along_axis(noisy, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1)


def _top_k_sets(rng: np.random.Generator, logits: NDArray, sizes: NDArray) -> sp.csr_matrix:
    n, width = logits.shape
    k = int(min(sizes.max(initial=0), width))
    if k == 0:
        return sp.csr_matrix((n, width), dtype=np.float32)
    picks = _gumbel_top(rng, logits, k)
    keep = np.arange(k)[None, :] < sizes[:, None]
    rows = np.repeat(np.arange(n), k).reshape(n, k)[keep]
    return sp.csr_matrix((np.ones(len(rows), np.float32), (rows, picks[keep])), shape=(n, width))


def _texts(
    rng: np.random.Generator,
    offered: NDArray[np.int64],
    department: NDArray,
    level: NDArray,
    vocab: Vocab,
    *,
    mentor: bool,
) -> list[str]:
    templates = BIO_TEMPLATES if mentor else GOAL_TEMPLATES
    choice = rng.integers(0, len(templates), size=len(offered))
    skill_names = np.asarray([*vocab.skills, "a new field"], dtype=object)
    words = skill_names[np.where(offered >= 0, offered, len(vocab.skills))]
    dept_names = [*vocab.departments, "the company"]
    popularity = 1.0 / np.arange(1, len(CAREER_WORDS) + 1)
    logits = np.broadcast_to(np.log(popularity), (len(offered), len(CAREER_WORDS)))
    extra = _top_k_sets(rng, logits, rng.integers(0, 7, size=len(offered)))
    texts = []
    for k, (t, row, d, lvl) in enumerate(
        zip(choice.tolist(), words, department.tolist(), level.tolist(), strict=True)
    ):
        named = [w for w in row if w != "a new field"] or ["a new field"]
        named = (named * 3)[:3]
        text = templates[t].format(*named, d=dept_names[d], lvl=f"Level {lvl} {dept_names[d]} lead")
        topics = [CAREER_WORDS[w] for w in extra.indices[extra.indptr[k] : extra.indptr[k + 1]]]
        texts.append(f"{text} Also: {', '.join(topics)}." if topics else text)
    return texts


def _choices(rng: np.random.Generator, n_mentees: int, mentor_ids: NDArray) -> Ragged:
    """20% of mentees rank 1–3 mentors."""
    if len(mentor_ids) == 0:
        return Ragged.empty(n_mentees)
    counts = np.where(rng.random(n_mentees) < 0.2, rng.integers(1, 4, size=n_mentees), 0)
    picks = rng.choice(mentor_ids, size=int(counts.sum()))
    return Ragged(np.concatenate(([0], np.cumsum(counts))), picks)
