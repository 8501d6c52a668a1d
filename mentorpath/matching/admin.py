from django.contrib import admin

from mentorpath.matching.models import MatchProposal, MatchRun


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "status", "objective", "created_at"]
    list_filter = ["status", "program"]
    readonly_fields = ["stats", "config", "error"]


@admin.register(MatchProposal)
class MatchProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "run", "score", "status", "overridden"]
    list_filter = ["status", "overridden"]
    raw_id_fields = ["mentee", "mentor", "mentorship", "run"]
