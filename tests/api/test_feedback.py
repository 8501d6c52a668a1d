"""The feedback API: one's own survey responses (with their questions and answers), answering
them, the pair's check-in pulses, and a survey's aggregated results per role."""

from datetime import datetime, timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorpath.feedback.models import PulseRating, SurveyAnswer
from mentorpath.feedback.queries import SUPPRESSED_REASON, TEXTS_EXECUTIVE, TEXTS_TOO_FEW
from mentorpath.feedback.services import survey_answer
from tests.api.conftest import API
from tests.factories import (
    PersonFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    SurveyResponseFactory,
    UserFactory,
)
from tests.factories.feedback import answered, held_checkin
from tests.factories.mentoring import CheckInFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found.", "errors": {}}
NOT_THE_RESPONDENT = ["mentor_user", "manager_user", "admin_user", "executive_user"]
NOT_THE_PAIR = ["manager_user", "admin_user", "executive_user", "outsider_user"]
NO_RESULTS = ["mentor_user", "mentee_user", "outsider_user"]


def iso(value: datetime | None) -> str | None:
    """How the API writes a time: ISO 8601, to the millisecond, `Z` for UTC."""
    return None if value is None else DjangoJSONEncoder().default(value)


def put(api, path: str, data):
    return api.client.put(API + path, data, content_type="application/json")


@pytest.fixture
def survey(program):
    return SurveyFactory(program=program, title="After the first check-in", intro="Two minutes.")


@pytest.fixture
def questions(survey):
    """One question of each kind, in this order; the choices and the text are optional."""
    return {
        "rating": SurveyQuestionFactory(survey=survey, kind="rating", text="How useful?"),
        "nps": SurveyQuestionFactory(survey=survey, kind="nps", text="Recommend it?"),
        "single": SurveyQuestionFactory(survey=survey, kind="single", text="Meet more often?"),
        "multiple": SurveyQuestionFactory(
            survey=survey,
            kind="multiple",
            text="What helped?",
            choices=["Listening", "Advice", "Contacts"],
            required=False,
        ),
        "text": SurveyQuestionFactory(
            survey=survey, kind="text", text="Anything else?", required=False
        ),
    }


@pytest.fixture
def response(survey, questions, pair, mentee_user):
    """The persona mentee, asked about her pair, not answered yet."""
    return SurveyResponseFactory(
        survey=survey, person=mentee_user.person, role="mentee", mentorship=pair
    )


def good_answers(questions) -> dict[str, object]:
    return {
        str(questions["rating"].pk): 4,
        str(questions["nps"].pk): 9,
        str(questions["single"].pk): "Yes",
        str(questions["multiple"].pk): ["Contacts", "Listening"],
        str(questions["text"].pk): "  The agenda helped.  ",
    }


def question_json(question, *, low=None, high=None, choices=()) -> dict:
    return {
        "id": question.pk,
        "kind": question.kind,
        "text": question.text,
        "help_text": "",
        "required": question.required,
        "choices": list(choices),
        "min": low,
        "max": high,
    }


def response_json(response, questions, program, *, answers=None, is_open=True, reason=""):
    response.refresh_from_db()
    survey = response.survey
    return {
        "id": response.pk,
        "survey": {
            "id": survey.pk,
            "title": "After the first check-in",
            "intro": "Two minutes.",
            "program": {"id": program.pk, "slug": "career-compass", "name": "Career Compass"},
            "status": survey.status,
            "closes_on": None if survey.closes_on is None else survey.closes_on.isoformat(),
        },
        "role": "mentee",
        "mentorship_id": response.mentorship_id,
        "asked_at": iso(response.asked_at),
        "submitted_at": iso(response.submitted_at),
        "updated_at": iso(response.updated_at),
        "is_open": is_open,
        "closed_reason": reason,
        "questions": [
            question_json(questions["rating"], low=1, high=5),
            question_json(questions["nps"], low=0, high=10),
            question_json(questions["single"], choices=["Yes", "No"]),
            question_json(questions["multiple"], choices=["Listening", "Advice", "Contacts"]),
            question_json(questions["text"]),
        ],
        "answers": answers or {},
    }


# --- GET /surveys/responses -------------------------------------------------------------------


