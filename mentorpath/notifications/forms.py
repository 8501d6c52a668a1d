from django import forms

from mentorpath.notifications.enums import NotificationKind


class PreferencesForm(forms.Form):
    """Two checkboxes per kind of notification: `<kind>_email` and `<kind>_in_app`."""

    def __init__(self, *args: object, initial_prefs: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in NotificationKind:
            email, in_app = initial_prefs.get(kind.value, (True, True))
            self.fields[f"{kind.value}_email"] = forms.BooleanField(
                required=False, initial=email, label=f"Email: {kind.label}"
            )
            self.fields[f"{kind.value}_in_app"] = forms.BooleanField(
                required=False, initial=in_app, label=f"In app: {kind.label}"
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, email field, in-app field) for each kind, in the order of the choices."""
        return [
            (kind.label, self[f"{kind.value}_email"], self[f"{kind.value}_in_app"])
            for kind in NotificationKind
        ]

    def prefs(self) -> dict[str, tuple[bool, bool]]:
        """The cleaned choices as preferences_set takes them: kind → (email, in_app)."""
        data = self.cleaned_data
        return {
            kind: (data[f"{kind}_email"], data[f"{kind}_in_app"])
            for kind in NotificationKind.values
        }
