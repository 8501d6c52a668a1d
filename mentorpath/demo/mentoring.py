"""The demo's mentoring history: the pairs of the active programs, with months of check-ins,
goals, milestones, progress updates and notes, and the finished pairs of the closed programs
(`plan_closed_program`).

Planned like the rest of the organization: `plan_mentoring` draws from the seed's random stream
into plain dataclasses, with every moment kept as "days before the reference time", and
`write_mentoring` turns those into datetimes and bulk-inserts them. Rows are written directly,
not through the services, so seeding sends no notification; but they hold what the services
would have written: a mentor's `Enrollment.load` is the number of their live pairs and never
above their capacity, every pair that started has its agreement, only held check-ins have
minutes, goals' progress matches their status, and every timestamp follows the one before it
(proposed → accepted → started → check-ins → ended).

Check-ins fall on weekdays at a working hour for both people, in the mentee's time zone.
"""

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Model

from mentorpath.accounts.models import User
from mentorpath.demo import data
from mentorpath.matching.engine.scoring import INTERESTS, LANGUAGE, LEVEL_GAP, SKILLS, TIMEZONE
from mentorpath.mentoring.catalog import (
    agenda_template,
    agreement_sections,
    goal_templates,
    rhythm_days,
)
from mentorpath.mentoring.enums import (
    CheckInStatus,
    EndReason,
    GoalStatus,
    InviteResponse,
    MentorshipSource,
    MentorshipStatus,
    NoteVisibility,
)
from mentorpath.mentoring.models import (
    Agreement,
    CheckIn,
    Goal,
    GoalUpdate,
    Mentorship,
    Milestone,
    Note,
)
from mentorpath.people.models import Person, Skill
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus, ProgramStatus
from mentorpath.programs.models import Enrollment, Program

if TYPE_CHECKING:
    from mentorpath.demo.data import ProgramSpec
    from mentorpath.demo.seed import EnrollmentPlan, PersonPlan

MENTOR, MENTEE = EnrollmentRole.MENTOR.value, EnrollmentRole.MENTEE.value
BATCH_SIZE = 1000

# What became of the approved mentees of an active program (besides the demo personas).
ACTIVE, PAUSED, COMPLETED, ENDED, PROPOSED, WAITING = (
    "active",
    "paused",
    "completed",
    "ended",
    "proposed",
    "waiting",
)
FATES = {ACTIVE: 0.70, PAUSED: 0.04, COMPLETED: 0.04, ENDED: 0.07, PROPOSED: 0.07, WAITING: 0.08}
STALLED_SHARE = 0.08  # of the active pairs: no held check-in for more than twice the rhythm
UNRESPONSIVE_SHARE = 0.03  # of the active pairs: a mentee's invitation unanswered for days
DECLINED_FIRST = 0.04  # mentees whose first proposal one side declined
REMATCH_AFTER_MISMATCH = 0.7
END_REASONS = (EndReason.MISMATCH, EndReason.PERSONAL, EndReason.LEFT, EndReason.OTHER)
CHECKIN_MIX = {CheckInStatus.HELD: 0.85, CheckInStatus.MISSED: 0.10, CheckInStatus.CANCELLED: 0.05}
OTHER_RHYTHM = {14: 0.18, 28: 0.05}  # pairs that agreed another rhythm than the program's
WORKING_HOURS = range(9, 17)  # local start hours that suit a check-in
CLOSE_ENOUGH = range(8, 19)  # the partner's local hour must fall in here
PAST_GRACE = 3  # days between a start (or an end) and the nearest check-in, before weekends


# --------------------------------------------------------------------------- the plan


@dataclass
class CheckInPlan:
    days_ago: int  # local calendar days before the reference date; negative = upcoming
    status: str
    scheduler: str  # MENTOR or MENTEE
    response: str
    lead_days: float  # scheduled this long before it starts (upcoming: this long ago)
    duration: int
    held_minutes: int | None = None
    recorder: str = ""
    record_hours: float = 0.0  # recorded (or, when cancelled, cancelled) this long after/before
    first: bool = False
    agenda: bool = True
    key: str = ""  # names a check-in of the demo personas' story


@dataclass
class NotePlan:
    author: str  # MENTOR or MENTEE
    visibility: str
    body: str
    checkin: int | None = None  # index into the pair's check-ins
    hours_after: float = 1.0  # after that check-in ended
    days_ago: float = 0.0  # when not about a check-in


@dataclass
class UpdatePlan:
    days_ago: float
    author: str
    progress: int | None
    status: str
    comment: str


@dataclass
class MilestonePlan:
    title: str
    due_days_ago: int
    done_days_ago: float | None


@dataclass
class GoalPlan:
    title: str
    description: str
    measure: str
    skill: str | None
    objective: int | None  # position among the program's objectives
    status: str
    progress: int
    created_days_ago: float
    target_days_ago: int
    completed_days_ago: float | None
    milestones: list[MilestonePlan]
    updates: list[UpdatePlan]


@dataclass
class PairPlan:
    program: str  # ProgramSpec.key
    mentor: int  # index into the plan's enrollments
    mentee: int
    status: str
    source: str
    score: float
    reasons: list[dict[str, Any]]
    proposed_days_ago: float
    mentor_accepted_days_ago: float | None = None
    mentee_accepted_days_ago: float | None = None
    declined_by: str = ""
    started_days_ago: float | None = None
    paused_days_ago: float | None = None
    pause_note: str = ""
    ended_days_ago: float | None = None
    end_reason: str = ""
    end_note: str = ""
    rhythm: int = 7
    rhythm_changed_days_ago: float | None = None
    rhythm_changed_by: str = ""
    mentor_ack_days_ago: float | None = None
    mentee_ack_days_ago: float | None = None
    hours: list[int] = field(default_factory=list)  # preferred local start hours, best first
    minute: int = 0
    location: str = ""
    video_url: str = ""
    checkins: list[CheckInPlan] = field(default_factory=list)
    notes: list[NotePlan] = field(default_factory=list)
    goals: list[GoalPlan] = field(default_factory=list)
    story: str = ""  # "persona" or "persona-stalled" for the demo mentor's two pairs
    stalled: bool = False


@dataclass
class MentoringPlan:
    pairs: list[PairPlan]
    leavers: dict[int, int]  # person index → termination offset, for pairs ended as "left"
    # Pairs drawn from a stream of their own, for the plan to add after every other pair so
    # that adding them reshuffles nothing drawn before (the demo mentor's completed pair).
    later: list[PairPlan] = field(default_factory=list)


