from typing import Any

from django import forms

from mentorpath.matching.config import CRITERIA, DEPARTMENT_PREFERENCES, MatchingConfig
from mentorpath.matching.enums import Objective
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment, Program


class MatchingConfigForm(forms.Form):
    """Weights (0–10) per criterion and the program's hard rules."""

    objective = forms.ChoiceField(choices=Objective.choices)
    department = forms.ChoiceField(
        choices=[(d, {"different": "Prefer another department", "same": "Prefer the same",
                      "any": "Does not matter"}[d]) for d in DEPARTMENT_PREFERENCES],
        label="Mentor's department",
    )  # fmt: skip
    min_level_gap = forms.IntegerField(
        min_value=0, max_value=11, label="Mentor at least N levels above"
    )
    max_level_gap = forms.IntegerField(
        min_value=0, max_value=11, label="… and at most N levels above"
    )
    require_shared_language = forms.BooleanField(required=False, label="Require a shared language")
    suggestions = forms.IntegerField(
        min_value=1, max_value=10, label="Suggestions shown to each mentee (self-match)"
    )
    request_expiry_days = forms.IntegerField(
        min_value=1, max_value=60, label="Days a mentor has to answer a request"
    )
    min_score = forms.FloatField(
        min_value=0, max_value=1, required=False, label="Minimum score (0–1)",
        help_text="Pairs scoring below it are never proposed. Leave empty for no minimum.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA.items():
            self.fields[f"w_{name}"] = forms.IntegerField(
                min_value=0, max_value=10, label=f"Weight: {label}"
            )

    @classmethod
    def initial_from(cls, config: MatchingConfig) -> dict[str, Any]:
        initial = {k: v for k, v in config.to_json().items() if k != "weights"}
        initial.update({f"w_{k}": int(v) for k, v in config.weights.items()})
        return initial

    def config(self) -> MatchingConfig:
        data = dict(self.cleaned_data)
        weights = {name: float(data.pop(f"w_{name}")) for name in CRITERIA}
        return MatchingConfig(weights=weights, **data)


class RunForm(forms.Form):
    objective = forms.ChoiceField(choices=Objective.choices, required=False)


class ProposalFilterForm(forms.Form):
    show = forms.ChoiceField(
        required=False,
        choices=[("", "All mentees"), ("matched", "Matched"), ("unmatched", "Unmatched"),
                 ("overridden", "Changed by a manager"), ("approved", "Approved")],
    )  # fmt: skip
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[("-score", "Best score first"), ("score", "Lowest score first"),
                 ("name", "Mentee name")],
    )  # fmt: skip


class OverrideForm(forms.Form):
    mentor = forms.ModelChoiceField(queryset=Enrollment.objects.none(), label="Pair with")

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentors = program.enrollments.filter(
            role=EnrollmentRole.MENTOR, status=EnrollmentStatus.APPROVED
        ).select_related("person")
        field = self.fields["mentor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = mentors.order_by("person__last_name", "person__first_name")
        field.label_from_instance = lambda e: (
            f"{e.person.full_name} — {e.person.title}, level {e.person.level} "
            f"({e.load}/{e.capacity} mentees)"
        )


class RequestForm(forms.Form):
    message = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="A note for the mentor (optional)",
    )
