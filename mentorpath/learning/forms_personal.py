"""Forms of the personal side of learning: a mentor assigning a resource, a mentee marking it
done and rating it."""

from typing import Any

from django import forms

from mentorpath.learning.assignments import assignable_resources
from mentorpath.learning.models import Resource
from mentorpath.mentoring.models import Mentorship

RATING_CHOICES = [("", "No rating"), *((str(n), str(n)) for n in range(1, 6))]


class AssignForm(forms.Form):
    resource = forms.ModelChoiceField(
        queryset=Resource.objects.none(),
        label="Resource",
        empty_label="Choose a resource",
        error_messages={"required": "Choose a resource.", "invalid_choice": "Choose a resource."},
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why this one, what to look out for, what to bring to your next check-in.",
    )

    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["resource"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = assignable_resources(mentorship=mentorship)


class DoneForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        label="How useful was it? (1 = not useful, 5 = very useful)",
        error_messages={"invalid_choice": "Rate from 1 (not useful) to 5 (very useful)."},
    )
