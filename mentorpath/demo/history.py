"""The demo organization's last two years: people leaving, and two programs that have closed.

The KPI dashboard compares the retention and promotion of a program's mentees, 6 and 12 months
after the program's start, with colleagues who did not take part: employed on that date, in
the same department, level and tenure band. For that comparison to show something the seed
needs three things besides today's organization:

* attrition: individual contributors leave at a yearly rate of about 8% (12% up to level 3),
  drawn over the last two years, so the comparison groups have leavers in them;
* two closed programs that started long enough ago, Career Compass two years ago and Early
  Talent fifteen months ago (`data.PAST_PROGRAMS`), whose mentees were employed on the start
  date, and whose pairs `mentoring.plan_closed_program` plans;
* a modest effect: a mentee's departure within 12 months of the start is called off with
  chance `RETAINED`, and a mentee not promoted in those 12 months gets a promotion there with
  chance `PROMOTED` (a later one brought forward, or one more). Most leavers among the mentees
  still leave, and plenty of non-participants are promoted, so at demo size the difference is
  a few points with a wide interval, not a miracle.

Everything is drawn from the random stream passed in, before any enrollment of today's programs
is planned, so nobody who has left is enrolled in them. Job histories are rebuilt with
`seed.build_history`, so the hire, promotion, move and termination rows always lead to the
person's current title, level and department.
"""

import math
import random
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from mentorpath.demo import data
from mentorpath.demo import seed as org  # a cycle: only used inside functions
from mentorpath.people.enums import JobChangeKind
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus

if TYPE_CHECKING:
    from mentorpath.demo.data import DepartmentSpec, ProgramSpec
    from mentorpath.demo.seed import EnrollmentPlan, PersonPlan

ATTRITION_DAYS = 800  # how far back leavers are drawn; older history keeps its few leavers
ATTRITION = 0.08  # yearly chance an individual contributor leaves
ATTRITION_JUNIOR = 0.12  # up to level 3
MIN_TENURE = 120  # nobody drawn here leaves in their first four months
RECENT = 7  # the HRIS is a week behind

RETAINED = 0.35  # a mentee's departure within 12 months of the start that did not happen
PROMOTED = 0.06  # a mentee not promoted within 12 months who was, after all
YEAR = 365
PROMOTION_GAP = 270  # days between two promotions of one person, at least
NOTICE = 30  # days between a promotion or move and leaving, at least

# Approved mentees of each closed program: a share of everyone employed on its start date
# (Career Compass), or of the early-career hires of the nine months before (Early Talent).
COHORT_SHARE = {data.CAREER_COMPASS_PAST: 0.07, data.EARLY_TALENT_PAST: 0.65}
MENTEES_PER_MENTOR = {data.CAREER_COMPASS_PAST: 1.6, data.EARLY_TALENT_PAST: 2.4}
TURNED_AWAY = 0.08  # applicants on top of the cohort, declined or withdrawn before the start


def plan_attrition(rng: random.Random, people: list["PersonPlan"]) -> None:
    """People who left in the last two years. Only individual contributors without reports
    leave, so the reporting lines stay whole.

    Leavers are drawn by systematic sampling over the candidates ordered by department, level
    and hire date, so every such group loses close to its expected share rather than what
    independent draws happen to give: small demo groups would otherwise swing by chance."""
    has_reports = {p.manager for p in people if p.manager is not None}
    candidates = sorted(
        (
            p
            for p in people
            if p.role == org.IC
            and not p.demo
            and p.index not in has_reports
            and p.termination_offset is None
            and min(ATTRITION_DAYS, p.hire_offset - MIN_TENURE) > RECENT
        ),
        key=lambda p: (p.department.name, p.level, -p.hire_offset, p.index),
    )
    total = rng.random()
    for person in candidates:
        latest = min(ATTRITION_DAYS, person.hire_offset - MIN_TENURE)
        rate = ATTRITION_JUNIOR if person.level <= 3 else ATTRITION
        before, total = total, total + 1 - math.exp(-rate * (latest - RECENT) / YEAR)
        if int(total) > int(before):
            person.termination_offset = rng.randint(RECENT, latest)
            _rebuild(person, *_events(person))


def plan_cohorts(rng: random.Random, people: list["PersonPlan"]) -> list["EnrollmentPlan"]:
    """Enrollments of the closed programs, oldest first, and their mentees' outcomes."""
    enrollments: list[EnrollmentPlan] = []
    for spec in data.PAST_PROGRAMS:
        enrollments += _plan_cohort(rng, people, spec)
    return enrollments


