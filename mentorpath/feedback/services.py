"""Feedback writes: surveys and their questions, answers, check-in pulses, skill ratings, and
the sweep that asks people (`surveys_send_due`).

Every request to a person is a keyed notification (`notifications.services.notify`), and
every "asked" is a row unique per (survey, person), so the sweep can run twice, or twice at
the same moment, and asks and tells each person once.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import CharField, Exists, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import formats, timezone
from django.utils.html import escape

from mentorpath.accounts.models import User
from mentorpath.core import events
from mentorpath.core.exceptions import ApplicationError
from mentorpath.feedback.enums import (
    CHOICE_KINDS,
    NUMBER_RANGE,
    PULSE_SCALE,
    SURVEY_TRANSITIONS,
    AssessmentPhase,
    RaterRole,
    SurveyAudience,
    SurveyQuestionKind,
    SurveyStatus,
    SurveyTrigger,
)
from mentorpath.feedback.models import (
    PulseRating,
    SkillAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from mentorpath.feedback.queries import goal_skill_ids, survey_closed_reason
from mentorpath.mentoring.enums import CheckInStatus, MentorshipStatus
from mentorpath.mentoring.models import CheckIn, Goal, Mentorship
from mentorpath.notifications.delivery import absolute_url
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.models import Notification
from mentorpath.notifications.services import notify
from mentorpath.people.models import Person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment, Program
from mentorpath.recognition.hooks import award_badges_on_commit

CONFLICT = "conflict"
WHOLE_NUMBER = re.compile(r"-?[0-9]+")  # ASCII digits only: "²".isdigit() is True, int() fails
REMIND_AFTER = timedelta(days=3)
PULSE_WITHIN = timedelta(days=3)
END_RATINGS_WITHIN = timedelta(days=30)
"""End-of-pair skill ratings: asked of pairs completed in the last 30 days (older pairs were
finished before anyone could ask), and recordable 30 days before the program's end."""
TEXT_MAX = 5000
COMMENT_MAX = PulseRating._meta.get_field("comment").max_length or 500
OPTION_MAX = SurveyAnswer._meta.get_field("choice").max_length or 200
TITLE_MAX = Survey._meta.get_field("title").max_length or 150
QUESTION_MAX = SurveyQuestion._meta.get_field("text").max_length or 300

ASKED_STATUSES = (
    MentorshipStatus.ACTIVE,
    MentorshipStatus.PAUSED,
    MentorshipStatus.COMPLETED,
    MentorshipStatus.ENDED_EARLY,
)
"""Pairs that started: the ones a pair-triggered survey asks about."""
ENDED_STATUSES = (MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY)


# Surveys ----------------------------------------------------------------------------------


def _clean_survey(
    *,
    title: str,
    intro: str,
    trigger: str,
    audience: str,
    send_on: date | None,
    closes_on: date | None,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "Give the survey a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"A title is at most {TITLE_MAX} characters."
    if trigger not in SurveyTrigger.values:
        errors["trigger"] = "Choose when people are asked."
    if audience not in SurveyAudience.values:
        errors["audience"] = "Choose who is asked."
    if trigger != SurveyTrigger.DATE:
        send_on = None  # only a survey sent on a date has a send date
    elif send_on is None:
        errors["send_on"] = "A survey sent on a date needs that date."
    if send_on and closes_on and closes_on < send_on:
        errors["closes_on"] = "A survey closes after the day it is sent."
    if errors:
        raise ApplicationError(errors)
    return {
        "title": title,
        "intro": (intro or "").strip(),
        "trigger": trigger,
        "audience": audience,
        "send_on": send_on,
        "closes_on": closes_on,
    }


@transaction.atomic
def survey_create(
    *,
    program: Program,
    by: User | None,
    title: str,
    trigger: str,
    audience: str = SurveyAudience.BOTH,
    intro: str = "",
    send_on: date | None = None,
    closes_on: date | None = None,
) -> Survey:
    """A draft survey of `program`; it asks nobody until it is opened."""
    values = _clean_survey(
        title=title,
        intro=intro,
        trigger=trigger,
        audience=audience,
        send_on=send_on,
        closes_on=closes_on,
    )
    return Survey.objects.create(
        program=program, status=SurveyStatus.DRAFT, created_by=by, **values
    )


def _lock_survey(survey: Survey) -> Survey:
    return (
        Survey.objects.select_for_update(of=("self",)).select_related("program").get(pk=survey.pk)
    )


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    by: User | None,
    title: str,
    intro: str,
    trigger: str,
    audience: str,
    send_on: date | None,
    closes_on: date | None,
) -> Survey:
    """Change a survey's settings. Once anyone has been asked, who is asked and when stays:
    the people asked so far were chosen by it."""
    locked = _lock_survey(survey)
    values = _clean_survey(
        title=title,
        intro=intro,
        trigger=trigger,
        audience=audience,
        send_on=send_on,
        closes_on=closes_on,
    )
    changes_who = (values["trigger"], values["audience"]) != (locked.trigger, locked.audience)
    if changes_who and locked.responses.exists():
        raise ApplicationError(
            "People have already been asked, so when and whom this survey asks can no "
            "longer change. Create a new survey instead.",
            code=CONFLICT,
        )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    return locked


