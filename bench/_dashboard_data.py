"""A generated organization for the dashboard benchmark, written by PostgreSQL COPY.

`generate(sizes)` fills an empty, migrated PostgreSQL database with departments, locations,
people (hire dates over ten years, ~12% terminated, levels 1–10, gender mostly recorded),
promotions and terminations, eight programs (three closed, four active, one enrolling) with
their objectives, approved mentor and mentee enrollments, pairs at every status with their
agreements, check-ins over each pair's lifetime, goals, start/end skill assessments, surveys
with their questions, responses and answers, and pulse ratings on held check-ins.

Everything is drawn with numpy from one seed, with explicit primary keys, so foreign keys are
known without reading rows back; sequences are moved past them at the end. Every NOT NULL
column the generator does not set takes the model field's constant default — a column with
neither stops the run (see `copy_rows`), so a new required field is noticed, not guessed.
Nothing here goes through the services: no notification is sent, no signal runs.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import repeat
from typing import Any

import numpy as np
from django.core.management.color import no_style
from django.db import connection, models

from mentorpath.accounts.enums import OrgRole
from mentorpath.accounts.models import User
from mentorpath.feedback.models import (
    PulseRating,
    SkillAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from mentorpath.mentoring.catalog import agreement_sections, rhythm_days
from mentorpath.mentoring.models import Agreement, CheckIn, Goal, Mentorship
from mentorpath.people.models import Department, JobChange, Location, Person, Skill, SkillCategory
from mentorpath.programs.models import Enrollment, Program, ProgramObjective

#: Bumped whenever the generated data changes shape: a reused database must match it.
GENERATOR_VERSION = 5
ADMIN_EMAIL = "admin@bench.example.com"
DAY = 86_400  # seconds


@dataclass(frozen=True)
class Sizes:
    people: int = 50_000
    pairs: int = 10_000
    checkins: int = 500_000
    responses: int = 200_000
    seed: int = 1

    @classmethod
    def scaled(cls, people: int, **given: int | None) -> Sizes:
        """The default organization's proportions at `people`; any size given wins."""
        ratio = people / cls.people
        sizes = {
            "pairs": round(cls.pairs * ratio),
            "checkins": round(cls.checkins * ratio),
            "responses": round(cls.responses * ratio),
        }
        sizes.update({k: v for k, v in given.items() if v is not None})
        return cls(people=people, **sizes)  # type: ignore[arg-type]

    def label(self) -> str:
        return (
            f"{self.people:,} people, {self.pairs:,} pairs, {self.checkins:,} check-ins, "
            f"{self.responses:,} survey responses (seed {self.seed})"
        )

    def fingerprint(self) -> str:
        return json.dumps({"version": GENERATOR_VERSION, **asdict(self)}, sort_keys=True)


# ---- writing rows