class _Context:
    """What the planner needs about people and enrollments, looked up once."""

    def __init__(
        self,
        rng: random.Random,
        people: list["PersonPlan"],
        enrollments: list["EnrollmentPlan"],
        spec: "ProgramSpec",
    ) -> None:
        self.rng = rng
        self.people = people
        self.enrollments = enrollments
        self.spec = spec
        self.program_days = max(0, -spec.start_in_days)
        self.rhythm = rhythm_days(spec.checkin_cadence)
        self.templates = goal_templates(spec.program_type)
        self.free: dict[int, int] = {}
        self.mentors: list[int] = []
        self.mentees: list[int] = []
        for i, e in enumerate(enrollments):
            if e.program != spec.key or e.status != EnrollmentStatus.APPROVED:
                continue
            if e.role == MENTOR:
                self.mentors.append(i)
                self.free[i] = e.capacity or 0
            else:
                self.mentees.append(i)
        self.wants = {i: _wants(people[enrollments[i].person]) for i in self.mentees}
        self.teaches = {i: set(people[enrollments[i].person].teaches()) for i in self.mentors}

    def person(self, enrollment: int) -> "PersonPlan":
        return self.people[self.enrollments[enrollment].person]

    def window(self, enrollment: int) -> float:
        """How many days ago this enrollment could first be paired: approved, program running."""
        decided = self.enrollments[enrollment].decided_days_ago or 0
        return min(decided, self.program_days) - 0.5

    def chain(self, person: "PersonPlan") -> set[int]:
        above: set[int] = set()
        cursor = person
        while cursor.manager is not None:
            above.add(cursor.manager)
            cursor = self.people[cursor.manager]
        return above

    def choose_mentor(
        self,
        mentee: int,
        proposed_days_ago: float,
        *,
        exclude: Sequence[int] = (),
        take: bool = True,
    ) -> int | None:
        """The free mentor who teaches most of what the mentee wants (time zone breaks ties),
        outside the mentee's reporting line and approved before the proposal."""
        person = self.person(mentee)
        above = self.chain(person)
        best: tuple[float, int] | None = None
        for m in self.mentors:
            if self.free[m] <= 0 or m in exclude:
                continue
            if self.window(m) < proposed_days_ago:
                continue
            mentor = self.person(m)
            if mentor.index in above or mentor.index == person.index:
                continue
            score = 3 * len(self.wants[mentee] & self.teaches[m])
            score += (mentor.time_zone == person.time_zone) + self.rng.random() * 2
            if best is None or score > best[0]:
                best = (score, m)
        if best is None:
            return None
        if take:
            self.free[best[1]] -= 1
        return best[1]


def _wants(person: "PersonPlan") -> set[str]:
    return {s.name for s in person.skills if s.wants_to_learn}


def plan_mentoring(
    rng: random.Random,
    people: list["PersonPlan"],
    enrollments: list["EnrollmentPlan"],
    programs: Sequence["ProgramSpec"],
) -> MentoringPlan:
    """Pairs for every active program. Sets each mentor enrollment's `load` to their live
    pairs; a mentee who left the company is listed in `MentoringPlan.leavers`."""
    plan = MentoringPlan(pairs=[], leavers={})
    for spec in programs:
        if spec.status == ProgramStatus.ACTIVE:
            _plan_program(_Context(rng, people, enrollments, spec), plan)
    live = (MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED)
    for pair in plan.pairs:
        if pair.status in live:
            enrollments[pair.mentor].load += 1
    return plan


