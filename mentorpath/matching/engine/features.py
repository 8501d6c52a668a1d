"""Profiles as arrays: what the matching engine is fed.

The engine never sees a Django model. Its caller (``matching.services`` for the product, the
command-line tool for CSV files, :mod:`.synthetic` for benchmarks) turns each side of a
program — its mentees, its mentors — into one :class:`Side`: one row per participant, one
array per attribute, categories as integer codes into a :class:`Vocab` that both sides share.
Arrays keep a 100k × 20k run vectorized; the vocab's names let explanations speak in words.

Two small helpers sit here too: :class:`Ragged` (variable-length integer lists in one flat
array: manager chains, ranked choices) and the text features for career goals
(:func:`tokenize`, :class:`TextSpace`: TF-IDF with L2-normalized rows, so a sparse product is
a cosine similarity). Everything is deterministic and needs no download.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

#: The four working-style dimensions, each answered on a 1–5 scale between two poles, in the
#: order of ``Side.style``'s columns. Mirrors ``people.enums.WORKING_STYLE_POLES`` (the engine
#: may not import Django); the pole phrases are worded to follow "both prefer ...".
STYLE_DIMENSIONS: tuple[str, ...] = ("structure", "pace", "communication", "feedback")
STYLE_POLES: dict[str, tuple[str, str]] = {
    "structure": ("plans and agendas", "going with the flow"),
    "pace": ("a steady pace", "a fast pace"),
    "communication": ("written communication", "live conversation"),
    "feedback": ("gentle feedback", "direct feedback"),
}
STYLE_MIN, STYLE_MAX = 1, 5
SKILL_LEVEL_MAX = 5


@dataclass(frozen=True)
class Vocab:
    """Names behind the integer codes, shared by the mentee and the mentor side.

    Column ``k`` of ``Side.skill_level`` is the skill ``skills[k]``; ``Side.department`` holds
    indexes into ``departments`` (-1: unknown), and so on. Only explanations read the names.
    """

    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("skills", "languages", "interests", "departments"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True, eq=False)
class Ragged:
    """Variable-length lists of integers stored flat, in CSR layout.

    List ``i`` is ``values[ptr[i]:ptr[i + 1]]``. One flat array instead of 100k Python lists,
    so manager chains and ranked choices can be turned into (row, value) pairs with one
    ``np.repeat``.
    """

    ptr: NDArray[np.int64]
    values: NDArray[np.int64]

    def __post_init__(self) -> None:
        ptr = np.asarray(self.ptr, dtype=np.int64)
        values = np.asarray(self.values, dtype=np.int64)
        if ptr.ndim != 1 or len(ptr) == 0 or ptr[0] != 0 or np.any(np.diff(ptr) < 0):
            raise ValueError("Ragged.ptr must start at 0 and never decrease")
        if ptr[-1] != len(values):
            raise ValueError("Ragged.ptr must end at len(values)")
        object.__setattr__(self, "ptr", ptr)
        object.__setattr__(self, "values", values)

    @classmethod
    def empty(cls, n: int) -> Ragged:
        return cls(np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=np.int64))

    @classmethod
    def from_lists(cls, lists: Iterable[Sequence[int]]) -> Ragged:
        lists = [list(items) for items in lists]
        lengths = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
        ptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        values = np.fromiter(
            (v for items in lists for v in items), dtype=np.int64, count=int(ptr[-1])
        )
        return cls(ptr, values)

    def __len__(self) -> int:
        return len(self.ptr) - 1

    def row(self, i: int) -> NDArray[np.int64]:
        return self.values[self.ptr[i] : self.ptr[i + 1]]

    def lengths(self) -> NDArray[np.int64]:
        return np.diff(self.ptr)

    def owners(self) -> NDArray[np.int64]:
        """The list index of each value: ``values[k]`` belongs to list ``owners()[k]``."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.lengths())

    def positions(self) -> NDArray[np.int64]:
        """Each value's 0-based position inside its own list (its rank for ranked choices)."""
        return np.arange(len(self.values), dtype=np.int64) - np.repeat(
            self.ptr[:-1], self.lengths()
        )

    def to_lists(self) -> list[list[int]]:
        return [self.row(i).tolist() for i in range(len(self))]

    def take(self, rows: ArrayLike) -> Ragged:
        """The lists of the given rows, in that order."""
        rows = np.asarray(rows, dtype=np.int64)
        lengths = self.lengths()[rows]
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        values = self.values[np.repeat(self.ptr[rows], lengths) + offsets]
        return Ragged(np.concatenate(([0], np.cumsum(lengths))).astype(np.int64), values)


