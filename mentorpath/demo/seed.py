"""Build the demo organization behind `manage.py seed_demo`.

Two phases. `plan_organization` draws the whole company from `random.Random(seed)` into plain
dataclasses, without touching the database; `seed_demo` then writes that plan with bulk inserts
in one transaction. No draw depends on a database id or on the reference date, so one seed gives
the same people, levels, reporting lines, skills and enrollments on every machine and database.
Dates are kept as "days before the reference date" (today unless given) so the demo always looks
current: the enrolling program opens next month whenever the demo is seeded.

The active program's pairs, with their check-ins, goals and notes, are planned and written by
`mentorpath.demo.mentoring` in the same two phases; so are the last two years by
`mentorpath.demo.history` (people who left, two closed programs and what became of their
mentees) and the surveys, check-in pulses and skill ratings by `mentorpath.demo.feedback`.
"""

import math
import random
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Max, Model, Q
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.accounts.services import user_create
from mentorpath.demo import data, history
from mentorpath.demo.data import DepartmentSpec, Family, LocationSpec, ProgramSpec
from mentorpath.demo.feedback import FeedbackPlan, plan_feedback, write_feedback
from mentorpath.demo.growth import GrowthContext, write_growth
from mentorpath.demo.mentoring import (
    MentoringPlan,
    plan_closed_program,
    plan_mentoring,
    write_mentoring,
)
from mentorpath.feedback.models import (
    PulseRating,
    SkillAssessment,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from mentorpath.mentoring.enums import CheckInStatus
from mentorpath.mentoring.models import CheckIn, Goal, GoalUpdate, Mentorship, Milestone, Note
from mentorpath.people.enums import Gender, JobChangeKind
from mentorpath.people.models import (
    Department,
    Interest,
    JobChange,
    Language,
    Location,
    Person,
    PersonSkill,
    Skill,
    SkillCategory,
)
from mentorpath.programs.answers import clean_answers
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus, ProgramStatus
from mentorpath.programs.models import ApplicationQuestion, Enrollment, Program
from mentorpath.programs.services import (
    objective_add,
    program_create,
    program_transition,
    question_add,
)

T = TypeVar("T")
M = TypeVar("M", bound=Model)

MIN_PEOPLE = 40  # below this some departments would have no room for the demo personas
BATCH_SIZE = 1000

CEO, HEAD, SENIOR_DIRECTOR, DIRECTOR, MANAGER, IC = (
    "ceo",
    "head",
    "senior_director",
    "director",
    "manager",
    "ic",
)
COMPANY_DAYS = data.COMPANY_YEARS * 365

# IC levels 1–7: most people sit in the middle, few at entry level, fewer still at principal.
IC_LEVEL_WEIGHTS = (10, 18, 22, 20, 15, 10, 5)
SPAN_OF_CONTROL = 8  # ICs per first-line manager
MANAGERS_PER_DIRECTOR = 5
TERMINATION_RATE = 0.035
LATERAL_MOVE_RATE = 0.1
PROMOTION_EVERY_DAYS = 550  # at most one promotion per ~18 months in the role
MAX_WANTS = 3  # skills a person marks as wanting to learn
PROGRAM_STATUS_PATH = (
    ProgramStatus.DRAFT,
    ProgramStatus.ENROLLING,
    ProgramStatus.MATCHING,
    ProgramStatus.ACTIVE,
    ProgramStatus.CLOSED,
)


class SeedError(Exception):
    """The demo cannot be seeded into this database; the message says why."""


# --------------------------------------------------------------------------- the plan


@dataclass
class ChangePlan:
    offset: int  # days before the reference date
    kind: str
    from_title: str
    to_title: str
    from_level: int | None
    to_level: int
    from_department: str | None
    to_department: str


@dataclass
class SkillPlan:
    name: str
    level: int
    can_teach: bool = False
    wants_to_learn: bool = False


@dataclass
class PersonPlan:
    index: int
    role: str
    department: DepartmentSpec
    level: int
    family: Family
    manager: int | None = None
    depth: int = 0
    team: str = ""
    demo: str = ""  # DemoLogin.key for the five demo logins
    title: str = ""
    location: LocationSpec | None = None
    time_zone: str = "UTC"
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    languages: list[str] = field(default_factory=list)
    hire_offset: int = 0
    termination_offset: int | None = None
    history: list[ChangePlan] = field(default_factory=list)
    skills: list[SkillPlan] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    career_goals: str = ""
    bio: str = ""
    styles: tuple[int, int, int, int] = (3, 3, 3, 3)
    availability: int = 4
    gender: str = ""
    alumni: set[str] = field(default_factory=set)  # closed programs they were a mentee in

    @property
    def is_active(self) -> bool:
        return self.termination_offset is None

    def teaches(self) -> list[str]:
        return [s.name for s in self.skills if s.can_teach]


@dataclass
class EnrollmentPlan:
    program: str  # ProgramSpec.key
    person: int
    role: str
    status: str
    capacity: int | None
    answers: dict[int, object]  # by question position in the ProgramSpec
    goals: str = ""
    applied_days_ago: int = 0
    decided_days_ago: int | None = None
    decision_note: str = ""
    load: int = 0  # live pairs of a mentor (set by the mentoring plan)


@dataclass
class OrganizationPlan:
    people: list[PersonPlan]
    enrollments: list[EnrollmentPlan]
    mentoring: MentoringPlan = field(default_factory=lambda: MentoringPlan([], {}))
    programs: tuple[ProgramSpec, ...] = data.PROGRAMS  # and the closed ones, when planned
    feedback: FeedbackPlan = field(default_factory=FeedbackPlan)


def plan_organization(*, people: int, seed: int, mentorships: bool = True) -> OrganizationPlan:
    """Draw the whole organization. Pure: the same arguments always give the same plan.

    Without `mentorships` the active program has its enrollments but no pairs yet, as just
    before its first matching run, and there are no closed programs or feedback either.

    The last two years (leavers, closed programs, feedback) and gender draw from streams of
    their own, so adding to them leaves the people, skills and pairs drawn before alone."""
    if people < MIN_PEOPLE:
        raise SeedError(f"The demo organization needs at least {MIN_PEOPLE} people.")
    rng = random.Random(seed)
    plans = _plan_structure(rng, people)
    _designate_demo_people(rng, plans)
    _plan_identities(rng, plans)
    _plan_employment(rng, plans)
    _plan_executive_moves(plans)
    for person in plans:
        _plan_profile(rng, person)
    _align_demo_skills(plans)
    _plan_gender(random.Random(f"gender-{seed}"), plans)
    past = random.Random(f"history-{seed}")
    history.plan_attrition(past, plans)
    cohorts = history.plan_cohorts(past, plans) if mentorships else []
    plan = OrganizationPlan(people=plans, enrollments=_plan_enrollments(rng, plans))
    if mentorships:
        plan.mentoring = plan_mentoring(rng, plans, plan.enrollments, data.PROGRAMS)
        _plan_leavers(plan)
        plan.enrollments += cohorts  # after today's, so the pairs' indexes stay put
        plan.programs = (*data.PROGRAMS, *data.PAST_PROGRAMS)
        for spec in data.PAST_PROGRAMS:
            plan.mentoring.pairs += plan_closed_program(past, plans, plan.enrollments, spec)
        plan.mentoring.pairs += plan.mentoring.later
        plan.feedback = plan_feedback(
            random.Random(f"feedback-{seed}"),
            plans,
            plan.enrollments,
            plan.mentoring.pairs,
            list(plan.programs),
        )
    return plan


def _plan_leavers(plan: OrganizationPlan) -> None:
    """Mentees whose pair ended because they left the company: their employment ends that
    day, and their live enrollments are withdrawn."""
    for index, offset in plan.mentoring.leavers.items():
        person = plan.people[index]
        person.termination_offset = offset
        person.history.append(
            ChangePlan(
                offset,
                JobChangeKind.TERMINATION,
                person.title,
                person.title,
                person.level,
                person.level,
                person.department.name,
                person.department.name,
            )
        )
        for e in plan.enrollments:
            if e.person == index and e.status in (
                EnrollmentStatus.PENDING,
                EnrollmentStatus.APPROVED,
            ):
                e.status = EnrollmentStatus.WITHDRAWN


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), so shares are exact."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _weighted_sample(
    rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int
) -> list[T]:
    """k distinct items, each drawn in proportion to its weight (Efraimidis–Spirakis keys)."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0]
    keyed.sort(reverse=True)
    return [items[i] for _, i in keyed[:k]]


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


# ---- structure: departments, roles, levels and reporting lines


def _plan_structure(rng: random.Random, people: int) -> list[PersonPlan]:
    plans: list[PersonPlan] = []
    ceo_department = _department(data.CEO_DEPARTMENT)
    ceo = _add(plans, role=CEO, department=ceo_department, level=12, manager=None)
    sizes = _allocate(people - 1, [d.weight for d in data.DEPARTMENTS])
    for department, size in zip(data.DEPARTMENTS, sizes, strict=True):
        _plan_department(rng, plans, department, size, ceo)
    return plans


def _department(name: str) -> DepartmentSpec:
    return next(d for d in data.DEPARTMENTS if d.name == name)


def _add(
    plans: list[PersonPlan],
    *,
    role: str,
    department: DepartmentSpec,
    level: int,
    manager: PersonPlan | None,
    family: Family | None = None,
    team: str = "",
) -> PersonPlan:
    person = PersonPlan(
        index=len(plans),
        role=role,
        department=department,
        level=level,
        family=family or department.families[0],
        manager=manager.index if manager else None,
        depth=manager.depth + 1 if manager else 0,
        team=team,
    )
    plans.append(person)
    return person


def _plan_department(
    rng: random.Random,
    plans: list[PersonPlan],
    department: DepartmentSpec,
    size: int,
    ceo: PersonPlan,
) -> None:
    """One department: a head under the CEO, then directors, managers and ICs below."""
    head = _add(plans, role=HEAD, department=department, level=11, manager=ceo)
    rest = size - 1
    n_managers = math.ceil(rest / (SPAN_OF_CONTROL + 1)) if rest >= 5 else 0
    n_directors = math.ceil(n_managers / MANAGERS_PER_DIRECTOR) if n_managers > 6 else 0
    n_senior = math.ceil(n_directors / MANAGERS_PER_DIRECTOR) if n_directors > 6 else 0
    n_ics = rest - n_managers - n_directors - n_senior

    def spread(count: int, bosses: list[PersonPlan]) -> list[PersonPlan]:
        return [bosses[i % len(bosses)] for i in range(count)]

    seniors = [
        _add(plans, role=SENIOR_DIRECTOR, department=department, level=10, manager=head)
        for _ in range(n_senior)
    ]
    # Without a senior-director layer, some directors have grown into senior directors.
    directors = [
        _add(
            plans,
            role=DIRECTOR,
            department=department,
            level=10 if not seniors and rng.random() < 0.3 else 9,
            manager=boss,
        )
        for boss in spread(n_directors, seniors or [head])
    ]
    managers = [
        _add(
            plans,
            role=MANAGER,
            department=department,
            level=8 if rng.random() < 0.35 else 7,
            manager=boss,
            team=department.teams[i % len(department.teams)],
        )
        for i, boss in enumerate(spread(n_managers, directors or [head]))
    ]
    levels = rng.choices(range(1, 8), weights=IC_LEVEL_WEIGHTS, k=n_ics)
    # Principal ICs report to a director (or higher); everyone else to a first-line manager.
    principals = [level for level in levels if level == 7]
    others = sorted((level for level in levels if level < 7), reverse=True)
    senior_bosses = directors or seniors or [head]
    for level in principals:
        family = _family(rng, department)
        _add(
            plans,
            role=IC,
            department=department,
            level=level,
            manager=rng.choice(senior_bosses),
            family=family,
        )
    # Deal ICs out like cards, most senior first, so every team gets a mix of levels.
    first_line = managers or [head]
    for boss, level in zip(spread(len(others), first_line), others, strict=True):
        family = _family(rng, department)
        _add(
            plans,
            role=IC,
            department=department,
            level=level,
            manager=boss,
            family=family,
            team=boss.team,
        )


def _family(rng: random.Random, department: DepartmentSpec) -> Family:
    return rng.choices(department.families, weights=[f.weight for f in department.families])[0]


def _designate_demo_people(rng: random.Random, plans: list[PersonPlan]) -> None:
    """Give the five demo logins a fitting place in the organization, adjusting their level."""
    plans[0].demo = data.EXECUTIVE  # the CEO looks at the aggregates

    people_team = [p for p in plans if p.department.name == "People & HR"]
    hr_managers = [p for p in people_team if p.role == MANAGER]
    admin = hr_managers[0] if hr_managers else next(p for p in people_team if p.role == HEAD)
    admin.demo = data.ADMIN

    ld_family = next(f for f in people_team[0].department.families if "Learning" in f.role)
    hr_ics = [p for p in people_team if p.role == IC and p.level < 7]
    in_ld = [p for p in hr_ics if p.team == "Learning & Development"]
    program_manager = rng.choice(in_ld or hr_ics)
    program_manager.demo = data.MANAGER
    program_manager.family = ld_family
    program_manager.level = 6

    engineers = [
        p
        for p in plans
        if p.department.name == "Engineering"
        and p.role == IC
        and p.level < 7
        and plans[p.manager or 0].role == MANAGER
    ]
    software = engineers[0].department.families[0]
    mentor = rng.choice(engineers)
    mentor.demo, mentor.level, mentor.family = data.MENTOR, 6, software
    # The mentee sits in another team, so the mentor is not in their reporting line.
    others = [p for p in engineers if p.manager != mentor.manager] or [
        p for p in engineers if p is not mentor
    ]
    mentee = rng.choice(others)
    mentee.demo, mentee.level, mentee.family = data.MENTEE, 2, software


# ---- who they are: location, time zone, name, email, languages


def _plan_identities(rng: random.Random, plans: list[PersonPlan]) -> None:
    locations = {loc.name: loc for loc in data.LOCATIONS}
    location_weights = {loc.name: loc.weight for loc in data.LOCATIONS}
    demo_emails = {login.key: login.email for login in data.DEMO_LOGINS}
    taken: set[str] = set(demo_emails.values())
    for person in plans:  # managers come before their reports, so they are placed first
        if person.role == CEO:
            location = locations[data.CEO_LOCATION]
        elif person.role == IC and person.manager is not None and rng.random() < 0.7:
            location = plans[person.manager].location or locations[data.CEO_LOCATION]
        else:
            location = locations[_pick(rng, location_weights)]
        person.location = location
        person.time_zone = location.time_zone
        if location.remote_time_zones and person.role == IC and rng.random() < 0.05:
            person.time_zone = rng.choice(location.remote_time_zones)

        pool = _pick(rng, location.name_pools)
        first_names, last_names = data.NAME_POOLS[pool]
        person.first_name = rng.choice(first_names)
        person.last_name = rng.choice(last_names)
        if person.demo:
            person.email = demo_emails[person.demo]
        else:
            person.email = _unique_email(person.first_name, person.last_name, taken)
        person.languages = _languages(rng, location, pool)


# Letters that Unicode does not decompose into an ASCII base letter plus an accent.
UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "ø": "o", "Ø": "O"})


def _ascii(text: str) -> str:
    """'Michał Wójcik' → 'michalwojcik', for email addresses."""
    folded = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSABLE))
    folded = folded.encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _unique_email(first: str, last: str, taken: set[str]) -> str:
    local = f"{_ascii(first)}.{_ascii(last)}"
    email, n = f"{local}@{data.EMAIL_DOMAIN}", 2
    while email in taken:
        email, n = f"{local}{n}@{data.EMAIL_DOMAIN}", n + 1
    taken.add(email)
    return email


def _languages(rng: random.Random, location: LocationSpec, pool: str) -> list[str]:
    spoken: set[str] = set()
    if rng.random() < location.english:
        spoken.add("en")
    for code, chance in location.languages.items():
        if rng.random() < chance:
            spoken.add(code)
    if pool in data.POOL_LANGUAGE:
        code, chance = data.POOL_LANGUAGE[pool]
        if rng.random() < chance:
            spoken.add(code)
    for code, chance in data.EXTRA_LANGUAGES.items():
        if rng.random() < chance:
            spoken.add(code)
    spoken = spoken or {"en"}
    return [code for code in data.LANGUAGES if code in spoken]


def _plan_gender(rng: random.Random, plans: list[PersonPlan]) -> None:
    """Recorded for most people: mostly as their first name suggests, now and then not."""
    other = data.GENDER_OTHER
    for person in plans:
        if rng.random() >= data.GENDER_RECORDED:
            continue
        roll = rng.random()
        if roll < other["non_binary"]:
            person.gender = Gender.NON_BINARY
        elif roll < other["non_binary"] + other["undisclosed"]:
            person.gender = Gender.UNDISCLOSED
        elif person.first_name in data.UNISEX_FIRST_NAMES:
            person.gender = rng.choice((Gender.WOMAN, Gender.MAN))
        elif person.first_name in data.WOMEN_FIRST_NAMES:
            person.gender = Gender.WOMAN
        else:
            person.gender = Gender.MAN


# ---- employment: hire and termination dates, titles and the job history behind them


def _title(person: PersonPlan, level: int, department: DepartmentSpec) -> str:
    """The title `person` had (or has) at `level` in `department`."""
    if person.role == CEO:
        return data.CEO_TITLE
    if person.role != IC and level >= 9:
        if level >= 11:
            return department.head_title
        return f"{'Senior ' if level == 10 else ''}Director of {department.noun}"
    if person.role != IC and level >= 7:
        title = f"{'Senior ' if level == 8 else ''}{department.manager_title}"
        own_team = person.team and department is person.department
        return f"{title}, {person.team}" if own_team else title
    family = person.family if department is person.department else department.families[0]
    return family.ladder()[min(level, 7) - 1]


def _hire_offset(rng: random.Random, person: PersonPlan) -> int:
    """Days between the hire and the reference date; the company grew, so most hires are recent."""
    if person.role == CEO:
        return COMPANY_DAYS
    if person.demo == data.MENTEE:
        return rng.randint(140, 200)  # an early-talent hire, a few months in

    def moment() -> float:  # 0 = founding, 1 = today; density grows like e^(1.5 t)
        return math.log1p(rng.random() * (math.e**1.5 - 1)) / 1.5

    t = moment()
    if person.role in (HEAD, SENIOR_DIRECTOR) or person.demo == data.MENTOR:
        t = min(t, moment(), moment())  # leaders have been around longer
    elif person.level >= 7:
        t = min(t, moment())
    elif person.level <= 2:
        t = max(t, moment())  # juniors joined recently
    return 14 + int((1 - t) * (COMPANY_DAYS - 15))


def _plan_employment(rng: random.Random, plans: list[PersonPlan]) -> None:
    has_reports = {p.manager for p in plans if p.manager is not None}
    departments = list(data.DEPARTMENTS)
    for person in plans:
        person.hire_offset = _hire_offset(rng, person)
        if (
            person.role == IC
            and not person.demo
            and person.index not in has_reports
            and person.hire_offset > 150
            and rng.random() < TERMINATION_RATE
        ):
            person.termination_offset = rng.randint(7, min(person.hire_offset - 90, 1000))
        person.title = _title(person, person.level, person.department)
        person.history = _history(rng, person, departments)


def _history(
    rng: random.Random, person: PersonPlan, departments: list[DepartmentSpec]
) -> list[ChangePlan]:
    """Hire, promotions, maybe a lateral move, maybe a termination, ending at today's job."""
    start = person.hire_offset
    end = person.termination_offset or 0
    span = start - end
    max_promotions = min(person.level - 1, span // PROMOTION_EVERY_DAYS)
    if person.role == CEO:
        max_promotions = 0  # the founder started at the top
    n_promotions = sum(rng.random() < 0.55 for _ in range(max_promotions))
    if person.demo in (data.MENTOR, data.MANAGER) and max_promotions:
        n_promotions = max(n_promotions, 1)
    # Promotions spread over the tenure, the first no sooner than nine months in.
    events: list[tuple[int, str]] = []
    if n_promotions:
        window = (start - 270) - (end + 30)
        segment = window / n_promotions
        for i in range(n_promotions):
            offset = (start - 270) - int(segment * (i + rng.uniform(0.2, 0.9)))
            events.append((offset, JobChangeKind.PROMOTION))
    old_department = None
    if (
        person.role in (IC, MANAGER)
        and not person.demo
        and span > 730
        and rng.random() < LATERAL_MOVE_RATE
    ):
        old_department = rng.choice([d for d in departments if d is not person.department])
        offset = rng.randint(end + 60, start - 180)
        while any(offset == o for o, _ in events):
            offset += 1
        events.append((offset, JobChangeKind.LATERAL))
    return build_history(person, events, old_department)


def build_history(
    person: PersonPlan,
    events: list[tuple[int, str]],
    old_department: DepartmentSpec | None = None,
) -> list[ChangePlan]:
    """The job history that leads to the person's current job through `events` (promotions
    and at most one lateral move from `old_department`), ending with their termination."""
    events = sorted(events, key=lambda e: -e[0])  # oldest first
    start = person.hire_offset
    n_promotions = sum(kind == JobChangeKind.PROMOTION for _, kind in events)
    level = person.level - n_promotions
    department = old_department or person.department
    title = _title(person, level, department)
    history = [ChangePlan(start, JobChangeKind.HIRE, "", title, None, level, None, department.name)]
    for offset, kind in events:
        new_level = level + 1 if kind == JobChangeKind.PROMOTION else level
        new_department = person.department if kind == JobChangeKind.LATERAL else department
        new_title = _title(person, new_level, new_department)
        history.append(
            ChangePlan(
                offset,
                kind,
                title,
                new_title,
                level,
                new_level,
                department.name,
                new_department.name,
            )
        )
        level, department, title = new_level, new_department, new_title
    assert (level, department, title) == (person.level, person.department, person.title)
    if person.termination_offset is not None:
        history.append(
            ChangePlan(
                person.termination_offset,
                JobChangeKind.TERMINATION,
                title,
                title,
                level,
                level,
                department.name,
                department.name,
            )
        )
    return history


# Heads who came from heading another department: the department they headed, and where they
# may have gone, most likely first. When the head of Customer Success took over Sales, the
# former head of Sales moved on to Operations (or another department). Key roles of those
# departments then have a former holder to propose as a mentor (succession.queries).
EXECUTIVE_MOVES = (
    ("Customer Success", ("Sales", "Operations")),
    ("Sales", ("Operations", "Marketing", "Finance")),
)
MOVE_NOTICE = 365  # days a head had been with the company before such a move, at least


def _plan_executive_moves(plans: list[PersonPlan]) -> None:
    """Rewrite the histories of heads for `EXECUTIVE_MOVES`: each headed the department named
    first until the day before its current head took over, then moved to head their own (the
    first of the departments named whose head's tenure fits). A head moves at most once, and
    promotions in the year before the move are folded into the hire level. Draws nothing at
    random."""
    heads = {p.department.name: p for p in plans if p.role == HEAD}
    moved_heads: set[int] = set()
    for old_name, destinations in EXECUTIVE_MOVES:
        successor = heads.get(old_name)
        if successor is None:
            continue
        moved = _took_over(successor) + 1
        mover = next(
            (
                heads[name]
                for name in destinations
                if name in heads
                and heads[name].index not in moved_heads
                and heads[name].hire_offset >= moved + MOVE_NOTICE
            ),
            None,
        )
        if mover is None:
            continue
        events = [
            (c.offset, c.kind)
            for c in mover.history
            if c.kind == JobChangeKind.PROMOTION and c.offset >= moved + MOVE_NOTICE
        ]
        events.append((moved, JobChangeKind.LATERAL))
        mover.history = build_history(mover, events, successor.department)
        moved_heads.add(mover.index)


def _took_over(head: PersonPlan) -> int:
    """Days since `head` has headed their department: hired, promoted or moved into it."""
    return next(
        c.offset
        for c in head.history
        if c.to_level >= head.level and c.to_department == head.department.name
    )


# ---- profile: skills, interests, goals, working style, availability


SKILL_CATEGORY = {skill: category for category, skills in data.SKILLS.items() for skill in skills}
ALL_SKILLS = list(SKILL_CATEGORY)


def _plan_profile(rng: random.Random, person: PersonPlan) -> None:
    person.skills = _skills(rng, person)
    person.interests = rng.sample(data.INTERESTS, rng.randint(2, 5))
    person.career_goals = _career_goals(rng, person)
    place = person.team or person.department.name
    city = person.location.name if person.location else ""
    person.bio = (
        f"{person.title} on the {place} team in {city}. "
        f"Outside work: {_in_sentence(person.interests[0])} and "
        f"{_in_sentence(person.interests[1])}."
        if person.role in (IC, MANAGER)
        else f"{person.title}, based in {city}."
    )
    structure, pace, communication, feedback = (
        _clamp(rng.gauss(bias, 1.0), 1, 5) for bias in person.department.style_bias
    )
    person.styles = (structure, pace, communication, feedback)
    if person.level >= 10:
        person.availability = rng.choice((1, 2, 2, 4))
    elif person.level >= 5:
        person.availability = rng.choice((2, 4, 4, 6, 8))
    else:
        person.availability = rng.choice((2, 4, 4, 6))


def _in_sentence(name: str) -> str:
    """'Public speaking' → 'public speaking', but 'Python' and 'AI & machine learning' stay."""
    if name in data.PROPER_NOUNS or name[1:2].isupper():
        return name
    return name[0].lower() + name[1:]


def _skills(rng: random.Random, person: PersonPlan) -> list[SkillPlan]:
    weights = dict(person.department.skill_weights)
    lead_boost = max(0, person.level - 5) * 0.6 + (2.0 if person.role != IC else 0.0)
    for category in data.LEADERSHIP_CATEGORIES:
        weights[category] = weights.get(category, 0.2) + lead_boost
    count = min(10, rng.randint(4, 8) + (person.level >= 6) + (person.level >= 9))

    core = [] if person.level > 8 else list(person.family.core_skills)
    chosen = rng.sample(core, min(len(core), rng.randint(1, 3))) if core else []
    rest = [s for s in ALL_SKILLS if s not in chosen]
    chosen += _weighted_sample(
        rng, rest, [weights.get(SKILL_CATEGORY[s], 0.1) for s in rest], count - len(chosen)
    )

    skills: list[SkillPlan] = []
    for name in chosen:
        base = 1 + (person.level - 1) * 0.33
        if name in core:
            base += 0.8
        if SKILL_CATEGORY[name] in data.LEADERSHIP_CATEGORIES and person.role == IC:
            base -= 0.7
        level = _clamp(base + rng.gauss(0, 0.8), 1, 5)
        skill = SkillPlan(name, level)
        if level >= 4 and person.level >= 5 and rng.random() < 0.75:
            skill.can_teach = True
        elif level <= 2 and person.level <= 6:
            skill.wants_to_learn = rng.random() < 0.55
        if (
            not skill.can_teach
            and not skill.wants_to_learn
            and level <= 3
            and 4 <= person.level <= 8
            and SKILL_CATEGORY[name] in data.LEADERSHIP_CATEGORIES
        ):
            # Seniors on the way up reach for leadership skills.
            skill.wants_to_learn = rng.random() < 0.4
        skills.append(skill)

    if person.level <= 6 and len(skills) < 10 and rng.random() < 0.5:
        # Something they do not have yet but are reaching for.
        missing = [s for s in ALL_SKILLS if s not in chosen]
        aim = _weighted_sample(
            rng, missing, [weights.get(SKILL_CATEGORY[s], 0.1) for s in missing], 1
        )
        skills.extend(SkillPlan(name, 1, wants_to_learn=True) for name in aim)
    wanted = [s for s in skills if s.wants_to_learn]
    for skill in wanted[:-MAX_WANTS]:  # keep the last, the skill reached for among them
        skill.wants_to_learn = False
    if person.level <= 4 and not any(s.wants_to_learn for s in skills):
        weakest = min((s for s in skills if not s.can_teach), key=lambda s: s.level, default=None)
        if weakest is not None:
            weakest.wants_to_learn = True
    return skills


def _next_title(person: PersonPlan) -> str:
    if person.role == IC:
        if person.level < 7:
            return person.family.ladder()[person.level]
        return person.department.manager_title
    return _title(person, min(person.level + 1, 11), person.department)


def _career_goals(rng: random.Random, person: PersonPlan) -> str:
    if person.role == CEO:
        return data.CEO_GOALS
    if person.role == IC:
        band = "junior" if person.level <= 4 else "mid"
    else:
        band = "manager" if person.role == MANAGER else "leader"
    wanted = [s.name for s in person.skills if s.wants_to_learn] or [s.name for s in person.skills]
    skill = rng.choice(wanted)
    skill2 = rng.choice([s.name for s in person.skills if s.name != skill] or [skill])
    other = rng.choice([d.name for d in data.DEPARTMENTS if d is not person.department])
    values = {
        "next_title": _next_title(person),
        "skill": _in_sentence(skill),
        "skill2": _in_sentence(skill2),
        "dept": person.department.name,
        "other_dept": other,
        "team": person.team or person.department.name,
    }
    templates = data.CAREER_GOALS[band]
    sentences = rng.sample(templates, 2 if rng.random() < 0.4 else 1)
    return " ".join(s.format(**values) for s in sentences)


def _align_demo_skills(plans: list[PersonPlan]) -> None:
    """Make the demo mentor able to teach what the demo mentee wants to learn.

    The matching demo then has an obvious good pair to explain, whatever the seed.
    """
    mentor = next(p for p in plans if p.demo == data.MENTOR)
    mentee = next(p for p in plans if p.demo == data.MENTEE)
    for skill in mentor.skills:
        if skill.name in mentor.family.core_skills:
            skill.level, skill.can_teach, skill.wants_to_learn = max(skill.level, 4), True, False
    if len(mentor.teaches()) < 3:
        for skill in sorted(mentor.skills, key=lambda s: -s.level)[:3]:
            skill.level, skill.can_teach, skill.wants_to_learn = max(skill.level, 4), True, False
    # What the mentor teaches, then what the mentee's newest goal needs (see
    # data.PERSONA_STRETCH_GOAL): the mentee's recommendations then hold resources and a path.
    aims = list(dict.fromkeys([*mentor.teaches()[:2], *data.PERSONA_MENTEE_AIMS]))
    for name in aims:
        own = next((s for s in mentee.skills if s.name == name), None)
        if own is None:
            if len(mentee.skills) >= 10:
                mentee.skills.remove([s for s in mentee.skills if s.name not in aims][-1])
            mentee.skills.append(SkillPlan(name, 1, wants_to_learn=True))
        else:
            own.level, own.can_teach, own.wants_to_learn = min(own.level, 2), False, True
    for skill in mentee.skills:
        if skill.name not in aims:
            skill.wants_to_learn = False


# ---- enrollments in the programs


def _plan_enrollments(rng: random.Random, plans: list[PersonPlan]) -> list[EnrollmentPlan]:
    total = len(plans)
    programs = {spec.key: spec for spec in data.PROGRAMS}
    mentor = next(p for p in plans if p.demo == data.MENTOR)
    mentee = next(p for p in plans if p.demo == data.MENTEE)
    # The other demo personas stay out of programs so each login shows one clear role.
    pool = [p for p in plans if p.is_active and not p.demo]
    enrollments: list[EnrollmentPlan] = []

    # Early Talent Onboarding (active): the early-career hires since last year's cohort
    # started and the people who volunteered to show them around.
    et = programs[data.EARLY_TALENT]
    since = -data.EARLY_TALENT_PAST_START
    et_mentees = [p for p in pool if p.level <= 3 and p.hire_offset < since and not p.alumni]
    et_mentees = [mentee, *rng.sample(et_mentees, min(len(et_mentees), round(0.12 * total)))]
    et_mentor_pool = [p for p in pool if 4 <= p.level <= 8 and p.teaches()]
    n_et_mentors = min(len(et_mentor_pool), math.ceil(len(et_mentees) / 2.5))
    et_mentors = [mentor, *rng.sample(et_mentor_pool, n_et_mentors)]
    enrollments += _enroll(rng, et, et_mentors, et_mentees, forced={mentor.index, mentee.index})

    # Career Compass (enrolling): open to everyone; the demo mentee has not applied yet.
    cc = programs[data.CAREER_COMPASS]
    busy = {p.index for p in et_mentees}
    cc_mentor_pool = [p for p in pool if p.level >= 5 and p.teaches()]
    n_cc_mentors = min(len(cc_mentor_pool), round(0.08 * total))
    cc_mentors = [mentor, *rng.sample(cc_mentor_pool, n_cc_mentors)]
    chosen = {p.index for p in cc_mentors}
    cc_mentee_pool = [p for p in pool if 1 <= p.level <= 6 and p.index not in busy | chosen]
    cc_mentees = rng.sample(cc_mentee_pool, min(len(cc_mentee_pool), round(0.16 * total)))
    enrollments += _enroll(rng, cc, cc_mentors, cc_mentees, forced={mentor.index})

    # Leadership Pipeline (matching): level 6–7 high potentials and senior leaders.
    lp = programs[data.LEADERSHIP_PIPELINE]
    lp_mentee_pool = [p for p in pool if p.level in (6, 7)]
    lp_mentees = rng.sample(
        lp_mentee_pool, min(int(len(lp_mentee_pool) * 0.7), round(0.12 * total))
    )
    lp_mentor_pool = [p for p in pool if p.level >= 8]
    n_lp_mentors = min(int(len(lp_mentor_pool) * 0.75), math.ceil(len(lp_mentees) / 2))
    lp_mentors = rng.sample(lp_mentor_pool, n_lp_mentors)
    enrollments += _enroll(rng, lp, lp_mentors, lp_mentees, forced=set())
    # New Manager Circle is a draft: nobody can enroll yet.
    return enrollments


STATUS_MIX: dict[str, dict[str, float]] = {
    data.CAREER_COMPASS: {"approved": 0.62, "pending": 0.28, "declined": 0.05, "withdrawn": 0.05},
    data.EARLY_TALENT: {"approved": 0.9, "withdrawn": 0.06, "declined": 0.04},
    data.LEADERSHIP_PIPELINE: {
        "approved": 0.84,
        "pending": 0.06,
        "declined": 0.06,
        "withdrawn": 0.04,
    },
}


def _enroll(
    rng: random.Random,
    spec: ProgramSpec,
    mentors: list[PersonPlan],
    mentees: list[PersonPlan],
    *,
    forced: set[int],
) -> list[EnrollmentPlan]:
    """Enrollments with an exact status mix; the demo personas in `forced` are approved."""
    participants = [(p, EnrollmentRole.MENTOR) for p in mentors] + [
        (p, EnrollmentRole.MENTEE) for p in mentees
    ]
    mix = STATUS_MIX[spec.key]
    free = [pair for pair in participants if pair[0].index not in forced]
    statuses = [
        status
        for status, count in zip(mix, _allocate(len(free), list(mix.values())), strict=True)
        for _ in range(count)
    ]
    rng.shuffle(statuses)
    status_of = {pair[0].index: s for pair, s in zip(free, statuses, strict=True)}
    result = []
    for person, role in participants:
        status = status_of.get(person.index, EnrollmentStatus.APPROVED)
        capacity = None
        if role == EnrollmentRole.MENTOR:
            d = spec.default_mentor_capacity
            capacity = max(1, rng.choices((d - 1, d, d + 1), weights=(2, 6, 2))[0])
        decided = status in (EnrollmentStatus.APPROVED, EnrollmentStatus.DECLINED)
        applied = _applied_days_ago(rng, spec, person)
        result.append(
            EnrollmentPlan(
                program=spec.key,
                person=person.index,
                role=role,
                status=status,
                capacity=capacity,
                answers=application_answers(rng, spec, role),
                goals=person.career_goals.split(". ")[0].rstrip(".") + "."
                if role == EnrollmentRole.MENTEE
                else "",
                applied_days_ago=applied,
                decided_days_ago=applied - rng.randint(0, min(10, applied)) if decided else None,
                decision_note=rng.choice(data.DECLINE_NOTES)
                if status == EnrollmentStatus.DECLINED
                else "",
            )
        )
    return result


def _applied_days_ago(rng: random.Random, spec: ProgramSpec, person: PersonPlan) -> int:
    """Applied in the weeks before the start, but never before the person was hired."""
    days = max(0, -spec.start_in_days) + rng.randint(5, 45)
    return max(1, min(days, person.hire_offset - 3))


def application_answers(rng: random.Random, spec: ProgramSpec, role: str) -> dict[int, object]:
    answers: dict[int, object] = {}
    for position, question in enumerate(spec.questions):
        if question.audience not in ("both", role):
            continue
        if not question.required and rng.random() < 0.4:
            continue
        if question.kind == "text":
            answers[position] = rng.choice(question.sample_answers or ("",))
        elif question.kind == "single":
            answers[position] = rng.choice(question.choices)
        elif question.kind == "multiple":
            picked = set(rng.sample(question.choices, rng.randint(1, 3)))
            answers[position] = [c for c in question.choices if c in picked]
        else:
            answers[position] = rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 4, 3, 1))[0]
    return answers


