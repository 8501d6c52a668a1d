from django.contrib import admin

from mentorpath.sso.models import SsoIdentity


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):
    """Read-only but deletable: deleting a link lets the next login match the user by email
    again (e.g. after the provider account was recreated with a new subject)."""

    list_display = ["user", "issuer", "subject", "email", "created_at", "last_login_at"]
    search_fields = ["user__email", "subject", "email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "issuer", "subject", "email", "created_at", "last_login_at"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