def manager_chains(
    person_ids: ArrayLike, manager_ids: ArrayLike, of: ArrayLike | None = None
) -> Ragged:
    """Each person's management chain: the ids of all their managers, nearest first.

    ``person_ids``/``manager_ids`` describe the whole organization (a program's participants'
    managers are usually not enrolled themselves); a manager id that is negative or unknown
    ends the chain. ``of`` picks whose chains to return (default: everyone, in order).

    Pointer jumping on arrays: one vectorized step per level of the hierarchy, so 100k people
    in a 10-level organization cost 10 NumPy passes, not 100k Python walks. A cycle (which
    ``person_set_manager`` refuses, but an imported file could contain) raises ``ValueError``.
    """
    ids = np.asarray(person_ids, dtype=np.int64)
    managers = np.asarray(manager_ids, dtype=np.int64)
    if ids.shape != managers.shape or ids.ndim != 1:
        raise ValueError("person_ids and manager_ids must be 1-d arrays of the same length")
    if len(np.unique(ids)) != len(ids):
        raise ValueError("person_ids must be unique")
    parent = index_of(ids, managers)
    wanted = ids if of is None else np.asarray(of, dtype=np.int64)
    start = index_of(ids, wanted)
    if np.any(start < 0):
        raise ValueError("of: every id must appear in person_ids")

    owners: list[NDArray[np.int64]] = []
    chain: list[NDArray[np.int64]] = []
    rows = np.arange(len(wanted), dtype=np.int64)
    current = parent[start]
    for _ in range(len(ids) + 1):
        alive = current >= 0
        rows, current = rows[alive], current[alive]
        if len(rows) == 0:
            break
        owners.append(rows)
        chain.append(ids[current])
        current = parent[current]
    else:
        raise ValueError("manager_ids: the reporting lines contain a cycle")
    if not owners:
        return Ragged.empty(len(wanted))
    all_owners = np.concatenate(owners)
    all_chain = np.concatenate(chain)
    by_owner = np.argsort(all_owners, kind="stable")  # stable: keeps nearest-first order
    counts = np.bincount(all_owners, minlength=len(wanted))
    ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return Ragged(ptr, all_chain[by_owner])


def index_of(ids: ArrayLike, wanted: ArrayLike) -> NDArray[np.int64]:
    """Position of each ``wanted`` id in ``ids`` (unique), or -1 when absent. Vectorized:
    one sort of ``ids``, one binary search per wanted id."""
    ids = np.asarray(ids, dtype=np.int64)
    wanted = np.asarray(wanted, dtype=np.int64)
    if len(ids) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    at = np.minimum(np.searchsorted(sorted_ids, wanted), len(ids) - 1)
    return np.where(sorted_ids[at] == wanted, order[at], -1).astype(np.int64)


# ---- one side of a program