# --------------------------------------------------------------------------- writing it


@dataclass
class SeedSummary:
    seed: int
    today: date
    counts: dict[str, int]
    programs: list[dict[str, Any]]
    logins: list[dict[str, str]]
    mentoring: dict[str, Counter[str]] = field(default_factory=dict)
    stories: list[str] = field(default_factory=list)


def has_people() -> bool:
    return Person.objects.exists()


@transaction.atomic
def seed_demo(
    *, people: int, seed: int, today: date | None = None, mentorships: bool = True
) -> SeedSummary:
    """Write the demo organization for `seed` into the database, all or nothing."""
    today = today or timezone.localdate()
    now = reference_now(today)
    plan = plan_organization(people=people, seed=seed, mentorships=mentorships)
    emails = [login.email for login in data.DEMO_LOGINS]
    clash = sorted(User.objects.filter(email__in=emails).values_list("email", flat=True))
    if clash:
        raise SeedError(
            f"Users {', '.join(clash)} already exist; the demo logins need those addresses."
        )

    departments = _ensure(Department, "name", [{"name": d.name} for d in data.DEPARTMENTS])
    locations = _ensure(
        Location,
        "name",
        [{"name": x.name, "country": x.country, "time_zone": x.time_zone} for x in data.LOCATIONS],
    )
    languages = _ensure(
        Language, "code", [{"code": c, "name": n} for c, n in data.LANGUAGES.items()]
    )
    interests = _ensure(Interest, "name", [{"name": n} for n in data.INTERESTS])
    categories = _ensure(SkillCategory, "name", [{"name": n} for n in data.SKILLS])
    skills = _ensure(
        Skill,
        "name",
        [{"name": s, "category": categories[c]} for c, names in data.SKILLS.items() for s in names],
    )

    users = _create_demo_users(plan)
    persons = _create_people(plan, today, departments, locations, users)
    _create_profiles(plan, today, persons, departments, languages, interests, skills)
    programs, enrollments = _create_programs(plan, today, now, persons, users, departments)
    by_key = {spec.key: p for spec, p in zip(plan.programs, programs, strict=True)}
    rows, checkins = write_mentoring(
        plan.mentoring,
        now=now,
        people=persons,
        enrollment_plans=plan.enrollments,
        enrollments=enrollments,
        programs=by_key,
        skills=skills,
        manager=users[data.MANAGER],
    )
    write_feedback(
        plan.feedback,
        now=now,
        today=today,
        people=persons,
        enrollment_plans=plan.enrollments,
        pairs=plan.mentoring.pairs,
        rows=rows,
        checkins=checkins,
        programs=by_key,
        skills=skills,
        manager=users[data.MANAGER],
    )
    write_growth(
        GrowthContext(seed=seed, today=today, now=now, users=users, programs=by_key, skills=skills)
    )
    return _summary(seed, today, programs, users)