def _move_survey(survey: Survey, to_status: str) -> None:
    if to_status not in SURVEY_TRANSITIONS[survey.status]:
        current = survey.get_status_display().lower()
        target = SurveyStatus(to_status).label.lower()
        raise ApplicationError(
            f"This survey is {current}; it cannot become {target}.", code=CONFLICT
        )
    survey.status = to_status


@transaction.atomic
def survey_open(*, survey: Survey, by: User | None) -> Survey:
    """Open (or reopen) a survey: the next sweep asks the people its trigger says are due."""
    locked = _lock_survey(survey)
    _move_survey(locked, SurveyStatus.OPEN)
    if not locked.questions.exists():
        raise ApplicationError("Add at least one question before opening the survey.")
    today = timezone.localdate()
    if locked.closes_on is not None and locked.closes_on < today:
        raise ApplicationError(
            f"This survey closed on {_day(locked.closes_on)}; set a later closing date "
            "before opening it again.",
            code=CONFLICT,
        )
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def survey_close(*, survey: Survey, by: User | None) -> Survey:
    """Close a survey: no one else is asked and answers can no longer be given or changed."""
    locked = _lock_survey(survey)
    _move_survey(locked, SurveyStatus.CLOSED)
    locked.save(update_fields=["status", "updated_at"])
    return locked


# Questions --------------------------------------------------------------------------------


def _questions_editable(survey: Survey) -> None:
    if SurveyResponse.objects.filter(survey=survey, submitted_at__isnull=False).exists():
        raise ApplicationError(
            "People have already answered this survey, so its questions can no longer be "
            "added, changed or removed: their answers were given to these questions.",
            code=CONFLICT,
        )


