"""Forms of the library and learning-path pages: they parse input; the services decide and
write (their refusals land next to the field they name)."""

from typing import Any

from django import forms

from mentorpath.learning.enums import (
    MAX_UPLOAD_BYTES,
    UPLOAD_TYPES,
    Audience,
    ResourceKind,
    StepKind,
)
from mentorpath.learning.models import LearningPath, Resource
from mentorpath.people.enums import SKILL_LEVELS
from mentorpath.people.models import Skill
from mentorpath.programs.enums import ProgramType

ANY = [("", "Any")]
ACCEPT = ",".join(sorted(UPLOAD_TYPES))


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title or description"}),
    )
    kind = forms.ChoiceField(choices=ANY + list(ResourceKind.choices), required=False)
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"), required=False, empty_label="Any"
    )
    level = forms.TypedChoiceField(
        choices=ANY + SKILL_LEVELS, coerce=int, empty_value=None, required=False
    )
    audience = forms.ChoiceField(choices=ANY + list(Audience.choices), required=False, label="For")
    program_type = forms.ChoiceField(
        choices=ANY + list(ProgramType.choices), required=False, label="Program type"
    )
    bookmarked = forms.BooleanField(required=False, label="Bookmarked by me")

    def filters(self) -> dict[str, Any]:
        """The filters for `queries.resource_list` (none when the form is not valid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "kind": data.get("kind") or "",
            "skill": data.get("skill"),
            "level": data.get("level"),
            "audience": data.get("audience") or "",
            "program_type": data.get("program_type") or "",
            "bookmarked": bool(data.get("bookmarked")),
        }


class ResourceForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(choices=ResourceKind.choices)
    url = forms.URLField(
        required=False,
        max_length=500,
        label="Link",
        assume_scheme="https",
        help_text="A web address. Give a link, upload a file, or both.",
    )
    file = forms.FileField(
        required=False,
        label="File",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=(
            f"PDF, Word, Excel, PowerPoint, text, Markdown, PNG or JPEG; at most "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
    )
    remove_file = forms.BooleanField(required=False, label="Remove the current file")
    skills = forms.ModelMultipleChoiceField(queryset=Skill.objects.order_by("name"), required=False)
    level = forms.TypedChoiceField(
        choices=[("", "Any level"), *SKILL_LEVELS],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="The skill level it suits best.",
    )
    audience = forms.ChoiceField(choices=Audience.choices, initial=Audience.BOTH, label="For")
    program_types = forms.MultipleChoiceField(
        choices=ProgramType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Program types",
        help_text="None ticked: it suits every program type.",
    )
    minutes = forms.IntegerField(
        required=False, min_value=1, max_value=100_000, label="Estimated time (minutes)"
    )
    is_published = forms.BooleanField(
        required=False, initial=True, label="Published (everyone can see it)"
    )

    def __init__(self, *args: Any, resource: Resource | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if resource is None or not resource.file:
            del self.fields["remove_file"]
        # The file field is checked by the service (type, size, content), not here.
        self.fields["file"].widget.is_required = False

    @staticmethod
    def initial_of(resource: Resource) -> dict[str, Any]:
        names = ("title", "description", "kind", "url", "level", "audience", "minutes")
        initial = {name: getattr(resource, name) for name in names}
        initial["program_types"] = list(resource.program_types or [])
        initial["skills"] = list(resource.skills.all())
        initial["is_published"] = resource.is_published
        return initial

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["skills"] = list(data.get("skills") or [])
        data.pop("remove_file", None)
        return data


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful was it? (1 = not useful, 5 = very useful)",
    )


class PathForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"),
        required=False,
        empty_label="No particular skill",
        help_text="The skill this path builds, if any.",
    )
    program_type = forms.ChoiceField(
        choices=[("", "Any program type"), *ProgramType.choices],
        required=False,
        label="Program type",
    )
    audience = forms.ChoiceField(choices=Audience.choices, initial=Audience.BOTH, label="For")
    is_published = forms.BooleanField(
        required=False, initial=True, label="Published (everyone can see and start it)"
    )

    @staticmethod
    def initial_of(path: LearningPath) -> dict[str, Any]:
        names = ("title", "description", "skill", "program_type", "audience", "is_published")
        return {name: getattr(path, name) for name in names}


class StepForm(forms.Form):
    kind = forms.ChoiceField(
        choices=StepKind.choices,
        initial=StepKind.RESOURCE,
        widget=forms.RadioSelect,
        label="Kind of step",
    )
    resource = forms.ModelChoiceField(
        queryset=Resource.objects.order_by("title"),
        required=False,
        empty_label="Choose a resource",
        help_text="For a resource step.",
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        label="Activity",
        help_text='For an activity, e.g. "Discuss your answer with your mentor".',
    )
    instructions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Instructions"
    )
