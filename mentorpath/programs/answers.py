"""Validation of the answers to a program's application questions.

Kept apart from services so the HTML form, the API and imports all give the same messages.
"""

from collections.abc import Iterable, Mapping

from mentorpath.programs.enums import QuestionKind
from mentorpath.programs.models import ApplicationQuestion

MAX_TEXT_ANSWER = 2000


def _is_blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == []


def clean_answer(question: ApplicationQuestion, value: object) -> object:
    """Return the stored form of one answer or raise ValueError with the person's message."""
    if question.kind == QuestionKind.TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT_ANSWER:
            raise ValueError(f"Keep this answer under {MAX_TEXT_ANSWER} characters.")
        return text
    if question.kind == QuestionKind.SINGLE:
        if value not in question.choices:
            raise ValueError("Choose one of the options offered.")
        return value
    if question.kind == QuestionKind.MULTIPLE:
        if isinstance(value, str):
            values = [value]
        elif isinstance(value, list | tuple):
            values = list(value)
        else:
            raise ValueError("Choose from the options offered.")
        unknown = [v for v in values if v not in question.choices]
        if unknown:
            raise ValueError(f"Not an option: {', '.join(map(str, unknown))}.")
        return values
    if isinstance(value, bool):
        raise ValueError("Pick a number from 1 to 5.")
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        raise ValueError("Pick a number from 1 to 5.") from None
    # int() truncates 3.7 to 3; only a whole number is an answer on the scale.
    if not isinstance(value, str) and number != value:
        raise ValueError("Pick a number from 1 to 5.")
    if not 1 <= number <= 5:
        raise ValueError("Pick a number from 1 to 5.")
    return number


def clean_answers(
    *, questions: Iterable[ApplicationQuestion], role: str, raw: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, str]]:
    """Clean the answers for `role`; returns (answers by question id, errors by question id)."""
    answers: dict[str, object] = {}
    errors: dict[str, str] = {}
    for question in questions:
        if not question.applies_to(role):
            continue
        key = str(question.pk)
        value = raw.get(key)
        if _is_blank(value):
            if question.required:
                errors[key] = "This question needs an answer."
            continue
        try:
            answers[key] = clean_answer(question, value)
        except ValueError as exc:
            errors[key] = str(exc)
    return answers, errors