@dataclass(eq=False)
class Side:
    """One side of a program (its mentees, or its mentors) as arrays, one row per person.

    Only ``vocab`` and ``ids`` are required; every other attribute has a neutral default so
    a caller fills what it knows. ``__post_init__`` converts and checks everything, raising
    ``ValueError`` that names the attribute at fault.

    - ``ids``: person ids (int64, unique within the side). The same id on both sides is the
      same person; manager chains, ranked choices and blocked pairs use these ids.
    - ``names``: display names for explanations ("Ana is level 4 in Negotiation ...").
    - ``level``: career level (1–12 in the product).
    - ``department``: index into ``vocab.departments``, -1 when unknown.
    - ``utc_offset_minutes``: the person's offset from UTC; the caller resolves IANA time
      zones at the program's start so the engine stays pure. ``time_zones`` keeps the names
      for explanations ("both in Europe/Berlin").
    - ``languages``: n × L bool, the languages the person speaks.
    - ``skill_level``: n × S, the person's level 1–5 in a skill (0: none stated);
      ``teach`` / ``learn``: n × S bool, the PersonSkill flags can_teach / wants_to_learn.
    - ``interests``: n × I bool.
    - ``text``: free text compared by the goals criterion — a mentee's career goals and
      enrollment goals; a mentor's bio, career goals and what they offer.
    - ``style``: n × 4 float, answers 1–5 per :data:`STYLE_DIMENSIONS`, NaN when unanswered.
    - ``availability_hours``: hours per month offered (NaN: not stated). Not scored; carried
      for the product's display and capacity defaults.
    - ``manager_chain``: for each person the ids of all their managers (see
      :func:`manager_chains`); used by the reporting-line rule.
    - ``eligible``: False excludes the person from every pair (enrollment not approved, ...).
    - ``capacity``: how many mentees a mentor takes (mentors only; 0 is allowed).
    - ``choices``: for mentees, the mentor ids they ranked, first choice first.
    """

    vocab: Vocab
    ids: Any
    names: Any = None
    level: Any = None
    department: Any = None
    utc_offset_minutes: Any = None
    time_zones: Any = None
    languages: Any = None
    skill_level: Any = None
    teach: Any = None
    learn: Any = None
    interests: Any = None
    text: Any = None
    style: Any = None
    availability_hours: Any = None
    manager_chain: Any = None
    eligible: Any = None
    capacity: Any = None
    choices: Any = None

    def __post_init__(self) -> None:
        ids = np.asarray(self.ids, dtype=np.int64).reshape(-1)
        n = len(ids)
        if len(np.unique(ids)) != n:
            raise ValueError("ids: every person may appear only once on a side")
        self.ids = ids
        vocab = self.vocab
        self.names = _strings("names", self.names, n, default=[str(i) for i in ids.tolist()])
        self.level = _ints("level", self.level, n, default=1)
        self.department = _ints("department", self.department, n, default=-1)
        if np.any((self.department < -1) | (self.department >= len(vocab.departments))):
            raise ValueError("department: codes must be -1 or index vocab.departments")
        self.utc_offset_minutes = _ints("utc_offset_minutes", self.utc_offset_minutes, n, 0)
        if np.any(np.abs(self.utc_offset_minutes) > 24 * 60):
            raise ValueError("utc_offset_minutes: offsets must lie within ±24 hours")
        self.time_zones = _strings("time_zones", self.time_zones, n, default=[""] * n)
        self.languages = _bool_matrix("languages", self.languages, n, len(vocab.languages))
        self.skill_level = _float_matrix("skill_level", self.skill_level, n, len(vocab.skills))
        levels = self.skill_level.data
        if np.any((levels < 0) | (levels > SKILL_LEVEL_MAX) | (levels != np.round(levels))):
            raise ValueError(f"skill_level: levels must be whole numbers 0–{SKILL_LEVEL_MAX}")
        self.teach = _bool_matrix("teach", self.teach, n, len(vocab.skills))
        self.learn = _bool_matrix("learn", self.learn, n, len(vocab.skills))
        self.interests = _bool_matrix("interests", self.interests, n, len(vocab.interests))
        self.text = _strings("text", self.text, n, default=[""] * n)
        self.style = _style(self.style, n)
        self.availability_hours = _floats("availability_hours", self.availability_hours, n)
        self.manager_chain = _ragged("manager_chain", self.manager_chain, n)
        self.eligible = _bools("eligible", self.eligible, n, default=True)
        self.capacity = _ints("capacity", self.capacity, n, default=1)
        if np.any(self.capacity < 0):
            raise ValueError("capacity: must not be negative")
        self.choices = _ragged("choices", self.choices, n)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def n(self) -> int:
        return len(self.ids)


def _strings(name: str, value: Any, n: int, default: list[str]) -> list[str]:
    out = default if value is None else [str(v) for v in value]
    if len(out) != n:
        raise ValueError(f"{name}: expected {n} entries, got {len(out)}")
    return out


