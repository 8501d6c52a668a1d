"""Imports in the Django admin, read-only: what was imported, by whom, with what outcome."""

from django.contrib import admin
from django.http import HttpRequest

from mentorpath.hris.models import ImportJob, ImportMapping


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "status",
        "dry_run",
        "row_count",
        "error_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["file_name", "created_by__email"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_by", "updated_at"]
