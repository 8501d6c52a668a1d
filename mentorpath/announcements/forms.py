"""Forms of the announcement pages: they parse input; the services decide and write."""

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from mentorpath.programs.models import Program

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
ORGANIZATION = "Organization-wide: everyone with an employee profile"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _when_field() -> forms.DateTimeField:
    return forms.DateTimeField(
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class WhenChoice:
    DRAFT = "draft"
    NOW = "now"
    LATER = "later"


class PublishForm(forms.Form):
    """When to publish: now, or at a later time (scheduled)."""

    when = forms.ChoiceField(
        choices=[(WhenChoice.NOW, "Publish now"), (WhenChoice.LATER, "Schedule for later")],
        initial=WhenChoice.NOW,
        widget=forms.RadioSelect,
        label="When",
    )
    publish_at = _when_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        self.fields["publish_at"].label = "Publish at"
        self.fields[
            "publish_at"
        ].help_text = f"Only for a scheduled announcement. Times are in {zone}."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") == WhenChoice.LATER:
            if not data.get("publish_at") and "publish_at" not in self.errors:
                self.add_error("publish_at", "Choose when to publish it.")
        else:
            data["publish_at"] = None
        return data

    def publish_kwargs(self) -> dict[str, Any]:
        """The service's arguments: publish, and at what time (None: now)."""
        when = self.cleaned_data.get("when")
        return {
            "publish": when in (WhenChoice.NOW, WhenChoice.LATER),
            "publish_at": self.cleaned_data.get("publish_at"),
        }


class AnnouncementEditForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Text",
        max_length=10_000,
        help_text="Plain text. Blank lines start a new paragraph; links become clickable.",
    )
    expires_at = _when_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].label = "Expires at"
        self.fields["expires_at"].help_text = (
            "Optional: from then on it leaves people's home pages. "
            f"Times are in {timezone.get_current_timezone_name()}."
        )

    @staticmethod
    def initial_of(announcement: Any) -> dict[str, Any]:
        expires_at: datetime | None = announcement.expires_at
        return {
            "title": announcement.title,
            "body": announcement.body,
            "expires_at": timezone.localtime(expires_at) if expires_at else None,
        }


class AnnouncementForm(AnnouncementEditForm, PublishForm):
    """A new announcement: its audience, text, expiry, and whether to publish it now, later
    or keep it a draft."""

    field_order = ["program", "title", "body", "expires_at", "when", "publish_at"]

    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), required=False, label="Audience"
    )

    def __init__(
        self, *args: Any, programs: QuerySet[Program], org_wide: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programs
        field.label_from_instance = lambda program: f"Participants of {program.name}"
        field.required = not org_wide
        field.empty_label = ORGANIZATION if org_wide else None
        field.help_text = (
            "A program's announcement goes to its approved mentors and mentees and its managers."
        )
        when = self.fields["when"]
        assert isinstance(when, forms.ChoiceField)
        when.choices = [(WhenChoice.DRAFT, "Save as a draft"), *when.choices]
        when.initial = WhenChoice.DRAFT
