from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from mentorpath.mentoring.enums import NoteVisibility
from mentorpath.mentoring.models import (
    AgreementTemplate,
    CheckIn,
    Goal,
    Mentorship,
    Milestone,
    Note,
)


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "status", "source", "match_score", "created_at"]
    list_filter = ["status", "source", "program"]
    search_fields = ["mentor__person__last_name", "mentee__person__last_name"]
    raw_id_fields = ["mentor", "mentee"]
    list_select_related = ["mentor__person", "mentee__person", "program"]


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    list_display = ["program", "updated_at"]
    raw_id_fields = ["program"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "mentorship", "status", "progress", "target_date"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["mentorship", "skill", "objective"]
    inlines = [MilestoneInline]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mentorship", "starts_at", "time_zone", "status", "held_minutes"]
    list_filter = ["status"]
    raw_id_fields = ["mentorship", "scheduled_by", "recorded_by"]
    readonly_fields = ["uid", "sequence"]


@admin.register(Note)
class SharedNoteAdmin(admin.ModelAdmin):
    """Shared notes only. Private notes are their author's alone: not even a superuser sees,
    searches, counts or edits them here."""

    list_display = ["__str__", "mentorship", "author", "created_at"]
    raw_id_fields = ["mentorship", "checkin", "author"]
    search_fields = ["body"]
    fields = ["mentorship", "checkin", "author", "body"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Note]:
        return super().get_queryset(request).filter(visibility=NoteVisibility.SHARED)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
