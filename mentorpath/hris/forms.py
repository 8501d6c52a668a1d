from typing import Any

from django import forms

from mentorpath.hris.enums import PersonField
from mentorpath.hris.mapping import mapping_errors


class UploadForm(forms.Form):
    file = forms.FileField(
        label="HRIS file",
        help_text="CSV (UTF-8, comma or semicolon) or XLSX (the first sheet), one person a row, "
        "with a header row.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class MappingForm(forms.Form):
    """One select per column of the file: the person field it holds, or ignore."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        samples: list[list[str]],
        mapping: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        for index, header in enumerate(headers):
            values = samples[index] if index < len(samples) else []
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header,
                choices=PersonField.choices,
                initial=mapping[index] if index < len(mapping) else PersonField.IGNORE,
                help_text=", ".join(values) if values else "(empty in the first rows)",
            )

    def rows(self) -> list[tuple[str, forms.BoundField]]:
        return [(header, self[f"col_{index}"]) for index, header in enumerate(self.headers)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mapping = [data.get(f"col_{index}", "") for index in range(len(self.headers))]
        if all(mapping):
            for key, message in mapping_errors(self.headers, mapping).items():
                self.add_error(f"col_{key}" if key else None, message)
        data["mapping"] = mapping
        return data