def _plan_program(ctx: _Context, plan: MentoringPlan) -> None:
    rng = ctx.rng
    persona_pairs = _plan_personas(ctx)
    plan.pairs += persona_pairs
    taken = {p.mentee for p in persona_pairs}
    mentees = [m for m in ctx.mentees if m not in taken]
    rng.shuffle(mentees)

    counts = _at_least_one(_allocate(len(mentees), list(FATES.values())))
    fates = [fate for fate, n in zip(FATES, counts, strict=True) for _ in range(n)]
    # The long stories (completed, ended, paused) go to the mentees approved longest ago.
    long_fates = [f for f in fates if f in (COMPLETED, ENDED, PAUSED)]
    short_fates = [f for f in fates if f not in (COMPLETED, ENDED, PAUSED)]
    rng.shuffle(short_fates)
    by_window = sorted(mentees, key=lambda m: (-ctx.window(m), m))
    fate_of = dict(zip(by_window, long_fates, strict=False))
    rest = [m for m in mentees if m not in fate_of]
    fate_of.update(zip(rest, short_fates, strict=True))
    # An exact share of the active pairs goes quiet; the demo mentor's second pair is one.
    active = [m for m in mentees if fate_of[m] == ACTIVE]
    quiet = round(STALLED_SHARE * (len(active) + len(persona_pairs))) - (len(persona_pairs) > 1)
    old_enough = [m for m in active if ctx.window(m) >= 2 * ctx.rhythm + 30]
    stalled = set(rng.sample(old_enough, max(0, min(quiet, len(old_enough)))))
    # An exact share (at least one) of the mentees who got going had a first proposal declined.
    started = [
        m
        for m in mentees
        if fate_of[m] in (ACTIVE, COMPLETED, PAUSED) and m not in stalled and ctx.window(m) > 170
    ]
    declined = set(
        rng.sample(started, min(len(started), max(1, round(DECLINED_FIRST * len(mentees)))))
    )

    ended = 0
    for mentee in mentees:
        fate = fate_of[mentee]
        if fate == ENDED:
            reason = END_REASONS[ended % len(END_REASONS)]
            ended += 1
            plan.pairs += _plan_ended(ctx, mentee, reason, plan.leavers)
        elif fate != WAITING:
            plan.pairs += _plan_fate(
                ctx, mentee, fate, stalled=mentee in stalled, declined_first=mentee in declined
            )

    program_pairs = [p for p in plan.pairs if p.program == ctx.spec.key]
    running = [p for p in program_pairs if p.status == MentorshipStatus.ACTIVE and not p.story]
    on_time = [p for p in running if not p.stalled]
    if on_time:
        for pair in rng.sample(on_time, max(1, round(UNRESPONSIVE_SHARE * len(running)))):
            _await_mentor(ctx, pair)
    quiet_pairs = [p for p in running if p.stalled]
    for pair in quiet_pairs[: len(quiet_pairs) // 3]:
        _await_mentor(ctx, pair)  # the mentee tries to restart; the mentor has not answered

    waiting = [m for m in mentees if fate_of[m] == WAITING]
    completed = _persona_completed(ctx, persona_pairs, waiting)
    if completed is not None:
        plan.later.append(completed)


EARLY_END_SHARE = 0.08  # of a closed program's pairs: ended early, not counting leavers
EARLY_END_REASONS = (EndReason.MISMATCH, EndReason.PERSONAL, EndReason.OTHER)
FINISH_WITHIN = 10  # days before the program's end date that its pairs wrap up


def plan_closed_program(
    rng: random.Random,
    people: list["PersonPlan"],
    enrollments: list["EnrollmentPlan"],
    spec: "ProgramSpec",
) -> list[PairPlan]:
    """Pairs of a program that has run its course. Each approved mentee was paired with the
    cohort (a few joined weeks later); most pairs completed at the program's end, a few ended
    early, and a mentee who left the company ended theirs when HR recorded it. A mentee who
    left within two weeks of the start never got going and has no pair."""
    ctx = _Context(rng, people, enrollments, spec)
    end = ctx.program_days - spec.length_days  # days ago
    mentees = list(ctx.mentees)
    rng.shuffle(mentees)
    early = set(mentees[: round(EARLY_END_SHARE * len(mentees))])
    pairs: list[PairPlan] = []
    for n, mentee in enumerate(mentees):
        window = ctx.window(mentee)
        late = rng.random() < 0.15
        start = window - (rng.uniform(14, 60) if late else rng.uniform(2, 14))
        left = ctx.person(mentee).termination_offset
        if left is not None and left > start - 14:
            continue
        proposed = min(start + rng.uniform(1, 5), window)
        mentor = ctx.choose_mentor(mentee, proposed)
        if mentor is None:
            continue
        pair = _started(ctx, mentor, mentee, proposed, start)
        finish = end + rng.uniform(0, FINISH_WITHIN)
        if left is not None and left > finish:
            reason, ended = EndReason.LEFT, left - rng.uniform(0.2, 2.5)
        elif mentee in early:
            reason = EARLY_END_REASONS[n % len(EARLY_END_REASONS)]
            ended = start - rng.uniform(30, max(31.0, min(150.0, start - finish - 10)))
        else:
            reason, ended = EndReason.COMPLETED, finish
        _end(ctx, pair, reason, ended)
        _fill(ctx, pair)
        pairs.append(pair)
    return pairs


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _at_least_one(counts: list[int]) -> list[int]:
    """Every fate shows up once the program is big enough, taken from the largest share."""
    if sum(counts) < len(counts) + 3:
        return counts
    for i, n in enumerate(counts):
        if n == 0:
            counts[counts.index(max(counts))] -= 1
            counts[i] = 1
    return counts


def _start_days_ago(ctx: _Context, window: float, *, at_least: float = 12.0) -> float:
    """Most pairs started with the cohort, soon after approval; later joiners since then."""
    rng = ctx.rng
    if rng.random() < 0.55:
        start = window - rng.uniform(2, 15)
    else:
        start = rng.uniform(30, max(31.0, window))
    return max(at_least, min(start, window - 1.5))


def _plan_fate(
    ctx: _Context,
    mentee: int,
    fate: str,
    *,
    stalled: bool = False,
    declined_first: bool = False,
) -> list[PairPlan]:
    rng = ctx.rng
    window = ctx.window(mentee)
    if fate == COMPLETED and window < 150:
        fate = ACTIVE
    if fate == PAUSED and window < 55:
        fate = ACTIVE
    if fate == ACTIVE and window < 15:
        fate = PROPOSED
    if fate == PROPOSED:
        if window < 1:
            return []
        proposed = rng.uniform(0.3, min(9.0, window))
        mentor = ctx.choose_mentor(mentee, proposed)
        return [] if mentor is None else [_proposed(ctx, mentor, mentee, proposed)]

    floor = {COMPLETED: 140.0, PAUSED: 50.0}.get(fate, 12.0)
    start = _start_days_ago(ctx, window, at_least=floor)
    if declined_first:  # room for the first proposal and its answer before this one
        start = max(floor, min(start, window - 12))
    proposed = min(start + rng.uniform(1, 5), window)
    pairs: list[PairPlan] = []
    declined_mentor = None
    if declined_first and window - proposed > 4:
        asked = rng.uniform(proposed + 3, window)
        declined_mentor = ctx.choose_mentor(mentee, asked, take=False)
        if declined_mentor is not None:
            pairs.append(_declined(ctx, declined_mentor, mentee, asked, before=proposed))
    exclude = [declined_mentor] if declined_mentor is not None else []
    mentor = ctx.choose_mentor(mentee, proposed, exclude=exclude)
    if mentor is None:
        return pairs
    pair = _started(ctx, mentor, mentee, proposed, start)
    if fate == COMPLETED:
        _end(ctx, pair, EndReason.COMPLETED, rng.uniform(4, 40))
    elif fate == PAUSED:
        pair.status = MentorshipStatus.PAUSED
        pair.paused_days_ago = rng.uniform(7, min(40.0, start - 35))
        pair.pause_note = rng.choice(data.PAUSE_NOTES)
    else:
        pair.stalled = stalled and start > 2 * pair.rhythm + 10
    _fill(ctx, pair)
    return [*pairs, pair]


def _plan_ended(ctx: _Context, mentee: int, reason: str, leavers: dict[int, int]) -> list[PairPlan]:
    """A pair that ended early; after a mismatch the mentee usually got a new mentor."""
    rng = ctx.rng
    window = ctx.window(mentee)
    person = ctx.person(mentee)
    if window < 50:
        return _plan_fate(ctx, mentee, ACTIVE)
    start = _start_days_ago(ctx, window, at_least=45.0)
    proposed = min(start + rng.uniform(1, 5), window)
    mentor = ctx.choose_mentor(mentee, proposed)
    if mentor is None:
        return []
    pair = _started(ctx, mentor, mentee, proposed, start)
    ended = start - rng.uniform(21, min(start - 10, 110))
    if reason == EndReason.LEFT:
        if person.demo or person.hire_offset - start < 30 or ended < 6:
            reason = EndReason.PERSONAL
        else:
            left = int(ended) + rng.randint(0, 2)  # HR recorded it, then the pair was closed
            ended = left - rng.uniform(0.2, 2.5)
            leavers[person.index] = left
    _end(ctx, pair, reason, ended)
    _fill(ctx, pair)
    pairs = [pair]
    if reason == EndReason.MISMATCH and rng.random() < REMATCH_AFTER_MISMATCH:
        again = ended - rng.uniform(2, 8)
        second = ctx.choose_mentor(mentee, again, exclude=[mentor])
        if second is not None and again > 1:
            if again - 4 >= 15:
                rematch = _started(ctx, second, mentee, again, again - rng.uniform(1, 4))
                _fill(ctx, rematch)
            else:
                rematch = _proposed(ctx, second, mentee, again)
            pairs.append(rematch)
    return pairs


# ---- one pair


def _explain(ctx: _Context, mentor: int, mentee: int) -> tuple[float, list[dict[str, Any]]]:
    """Reasons in the matching engine's words (mentee-facing), and a score to go with them."""
    rng = ctx.rng
    a, b = ctx.person(mentee), ctx.person(mentor)
    name = f"{b.first_name} {b.last_name}"
    levels = {s.name: s.level for s in b.skills}
    shared = sorted(ctx.wants[mentee] & ctx.teaches[mentor])
    found: list[tuple[str, str, float]] = []
    if shared:
        said = _join([f"level {levels[s]} in {s}" for s in shared])
        found.append((SKILLS, f"{name} is {said}, which you want to learn", 4.0))
    if a.time_zone == b.time_zone:
        found.append((TIMEZONE, f"both in {a.time_zone}", 2.0))
    languages = [data.LANGUAGES[c] for c in a.languages if c in b.languages]
    if languages:
        found.append((LANGUAGE, f"both speak {_join(languages)}", 1.0))
    interests = [i for i in a.interests if i in b.interests]
    if interests:
        found.append((INTERESTS, f"shared interests: {', '.join(interests)}", 1.0))
    gap = b.level - a.level
    if gap > 0:
        unit = "level" if gap == 1 else "levels"
        found.append((LEVEL_GAP, f"{name} is {gap} {unit} above you", 1.5))
    total = sum(w for _, _, w in found) or 1.0
    reasons = [
        {"criterion": c, "text": text, "share": round(100 * w / total, 1)}
        for c, text, w in sorted(found, key=lambda f: -f[2])
    ]
    score = 0.42 + 0.08 * min(len(shared), 3) + 0.05 * (a.time_zone == b.time_zone)
    return round(min(0.95, score + rng.uniform(0, 0.15)), 4), reasons


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _pair(ctx: _Context, mentor: int, mentee: int, proposed: float, status: str) -> PairPlan:
    rng = ctx.rng
    score, reasons = _explain(ctx, mentor, mentee)
    source = MentorshipSource.MATCHING
    if rng.random() < 0.1:
        source, score = MentorshipSource.OVERRIDE, round(max(0.3, score - 0.12), 4)
    a, b = ctx.person(mentee), ctx.person(mentor)
    hours = list(WORKING_HOURS)
    rng.shuffle(hours)
    same_office = a.location is not None and b.location is not None and a.location == b.location
    code = "".join(rng.choices("abcdefghijkmnopqrstuvwxyz", k=10))
    return PairPlan(
        program=ctx.spec.key,
        mentor=mentor,
        mentee=mentee,
        status=status,
        source=source,
        score=score,
        reasons=reasons,
        proposed_days_ago=proposed,
        rhythm=ctx.rhythm,
        hours=hours,
        minute=rng.choice((0, 0, 0, 30)),
        location=f"{a.location.name} office, {rng.choice(data.MEETING_ROOMS)}"
        if same_office and a.location and rng.random() < 0.6
        else "",
        video_url=f"https://meet.{data.EMAIL_DOMAIN}/{code[:3]}-{code[3:7]}-{code[7:]}",
    )


def _proposed(ctx: _Context, mentor: int, mentee: int, proposed: float) -> PairPlan:
    """Waiting for an answer: sometimes one side has already said yes."""
    rng = ctx.rng
    pair = _pair(ctx, mentor, mentee, proposed, MentorshipStatus.PROPOSED)
    roll = rng.random()
    answered = proposed - rng.uniform(0.05, proposed * 0.8)
    if roll < 0.45:
        pair.mentee_accepted_days_ago = answered
    elif roll < 0.6:
        pair.mentor_accepted_days_ago = answered
    return pair


def _declined(ctx: _Context, mentor: int, mentee: int, asked: float, *, before: float) -> PairPlan:
    """A first proposal one side declined, before the proposal that stuck."""
    rng = ctx.rng
    pair = _pair(ctx, mentor, mentee, asked, MentorshipStatus.DECLINED)
    pair.declined_by = rng.choice((MENTOR, MENTEE))
    pair.ended_days_ago = rng.uniform(before + 0.5, asked - 0.1)
    if pair.declined_by == MENTOR and rng.random() < 0.6:
        pair.mentee_accepted_days_ago = rng.uniform(pair.ended_days_ago, asked)
    return pair


def _started(ctx: _Context, mentor: int, mentee: int, proposed: float, start: float) -> PairPlan:
    rng = ctx.rng
    pair = _pair(ctx, mentor, mentee, proposed, MentorshipStatus.ACTIVE)
    first = rng.uniform(start, proposed)
    if rng.random() < 0.6:
        pair.mentee_accepted_days_ago, pair.mentor_accepted_days_ago = first, start
    else:
        pair.mentor_accepted_days_ago, pair.mentee_accepted_days_ago = first, start
    pair.started_days_ago = start
    roll, share = rng.random(), 0.0
    for days, chance in OTHER_RHYTHM.items():
        share += chance
        if roll < share and days != ctx.rhythm:
            pair.rhythm = days
            pair.rhythm_changed_days_ago = start - rng.uniform(3, 12)
            pair.rhythm_changed_by = rng.choice((MENTOR, MENTEE))
            break
    return pair


def _end(ctx: _Context, pair: PairPlan, reason: str, ended: float) -> None:
    pair.status = (
        MentorshipStatus.COMPLETED
        if reason == EndReason.COMPLETED
        else MentorshipStatus.ENDED_EARLY
    )
    pair.end_reason = reason
    pair.end_note = ctx.rng.choice(data.END_NOTES[reason])
    pair.ended_days_ago = ended
    if pair.rhythm_changed_days_ago is not None and pair.rhythm_changed_days_ago <= ended:
        pair.rhythm_changed_days_ago = ended + 1


def _draw(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _values(ctx: _Context, pair: PairPlan) -> dict[str, str]:
    mentee, mentor = ctx.person(pair.mentee), ctx.person(pair.mentor)
    learning = sorted(ctx.wants[pair.mentee]) or [s.name for s in mentee.skills]
    skill = learning[(pair.mentee + pair.mentor) % len(learning)]
    return {"mentee": mentee.first_name, "mentor": mentor.first_name, "skill": _lower(skill)}


def _lower(skill: str) -> str:
    if skill in data.PROPER_NOUNS or skill[1:2].isupper():
        return skill
    return skill[0].lower() + skill[1:]


def _checkin(
    ctx: _Context, pair: PairPlan, days_ago: int, status: str, *, first: bool = False
) -> CheckInPlan:
    rng = ctx.rng
    duration = rng.choices((30, 45, 60), weights=(1, 2, 1))[0]
    checkin = CheckInPlan(
        days_ago=days_ago,
        status=status,
        scheduler=MENTEE if rng.random() < 0.6 else MENTOR,
        response=InviteResponse.ACCEPTED,
        lead_days=rng.uniform(1, min(pair.rhythm, 10)),
        duration=duration,
        first=first,
        agenda=first or rng.random() < 0.65,
    )
    _set_outcome(rng, checkin, status)
    return checkin


def _set_outcome(rng: random.Random, checkin: CheckInPlan, status: str) -> None:
    checkin.status = status
    checkin.held_minutes = None
    checkin.recorder = ""
    if status == CheckInStatus.HELD:
        minutes = round((checkin.duration + rng.gauss(0, 6)) / 5) * 5
        checkin.held_minutes = max(25, min(70, minutes))
    if status in (CheckInStatus.HELD, CheckInStatus.MISSED):
        checkin.recorder = MENTEE if rng.random() < 0.55 else MENTOR
        checkin.record_hours = rng.uniform(0.2, 30)
    elif status == CheckInStatus.CANCELLED:
        checkin.record_hours = rng.uniform(2, 60)  # cancelled this long before it was due
        if rng.random() < 0.3:
            checkin.response = InviteResponse.PENDING


def _upcoming(ctx: _Context, pair: PairPlan, days_ago: int) -> CheckInPlan:
    """The next check-in: mostly accepted; a fresh invitation may still wait for an answer."""
    rng = ctx.rng
    checkin = _checkin(ctx, pair, days_ago, CheckInStatus.SCHEDULED)
    if rng.random() < 0.7:
        checkin.lead_days = rng.uniform(1, min(pair.rhythm, 6))  # created this long ago
    else:
        checkin.response = InviteResponse.PENDING
        checkin.lead_days = rng.uniform(0.2, 2.5)  # not yet overdue
    return checkin


def _await_mentor(ctx: _Context, pair: PairPlan) -> None:
    """The mentee invited the mentor to a check-in days ago and is still waiting."""
    rng = ctx.rng
    pair.checkins = [c for c in pair.checkins if c.status != CheckInStatus.SCHEDULED]
    checkin = _checkin(ctx, pair, -rng.randint(2, 6), CheckInStatus.SCHEDULED)
    checkin.scheduler, checkin.response = MENTEE, InviteResponse.PENDING
    checkin.lead_days = rng.uniform(4, 8)
    pair.checkins.append(checkin)


def _fill(ctx: _Context, pair: PairPlan) -> None:
    """Acknowledgements, check-ins, notes and goals of a pair that started."""
    rng = ctx.rng
    assert pair.started_days_ago is not None
    start = pair.started_days_ago
    stop = pair.ended_days_ago or pair.paused_days_ago or 0.0
    roll = rng.random()
    span = min(4.0, (start - stop) / 2)
    if roll < 0.97:
        pair.mentee_ack_days_ago = start - rng.uniform(0.05, span)
    if roll < 0.9:
        pair.mentor_ack_days_ago = start - rng.uniform(0.05, span)

    rhythm = pair.rhythm
    first = int(start) - rng.randint(PAST_GRACE, PAST_GRACE + 4)
    last_allowed = int(stop) + PAST_GRACE if stop else 1
    days = list(range(first, last_allowed - 1, -rhythm))
    held_share = 0.65 if pair.end_reason == EndReason.MISMATCH else 0.85
    mix = {**CHECKIN_MIX, CheckInStatus.HELD: held_share}
    statuses = [_draw(rng, mix) for _ in days]
    if statuses:
        statuses[0] = CheckInStatus.HELD if rng.random() < 0.95 else statuses[0]
    if pair.status == MentorshipStatus.ACTIVE and pair.stalled:
        silence = 2 * rhythm + rng.randint(3, 25)
        before = [i for i, d in enumerate(days) if d >= silence]
        if before:
            statuses[before[-1]] = CheckInStatus.HELD
        after = [i for i, d in enumerate(days) if d < silence]
        keep = rng.randint(0, 2)
        for i in after[:keep]:
            statuses[i] = rng.choice((CheckInStatus.MISSED, CheckInStatus.CANCELLED))
        cut = len(before) + min(keep, len(after))
        days, statuses = days[:cut], statuses[:cut]
    elif pair.status == MentorshipStatus.ACTIVE and statuses:
        recent = [i for i, d in enumerate(days) if d <= 2 * rhythm - PAST_GRACE]
        if not any(statuses[i] == CheckInStatus.HELD for i in recent):
            statuses[-1] = CheckInStatus.HELD
    pair.checkins = [
        _checkin(ctx, pair, d, s, first=i == 0)
        for i, (d, s) in enumerate(zip(days, statuses, strict=True))
    ]
    if pair.status == MentorshipStatus.ACTIVE and not pair.stalled and rng.random() < 0.9:
        after_last = (days[-1] if days else first + rhythm) - rhythm
        pair.checkins.append(_upcoming(ctx, pair, min(after_last, -1)))
    _notes(ctx, pair)
    pair.goals = _goals(ctx, pair)


def _notes(ctx: _Context, pair: PairPlan) -> None:
    rng = ctx.rng
    values = _values(ctx, pair)
    for i, checkin in enumerate(pair.checkins):
        if checkin.status != CheckInStatus.HELD:
            continue
        roll = rng.random()
        if roll < 0.3:
            author = MENTEE if rng.random() < 0.6 else MENTOR
            pool = data.SHARED_NOTES_BY_MENTEE if author == MENTEE else data.SHARED_NOTES_BY_MENTOR
            visibility = NoteVisibility.SHARED
        elif roll < 0.38:
            author = MENTEE if rng.random() < 0.5 else MENTOR
            pool = (
                data.PRIVATE_NOTES_BY_MENTEE if author == MENTEE else data.PRIVATE_NOTES_BY_MENTOR
            )
            visibility = NoteVisibility.PRIVATE
        else:
            continue
        pair.notes.append(
            NotePlan(
                author=author,
                visibility=visibility,
                body=rng.choice(pool).format(**values),
                checkin=i,
                hours_after=rng.uniform(0.1, 20),
            )
        )


GOAL_MIX: dict[str, dict[str, float]] = {
    "active": {"not_started": 14, "on_track": 50, "at_risk": 7, "done": 20, "dropped": 5},
    "stalled": {"not_started": 30, "on_track": 15, "at_risk": 45, "dropped": 10},
    "paused": {"not_started": 20, "on_track": 50, "at_risk": 30},
    "completed": {"done": 85, "dropped": 15},
    "ended_early": {"not_started": 30, "on_track": 40, "at_risk": 10, "dropped": 20},
}
OPEN = (GoalStatus.NOT_STARTED, GoalStatus.ON_TRACK, GoalStatus.AT_RISK)


def _goals(ctx: _Context, pair: PairPlan) -> list[GoalPlan]:
    rng = ctx.rng
    assert pair.started_days_ago is not None
    start = pair.started_days_ago
    stop = pair.ended_days_ago or 0.0  # a paused pair can still update its goals
    history = start - stop
    if history < 10:
        return []
    n = min(len(ctx.templates), rng.choices((1, 2, 3), weights=(3, 5, 2))[0])
    kind = "stalled" if pair.stalled else pair.status
    mix = dict(GOAL_MIX[kind])
    if kind == "active":
        mix["done"] = 5 + 25 * min(1.0, history / 200)
    statuses = [_draw(rng, mix) for _ in range(n)]
    if kind == "completed" and GoalStatus.DONE not in statuses:
        statuses[0] = GoalStatus.DONE
    values = _values(ctx, pair)
    goals = []
    for template, status in zip(rng.sample(ctx.templates, n), statuses, strict=True):
        created = start - rng.uniform(4, min(18.0, history / 2))
        goals.append(_goal(ctx, template, status, created, stop, values, mentee=pair.mentee))
    return goals


def _goal(
    ctx: _Context,
    template: Any,
    status: str,
    created: float,
    stop: float,
    values: dict[str, str],
    *,
    mentee: int,
    progress: int | None = None,
    milestones: int | None = None,
    skill: str | None = None,
) -> GoalPlan:
    rng = ctx.rng
    target = int(created - rng.uniform(70, 170))
    if status in OPEN and stop == 0:
        target = min(target, -rng.randint(14, 60))  # an open goal is not overdue
    if progress is None:
        progress = {
            GoalStatus.NOT_STARTED: 0,
            GoalStatus.ON_TRACK: 5 * rng.randint(3, 17),
            GoalStatus.AT_RISK: 5 * rng.randint(2, 9),
            GoalStatus.DONE: 100,
            GoalStatus.DROPPED: 5 * rng.randint(0, 8),
        }[status]
    end = stop + 0.3
    completed = rng.uniform(end, end + (created - end) * 0.4) if status == GoalStatus.DONE else None
    wanted = sorted(ctx.wants[mentee])
    if skill is None and "skill" in template.title.lower() and wanted:
        skill = rng.choice(wanted)
    titles = data.MILESTONES.get(template.title, data.GENERIC_MILESTONES)
    k = min(milestones or rng.randint(2, 4), len(titles))
    steps = []
    for i, title in enumerate(titles[:k]):
        due = int(created - (i + 1) * (created - target) / (k + 1))
        done = _milestone_done(rng, status, due, created, completed, end)
        steps.append(MilestonePlan(title, due, done))
    # The latest word on the goal: its completion, or some time in the past month.
    last = completed if completed is not None else rng.uniform(end, min(created - 0.5, end + 30))
    return GoalPlan(
        title=template.title,
        description=template.description,
        measure=template.measure,
        skill=skill,
        objective=0 if "organization" in template.title.lower() else None,
        status=status,
        progress=progress,
        created_days_ago=created,
        target_days_ago=target,
        completed_days_ago=completed,
        milestones=steps,
        updates=_updates(rng, status, progress, created, last, values),
    )


def _milestone_done(
    rng: random.Random,
    status: str,
    due: int,
    created: float,
    completed: float | None,
    end: float,
) -> float | None:
    latest = completed if completed is not None else end
    if status == GoalStatus.DONE:
        chance = 1.0
    elif status == GoalStatus.NOT_STARTED:
        chance = 0.0
    elif due > latest:  # due before the goal's last activity
        chance = {GoalStatus.ON_TRACK: 0.85, GoalStatus.AT_RISK: 0.4}.get(status, 0.3)
    else:
        chance = 0.15 if status == GoalStatus.ON_TRACK else 0.0
    if rng.random() >= chance:
        return None
    around = min(created - 0.5, max(latest, due + rng.uniform(-4, 3)))
    return max(latest, around)


def _updates(
    rng: random.Random,
    status: str,
    progress: int,
    created: float,
    last: float,
    values: dict[str, str],
) -> list[UpdatePlan]:
    """The mentee's progress updates leading to the goal's state, and the mentor's comments."""
    updates: list[UpdatePlan] = []
    if status != GoalStatus.NOT_STARTED:
        below = range(5, progress, 5)  # progress reported on the way
        levels = sorted(rng.sample(below, min(rng.randint(0, 2), len(below))))
        times = sorted((rng.uniform(last, created) for _ in levels), reverse=True)
        for level, at in zip(levels, times, strict=True):
            comment = ""
            if rng.random() < 0.5:
                comment = rng.choice(data.GOAL_COMMENTS_BY_MENTEE["on_track"]).format(**values)
            updates.append(UpdatePlan(at, MENTEE, level, "", comment))
        final_status = "" if status == GoalStatus.ON_TRACK else status
        comment = rng.choice(data.GOAL_COMMENTS_BY_MENTEE[status]).format(**values)
        updates.append(UpdatePlan(last + 0.01, MENTEE, progress, final_status, comment))
    for _ in range(rng.choices((0, 1, 2), weights=(3, 5, 2))[0]):
        comment = rng.choice(data.GOAL_COMMENTS_BY_MENTOR).format(**values)
        updates.append(UpdatePlan(rng.uniform(last, created), MENTOR, None, "", comment))
    return updates


# ---- the demo mentor's two pairs


def _plan_personas(ctx: _Context) -> list[PairPlan]:
    """The demo mentor and mentee's own pair with its whole story, and a second pair of the
    demo mentor's that has gone quiet, so both logins and the manager have something to see."""
    mentor = next((i for i in ctx.mentors if ctx.person(i).demo == data.MENTOR), None)
    mentee = next((i for i in ctx.mentees if ctx.person(i).demo == data.MENTEE), None)
    if mentor is None or mentee is None or ctx.free[mentor] <= 0:
        return []
    pairs = [_persona_pair(ctx, mentor, mentee)]
    if ctx.free[mentor] > 1:
        stalled = _persona_stalled(ctx, mentor, exclude=mentee)
        if stalled is not None:
            pairs.append(stalled)
    ctx.free[mentor] = 0  # the demo mentor's story is these pairs; nobody else is matched to them
    return pairs


PERSONA_SCRIPT = (  # (key, days after the start or, when negative, days ago, status)
    ("first", 5, CheckInStatus.HELD),
    ("second", 19, CheckInStatus.HELD),
    ("missed", 33, CheckInStatus.MISSED),
    ("fourth", 47, CheckInStatus.HELD),
    ("cancelled", 61, CheckInStatus.CANCELLED),
    ("", 75, CheckInStatus.HELD),
    ("", -24, CheckInStatus.HELD),
    ("latest", -10, CheckInStatus.HELD),
)
PERSONA_START = 120.0  # about four months ago
PERSONA_RHYTHM = 14  # they agreed to meet every two weeks after the first check-in


def _persona_pair(ctx: _Context, mentor: int, mentee: int) -> PairPlan:
    rng = ctx.rng
    window = min(ctx.window(mentor), ctx.window(mentee))
    start = min(PERSONA_START, window - 1)
    pair = _started(ctx, mentor, mentee, min(start + 2.5, window), start)
    pair.story, pair.source = "persona", MentorshipSource.MATCHING
    pair.rhythm = PERSONA_RHYTHM
    pair.rhythm_changed_days_ago = start - 5.2 if ctx.rhythm != PERSONA_RHYTHM else None
    pair.rhythm_changed_by = MENTEE if ctx.rhythm != PERSONA_RHYTHM else ""
    pair.mentee_ack_days_ago, pair.mentor_ack_days_ago = start - 0.3, start - 0.8

    previous = int(start)
    for key, offset, status in PERSONA_SCRIPT:
        days = int(start) - offset if offset > 0 else -offset
        if days > previous - 4 or days < 1:
            continue  # a short program squeezes the story; keep it in order
        checkin = _checkin(ctx, pair, days, status, first=key == "first")
        checkin.key = key
        checkin.scheduler = MENTOR if key in ("first", "cancelled") else MENTEE
        pair.checkins.append(checkin)
        previous = days
    upcoming = _checkin(ctx, pair, -4, CheckInStatus.SCHEDULED)
    upcoming.scheduler, upcoming.response, upcoming.lead_days = MENTOR, InviteResponse.PENDING, 1
    pair.checkins.append(upcoming)

    values = _values(ctx, pair)
    values["skill"] = _lower(_persona_skill(ctx, mentor, mentee))
    index = {c.key: i for i, c in enumerate(pair.checkins) if c.key}
    for key, side, text in data.PERSONA_NOTES:
        if key in index:
            pair.notes.append(
                NotePlan(side, NoteVisibility.SHARED, text.format(**values), index[key], 2.0)
            )
    for side, key in ((MENTEE, "fourth"), (MENTOR, "latest")):
        body = data.PERSONA_PRIVATE_NOTES[side].format(**values)
        checkin = index.get(key)
        pair.notes.append(NotePlan(side, NoteVisibility.PRIVATE, body, checkin, 5.0, 3.0))

    plan = (
        ("project", GoalStatus.ON_TRACK, 60),
        ("skill", GoalStatus.AT_RISK, 30),
        ("organization", GoalStatus.DONE, 100),
    )
    for n, (word, status, progress) in enumerate(plan):
        template = next(
            (t for t in ctx.templates if word in t.title.lower()),
            ctx.templates[n % len(ctx.templates)],
        )
        goal = _goal(
            ctx,
            template,
            status,
            start - 5.5 - n * 0.2,
            0.0,
            values,
            mentee=mentee,
            progress=progress,
            milestones=3,
            skill=_persona_skill(ctx, mentor, mentee) if word == "skill" else None,
        )
        if status == GoalStatus.ON_TRACK:  # two milestones done, the third ahead
            for i, milestone in enumerate(goal.milestones):
                milestone.due_days_ago = [75, 40, -20][i]
                milestone.done_days_ago = [77.5, 38.2, None][i]
        if status == GoalStatus.DONE:
            goal.completed_days_ago = 35.0
            for i, milestone in enumerate(goal.milestones):
                milestone.done_days_ago = 90.0 - 25 * i
            goal.updates = _updates(rng, status, 100, goal.created_days_ago, 35.0, values)
        if not any(u.author == MENTOR for u in goal.updates):
            comment = rng.choice(data.GOAL_COMMENTS_BY_MENTOR).format(**values)
            last = goal.completed_days_ago or 1.0
            goal.updates.append(UpdatePlan(last + 0.5, MENTOR, None, "", comment))
        pair.goals.append(goal)
    pair.goals.append(_persona_stretch_goal())
    return pair


def _persona_stretch_goal() -> GoalPlan:
    """The mentee's newest goal, set three weeks ago once the first project was on track: lead
    a project with another team, linked to a skill the library has a learning path for (so the
    mentee's recommendations show that path "for your goal")."""
    title, description, measure, skill = data.PERSONA_STRETCH_GOAL
    milestones = [
        MilestonePlan(name, due, done)
        for name, due, done in zip(
            data.PERSONA_STRETCH_MILESTONES, (14, -40, -85), (16.5, None, None), strict=True
        )
    ]
    updates = [
        UpdatePlan(16.4, MENTEE, 15, "", data.PERSONA_STRETCH_UPDATES[MENTEE]),
        UpdatePlan(9.8, MENTOR, None, "", data.PERSONA_STRETCH_UPDATES[MENTOR]),
    ]
    return GoalPlan(
        title=title,
        description=description,
        measure=measure,
        skill=skill,
        objective=None,
        status=GoalStatus.ON_TRACK,
        progress=15,
        created_days_ago=21.0,
        target_days_ago=-90,
        completed_days_ago=None,
        milestones=milestones,
        updates=updates,
    )


def _persona_skill(ctx: _Context, mentor: int, mentee: int) -> str:
    shared = sorted(ctx.wants[mentee] & ctx.teaches[mentor])
    return (shared or sorted(ctx.wants[mentee]) or sorted(ctx.teaches[mentor]))[0]


def _persona_stalled(ctx: _Context, mentor: int, *, exclude: int) -> PairPlan | None:
    """The demo mentor's second mentee: they met for a few weeks, then nothing for two months."""
    rng = ctx.rng
    person = ctx.person(mentor)
    candidates = [
        m
        for m in ctx.mentees
        if m != exclude
        and not ctx.person(m).demo
        and person.index not in ctx.chain(ctx.person(m))
        and ctx.window(m) >= 95
    ]
    if not candidates:
        return None
    mentee = max(candidates, key=lambda m: (len(ctx.wants[m] & ctx.teaches[mentor]), -m))
    window = ctx.window(mentee)
    start = min(100.0, window - 1)
    pair = _started(ctx, mentor, mentee, min(start + 2, window), start)
    pair.story, pair.stalled, pair.source = "persona-stalled", True, MentorshipSource.MATCHING
    pair.rhythm, pair.rhythm_changed_days_ago, pair.rhythm_changed_by = ctx.rhythm, None, ""
    pair.mentee_ack_days_ago, pair.mentor_ack_days_ago = start - 1.2, start - 0.4
    silence = 64 + rng.randint(0, 8)  # days since the last held check-in
    days = list(range(int(start) - 3, silence - 1, -ctx.rhythm))
    for i, d in enumerate(days):
        status = CheckInStatus.MISSED if i == 2 and len(days) > 3 else CheckInStatus.HELD
        pair.checkins.append(_checkin(ctx, pair, d, status, first=i == 0))
    if days and days[-1] - ctx.rhythm >= 1:
        pair.checkins.append(_checkin(ctx, pair, days[-1] - ctx.rhythm, CheckInStatus.CANCELLED))
    values = _values(ctx, pair)
    if pair.checkins:
        body = rng.choice(data.SHARED_NOTES_BY_MENTEE).format(**values)
        pair.notes.append(NotePlan(MENTEE, NoteVisibility.SHARED, body, 0, 1.5))
    body = data.PERSONA_STALLED_NOTE.format(**values)
    pair.notes.append(NotePlan(MENTOR, NoteVisibility.PRIVATE, body, None, days_ago=12.0))
    statuses = (GoalStatus.NOT_STARTED, GoalStatus.AT_RISK, GoalStatus.DROPPED)
    for n, (template, status) in enumerate(zip(ctx.templates, statuses, strict=False)):
        pair.goals.append(
            _goal(ctx, template, status, start - 6 - n * 0.3, 0.0, values, mentee=mentee)
        )
    return pair


PERSONA_COMPLETED_START = 88.0  # days ago: after the stalled pair was proposed
PERSONA_COMPLETED_END = 9.0


def _persona_completed(
    ctx: _Context, persona_pairs: list[PairPlan], waiting: list[int]
) -> PairPlan | None:
    """A third mentee of the demo mentor, who joined mid-year and reached their goals early: a
    completed pair with weeks of held check-ins, so the mentor's hours and the pair's
    certificate have something to show. It starts after the demo mentor's other pairs were
    proposed, so the four-month story stays the oldest.

    The mentee is one the program left waiting, and the pair draws from a stream of its own
    (seeded by the program's stream, which it leaves as it is): every other pair stays as
    it was drawn."""
    if not persona_pairs:
        return None
    mentor = persona_pairs[0].mentor
    start = min(PERSONA_COMPLETED_START, min(p.proposed_days_ago for p in persona_pairs) - 6)
    person = ctx.person(mentor)
    candidates = [
        m
        for m in waiting
        if not ctx.person(m).demo
        and person.index not in ctx.chain(ctx.person(m))
        and ctx.window(m) >= start + 3
    ]
    if not candidates or start < PERSONA_COMPLETED_END + 30:
        return None
    mentee = max(candidates, key=lambda m: (len(ctx.wants[m] & ctx.teaches[mentor]), -m))
    main = ctx.rng
    ctx.rng = random.Random(hash(main.getstate()[1]))  # a tuple of ints: the same every run
    try:
        pair = _started(ctx, mentor, mentee, start + 2, start)
        pair.story, pair.source = "persona-completed", MentorshipSource.MATCHING
        _end(ctx, pair, EndReason.COMPLETED, PERSONA_COMPLETED_END)
        pair.end_note = data.END_NOTES[EndReason.COMPLETED][0]
        _fill(ctx, pair)
    finally:
        ctx.rng = main
    # three mentees at once until the third finished: her capacity allowed it
    ctx.enrollments[mentor].capacity = max(ctx.enrollments[mentor].capacity or 0, 3)
    return pair


# --------------------------------------------------------------------------- writing it


@contextmanager
def timestamps_as_given(*models: type[Model]) -> Iterator[None]:
    """Let bulk inserts keep the planned `created_at` and `updated_at` instead of "now".

    Those fields are `auto_now_add` / `auto_now`, which overwrite any value on insert. The seed
    switches that off around its own inserts only; it runs alone, in one transaction."""
    fields: list[Any] = [m._meta.get_field(n) for m in models for n in ("created_at", "updated_at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


UTC = ZoneInfo("UTC")
ONE_HOUR = timedelta(hours=1)
ONE_MINUTE = timedelta(minutes=1)


def write_mentoring(
    plan: MentoringPlan,
    *,
    now: datetime,
    people: list[Person],
    enrollment_plans: list["EnrollmentPlan"],
    enrollments: list[Enrollment],
    programs: dict[str, Program],
    skills: dict[str, Skill],
    manager: User,
) -> tuple[list[Mentorship], list[list[CheckIn]]]:
    """Insert the planned pairs and everything in them; `now` is the reference time.

    Returns the rows of the pairs and of each pair's check-ins, in the plan's order."""
    if not plan.pairs:
        return [], []
    today = now.astimezone(UTC).date()

    def at(days: float | None) -> datetime | None:
        return None if days is None else now - timedelta(days=days)

    def person(pair: PairPlan, side: str) -> Person:
        return people[enrollment_plans[pair.mentor if side == MENTOR else pair.mentee].person]

    pairs = plan.pairs
    rows = [_mentorship_row(pair, programs, enrollments, manager, at) for pair in pairs]
    with timestamps_as_given(Mentorship, Agreement, CheckIn, Note, Goal, Milestone, GoalUpdate):
        Mentorship.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        Agreement.objects.bulk_create(
            [
                _agreement_row(pair, row, programs, person, at)
                for pair, row in zip(pairs, rows, strict=True)
                if pair.started_days_ago is not None
            ],
            batch_size=BATCH_SIZE,
        )
        checkins: list[list[CheckIn]] = [
            _checkin_rows(pair, row, programs, person, now, at)
            for pair, row in zip(pairs, rows, strict=True)
        ]
        CheckIn.objects.bulk_create([c for group in checkins for c in group], batch_size=BATCH_SIZE)

        notes = []
        for pair, row, group in zip(pairs, rows, checkins, strict=True):
            latest = now - ONE_MINUTE
            if row.ended_at is not None:
                latest = min(latest, row.ended_at - ONE_MINUTE)
            for note in pair.notes:
                checkin = group[note.checkin] if note.checkin is not None else None
                if checkin is not None:
                    written = checkin.ends_at + timedelta(hours=note.hours_after)
                else:
                    written = now - timedelta(days=note.days_ago)
                written = min(written, latest)
                notes.append(
                    Note(
                        mentorship_id=row.pk,
                        checkin_id=checkin.pk if checkin is not None else None,
                        author_id=person(pair, note.author).pk,
                        visibility=note.visibility,
                        body=note.body,
                        created_at=written,
                        updated_at=written,
                    )
                )
        Note.objects.bulk_create(notes, batch_size=BATCH_SIZE)

        objectives = {
            key: list(program.objectives.order_by("order", "pk"))
            for key, program in programs.items()
        }
        goals: list[tuple[PairPlan, GoalPlan, Goal]] = []
        for pair, row in zip(pairs, rows, strict=True):
            for g in pair.goals:
                created = now - timedelta(days=g.created_days_ago)
                completed = at(g.completed_days_ago)
                stamps = [created, *(now - timedelta(days=u.days_ago) for u in g.updates)]
                own = objectives[pair.program]
                goals.append(
                    (
                        pair,
                        g,
                        Goal(
                            mentorship_id=row.pk,
                            title=g.title,
                            description=g.description,
                            measure=g.measure,
                            target_date=today - timedelta(days=g.target_days_ago),
                            skill_id=skills[g.skill].pk if g.skill else None,
                            objective_id=own[g.objective].pk
                            if g.objective is not None and g.objective < len(own)
                            else None,
                            status=g.status,
                            progress=g.progress,
                            completed_at=completed,
                            created_at=created,
                            updated_at=max(stamps),
                        ),
                    )
                )
        Goal.objects.bulk_create([goal for _, _, goal in goals], batch_size=BATCH_SIZE)
        Milestone.objects.bulk_create(
            [
                Milestone(
                    goal_id=goal.pk,
                    title=m.title,
                    due_on=today - timedelta(days=m.due_days_ago),
                    done_at=at(m.done_days_ago),
                    created_at=goal.created_at,
                    updated_at=at(m.done_days_ago) or goal.created_at,
                )
                for _, g, goal in goals
                for m in g.milestones
            ],
            batch_size=BATCH_SIZE,
        )
        GoalUpdate.objects.bulk_create(
            [
                GoalUpdate(
                    goal_id=goal.pk,
                    author_id=person(pair, u.author).pk,
                    progress=u.progress,
                    status=u.status,
                    comment=u.comment,
                    created_at=now - timedelta(days=u.days_ago),
                    updated_at=now - timedelta(days=u.days_ago),
                )
                for pair, g, goal in goals
                for u in g.updates
            ],
            batch_size=BATCH_SIZE,
        )
    return rows, checkins


def _mentorship_row(
    pair: PairPlan,
    programs: dict[str, Program],
    enrollments: list[Enrollment],
    manager: User,
    at: Any,
) -> Mentorship:
    proposed = at(pair.proposed_days_ago)
    moments = (
        pair.mentor_accepted_days_ago,
        pair.mentee_accepted_days_ago,
        pair.started_days_ago,
        pair.paused_days_ago,
        pair.ended_days_ago,
        pair.proposed_days_ago,
    )
    return Mentorship(
        program=programs[pair.program],
        mentor=enrollments[pair.mentor],
        mentee=enrollments[pair.mentee],
        status=pair.status,
        source=pair.source,
        proposed_by=manager,
        match_score=pair.score,
        explanation=pair.reasons,
        mentor_accepted_at=at(pair.mentor_accepted_days_ago),
        mentee_accepted_at=at(pair.mentee_accepted_days_ago),
        declined_by=pair.declined_by,
        started_at=at(pair.started_days_ago),
        paused_at=at(pair.paused_days_ago),
        pause_note=pair.pause_note,
        ended_at=at(pair.ended_days_ago),
        end_reason=pair.end_reason,
        end_note=pair.end_note,
        created_at=proposed,
        updated_at=at(min(d for d in moments if d is not None)),
    )


def _agreement_row(
    pair: PairPlan, row: Mentorship, programs: dict[str, Program], person: Any, at: Any
) -> Agreement:
    sections = agreement_sections(programs[pair.program].program_type)
    moments = [
        d
        for d in (
            pair.started_days_ago,
            pair.rhythm_changed_days_ago,
            pair.mentor_ack_days_ago,
            pair.mentee_ack_days_ago,
        )
        if d is not None
    ]
    return Agreement(
        mentorship=row,
        **sections,
        rhythm_days=pair.rhythm,
        rhythm_changed_by=person(pair, pair.rhythm_changed_by) if pair.rhythm_changed_by else None,
        rhythm_changed_at=at(pair.rhythm_changed_days_ago),
        mentor_acknowledged_at=at(pair.mentor_ack_days_ago),
        mentee_acknowledged_at=at(pair.mentee_ack_days_ago),
        created_at=at(pair.started_days_ago),
        updated_at=at(min(moments)),
    )


_ZONES: dict[str, ZoneInfo] = {}


def _zone(name: str) -> ZoneInfo:
    if name not in _ZONES:
        _ZONES[name] = ZoneInfo(name or "UTC")
    return _ZONES[name]


def _checkin_rows(
    pair: PairPlan,
    row: Mentorship,
    programs: dict[str, Program],
    person: Any,
    now: datetime,
    at: Any,
) -> list[CheckIn]:
    """The pair's check-ins on weekdays, at an hour that suits both, in the mentee's zone."""
    if not pair.checkins:
        return []
    mentee, mentor = person(pair, MENTEE), person(pair, MENTOR)
    home, away = _zone(mentee.time_zone), _zone(mentor.time_zone)
    local_now = now.astimezone(home)
    offset = (now.astimezone(away).utcoffset() or timedelta()) - (
        local_now.utcoffset() or timedelta()
    )
    shift = offset.total_seconds() / 3600
    hour = next(
        (h for h in pair.hours if CLOSE_ENOUGH.start <= (h + shift) % 24 < CLOSE_ENOUGH.stop),
        pair.hours[0],
    )
    program_type = programs[pair.program].program_type
    started = row.started_at or now
    latest = min(now, row.ended_at) if row.ended_at else now
    result = []
    for c in pair.checkins:
        day = local_now.date() - timedelta(days=c.days_ago)
        weekday = day.weekday()
        if weekday >= 5:  # to the Friday before a past one, the Monday after an upcoming one
            day += timedelta(days=(4 - weekday) if c.days_ago > 0 else (7 - weekday))
        starts = datetime.combine(day, time(hour, pair.minute), tzinfo=home).astimezone(UTC)
        ends = starts + timedelta(minutes=c.duration)
        if c.status == CheckInStatus.SCHEDULED and c.days_ago < 0:
            created = now - timedelta(days=c.lead_days)
        else:
            created = starts - timedelta(days=c.lead_days)
        created = max(created, started + ONE_HOUR)
        responded = None
        if c.response != InviteResponse.PENDING:
            responded = created + (min(starts, now) - created) * 0.3
        recorded = cancelled = None
        if c.recorder:
            recorded = ends + timedelta(hours=c.record_hours)
            recorded = max(ends + ONE_MINUTE, min(recorded, latest - ONE_MINUTE))
        if c.status == CheckInStatus.CANCELLED:
            cancelled = starts - timedelta(hours=c.record_hours)
            cancelled = max(cancelled, created + (starts - created) * 0.5)
        scheduler = person(pair, c.scheduler)
        result.append(
            CheckIn(
                mentorship_id=row.pk,
                sequence=1 if cancelled else 0,
                starts_at=starts,
                time_zone=scheduler.time_zone or "UTC",
                duration_minutes=c.duration,
                location=pair.location,
                video_url="" if pair.location else pair.video_url,
                agenda=agenda_template(program_type, first=c.first) if c.agenda else "",
                status=c.status,
                scheduled_by_id=scheduler.pk,
                invitee_response=c.response,
                invited_at=created,  # the seed's invitations were never moved
                responded_at=responded,
                held_minutes=c.held_minutes,
                recorded_by_id=person(pair, c.recorder).pk if c.recorder else None,
                recorded_at=recorded,
                cancelled_at=cancelled,
                created_at=created,
                updated_at=max(t for t in (created, responded, recorded, cancelled) if t),
            )
        )
    return result
