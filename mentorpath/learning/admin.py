"""Learning in the Django admin: resources, paths with their steps, and progress.

Files are uploaded through the library page only, where their type, size and content are
checked; the admin shows a resource's file but cannot replace it.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from mentorpath.learning.models import (
    Bookmark,
    LearningPath,
    PathProgress,
    PathStep,
    Resource,
    ResourceAssignment,
    ResourceRating,
    StepCompletion,
)
from mentorpath.learning.services import check_gate_change, gate_programs


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "audience", "level", "minutes", "is_published", "updated_at"]
    list_filter = ["kind", "audience", "level", "is_published"]
    search_fields = ["title", "description", "url"]
    filter_horizontal = ["skills"]
    readonly_fields = ["file", "content_type", "file_size", "created_by", "created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PathStepInline(admin.TabularInline):
    model = PathStep
    extra = 0
    fields = ["order", "kind", "resource", "title", "instructions"]
    autocomplete_fields = ["resource"]


class LearningPathAdminForm(forms.ModelForm):
    """The pages' rule in the admin too: a path a program requires stays published and meant
    for that program's role."""

    class Meta:
        model = LearningPath
        fields = "__all__"  # noqa: DJ007 -- the ModelAdmin decides which fields show

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is not None and {"is_published", "audience"} <= set(cleaned):
            fields = {"is_published": cleaned["is_published"], "audience": cleaned["audience"]}
            check_gate_change(self.instance, fields)
        return cleaned


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    form = LearningPathAdminForm
    list_display = ["title", "slug", "skill", "program_type", "audience", "is_published"]
    list_filter = ["audience", "program_type", "is_published"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_by"]
    inlines = [PathStepInline]

    def has_delete_permission(self, request: HttpRequest, obj: LearningPath | None = None) -> bool:
        """Not a path a program requires before matching: choose another path there first."""
        if obj is not None and gate_programs(obj).exists():
            return False
        return super().has_delete_permission(request, obj)


class StepCompletionInline(admin.TabularInline):
    model = StepCompletion
    extra = 0
    fields = ["step", "done_at"]
    readonly_fields = ["step", "done_at"]
    can_delete = False


@admin.register(PathProgress)
class PathProgressAdmin(admin.ModelAdmin):
    """Who is on which path and whether they completed it (every step done)."""

    list_display = ["person", "path", "started_at", "completed_at"]
    list_filter = ["path"]
    search_fields = ["person__first_name", "person__last_name", "path__title"]
    list_select_related = ["person", "path"]
    readonly_fields = ["person", "path", "started_at", "completed_at"]
    inlines = [StepCompletionInline]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["person", "resource", "created_at"]
    list_select_related = ["person", "resource"]
    raw_id_fields = ["person", "resource"]


@admin.register(ResourceRating)
class ResourceRatingAdmin(admin.ModelAdmin):
    list_display = ["resource", "rating", "updated_at"]
    list_select_related = ["resource"]
    raw_id_fields = ["person", "resource"]


@admin.register(ResourceAssignment)
class ResourceAssignmentAdmin(admin.ModelAdmin):
    list_display = ["resource", "mentorship", "done_at", "rating", "created_at"]
    list_select_related = ["resource"]
    raw_id_fields = ["mentorship", "resource", "assigned_by"]