def _plan_cohort(
    rng: random.Random, people: list["PersonPlan"], spec: "ProgramSpec"
) -> list["EnrollmentPlan"]:
    start = -spec.start_in_days
    end = start - spec.length_days
    employed = [p for p in people if employed_on(p, start)]
    pool = [
        p
        for p in employed
        if not p.demo and not p.alumni and p.hire_offset >= start + 30 and p.role != org.CEO
    ]
    if spec.key == data.EARLY_TALENT_PAST:
        pool = [p for p in pool if p.hire_offset <= start + 270 and level_on(p, start) <= 3]
        size = round(COHORT_SHARE[spec.key] * len(pool))
    else:
        pool = [p for p in pool if level_on(p, start) <= 6]
        size = round(COHORT_SHARE[spec.key] * len(employed))
    if spec.departments:  # by their department then
        pool = [p for p in pool if _department_on(p, start) in spec.departments]
    mentees = _stratified_sample(rng, pool, size, key=lambda p: _outcome(p, start))
    chosen = {p.index for p in mentees}
    rest = [p for p in pool if p.index not in chosen]
    turned_away = rng.sample(rest, min(len(rest), round(TURNED_AWAY * size)))
    chosen |= {p.index for p in turned_away}

    threshold = spec.mentor_min_level or 1
    mentor_pool = [
        p
        for p in employed
        if not p.demo
        and p.index not in chosen
        and p.hire_offset >= start + 180
        and (p.termination_offset is None or p.termination_offset < end)  # stayed to the end
        and level_on(p, start) >= threshold
        and p.teaches()
        and p.role != org.CEO
    ]
    n_mentors = min(len(mentor_pool), math.ceil(len(mentees) / MENTEES_PER_MENTOR[spec.key]))
    mentors = rng.sample(mentor_pool, n_mentors)

    enrollments = [_enroll(rng, spec, p, EnrollmentRole.MENTOR) for p in mentors]
    enrollments += [_enroll(rng, spec, p, EnrollmentRole.MENTEE) for p in mentees]
    for n, person in enumerate(turned_away):
        status = EnrollmentStatus.DECLINED if n % 2 == 0 else EnrollmentStatus.WITHDRAWN
        enrollments.append(_enroll(rng, spec, person, EnrollmentRole.MENTEE, status))
    for person in mentees:
        person.alumni.add(spec.key)
    _improve(rng, mentees, start)
    return enrollments


def _outcome(person: "PersonPlan", start: int) -> tuple[bool, bool]:
    """Whether the person left, and whether they were promoted, within 12 months of `start`."""
    left = person.termination_offset
    return (
        left is not None and start - YEAR <= left < start,
        any(
            c.kind == JobChangeKind.PROMOTION and start - YEAR <= c.offset <= start
            for c in person.history
        ),
    )


def _stratified_sample(
    rng: random.Random, pool: list["PersonPlan"], size: int, *, key: Callable[..., object]
) -> list["PersonPlan"]:
    """`size` people from `pool`, each group by `key` represented in proportion to its share
    (largest remainder): the cohort starts out like its peers, not by luck better or worse."""
    groups: dict[object, list[PersonPlan]] = {}
    for person in pool:
        groups.setdefault(key(person), []).append(person)
    order = sorted(groups, key=repr)
    size = min(size, len(pool))
    raw = [size * len(groups[g]) / len(pool) for g in order] if pool else []
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], rng.random()))
    for i in by_remainder[: size - sum(counts)]:
        counts[i] += 1
    chosen: list[PersonPlan] = []
    for g, n in zip(order, counts, strict=True):
        chosen += rng.sample(groups[g], n)
    rng.shuffle(chosen)
    return chosen


def _enroll(
    rng: random.Random,
    spec: "ProgramSpec",
    person: "PersonPlan",
    role: str,
    status: str = EnrollmentStatus.APPROVED,
) -> "EnrollmentPlan":
    """Applied in the weeks before the start, decided before it; mentors took one more or one
    fewer mentee than the program's default now and then."""
    start = -spec.start_in_days
    applied = min(start + rng.randint(5, 45), person.hire_offset - 3)
    decided = status in (EnrollmentStatus.APPROVED, EnrollmentStatus.DECLINED)
    capacity = None
    if role == EnrollmentRole.MENTOR:
        d = spec.default_mentor_capacity
        capacity = max(1, rng.choices((d - 1, d, d + 1), weights=(2, 6, 2))[0])
    return org.EnrollmentPlan(
        program=spec.key,
        person=person.index,
        role=role,
        status=status,
        capacity=capacity,
        answers=org.application_answers(rng, spec, role),
        goals=person.career_goals.split(". ")[0].rstrip(".") + "."
        if role == EnrollmentRole.MENTEE
        else "",
        applied_days_ago=applied,
        decided_days_ago=applied - rng.randint(0, min(10, applied - start - 1))
        if decided
        else None,
        decision_note=rng.choice(data.DECLINE_NOTES) if status == EnrollmentStatus.DECLINED else "",
    )