def reference_now(today: date) -> datetime:
    """The moment every seeded time is relative to: now, moved to the reference date."""
    return timezone.now() + (today - timezone.localdate())


def _ensure(model: type[M], key: str, rows: list[dict[str, Any]]) -> dict[str, M]:
    """Rows by `key`, creating the missing ones; rows already there are kept as they are."""
    existing = model._default_manager.filter(**{f"{key}__in": [r[key] for r in rows]})
    found = {getattr(o, key): o for o in existing}
    missing = [model(**row) for row in rows if row[key] not in found]
    model._default_manager.bulk_create(missing)
    found.update({getattr(o, key): o for o in missing})
    return found


def _create_demo_users(plan: OrganizationPlan) -> dict[str, User]:
    """The five demo logins, through the accounts service so staff flags follow the role.

    Hashing is slow by design, so the password is hashed once and the hash shared.
    """
    password_hash = make_password(data.DEMO_PASSWORD)
    by_key = {p.demo: p for p in plan.people if p.demo}
    users: dict[str, User] = {}
    for login in data.DEMO_LOGINS:
        person = by_key[login.key]
        user = user_create(
            email=login.email,
            password=None,
            full_name=f"{person.first_name} {person.last_name}",
            org_role=login.org_role,
        )
        user.password = password_hash
        user.save(update_fields=["password"])
        users[login.key] = user
    return users