def _ints(name: str, value: Any, n: int, default: int) -> NDArray[np.int64]:
    if value is None:
        return np.full(n, default, dtype=np.int64)
    arr = np.asarray(value)
    if arr.shape != (n,):
        raise ValueError(f"{name}: expected shape ({n},), got {arr.shape}")
    whole = np.issubdtype(arr.dtype, np.integer) or (
        np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))
    )
    if arr.size and not whole:
        raise ValueError(f"{name}: expected whole numbers")
    return arr.astype(np.int64)


def _floats(name: str, value: Any, n: int) -> NDArray[np.float64]:
    if value is None:
        return np.full(n, np.nan)
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape != (n,):
        raise ValueError(f"{name}: expected shape ({n},), got {arr.shape}")
    return arr


def _bools(name: str, value: Any, n: int, default: bool) -> NDArray[np.bool_]:
    if value is None:
        return np.full(n, default, dtype=bool)
    arr = np.asarray(value, dtype=bool)
    if arr.shape != (n,):
        raise ValueError(f"{name}: expected shape ({n},), got {arr.shape}")
    return arr


def _float_matrix(name: str, value: Any, n: int, width: int) -> sp.csr_matrix:
    if value is None:
        return sp.csr_matrix((n, width), dtype=np.float32)
    mat = sp.csr_matrix(value, dtype=np.float32)
    if mat.shape != (n, width):
        raise ValueError(f"{name}: expected shape ({n}, {width}), got {mat.shape}")
    if mat.nnz and not np.all(np.isfinite(mat.data)):
        raise ValueError(f"{name}: values must be finite")
    mat.sum_duplicates()
    mat.eliminate_zeros()
    mat.sort_indices()
    return mat


def _bool_matrix(name: str, value: Any, n: int, width: int) -> sp.csr_matrix:
    mat = _float_matrix(name, value, n, width)
    mat.data[:] = 1.0  # any stored non-zero means "yes"
    return mat


def _style(value: Any, n: int) -> NDArray[np.float64]:
    dims = len(STYLE_DIMENSIONS)
    if value is None:
        return np.full((n, dims), np.nan)
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape != (n, dims):
        raise ValueError(f"style: expected shape ({n}, {dims}), got {arr.shape}")
    answered = arr[~np.isnan(arr)]
    if np.any(answered != np.round(answered)) or np.any(
        (answered < STYLE_MIN) | (answered > STYLE_MAX)
    ):
        raise ValueError(f"style: answers must be whole numbers {STYLE_MIN}–{STYLE_MAX} or NaN")
    return arr


def _ragged(name: str, value: Any, n: int) -> Ragged:
    if value is None:
        return Ragged.empty(n)
    out = value if isinstance(value, Ragged) else Ragged.from_lists(value)
    if len(out) != n:
        raise ValueError(f"{name}: expected {n} lists, got {len(out)}")
    return out


# ---- building sides from per-person records


@dataclass
class Profile:
    """One participant as plain Python data: the easy way to build a :class:`Side`.

    ``skills`` maps a skill name to ``(level, can_teach, wants_to_learn)``; ``style`` maps a
    :data:`STYLE_DIMENSIONS` name to its 1–5 answer. Names are turned into codes by
    :func:`sides_from_profiles`, which collects the vocab from both sides.
    """

    id: int
    name: str = ""
    level: int = 1
    department: str | None = None
    utc_offset_minutes: int = 0
    time_zone: str = ""
    languages: Sequence[str] = ()
    skills: Mapping[str, tuple[int, bool, bool]] = field(default_factory=dict)
    interests: Sequence[str] = ()
    text: str = ""
    style: Mapping[str, int] = field(default_factory=dict)
    availability_hours: float | None = None
    manager_chain: Sequence[int] = ()
    eligible: bool = True
    capacity: int = 1
    choices: Sequence[int] = ()


def sides_from_profiles(
    mentees: Sequence[Profile], mentors: Sequence[Profile], vocab: Vocab | None = None
) -> tuple[Side, Side, Vocab]:
    """Build both sides from per-person records; the vocab is collected (sorted) if not given.

    Convenient for the product's service layer, the CLI and tests; benchmarks build arrays
    directly. Names missing from a given ``vocab`` raise ``ValueError``.
    """
    people = [*mentees, *mentors]
    if vocab is None:
        vocab = Vocab(
            skills=_sorted_names(name for p in people for name in p.skills),
            languages=_sorted_names(name for p in people for name in p.languages),
            interests=_sorted_names(name for p in people for name in p.interests),
            departments=_sorted_names(p.department for p in people if p.department),
        )
    return _side(mentees, vocab), _side(mentors, vocab), vocab


