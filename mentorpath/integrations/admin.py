from django.contrib import admin

from mentorpath.integrations.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Admins can see and revoke feeds (set "revoked at"); a token cannot be created here,
    since its clear text exists only in the owner's hands."""

    list_display = ["user", "created_at", "last_fetched_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "token_digest", "created_at", "last_fetched_at"]

    def has_add_permission(self, request) -> bool:
        return False
