from django import forms

from mentorpath.people.enums import SKILL_LEVELS, WORKING_STYLE_POLES, WorkingStyle
from mentorpath.people.models import Department, Interest, Language, Person

STYLE_FIELDS = {
    WorkingStyle.STRUCTURE: "style_structure",
    WorkingStyle.PACE: "style_pace",
    WorkingStyle.COMMUNICATION: "style_communication",
    WorkingStyle.FEEDBACK: "style_feedback",
}


def _style_choices(dimension: str) -> list[tuple[str, str]]:
    low, high = WORKING_STYLE_POLES[dimension]
    return [
        ("", "Prefer not to say"),
        ("1", f"1 · {low}"),
        ("2", "2"),
        ("3", "3 · Either works"),
        ("4", "4"),
        ("5", f"5 · {high}"),
    ]


class ProfileForm(forms.ModelForm):
    """What a participant edits of their own profile; HR fields come from the HRIS."""

    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(), required=False, help_text="Languages you can mentor in."
    )
    interests = forms.ModelMultipleChoiceField(queryset=Interest.objects.all(), required=False)

    class Meta:
        model = Person
        fields = [
            "title",
            "bio",
            "career_goals",
            "time_zone",
            "availability_hours_per_month",
            *STYLE_FIELDS.values(),
        ]
        labels = {
            "bio": "About you",
            "availability_hours_per_month": "Hours a month you can give to mentoring",
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 3}),
            "career_goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for dimension, field in STYLE_FIELDS.items():
            self.fields[field] = forms.TypedChoiceField(
                label=f"Working style: {WorkingStyle(dimension).label}",
                choices=_style_choices(dimension),
                coerce=int,
                empty_value=None,
                required=False,
            )
        if self.instance.pk:
            self.initial["languages"] = list(self.instance.languages.all())
            self.initial["interests"] = list(self.instance.interests.all())


class SkillForm(forms.Form):
    skill = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.TypedChoiceField(choices=SKILL_LEVELS, coerce=int, initial=3)
    can_teach = forms.BooleanField(required=False, label="I can teach this")
    wants_to_learn = forms.BooleanField(required=False, label="I want to learn this")


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)
    level = forms.IntegerField(required=False, min_value=1, max_value=12)


class ManagerForm(forms.Form):
    manager = forms.ModelChoiceField(
        queryset=Person.objects.filter(termination_date__isnull=True),
        required=False,
        help_text="Leave empty for someone at the top of the organization.",
    )
