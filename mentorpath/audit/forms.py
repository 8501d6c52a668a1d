from typing import Any

from django import forms

from mentorpath.audit.queries import AuditFilters, target_types


class AuditSearchForm(forms.Form):
    actor = forms.CharField(required=False, label="Who", help_text="Email or name.")
    action = forms.CharField(
        required=False, label="Action", help_text="A prefix: “match.” finds every match action."
    )
    target_type = forms.ChoiceField(required=False, label="Kind of record")
    date_from = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From"
    )
    date_to = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To"
    )
    text = forms.CharField(required=False, label="Text", help_text="In what was changed.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any"), *[(kind, kind) for kind in target_types()]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            actor=data.get("actor", "").strip(),
            action=data.get("action", "").strip(),
            target_type=data.get("target_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            text=data.get("text", "").strip(),
        )
