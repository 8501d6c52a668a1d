"""The demo's feedback history: surveys with their answers, check-in pulses, skill ratings.

Every program with pairs gets the three surveys a program team would set up (after the first
check-in, at the midpoint, at the end of a pair), asked of each person once, when their first
pair reached that point; the active program also has a survey sent to all its participants a
few days ago, still open. About seven in ten of those asked answered; the rest were reminded
and let it be (or, in the last days, have not got to it yet). The demo mentee has exactly that
last survey waiting; the demo mentor has a recent held check-in they have not rated.

Pulses rate held check-ins 1–5 from either side, skill assessments rate a pair's goal skills at
its start and end. Both follow the pair's mood: most pairs go well, some are mixed, a few poor
(mismatched and stalled pairs above all), and answers, ratings and comments agree with it.

Planned like the rest of the seed, in memory from its own random stream with moments as "days
ago"; `write_feedback` turns them into rows next to the check-ins and pairs they belong to.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from mentorpath.demo import data
from mentorpath.demo.mentoring import MENTEE, MENTOR, PairPlan, timestamps_as_given
from mentorpath.feedback.enums import AssessmentPhase, RaterRole, SurveyStatus, SurveyTrigger
from mentorpath.feedback.models import (
    PulseRating,
    SkillAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from mentorpath.mentoring.enums import CheckInStatus, EndReason, GoalStatus, MentorshipStatus
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.people.models import Person, Skill
from mentorpath.programs.enums import EnrollmentStatus, ProgramStatus
from mentorpath.programs.models import Program

if TYPE_CHECKING:
    from mentorpath.accounts.models import User
    from mentorpath.demo.data import ProgramSpec, SurveySpec
    from mentorpath.demo.seed import EnrollmentPlan, PersonPlan

BATCH_SIZE = 1000
GOOD, MIXED, POOR, WAITING = data.GOOD, data.MIXED, data.POOR, "waiting"
MOODS = {GOOD: 72, MIXED: 23, POOR: 5}
ANSWER_RATE = {GOOD: 0.78, MIXED: 0.7, POOR: 0.6, WAITING: 0.6}
DATE_ANSWER_RATE = 0.55  # of a survey sent four days ago
WROTE_TEXT = {GOOD: 0.65, MIXED: 0.75, POOR: 0.85, WAITING: 0.7}  # the unhappy write more
SETTLE_DAYS = 3  # a trigger this recent has not been asked yet (the scheduler runs daily)
REMIND_AFTER = timedelta(days=3)
CLOSES_AFTER = 45  # days after its program's end that a closed program's surveys closed

PULSE_SHARE = 0.6  # of held check-ins, rated by each side on average
PULSE_COMMENT = 0.15
RATINGS: dict[str, dict[int, int]] = {  # 1–5, by mood
    GOOD: {5: 48, 4: 42, 3: 9, 2: 1},
    MIXED: {5: 8, 4: 42, 3: 38, 2: 12},
    POOR: {4: 10, 3: 35, 2: 40, 1: 15},
    WAITING: {4: 30, 3: 45, 2: 25},
}
NPS: dict[str, dict[int, int]] = {  # 0–10, by mood
    GOOD: {10: 34, 9: 34, 8: 22, 7: 8, 6: 2},
    MIXED: {9: 8, 8: 24, 7: 32, 6: 22, 5: 10, 4: 4},
    POOR: {7: 10, 6: 20, 5: 25, 4: 20, 3: 15, 2: 10},
    WAITING: {8: 25, 7: 35, 6: 25, 5: 15},
}
FIT = {GOOD: (60, 35, 5, 0), MIXED: (10, 50, 30, 10), POOR: (0, 25, 25, 50)}
HELPED = {GOOD: (6, 5, 4, 3, 5, 5), MIXED: (5, 3, 2, 2, 4, 4), POOR: (3, 1, 1, 1, 2, 3)}

SELF_RATED = 0.92  # pairs whose mentee rated their goal skills at the start
MENTOR_RATED = 0.45  # … whose mentor did too
RATED_AT_END = {MentorshipStatus.COMPLETED: 0.88, MentorshipStatus.ENDED_EARLY: 0.5}
GROWTH: dict[str, dict[int, int]] = {  # levels gained by the end, by the goal's status
    GoalStatus.DONE: {0: 12, 1: 62, 2: 26},
    GoalStatus.DROPPED: {0: 65, 1: 30, 2: 5},
    "open": {0: 35, 1: 55, 2: 10},
}


# --------------------------------------------------------------------------- the plan


@dataclass
class SurveyPlan:
    program: str  # ProgramSpec.key
    spec: "SurveySpec"
    status: str
    created_days_ago: float
    closes_days_ago: int | None = None  # negative: in the future
    send_days_ago: int | None = None


@dataclass
class AnswerPlan:
    question: int  # position in the survey spec
    number: int | None = None
    choices: tuple[str, ...] = ()
    text: str = ""


@dataclass
class ResponsePlan:
    survey: int  # index into FeedbackPlan.surveys
    person: int  # person index
    role: str
    pair: int | None  # index into the mentoring plan's pairs
    checkin: int | None  # the first held check-in that triggered it, by index in the pair
    trigger_days_ago: float  # when the trigger happened (a check-in's is its day; see write)
    delay_hours: float  # asked this long after the trigger
    answer_hours: float | None  # answered this long after being asked; None: not answered
    reminded: bool
    answers: list[AnswerPlan] = field(default_factory=list)


@dataclass
class PulsePlan:
    pair: int
    checkin: int
    side: str  # MENTOR or MENTEE
    rating: int
    comment: str
    hours_after: float  # after the check-in was recorded


@dataclass
class AssessmentPlan:
    pair: int
    skill: str
    phase: str
    rater_role: str
    level: int
    days_ago: float


@dataclass
class FeedbackPlan:
    surveys: list[SurveyPlan] = field(default_factory=list)
    responses: list[ResponsePlan] = field(default_factory=list)
    pulses: list[PulsePlan] = field(default_factory=list)
    assessments: list[AssessmentPlan] = field(default_factory=list)


def plan_feedback(
    rng: random.Random,
    people: list["PersonPlan"],
    enrollments: list["EnrollmentPlan"],
    pairs: list[PairPlan],
    specs: list["ProgramSpec"],
) -> FeedbackPlan:
    plan = FeedbackPlan()
    moods = [_mood(rng, pair) for pair in pairs]
    planner = _Planner(rng, people, enrollments, pairs, moods, plan)
    for spec in specs:
        own = [i for i, pair in enumerate(pairs) if pair.program == spec.key]
        if own:
            planner.surveys(spec, own)
    propensity: dict[int, float] = {}
    for i, pair in enumerate(pairs):
        _plan_pulses(rng, plan, i, pair, moods[i], people, enrollments, propensity)
        _plan_assessments(rng, plan, i, pair, people, enrollments)
    return plan


def _mood(rng: random.Random, pair: PairPlan) -> str:
    if pair.story == "persona":
        return GOOD
    if pair.stalled or pair.end_reason == EndReason.MISMATCH:
        return POOR if rng.random() < 0.6 else MIXED
    if pair.status == MentorshipStatus.ENDED_EARLY:
        return MIXED if rng.random() < 0.6 else GOOD
    return _draw(rng, MOODS)


def _draw(rng: random.Random, weights: dict[str, int] | dict[int, int]) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _number(rng: random.Random, weights: dict[int, int]) -> int:
    value = _draw(rng, weights)
    assert isinstance(value, int)
    return value


def _skill_phrase(skill: str) -> str:
    if skill in data.PROPER_NOUNS or skill[1:2].isupper():
        return skill
    return skill[0].lower() + skill[1:]


class _Planner:
    """Who is asked which survey when, and what they answered."""

    def __init__(
        self,
        rng: random.Random,
        people: list["PersonPlan"],
        enrollments: list["EnrollmentPlan"],
        pairs: list[PairPlan],
        moods: list[str],
        plan: FeedbackPlan,
    ) -> None:
        self.rng = rng
        self.people = people
        self.enrollments = enrollments
        self.pairs = pairs
        self.moods = moods
        self.plan = plan

    def person(self, pair: PairPlan, side: str) -> "PersonPlan":
        return self.people[self.enrollments[pair.mentor if side == MENTOR else pair.mentee].person]

    def surveys(self, spec: "ProgramSpec", own: list[int]) -> None:
        start = -spec.start_in_days
        end = start - spec.length_days  # days ago; negative while the program runs
        closed = spec.status == ProgramStatus.CLOSED
        status = SurveyStatus.CLOSED if closed else SurveyStatus.OPEN
        closes = end - CLOSES_AFTER if closed else None
        # A person's first pair decides when they are asked.
        started = sorted(
            (i for i in own if self.pairs[i].started_days_ago is not None),
            key=lambda i: (-(self.pairs[i].started_days_ago or 0.0), i),
        )
        for survey in data.SURVEYS:
            index = len(self.plan.surveys)
            created = start + 10 + self.rng.uniform(0, 5)
            self.plan.surveys.append(SurveyPlan(spec.key, survey, status, created, closes))
            asked: set[int] = set()
            for i in started:
                for moment in self._moments(survey.trigger, i, end):
                    self._ask(index, i, *moment, asked=asked)
        if spec.status == ProgramStatus.ACTIVE:
            self._date_survey(spec, own)

    def _moments(self, trigger: str, i: int, end: int) -> list[tuple[str, float, int | None]]:
        """(side, days ago, check-in) for each side of pair `i` that `trigger` reached."""
        pair = self.pairs[i]
        assert pair.started_days_ago is not None
        checkin = None
        if trigger == SurveyTrigger.AFTER_FIRST_CHECKIN:
            held = [n for n, c in enumerate(pair.checkins) if c.status == CheckInStatus.HELD]
            if not held:
                return []
            checkin = held[0]
            when = float(pair.checkins[checkin].days_ago)
        elif trigger == SurveyTrigger.MIDPOINT:
            when = (pair.started_days_ago + end) / 2
            stopped = pair.ended_days_ago or pair.paused_days_ago
            if stopped is not None and stopped >= when:
                return []  # ended or paused before its midpoint
        else:
            if pair.status not in (MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY):
                return []
            when = pair.ended_days_ago or 0.0
        if when < SETTLE_DAYS:
            return []
        sides = []
        for side in (MENTEE, MENTOR):
            left = self.person(pair, side).termination_offset
            if left is None or left < when - 1:  # still there when asked
                sides.append((side, when, checkin))
        return sides

    def _ask(
        self,
        survey: int,
        i: int,
        side: str,
        when: float,
        checkin: int | None,
        *,
        asked: set[int],
    ) -> None:
        rng = self.rng
        pair = self.pairs[i]
        person = self.person(pair, side)
        if person.index in asked:
            return
        asked.add(person.index)
        mood = self._side_mood(i)
        delay = rng.uniform(0.1, 2.0) if checkin is not None else rng.uniform(0.5, 10)
        answered = rng.random() < ANSWER_RATE[mood] or person.demo in (data.MENTOR, data.MENTEE)
        self._respond(
            survey,
            person,
            side,
            i,
            checkin,
            when,
            delay,
            answered,
            mood,
            partner=self.person(pair, MENTOR if side == MENTEE else MENTEE).first_name,
            skill=_pair_skill(pair, self.people[self.enrollments[pair.mentee].person]),
        )

    def _side_mood(self, i: int) -> str:
        """Both sides of a pair mostly see it alike; now and then one is a shade happier."""
        mood = self.moods[i]
        if self.rng.random() < 0.15:
            return {POOR: MIXED, MIXED: GOOD, GOOD: GOOD}[mood]
        return mood

    def _respond(
        self,
        survey: int,
        person: "PersonPlan",
        side: str,
        pair: int | None,
        checkin: int | None,
        when: float,
        delay_hours: float,
        answered: bool,
        mood: str,
        *,
        partner: str,
        skill: str,
    ) -> None:
        rng = self.rng
        answer_hours: float | None = None
        if answered:
            roll = rng.random()
            if roll < 0.55:
                answer_hours = rng.uniform(0.2, 24)
            elif roll < 0.85:
                answer_hours = rng.uniform(24, 72)
            else:
                answer_hours = rng.uniform(72, 240)
            asked = when - delay_hours / 24
            if asked - answer_hours / 24 < 1 and not person.demo:
                answer_hours = None  # would have answered later than today
            elif asked - answer_hours / 24 < 0.05:
                answer_hours = max(0.1, (asked - 0.05) * 24)
        response = ResponsePlan(
            survey=survey,
            person=person.index,
            role=side,
            pair=pair,
            checkin=checkin,
            trigger_days_ago=when,
            delay_hours=delay_hours,
            answer_hours=answer_hours,
            reminded=when - delay_hours / 24 >= 3.1 and (answer_hours is None or answer_hours > 72),
        )
        if answer_hours is not None:
            spec = self.plan.surveys[survey].spec
            response.answers = self._answers(spec, side, mood, partner, skill, pair)
        self.plan.responses.append(response)

    def _answers(
        self,
        spec: "SurveySpec",
        side: str,
        mood: str,
        partner: str,
        skill: str,
        pair: int | None,
    ) -> list[AnswerPlan]:
        rng = self.rng
        answers = []
        for n, question in enumerate(spec.questions):
            if question.kind == "rating":
                rating = _number(rng, RATINGS[mood])
                if side == MENTOR and rating < 5 and rng.random() < 0.15:
                    rating += 1  # mentors rate a little more kindly
                answers.append(AnswerPlan(n, number=rating))
            elif question.kind == "nps":
                answers.append(AnswerPlan(n, number=_number(rng, NPS[mood])))
            elif question.key == "fit":
                weights = FIT.get(mood, FIT[MIXED])
                answers.append(
                    AnswerPlan(n, choices=(rng.choices(question.choices, weights=weights)[0],))
                )
            elif question.key == "rhythm":
                if pair is None:
                    continue
                stalled = self.pairs[pair].stalled
                weights = (10, 60, 30) if stalled else (85, 14, 1)
                answers.append(
                    AnswerPlan(n, choices=(rng.choices(question.choices, weights=weights)[0],))
                )
            elif question.kind == "multiple":
                k = rng.choices((1, 2, 3), weights=(3, 4, 2))[0]
                weights = HELPED.get(mood, HELPED[MIXED])
                picked = set(_weighted_sample(rng, list(question.choices), weights, k))
                answers.append(
                    AnswerPlan(n, choices=tuple(c for c in question.choices if c in picked))
                )
            elif rng.random() < WROTE_TEXT[mood]:
                pool = data.SURVEY_TEXTS[question.key][side]
                texts = pool.get(mood) or pool[MIXED]
                text = rng.choice(texts).format(partner=partner, skill=skill)
                answers.append(AnswerPlan(n, text=text))
        return answers

    def _date_survey(self, spec: "ProgramSpec", own: list[int]) -> None:
        """Everyone approved in the program, partnered or not, asked on one day."""
        rng = self.rng
        index = len(self.plan.surveys)
        sent = data.DATE_SURVEY_SENT_DAYS_AGO
        self.plan.surveys.append(
            SurveyPlan(
                spec.key,
                data.DATE_SURVEY,
                SurveyStatus.OPEN,
                sent + rng.uniform(2, 6),
                closes_days_ago=sent - data.DATE_SURVEY_OPEN_DAYS,
                send_days_ago=sent,
            )
        )
        live = (MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED)
        pair_of: dict[int, int] = {}
        for i in own:
            pair = self.pairs[i]
            if pair.status in live:
                pair_of.setdefault(pair.mentee, i)
                pair_of.setdefault(pair.mentor, i)
        for e, enrollment in enumerate(self.enrollments):
            if enrollment.program != spec.key or enrollment.status != EnrollmentStatus.APPROVED:
                continue
            person = self.people[enrollment.person]
            if person.termination_offset is not None:
                continue
            i = pair_of.get(e)
            if i is None:
                mood, partner, skill = WAITING, "", ""
            else:
                pair = self.pairs[i]
                mood = self._side_mood(i)
                other = pair.mentor if enrollment.role == MENTEE else pair.mentee
                partner = self.people[self.enrollments[other].person].first_name
                skill = _pair_skill(pair, self.people[self.enrollments[pair.mentee].person])
            if person.demo == data.MENTEE:
                answered = False  # the survey waiting on the demo mentee's home page
            elif person.demo == data.MENTOR:
                answered = True
            else:
                answered = rng.random() < DATE_ANSWER_RATE
            self._respond(
                index,
                person,
                enrollment.role,
                i,
                None,
                float(sent),
                rng.uniform(0, 0.2),
                answered,
                mood,
                partner=partner,
                skill=skill,
            )


def _weighted_sample(
    rng: random.Random, items: list[str], weights: tuple[int, ...], k: int
) -> list[str]:
    keyed = sorted(
        ((rng.random() ** (1.0 / w), item) for item, w in zip(items, weights, strict=True) if w),
        reverse=True,
    )
    return [item for _, item in keyed[:k]]


def _pair_skill(pair: PairPlan, mentee: "PersonPlan") -> str:
    for goal in pair.goals:
        if goal.skill:
            return _skill_phrase(goal.skill)
    wanted = [s.name for s in mentee.skills if s.wants_to_learn] or [s.name for s in mentee.skills]
    return _skill_phrase(wanted[0]) if wanted else "your goals"


def _plan_pulses(
    rng: random.Random,
    plan: FeedbackPlan,
    i: int,
    pair: PairPlan,
    mood: str,
    people: list["PersonPlan"],
    enrollments: list["EnrollmentPlan"],
    propensity: dict[int, float],
) -> None:
    """Some people rate nearly every check-in, some hardly any; 60% from each side overall.
    A stalled pair's last check-ins before it went quiet were rated low."""
    held = [n for n, c in enumerate(pair.checkins) if c.status == CheckInStatus.HELD]
    if not held:
        return
    mentee = people[enrollments[pair.mentee].person]
    skill = _pair_skill(pair, mentee)
    low = set(held[-2:]) if pair.stalled else set()
    for side in (MENTEE, MENTOR):
        person = people[enrollments[pair.mentee if side == MENTEE else pair.mentor].person]
        if person.index not in propensity:
            share = 0.85 if person.demo else rng.betavariate(1.6, 1.1)
            propensity[person.index] = share
        for n in held:
            checkin = pair.checkins[n]
            if person.demo == data.MENTOR and checkin.key == "latest":
                continue  # the demo mentor's rating still to give
            if rng.random() >= propensity[person.index]:
                continue
            weights = RATINGS[POOR if n in low else mood]
            rating = _number(rng, weights)
            comment = ""
            if rng.random() < PULSE_COMMENT:
                tone = GOOD if rating >= 4 else MIXED if rating == 3 else POOR
                comment = rng.choice(data.PULSE_COMMENTS[tone]).format(skill=skill)
            hours = rng.uniform(0.05, 3) if rng.random() < 0.7 else rng.uniform(3, 72)
            plan.pulses.append(PulsePlan(i, n, side, rating, comment, hours))


