"""Factories and helpers for feedback: surveys and questions as rows, answers through the real
service (so results count what people can actually submit), held check-ins as rows."""

from collections.abc import Mapping
from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mentorpath.feedback.models import (
    PulseRating,
    SkillAssessment,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)
from mentorpath.feedback.services import survey_answer
from mentorpath.mentoring.models import CheckIn, Mentorship
from mentorpath.people.models import Person
from tests.factories import ProgramFactory
from tests.factories.mentoring import CheckInFactory


class SurveyFactory(DjangoModelFactory):
    """An open survey asked after the pair's first held check-in, of both sides."""

    class Meta:
        model = Survey

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Survey {n}")
    trigger = "first_checkin"
    audience = "both"
    status = "open"


class SurveyQuestionFactory(DjangoModelFactory):
    """A rating question (1–5) at the end of its survey."""

    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    kind = "rating"
    text = factory.Sequence(lambda n: f"Question {n}?")
    required = True
    choices = factory.LazyAttribute(
        lambda o: ["Yes", "No"] if o.kind in ("single", "multiple") else []
    )
    order = factory.LazyAttribute(lambda o: o.survey.questions.count())


class SurveyResponseFactory(DjangoModelFactory):
    """A person asked now, not answered yet."""

    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(SurveyFactory)
    person = None  # always given
    role = "mentee"
    asked_at = factory.LazyFunction(timezone.now)


class PulseRatingFactory(DjangoModelFactory):
    class Meta:
        model = PulseRating

    checkin = None  # always given
    person = factory.LazyAttribute(lambda o: o.checkin.mentorship.mentee.person)
    role = "mentee"
    rating = 4


class SkillAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = SkillAssessment

    mentorship = None  # always given
    skill = None  # always given
    phase = "start"
    rater_role = "self"
    rater = factory.LazyAttribute(lambda o: o.mentorship.mentee.person)
    level = 2


def answered(survey: Survey, person: Person, answers: Mapping[int, object]) -> SurveyResponse:
    """`person` asked by `survey` and answering `answers` through `survey_answer`."""
    response = SurveyResponseFactory(survey=survey, person=person)
    return survey_answer(response=response, answers=answers)


def held_checkin(
    mentorship: Mentorship, *, days_ago: float = 1, recorded_days_ago: float | None = None
) -> CheckIn:
    """A check-in `days_ago` days ago, recorded as held (by the mentee) `recorded_days_ago`
    days ago (by default: when it started, plus its 45 minutes)."""
    now = timezone.now().replace(microsecond=0)
    starts_at = now - timedelta(days=days_ago)
    recorded_at = (
        starts_at + timedelta(minutes=45)
        if recorded_days_ago is None
        else now - timedelta(days=recorded_days_ago)
    )
    return CheckInFactory(
        mentorship=mentorship,
        starts_at=starts_at,
        status="held",
        held_minutes=45,
        recorded_by=mentorship.mentee.person,
        recorded_at=recorded_at,
    )
