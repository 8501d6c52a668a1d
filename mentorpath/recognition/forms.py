"""Forms of the recognition pages: they parse input; the services decide and write."""

from datetime import date
from typing import Any

from django import forms

from mentorpath.people.models import Person
from mentorpath.programs.models import Program
from mentorpath.recognition.enums import BadgeCriterion
from mentorpath.recognition.models import Badge
from mentorpath.recognition.services import KUDOS_MAX

DATE = forms.DateInput(attrs={"type": "date"})


class BadgeForm(forms.Form):
    name = forms.CharField(max_length=100)
    symbol = forms.CharField(max_length=8, initial="★", help_text="An emoji or a short symbol.")
    description = forms.CharField(max_length=300, required=False)
    criterion = forms.ChoiceField(choices=BadgeCriterion.choices, label="Earned by")
    threshold = forms.DecimalField(
        max_digits=7,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=(
            "For an automatic badge: the hours, pairs completed, average rating (1–5, over at "
            "least 3 ratings) or learning paths completed it takes. Empty for a badge awarded "
            "by hand."
        ),
    )
    is_active = forms.BooleanField(
        required=False, initial=True, label="Active (awarded; retired badges stay with holders)"
    )

    @staticmethod
    def initial_of(badge: Badge) -> dict[str, Any]:
        return {
            "name": badge.name,
            "symbol": badge.symbol,
            "description": badge.description,
            "criterion": badge.criterion,
            "threshold": badge.threshold,
            "is_active": badge.is_active,
        }


class AwardForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(termination_date__isnull=True).order_by(
            "last_name", "first_name"
        ),
        label="Person",
    )
    reason = forms.CharField(max_length=300, help_text="Told to the person with the badge.")


class RevokeForm(forms.Form):
    reason = forms.CharField(max_length=300, help_text="Told to the person.")


class KudosForm(forms.Form):
    message = forms.CharField(
        max_length=KUDOS_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": KUDOS_MAX}),
        label="Your thanks",
        help_text=f"Up to {KUDOS_MAX} characters. Your mentor is told.",
    )
    share_on_wall = forms.BooleanField(
        required=False, label="Show on the program's recognition wall"
    )


class PreferenceForm(forms.Form):
    show_publicly = forms.BooleanField(
        required=False,
        label="Show my badges, hours and kudos on my profile and the programs' recognition walls",
    )
    include_in_reward_export = forms.BooleanField(
        required=False,
        label="Include my mentoring contributions in HR reward exports",
    )


class PeriodForm(forms.Form):
    date_from = forms.DateField(required=False, widget=DATE, label="From")
    date_to = forms.DateField(required=False, widget=DATE, label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start: date | None = data.get("date_from")
        end: date | None = data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end comes after the start.")
        return data


class ExportForm(PeriodForm):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), required=False, empty_label="All my programs"
    )

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
