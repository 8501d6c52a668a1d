"""Feedback reads: what a person is asked, a program's surveys, and a survey's results.

Results are counted in SQL (GROUP BY question and number or option) in a fixed number of
queries, whatever the number of questions or answers. Free text is never returned with a name,
and only when enough people answered that no one can be picked out.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone

from mentorpath.feedback.enums import (
    NUMBER_RANGE,
    RaterRole,
    SurveyQuestionKind,
    SurveyStatus,
)
from mentorpath.feedback.models import (
    PulseRating,
    SkillAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.people.models import Person, Skill
from mentorpath.programs.models import Program

MIN_RESPONDENTS = 5
"""Below this many people, free text is hidden from everyone and figures from executives
(the same threshold as the analytics dashboards' small-group suppression)."""

TEXTS_TOO_FEW = (
    f"Written answers are shown once at least {MIN_RESPONDENTS} people have answered, so "
    "that no one can be recognised."
)
TEXTS_EXECUTIVE = "Written answers are shown to the program team only."
SUPPRESSED_REASON = (
    f"Fewer than {MIN_RESPONDENTS} people answered, so results are not shown, to keep "
    "answers anonymous."
)


def survey_closed_reason(survey: Survey, *, today: date | None = None) -> str:
    """Why answers can no longer be given or changed, or "" while the survey accepts them."""
    today = today or timezone.localdate()
    if survey.closes_on is not None and survey.closes_on < today:
        return (
            f"This survey closed on {formats.date_format(survey.closes_on, 'j F Y')}; answers "
            "can no longer be given or changed."
        )
    if survey.status == SurveyStatus.CLOSED:
        return "This survey is closed; answers can no longer be given or changed."
    if survey.status != SurveyStatus.OPEN:
        return "This survey is not open yet."
    return ""


def _accepting(today: date) -> Q:
    """Responses whose survey is open and not past its closing day."""
    return Q(survey__status=SurveyStatus.OPEN) & (
        Q(survey__closes_on__isnull=True) | Q(survey__closes_on__gte=today)
    )


def responses_pending_for(*, person: Person) -> QuerySet[SurveyResponse]:
    """Surveys `person` was asked and can still answer, oldest request first."""
    today = timezone.localdate()
    return (
        SurveyResponse.objects.filter(_accepting(today), person=person, submitted_at__isnull=True)
        .select_related("survey__program", "mentorship")
        .order_by("asked_at", "pk")
    )


def responses_of(*, person: Person) -> QuerySet[SurveyResponse]:
    """Every survey `person` was asked, newest first."""
    return (
        SurveyResponse.objects.filter(person=person)
        .select_related("survey__program", "mentorship")
        .order_by("-asked_at", "-pk")
    )


def surveys_of_program(*, program: Program) -> QuerySet[Survey]:
    """A program's surveys with `asked`, `submitted` and `question_count`."""
    return (
        Survey.objects.filter(program=program)
        .annotate(
            asked=Count("responses", distinct=True),
            submitted=Count(
                "responses", filter=Q(responses__submitted_at__isnull=False), distinct=True
            ),
            question_count=Count("questions", distinct=True),
        )
        .select_related("program")
        .order_by("-created_at", "-pk")
    )


def pulse_of(*, checkin: CheckIn, person: Person) -> PulseRating | None:
    return PulseRating.objects.filter(checkin=checkin, person=person).first()


def goal_skills_of(*, mentorship: Mentorship) -> QuerySet[Skill]:
    """The distinct skills linked to the pair's goals, by name."""
    linked = mentorship.goals.filter(skill__isnull=False).values("skill")
    return Skill.objects.filter(pk__in=linked).order_by("name", "pk")


def goal_skill_ids(*, mentorship: Mentorship) -> set[int]:
    return set(mentorship.goals.filter(skill__isnull=False).values_list("skill_id", flat=True))


def assessments_of(*, mentorship: Mentorship, rater_role: str) -> QuerySet[SkillAssessment]:
    """One rater side's levels (both phases), with their skills."""
    if rater_role not in RaterRole.values:
        raise ValueError(f"Unknown rater role {rater_role!r}.")
    return (
        SkillAssessment.objects.filter(mentorship=mentorship, rater_role=rater_role)
        .select_related("skill")
        .order_by("skill__name", "skill_id", "phase")
    )


# Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    kind: str
    text: str
    answered: int  # people who answered this question
    average: float | None = None  # rating and NPS questions, 2 decimals
    distribution: tuple[tuple[str, int], ...] = ()  # every scale point or option, in order
    nps: float | None = None  # % promoters (9–10) − % detractors (0–6), 1 decimal
    texts: tuple[str, ...] = ()  # free text, in a fixed shuffled order, never with a name
    texts_hidden_reason: str = ""
    suppressed: bool = False  # executives: too few answers to show any figure

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMBER_RANGE

    @property
    def is_text(self) -> bool:
        return self.kind == SurveyQuestionKind.TEXT


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    asked: int
    respondents: int  # people who submitted
    questions: tuple[QuestionResult, ...] = field(default=())
    suppressed: bool = False  # executives: fewer than MIN_RESPONDENTS respondents
    suppressed_reason: str = ""

    @property
    def response_rate(self) -> float | None:
        """Respondents as a % of people asked, 1 decimal; None before anyone is asked."""
        return round(100 * self.respondents / self.asked, 1) if self.asked else None


def _scale_labels(kind: str) -> list[str]:
    low, high = NUMBER_RANGE[kind]  # type: ignore[index]
    return [str(number) for number in range(low, high + 1)]


def _nps(counts: dict[int, int], n: int) -> float | None:
    if not n:
        return None
    promoters = sum(c for number, c in counts.items() if number >= 9)
    detractors = sum(c for number, c in counts.items() if number <= 6)
    return round(100 * (promoters - detractors) / n, 1)


def survey_results(*, survey: Survey, viewer_is_executive: bool) -> SurveyResults:
    """The survey's results as the viewer may see them, in five queries.

    Only submitted responses count. Free text is returned for a question at least
    MIN_RESPONDENTS people answered, in an order given by the words alone and without names,
    and never to executives; executives see no figure of a survey, or of a question, fewer
    than MIN_RESPONDENTS people answered."""
    totals = SurveyResponse.objects.filter(survey=survey).aggregate(
        asked=Count("pk"), respondents=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    asked, respondents = totals["asked"], totals["respondents"]
    questions = list(survey.questions.order_by("order", "pk"))
    submitted = SurveyAnswer.objects.filter(
        question__survey=survey, response__submitted_at__isnull=False
    )
    answered = dict(
        submitted.values("question")
        .annotate(n=Count("response", distinct=True))
        .values_list("question", "n")
        .order_by()
    )
    numbers: dict[int, dict[int, int]] = {}
    choices: dict[int, dict[str, int]] = {}
    grouped = (
        submitted.exclude(question__kind=SurveyQuestionKind.TEXT)
        .values("question", "number", "choice")
        .annotate(n=Count("pk"))
        .values_list("question", "number", "choice", "n")
        .order_by()
    )
    for question_id, number, choice, n in grouped:
        if number is not None:
            numbers.setdefault(question_id, {})[number] = n
        else:
            choices.setdefault(question_id, {})[choice] = n
    survey_suppressed = viewer_is_executive and respondents < MIN_RESPONDENTS
    show_texts = {
        q.pk
        for q in questions
        if q.kind == SurveyQuestionKind.TEXT
        and not viewer_is_executive
        and answered.get(q.pk, 0) >= MIN_RESPONDENTS
    }
    texts: dict[int, list[tuple[int, str]]] = {}
    if show_texts:
        rows = (
            submitted.filter(question__in=show_texts)
            .exclude(text="")
            .values_list("question", "pk", "text")
            .order_by("pk")
        )
        for question_id, pk, text in rows:
            texts.setdefault(question_id, []).append((pk, text))
    results = []
    for question in questions:
        n = answered.get(question.pk, 0)
        if survey_suppressed or (viewer_is_executive and n < MIN_RESPONDENTS):
            results.append(
                QuestionResult(
                    question_id=question.pk,
                    kind=question.kind,
                    text=question.text,
                    answered=n,
                    texts_hidden_reason=TEXTS_EXECUTIVE
                    if question.kind == SurveyQuestionKind.TEXT
                    else "",
                    suppressed=True,
                )
            )
            continue
        results.append(_question_result(question, n, numbers, choices, texts, viewer_is_executive))
    return SurveyResults(
        survey_id=survey.pk,
        asked=asked,
        respondents=respondents,
        questions=tuple(results),
        suppressed=survey_suppressed,
        suppressed_reason=SUPPRESSED_REASON if survey_suppressed else "",
    )


def _question_result(
    question: SurveyQuestion,
    n: int,
    numbers: dict[int, dict[int, int]],
    choices: dict[int, dict[str, int]],
    texts: dict[int, list[tuple[int, str]]],
    viewer_is_executive: bool,
) -> QuestionResult:
    pk, kind = question.pk, question.kind
    base = QuestionResult(question_id=pk, kind=kind, text=question.text, answered=n)
    if kind in NUMBER_RANGE:
        counts = numbers.get(pk, {})
        total = sum(counts.values())
        labels = _scale_labels(kind)
        distribution = tuple((label, counts.get(int(label), 0)) for label in labels)
        average = (
            round(sum(number * c for number, c in counts.items()) / total, 2) if total else None
        )
        nps = _nps(counts, total) if kind == SurveyQuestionKind.NPS else None
        return replace(base, average=average, distribution=distribution, nps=nps)
    if kind in (SurveyQuestionKind.SINGLE, SurveyQuestionKind.MULTIPLE):
        counts_by_option = choices.get(pk, {})
        options = list(question.choices or [])
        options += sorted(set(counts_by_option) - set(options))  # options since removed
        distribution = tuple((option, counts_by_option.get(option, 0)) for option in options)
        return replace(base, distribution=distribution)
    if viewer_is_executive:
        return replace(base, texts_hidden_reason=TEXTS_EXECUTIVE)
    if n < MIN_RESPONDENTS:
        return replace(base, texts_hidden_reason=TEXTS_TOO_FEW)
    # A fixed order that depends on the words alone, not on who answered or when.
    shown = sorted(
        (text for _, text in texts.get(pk, [])),
        key=lambda text: hashlib.sha256(f"{pk}:{text}".encode()).hexdigest(),
    )
    return replace(base, texts=tuple(shown))