def _create_people(
    plan: OrganizationPlan,
    today: date,
    departments: dict[str, Department],
    locations: dict[str, Location],
    users: dict[str, User],
) -> list[Person]:
    """Insert people level by level of the hierarchy, so each manager has an id first."""
    by_hire = sorted(plan.people, key=lambda p: (-p.hire_offset, p.index))
    employee_ids = {p.index: f"MP{n:05d}" for n, p in enumerate(by_hire, start=1)}
    saved: dict[int, Person] = {}
    by_depth: dict[int, list[PersonPlan]] = defaultdict(list)
    for p in plan.people:
        by_depth[p.depth].append(p)
    for depth in sorted(by_depth):
        batch = [
            Person(
                user=users.get(p.demo),
                employee_id=employee_ids[p.index],
                first_name=p.first_name,
                last_name=p.last_name,
                email=p.email,
                title=p.title,
                department=departments[p.department.name],
                level=p.level,
                manager_id=saved[p.manager].pk if p.manager is not None else None,
                location=locations[p.location.name] if p.location else None,
                time_zone=p.time_zone,
                gender=p.gender,
                hire_date=today - timedelta(days=p.hire_offset),
                termination_date=today - timedelta(days=p.termination_offset)
                if p.termination_offset is not None
                else None,
                bio=p.bio,
                career_goals=p.career_goals,
                style_structure=p.styles[0],
                style_pace=p.styles[1],
                style_communication=p.styles[2],
                style_feedback=p.styles[3],
                availability_hours_per_month=p.availability,
            )
            for p in by_depth[depth]
        ]
        Person.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        saved.update({p.index: obj for p, obj in zip(by_depth[depth], batch, strict=True)})
    return [saved[p.index] for p in plan.people]


