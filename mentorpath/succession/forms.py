"""Forms of the succession pages: they parse input; the services decide and write.

People are named by email or employee id rather than picked from a list of everyone (an
organization may have tens of thousands)."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from mentorpath.people.models import Department, Person, Skill
from mentorpath.programs.enums import ProgramStatus, ProgramType
from mentorpath.programs.models import Program
from mentorpath.succession.enums import Criticality, Readiness, VacancyRisk
from mentorpath.succession.models import KeyRole


class PersonField(forms.CharField):
    """A current employee, by email or employee id."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("help_text", "Their email address or employee id.")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.email if isinstance(value, Person) else value

    def clean(self, value: Any) -> Person | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        person = (
            Person.objects.filter(termination_date__isnull=True)
            .filter(Q(email__iexact=text) | Q(employee_id=text))
            .first()
        )
        if person is None:
            raise forms.ValidationError("No current employee has that email or employee id.")
        return person


class KeyRoleForm(forms.Form):
    title = forms.CharField(max_length=150)
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)
    incumbent = PersonField(required=False, label="Incumbent")
    level = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=12,
        help_text="The role's career level (1–12); proposed mentors are at this level or above.",
    )
    criticality = forms.ChoiceField(choices=Criticality.choices, initial=Criticality.HIGH)
    vacancy_risk = forms.ChoiceField(
        choices=VacancyRisk.choices, initial=VacancyRisk.MEDIUM, label="Vacancy risk"
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_of(role: KeyRole) -> dict[str, Any]:
        return {
            "title": role.title,
            "department": role.department_id,
            "incumbent": role.incumbent.email if role.incumbent else "",
            "level": role.level,
            "criticality": role.criticality,
            "vacancy_risk": role.vacancy_risk,
            "notes": role.notes,
        }


def _skills_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        required=False,
        label="Development needs (skills)",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class CandidateForm(forms.Form):
    person = PersonField(label="Successor")
    readiness = forms.ChoiceField(choices=Readiness.choices)
    development_skills = _skills_field()
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CandidateEditForm(forms.Form):
    development_skills = _skills_field()
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    readiness = forms.ChoiceField(choices=Readiness.choices)
    reviewed_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label="Reviewed on"
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"reviewed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class LinkProgramForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), label="Leadership-development program"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Program.objects.filter(program_type=ProgramType.LEADERSHIP)
            .exclude(status=ProgramStatus.CLOSED)
            .order_by("name")
        )


class PipelineFilterForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)
    criticality = forms.ChoiceField(
        choices=[("", "Any criticality"), *Criticality.choices], required=False
    )
