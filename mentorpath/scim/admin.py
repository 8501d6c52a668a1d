from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from mentorpath.scim.models import ScimIdentity, ScimToken
from mentorpath.scim.services import scim_token_create, scim_token_revoke


@admin.register(ScimToken)
class ScimTokenAdmin(admin.ModelAdmin):
    """Create (name only; the key is shown once in a message) and revoke SCIM tokens. The
    same as the SCIM tokens page, /scim/v2/tokens/, linked from the list."""

    list_display = ["name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    fields = ["name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        messages.info(
            request,
            format_html(
                'Tokens can also be made and revoked on the <a href="{}">SCIM tokens page</a>.',
                reverse("scim:tokens"),
            ),
        )
        return super().changelist_view(request, extra_context)

    def save_model(
        self, request: HttpRequest, obj: ScimToken, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        creator = request.user if request.user.is_authenticated else None
        token, key = scim_token_create(name=obj.name, created_by=creator)
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.warning(
            request, f"Copy the key of “{token.name}” now; it will not be shown again: {key}"
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ScimToken]) -> None:
        for token in queryset:
            scim_token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
        messages.success(request, f"{queryset.count()} token(s) revoked.")


@admin.register(ScimIdentity)
class ScimIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "external_id", "created_at", "updated_at"]
    search_fields = ["user__email", "external_id"]
    readonly_fields = ["user", "created_at", "updated_at"]
