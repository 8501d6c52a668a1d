from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from mentorpath.accounts.enums import OrgRole, TokenScope

EXPIRY_CHOICES = [
    ("", "Never"),
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
]


class ApiTokenForm(forms.Form):
    """A token's name, scopes and expiry. The admin scope is offered only when the token's
    owner is an org admin (the service refuses it otherwise too)."""

    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. 'HR analytics export'."
    )
    scopes = forms.MultipleChoiceField(
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[TokenScope.READ],
        help_text=(
            "Read: GET requests. Write: POST, PUT, PATCH and DELETE. "
            "Admin: an organization admin's rights; without it the token acts as a non-admin."
        ),
        error_messages={"required": "Choose at least one scope."},
    )
    expires_in = forms.ChoiceField(choices=EXPIRY_CHOICES, required=False, label="Expires")

    def __init__(self, *args: Any, allow_admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_admin:
            field = self.fields["scopes"]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = [c for c in TokenScope.choices if c[0] != TokenScope.ADMIN]
            field.help_text = "Read: GET requests. Write: POST, PUT, PATCH and DELETE."

    def expires_at(self) -> datetime | None:
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + timedelta(days=int(days)) if days else None


class ServiceAccountForm(ApiTokenForm):
    """A new service account and its first token."""

    field_order = ["account_name", "org_role", "name", "scopes", "expires_in"]

    account_name = forms.CharField(
        max_length=200,
        label="Integration",
        help_text="What the account is for, e.g. 'Workday sync' or 'BI dashboard'.",
    )
    org_role = forms.ChoiceField(
        choices=OrgRole.choices,
        initial=OrgRole.MEMBER,
        label="Acts as",
        help_text=(
            "The account's organization role. Choose Organization admin only for integrations "
            "that need admin rights (e.g. imports); give its token the admin scope as well."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_admin", True)
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Token name"
        self.fields["name"].initial = "default"