def _sorted_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names), key=lambda s: (s.casefold(), s)))


def _side(profiles: Sequence[Profile], vocab: Vocab) -> Side:
    n = len(profiles)
    skill_at = _name_lookup("skill", vocab.skills)
    language_at = _name_lookup("language", vocab.languages)
    interest_at = _name_lookup("interest", vocab.interests)
    department_at = _name_lookup("department", vocab.departments)
    shape_s = (n, len(vocab.skills))
    rows, cols, levels, teach, learn = [], [], [], [], []
    for i, p in enumerate(profiles):
        for skill, (lvl, can_teach, wants) in p.skills.items():
            rows.append(i)
            cols.append(skill_at(skill))
            levels.append(lvl)
            teach.append(bool(can_teach))
            learn.append(bool(wants))
    r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    t, w = np.asarray(teach, dtype=bool), np.asarray(learn, dtype=bool)
    style = np.full((n, len(STYLE_DIMENSIONS)), np.nan)
    for i, p in enumerate(profiles):
        for dim, answer in p.style.items():
            if dim not in STYLE_DIMENSIONS:
                raise ValueError(f"style: unknown dimension {dim!r}")
            style[i, STYLE_DIMENSIONS.index(dim)] = answer
    return Side(
        vocab=vocab,
        ids=[p.id for p in profiles],
        names=[p.name or str(p.id) for p in profiles],
        level=[p.level for p in profiles],
        department=[department_at(p.department) if p.department else -1 for p in profiles],
        utc_offset_minutes=[p.utc_offset_minutes for p in profiles],
        time_zones=[p.time_zone for p in profiles],
        languages=_incidence(profiles, "languages", language_at, len(vocab.languages)),
        skill_level=sp.csr_matrix((np.asarray(levels, dtype=np.float32), (r, c)), shape=shape_s),
        teach=sp.csr_matrix((np.ones(t.sum(), np.float32), (r[t], c[t])), shape=shape_s),
        learn=sp.csr_matrix((np.ones(w.sum(), np.float32), (r[w], c[w])), shape=shape_s),
        interests=_incidence(profiles, "interests", interest_at, len(vocab.interests)),
        text=[p.text for p in profiles],
        style=style,
        availability_hours=[
            np.nan if p.availability_hours is None else p.availability_hours for p in profiles
        ],
        manager_chain=[p.manager_chain for p in profiles],
        eligible=[p.eligible for p in profiles],
        capacity=[p.capacity for p in profiles],
        choices=[p.choices for p in profiles],
    )


def _name_lookup(kind: str, names: Sequence[str]) -> Any:
    at = {name: i for i, name in enumerate(names)}

    def lookup(name: str) -> int:
        try:
            return at[name]
        except KeyError:
            raise ValueError(f"unknown {kind} {name!r}: not in the vocab") from None

    return lookup


def _incidence(profiles: Sequence[Profile], attr: str, at: Any, width: int) -> sp.csr_matrix:
    pairs = [(i, at(name)) for i, p in enumerate(profiles) for name in set(getattr(p, attr))]
    rows = np.asarray([i for i, _ in pairs], dtype=np.int64)
    cols = np.asarray([k for _, k in pairs], dtype=np.int64)
    return sp.csr_matrix(
        (np.ones(len(pairs), dtype=np.float32), (rows, cols)), shape=(len(profiles), width)
    )


# ---- text: career goals, profiles and program objectives

#: English function words and the filler of goal statements ("I want to ..."), dropped so
#: that similarity rests on content words. Deliberately short and fixed: no download.
_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each etc few for
    from further get got had has have having he her here hers herself him himself his how i if
    in into is it its itself just let like me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own per same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up us very via was we were what when where which while who whom why will with would
    you your yours yourself yourselves able become becoming better want wants wanted wanting
    would like hope hoping plan planning goal goals grow growing improve improving learn
    learning really much many well way ways next year years make making
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

