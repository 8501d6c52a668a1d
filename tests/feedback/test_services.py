"""Survey writes: settings, questions (locked once answered), the lifecycle, and answers with
a message per bad input."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorpath.feedback.models import SurveyAnswer
from mentorpath.feedback.services import (
    question_add,
    question_delete,
    question_move,
    question_update,
    survey_answer,
    survey_close,
    survey_create,
    survey_open,
    survey_update,
)
from tests.factories.feedback import (
    SurveyFactory,
    SurveyQuestionFactory,
    SurveyResponseFactory,
    answered,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def fields_of(error: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return error.value.message_dict


def settings_of(survey, **changes):
    values = {
        "title": survey.title,
        "intro": survey.intro,
        "trigger": survey.trigger,
        "audience": survey.audience,
        "send_on": survey.send_on,
        "closes_on": survey.closes_on,
    }
    return {**values, **changes}


# Settings ---------------------------------------------------------------------------------


def test_survey_create_makes_a_draft_with_the_given_settings(program, manager_user):
    survey = survey_create(
        program=program,
        by=manager_user,
        title="  Midpoint check  ",
        trigger="midpoint",
        audience="mentee",
        intro="Two minutes.",
        closes_on=date(2030, 1, 31),
    )

    survey.refresh_from_db()
    assert (survey.title, survey.trigger, survey.audience, survey.status) == (
        "Midpoint check",
        "midpoint",
        "mentee",
        "draft",
    )
    assert survey.intro == "Two minutes."
    assert survey.closes_on == date(2030, 1, 31)
    assert survey.send_on is None
    assert survey.created_by == manager_user
    assert survey.program == program


def test_survey_create_on_a_date_needs_the_date(program, manager_user):
    with pytest.raises(ValidationError) as error:
        survey_create(program=program, by=manager_user, title="Pulse", trigger="date")

    assert fields_of(error) == {"send_on": ["A survey sent on a date needs that date."]}


def test_survey_create_refuses_closing_before_sending(program, manager_user):
    with pytest.raises(ValidationError) as error:
        survey_create(
            program=program,
            by=manager_user,
            title="Pulse",
            trigger="date",
            send_on=date(2030, 3, 10),
            closes_on=date(2030, 3, 9),
        )

    assert fields_of(error) == {"closes_on": ["A survey closes after the day it is sent."]}


def test_survey_create_may_close_on_the_day_it_is_sent(program, manager_user):
    survey = survey_create(
        program=program,
        by=manager_user,
        title="Pulse",
        trigger="date",
        send_on=date(2030, 3, 10),
        closes_on=date(2030, 3, 10),
    )

    assert (survey.send_on, survey.closes_on) == (date(2030, 3, 10), date(2030, 3, 10))


def test_survey_create_refuses_a_blank_title_and_unknown_choices(program, manager_user):
    with pytest.raises(ValidationError) as error:
        survey_create(program=program, by=manager_user, title="  ", trigger="soon", audience="x")

    assert fields_of(error) == {
        "title": ["Give the survey a title."],
        "trigger": ["Choose when people are asked."],
        "audience": ["Choose who is asked."],
    }


def test_survey_create_keeps_a_send_date_only_for_a_survey_sent_on_a_date(program, manager_user):
    survey = survey_create(
        program=program, by=manager_user, title="End", trigger="end", send_on=date(2030, 1, 1)
    )

    assert survey.send_on is None


def test_survey_update_changes_everything_before_anyone_is_asked(program, manager_user):
    survey = SurveyFactory(program=program, status="draft")

    survey_update(
        survey=survey,
        by=manager_user,
        **settings_of(
            survey, title="New", trigger="date", audience="mentor", send_on=date(2030, 5, 1)
        ),
    )

    survey.refresh_from_db()
    assert (survey.title, survey.trigger, survey.audience, survey.send_on) == (
        "New",
        "date",
        "mentor",
        date(2030, 5, 1),
    )


@pytest.mark.parametrize("change", [{"trigger": "end"}, {"audience": "mentee"}])
def test_survey_update_keeps_trigger_and_audience_once_someone_was_asked(
    program, manager_user, mentee, change
):
    survey = SurveyFactory(program=program)
    SurveyResponseFactory(survey=survey, person=mentee.person)

    with pytest.raises(ValidationError) as error:
        survey_update(survey=survey, by=manager_user, **settings_of(survey, **change))

    assert error.value.code == "conflict"
    assert error.value.messages == [
        "People have already been asked, so when and whom this survey asks can no longer "
        "change. Create a new survey instead."
    ]
    survey.refresh_from_db()
    assert (survey.trigger, survey.audience) == ("first_checkin", "both")


def test_survey_update_changes_the_wording_and_closing_day_after_people_were_asked(
    program, manager_user, mentee
):
    survey = SurveyFactory(program=program)
    SurveyResponseFactory(survey=survey, person=mentee.person)

    survey_update(
        survey=survey,
        by=manager_user,
        **settings_of(survey, title="Renamed", intro="Hello", closes_on=date(2031, 1, 1)),
    )

    survey.refresh_from_db()
    assert (survey.title, survey.intro, survey.closes_on) == ("Renamed", "Hello", date(2031, 1, 1))


# Lifecycle --------------------------------------------------------------------------------


def test_survey_open_needs_a_question(program, manager_user):
    survey = SurveyFactory(program=program, status="draft")

    with pytest.raises(ValidationError) as error:
        survey_open(survey=survey, by=manager_user)

    assert error.value.messages == ["Add at least one question before opening the survey."]
    survey.refresh_from_db()
    assert survey.status == "draft"


def test_survey_open_close_and_reopen(program, manager_user):
    survey = SurveyFactory(program=program, status="draft")
    SurveyQuestionFactory(survey=survey)

    assert survey_open(survey=survey, by=manager_user).status == "open"
    assert survey_close(survey=survey, by=manager_user).status == "closed"
    assert survey_open(survey=survey, by=manager_user).status == "open"
    survey.refresh_from_db()
    assert survey.status == "open"


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("draft", survey_close, "This survey is draft; it cannot become closed."),
        ("open", survey_open, "This survey is open; it cannot become open."),
        ("closed", survey_close, "This survey is closed; it cannot become closed."),
    ],
)
def test_survey_lifecycle_refuses_other_moves(program, manager_user, status, action, message):
    survey = SurveyFactory(program=program, status=status)
    SurveyQuestionFactory(survey=survey)

    with pytest.raises(ValidationError) as error:
        action(survey=survey, by=manager_user)

    assert error.value.code == "conflict"
    assert error.value.messages == [message]


def test_survey_open_refuses_a_closing_day_in_the_past(program, manager_user):
    survey = SurveyFactory(program=program, status="closed", closes_on=date(2025, 3, 3))
    SurveyQuestionFactory(survey=survey)

    with pytest.raises(ValidationError) as error:
        survey_open(survey=survey, by=manager_user)

    assert error.value.code == "conflict"
    assert error.value.messages == [
        "This survey closed on 3 March 2025; set a later closing date before opening it again."
    ]


# Questions --------------------------------------------------------------------------------


def test_question_add_appends_at_the_end(program):
    survey = SurveyFactory(program=program, status="draft")

    first = question_add(survey=survey, kind="rating", text="How useful?")
    second = question_add(survey=survey, kind="text", text="Why?", required=False)
    third = question_add(
        survey=survey, kind="single", text="Again?", choices=[" Yes ", "No", "", "Yes"]
    )

    assert [q.pk for q in survey.questions.order_by("order")] == [first.pk, second.pk, third.pk]
    assert [(q.order, q.kind, q.required) for q in (first, second, third)] == [
        (0, "rating", True),
        (1, "text", False),
        (2, "single", True),
    ]
    assert third.choices == ["Yes", "No"]


@pytest.mark.parametrize(
    ("kind", "choices", "message"),
    [
        ("single", ["Only one"], "Give at least two different options."),
        ("multiple", ["Same", " Same ", ""], "Give at least two different options."),
        ("single", ["Fine", "x" * 201], "An option is at most 200 characters."),
        ("rating", ["1", "2"], "Only single and multiple choice questions have options."),
        ("text", ["a", "b"], "Only single and multiple choice questions have options."),
    ],
)
def test_question_add_checks_the_options(program, kind, choices, message):
    survey = SurveyFactory(program=program, status="draft")

    with pytest.raises(ValidationError) as error:
        question_add(survey=survey, kind=kind, text="Q?", choices=choices)

    assert fields_of(error) == {"choices": [message]}
    assert not survey.questions.exists()


def test_question_add_refuses_an_empty_question_and_an_unknown_kind(program):
    survey = SurveyFactory(program=program, status="draft")

    with pytest.raises(ValidationError) as error:
        question_add(survey=survey, kind="essay", text="   ")

    assert fields_of(error) == {
        "kind": ["Choose the kind of answer."],
        "text": ["Write the question."],
    }


def test_question_update_changes_wording_options_and_required(program):
    survey = SurveyFactory(program=program, status="draft")
    question = SurveyQuestionFactory(survey=survey, kind="multiple", choices=["A", "B"])

    question_update(
        question=question, text="Pick some", required=False, choices=["A", "B", "C"], help_text="!"
    )

    question.refresh_from_db()
    assert (question.kind, question.text, question.required, question.help_text) == (
        "multiple",
        "Pick some",
        False,
        "!",
    )
    assert question.choices == ["A", "B", "C"]


def test_question_delete_renumbers_the_rest(program):
    survey = SurveyFactory(program=program, status="draft")
    first, second, third = (SurveyQuestionFactory(survey=survey) for _ in range(3))

    question_delete(question=second)

    assert list(survey.questions.order_by("order").values_list("pk", "order")) == [
        (first.pk, 0),
        (third.pk, 1),
    ]


def test_question_move_swaps_with_its_neighbour_and_stays_at_the_ends(program):
    survey = SurveyFactory(program=program, status="draft")
    a, b, c = (SurveyQuestionFactory(survey=survey) for _ in range(3))

    def order() -> list[int]:
        return list(survey.questions.order_by("order", "pk").values_list("pk", flat=True))

    question_move(question=c, up=True)
    assert order() == [a.pk, c.pk, b.pk]
    question_move(question=a, up=True)
    assert order() == [a.pk, c.pk, b.pk]
    question_move(question=a, up=False)
    assert order() == [c.pk, a.pk, b.pk]
    question_move(question=b, up=False)
    assert order() == [c.pk, a.pk, b.pk]


def test_questions_can_change_while_people_are_asked_but_nobody_answered(program, mentee):
    survey = SurveyFactory(program=program)
    question = SurveyQuestionFactory(survey=survey)
    SurveyResponseFactory(survey=survey, person=mentee.person)

    question_update(
        question=question, text="Better wording?", required=True, choices=[], help_text=""
    )
    question_add(survey=survey, kind="text", text="More?")

    assert survey.questions.count() == 2


LOCKED = (
    "People have already answered this survey, so its questions can no longer be added, "
    "changed or removed: their answers were given to these questions."
)


@pytest.mark.parametrize(
    "change",
    [
        lambda q: question_add(survey=q.survey, kind="text", text="Late?"),
        lambda q: question_update(
            question=q, text="Changed", required=True, choices=[], help_text=""
        ),
        lambda q: question_delete(question=q),
        lambda q: question_move(question=q, up=False),
    ],
    ids=["add", "update", "delete", "move"],
)
def test_questions_are_locked_once_someone_answered(program, mentee, change):
    survey = SurveyFactory(program=program)
    question = SurveyQuestionFactory(survey=survey, text="Useful?")
    SurveyQuestionFactory(survey=survey, text="Second?", required=False)
    answered(survey, mentee.person, {question.pk: 4})

    with pytest.raises(ValidationError) as error:
        change(question)

    assert error.value.code == "conflict"
    assert error.value.messages == [LOCKED]
    assert list(survey.questions.order_by("order").values_list("text", flat=True)) == [
        "Useful?",
        "Second?",
    ]


# Answers ----------------------------------------------------------------------------------


@pytest.fixture
def survey(program):
    survey = SurveyFactory(program=program)
    SurveyQuestionFactory(survey=survey, kind="rating", text="Useful?")
    SurveyQuestionFactory(survey=survey, kind="nps", text="Recommend?")
    SurveyQuestionFactory(survey=survey, kind="single", text="Again?", choices=["Yes", "No"])
    SurveyQuestionFactory(
        survey=survey, kind="multiple", text="What helped?", choices=["Goals", "Notes", "Talks"]
    )
    SurveyQuestionFactory(survey=survey, kind="text", text="Anything else?", required=False)
    return survey


def ids(survey) -> list[int]:
    return list(survey.questions.order_by("order").values_list("pk", flat=True))


def stored(response) -> list[tuple[str, int | None, str, str]]:
    return list(
        SurveyAnswer.objects.filter(response=response)
        .order_by("question__order", "choice")
        .values_list("question__text", "number", "choice", "text")
    )


def test_survey_answer_stores_one_row_per_answer_and_per_chosen_option(survey, mentee):
    rating, nps, single, multiple, text = ids(survey)
    response = SurveyResponseFactory(survey=survey, person=mentee.person)

    survey_answer(
        response=response,
        answers={
            rating: 4,
            nps: 9,
            single: "Yes",
            multiple: ["Talks", "Goals"],
            text: "  Thank you!  ",
        },
    )

    response.refresh_from_db()
    assert response.submitted_at is not None
    assert response.updated_at == response.submitted_at
    assert stored(response) == [
        ("Useful?", 4, "", ""),
        ("Recommend?", 9, "", ""),
        ("Again?", None, "Yes", ""),
        ("What helped?", None, "Goals", ""),
        ("What helped?", None, "Talks", ""),
        ("Anything else?", None, "", "Thank you!"),
    ]


def test_survey_answer_replaces_earlier_answers_and_keeps_the_first_submission(survey, mentee):
    rating, nps, single, multiple, text = ids(survey)
    response = answered(
        survey,
        mentee.person,
        {rating: 2, nps: 3, single: "No", multiple: ["Notes"], text: "Meh"},
    )
    first_submitted = response.submitted_at

    survey_answer(
        response=response, answers={rating: 5, nps: 10, single: "Yes", multiple: ["Goals"]}
    )

    response.refresh_from_db()
    assert response.submitted_at == first_submitted
    assert response.updated_at > first_submitted
    assert stored(response) == [
        ("Useful?", 5, "", ""),
        ("Recommend?", 10, "", ""),
        ("Again?", None, "Yes", ""),
        ("What helped?", None, "Goals", ""),
    ]


@pytest.mark.parametrize(
    ("position", "value", "message"),
    [
        (0, 6, "Choose a number from 1 to 5."),
        (0, 0, "Choose a number from 1 to 5."),
        (0, "four", "Choose a number from 1 to 5."),
        (0, True, "Choose a number from 1 to 5."),
        (0, "²", "Choose a number from 1 to 5."),
        (1, "٣", "Choose a number from 0 to 10."),
        (1, 7.5, "Choose a number from 0 to 10."),
        (1, 11, "Choose a number from 0 to 10."),
        (1, -1, "Choose a number from 0 to 10."),
        (2, "Maybe", "Choose one of the options."),
        (2, ["Yes"], "Choose one of the options."),
        (3, ["Goals", "Golf"], "Choose from the options given."),
        (3, 3, "Choose from the options given."),
        (4, "x" * 5001, "Keep your answer under 5,000 characters."),
        (4, 42, "Write your answer as text."),
        (0, None, "Answer this question."),
        (2, "  ", "Answer this question."),
        (3, [], "Answer this question."),
    ],
)
def test_survey_answer_refuses_bad_input_with_a_message_per_question(
    survey, mentee, position, value, message
):
    question_ids = ids(survey)
    good = {question_ids[0]: 3, question_ids[1]: 7, question_ids[2]: "No"}
    good[question_ids[3]] = ["Notes"]
    response = SurveyResponseFactory(survey=survey, person=mentee.person)

    with pytest.raises(ValidationError) as error:
        survey_answer(response=response, answers={**good, question_ids[position]: value})

    assert fields_of(error) == {f"q{question_ids[position]}": [message]}
    response.refresh_from_db()
    assert response.submitted_at is None
    assert not SurveyAnswer.objects.filter(response=response).exists()


def test_survey_answer_names_every_missing_required_question(survey, mentee):
    rating, nps, single, multiple, _ = ids(survey)
    response = SurveyResponseFactory(survey=survey, person=mentee.person)

    with pytest.raises(ValidationError) as error:
        survey_answer(response=response, answers={nps: 8})

    assert fields_of(error) == {
        f"q{rating}": ["Answer this question."],
        f"q{single}": ["Answer this question."],
        f"q{multiple}": ["Answer this question."],
    }


def test_survey_answer_leaves_earlier_answers_when_the_new_ones_are_refused(survey, mentee):
    rating, nps, single, multiple, _ = ids(survey)
    response = answered(
        survey, mentee.person, {rating: 2, nps: 3, single: "No", multiple: ["Notes"]}
    )

    with pytest.raises(ValidationError):
        survey_answer(
            response=response, answers={rating: 9, nps: 3, single: "No", multiple: ["Notes"]}
        )

    assert stored(response)[0] == ("Useful?", 2, "", "")


def test_survey_answer_accepts_numbers_given_as_text(survey, mentee):
    rating, nps, single, multiple, _ = ids(survey)
    response = SurveyResponseFactory(survey=survey, person=mentee.person)

    survey_answer(
        response=response, answers={rating: "5", nps: "0", single: "No", multiple: "Notes"}
    )

    assert stored(response)[:2] == [("Useful?", 5, "", ""), ("Recommend?", 0, "", "")]


def test_survey_answer_refuses_answers_to_questions_of_another_survey(survey, mentee, program):
    other = SurveyQuestionFactory(survey=SurveyFactory(program=program))
    rating, nps, single, multiple, _ = ids(survey)
    response = SurveyResponseFactory(survey=survey, person=mentee.person)

    with pytest.raises(ValidationError) as error:
        survey_answer(
            response=response,
            answers={rating: 1, nps: 1, single: "No", multiple: ["Notes"], other.pk: 3},
        )

    assert error.value.messages == ["Some answers are not for questions of this survey."]
    assert not SurveyAnswer.objects.exists()


def test_survey_answer_needs_at_least_one_answer(program, mentee):
    survey = SurveyFactory(program=program)
    SurveyQuestionFactory(survey=survey, kind="text", required=False)
    response = SurveyResponseFactory(survey=survey, person=mentee.person)

    with pytest.raises(ValidationError) as error:
        survey_answer(response=response, answers={})

    assert error.value.messages == ["Answer at least one question."]


def test_survey_answer_is_refused_once_the_survey_is_closed(survey, mentee):
    rating, nps, single, multiple, _ = ids(survey)
    response = SurveyResponseFactory(survey=survey, person=mentee.person)
    survey.status = "closed"
    survey.save()

    with pytest.raises(ValidationError) as error:
        survey_answer(
            response=response, answers={rating: 1, nps: 1, single: "No", multiple: ["Notes"]}
        )

    assert error.value.code == "conflict"
    assert error.value.messages == [
        "This survey is closed; answers can no longer be given or changed."
    ]
    assert not SurveyAnswer.objects.exists()


def test_survey_answer_is_refused_after_the_closing_day(survey, mentee):
    rating, nps, single, multiple, _ = ids(survey)
    response = answered(
        survey, mentee.person, {rating: 1, nps: 1, single: "No", multiple: ["Notes"]}
    )
    survey.closes_on = date(2025, 3, 3)
    survey.save()

    with pytest.raises(ValidationError) as error:
        survey_answer(
            response=response, answers={rating: 5, nps: 1, single: "No", multiple: ["Notes"]}
        )

    assert error.value.code == "conflict"
    assert error.value.messages == [
        "This survey closed on 3 March 2025; answers can no longer be given or changed."
    ]
    assert stored(response)[0] == ("Useful?", 1, "", "")


def test_survey_answer_is_accepted_on_the_closing_day(survey, mentee):
    rating, nps, single, multiple, _ = ids(survey)
    survey.closes_on = TODAY
    survey.save()
    response = SurveyResponseFactory(survey=survey, person=mentee.person)

    survey_answer(response=response, answers={rating: 5, nps: 1, single: "No", multiple: ["Notes"]})

    response.refresh_from_db()
    assert response.submitted_at is not None


def test_two_people_answer_the_same_survey_independently(survey, mentee, mentor):
    rating, nps, single, multiple, _ = ids(survey)
    answered(survey, mentee.person, {rating: 1, nps: 1, single: "No", multiple: ["Notes"]})
    answered(survey, mentor.person, {rating: 5, nps: 10, single: "Yes", multiple: ["Goals"]})

    assert sorted(
        SurveyAnswer.objects.filter(question_id=rating).values_list("response__person", "number")
    ) == sorted([(mentee.person.pk, 1), (mentor.person.pk, 5)])


def test_answering_a_draft_survey_is_refused(program, mentee):
    survey = SurveyFactory(program=program, status="draft")
    question = SurveyQuestionFactory(survey=survey)
    response = SurveyResponseFactory(survey=survey, person=mentee.person)

    with pytest.raises(ValidationError) as error:
        survey_answer(response=response, answers={question.pk: 3})

    assert error.value.code == "conflict"
    assert error.value.messages == ["This survey is not open yet."]
