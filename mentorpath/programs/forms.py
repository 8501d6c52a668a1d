from django import forms
from django.utils.html import escape

from mentorpath.accounts.models import User
from mentorpath.learning.enums import Audience
from mentorpath.learning.models import LearningPath
from mentorpath.programs.enums import (
    Comparator,
    EnrollmentRole,
    EnrollmentStatus,
    Kpi,
    QuestionAudience,
    QuestionKind,
)
from mentorpath.programs.models import ApplicationQuestion, Program

SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ProgramForm(forms.ModelForm):
    managers = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True, is_service_account=False),
        required=False,
        help_text="People who run this program: they approve enrollments and match pairs.",
    )

    class Meta:
        model = Program
        fields = [
            "name",
            "program_type",
            "description",
            "start_date",
            "end_date",
            "checkin_cadence",
            "default_mentor_capacity",
            "visibility",
            "requires_approval",
            "eligible_departments",
            "eligible_locations",
            "min_level",
            "max_level",
            "mentor_min_level",
            "mentor_training_path",
            "mentee_onboarding_path",
            "managers",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: object, can_assign_managers: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not can_assign_managers:
            del self.fields["managers"]
        # Only published paths meant for the people who must complete them.
        published = LearningPath.objects.filter(is_published=True)
        for name, audience in (
            ("mentor_training_path", Audience.MENTOR),
            ("mentee_onboarding_path", Audience.MENTEE),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = published.filter(audience__in=[audience, Audience.BOTH])
            field.empty_label = "None: no path required"
        self.fields["mentor_training_path"].label = "Training path required of mentors"
        self.fields["mentee_onboarding_path"].label = "Onboarding path required of mentees"


class ObjectiveForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="e.g. Keep our early-career engineers")
    org_goal = forms.CharField(
        max_length=200, required=False, label="Organizational goal it serves"
    )
    kpi = forms.ChoiceField(choices=Kpi.choices, label="KPI")
    comparator = forms.ChoiceField(choices=Comparator.choices, initial=Comparator.AT_LEAST)
    target = forms.DecimalField(max_digits=8, decimal_places=2)


class QuestionForm(forms.Form):
    text = forms.CharField(max_length=300, label="Question")
    kind = forms.ChoiceField(choices=QuestionKind.choices)
    audience = forms.ChoiceField(choices=QuestionAudience.choices)
    choices = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For choice questions: one option a line.",
    )
    required = forms.BooleanField(required=False, initial=True)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


def question_field(question: ApplicationQuestion) -> forms.Field:
    # help_text is rendered as HTML (Django's own help texts need it): escape what managers wrote.
    common = {
        "label": question.text,
        "required": question.required,
        "help_text": escape(question.help_text),
    }
    options = [(c, c) for c in question.choices]
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.SCALE:
        return forms.ChoiceField(choices=SCALE_CHOICES, widget=forms.RadioSelect, **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)


class EnrollmentForm(forms.Form):
    """The program's own application questions for one role, plus capacity or goals."""

    def __init__(self, *args: object, program: Program, role: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.role = role
        if role == EnrollmentRole.MENTOR:
            self.fields["capacity"] = forms.IntegerField(
                initial=program.default_mentor_capacity,
                label="How many mentees can you take on?",
                help_text="From 0 to 20. You can change it later.",
            )
        else:
            self.fields["goals"] = forms.CharField(
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                label="What do you want to achieve with a mentor?",
            )
        for question in program.questions.all():
            if question.applies_to(role):
                self.fields[f"q_{question.pk}"] = question_field(question)

    def answers(self) -> dict[str, object]:
        return {
            name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("q_")
        }


class EnrollmentFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    role = forms.ChoiceField(choices=[("", "Any role"), *EnrollmentRole.choices], required=False)
    status = forms.ChoiceField(
        choices=[("", "Any status"), *EnrollmentStatus.choices], required=False
    )


class DecisionForm(forms.Form):
    note = forms.CharField(max_length=300, required=False)
