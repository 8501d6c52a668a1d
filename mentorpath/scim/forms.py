from django import forms


class ScimTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="Who uses it, e.g. “Okta production” or “Entra ID”.",
    )