def _plan_assessments(
    rng: random.Random,
    plan: FeedbackPlan,
    i: int,
    pair: PairPlan,
    people: list["PersonPlan"],
    enrollments: list["EnrollmentPlan"],
) -> None:
    """Start ratings of each goal skill when the goal was set, end ratings when the pair ended;
    the mentee rates themselves, some mentors rate too."""
    if pair.started_days_ago is None:
        return
    mentee = people[enrollments[pair.mentee].person]
    levels = {s.name: s.level for s in mentee.skills}
    ended = pair.ended_days_ago
    end_chance = RATED_AT_END.get(pair.status, 0.0)
    if pair.status == MentorshipStatus.ENDED_EARLY and pair.started_days_ago - (ended or 0) < 60:
        end_chance = 0.0
    left = mentee.termination_offset
    if left is not None and ended is not None and left >= ended - 1:
        end_chance = 0.0  # gone before the end ratings
    seen: set[str] = set()
    for goal in pair.goals:
        if not goal.skill or goal.skill in seen or rng.random() >= SELF_RATED:
            continue
        seen.add(goal.skill)
        base = levels.get(goal.skill, 1)
        start = max(1, min(4, round(base - 0.3 + rng.gauss(0, 0.6))))
        rated = max(0.05, goal.created_days_ago - rng.uniform(0.05, 3))
        by_mentor = rng.random() < MENTOR_RATED
        mentor_start = max(1, min(5, start + rng.choice((-1, 0, 0, 1))))
        plan.assessments.append(
            AssessmentPlan(i, goal.skill, AssessmentPhase.START, RaterRole.SELF, start, rated)
        )
        if by_mentor:
            plan.assessments.append(
                AssessmentPlan(
                    i,
                    goal.skill,
                    AssessmentPhase.START,
                    RaterRole.MENTOR,
                    mentor_start,
                    max(0.04, rated - rng.uniform(0.01, 4)),
                )
            )
        if ended is None or rng.random() >= end_chance:
            continue
        key = goal.status if goal.status in GROWTH else "open"
        growth = _number(rng, GROWTH[key])
        at = max(0.03, ended - rng.uniform(0.2, 7))
        plan.assessments.append(
            AssessmentPlan(
                i, goal.skill, AssessmentPhase.END, RaterRole.SELF, min(5, start + growth), at
            )
        )
        if by_mentor and rng.random() < 0.85:
            seen_growth = max(0, growth + rng.choice((-1, 0, 0, 0, 1)))
            plan.assessments.append(
                AssessmentPlan(
                    i,
                    goal.skill,
                    AssessmentPhase.END,
                    RaterRole.MENTOR,
                    min(5, mentor_start + seen_growth),
                    max(0.02, at - rng.uniform(0.01, 3)),
                )
            )