def test_responses_list_is_401_anonymously(api_as):
    response = api_as(None).get("/surveys/responses")

    assert response.status_code == 401


def test_responses_list_is_403_without_an_employee_profile(api_as):
    response = api_as(UserFactory(email="nobody@example.com")).get("/surveys/responses")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your login is not linked to an employee profile yet.",
        "errors": {},
    }


def test_responses_list_has_the_question_and_no_answer_before_answering(
    api_as, response, questions, program, mentee_user
):
    body = api_as(mentee_user).get("/surveys/responses").json()

    assert body == {"count": 1, "items": [response_json(response, questions, program)]}


def test_responses_list_holds_only_ones_own(api_as, response, mentor_user, outsider_user):
    SurveyResponseFactory(survey=response.survey, person=mentor_user.person, role="mentor")

    mine = api_as(mentor_user).get("/surveys/responses").json()["items"]
    outsider = api_as(outsider_user).get("/surveys/responses").json()

    assert [item["role"] for item in mine] == ["mentor"]
    assert response.pk not in [item["id"] for item in mine]
    assert outsider == {"count": 0, "items": []}


def test_responses_list_filters_pending_and_done(api_as, response, questions, program, mentee_user):
    other = SurveyFactory(program=program, title="Midpoint")
    rating = SurveyQuestionFactory(survey=other, kind="rating")
    done = answered(other, mentee_user.person, {rating.pk: 5})
    closed = SurveyResponseFactory(
        survey=SurveyFactory(program=program, status="closed"), person=mentee_user.person
    )
    api = api_as(mentee_user)

    def ids(**params) -> list[int]:
        return [item["id"] for item in api.get("/surveys/responses", **params).json()["items"]]

    assert ids(pending="true") == [response.pk]
    assert sorted(ids(pending="false")) == sorted([done.pk, closed.pk])
    assert sorted(ids()) == sorted([response.pk, done.pk, closed.pk])