# ---- a mentee's outcome


def _improve(rng: random.Random, mentees: list["PersonPlan"], start: int) -> None:
    """Nudge the 12 months after `start` (days ago) the way mentoring tends to: a share
    `RETAINED` of the mentees who left in them stays after all, and a share `PROMOTED` of
    those not promoted in them is (as far as their history allows)."""
    leavers = [p for p in mentees if _outcome(p, start)[0]]
    for person in rng.sample(leavers, round(RETAINED * len(leavers))):
        events, old_department = _events(person)
        person.termination_offset = None
        _rebuild(person, events, old_department)
    waiting = [p for p in mentees if not _outcome(p, start)[1]]
    quota = round(PROMOTED * len(waiting))
    rng.shuffle(waiting)
    for person in waiting:
        if quota == 0:
            break
        events, old_department = _events(person)
        if _promote(rng, person, events, start):
            _rebuild(person, events, old_department)
            quota -= 1


def _promote(
    rng: random.Random, person: "PersonPlan", events: list[tuple[int, str]], start: int
) -> bool:
    """A promotion 2–11 months after `start`: the next one brought forward if it came within
    the following year and a half, else one more (when there is a level below to start from).
    Changes `events` in place; False when neither fits the person's history."""
    at = rng.randint(start - 330, start - 60)
    left = person.termination_offset
    if at > person.hire_offset - PROMOTION_GAP or (left is not None and at - NOTICE < left):
        return False
    promotions = sorted(o for o, kind in events if kind == JobChangeKind.PROMOTION)
    later = [o for o in promotions if start - YEAR - 540 <= o < start - YEAR]
    if later:
        moved = max(later)  # the soonest after the window
        others = [o for o in promotions if o != moved]
        if all(abs(o - at) >= PROMOTION_GAP for o in others):
            events.remove((moved, JobChangeKind.PROMOTION))
            events.append((_free_day(at, events), JobChangeKind.PROMOTION))
            return True
        return False
    first_level = person.level - len(promotions)
    if first_level < 2 or any(abs(o - at) < PROMOTION_GAP for o in promotions):
        return False
    events.append((_free_day(at, events), JobChangeKind.PROMOTION))
    return True


def _free_day(offset: int, events: Iterable[tuple[int, str]]) -> int:
    taken = {o for o, _ in events}
    while offset in taken:
        offset += 1
    return offset


# ---- job histories


def _events(person: "PersonPlan") -> tuple[list[tuple[int, str]], "DepartmentSpec | None"]:
    """The promotions and the lateral move in a person's history, and the department they
    moved from."""
    events = [
        (c.offset, c.kind)
        for c in person.history
        if c.kind in (JobChangeKind.PROMOTION, JobChangeKind.LATERAL)
    ]
    moved = any(kind == JobChangeKind.LATERAL for _, kind in events)
    first = person.history[0].to_department
    old = next((d for d in data.DEPARTMENTS if d.name == first), None) if moved else None
    return events, old


def _rebuild(
    person: "PersonPlan", events: list[tuple[int, str]], old_department: "DepartmentSpec | None"
) -> None:
    """The history through `events`, without what would come after the person left."""
    left = person.termination_offset
    if left is not None:
        events = [(o, kind) for o, kind in events if o >= left + NOTICE]
    if not any(kind == JobChangeKind.LATERAL for _, kind in events):
        old_department = None
    person.history = org.build_history(person, events, old_department)


def employed_on(person: "PersonPlan", days_ago: int) -> bool:
    return person.hire_offset >= days_ago and (
        person.termination_offset is None or person.termination_offset < days_ago
    )


def _department_on(person: "PersonPlan", days_ago: int) -> str:
    department = person.history[0].to_department
    for change in person.history:
        if change.offset < days_ago:
            break
        department = change.to_department
    return department


def level_on(person: "PersonPlan", days_ago: int) -> int:
    """The person's level `days_ago` (their hire level before they were hired)."""
    level = person.history[0].to_level
    for change in person.history:
        if change.offset < days_ago:
            break
        level = change.to_level
    return level