_TOKEN = re.compile(r"[^\W_]+(?:[+#]+|(?:['’][^\W_]+))?", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """Content words of a text, normalized so that "Negotiations" meets "negotiation".

    Lower-case word tokens (letters and digits; "c++" and "c#" kept whole), then: drop a
    possessive "'s"; drop tokens shorter than 2 characters, pure numbers and
    :data:`STOP_WORDS`; fold plurals with two rules only — "-ies" → "-y" (words longer than 4
    letters) and a final "s" dropped unless the word ends in "ss", "us" or "is" or has 3
    letters or fewer. Deliberately tiny: predictable, explainable, no download.
    """
    return [token for token, _ in _content_words(text)]


def content_words(text: str) -> dict[str, str]:
    """Each token of :func:`tokenize` mapped to the first word of the text it came from, so
    explanations can quote the person's own words ("negotiations", not "negotiation")."""
    out: dict[str, str] = {}
    for token, word in _content_words(text):
        out.setdefault(token, word)
    return out


def _content_words(text: str) -> list[tuple[str, str]]:
    out = []
    for raw in _TOKEN.findall(text.lower()):
        token = raw.replace("’", "'")
        if token.endswith("'s"):
            token = token[:-2]
        token = token.replace("'", "")
        if len(token) < 2 or token.isdigit() or token in STOP_WORDS:
            continue
        if len(token) > 4 and token.endswith("ies"):
            token = token[:-3] + "y"
        elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
            token = token[:-1]
        if token not in STOP_WORDS:
            out.append((token, raw))
    return out


@dataclass(frozen=True, eq=False)
class TextSpace:
    """TF-IDF over the documents of one matching run; rows are L2-normalized.

    Fitted on every document the run compares (mentees' goals, mentors' profiles, the
    program's objectives), so a word common across the pool weighs little. For a token ``t``
    in a document: ``tf = 1 + ln(count)``, ``idf = ln((1 + N) / (1 + df(t))) + 1`` (``N``
    documents, ``df`` those containing ``t``), weight ``tf · idf``; each row is divided by its
    Euclidean norm, so the dot product of two rows is their cosine similarity, in [0, 1].
    Empty documents give zero rows (similarity 0). The vocabulary is sorted, so the result
    depends only on the documents.
    """

    vocabulary: dict[str, int]
    idf: NDArray[np.float64]

    @classmethod
    def fit(cls, documents: Iterable[str]) -> tuple[TextSpace, sp.csr_matrix]:
        """Fit on ``documents`` and return the space together with their vectors."""
        tokens = [tokenize(doc) for doc in documents]
        words = sorted({t for doc in tokens for t in doc})
        vocabulary = {w: i for i, w in enumerate(words)}
        counts = _count_matrix(tokens, vocabulary)
        df = np.bincount(counts.indices, minlength=len(words))
        n_docs = counts.shape[0]
        idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        space = cls(vocabulary, idf)
        return space, space._weigh(counts)

    def transform(self, documents: Iterable[str]) -> sp.csr_matrix:
        """Vectors for new documents; words unseen at fit time are ignored."""
        return self._weigh(_count_matrix([tokenize(d) for d in documents], self.vocabulary))

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        weights = counts.astype(np.float64)
        weights.data = (1.0 + np.log(weights.data)) * self.idf[weights.indices]
        norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        weights = sp.csr_matrix(sp.diags(scale) @ weights)
        weights.sort_indices()
        return weights

    def terms(self) -> list[str]:
        """The vocabulary in column order."""
        out = [""] * len(self.vocabulary)
        for word, k in self.vocabulary.items():
            out[k] = word
        return out


def _count_matrix(tokens: list[list[str]], vocabulary: Mapping[str, int]) -> sp.csr_matrix:
    cols = [vocabulary[t] for doc in tokens for t in doc if t in vocabulary]
    lengths = [sum(1 for t in doc if t in vocabulary) for doc in tokens]
    rows = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)
    counts = sp.csr_matrix(
        (np.ones(len(cols), dtype=np.float64), (rows, np.asarray(cols, dtype=np.int64))),
        shape=(len(tokens), len(vocabulary)),
    )
    counts.sum_duplicates()
    return counts
