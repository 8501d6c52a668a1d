import re
from typing import Any

from django.contrib import admin
from django.db import models
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

NOTE_LABEL = re.compile(r"Note #(\d+)")


def _without(entries: list[Any], hidden: set[str]) -> list[Any]:
    kept: list[Any] = []
    for entry in entries:
        if isinstance(entry, list):
            kept.append(_without(entry, hidden))
            continue
        found = NOTE_LABEL.search(str(entry))
        if found is None or found.group(1) not in hidden:
            kept.append(entry)
    return kept


def _labels(entries: list[Any]) -> set[str]:
    found: set[str] = set()
    for entry in entries:
        if isinstance(entry, list):
            found |= _labels(entry)
        else:
            found.update(NOTE_LABEL.findall(str(entry)))
    return found


class PrivateNotesUnlisted(admin.ModelAdmin):
    """Deleting a pair or a check-in deletes its notes, but the confirmation page must not
    reveal that private notes exist, let alone how many: they are left out of the list and
    the count (they are still deleted with their pair)."""

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        private = {
            str(pk)
            for pk in Note.objects.filter(
                pk__in=_labels(deleted), visibility=NoteVisibility.PRIVATE
            ).values_list("pk", flat=True)
        }
        if private:
            deleted = _without(deleted, private)
            label = Note._meta.verbose_name_plural
            counts[label] = counts.get(label, 0) - len(private)
            if counts[label] <= 0:
                del counts[label]
        return deleted, counts, perms_needed, protected


@admin.register(Mentorship)
class MentorshipAdmin(PrivateNotesUnlisted):
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
class CheckInAdmin(PrivateNotesUnlisted):
    list_display = ["__str__", "mentorship", "starts_at", "time_zone", "status", "held_minutes"]
    list_filter = ["status"]
    raw_id_fields = ["mentorship", "scheduled_by", "recorded_by"]
    readonly_fields = ["uid", "sequence"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


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