def _clean_question(
    *, kind: str, text: str, choices: Iterable[str], help_text: str
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if kind not in SurveyQuestionKind.values:
        errors["kind"] = "Choose the kind of answer."
    text = (text or "").strip()
    if not text:
        errors["text"] = "Write the question."
    elif len(text) > QUESTION_MAX:
        errors["text"] = f"A question is at most {QUESTION_MAX} characters."
    help_text = (help_text or "").strip()
    if len(help_text) > 300:
        errors["help_text"] = "Help text is at most 300 characters."
    options: list[str] = []
    for raw in choices or ():
        option = str(raw).strip()
        if option and option not in options:
            options.append(option)
    if kind in CHOICE_KINDS:
        if len(options) < 2:
            errors["choices"] = "Give at least two different options."
        elif any(len(option) > OPTION_MAX for option in options):
            errors["choices"] = f"An option is at most {OPTION_MAX} characters."
    elif options:
        errors["choices"] = "Only single and multiple choice questions have options."
    if errors:
        raise ApplicationError(errors)
    return {"text": text, "choices": options, "help_text": help_text}


@transaction.atomic
def question_add(
    *,
    survey: Survey,
    kind: str,
    text: str,
    required: bool = True,
    choices: Sequence[str] = (),
    help_text: str = "",
) -> SurveyQuestion:
    """Append a question to the survey."""
    locked = _lock_survey(survey)
    _questions_editable(locked)
    values = _clean_question(kind=kind, text=text, choices=choices, help_text=help_text)
    last = locked.questions.aggregate(last=Max("order"))["last"]
    return SurveyQuestion.objects.create(
        survey=locked,
        kind=kind,
        required=bool(required),
        order=0 if last is None else last + 1,
        **values,
    )


@transaction.atomic
def question_update(
    *,
    question: SurveyQuestion,
    text: str,
    required: bool,
    choices: Sequence[str],
    help_text: str,
) -> SurveyQuestion:
    """Change a question's wording, options or whether it must be answered (not its kind)."""
    _questions_editable(_lock_survey(question.survey))
    locked = SurveyQuestion.objects.select_for_update().get(pk=question.pk)
    values = _clean_question(kind=locked.kind, text=text, choices=choices, help_text=help_text)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.required = bool(required)
    locked.save()
    return locked


@transaction.atomic
def question_delete(*, question: SurveyQuestion) -> None:
    survey = _lock_survey(question.survey)
    _questions_editable(survey)
    SurveyQuestion.objects.filter(pk=question.pk).delete()
    _renumber(list(survey.questions.order_by("order", "pk")))


def _renumber(questions: list[SurveyQuestion]) -> None:
    changed = []
    for position, question in enumerate(questions):
        if question.order != position:
            question.order = position
            changed.append(question)
    SurveyQuestion.objects.bulk_update(changed, ["order"])


@transaction.atomic
def question_move(*, question: SurveyQuestion, up: bool) -> SurveyQuestion:
    """Swap the question with the one before it (up) or after it; at either end, no change."""
    survey = _lock_survey(question.survey)
    _questions_editable(survey)
    questions = list(survey.questions.order_by("order", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    _renumber(questions)
    return questions[other if 0 <= other < len(questions) else index]


# Answers ----------------------------------------------------------------------------------


def _day(day: date) -> str:
    return formats.date_format(day, "j F Y")


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return not value
    return False


def _as_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
        return int(value.strip())
    return None


def _answer_rows(
    question: SurveyQuestion, value: object, errors: dict[str, str]
) -> list[SurveyAnswer]:
    key = f"q{question.pk}"
    kind = question.kind
    if _is_blank(value):
        if question.required:
            errors[key] = "Answer this question."
        return []
    if kind in NUMBER_RANGE:
        low, high = NUMBER_RANGE[kind]  # type: ignore[index]
        number = _as_number(value)
        if number is None or not low <= number <= high:
            errors[key] = f"Choose a number from {low} to {high}."
            return []
        return [SurveyAnswer(question=question, number=number)]
    if kind == SurveyQuestionKind.SINGLE:
        if not isinstance(value, str) or value.strip() not in question.choices:
            errors[key] = "Choose one of the options."
            return []
        return [SurveyAnswer(question=question, choice=value.strip())]
    if kind == SurveyQuestionKind.MULTIPLE:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple | set | frozenset) or not all(
            isinstance(v, str) and v.strip() in question.choices for v in values
        ):
            errors[key] = "Choose from the options given."
            return []
        chosen = {v.strip() for v in values}
        return [
            SurveyAnswer(question=question, choice=option)
            for option in question.choices
            if option in chosen
        ]
    if not isinstance(value, str):
        errors[key] = "Write your answer as text."
        return []
    text = value.strip()
    if len(text) > TEXT_MAX:
        errors[key] = f"Keep your answer under {TEXT_MAX:,} characters."
        return []
    return [SurveyAnswer(question=question, text=text)]


@transaction.atomic
def survey_answer(*, response: SurveyResponse, answers: Mapping[int, object]) -> SurveyResponse:
    """Give or change one's answers: all of them at once, replacing any given before.

    `answers` maps question ids to an int (rating 1–5, NPS 0–10), a str (single choice, text)
    or a list of str (multiple choice). Refused as a whole, with a message per question
    (`q<id>`), when anything is wrong; refused once the survey has closed."""
    locked = (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("survey__program", "person")
        .get(pk=response.pk)
    )
    survey = _lock_survey(locked.survey)
    reason = survey_closed_reason(survey)
    if reason:
        raise ApplicationError(reason, code=CONFLICT)
    questions = list(survey.questions.order_by("order", "pk"))
    given: dict[int, object] = {}
    for key, value in answers.items():
        number = _as_number(key)
        if number is None:
            raise ApplicationError("Some answers are not for questions of this survey.")
        given[number] = value
    if set(given) - {question.pk for question in questions}:
        raise ApplicationError("Some answers are not for questions of this survey.")
    errors: dict[str, str] = {}
    rows: list[SurveyAnswer] = []
    for question in questions:
        rows += _answer_rows(question, given.get(question.pk), errors)
    if errors:
        raise ApplicationError(errors)
    if not rows:
        raise ApplicationError("Answer at least one question.")
    SurveyAnswer.objects.filter(response=locked).delete()
    for row in rows:
        row.response = locked
    SurveyAnswer.objects.bulk_create(rows)
    now = timezone.now()
    if locked.submitted_at is None:  # the first submission completes it; changes do not
        events.publish(
            events.SURVEY_COMPLETED,
            {
                "response_id": locked.pk,
                "survey_id": survey.pk,
                "program_id": survey.program_id,
                "person_id": locked.person_id,
                "role": str(locked.role),
                "mentorship_id": locked.mentorship_id,
            },
        )
    locked.submitted_at = locked.submitted_at or now
    locked.updated_at = now
    locked.save(update_fields=["submitted_at", "updated_at"])
    return locked


# Pulses and skill ratings -----------------------------------------------------------------


def _side(mentorship: Mentorship, person: Person, refusal: str) -> str:
    if mentorship.mentor.person_id == person.pk:
        return EnrollmentRole.MENTOR
    if mentorship.mentee.person_id == person.pk:
        return EnrollmentRole.MENTEE
    raise ApplicationError(refusal)


@transaction.atomic
def pulse_record(
    *, checkin: CheckIn, person: Person, rating: int, comment: str = ""
) -> PulseRating:
    """How useful a held check-in was, 1–5, from the mentor or the mentee; can be changed."""
    locked = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("mentorship__mentor", "mentorship__mentee")
        .get(pk=checkin.pk)
    )
    role = _side(locked.mentorship, person, "Only the mentor and the mentee rate their check-in.")
    if locked.status != CheckInStatus.HELD:
        raise ApplicationError(
            f"This check-in is {locked.get_status_display().lower()}; only a held check-in "
            "can be rated.",
            code=CONFLICT,
        )
    number = _as_number(rating)
    if number is None or not 1 <= number <= 5:
        raise ApplicationError({"rating": "Choose a rating from 1 to 5."})
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ApplicationError({"comment": f"A comment is at most {COMMENT_MAX} characters."})
    pulse, _ = PulseRating.objects.update_or_create(
        checkin=locked,
        person=person,
        defaults={"rating": number, "comment": comment, "role": role},
    )
    award_badges_on_commit(person_ids=[locked.mentorship.mentor.person_id])
    return pulse


def end_ratings_open(mentorship: Mentorship, *, today: date | None = None) -> bool:
    """End-of-pair ratings can be given once the pair has ended or its program ends within
    30 days."""
    today = today or timezone.localdate()
    if mentorship.status in ENDED_STATUSES:
        return True
    end_date = mentorship.program.end_date
    return end_date is not None and end_date - today <= END_RATINGS_WITHIN


@transaction.atomic
def skill_assessment_record(
    *,
    mentorship: Mentorship,
    rater: Person,
    phase: str,
    levels: Mapping[int, int],
) -> list[SkillAssessment]:
    """The mentee's self-rating (or the mentor's rating) of the pair's goal skills, 1–5, at
    the start or the end of the pair; given again, it replaces the earlier level."""
    locked = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("program", "mentor", "mentee")
        .get(pk=mentorship.pk)
    )
    side = _side(locked, rater, "Only the mentor and the mentee of this pair rate its skills.")
    rater_role = RaterRole.SELF if side == EnrollmentRole.MENTEE else RaterRole.MENTOR
    if phase not in AssessmentPhase.values:
        raise ApplicationError({"phase": "Rate skills at the start or at the end."})
    if locked.status not in ASKED_STATUSES:
        raise ApplicationError("Skills are rated once the mentorship has started.", code=CONFLICT)
    if phase == AssessmentPhase.END and not end_ratings_open(locked):
        raise ApplicationError(
            "End ratings open when the mentorship ends or its program ends within 30 days.",
            code=CONFLICT,
        )
    skills = goal_skill_ids(mentorship=locked)
    errors: dict[str, str] = {}
    clean: dict[int, int] = {}
    for key, value in levels.items():
        skill_id = _as_number(key)
        if skill_id is None or skill_id not in skills:
            errors["levels"] = "Rate only the skills of this pair's goals."
            continue
        level = _as_number(value)
        if level is None or not 1 <= level <= 5:
            errors[f"skill{skill_id}"] = "Choose a level from 1 to 5."
            continue
        clean[skill_id] = level
    if errors:
        raise ApplicationError(errors)
    if not clean:
        raise ApplicationError({"levels": "Rate at least one skill."})
    saved = []
    for skill_id, level in clean.items():
        assessment, _ = SkillAssessment.objects.update_or_create(
            mentorship=locked,
            skill_id=skill_id,
            phase=phase,
            rater_role=rater_role,
            defaults={"level": level, "rater": rater},
        )
        saved.append(assessment)
    return sorted(saved, key=lambda a: a.skill_id)


