"""Answer validation works on unsaved questions, so these tests need no database."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorpath.programs.answers import MAX_TEXT_ANSWER, clean_answer, clean_answers
from mentorpath.programs.models import ApplicationQuestion

CHOICES = ["Career", "Skills", "Balance"]
SCALE_ERROR = "Pick a number from 1 to 5."


def _error(question: ApplicationQuestion, value: object) -> str:
    with pytest.raises(ValueError) as exc:
        clean_answer(question, value)
    return str(exc.value)


def _question(kind: str, pk: int = 1, **fields) -> ApplicationQuestion:
    if kind in ("single", "multiple"):
        fields.setdefault("choices", CHOICES)
    return ApplicationQuestion(pk=pk, text=f"Question {pk}", kind=kind, **fields)


# --- text ---------------------------------------------------------------------------------


def test_clean_answer_text_is_stripped():
    assert clean_answer(_question("text"), "  To grow.\n") == "To grow."


def test_clean_answer_text_accepts_the_maximum_length():
    text = "x" * MAX_TEXT_ANSWER

    assert clean_answer(_question("text"), text) == text


def test_clean_answer_text_refuses_over_the_maximum_length():
    assert (
        _error(_question("text"), "x" * (MAX_TEXT_ANSWER + 1))
        == "Keep this answer under 2000 characters."
    )


def test_clean_answer_text_length_is_counted_after_stripping():
    text = "  " + "x" * MAX_TEXT_ANSWER + "  "

    assert clean_answer(_question("text"), text) == "x" * MAX_TEXT_ANSWER


# --- single choice ------------------------------------------------------------------------


@pytest.mark.parametrize("value", CHOICES)
def test_clean_answer_single_accepts_an_offered_option(value):
    assert clean_answer(_question("single"), value) == value


@pytest.mark.parametrize("value", ["career", "Golf", ["Career"], 1])
def test_clean_answer_single_refuses_anything_else(value):
    assert _error(_question("single"), value) == "Choose one of the options offered."


@settings(max_examples=50, deadline=None, database=None)
@given(value=st.one_of(st.sampled_from(CHOICES), st.text(max_size=12)))
def test_clean_answer_single_accepts_exactly_the_offered_options(value):
    question = _question("single")

    if value in CHOICES:
        assert clean_answer(question, value) == value
    else:
        with pytest.raises(ValueError):
            clean_answer(question, value)


# --- multiple choice ----------------------------------------------------------------------


def test_clean_answer_multiple_keeps_the_chosen_options_in_order():
    assert clean_answer(_question("multiple"), ["Balance", "Career"]) == ["Balance", "Career"]


def test_clean_answer_multiple_wraps_a_single_string_in_a_list():
    assert clean_answer(_question("multiple"), "Skills") == ["Skills"]


def test_clean_answer_multiple_accepts_a_tuple():
    assert clean_answer(_question("multiple"), ("Skills",)) == ["Skills"]


def test_clean_answer_multiple_names_every_unknown_option():
    assert (
        _error(_question("multiple"), ["Career", "Golf", "Chess"]) == "Not an option: Golf, Chess."
    )


@pytest.mark.parametrize("value", [3, 2.5, True, {"Career": True}])
def test_clean_answer_multiple_refuses_a_value_that_is_not_a_list_of_options(value):
    assert _error(_question("multiple"), value) == "Choose from the options offered."


# --- scale --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (5, 5), ("3", 3), (" 4 ", 4), (2.0, 2)])
def test_clean_answer_scale_accepts_whole_numbers_from_1_to_5(value, expected):
    assert clean_answer(_question("scale"), value) == expected


@pytest.mark.parametrize("value", [0, 6, -1, "0", "6", "three", "", None, [3], "3.5", 3.5, True])
def test_clean_answer_scale_refuses_anything_else(value):
    assert _error(_question("scale"), value) == SCALE_ERROR


@settings(max_examples=100, deadline=None, database=None)
@given(number=st.integers(min_value=-1000, max_value=1000), as_text=st.booleans())
def test_clean_answer_scale_accepts_exactly_1_to_5(number, as_text):
    question = _question("scale")
    value = str(number) if as_text else number

    if 1 <= number <= 5:
        assert clean_answer(question, value) == number
    else:
        assert _error(question, value) == SCALE_ERROR


@settings(max_examples=100, deadline=None, database=None)
@given(number=st.floats(allow_nan=True, allow_infinity=True))
def test_clean_answer_scale_accepts_a_float_only_when_it_is_a_whole_1_to_5(number):
    question = _question("scale")

    if number in (1.0, 2.0, 3.0, 4.0, 5.0):
        assert clean_answer(question, number) == int(number)
    else:
        assert _error(question, number) == SCALE_ERROR


# --- clean_answers ------------------------------------------------------------------------


def test_clean_answers_returns_answers_and_errors_by_question_id():
    questions = [
        _question("text", pk=1),
        _question("single", pk=2),
        _question("scale", pk=3),
    ]

    answers, errors = clean_answers(
        questions=questions, role="mentee", raw={"1": " Hello ", "2": "Golf", "3": 9}
    )

    assert answers == {"1": "Hello"}
    assert errors == {"2": "Choose one of the options offered.", "3": SCALE_ERROR}


@pytest.mark.parametrize("blank", [None, "", "   ", []])
def test_clean_answers_requires_an_answer_to_a_required_question(blank):
    answers, errors = clean_answers(
        questions=[_question("text", pk=7)], role="mentee", raw={"7": blank}
    )

    assert (answers, errors) == ({}, {"7": "This question needs an answer."})


@pytest.mark.parametrize("blank", [None, "", "   ", []])
def test_clean_answers_leaves_out_a_blank_optional_answer(blank):
    answers, errors = clean_answers(
        questions=[_question("multiple", pk=7, required=False)], role="mentee", raw={"7": blank}
    )

    assert (answers, errors) == ({}, {})


def test_clean_answers_skips_questions_for_the_other_role():
    questions = [
        _question("text", pk=1, audience="mentor"),
        _question("text", pk=2, audience="mentee"),
        _question("text", pk=3, audience="both"),
    ]

    answers, errors = clean_answers(
        questions=questions, role="mentee", raw={"1": "Ignored", "2": "Two", "3": "Three"}
    )

    assert answers == {"2": "Two", "3": "Three"}
    assert errors == {}


def test_clean_answers_ignores_answers_to_unknown_questions():
    answers, errors = clean_answers(
        questions=[_question("text", pk=1)], role="mentor", raw={"1": "One", "99": "Stray"}
    )

    assert (answers, errors) == ({"1": "One"}, {})
