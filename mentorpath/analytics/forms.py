"""The dashboard filters: a GET form whose cleaned data becomes a `Scope`."""

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from mentorpath.analytics.kpis import Scope
from mentorpath.people.models import Department
from mentorpath.programs.models import Program

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class DashboardFilterForm(forms.Form):
    """Filters of a dashboard. `programs` are the programs the viewer may read; None on a
    program's own page, which has no program choice."""

    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), required=False, empty_label="All programs"
    )
    cohort = forms.ChoiceField(
        required=False, help_text="Pairs that started in this quarter.", choices=()
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label="All departments",
    )
    date_from = forms.DateField(label="From", required=False, widget=DateInput())
    date_to = forms.DateField(label="To", required=False, widget=DateInput())

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        programs: QuerySet[Program] | None,
        cohorts: list[str],
    ) -> None:
        super().__init__(data)
        if programs is None:
            del self.fields["program"]
        else:
            cast(forms.ModelChoiceField, self.fields["program"]).queryset = programs
        cohort = cast(forms.ChoiceField, self.fields["cohort"])
        cohort.choices = [("", "All cohorts"), *((c, c) for c in cohorts)]

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                f"Choose a date between {EARLIEST:%Y} and {LATEST:%Y}.", code="out_of_range"
            )
        return day

    def clean_date_from(self) -> date | None:
        return self._clean_day("date_from")

    def clean_date_to(self) -> date | None:
        return self._clean_day("date_to")

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def scope(self, *, programs: tuple[int, ...]) -> Scope:
        """The scope of a valid form, within `programs` (what the viewer may read)."""
        data = self.cleaned_data
        chosen = data.get("program")
        department = data.get("department")
        return Scope(
            programs=(chosen.pk,) if chosen is not None else programs,
            department_id=department.pk if department is not None else None,
            cohort=data.get("cohort") or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def description(self) -> list[tuple[str, str]]:
        """The filters in force, in words, for the report and the page ("Cohort", "2025-Q3")."""
        data = self.cleaned_data
        shown = []
        for name in ("program", "cohort", "department", "date_from", "date_to"):
            value = data.get(name)
            if value:
                text = value.isoformat() if isinstance(value, date) else str(value)
                shown.append((str(self.fields[name].label or name.title()), text))
        return shown