# The sweep --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackReport:
    """What one sweep did: rows created and notices recorded (each at most once ever)."""

    asked: int = 0
    survey_notices: int = 0
    reminders: int = 0
    pulses: int = 0
    skill_requests: int = 0

    @property
    def total(self) -> int:
        return self.survey_notices + self.reminders + self.pulses + self.skill_requests


def response_url(response_id: int) -> str:
    return f"/feedback/responses/{response_id}/"


def pulse_url(checkin_id: int) -> str:
    return f"/feedback/pulse/{checkin_id}/"


def skills_url(mentorship_id: int, phase: str) -> str:
    return f"/feedback/skills/{mentorship_id}/{phase}/"


def _key(*parts: Any) -> Concat:
    """A notification key built in SQL, e.g. _key("survey:", F("pk")) = 'survey:12'."""
    expressions = [
        Value(part) if isinstance(part, str) else Cast(part, output_field=CharField())
        for part in parts
    ]
    return Concat(*expressions, output_field=CharField())


def _notified(user: Any, *key_parts: Any) -> Exists:
    return Exists(Notification.objects.filter(recipient_id=user, key=_key(*key_parts)))


def _end_of(pair: Mapping[str, Any]) -> datetime | None:
    """When a pair ends for its midpoint: its program's end date, or its end if earlier."""
    end_date = pair["program__end_date"]
    if end_date is None:
        return None
    end = timezone.make_aware(datetime.combine(end_date, time.min))
    ended_at = pair["ended_at"]
    return min(end, ended_at) if ended_at is not None else end