def _create_profiles(
    plan: OrganizationPlan,
    today: date,
    persons: list[Person],
    departments: dict[str, Department],
    languages: dict[str, Language],
    interests: dict[str, Interest],
    skills: dict[str, Skill],
) -> None:
    spoken = Person.languages.through
    liked = Person.interests.through
    spoken.objects.bulk_create(
        [
            spoken(person_id=persons[p.index].pk, language_id=languages[code].pk)
            for p in plan.people
            for code in p.languages
        ],
        batch_size=BATCH_SIZE,
    )
    liked.objects.bulk_create(
        [
            liked(person_id=persons[p.index].pk, interest_id=interests[name].pk)
            for p in plan.people
            for name in p.interests
        ],
        batch_size=BATCH_SIZE,
    )
    PersonSkill.objects.bulk_create(
        [
            PersonSkill(
                person_id=persons[p.index].pk,
                skill_id=skills[s.name].pk,
                level=s.level,
                can_teach=s.can_teach,
                wants_to_learn=s.wants_to_learn,
            )
            for p in plan.people
            for s in p.skills
        ],
        batch_size=BATCH_SIZE,
    )
    JobChange.objects.bulk_create(
        [
            JobChange(
                person_id=persons[p.index].pk,
                effective_date=today - timedelta(days=c.offset),
                kind=c.kind,
                from_title=c.from_title,
                to_title=c.to_title,
                from_level=c.from_level,
                to_level=c.to_level,
                from_department_id=departments[c.from_department].pk if c.from_department else None,
                to_department_id=departments[c.to_department].pk,
            )
            for p in plan.people
            for c in p.history
        ],
        batch_size=BATCH_SIZE,
    )


