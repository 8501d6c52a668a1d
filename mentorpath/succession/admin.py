"""Succession in the Django admin, for organization admins only.

Only org admins are staff (`accounts.services.user_set_org_role` sets is_staff and
is_superuser together), but a staff flag set by hand with model permissions must not open
the succession pipeline either: every permission here also requires an organization admin.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate


class OrgAdminOnly(admin.ModelAdmin):
    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and user.is_org_admin)  # type: ignore[union-attr]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and super().has_delete_permission(request, obj)


class ReviewInline(admin.TabularInline):
    model = ReadinessReview
    extra = 0
    raw_id_fields = ["reviewer"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_org_admin) and super().has_view_permission(request, obj)  # type: ignore[union-attr]


@admin.register(KeyRole)
class KeyRoleAdmin(OrgAdminOnly):
    list_display = ["title", "department", "incumbent", "criticality", "vacancy_risk"]
    list_filter = ["criticality", "vacancy_risk", "department"]
    search_fields = ["title"]
    raw_id_fields = ["incumbent"]
    list_select_related = ["department", "incumbent"]


@admin.register(SuccessorCandidate)
class SuccessorCandidateAdmin(OrgAdminOnly):
    list_display = ["person", "role", "readiness"]
    list_filter = ["readiness"]
    raw_id_fields = ["role", "person", "enrollment"]
    filter_horizontal = ["development_skills"]
    list_select_related = ["person", "role"]
    inlines = [ReviewInline]