def _pair_due(survey: Survey, pair: Mapping[str, Any], now: datetime) -> bool:
    if survey.trigger == SurveyTrigger.AFTER_FIRST_CHECKIN:
        return bool(pair["has_held"])
    if survey.trigger == SurveyTrigger.END:
        return pair["status"] in ENDED_STATUSES and pair["ended_at"] is not None
    if survey.trigger == SurveyTrigger.MIDPOINT:
        end = _end_of(pair)
        started = pair["started_at"]
        return end is not None and started + (end - started) / 2 <= now
    return False


def _sides(audience: str) -> tuple[str, ...]:
    if audience == SurveyAudience.MENTORS:
        return (EnrollmentRole.MENTOR,)
    if audience == SurveyAudience.MENTEES:
        return (EnrollmentRole.MENTEE,)
    return (EnrollmentRole.MENTOR, EnrollmentRole.MENTEE)


def _open_surveys(today: date) -> QuerySet[Survey]:
    return Survey.objects.filter(status=SurveyStatus.OPEN).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )


def _ask_due(now: datetime) -> int:
    """Create the response rows of everyone each open survey now asks (one row per person,
    whatever runs at the same time). Returns rows created."""
    today = timezone.localdate(now)
    surveys = [
        survey
        for survey in _open_surveys(today)
        if survey.trigger != SurveyTrigger.DATE or (survey.send_on and survey.send_on <= today)
    ]
    if not surveys:
        return 0
    programs = {survey.program_id for survey in surveys}
    held = CheckIn.objects.filter(mentorship=OuterRef("pk"), status=CheckInStatus.HELD)
    pairs = list(
        Mentorship.objects.filter(
            program_id__in=programs, status__in=ASKED_STATUSES, started_at__isnull=False
        )
        .annotate(has_held=Exists(held))
        .order_by("started_at", "pk")
        .values(
            "pk",
            "program_id",
            "status",
            "started_at",
            "ended_at",
            "program__end_date",
            "has_held",
            "mentor_id",
            "mentee_id",
            "mentor__person_id",
            "mentee__person_id",
        )
    )
    date_programs = {s.program_id for s in surveys if s.trigger == SurveyTrigger.DATE}
    enrollments = list(
        Enrollment.objects.filter(program_id__in=date_programs, status=EnrollmentStatus.APPROVED)
        .order_by("pk")
        .values("pk", "program_id", "person_id", "role")
    )
    first_pair_of: dict[int, int] = {}  # enrollment id → its first pair
    for pair in pairs:
        first_pair_of.setdefault(pair["mentor_id"], pair["pk"])
        first_pair_of.setdefault(pair["mentee_id"], pair["pk"])
    rows: dict[tuple[int, int], SurveyResponse] = {}

    def add(survey: Survey, person_id: int, role: str, pair_id: int | None) -> None:
        if (survey.pk, person_id) not in rows:
            rows[survey.pk, person_id] = SurveyResponse(
                survey=survey, person_id=person_id, role=role, mentorship_id=pair_id, asked_at=now
            )

    for survey in surveys:
        sides = _sides(survey.audience)
        if survey.trigger == SurveyTrigger.DATE:
            for enrollment in enrollments:
                if enrollment["program_id"] == survey.program_id and enrollment["role"] in sides:
                    pair_id = first_pair_of.get(enrollment["pk"])
                    add(survey, enrollment["person_id"], enrollment["role"], pair_id)
            continue
        for pair in pairs:
            if pair["program_id"] != survey.program_id or not _pair_due(survey, pair, now):
                continue
            for side in sides:
                person_id = (
                    pair["mentor__person_id"]
                    if side == EnrollmentRole.MENTOR
                    else pair["mentee__person_id"]
                )
                add(survey, person_id, side, pair["pk"])
    if not rows:
        return 0
    asked_before = SurveyResponse.objects.filter(survey__in=surveys).count()
    SurveyResponse.objects.bulk_create(list(rows.values()), ignore_conflicts=True)
    return SurveyResponse.objects.filter(survey__in=surveys).count() - asked_before


