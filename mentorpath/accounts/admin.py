from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse

from mentorpath.accounts.enums import OrgRole
from mentorpath.accounts.models import ApiToken, User
from mentorpath.accounts.services import user_set_org_role
from mentorpath.audit.services import record


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Access follows the org role: `is_staff` and `is_superuser` are set by
    `user_set_org_role` (which audits the change), never edited by hand, so demoting an admin
    here takes their admin rights away."""

    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "org_role",
        "is_active",
        "is_service_account",
        "last_login",
    ]
    list_filter = ["org_role", "is_active", "is_service_account"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "org_role")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Integration", {"fields": ("is_service_account",)}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]
    audited_elsewhere = ("org_role",)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        role = obj.org_role
        obj.org_role = form.initial.get("org_role", OrgRole.MEMBER) if change else OrgRole.MEMBER
        super().save_model(request, obj, form, change)
        user_set_org_role(user=obj, org_role=role, by=request.user)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            record(
                actor=request.user,
                action="admin.password_set",
                target=self.get_object(request, id),
                context={"via": "django-admin"},
            )
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are made and revoked on the settings and service account pages, so
    the key is shown once and revocations keep who and when."""

    list_display = [
        "name",
        "user",
        "prefix",
        "scope_read",
        "scope_write",
        "scope_admin",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["scope_admin", "user__is_service_account"]
    search_fields = ["name", "user__email", "prefix"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
