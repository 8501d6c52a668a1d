"""Recognition in the Django admin: badges and who holds them. Kudos are not listed here: they
are a mentee's words to their mentor; program managers hide them from the wall on its page."""

from django.contrib import admin

from mentorpath.recognition.models import Badge, BadgeAward, RecognitionPreference


class BadgeAwardInline(admin.TabularInline):
    model = BadgeAward
    extra = 0
    fields = ["person", "awarded_at", "awarded_by", "reason"]
    raw_id_fields = ["person", "awarded_by"]


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["name", "symbol", "criterion", "threshold", "is_active"]
    list_filter = ["criterion", "is_active"]
    search_fields = ["name", "description"]
    inlines = [BadgeAwardInline]


@admin.register(RecognitionPreference)
class RecognitionPreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "show_publicly", "include_in_reward_export"]
    list_filter = ["show_publicly", "include_in_reward_export"]
    raw_id_fields = ["person"]