def _survey_notice(response: SurveyResponse, *, reminder: bool) -> bool:
    survey = response.survey
    person = response.person
    if person.user is None:
        return False
    closes = f" It closes on {_day(survey.closes_on)}." if survey.closes_on else ""
    if reminder:
        subject = f"Reminder: {survey.title}"
        body = (
            f"You were asked a few days ago for your view of {survey.program.name} in "
            f"“{survey.title}”. It takes a few minutes and helps the program team.{closes}"
        )
        key = f"survey:{response.pk}:reminder"
    else:
        subject = f"{survey.program.name}: {survey.title}"
        body = (
            f"Your program team would like your view in “{survey.title}”. It takes a few "
            f"minutes; your name is never shown next to your written answers.{closes}"
        )
        key = f"survey:{response.pk}"
    return (
        notify(
            user=person.user,
            kind=NotificationKind.SURVEY,
            key=key,
            subject=subject,
            body=body,
            url=response_url(response.pk),
        )
        is not None
    )


def _notify_asked(now: datetime) -> int:
    """Tell everyone asked (with a login) who has not been told yet."""
    today = timezone.localdate(now)
    waiting = (
        SurveyResponse.objects.filter(
            survey__in=_open_surveys(today), submitted_at__isnull=True, person__user__isnull=False
        )
        .annotate(told=_notified(OuterRef("person__user_id"), "survey:", OuterRef("pk")))
        .filter(told=False)
        .select_related("survey__program", "person__user")
        .order_by("pk")
    )
    return sum(_survey_notice(response, reminder=False) for response in waiting)