# --------------------------------------------------------------------------- writing it

ONE_MINUTE = timedelta(minutes=1)


def write_feedback(
    plan: FeedbackPlan,
    *,
    now: datetime,
    today: date,
    people: list[Person],
    enrollment_plans: list["EnrollmentPlan"],
    pairs: list[PairPlan],
    rows: list[Mentorship],
    checkins: list[list[CheckIn]],
    programs: dict[str, Program],
    skills: dict[str, Skill],
    manager: "User",
) -> None:
    if not plan.surveys and not plan.pulses:
        return
    latest = now - ONE_MINUTE

    def person(pair: PairPlan, side: str) -> Person:
        return people[enrollment_plans[pair.mentor if side == MENTOR else pair.mentee].person]

    def day(days_ago: int | None) -> date | None:
        return None if days_ago is None else today - timedelta(days=days_ago)

    surveys = []
    for s in plan.surveys:
        created = now - timedelta(days=s.created_days_ago)
        surveys.append(
            Survey(
                program=programs[s.program],
                title=s.spec.title,
                intro=s.spec.intro,
                trigger=s.spec.trigger,
                send_on=day(s.send_days_ago),
                status=s.status,
                closes_on=day(s.closes_days_ago),
                created_by=manager,
                created_at=created,
                updated_at=created,
            )
        )
    with timestamps_as_given(Survey, PulseRating, SkillAssessment):
        Survey.objects.bulk_create(surveys, batch_size=BATCH_SIZE)
        questions = [
            [
                SurveyQuestion(
                    survey_id=row.pk,
                    order=n,
                    kind=q.kind,
                    text=q.text,
                    help_text=q.help_text,
                    required=q.required,
                    choices=list(q.choices),
                )
                for n, q in enumerate(s.spec.questions)
            ]
            for s, row in zip(plan.surveys, surveys, strict=True)
        ]
        SurveyQuestion.objects.bulk_create(
            [q for group in questions for q in group], batch_size=BATCH_SIZE
        )

        responses = []
        for r in plan.responses:
            trigger = now - timedelta(days=r.trigger_days_ago)
            if r.checkin is not None and r.pair is not None:
                checkin = checkins[r.pair][r.checkin]
                trigger = checkin.recorded_at or checkin.ends_at
            asked = min(trigger + timedelta(hours=r.delay_hours), latest - ONE_MINUTE)
            submitted = None
            if r.answer_hours is not None:
                submitted = min(asked + timedelta(hours=r.answer_hours), latest)
                submitted = max(submitted, asked + ONE_MINUTE)
            reminded = asked + REMIND_AFTER if r.reminded else None
            if reminded is not None and (reminded > latest or (submitted and reminded > submitted)):
                reminded = None
            responses.append(
                SurveyResponse(
                    survey_id=surveys[r.survey].pk,
                    person_id=people[r.person].pk,
                    role=r.role,
                    mentorship_id=rows[r.pair].pk if r.pair is not None else None,
                    asked_at=asked,
                    reminded_at=reminded,
                    submitted_at=submitted,
                    updated_at=submitted,
                )
            )
        SurveyResponse.objects.bulk_create(responses, batch_size=BATCH_SIZE)
        answers = []
        for r, row in zip(plan.responses, responses, strict=True):
            group = questions[r.survey]
            for a in r.answers:
                question = group[a.question]
                if a.choices:
                    answers += [
                        SurveyAnswer(response_id=row.pk, question_id=question.pk, choice=c)
                        for c in a.choices
                    ]
                else:
                    answers.append(
                        SurveyAnswer(
                            response_id=row.pk,
                            question_id=question.pk,
                            number=a.number,
                            text=a.text,
                        )
                    )
        SurveyAnswer.objects.bulk_create(answers, batch_size=BATCH_SIZE)

        pulses = []
        for p in plan.pulses:
            checkin = checkins[p.pair][p.checkin]
            recorded = max(checkin.ends_at, checkin.recorded_at or checkin.ends_at)
            given = min(recorded + timedelta(hours=p.hours_after), latest)
            pulses.append(
                PulseRating(
                    checkin_id=checkin.pk,
                    mentorship_id=checkin.mentorship_id,
                    person_id=person(pairs[p.pair], p.side).pk,
                    role=p.side,
                    rating=p.rating,
                    comment=p.comment,
                    created_at=given,
                    updated_at=given,
                )
            )
        PulseRating.objects.bulk_create(pulses, batch_size=BATCH_SIZE)

        assessments = []
        for a in plan.assessments:
            pair = pairs[a.pair]
            at = now - timedelta(days=a.days_ago)
            side = MENTEE if a.rater_role == RaterRole.SELF else MENTOR
            assessments.append(
                SkillAssessment(
                    mentorship_id=rows[a.pair].pk,
                    skill_id=skills[a.skill].pk,
                    phase=a.phase,
                    rater_role=a.rater_role,
                    rater_id=person(pair, side).pk,
                    level=a.level,
                    created_at=at,
                    updated_at=at,
                )
            )
        SkillAssessment.objects.bulk_create(assessments, batch_size=BATCH_SIZE)