def _constant_default(model: type[models.Model], field: models.Field, now: str) -> Any:
    """What a column the generator leaves out holds: the field's constant default."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        default = field.default
        if callable(default):
            if default not in (dict, list):
                raise ValueError(f"{model.__name__}.{field.name}: set it (callable default)")
            default = default()
        return json.dumps(default) if isinstance(field, models.JSONField) else default
    if field.null:
        return None
    if field.empty_strings_allowed:
        return ""
    raise ValueError(f"{model.__name__}.{field.name} is NOT NULL without a default: set it")


def copy_rows(model: type[models.Model], columns: dict[str, Sequence[Any] | np.ndarray]) -> int:
    """COPY rows into the model's table. `columns` maps attnames ("person_id") to equal-length
    sequences (numpy arrays are turned into Python values); other columns get their default."""
    now = _NOW_TEXT
    names: list[str] = []
    data: list[Any] = []
    length = len(next(iter(columns.values())))
    unknown = set(columns) - {f.attname for f in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__}: no such columns {sorted(unknown)}")
    for field in model._meta.concrete_fields:
        if field.attname in columns:
            values = columns[field.attname]
            if len(values) != length:
                raise ValueError(f"{model.__name__}.{field.attname}: {len(values)} != {length}")
            names.append(field.column)
            data.append(values.tolist() if isinstance(values, np.ndarray) else values)
        elif field.primary_key:
            continue
        else:
            names.append(field.column)
            data.append(repeat(_constant_default(model, field, now), length))
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in zip(*data, strict=False):
            copy.write_row(row)
    return length


def ts(values: np.ndarray) -> list[str | None]:
    """datetime64[s] (NaT for NULL) → timestamptz text in UTC."""
    text = np.datetime_as_string(values.astype("datetime64[s]"), unit="s").tolist()
    return [None if t == "NaT" else t + "+00" for t in text]


def ds(values: np.ndarray) -> list[str | None]:
    """datetime64[D] (NaT for NULL) → date text."""
    text = np.datetime_as_string(values.astype("datetime64[D]"), unit="D").tolist()
    return [None if t == "NaT" else t for t in text]


def ids(start: int, count: int) -> np.ndarray:
    return np.arange(start, start + count, dtype=np.int64)


def opt(values: np.ndarray) -> list[Any]:
    """Integers with -1 for NULL (a missing foreign key, a number not given)."""
    return [None if v == -1 else v for v in values.tolist()]


# ---- the tables the organization is drawn from

DEPARTMENTS = (
    "Engineering Platform", "Engineering Product", "Data Science", "Data Engineering",
    "Security", "IT Operations", "Site Reliability", "Quality Engineering", "Design",
    "User Research", "Product Management", "Program Management", "Sales EMEA", "Sales Americas",
    "Sales APAC", "Sales Operations", "Customer Success", "Support", "Solutions Engineering",
    "Professional Services", "Marketing", "Brand", "Communications", "Partnerships", "Finance",
    "Accounting", "Treasury", "Procurement", "Legal", "Compliance", "People Operations",
    "Talent Acquisition", "Learning", "Facilities", "Strategy", "Corporate Development",
    "Internal Audit", "Risk", "Analytics", "Executive Office",
)  # fmt: skip
LOCATIONS = (
    ("New York", "US", "America/New_York"), ("San Francisco", "US", "America/Los_Angeles"),
    ("Austin", "US", "America/Chicago"), ("Toronto", "CA", "America/Toronto"),
    ("São Paulo", "BR", "America/Sao_Paulo"), ("London", "GB", "Europe/London"),
    ("Dublin", "IE", "Europe/Dublin"), ("Berlin", "DE", "Europe/Berlin"),
    ("Paris", "FR", "Europe/Paris"), ("Warsaw", "PL", "Europe/Warsaw"),
    ("Nairobi", "KE", "Africa/Nairobi"), ("Bangalore", "IN", "Asia/Kolkata"),
    ("Singapore", "SG", "Asia/Singapore"), ("Tokyo", "JP", "Asia/Tokyo"),
    ("Sydney", "AU", "Australia/Sydney"),
)  # fmt: skip
FIRST_NAMES = (
    "Ada", "Amara", "Arjun", "Beatriz", "Chen", "Daniel", "Dmitri", "Elena", "Emeka", "Fatima",
    "Grace", "Hiro", "Ines", "Jamal", "Jonas", "Kavya", "Lars", "Leila", "Lucas", "Maya", "Mei",
    "Noah", "Olivia", "Omar", "Priya", "Rafael", "Sara", "Sofia", "Tomasz", "Yuki", "Zainab",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Andersson", "Bauer", "Chen", "Costa", "Dubois", "Fischer", "Garcia", "Gupta",
    "Haddad", "Ivanova", "Jensen", "Kim", "Kowalski", "Lee", "Martin", "Mensah", "Moreau",
    "Nakamura", "Novak", "Okafor", "Patel", "Rossi", "Santos", "Silva", "Smith", "Tanaka",
    "Nguyen", "Walker", "Yilmaz", "Zhang",
)  # fmt: skip
SKILL_CATEGORIES = {
    "Leadership": ("Coaching", "Delegation", "Strategic thinking", "Decision making"),
    "People management": ("Feedback", "Hiring", "Performance reviews", "One-on-ones"),
    "Communication": ("Public speaking", "Writing", "Stakeholder management", "Negotiation"),
    "Technical": ("Python", "SQL", "System design", "Testing", "Cloud", "Security basics"),
    "Business": ("Finance basics", "Product sense", "Customer empathy", "Sales"),
    "Personal": ("Time management", "Resilience", "Networking", "Career planning"),
}
GENDERS = ("man", "woman", "non_binary", "undisclosed", "")
GENDER_P = (0.47, 0.43, 0.02, 0.03, 0.05)
LEVEL_P = np.array([16, 17, 16, 14, 12, 9, 7, 5, 3, 1], dtype=float)
GOAL_TITLES = (
    "Lead a cross-team project",
    "Present at the all-hands",
    "Build a network outside my team",
    "Get ready for the next level",
    "Improve my stakeholder updates",
    "Learn to delegate",
    "Own a customer escalation end to end",
    "Write a design document",
)
TEXT_ANSWERS = (
    "Very helpful conversations.",
    "We should meet more often.",
    "Great match, learned a lot.",
    "Hard to find time this quarter.",
    "My mentor opened doors for me.",
)
CHOICES_FREQUENCY = ["Weekly", "Every two weeks", "Monthly", "Less often"]
CHOICES_GAINS = ["Career direction", "Skills", "Network", "Confidence", "Visibility"]


@dataclass(frozen=True)
class ProgramSpec:
    slug: str
    name: str
    program_type: str
    status: str
    start: int  # days from today (negative: in the past)
    end: int
    cadence: str
    share: float  # of the pairs


PROGRAMS = (
    ProgramSpec("career-compass-2023", "Career Compass 2023", "career", "closed", -1095, -730, "biweekly", 0.15),  # noqa: E501
    ProgramSpec("leadership-pipeline-2024", "Leadership Pipeline 2024", "leadership", "closed", -730, -365, "monthly", 0.12),  # noqa: E501
    ProgramSpec("early-talent-2024", "Early Talent 2024", "early_talent", "closed", -640, -400, "weekly", 0.10),  # noqa: E501
    ProgramSpec("career-compass-2025", "Career Compass 2025", "career", "active", -330, 35, "biweekly", 0.28),  # noqa: E501
    ProgramSpec("women-in-tech", "Women in Tech", "career", "active", -240, 125, "biweekly", 0.14),
    ProgramSpec("new-manager-circle", "New Manager Circle", "manager", "active", -150, 215, "biweekly", 0.11),  # noqa: E501
    ProgramSpec("reverse-mentoring", "Reverse Mentoring", "reverse", "active", -90, 275, "monthly", 0.10),  # noqa: E501
    ProgramSpec("career-compass-2026", "Career Compass 2026", "career", "enrolling", 30, 395, "biweekly", 0.0),  # noqa: E501
)  # fmt: skip
OBJECTIVES = (
    ("retention_12m", "Keep the people we grow", "gte", 90),
    ("promotion_rate", "Grow talent from within", "gte", 15),
    ("engagement", "Pairs that keep meeting", "gte", 75),
    ("satisfaction", "A program people recommend", "gte", 4),
    ("completion", "Pairs that finish", "gte", 80),
    ("skill_growth", "Measurable skill growth", "gte", 0.5),
)
CLOSED_STATUS_P = {"completed": 0.74, "ended_early": 0.16, "declined": 0.10}
ACTIVE_STATUS_P = {
    "active": 0.72,
    "paused": 0.03,
    "proposed": 0.05,
    "ended_early": 0.08,
    "completed": 0.04,
    "declined": 0.08,
}
LIVE = ("proposed", "active", "paused")
STARTED = ("active", "paused", "completed", "ended_early")

_NOW_TEXT = ""


def _split(total: int, shares: Sequence[float]) -> list[int]:
    """`total` split by `shares` (largest remainders), summing exactly to `total`."""
    raw = [total * s for s in shares]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


class Generator:
    def __init__(self, sizes: Sizes, log: Callable[[str], None] = print) -> None:
        global _NOW_TEXT
        self.sizes = sizes
        self.log = log
        self.rng = np.random.default_rng(sizes.seed)
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        self.now = np.datetime64(now.replace(tzinfo=None), "s")
        self.today = np.datetime64(now.date(), "D")
        _NOW_TEXT = ts(np.array([self.now]))[0] or ""
        self.counts: dict[str, int] = {}

    # ---- helpers

    def _seconds(self, low: float, high: float, size: int) -> np.ndarray:
        """Random durations between `low` and `high` days, as timedelta64[s]."""
        return (self.rng.uniform(low, high, size) * DAY).astype("timedelta64[s]")

    def _pick(self, options: Sequence[Any], p: Sequence[float], size: int) -> np.ndarray:
        p_arr = np.asarray(p, dtype=float)
        return np.asarray(options, dtype=object)[
            self.rng.choice(len(options), size=size, p=p_arr / p_arr.sum())
        ]

    def _timed(self, label: str, step: Callable[[], None]) -> None:
        start = time.perf_counter()
        step()
        self.log(f"  {label:<46} {time.perf_counter() - start:6.1f} s")

    def _write(self, model: type[models.Model], columns: dict[str, Any]) -> None:
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + copy_rows(
            model, columns
        )

    # ---- the organization

    def run(self) -> dict[str, int]:
        self._timed("departments, locations, skills, people", self.people)
        self._timed("programs, objectives", self.programs)
        self._timed("enrollments, pairs, agreements", self.mentorships)
        self._timed("promotions and terminations", self.job_changes)
        self._timed("check-ins", self.checkins)
        self._timed("pulse ratings", self.pulses)
        self._timed("goals, skill assessments", self.goals)
        self._timed("surveys, questions, responses, answers", self.surveys)
        self._timed("sequences, org admin", self.finish)
        return self.counts

    def people(self) -> None:
        rng, n = self.rng, self.sizes.people
        self._write(Department, {"id": ids(1, len(DEPARTMENTS)), "name": list(DEPARTMENTS)})
        self._write(
            Location,
            {
                "id": ids(1, len(LOCATIONS)),
                "name": [loc[0] for loc in LOCATIONS],
                "country": [loc[1] for loc in LOCATIONS],
                "time_zone": [loc[2] for loc in LOCATIONS],
            },
        )
        self._write(SkillCategory, {"id": ids(1, 6), "name": list(SKILL_CATEGORIES)})
        skills = [(c, s) for c, names in enumerate(SKILL_CATEGORIES.values()) for s in names]
        self.n_skills = len(skills)
        self._write(
            Skill,
            {
                "id": ids(1, len(skills)),
                "name": [s for _, s in skills],
                "category_id": [c + 1 for c, _ in skills],
            },
        )
        index = np.arange(n)
        self.level = rng.choice(np.arange(1, 11), size=n, p=LEVEL_P / LEVEL_P.sum())
        dept_w = rng.uniform(0.3, 1.0, len(DEPARTMENTS))
        self.department = rng.choice(len(DEPARTMENTS), size=n, p=dept_w / dept_w.sum()) + 1
        loc_w = rng.uniform(0.3, 1.0, len(LOCATIONS))
        location = rng.choice(len(LOCATIONS), size=n, p=loc_w / loc_w.sum()) + 1
        self.hire_ago = rng.integers(0, 3650, n)  # days before today
        self.hire = self.today - self.hire_ago.astype("timedelta64[D]")
        terminated = rng.random(n) < 0.12
        self.term_ago = np.where(terminated, rng.integers(0, self.hire_ago + 1), -1)
        self.term = np.where(
            terminated,
            self.today - np.maximum(self.term_ago, 0).astype("timedelta64[D]"),
            np.datetime64("NaT", "D"),
        )
        first = np.asarray(FIRST_NAMES, dtype=object)[index % len(FIRST_NAMES)]
        last = np.asarray(LAST_NAMES, dtype=object)[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        self._write(
            Person,
            {
                "id": index + 1,
                "employee_id": [f"E{i + 1:06d}" for i in range(n)],
                "first_name": first,
                "last_name": last,
                "email": [f"person{i + 1}@bench.example.com" for i in range(n)],
                "title": [f"Level {lv} specialist" for lv in self.level.tolist()],
                "department_id": self.department,
                "level": self.level,
                "location_id": location,
                "time_zone": [LOCATIONS[i - 1][2] for i in location.tolist()],
                "hire_date": ds(self.hire),
                "termination_date": ds(self.term),
                "gender": self._pick(GENDERS, GENDER_P, n),
                "created_at": ts(self.hire.astype("datetime64[s]") + np.timedelta64(9 * 3600, "s")),
            },
        )

    def _employed_on(self, day: np.datetime64) -> np.ndarray:
        return (self.hire <= day) & (np.isnat(self.term) | (self.term > day))

    def programs(self) -> None:
        rng = self.rng
        pairs = _split(self.sizes.pairs, [p.share for p in PROGRAMS])
        self.program_pairs = pairs
        self.program_start = [self.today + np.timedelta64(p.start, "D") for p in PROGRAMS]
        self.program_end = [self.today + np.timedelta64(p.end, "D") for p in PROGRAMS]
        self._write(
            Program,
            {
                "id": ids(1, len(PROGRAMS)),
                "name": [p.name for p in PROGRAMS],
                "slug": [p.slug for p in PROGRAMS],
                "program_type": [p.program_type for p in PROGRAMS],
                "description": [
                    f"{p.name}: generated for the dashboard benchmark" for p in PROGRAMS
                ],
                "status": [p.status for p in PROGRAMS],
                "start_date": ds(np.array(self.program_start)),
                "end_date": ds(np.array(self.program_end)),
                "checkin_cadence": [p.cadence for p in PROGRAMS],
                "min_level": [1] * len(PROGRAMS),
                "max_level": [6] * len(PROGRAMS),
                "mentor_min_level": [4] * len(PROGRAMS),
                "created_at": ts(np.array(self.program_start) - np.timedelta64(60, "D")),
            },
        )
        objective_rows = [(p, o) for p in range(len(PROGRAMS)) for o in range(len(OBJECTIVES))]
        self.objective_ids = {p: [] for p in range(len(PROGRAMS))}  # type: dict[int, list[int]]
        for row_id, (p, _) in enumerate(objective_rows, start=1):
            self.objective_ids[p].append(row_id)
        self._write(
            ProgramObjective,
            {
                "id": ids(1, len(objective_rows)),
                "program_id": [p + 1 for p, _ in objective_rows],
                "title": [OBJECTIVES[o][1] for _, o in objective_rows],
                "kpi": [OBJECTIVES[o][0] for _, o in objective_rows],
                "comparator": [OBJECTIVES[o][2] for _, o in objective_rows],
                "target": [OBJECTIVES[o][3] for _, o in objective_rows],
                "order": [o for _, o in objective_rows],
            },
        )
        # Enrollments: per program, approved mentors (capacity 1–3, enough seats for its pairs)
        # and mentees (1.2 per pair), people employed at the program's start; the enrolling
        # program has pending ones only.
        created_at: list[np.ndarray] = []
        cols: dict[str, list[Any]] = {
            k: [] for k in ("program", "person", "role", "status", "capacity", "created")
        }
        self.mentor_enr: list[np.ndarray] = []  # enrollment ids per program
        self.mentor_cap: list[np.ndarray] = []
        self.mentee_enr: list[np.ndarray] = []
        self.enr_person: list[int] = []  # enrollment id - 1 → person id
        next_id = 1
        for p, spec in enumerate(PROGRAMS):
            start = self.program_start[p]
            employed = self._employed_on(min(start, self.today))
            if spec.status == "enrolling":
                n_mentees, status = round(self.sizes.pairs * 0.05), "pending"
                caps = np.full(round(self.sizes.pairs * 0.02), 2)
            else:
                n_mentees, status = round(pairs[p] * 1.2), "approved"
                caps = rng.choice([1, 2, 3], size=math.ceil(pairs[p] / 1.67), p=[0.25, 0.35, 0.4])
                while caps.sum() < pairs[p]:
                    caps = np.append(caps, 3)
            mentor_pool = np.flatnonzero(employed & (self.level >= 4))
            mentors = rng.choice(mentor_pool, size=len(caps), replace=False)
            taken = np.zeros(len(employed), dtype=bool)
            taken[mentors] = True
            mentee_pool = np.flatnonzero(employed & (self.level <= 6) & ~taken)
            mentees = rng.choice(mentee_pool, size=n_mentees, replace=False)
            self.mentor_enr.append(ids(next_id, len(mentors)))
            self.mentor_cap.append(caps)
            self.mentee_enr.append(ids(next_id + len(mentors), len(mentees)))
            next_id += len(mentors) + len(mentees)
            people = np.concatenate([mentors, mentees]) + 1
            count = len(people)
            cols["program"] += [p + 1] * count
            cols["person"] += people.tolist()
            cols["role"] += ["mentor"] * len(mentors) + ["mentee"] * len(mentees)
            cols["status"] += [status] * count
            cols["capacity"] += caps.tolist() + [None] * len(mentees)
            created = start - np.timedelta64(40, "D") + self._seconds(0, 30, count)
            created = np.minimum(created, self.now)
            cols["created"] += ts(created)
            created_at.append(created)
        self.enr_created = np.concatenate(created_at)
        self.enr_person = cols["person"]
        self.enr_role = cols["role"]
        self.n_enrollments = next_id - 1
        self.enrollment_cols = cols

    def mentorships(self) -> None:
        rng, now = self.rng, self.now
        program, mentor, mentee, status = [], [], [], []
        for p, spec in enumerate(PROGRAMS):
            n = self.program_pairs[p]
            if not n:
                continue
            seats = np.repeat(self.mentor_enr[p], self.mentor_cap[p])
            mentor.append(rng.permutation(seats)[:n])
            mentee.append(self.mentee_enr[p][:n])
            program.append(np.full(n, p))
            probs = CLOSED_STATUS_P if spec.status == "closed" else ACTIVE_STATUS_P
            status.append(self._pick(list(probs), list(probs.values()), n))
        self.pair_program = np.concatenate(program)
        self.pair_mentor = np.concatenate(mentor)
        self.pair_mentee = np.concatenate(mentee)
        self.pair_status = np.concatenate(status).astype(str)
        n = len(self.pair_program)
        st = self.pair_status
        start = np.array(self.program_start, dtype="datetime64[s]")[self.pair_program]
        end = np.array(self.program_end, dtype="datetime64[s]")[self.pair_program]
        horizon = np.minimum(end, now)
        nat = np.full(n, np.datetime64("NaT", "s"))
        started_mask = np.isin(st, STARTED)
        created = start - self._seconds(1, 14, n)
        started = np.where(started_mask, start + self._seconds(0, 45, n), nat)
        started = np.where(started_mask & (started > now - 3 * DAY), now - 3 * DAY, started)
        begun = np.where(started_mask, started, start)  # no NaT in the arithmetic below

        def life(low: float, high: float) -> np.ndarray:
            """A moment between `low` and `high` of the way from the start to the horizon."""
            share = rng.uniform(low, high, n)
            return begun + ((horizon - begun).astype(np.int64) * share).astype("timedelta64[s]")

        closed_program = end < now
        ended = nat.copy()
        completed = st == "completed"
        ended = np.where(completed & closed_program, end + self._seconds(0, 3, n), ended)
        ended = np.where(completed & ~closed_program, life(0.6, 0.95), ended)
        ended = np.where(st == "ended_early", life(0.1, 0.9), ended)
        ended = np.minimum(ended, now - DAY)  # NaT stays NaT
        proposed = st == "proposed"
        created = np.where(proposed, now - self._seconds(1, 20, n), created)
        declined = st == "declined"
        ended = np.where(declined, np.minimum(created + self._seconds(1, 7, n), now), ended)
        paused = np.where(st == "paused", life(0.6, 0.95), nat)
        mentor_accepted = np.where(started_mask, started - self._seconds(0, 2, n), nat)
        mentor_accepted = np.where(
            proposed & (rng.random(n) < 0.5), created + self._seconds(0, 1, n), mentor_accepted
        )
        reasons = self._pick(["mismatch", "left", "personal", "other"], [3, 2, 3, 1], n)
        end_reason = np.where(completed, "completed", np.where(st == "ended_early", reasons, ""))
        self.pair_started, self.pair_ended, self.pair_paused = started, ended, paused
        # Enrollments first (pairs point at them). Each mentor's load: their live pairs, within
        # capacity by the seat draw above.
        live = np.isin(st, LIVE)
        load = np.bincount(self.pair_mentor[live], minlength=self.n_enrollments + 1)
        cols = self.enrollment_cols
        decided = [
            None if s == "pending" else c
            for s, c in zip(cols["status"], cols["created"], strict=True)
        ]
        self._write(
            Enrollment,
            {
                "id": ids(1, self.n_enrollments),
                "program_id": cols["program"],
                "person_id": cols["person"],
                "role": cols["role"],
                "status": cols["status"],
                "capacity": cols["capacity"],
                "load": load[1:],
                "decided_at": decided,
                "created_at": cols["created"],
                "updated_at": cols["created"],
            },
        )
        updated = np.fmax(np.fmax(np.fmax(created, started), ended), paused)
        self._write(
            Mentorship,
            {
                "id": ids(1, n),
                "program_id": self.pair_program + 1,
                "mentor_id": self.pair_mentor,
                "mentee_id": self.pair_mentee,
                "status": st,
                "source": self._pick(["matching", "override", "request"], [90, 6, 4], n),
                "match_score": np.round(rng.uniform(0.4, 0.95, n), 3),
                "mentor_accepted_at": ts(mentor_accepted),
                "mentee_accepted_at": ts(started),
                "declined_by": np.where(declined, self._pick(["mentor", "mentee"], [1, 1], n), ""),
                "started_at": ts(started),
                "paused_at": ts(paused),
                "ended_at": ts(ended),
                "end_reason": end_reason,
                "created_at": ts(created),
                "updated_at": ts(updated),
            },
        )
        # The frozen agreement of every pair that started, at the program's rhythm (some pairs
        # agreed another one).
        s_idx = np.flatnonzero(started_mask)
        self.started_idx = s_idx
        base = np.array([rhythm_days(p.cadence) for p in PROGRAMS])[self.pair_program[s_idx]]
        custom = rng.random(len(s_idx)) < 0.15
        rhythm = np.where(custom, rng.choice([7, 14, 21, 28], len(s_idx)), base)
        texts = [agreement_sections(PROGRAMS[p].program_type) for p in range(len(PROGRAMS))]
        sections = {
            name: [texts[p][name] for p in self.pair_program[s_idx].tolist()]
            for name in ("expectations", "meeting_rhythm", "confidentiality", "how_to_end")
        }
        acked = rng.random(len(s_idx)) < 0.9
        s_started = started[s_idx]
        self._write(
            Agreement,
            {
                "id": ids(1, len(s_idx)),
                "mentorship_id": s_idx + 1,
                **sections,
                "rhythm_days": rhythm,
                "mentor_acknowledged_at": ts(np.where(acked, s_started + DAY, nat[s_idx])),
                "mentee_acknowledged_at": ts(np.where(acked, s_started + 2 * DAY, nat[s_idx])),
                "created_at": ts(s_started),
                "updated_at": ts(s_started),
            },
        )

    def job_changes(self) -> None:
        """Promotions of ~15% of people in the last two years (more often for mentees), to the
        level they hold now; a termination row for everyone who left."""
        rng, n = self.rng, self.sizes.people
        mentee_people = np.zeros(n + 1, dtype=bool)
        all_mentees = np.concatenate([m for m in self.mentee_enr if len(m)])
        mentee_people[np.asarray(self.enr_person)[all_mentees - 1]] = True
        chance = np.where(mentee_people[1:], 0.27, 0.17)
        low = np.maximum(self.term_ago, 0)
        high = np.minimum(self.hire_ago, 730)
        promoted = (rng.random(n) < chance) & (self.level >= 2) & (high - low > 30)
        who = np.flatnonzero(promoted)
        ago = rng.integers(low[who], high[who])
        left = np.flatnonzero(~np.isnat(self.term))
        person = np.concatenate([who, left]) + 1
        kind = ["promotion"] * len(who) + ["termination"] * len(left)
        effective = np.concatenate([self.today - ago.astype("timedelta64[D]"), self.term[left]])
        levels = self.level[who]
        dept = self.department
        none = [None] * len(left)
        self._write(
            JobChange,
            {
                "id": ids(1, len(person)),
                "person_id": person,
                "effective_date": ds(effective),
                "kind": kind,
                "from_title": [f"Level {lv - 1} specialist" for lv in levels.tolist()]
                + [f"Level {lv} specialist" for lv in self.level[left].tolist()],
                "to_title": [f"Level {lv} specialist" for lv in levels.tolist()] + [""] * len(left),
                "from_level": (levels - 1).tolist() + self.level[left].tolist(),
                "to_level": levels.tolist() + none,
                "from_department_id": dept[who].tolist() + dept[left].tolist(),
                "to_department_id": dept[who].tolist() + none,
            },
        )

    def checkins(self) -> None:
        """`checkins` meetings spread over the started pairs in proportion to how long each ran
        (active pairs: until four weeks from now, the future ones still scheduled)."""
        rng, now, total = self.rng, self.now, self.sizes.checkins
        s_idx = self.started_idx
        begin = self.pair_started[s_idx]
        until = np.where(
            ~np.isnat(self.pair_ended[s_idx]),
            self.pair_ended[s_idx],
            np.where(~np.isnat(self.pair_paused[s_idx]), self.pair_paused[s_idx], now + 28 * DAY),
        )
        span = (until - begin).astype(np.int64)  # seconds
        weights = np.maximum(span, DAY).astype(float)
        counts = rng.multinomial(total, weights / weights.sum())
        pair_pos = np.repeat(np.arange(len(s_idx)), counts)
        first = np.repeat(np.cumsum(counts) - counts, counts)
        k = np.arange(total) - first
        fraction = (k + rng.uniform(0.1, 0.9, total)) / counts[pair_pos]
        starts = begin[pair_pos] + (span[pair_pos] * fraction).astype("timedelta64[s]")
        starts = (starts.astype(np.int64) // 900 * 900).astype("datetime64[s]")  # quarter hours
        pair = s_idx[pair_pos]
        past = starts < now
        status = np.where(
            past,
            self._pick(["held", "missed", "cancelled", "scheduled"], [78, 9, 9, 4], total),
            "scheduled",
        ).astype(str)
        held = status == "held"
        duration = rng.choice([30, 45, 60], total, p=[0.3, 0.5, 0.2])
        held_minutes = np.clip(duration + rng.normal(0, 8, total), 10, 120).astype(int)
        mentor_person = np.asarray(self.enr_person)[self.pair_mentor - 1]
        mentee_person = np.asarray(self.enr_person)[self.pair_mentee - 1]
        by_mentor = rng.random(total) < 0.6
        scheduler = np.where(by_mentor, mentor_person[pair], mentee_person[pair])
        recorded = held | (status == "missed")
        recorder = np.where(rng.random(total) < 0.5, mentor_person[pair], mentee_person[pair])
        nat = np.full(total, np.datetime64("NaT", "s"))
        end_of = starts + (duration * 60).astype("timedelta64[s]")
        recorded_at = np.where(recorded, np.minimum(end_of + self._seconds(0, 2, total), now), nat)
        invited = np.minimum(  # invitations are sent 3–14 days ahead, never in the future
            starts - self._seconds(3, 14, total), now - self._seconds(0.01, 3, total)
        )
        response = np.where(
            held,
            "accepted",
            self._pick(["accepted", "pending", "declined"], [65, 25, 10], total),
        ).astype(str)
        responded = np.where(
            response != "pending", np.minimum(invited + self._seconds(0.05, 2, total), now), nat
        )
        cancelled = status == "cancelled"
        cancelled_at = np.where(
            cancelled, np.maximum(starts - self._seconds(0.05, 3, total), invited), nat
        )
        updated = np.fmax(np.fmax(np.fmax(invited, responded), recorded_at), cancelled_at)
        uids = rng.bytes(16 * total).hex()
        self.checkin_pair, self.checkin_starts, self.checkin_end = pair, starts, end_of
        self.checkin_held = np.flatnonzero(held)
        self.mentor_person, self.mentee_person = mentor_person, mentee_person
        self._write(
            CheckIn,
            {
                "id": ids(1, total),
                "mentorship_id": pair + 1,
                "uid": [uids[i : i + 32] for i in range(0, 32 * total, 32)],
                "sequence": cancelled.astype(int),
                "starts_at": ts(starts),
                "time_zone": ["UTC"] * total,
                "duration_minutes": duration,
                "status": status,
                "scheduled_by_id": scheduler,
                "invitee_response": response,
                "invited_at": ts(invited),
                "responded_at": ts(responded),
                "held_minutes": opt(np.where(held, held_minutes, -1)),
                "recorded_by_id": opt(np.where(recorded, recorder, -1)),
                "recorded_at": ts(recorded_at),
                "cancelled_at": ts(cancelled_at),
                "created_at": ts(invited),
                "updated_at": ts(updated),
            },
        )

    def pulses(self) -> None:
        """A rating on ~30% of held check-ins, by the mentee or the mentor; a third of those
        rated by both."""
        rng, now = self.rng, self.now
        held = self.checkin_held
        rated = held[rng.random(len(held)) < 0.30]
        both = rng.random(len(rated)) < 0.33
        first_mentee = rng.random(len(rated)) < 0.65
        checkin = np.concatenate([rated, rated[both]])
        as_mentee = np.concatenate([first_mentee, ~first_mentee[both]])
        pair = self.checkin_pair[checkin]
        person = np.where(as_mentee, self.mentee_person[pair], self.mentor_person[pair])
        n = len(checkin)
        created = np.minimum(self.checkin_end[checkin] + self._seconds(0, 2, n), now)
        self._write(
            PulseRating,
            {
                "id": ids(1, n),
                "checkin_id": checkin + 1,
                "mentorship_id": pair + 1,
                "person_id": person,
                "role": np.where(as_mentee, "mentee", "mentor"),
                "rating": rng.choice([1, 2, 3, 4, 5], n, p=[0.03, 0.07, 0.2, 0.4, 0.3]),
                "created_at": ts(created),
                "updated_at": ts(created),
            },
        )

    def goals(self) -> None:
        """1–3 goals per started pair (distinct skills), and the goal skills' start
        assessments (self and mentor) for 60% of pairs, end ones for most finished pairs."""
        rng, now = self.rng, self.now
        s_idx = self.started_idx
        per_pair = rng.choice([1, 2, 3], len(s_idx), p=[0.25, 0.5, 0.25])
        pair = np.repeat(s_idx, per_pair)
        n = len(pair)
        k = np.arange(n) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
        base_skill = rng.integers(0, self.n_skills, len(s_idx))
        skill = (np.repeat(base_skill, per_pair) + 7 * k) % self.n_skills + 1
        has_skill = rng.random(n) < 0.75
        st = self.pair_status[pair]
        finished = np.isin(st, ("completed", "ended_early"))
        goal_status = np.where(
            finished,
            self._pick(["done", "dropped", "on_track", "at_risk"], [60, 15, 15, 10], n),
            self._pick(
                ["not_started", "on_track", "at_risk", "done", "dropped"], [15, 50, 15, 15, 5], n
            ),
        ).astype(str)
        done = goal_status == "done"
        progress = np.where(
            done, 100, np.where(goal_status == "not_started", 0, rng.integers(5, 95, n))
        )
        started = self.pair_started[pair]
        created = started + self._seconds(2, 14, n)
        created = np.minimum(created, now)
        until = np.where(np.isnat(self.pair_ended[pair]), now, self.pair_ended[pair])
        completed_at = np.where(
            done,
            np.minimum(created + ((until - created) * 0.8).astype("timedelta64[s]"), now),
            np.datetime64("NaT", "s"),
        )
        # The program's engagement objective, on some goals.
        objective_of = np.array([o[2] for o in self.objective_ids.values()])
        with_objective = rng.random(n) < 0.3
        objective = np.where(with_objective, objective_of[self.pair_program[pair]], -1)
        self._write(
            Goal,
            {
                "id": ids(1, n),
                "mentorship_id": pair + 1,
                "title": np.asarray(GOAL_TITLES, dtype=object)[
                    rng.integers(0, len(GOAL_TITLES), n)
                ],
                "description": ["Be clearly better at it by the target date."] * n,
                "measure": ["My mentor and my manager agree it is done."] * n,
                "target_date": ds((started + self._seconds(90, 240, n)).astype("datetime64[D]")),
                "skill_id": opt(np.where(has_skill, skill, -1)),
                "objective_id": opt(objective),
                "status": goal_status,
                "progress": progress,
                "completed_at": ts(completed_at),
                "created_at": ts(created),
                "updated_at": ts(np.fmax(created, completed_at)),
            },
        )
        assessed_pair = rng.random(len(s_idx)) < 0.6
        assessed = np.repeat(assessed_pair, per_pair) & has_skill
        a_pair, a_skill = pair[assessed], skill[assessed]
        a_started = started[assessed]
        a_finished = finished[assessed] & (rng.random(len(a_pair)) < 0.8)
        m = len(a_pair)
        start_level = rng.choice([1, 2, 3, 4], m, p=[0.2, 0.4, 0.3, 0.1])
        rows_pair, rows_skill, rows_phase, rows_role, rows_level, rows_at = [], [], [], [], [], []
        for role in ("self", "mentor"):
            jitter = rng.integers(-1, 2, m) if role == "mentor" else 0
            start = np.clip(start_level + jitter, 1, 5)
            end = np.clip(start + rng.choice([0, 1, 2], m, p=[0.35, 0.45, 0.2]), 1, 5)
            rows_pair += [a_pair, a_pair[a_finished]]
            rows_skill += [a_skill, a_skill[a_finished]]
            rows_phase += [np.full(m, "start"), np.full(a_finished.sum(), "end")]
            rows_role += [np.full(m, role), np.full(a_finished.sum(), role)]
            rows_level += [start, end[a_finished]]
            rows_at += [a_started + DAY * 7, self.pair_ended[a_pair[a_finished]]]
        a_pairs = np.concatenate(rows_pair)
        a_roles = np.concatenate(rows_role)
        rater = np.where(
            a_roles == "self",
            self.mentee_person[a_pairs],
            self.mentor_person[a_pairs],
        )
        at = ts(np.minimum(np.concatenate(rows_at), now))
        self._write(
            SkillAssessment,
            {
                "id": ids(1, len(a_pairs)),
                "mentorship_id": a_pairs + 1,
                "skill_id": np.concatenate(rows_skill),
                "phase": np.concatenate(rows_phase),
                "rater_role": a_roles,
                "rater_id": rater,
                "level": np.concatenate(rows_level),
                "created_at": at,
                "updated_at": at,
            },
        )

    def surveys(self) -> None:
        """Per program with pairs: after the first check-in, at the midpoint, at the end, and
        one on a date every few weeks to all its participants — as often as needed for
        `responses` (survey, person) places; those are drawn from all possible ones."""
        rng, now = self.rng, self.now
        target = self.sizes.responses
        # One record per approved enrollment: its person, role and (representative) pair.
        enr_pair = np.full(self.n_enrollments + 1, -1)
        order = np.arange(len(self.pair_program))[::-1]  # the first pair of a mentor wins
        enr_pair[self.pair_mentor[order]] = order
        enr_pair[self.pair_mentee] = np.arange(len(self.pair_program))
        enr_program = np.asarray(self.enrollment_cols["program"]) - 1
        approved = np.asarray(self.enrollment_cols["status"]) == "approved"
        enr_person = np.asarray(self.enr_person)
        enr_role = np.asarray(self.enr_role)
        enr_created = self.enr_created

        def plan(every: int) -> list[tuple[int, str, np.datetime64 | None, np.ndarray, np.ndarray]]:
            """Surveys as (program, trigger, send date, enrollment ids, asked at)."""
            out = []
            for p in range(len(PROGRAMS)):
                if not self.program_pairs[p]:
                    continue
                members = np.flatnonzero(approved & (enr_program == p)) + 1
                pairs = enr_pair[members]
                paired = pairs >= 0
                started = np.where(
                    paired, self.pair_started[np.maximum(pairs, 0)], np.datetime64("NaT")
                )
                ended = np.where(
                    paired, self.pair_ended[np.maximum(pairs, 0)], np.datetime64("NaT")
                )
                has_start = ~np.isnat(started)
                first = started + 14 * DAY
                mask = has_start & (first <= now)
                out.append((p, "first_checkin", None, members[mask], first[mask]))
                length = (self.program_end[p] - self.program_start[p]).astype("timedelta64[s]")
                mid = started + length // 2
                mask = has_start & (mid <= now)
                out.append((p, "midpoint", None, members[mask], mid[mask]))
                status = np.where(paired, self.pair_status[np.maximum(pairs, 0)], "")
                mask = np.isin(status, ("completed", "ended_early")) & ~np.isnat(ended)
                out.append((p, "end", None, members[mask], ended[mask]))
                day = self.program_start[p] + np.timedelta64(30, "D")
                last = min(self.program_end[p], self.today)
                while day <= last:
                    send = day.astype("datetime64[s]") + 9 * 3600
                    mask = enr_created <= send
                    mask = mask[members - 1]
                    out.append((p, "date", day, members[mask], np.full(mask.sum(), send)))
                    day += np.timedelta64(every, "D")
            return out

        every = 30
        surveys = plan(every)
        while sum(len(s[3]) for s in surveys) < target * 1.05 and every > 7:
            every = max(7, every // 2)
            surveys = plan(every)
        places = sum(len(s[3]) for s in surveys)
        if places < target:
            self.log(f"  only {places:,} survey places for {target:,} responses: all taken")
        # Surveys and their questions.
        n_surveys = len(surveys)
        kinds = ["rating", "rating", "nps", "single", "text"]
        texts = [
            "How useful are your mentoring conversations?",
            "How well does your pair fit?",
            "How likely are you to recommend the program to a colleague?",
            "How often do you meet?",
            "Anything you want the program team to know?",
        ]
        q_survey, q_kind, q_text, q_order, q_choices, q_required = [], [], [], [], [], []
        q_base = []
        for s, (_, trigger, _, _, _) in enumerate(surveys):
            q_base.append(len(q_survey) + 1)
            layout = list(zip(kinds, texts, strict=True))
            if trigger == "end":
                layout.append(("multiple", "What did you gain?"))
            for order_, (kind, text) in enumerate(layout):
                q_survey.append(s + 1)
                q_kind.append(kind)
                q_text.append(text)
                q_order.append(order_)
                q_choices.append(
                    json.dumps(
                        CHOICES_FREQUENCY
                        if kind == "single"
                        else CHOICES_GAINS
                        if kind == "multiple"
                        else []
                    )
                )
                q_required.append(kind != "text")
        trigger_titles = {
            "first_checkin": "After your first check-in",
            "midpoint": "Halfway there",
            "end": "Looking back",
        }
        send = [s[2] for s in surveys]
        closes = [None if d is None else d + np.timedelta64(14, "D") for d in send]  # type: list[Any]
        self._write(
            Survey,
            {
                "id": ids(1, n_surveys),
                "program_id": [s[0] + 1 for s in surveys],
                "title": [
                    trigger_titles.get(s[1]) or f"Pulse {np.datetime_as_string(s[2])}"
                    for s in surveys
                ],
                "trigger": [s[1] for s in surveys],
                "send_on": [None if d is None else str(d) for d in send],
                "audience": ["both"] * n_surveys,
                "status": [
                    "closed"
                    if (d is not None and d < self.today) or PROGRAMS[s[0]].status == "closed"
                    else "open"
                    for s, d in zip(surveys, closes, strict=True)
                ],
                "closes_on": [None if d is None else str(d) for d in closes],
                "created_at": ts(np.array(self.program_start)[[s[0] for s in surveys]]),
            },
        )
        self._write(
            SurveyQuestion,
            {
                "id": ids(1, len(q_survey)),
                "survey_id": q_survey,
                "order": q_order,
                "kind": q_kind,
                "text": q_text,
                "required": q_required,
                "choices": q_choices,
            },
        )
        # Responses: `target` places drawn from all of them.
        r_survey = np.concatenate([np.full(len(s[3]), i) for i, s in enumerate(surveys)])
        r_enr = np.concatenate([s[3] for s in surveys])
        r_asked = np.concatenate([s[4] for s in surveys]).astype("datetime64[s]")
        if places > target:
            keep = np.sort(rng.choice(places, size=target, replace=False))
            r_survey, r_enr, r_asked = r_survey[keep], r_enr[keep], r_asked[keep]
        n = len(r_survey)
        submitted_mask = rng.random(n) < 0.72
        submitted = np.where(
            submitted_mask,
            np.minimum(r_asked + self._seconds(0.05, 10, n), now),
            np.datetime64("NaT", "s"),
        )
        reminded = np.where(
            ~submitted_mask & (r_asked + 3 * DAY < now), r_asked + 3 * DAY, np.datetime64("NaT")
        )
        pairs = enr_pair[r_enr]
        self._write(
            SurveyResponse,
            {
                "id": ids(1, n),
                "survey_id": r_survey + 1,
                "person_id": enr_person[r_enr - 1],
                "role": enr_role[r_enr - 1],
                "mentorship_id": opt(np.where(pairs >= 0, pairs + 1, -1)),
                "asked_at": ts(r_asked),
                "reminded_at": ts(reminded.astype("datetime64[s]")),
                "submitted_at": ts(submitted),
                "updated_at": ts(submitted),
            },
        )
        # Answers of the submitted responses: two ratings, NPS, one choice, a text for some,
        # and 1–3 gains on the end surveys.
        sub = np.flatnonzero(submitted_mask)
        m = len(sub)
        base = np.asarray(q_base)[r_survey[sub]]
        rating_p = [0.03, 0.07, 0.2, 0.4, 0.3]
        nps_p = np.array([1, 1, 1, 2, 2, 4, 6, 10, 18, 25, 30], dtype=float)
        parts_response = [sub, sub, sub, sub]
        parts_question = [base, base + 1, base + 2, base + 3]
        parts_number: list[Any] = [
            rng.choice(np.arange(1, 6), m, p=rating_p),
            rng.choice(np.arange(1, 6), m, p=rating_p),
            rng.choice(np.arange(11), m, p=nps_p / nps_p.sum()),
            np.full(m, -1),
        ]
        parts_choice: list[Any] = [
            np.full(m, ""),
            np.full(m, ""),
            np.full(m, ""),
            self._pick(CHOICES_FREQUENCY, [35, 45, 15, 5], m),
        ]
        parts_text: list[Any] = [np.full(m, "")] * 4
        wrote = rng.random(m) < 0.3
        parts_response.append(sub[wrote])
        parts_question.append(base[wrote] + 4)
        parts_number.append(np.full(wrote.sum(), -1))
        parts_choice.append(np.full(wrote.sum(), ""))
        parts_text.append(self._pick(TEXT_ANSWERS, [1] * len(TEXT_ANSWERS), int(wrote.sum())))
        is_end = np.array([s[1] == "end" for s in surveys])[r_survey[sub]]
        end_rows = np.flatnonzero(is_end)
        gains = np.argsort(rng.random((len(end_rows), len(CHOICES_GAINS))), axis=1)
        how_many = rng.choice([1, 2, 3], len(end_rows), p=[0.3, 0.45, 0.25])
        for j in range(3):
            pick = end_rows[how_many > j]
            parts_response.append(sub[pick])
            parts_question.append(base[pick] + 5)
            parts_number.append(np.full(len(pick), -1))
            parts_choice.append(np.asarray(CHOICES_GAINS, dtype=object)[gains[how_many > j, j]])
            parts_text.append(np.full(len(pick), ""))
        numbers = np.concatenate(parts_number)
        self._write(
            SurveyAnswer,
            {
                "id": ids(1, len(numbers)),
                "response_id": np.concatenate(parts_response) + 1,
                "question_id": np.concatenate(parts_question),
                "number": opt(numbers),
                "choice": np.concatenate(parts_choice),
                "text": np.concatenate(parts_text),
            },
        )

    def finish(self) -> None:
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(TOUCHED)):
                cursor.execute(sql)
        admin = User.objects.create_user(
            ADMIN_EMAIL, None, full_name="Bench Admin", org_role=OrgRole.ADMIN
        )
        Program.managers.through.objects.bulk_create(
            [Program.managers.through(program_id=p + 1, user_id=admin.pk) for p in range(3, 5)]
        )


TOUCHED = (
    Department, Location, SkillCategory, Skill, Person, JobChange, Program, ProgramObjective,
    Enrollment, Mentorship, Agreement, CheckIn, Goal, PulseRating, SkillAssessment, Survey,
    SurveyQuestion, SurveyResponse, SurveyAnswer,
)  # fmt: skip
"""The tables the generator writes."""


@contextmanager
def constraints_after_load(tables: Sequence[str], log: Callable[[str], None]) -> Iterator[None]:
    """Load the rows first, then build the indexes and check the foreign keys and unique
    constraints once over the whole tables — what `pg_dump` restores do. Foreign keys are
    checked by PostgreSQL when they are added back (one query each, not a trigger per row),
    unique ones when their index is built, so the data is checked as strictly as when it
    goes in row by row. Primary keys and CHECK constraints stay on throughout."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
            FROM pg_constraint
            WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
            ORDER BY contype
            """,
            [list(tables)],
        )
        constraints = cursor.fetchall()  # foreign keys first: they go first, come back last
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [list(tables)],
        )
        indexes = cursor.fetchall()
        quote = connection.ops.quote_name
        for table, name, _, _ in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition, _ in reversed(constraints):
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("RESET maintenance_work_mem")
    log(
        f"  {f'{len(indexes)} indexes, {len(constraints)} constraints back on':<46} "
        f"{time.perf_counter() - start:6.1f} s"
    )


ROLLUP_TRIGGERS = (
    ("mentoring_checkin", "analytics_checkin_rollup"),
    ("feedback_pulserating", "analytics_pulse_rollup"),
    ("feedback_surveyanswer", "analytics_nps_answer_rollup"),
    ("feedback_surveyresponse", "analytics_nps_response_rollup"),
    ("feedback_surveyquestion", "analytics_nps_question_rollup"),
    ("feedback_survey", "analytics_nps_survey_rollup"),
)


@contextmanager
def rollups_cut_after_load(log: Callable[[str], None]) -> Iterator[None]:
    """The analytics rollups' row triggers are off while COPY loads, and the rollups are cut
    once from the loaded rows (what `manage.py analytics_rebuild_rollups` does)."""
    from mentorpath.analytics.services import rollups_rebuild

    with connection.cursor() as cursor:
        for table, trigger in ROLLUP_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    yield
    with connection.cursor() as cursor:
        for table, trigger in ROLLUP_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
    start = time.perf_counter()
    rollups_rebuild()
    log(f"  {'analytics rollups, cut from the rows':<46} {time.perf_counter() - start:6.1f} s")


def generate(sizes: Sizes, log: Callable[[str], None] = print) -> dict[str, int]:
    """Fill the (migrated, empty) database; returns rows written per model."""
    tables = [m._meta.db_table for m in TOUCHED]
    with rollups_cut_after_load(log), constraints_after_load(tables, log):
        counts = Generator(sizes, log).run()
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"  {'VACUUM ANALYZE':<46} {time.perf_counter() - start:6.1f} s")
    return counts


def table_counts() -> dict[str, int]:
    models_ = (
        Person, JobChange, Program, Enrollment, Mentorship, Agreement, CheckIn, Goal,
        SkillAssessment, Survey, SurveyQuestion, SurveyResponse, SurveyAnswer, PulseRating,
    )  # fmt: skip
    return {m._meta.label: m.objects.count() for m in models_}


__all__ = ["ADMIN_EMAIL", "Sizes", "generate", "table_counts"]