def _remind(now: datetime) -> int:
    """Remind once those asked three days ago or more who have not answered yet."""
    today = timezone.localdate(now)
    due = list(
        SurveyResponse.objects.filter(
            survey__in=_open_surveys(today),
            submitted_at__isnull=True,
            reminded_at__isnull=True,
            asked_at__lte=now - REMIND_AFTER,
            person__user__isnull=False,
        )
        .select_related("survey__program", "person__user")
        .order_by("pk")
    )
    sent = 0
    for response in due:
        sent += _survey_notice(response, reminder=True)
    if due:
        SurveyResponse.objects.filter(
            pk__in=[response.pk for response in due], reminded_at__isnull=True
        ).update(reminded_at=now)
    return sent


def _ask_pulses(now: datetime) -> int:
    """Ask both people of each check-in recorded as held in the last three days how useful it
    was, unless they rated it already."""
    sent = 0
    for side in (EnrollmentRole.MENTOR, EnrollmentRole.MENTEE):
        person = f"mentorship__{side}__person"
        checkins = (
            CheckIn.objects.filter(
                status=CheckInStatus.HELD,
                recorded_at__gte=now - PULSE_WITHIN,
                recorded_at__lte=now,
                **{f"{person}__user__isnull": False},
            )
            .annotate(
                rated=Exists(
                    PulseRating.objects.filter(checkin=OuterRef("pk"), person=OuterRef(person))
                ),
                told=_notified(
                    OuterRef(f"{person}__user_id"), "pulse:", OuterRef("pk"), ":", OuterRef(person)
                ),
            )
            .filter(rated=False, told=False)
            .select_related(f"{person}__user", "mentorship__mentor__person")
            .select_related("mentorship__mentee__person", "mentorship__program")
            .order_by("pk")
        )
        for checkin in checkins:
            pair = checkin.mentorship
            me = getattr(pair, side).person
            partner = pair.mentee.person if side == EnrollmentRole.MENTOR else pair.mentor.person
            body, html = _pulse_message(checkin.pk, partner.full_name)
            sent += (
                notify(
                    user=me.user,
                    kind=NotificationKind.SURVEY,
                    key=f"pulse:{checkin.pk}:{me.pk}",
                    subject=f"How useful was your check-in with {partner.full_name}?",
                    body=body,
                    html_body=html,
                    url=pulse_url(checkin.pk),
                )
                is not None
            )
    return sent


def _pulse_message(checkin_id: int, partner: str) -> tuple[str, str]:
    """Plain text and HTML with one link per rating. A link opens the pulse page with that
    rating chosen and the page saves it; a GET never writes, so a mail scanner that follows
    every link records nothing."""
    intro = (
        f"One click: rate your check-in with {partner} from 1 (not useful) to 5 (excellent). "
        "It helps your program team see what works."
    )
    choices = [
        (rating, label, absolute_url(f"{pulse_url(checkin_id)}?rating={rating}"))
        for rating, label in PULSE_SCALE
    ]
    text = "\n".join(f"  {label}: {link}" for _, label, link in choices)
    buttons = " ".join(
        f'<a href="{escape(link)}" title="{escape(label)}" style="display:inline-block;'
        "margin:0 6px 6px 0;padding:8px 14px;border:1px solid #24598f;border-radius:6px;"
        f'color:#24598f;text-decoration:none;font-weight:bold;">{rating}</a>'
        for rating, label, link in choices
    )
    html = (
        f'<p style="margin:0 0 12px;">{escape(intro)}</p><p style="margin:0 0 4px;">{buttons}</p>'
        '<p style="margin:0;font-size:13px;color:#5b6576;">1 = not useful · 5 = excellent</p>'
    )
    return f"{intro}\n\n{text}", html


