"""Feedback: the surveys you were asked (with their questions and your answers), answering
them, rating a check-in of your pair, and a survey's aggregated results for the program team
and executives."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.common import Id
from mentorpath.api.schemas.feedback import (
    AnswersIn,
    PulseIn,
    PulseOut,
    ResponseFilters,
    SurveyResponseOut,
    SurveyResultsOut,
    pulse_out,
    results_out,
)
from mentorpath.core.exceptions import ApplicationError
from mentorpath.feedback import permissions, queries, services
from mentorpath.feedback.models import SurveyResponse
from mentorpath.people.permissions import own_person

router = Router(tags=["feedback"])

RESPONSE = "/surveys/responses/{response_id}"
PULSE = "/checkins/{checkin_id}/pulse"
WITH_QUESTIONS = ("survey__questions", "answers")


def _with_questions(responses: QuerySet[SurveyResponse]) -> QuerySet[SurveyResponse]:
    return responses.select_related("survey__program").prefetch_related(*WITH_QUESTIONS)


def _own_response(request: HttpRequest, response_id: int) -> SurveyResponse:
    response = permissions.get_response_for(current_user(request), response_id)
    return _with_questions(SurveyResponse.objects.filter(pk=response.pk)).get()


@router.get("/surveys/responses", response={200: list[SurveyResponseOut], **errors(401, 403, 422)})
@paginate(Pagination)
def my_survey_responses(
    request: HttpRequest, filters: Query[ResponseFilters]
) -> QuerySet[SurveyResponse]:
    """The surveys you were asked, newest first, with their questions and your answers.
    `pending=true` lists the ones you can still answer and have not, oldest first."""
    person = own_person(current_user(request))
    pending = queries.responses_pending_for(person=person)
    if filters.pending:
        return _with_questions(pending)
    responses = queries.responses_of(person=person)
    if filters.pending is False:
        responses = responses.exclude(pk__in=pending.values("pk"))
    return _with_questions(responses)


@router.get(RESPONSE, response={200: SurveyResponseOut, **errors(401, 404, 422)})
def get_survey_response(request: HttpRequest, response_id: Id) -> SurveyResponse:
    """A survey you were asked, its questions and your answers (yours only)."""
    return _own_response(request, response_id)


def _per_question(error: ValidationError) -> ValidationError:
    """The service names a question's field `q<id>`; the API names it `answers.<id>`, the
    path of the value in the request body."""
    if not hasattr(error, "error_dict"):
        return error
    fields = {
        f"answers.{name[1:]}" if name[:1] == "q" and name[1:].isdigit() else name: messages
        for name, messages in error.message_dict.items()
    }
    return ApplicationError(fields)


@router.put(
    f"{RESPONSE}/answers",
    response={200: SurveyResponseOut, **errors(400, 401, 403, 404, 409, 422)},
)
def answer_survey(request: HttpRequest, response_id: Id, payload: AnswersIn) -> SurveyResponse:
    """Give or change your answers, all at once (yours only). When an answer does not fit its
    question, nothing is saved and `errors` has a message per question (`answers.<id>`).
    409 once the survey has closed."""
    response = permissions.get_response_for(current_user(request), response_id)
    try:
        services.survey_answer(response=response, answers=payload.answers)
    except ValidationError as error:
        raise _per_question(error) from None
    return _own_response(request, response_id)


@router.get(PULSE, response={200: PulseOut, **errors(401, 404, 422)})
def get_pulse(request: HttpRequest, checkin_id: Id) -> dict[str, Any]:
    """Your rating of a check-in of your pair (the mentor or the mentee only; 404 for anyone
    else). `rating` is null until you rate it."""
    user = current_user(request)
    checkin = permissions.get_pulse_checkin_for(user, checkin_id)
    return pulse_out(checkin, queries.pulse_of(checkin=checkin, person=own_person(user)))


@router.post(PULSE, response={200: PulseOut, **errors(400, 401, 403, 404, 409, 422)})
def rate_checkin(request: HttpRequest, checkin_id: Id, payload: PulseIn) -> dict[str, Any]:
    """Rate how useful a held check-in of your pair was, 1 to 5, with an optional comment
    (the mentor or the mentee only); rating again changes it. 409 unless it was held."""
    user = current_user(request)
    checkin = permissions.get_pulse_checkin_for(user, checkin_id)
    pulse = services.pulse_record(
        checkin=checkin, person=own_person(user), rating=payload.rating, comment=payload.comment
    )
    checkin.refresh_from_db(fields=["status"])
    return pulse_out(checkin, pulse)


@router.get(
    "/surveys/{survey_id}/results", response={200: SurveyResultsOut, **errors(401, 404, 422)}
)
def survey_results(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    """A survey's results, counted over submitted answers: per question its answers, average,
    distribution and NPS, and free text without names (organization admins, the program's
    managers and executives; 404 for anyone else). Executives get no figure standing on fewer
    than 5 people and no free text; nobody gets free text before 5 people answered."""
    user = current_user(request)
    survey = permissions.get_survey_for(user, survey_id)
    results = queries.survey_results(survey=survey, viewer_is_executive=bool(user.is_executive))
    return results_out(survey, results)