def _create_programs(
    plan: OrganizationPlan,
    today: date,
    now: datetime,
    persons: list[Person],
    users: dict[str, User],
    departments: dict[str, Department],
) -> tuple[list[Program], list[Enrollment]]:
    """Programs go through the program services, so they pass the same checks as the UI's.

    Returns the programs in `plan.programs` order and the enrollments in the plan's order."""
    manager = users[data.MANAGER]
    programs: list[Program] = []
    enrollments: list[Enrollment] = []
    planned: list[EnrollmentPlan] = []
    for spec in plan.programs:
        start = today + timedelta(days=spec.start_in_days)
        program = program_create(
            data={
                "name": spec.name.format(year=start.year),
                "program_type": spec.program_type,
                "description": spec.description,
                "start_date": start,
                "end_date": start + timedelta(days=spec.length_days),
                "checkin_cadence": spec.checkin_cadence,
                "default_mentor_capacity": spec.default_mentor_capacity,
                "requires_approval": spec.requires_approval,
                "min_level": spec.min_level,
                "max_level": spec.max_level,
                "mentor_min_level": spec.mentor_min_level,
                "managers": [manager],
                "eligible_departments": [departments[name] for name in spec.departments],
            }
        )
        for objective in spec.objectives:
            objective_add(
                program=program,
                title=objective.title,
                kpi=objective.kpi,
                target=objective.target,
                comparator=objective.comparator,
                org_goal=objective.org_goal,
            )
        questions: list[ApplicationQuestion] = [
            question_add(
                program=program,
                text=q.text,
                kind=q.kind,
                choices=list(q.choices),
                required=q.required,
                audience=q.audience,
                help_text=q.help_text,
            )
            for q in spec.questions
        ]
        for status in PROGRAM_STATUS_PATH[1 : PROGRAM_STATUS_PATH.index(spec.status) + 1]:
            program = program_transition(program=program, to_status=status)
        programs.append(program)

        for e in plan.enrollments:
            if e.program != spec.key:
                continue
            raw = {str(questions[i].pk): value for i, value in e.answers.items()}
            answers, errors = clean_answers(questions=questions, role=e.role, raw=raw)
            if errors:  # the plan must only hold answers the application form would accept
                raise SeedError(f"Invalid demo answers for {spec.name}: {errors}")
            decided = e.decided_days_ago is not None
            planned.append(e)
            enrollments.append(
                Enrollment(
                    program=program,
                    person=persons[e.person],
                    role=e.role,
                    status=e.status,
                    capacity=e.capacity,
                    answers=answers,
                    goals=e.goals,
                    decided_at=now - timedelta(days=e.decided_days_ago or 0) if decided else None,
                    decided_by=manager if decided else None,
                    decision_note=e.decision_note,
                    load=e.load,
                )
            )
    Enrollment.objects.bulk_create(enrollments, batch_size=BATCH_SIZE)
    # Inserting stamps created_at with now; date each enrollment back to its application.
    applied: dict[int, list[int]] = defaultdict(list)
    for e, row in zip(planned, enrollments, strict=True):
        applied[e.applied_days_ago].append(row.pk)
    for days, pks in sorted(applied.items()):
        Enrollment.objects.filter(pk__in=pks).update(created_at=now - timedelta(days=days))
    row_of = {id(e): row for e, row in zip(planned, enrollments, strict=True)}
    return programs, [row_of[id(e)] for e in plan.enrollments]


