"""The export form: a dataset the viewer may export, a format, and optional filters."""

from typing import Any

from django import forms

from mentorpath.accounts.models import User
from mentorpath.exports.datasets import DATASETS, ExportFilters
from mentorpath.exports.enums import ExportFormat
from mentorpath.exports.permissions import export_programs_for, exportable_datasets


class ExportForm(forms.Form):
    dataset = forms.ChoiceField(widget=forms.RadioSelect, label="Data")
    format = forms.ChoiceField(
        choices=ExportFormat.choices,
        initial=ExportFormat.CSV,
        widget=forms.RadioSelect,
        label="Format",
    )
    program = forms.ModelChoiceField(
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label="Every program I may export",
        label="Program",
    )
    date_from = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From"
    )
    date_to = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="To",
        help_text="Both days included. What the dates apply to depends on the data (see the list).",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        keys = exportable_datasets(user)
        self.fields["dataset"].choices = [(key, DATASETS[key].title) for key in keys]
        if len(keys) == 1:
            self.fields["dataset"].initial = keys[0]
        program_field = self.fields["program"]
        assert isinstance(program_field, forms.ModelChoiceField)
        program_field.queryset = export_programs_for(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        program, dataset = data.get("program"), data.get("dataset")
        if (
            program
            and dataset
            and not export_programs_for(self.user, dataset).filter(pk=program.pk).exists()
        ):
            self.add_error("program", "You cannot export this data for that program.")
        return data

    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(
            program=data.get("program"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