def _ask_skill_ratings(now: datetime) -> int:
    """Start ratings from each active pair with goal skills; end ratings from each pair
    completed in the last 30 days. Once per pair, phase and side, unless already given."""
    has_skills = Exists(Goal.objects.filter(mentorship=OuterRef("pk"), skill__isnull=False))
    sent = 0
    phases = (
        (AssessmentPhase.START, Q(status=MentorshipStatus.ACTIVE)),
        (
            AssessmentPhase.END,
            Q(status=MentorshipStatus.COMPLETED, ended_at__gte=now - END_RATINGS_WITHIN),
        ),
    )
    for phase, which in phases:
        for side, rater_role in (
            (EnrollmentRole.MENTEE, RaterRole.SELF),
            (EnrollmentRole.MENTOR, RaterRole.MENTOR),
        ):
            person = f"{side}__person"
            rated = SkillAssessment.objects.filter(
                mentorship=OuterRef("pk"), phase=phase, rater_role=rater_role
            )
            pairs = (
                Mentorship.objects.filter(which, **{f"{person}__user__isnull": False})
                .annotate(
                    has_skills=has_skills,
                    rated=Exists(rated),
                    told=_notified(
                        OuterRef(f"{person}__user_id"),
                        "skills:",
                        OuterRef("pk"),
                        f":{phase}:{rater_role}",
                    ),
                )
                .filter(has_skills=True, rated=False, told=False)
                .select_related("program", "mentor__person__user", "mentee__person__user")
                .order_by("pk")
            )
            for pair in pairs:
                sent += _skill_notice(pair, side=side, phase=phase, rater_role=rater_role)
    return sent


def _skill_notice(pair: Mentorship, *, side: str, phase: str, rater_role: str) -> bool:
    me = getattr(pair, side).person
    if side == EnrollmentRole.MENTEE:
        whose = "your own level in the skills of your goals"
    else:
        whose = f"{pair.mentee.person.full_name}'s level in the skills of their goals"
    when = "as you start" if phase == AssessmentPhase.START else "now that your mentorship ended"
    return (
        notify(
            user=me.user,
            kind=NotificationKind.SURVEY,
            key=f"skills:{pair.pk}:{phase}:{rater_role}",
            subject=f"{pair.program.name}: rate the skills you work on",
            body=(
                f"Rate {whose} {when}, from 1 (beginner) to 5 (expert). Comparing start and "
                "end shows how much was learnt."
            ),
            url=skills_url(pair.pk, phase),
        )
        is not None
    )


def surveys_send_due(*, now: datetime | None = None) -> FeedbackReport:
    """The feedback sweep the beat runs every 15 minutes: ask those open surveys now concern,
    tell them, remind the silent once, ask for check-in pulses and skill ratings.

    Each step stands on its own: a sweep that dies half-way leaves what it did, and the next
    one does the rest. Running it twice, or twice at once, asks and tells each person once."""
    now = now or timezone.now()
    asked = _ask_due(now)
    return FeedbackReport(
        asked=asked,
        survey_notices=_notify_asked(now),
        reminders=_remind(now),
        pulses=_ask_pulses(now),
        skill_requests=_ask_skill_ratings(now),
    )


__all__ = [
    "FeedbackReport",
    "end_ratings_open",
    "pulse_record",
    "question_add",
    "question_delete",
    "question_move",
    "question_update",
    "skill_assessment_record",
    "survey_answer",
    "survey_close",
    "survey_create",
    "survey_open",
    "survey_update",
    "surveys_send_due",
]
