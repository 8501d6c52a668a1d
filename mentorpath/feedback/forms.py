"""Forms of the feedback pages: they parse input; the services decide and write.

The answer form is built from a survey's questions, one field per question named
`q<question id>`, the same keys the survey service uses for its field errors, so a refusal
lands next to its question.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from mentorpath.feedback.enums import (
    CHOICE_KINDS,
    NUMBER_RANGE,
    PULSE_SCALE,
    SurveyAudience,
    SurveyQuestionKind,
    SurveyTrigger,
)
from mentorpath.feedback.models import SurveyQuestion
from mentorpath.people.models import Skill

LEVELS = [(level, str(level)) for level in range(1, 6)]
LEVEL_WORDS = {1: "beginner", 2: "basic", 3: "competent", 4: "strong", 5: "expert"}


class SurveyForm(forms.Form):
    title = forms.CharField(max_length=150)
    intro = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown above the questions.",
    )
    trigger = forms.ChoiceField(choices=SurveyTrigger.choices, label="When each person is asked")
    send_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Send on",
        help_text="Only for a survey sent to everyone on a date.",
    )
    audience = forms.ChoiceField(
        choices=SurveyAudience.choices, initial=SurveyAudience.BOTH, label="Who is asked"
    )
    closes_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Closes on",
        help_text="Answers can be given and changed until this day. Leave empty to keep it "
        "open until you close it.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("trigger") == SurveyTrigger.DATE and not data.get("send_on"):
            self.add_error("send_on", "A survey sent on a date needs that date.")
        if data.get("trigger") and data.get("trigger") != SurveyTrigger.DATE:
            data["send_on"] = None
        send_on, closes_on = data.get("send_on"), data.get("closes_on")
        if send_on and closes_on and closes_on < send_on:
            self.add_error("closes_on", "A survey closes after the day it is sent.")
        return data

    @staticmethod
    def initial_of(survey: Any) -> dict[str, Any]:
        names = ("title", "intro", "trigger", "send_on", "audience", "closes_on")
        return {name: getattr(survey, name) for name in names}


def _lines(value: str) -> list[str]:
    seen: list[str] = []
    for line in value.splitlines():
        option = line.strip()
        if option and option not in seen:
            seen.append(option)
    return seen


class QuestionForm(forms.Form):
    """A question of a survey. Its kind is chosen when it is added and stays (the answers
    already given depend on it); editing shows the same form without the kind."""

    kind = forms.ChoiceField(choices=SurveyQuestionKind.choices, label="Kind of answer")
    text = forms.CharField(max_length=300, label="Question")
    help_text = forms.CharField(
        max_length=300, required=False, label="Help text", help_text="Shown under the question."
    )
    choices = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Options",
        help_text="For single and multiple choice: one option per line.",
    )
    required = forms.BooleanField(required=False, initial=True, label="An answer is required")

    def __init__(self, *args: Any, kind: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_kind = kind
        if kind is not None:
            del self.fields["kind"]

    def clean_choices(self) -> list[str]:
        options = _lines(self.cleaned_data.get("choices") or "")
        for option in options:
            if len(option) > 200:
                raise forms.ValidationError("An option is at most 200 characters.")
        return options

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = self.fixed_kind or data.get("kind")
        if kind in CHOICE_KINDS:
            if "choices" in data and len(data["choices"]) < 2:
                self.add_error("choices", "Give at least two options, one per line.")
        elif kind:
            data["choices"] = []
        return data

    @staticmethod
    def initial_of(question: SurveyQuestion) -> dict[str, Any]:
        return {
            "text": question.text,
            "help_text": question.help_text,
            "choices": "\n".join(question.choices or []),
            "required": question.required,
        }


class AnswerForm(forms.Form):
    """One field per question of a survey, named `q<id>`; `answers()` gives the service's
    mapping {question id: value}."""

    def __init__(
        self,
        *args: Any,
        questions: Iterable[SurveyQuestion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = question_field(question)

    def answers(self) -> dict[int, object]:
        """Each answered question's value: int, str or list[str]; unanswered ones left out."""
        given: dict[int, object] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            given[question.pk] = value
        return given

    def rows(self) -> list[tuple[SurveyQuestion, forms.BoundField]]:
        return [(question, self[f"q{question.pk}"]) for question in self.questions]

    @staticmethod
    def initial_of(answers: Iterable[Any], questions: Iterable[SurveyQuestion]) -> dict[str, Any]:
        """The form's initial values from stored SurveyAnswer rows."""
        kinds = {question.pk: question.kind for question in questions}
        initial: dict[str, Any] = {}
        for answer in answers:
            kind = kinds.get(answer.question_id)
            key = f"q{answer.question_id}"
            if kind in NUMBER_RANGE:
                initial[key] = answer.number
            elif kind == SurveyQuestionKind.SINGLE:
                initial[key] = answer.choice
            elif kind == SurveyQuestionKind.MULTIPLE:
                initial.setdefault(key, []).append(answer.choice)
            elif kind == SurveyQuestionKind.TEXT:
                initial[key] = answer.text
        return initial


def _number_choices(kind: str) -> list[tuple[int, str]]:
    low, high = NUMBER_RANGE[kind]  # type: ignore[index]
    return [(number, str(number)) for number in range(low, high + 1)]


def question_field(question: SurveyQuestion) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "required": question.required,
        "help_text": question.help_text,
    }
    kind = question.kind
    if kind in NUMBER_RANGE:
        scale = (
            "1 = poor, 5 = excellent"
            if kind == SurveyQuestionKind.RATING
            else "0 = not at all likely, 10 = extremely likely"
        )
        common["help_text"] = f"{question.help_text} ({scale})" if question.help_text else scale
        return forms.TypedChoiceField(
            choices=_number_choices(kind),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            **common,
        )
    options = [(option, option) for option in question.choices or []]
    if kind == SurveyQuestionKind.SINGLE:
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if kind == SurveyQuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)


class PulseForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=PULSE_SCALE,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        label="How useful was this check-in?",
    )
    comment = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Anything to add? (optional)",
    )

    @staticmethod
    def rating_from(value: str | None) -> int | None:
        """A rating given in a link (`?rating=4`), or None when absent or not 1–5."""
        if value is None or not value.isdigit():
            return None
        rating = int(value)
        return rating if 1 <= rating <= 5 else None


class SkillRatingForm(forms.Form):
    """A level 1–5 for each goal skill of a pair, one field per skill named `skill<id>` (the
    service's error keys). A skill may be left out: a mentor may not be able to judge one."""

    def __init__(self, *args: Any, skills: Iterable[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for skill in self.skills:
            self.fields[f"skill{skill.pk}"] = forms.TypedChoiceField(
                choices=[(level, f"{level} · {LEVEL_WORDS[level]}") for level, _ in LEVELS],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                label=skill.name,
            )

    def levels(self) -> dict[int, int]:
        chosen = {skill.pk: self.cleaned_data.get(f"skill{skill.pk}") for skill in self.skills}
        return {skill_id: level for skill_id, level in chosen.items() if level is not None}

    @staticmethod
    def initial_of(levels: Mapping[int, int]) -> dict[str, int]:
        return {f"skill{skill_id}": level for skill_id, level in levels.items()}