def _summary(
    seed: int, today: date, programs: list[Program], users: dict[str, User]
) -> SeedSummary:
    counts = {
        "people": Person.objects.count(),
        "terminated": Person.objects.filter(termination_date__isnull=False).count(),
        "departments": Department.objects.count(),
        "locations": Location.objects.count(),
        "languages": Language.objects.count(),
        "interests": Interest.objects.count(),
        "skill categories": SkillCategory.objects.count(),
        "skills": Skill.objects.count(),
        "person skills": PersonSkill.objects.count(),
        "job changes": JobChange.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "goals": Goal.objects.count(),
        "milestones": Milestone.objects.count(),
        "goal updates": GoalUpdate.objects.count(),
        "gender recorded": Person.objects.exclude(gender="").count(),
        "surveys": Survey.objects.count(),
        "open surveys": Survey.objects.filter(status="open").count(),
        "asked": SurveyResponse.objects.count(),
        "answered": SurveyResponse.objects.filter(submitted_at__isnull=False).count(),
        "survey answers": SurveyAnswer.objects.count(),
        "pulses": PulseRating.objects.count(),
        "skill assessments": SkillAssessment.objects.count(),
    }
    mentoring = {
        "pairs": Counter(Mentorship.objects.values_list("status", flat=True)),
        "check-ins": Counter(CheckIn.objects.values_list("status", flat=True)),
        "goals": Counter(Goal.objects.values_list("status", flat=True)),
        "notes": Counter(Note.objects.values_list("visibility", flat=True)),
    }
    rows = Enrollment.objects.filter(program__in=programs).values_list(
        "program_id", "role", "status"
    )
    tally = Counter(rows)
    program_rows = [
        {
            "name": p.name,
            "type": p.get_program_type_display(),
            "status": p.get_status_display(),
            "mentors": sum(n for (pk, r, _), n in tally.items() if pk == p.pk and r == "mentor"),
            "mentees": sum(n for (pk, r, _), n in tally.items() if pk == p.pk and r == "mentee"),
            "statuses": {
                s.label.lower(): sum(
                    n for (pk, _, st), n in tally.items() if pk == p.pk and st == s.value
                )
                for s in EnrollmentStatus
            },
        }
        for p in programs
    ]
    logins = [
        {
            "email": login.email,
            "role": login.role_label,
            "password": data.DEMO_PASSWORD,
            "name": users[login.key].full_name,
        }
        for login in data.DEMO_LOGINS
    ]
    return SeedSummary(seed, today, counts, program_rows, logins, mentoring, _stories(users))


