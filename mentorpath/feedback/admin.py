"""Feedback in the Django admin: surveys with their questions and response counts.

Answers, pulse ratings and skill ratings are not registered: a list of them would put what
someone wrote or rated next to their name. A survey's delete page lists its questions and
counts the rest, for the same reason.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from mentorpath.feedback.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse


def _answered(survey: Survey | None) -> bool:
    return (
        survey is not None
        and survey.pk is not None
        and survey.responses.filter(submitted_at__isnull=False).exists()
    )


class SurveyQuestionInline(admin.TabularInline):
    """Questions, editable until someone has answered (the answers were given to them)."""

    model = SurveyQuestion
    extra = 0
    fields = ["order", "kind", "text", "help_text", "required", "choices"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _answered(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _answered(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _answered(obj) and super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "trigger", "audience", "status", "asked", "submitted"]
    list_filter = ["status", "trigger", "audience"]
    search_fields = ["title", "program__name"]
    raw_id_fields = ["program", "created_by"]
    readonly_fields = ["asked", "submitted", "created_at", "updated_at"]
    list_select_related = ["program"]
    inlines = [SurveyQuestionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Survey]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                asked_count=Count("responses", distinct=True),
                submitted_count=Count(
                    "responses", filter=Q(responses__submitted_at__isnull=False), distinct=True
                ),
            )
        )

    @admin.display(description="Asked", ordering="asked_count")
    def asked(self, survey: Survey) -> int:
        return getattr(survey, "asked_count", 0)

    @admin.display(description="Answered", ordering="submitted_count")
    def submitted(self, survey: Survey) -> int:
        return getattr(survey, "submitted_count", 0)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """List the surveys and their questions; responses and answers only as counts, so
        the page never shows who answered what."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        hidden = {SurveyResponse._meta.verbose_name, SurveyAnswer._meta.verbose_name}
        deleted = _without_labels(deleted, {str(name).capitalize() for name in hidden})
        return deleted, counts, perms_needed, protected


def _without_labels(entries: list[Any], prefixes: set[str]) -> list[Any]:
    """The nested delete list without entries (and their children) of the hidden models."""
    kept: list[Any] = []
    skip_children = False
    for entry in entries:
        if isinstance(entry, list):
            if not skip_children:
                kept.append(_without_labels(entry, prefixes))
            skip_children = False
            continue
        text = str(entry)
        skip_children = any(text.startswith(f"{prefix}:") for prefix in prefixes)
        if not skip_children:
            kept.append(entry)
    return kept