def test_responses_list_query_count_is_flat(api_as, response, mentee_user, program):
    api = api_as(mentee_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/surveys/responses").status_code == 200
        return len(queries)

    few = count()
    for _ in range(3):
        other = SurveyFactory(program=program)
        question = SurveyQuestionFactory(survey=other, kind="single")
        answered(other, mentee_user.person, {question.pk: "No"})

    assert count() == few


# --- GET /surveys/responses/{id} --------------------------------------------------------------


def test_response_detail_shows_ones_answers_as_given(
    api_as, response, questions, program, mentee_user
):
    given = {int(key): value for key, value in good_answers(questions).items()}
    survey_answer(response=response, answers=given)

    body = api_as(mentee_user).get(f"/surveys/responses/{response.pk}").json()

    assert body == response_json(
        response,
        questions,
        program,
        answers={
            str(questions["rating"].pk): 4,
            str(questions["nps"].pk): 9,
            str(questions["single"].pk): "Yes",
            str(questions["multiple"].pk): ["Listening", "Contacts"],
            str(questions["text"].pk): "The agenda helped.",
        },
    )


@pytest.mark.parametrize("persona", NOT_THE_RESPONDENT)
def test_response_detail_is_404_for_anyone_but_its_person(request, api_as, response, persona):
    result = api_as(request.getfixturevalue(persona)).get(f"/surveys/responses/{response.pk}")

    assert result.status_code == 404
    assert result.json() == NOT_FOUND


def test_response_detail_is_401_anonymously(api_as, response):
    assert api_as(None).get(f"/surveys/responses/{response.pk}").status_code == 401


def test_response_detail_of_a_missing_id_is_404(api_as, mentee_user):
    assert api_as(mentee_user).get("/surveys/responses/999999").status_code == 404


# --- PUT /surveys/responses/{id}/answers ------------------------------------------------------


def test_answering_saves_every_answer_and_returns_them(
    api_as, response, questions, program, mentee_user
):
    result = put(
        api_as(mentee_user),
        f"/surveys/responses/{response.pk}/answers",
        {"answers": good_answers(questions)},
    )

    assert result.status_code == 200
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert result.json()["answers"] == {
        str(questions["rating"].pk): 4,
        str(questions["nps"].pk): 9,
        str(questions["single"].pk): "Yes",
        str(questions["multiple"].pk): ["Listening", "Contacts"],
        str(questions["text"].pk): "The agenda helped.",
    }
    assert result.json()["submitted_at"] == iso(response.submitted_at)
    assert SurveyAnswer.objects.filter(response=response).count() == 6


def test_answering_again_replaces_the_answers(api_as, response, questions, mentee_user):
    api = api_as(mentee_user)
    path = f"/surveys/responses/{response.pk}/answers"
    put(api, path, {"answers": good_answers(questions)})
    first = SurveyAnswer.objects.get(response=response, question=questions["rating"]).pk

    again = {
        str(questions["rating"].pk): 2,
        str(questions["nps"].pk): 3,
        str(questions["single"].pk): "No",
    }
    result = put(api, path, {"answers": again})

    assert result.status_code == 200
    assert result.json()["answers"] == again
    assert not SurveyAnswer.objects.filter(pk=first).exists()


def test_answering_badly_lists_a_message_per_question_and_saves_nothing(
    api_as, response, questions, mentee_user
):
    answers = {
        str(questions["rating"].pk): 6,
        str(questions["nps"].pk): "",
        str(questions["single"].pk): "Maybe",
        str(questions["multiple"].pk): ["Listening", "Gossip"],
    }

    result = put(
        api_as(mentee_user), f"/surveys/responses/{response.pk}/answers", {"answers": answers}
    )

    assert result.status_code == 400
    assert result.json() == {
        "detail": "Some fields are not valid; see `errors`.",
        "errors": {
            f"answers.{questions['rating'].pk}": "Choose a number from 1 to 5.",
            f"answers.{questions['nps'].pk}": "Answer this question.",
            f"answers.{questions['single'].pk}": "Choose one of the options.",
            f"answers.{questions['multiple'].pk}": "Choose from the options given.",
        },
    }
    assert not SurveyAnswer.objects.filter(response=response).exists()
    response.refresh_from_db()
    assert response.submitted_at is None


def test_answering_a_question_of_another_survey_is_400(api_as, response, questions, mentee_user):
    stranger = SurveyQuestionFactory(kind="rating")
    answers = {**good_answers(questions), str(stranger.pk): 3}

    result = put(
        api_as(mentee_user), f"/surveys/responses/{response.pk}/answers", {"answers": answers}
    )

    assert result.status_code == 400
    assert result.json() == {
        "detail": "Some answers are not for questions of this survey.",
        "errors": {},
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"abc": 3}}, "answers.abc.[key]"),
        ({"answers": {"1": True}}, "answers.1"),
        ({"answers": {"1": 2.5}}, "answers.1"),
        ({"answers": {"1": "a\x00b"}}, "answers.1"),
        ({"answers": []}, "answers"),
        ({}, "answers"),
        ({"answers": {}, "comment": "x"}, "comment"),
    ],
)
def test_answering_with_a_malformed_body_is_422(api_as, response, mentee_user, body, field):
    result = put(api_as(mentee_user), f"/surveys/responses/{response.pk}/answers", body)

    assert result.status_code == 422
    assert field in result.json()["errors"]


def test_answering_a_closed_survey_is_409(api_as, response, questions, mentee_user):
    response.survey.status = "closed"
    response.survey.save(update_fields=["status"])

    result = put(
        api_as(mentee_user),
        f"/surveys/responses/{response.pk}/answers",
        {"answers": good_answers(questions)},
    )

    assert result.status_code == 409
    assert result.json() == {
        "detail": "This survey is closed; answers can no longer be given or changed.",
        "errors": {},
    }
    assert not SurveyAnswer.objects.filter(response=response).exists()


def test_answering_after_the_closing_day_is_409_and_the_response_says_why(
    api_as, response, questions, program, mentee_user
):
    closed_on = timezone.localdate() - timedelta(days=1)
    response.survey.closes_on = closed_on
    response.survey.save(update_fields=["closes_on"])
    api = api_as(mentee_user)

    result = put(
        api, f"/surveys/responses/{response.pk}/answers", {"answers": good_answers(questions)}
    )
    shown = api.get(f"/surveys/responses/{response.pk}").json()

    assert result.status_code == 409
    reason = (
        f"This survey closed on {closed_on.day} {closed_on:%B %Y}; answers can no longer be "
        "given or changed."
    )
    assert result.json()["detail"] == reason
    assert (shown["is_open"], shown["closed_reason"]) == (False, reason)