def _stories(users: dict[str, User]) -> list[str]:
    """The demo mentor's pairs, in a line each, so whoever seeds knows where to look."""
    mentor = users[data.MENTOR]
    pairs = (
        Mentorship.objects.filter(mentor__person__user=mentor)
        .select_related("mentee__person", "program")
        .annotate(
            held=Count("checkins", filter=Q(checkins__status=CheckInStatus.HELD)),
            last_held=Max("checkins__starts_at", filter=Q(checkins__status=CheckInStatus.HELD)),
        )
        .order_by("started_at")
    )
    lines = []
    for pair in pairs:
        last = f", last held {pair.last_held:%Y-%m-%d}" if pair.last_held else ""
        when = f"since {pair.started_at:%Y-%m-%d}"
        if pair.ended_at is not None:
            when = f"{pair.started_at:%Y-%m-%d} to {pair.ended_at:%Y-%m-%d}"
        verb = "mentors" if pair.ended_at is None else "mentored"
        lines.append(
            f"{mentor.full_name} {verb} {pair.mentee.person.full_name} in {pair.program.name} "
            f"({pair.get_status_display().lower()}, {when}, {pair.held} check-ins held{last})"
        )
    return lines


def format_summary(summary: SeedSummary) -> str:
    c = summary.counts
    lines = [
        f"Demo organization seeded (seed {summary.seed}, dates relative to {summary.today}):",
        f"  {c['people']} people ({c['terminated']} no longer employed, gender recorded for "
        f"{c['gender recorded']}), "
        f"{c['departments']} departments, {c['locations']} locations, "
        f"{c['languages']} languages, {c['job changes']} job changes",
        f"  {c['skills']} skills in {c['skill categories']} categories, "
        f"{c['person skills']} person skills, {c['interests']} interests",
        f"  {len(summary.programs)} programs, {c['enrollments']} enrollments:",
    ]
    width = max(len(p["name"]) for p in summary.programs)
    for p in summary.programs:
        statuses = ", ".join(f"{n} {label}" for label, n in p["statuses"].items() if n)
        lines.append(
            f"    {p['name']:<{width}}  {p['status']:<9}  {p['type']:<36}  "
            f"{p['mentors']:>4} mentors  {p['mentees']:>4} mentees"
            + (f"  ({statuses})" if statuses else "")
        )
    if summary.mentoring.get("pairs"):

        def tally(name: str) -> str:
            found = summary.mentoring[name]
            return ", ".join(
                f"{n} {status.replace('_', ' ')}" for status, n in sorted(found.items())
            )

        lines += [
            f"  {sum(summary.mentoring['pairs'].values())} mentoring pairs: {tally('pairs')}",
            f"  {sum(summary.mentoring['check-ins'].values())} check-ins: {tally('check-ins')}",
            f"  {c['goals']} goals ({tally('goals')}), {c['milestones']} milestones, "
            f"{c['goal updates']} goal updates",
            f"  {sum(summary.mentoring['notes'].values())} notes: {tally('notes')}",
        ]
        if c["surveys"]:
            share = round(100 * c["answered"] / c["asked"]) if c["asked"] else 0
            lines += [
                f"  {c['surveys']} surveys ({c['open surveys']} open): {c['asked']} people "
                f"asked, {c['answered']} answered ({share}%), {c['survey answers']} answers",
                f"  {c['pulses']} check-in pulses, {c['skill assessments']} skill assessments",
            ]
        lines += [f"  {story}" for story in summary.stories]
    lines += ["", "Demo logins:"]
    headers = {"email": "Email", "role": "Role", "password": "Password", "name": "Person"}
    widths = {k: max(len(h), *(len(row[k]) for row in summary.logins)) for k, h in headers.items()}
    lines.append("  " + "  ".join(f"{h:<{widths[k]}}" for k, h in headers.items()).rstrip())
    lines.append("  " + "  ".join("-" * widths[k] for k in headers))
    for row in summary.logins:
        lines.append("  " + "  ".join(f"{row[k]:<{widths[k]}}" for k in headers).rstrip())
    return "\n".join(lines)
