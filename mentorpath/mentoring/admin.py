from django.contrib import admin

from mentorpath.mentoring.models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "status", "source", "match_score", "created_at"]
    list_filter = ["status", "source", "program"]
    search_fields = ["mentor__person__last_name", "mentee__person__last_name"]
    raw_id_fields = ["mentor", "mentee"]
    list_select_related = ["mentor__person", "mentee__person", "program"]