@pytest.mark.parametrize("persona", NOT_THE_RESPONDENT)
def test_answering_someone_elses_response_is_404(request, api_as, response, questions, persona):
    result = put(
        api_as(request.getfixturevalue(persona)),
        f"/surveys/responses/{response.pk}/answers",
        {"answers": good_answers(questions)},
    )

    assert result.status_code == 404
    assert not SurveyAnswer.objects.filter(response=response).exists()


def test_answering_is_401_anonymously(api_as, response, questions):
    result = put(
        api_as(None),
        f"/surveys/responses/{response.pk}/answers",
        {"answers": good_answers(questions)},
    )

    assert result.status_code == 401


def test_answering_with_an_api_token_needs_no_csrf(token_api, response, questions, mentee_user):
    result = put(
        token_api(mentee_user),
        f"/surveys/responses/{response.pk}/answers",
        {"answers": good_answers(questions)},
    )

    assert result.status_code == 200


def test_a_number_written_with_a_superscript_digit_is_refused_not_a_crash(
    api_as, response, questions, mentee_user
):
    answers = {**good_answers(questions), str(questions["rating"].pk): "²"}

    result = put(
        api_as(mentee_user), f"/surveys/responses/{response.pk}/answers", {"answers": answers}
    )

    assert result.status_code == 400
    assert result.json()["errors"] == {
        f"answers.{questions['rating'].pk}": "Choose a number from 1 to 5."
    }


# --- /checkins/{id}/pulse ---------------------------------------------------------------------


@pytest.fixture
def held(pair):
    return held_checkin(pair, days_ago=1)


def test_the_mentee_rates_a_held_checkin(api_as, held, mentee_user):
    result = api_as(mentee_user).post(
        f"/checkins/{held.pk}/pulse", {"rating": 2, "comment": " Too short. "}
    )

    pulse = PulseRating.objects.get(checkin=held)
    assert result.status_code == 200
    assert result.json() == {
        "checkin_id": held.pk,
        "checkin_status": "held",
        "rating": 2,
        "comment": "Too short.",
        "rated_at": iso(pulse.updated_at),
    }
    assert (pulse.person_id, pulse.role) == (mentee_user.person.pk, "mentee")


def test_rating_again_changes_the_rating(api_as, held, mentor_user):
    api = api_as(mentor_user)
    api.post(f"/checkins/{held.pk}/pulse", {"rating": 5})

    result = api.post(f"/checkins/{held.pk}/pulse", {"rating": 3})

    assert result.json()["rating"] == 3
    assert list(PulseRating.objects.values_list("role", "rating")) == [("mentor", 3)]


def test_each_side_reads_only_its_own_rating(api_as, held, mentee_user, mentor_user):
    api_as(mentee_user).post(f"/checkins/{held.pk}/pulse", {"rating": 1, "comment": "Mine"})

    mentee_view = api_as(mentee_user).get(f"/checkins/{held.pk}/pulse").json()
    mentor_view = api_as(mentor_user).get(f"/checkins/{held.pk}/pulse").json()

    assert (mentee_view["rating"], mentee_view["comment"]) == (1, "Mine")
    assert mentor_view == {
        "checkin_id": held.pk,
        "checkin_status": "held",
        "rating": None,
        "comment": "",
        "rated_at": None,
    }


@pytest.mark.parametrize("rating", [0, 6, 2.5, None, "four"])
def test_a_rating_outside_1_to_5_is_422(api_as, held, mentee_user, rating):
    result = api_as(mentee_user).post(f"/checkins/{held.pk}/pulse", {"rating": rating})

    assert result.status_code == 422
    assert "rating" in result.json()["errors"]
    assert not PulseRating.objects.exists()


def test_a_comment_over_500_characters_is_422(api_as, held, mentee_user):
    result = api_as(mentee_user).post(
        f"/checkins/{held.pk}/pulse", {"rating": 4, "comment": "x" * 501}
    )

    assert result.status_code == 422
    assert list(result.json()["errors"]) == ["comment"]


