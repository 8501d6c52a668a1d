import zoneinfo
from datetime import datetime
from functools import cache
from typing import Any

from django import forms

from mentorpath.core.timezones import zone_or_utc
from mentorpath.mentoring.enums import CheckInStatus, EndReason, GoalStatus, NoteVisibility
from mentorpath.mentoring.models import AgreementTemplate
from mentorpath.people.models import Skill
from mentorpath.programs.models import Program


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class EndForm(forms.Form):
    reason = forms.ChoiceField(choices=EndReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PauseForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=300,
        label="Why pause (optional)",
        help_text="For example: parental leave until March.",
    )


class RhythmForm(forms.Form):
    rhythm_days = forms.IntegerField(
        min_value=7, max_value=90, label="Meet every (days)", help_text="From 7 to 90 days."
    )


class AgreementTemplateForm(forms.ModelForm):
    class Meta:
        model = AgreementTemplate
        fields = ["expectations", "meeting_rhythm", "confidentiality", "how_to_end"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class CheckInForm(forms.Form):
    """Date and time are read in the chosen zone: what the scheduler sees on their clock."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(choices=time_zone_choices)
    duration_minutes = forms.IntegerField(min_value=5, max_value=480, initial=45, label="Minutes")
    location = forms.CharField(required=False, max_length=200, label="Place")
    video_url = forms.URLField(required=False, label="Video link", assume_scheme="https")
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("time") and data.get("time_zone"):
            zone = zoneinfo.ZoneInfo(data["time_zone"])
            data["starts_at"] = datetime.combine(data["date"], data["time"], tzinfo=zone)
        return data

    @classmethod
    def initial_for(cls, starts_at: datetime, *, zone: str, agenda: str = "") -> dict[str, Any]:
        local = starts_at.astimezone(zone_or_utc(zone))
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "time_zone": zone,
            "agenda": agenda,
        }


class RecordForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(CheckInStatus.HELD, "We met"), (CheckInStatus.MISSED, "It did not happen")],
        widget=forms.RadioSelect,
    )
    held_minutes = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=480,
        label="Minutes we met",
        help_text="Counted as mentor hours. Leave empty for the planned duration.",
    )


class NoteForm(forms.Form):
    body = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(
        choices=NoteVisibility.choices,
        initial=NoteVisibility.SHARED,
        widget=forms.RadioSelect,
        label="Who sees it",
    )


class GoalForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Specific",
        help_text="What exactly will be different?",
    )
    measure = forms.CharField(
        max_length=300, label="Measurable", help_text="How will you know you got there?"
    )
    target_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label="Time-bound: by when"
    )
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"), required=False, label="Skill it builds"
    )
    objective = forms.ModelChoiceField(
        queryset=None, required=False, label="Program objective it serves"
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective = self.fields["objective"]
        assert isinstance(objective, forms.ModelChoiceField)
        objective.queryset = program.objectives.all()


class GoalUpdateForm(forms.Form):
    progress = forms.IntegerField(required=False, min_value=0, max_value=100, label="Progress (%)")
    status = forms.ChoiceField(choices=[("", "(unchanged)"), *GoalStatus.choices], required=False)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=200, label="Milestone")
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Due")
