from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema

from mentorpath.api.schemas.common import NO_NUL, Input
from mentorpath.api.schemas.enrollments import Answer, ProgramRef
from mentorpath.feedback.enums import (
    NUMBER_RANGE,
    SurveyQuestionKind,
    SurveyStatus,
)
from mentorpath.feedback.models import PulseRating, SurveyQuestion, SurveyResponse
from mentorpath.feedback.queries import QuestionResult, SurveyResults, survey_closed_reason
from mentorpath.mentoring.enums import CheckInStatus
from mentorpath.programs.enums import EnrollmentRole

QuestionKey = Annotated[str, Field(pattern=r"^[0-9]{1,18}$")]
Rating = Annotated[int, Field(ge=1, le=5)]
Comment = Annotated[str, Field(max_length=500, pattern=NO_NUL)]


class ResponseFilters(Schema):
    pending: bool | None = Field(
        None,
        description=(
            "true: only surveys you can still answer and have not; false: only the others "
            "(answered, or closed before you answered)."
        ),
    )


class SurveyRef(Schema):
    id: int
    title: str
    intro: str
    program: ProgramRef
    status: SurveyStatus
    closes_on: date | None = Field(description="Answers can be given and changed until then.")


class QuestionOut(Schema):
    id: int
    kind: SurveyQuestionKind
    text: str
    help_text: str
    required: bool
    choices: list[str] = Field(description="The options of a single or multiple choice.")
    min: int | None = Field(description="Rating and NPS questions: the lowest number.")
    max: int | None = Field(description="Rating and NPS questions: the highest number.")

    @staticmethod
    def resolve_choices(obj: SurveyQuestion) -> list[str]:
        return list(obj.choices or [])

    @staticmethod
    def resolve_min(obj: SurveyQuestion) -> int | None:
        bounds = NUMBER_RANGE.get(obj.kind)  # type: ignore[call-overload]
        return bounds[0] if bounds else None

    @staticmethod
    def resolve_max(obj: SurveyQuestion) -> int | None:
        bounds = NUMBER_RANGE.get(obj.kind)  # type: ignore[call-overload]
        return bounds[1] if bounds else None


def answers_of(response: SurveyResponse) -> dict[str, Any]:
    """The answers given, keyed by question id as they are sent: a number, a text, a chosen
    option, or the list of options chosen (multiple choice)."""
    kinds = {question.pk: question.kind for question in response.survey.questions.all()}
    given: dict[str, Any] = {}
    for answer in response.answers.all():
        key = str(answer.question_id)
        kind = kinds.get(answer.question_id)
        if kind == SurveyQuestionKind.MULTIPLE:
            given.setdefault(key, []).append(answer.choice)
        elif answer.number is not None:
            given[key] = answer.number
        elif kind == SurveyQuestionKind.SINGLE:
            given[key] = answer.choice
        else:
            given[key] = answer.text
    return given


class SurveyResponseOut(Schema):
    """A survey you were asked to answer, its questions and the answers you gave."""

    id: int
    survey: SurveyRef
    role: EnrollmentRole = Field(description="The side you were asked as.")
    mentorship_id: int | None = Field(description="The pair it asks about, if any.")
    asked_at: datetime
    submitted_at: datetime | None = Field(description="When you first answered.")
    updated_at: datetime | None = Field(description="When you last changed your answers.")
    is_open: bool = Field(description="Answers can still be given or changed.")
    closed_reason: str = Field(description="Why answers can no longer be given; empty if open.")
    questions: list[QuestionOut]
    answers: dict[str, Any] = Field(
        description="Your answers by question id: a number, a text, or a list of options."
    )

    @staticmethod
    def resolve_is_open(obj: SurveyResponse) -> bool:
        return not survey_closed_reason(obj.survey)

    @staticmethod
    def resolve_closed_reason(obj: SurveyResponse) -> str:
        return survey_closed_reason(obj.survey)

    @staticmethod
    def resolve_questions(obj: SurveyResponse) -> list[SurveyQuestion]:
        return list(obj.survey.questions.all())

    @staticmethod
    def resolve_answers(obj: SurveyResponse) -> dict[str, Any]:
        return answers_of(obj)


class AnswersIn(Input):
    answers: dict[QuestionKey, Answer] = Field(
        description=(
            "Every answer at once, keyed by question id: a whole number for rating (1–5) and "
            "NPS (0–10) questions, one of the options for a single choice, a list of options "
            "for a multiple choice, text for a free-text question. They replace the answers "
            "given before; a question left out or blank is unanswered."
        ),
    )


class PulseIn(Input):
    rating: Rating = Field(description="How useful the check-in was, from 1 to 5.")
    comment: Comment = ""


class PulseOut(Schema):
    """Your rating of a check-in of your pair. Before you rate it, `rating` is null."""

    checkin_id: int
    checkin_status: CheckInStatus = Field(description="Only a held check-in can be rated.")
    rating: int | None
    comment: str
    rated_at: datetime | None = Field(description="When you last rated it.")


def pulse_out(checkin: Any, pulse: PulseRating | None) -> dict[str, Any]:
    return {
        "checkin_id": checkin.pk,
        "checkin_status": checkin.status,
        "rating": pulse.rating if pulse else None,
        "comment": pulse.comment if pulse else "",
        "rated_at": pulse.updated_at if pulse else None,
    }


class CountOut(Schema):
    label: str = Field(description='A scale point (`"4"`) or an option.')
    count: int


class QuestionResultOut(Schema):
    question_id: int
    kind: SurveyQuestionKind
    text: str
    answered: int = Field(description="People who answered this question.")
    average: float | None = Field(description="Rating and NPS questions.")
    distribution: list[CountOut] = Field(description="Every scale point or option, in order.")
    nps: float | None = Field(description="NPS questions: % promoters (9–10) − % detractors (0–6).")
    texts: list[str] = Field(
        description=(
            "Free-text answers, in a fixed shuffled order and never with a name: for the "
            "program team only, once at least 5 people answered."
        )
    )
    texts_hidden_reason: str
    suppressed: bool = Field(description="Executives: too few answers to show any figure.")

    @staticmethod
    def resolve_distribution(obj: QuestionResult) -> list[dict[str, Any]]:
        return [{"label": label, "count": count} for label, count in obj.distribution]


class SurveyResultsOut(Schema):
    """A survey's aggregated results. Only submitted answers count. Executives get no figure
    that stands on fewer than 5 people, and no free text."""

    survey: SurveyRef
    asked: int
    respondents: int
    response_rate: float | None = Field(description="Respondents as a % of people asked.")
    suppressed: bool
    suppressed_reason: str
    questions: list[QuestionResultOut]


def results_out(survey: Any, results: SurveyResults) -> dict[str, Any]:
    return {
        "survey": survey,
        "asked": results.asked,
        "respondents": results.respondents,
        "response_rate": results.response_rate,
        "suppressed": results.suppressed,
        "suppressed_reason": results.suppressed_reason,
        "questions": list(results.questions),
    }