def test_rating_a_checkin_that_was_not_held_is_409(api_as, pair, mentee_user):
    scheduled = CheckInFactory(mentorship=pair)

    result = api_as(mentee_user).post(f"/checkins/{scheduled.pk}/pulse", {"rating": 4})

    assert result.status_code == 409
    assert result.json() == {
        "detail": "This check-in is scheduled; only a held check-in can be rated.",
        "errors": {},
    }


@pytest.mark.parametrize("persona", NOT_THE_PAIR)
def test_the_pulse_is_404_outside_the_pair(request, api_as, held, persona):
    api = api_as(request.getfixturevalue(persona))

    read = api.get(f"/checkins/{held.pk}/pulse")
    write = api.post(f"/checkins/{held.pk}/pulse", {"rating": 1})

    assert (read.status_code, write.status_code) == (404, 404)
    assert read.json() == NOT_FOUND
    assert not PulseRating.objects.exists()


def test_the_pulse_is_401_anonymously(api_as, held):
    api = api_as(None)

    assert api.get(f"/checkins/{held.pk}/pulse").status_code == 401
    assert api.post(f"/checkins/{held.pk}/pulse", {"rating": 1}).status_code == 401


def test_the_pulse_of_a_missing_checkin_is_404(api_as, mentee_user):
    assert api_as(mentee_user).get("/checkins/999999/pulse").status_code == 404


# --- GET /surveys/{id}/results ----------------------------------------------------------------

RATINGS = [5, 4, 4, 2, 5]
SCORES = [10, 9, 7, 3, 10]
SINGLE = ["Yes", "Yes", "No", "Yes", "No"]
MULTIPLE = [["Listening"], ["Listening", "Advice"], [], ["Contacts"], ["Advice"]]
TEXTS = ["Great", "Helpful", "More time please", "Thanks", "Clear advice"]


@pytest.fixture
def five_answered(survey, questions):
    """Five people answered (four of them the optional choices), a sixth was asked only."""
    people = [PersonFactory(first_name="Respondent", last_name=f"Number{i}") for i in range(5)]
    for i, person in enumerate(people):
        answered(
            survey,
            person,
            {
                questions["rating"].pk: RATINGS[i],
                questions["nps"].pk: SCORES[i],
                questions["single"].pk: SINGLE[i],
                questions["multiple"].pk: MULTIPLE[i],
                questions["text"].pk: TEXTS[i],
            },
        )
    SurveyResponseFactory(survey=survey, person=PersonFactory())
    return people


def full_results(survey, questions, program) -> dict:
    return {
        "survey": {
            "id": survey.pk,
            "title": "After the first check-in",
            "intro": "Two minutes.",
            "program": {"id": program.pk, "slug": "career-compass", "name": "Career Compass"},
            "status": "open",
            "closes_on": None,
        },
        "asked": 6,
        "respondents": 5,
        "response_rate": 83.3,
        "suppressed": False,
        "suppressed_reason": "",
        "questions": [
            {
                "question_id": questions["rating"].pk,
                "kind": "rating",
                "text": "How useful?",
                "answered": 5,
                "average": 4.0,
                "distribution": [
                    {"label": "1", "count": 0},
                    {"label": "2", "count": 1},
                    {"label": "3", "count": 0},
                    {"label": "4", "count": 2},
                    {"label": "5", "count": 2},
                ],
                "nps": None,
                "texts": [],
                "texts_hidden_reason": "",
                "suppressed": False,
            },
            {
                "question_id": questions["nps"].pk,
                "kind": "nps",
                "text": "Recommend it?",
                "answered": 5,
                "average": 7.8,
                "distribution": [
                    {"label": str(n), "count": {3: 1, 7: 1, 9: 1, 10: 2}.get(n, 0)}
                    for n in range(11)
                ],
                "nps": 40.0,
                "texts": [],
                "texts_hidden_reason": "",
                "suppressed": False,
            },
            {
                "question_id": questions["single"].pk,
                "kind": "single",
                "text": "Meet more often?",
                "answered": 5,
                "average": None,
                "distribution": [{"label": "Yes", "count": 3}, {"label": "No", "count": 2}],
                "nps": None,
                "texts": [],
                "texts_hidden_reason": "",
                "suppressed": False,
            },
            {
                "question_id": questions["multiple"].pk,
                "kind": "multiple",
                "text": "What helped?",
                "answered": 4,
                "average": None,
                "distribution": [
                    {"label": "Listening", "count": 2},
                    {"label": "Advice", "count": 2},
                    {"label": "Contacts", "count": 1},
                ],
                "nps": None,
                "texts": [],
                "texts_hidden_reason": "",
                "suppressed": False,
            },
            {
                "question_id": questions["text"].pk,
                "kind": "text",
                "text": "Anything else?",
                "answered": 5,
                "average": None,
                "distribution": [],
                "nps": None,
                "texts": "ANY ORDER",
                "texts_hidden_reason": "",
                "suppressed": False,
            },
        ],
    }


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_the_program_team_reads_full_results_with_nameless_texts(
    request, api_as, survey, questions, program, five_answered, persona
):
    result = api_as(request.getfixturevalue(persona)).get(f"/surveys/{survey.pk}/results")

    body = result.json()
    texts = body["questions"][4].pop("texts")
    expected = full_results(survey, questions, program)
    expected["questions"][4].pop("texts")
    assert result.status_code == 200
    assert body == expected
    assert sorted(texts) == sorted(TEXTS)
    assert "Respondent" not in result.content.decode()
    assert "Number" not in result.content.decode()


def test_executives_read_figures_of_five_or_more_and_no_texts(
    api_as, survey, questions, program, five_answered, executive_user
):
    result = api_as(executive_user).get(f"/surveys/{survey.pk}/results")

    expected = full_results(survey, questions, program)
    expected["questions"][3] = {
        "question_id": questions["multiple"].pk,
        "kind": "multiple",
        "text": "What helped?",
        "answered": 4,
        "average": None,
        "distribution": [],
        "nps": None,
        "texts": [],
        "texts_hidden_reason": "",
        "suppressed": True,
    }
    expected["questions"][4]["texts"] = []
    expected["questions"][4]["texts_hidden_reason"] = TEXTS_EXECUTIVE
    assert result.status_code == 200
    assert result.json() == expected


def test_free_text_waits_for_five_answers_even_for_the_program_team(
    api_as, survey, questions, manager_user
):
    for text in ("Only me", "And me"):
        answered(
            survey,
            PersonFactory(),
            {
                questions["rating"].pk: 3,
                questions["nps"].pk: 8,
                questions["single"].pk: "Yes",
                questions["text"].pk: text,
            },
        )

    body = api_as(manager_user).get(f"/surveys/{survey.pk}/results").json()

    assert body["suppressed"] is False
    assert body["questions"][0]["average"] == 3.0
    assert (body["questions"][4]["texts"], body["questions"][4]["texts_hidden_reason"]) == (
        [],
        TEXTS_TOO_FEW,
    )
    assert "Only me" not in str(body)


def test_executives_get_nothing_of_a_survey_fewer_than_five_answered(
    api_as, survey, questions, executive_user
):
    answered(
        survey,
        PersonFactory(),
        {questions["rating"].pk: 1, questions["nps"].pk: 0, questions["single"].pk: "No"},
    )

    body = api_as(executive_user).get(f"/surveys/{survey.pk}/results").json()

    assert (body["asked"], body["respondents"], body["suppressed"]) == (1, 1, True)
    assert body["suppressed_reason"] == SUPPRESSED_REASON
    assert [
        (q["suppressed"], q["average"], q["distribution"], q["nps"]) for q in body["questions"]
    ] == [(True, None, [], None)] * 5


@pytest.mark.parametrize("persona", NO_RESULTS)
def test_results_are_404_for_participants_and_outsiders(
    request, api_as, survey, questions, five_answered, persona
):
    result = api_as(request.getfixturevalue(persona)).get(f"/surveys/{survey.pk}/results")

    assert result.status_code == 404
    assert result.json() == NOT_FOUND


def test_results_are_404_for_the_manager_of_another_program(api_as, survey, manager_user):
    other = SurveyFactory()

    assert api_as(manager_user).get(f"/surveys/{other.pk}/results").status_code == 404


def test_results_are_401_anonymously(api_as, survey):
    assert api_as(None).get(f"/surveys/{survey.pk}/results").status_code == 401
