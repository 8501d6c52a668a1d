from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from mentorpath.audit.admin_site import AuditedModelAdmin
from mentorpath.webhooks import services
from mentorpath.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

VIA_ADMIN = {"via": "django-admin"}


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(AuditedModelAdmin):
    """Read-only but for deleting: endpoints are made and edited on /webhooks/, where the
    secret is shown once, the URL is checked (https, no private addresses) and every change
    is recorded. A deletion here goes through the service, so it is recorded once, as
    `webhook.deleted` (not also as the site's generic `admin.deleted`)."""

    list_display = ["url", "description", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    exclude = ["secret"]
    readonly_fields = ["created_by", "created_at", "updated_at", "secret_rotated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: WebhookEndpoint) -> None:
        services.endpoint_delete(endpoint=obj, by=request.user, context=VIA_ADMIN)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            self.delete_model(request, endpoint)


class ReadOnlyMixin:
    """Attempts are written by the sender only. (They may still be deleted, with their
    delivery or endpoint: the admin refuses a deletion whose cascade it may not delete.)"""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


ATTEMPT_FIELDS = (
    "number",
    "attempted_at",
    "response_code",
    "duration_ms",
    "error",
    "response_body",
)


class WebhookAttemptInline(ReadOnlyMixin, admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ATTEMPT_FIELDS
    readonly_fields = ATTEMPT_FIELDS


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "last_response_code", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["event_id", "endpoint__url"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["delivery", "number", "attempted_at", "response_code", "duration_ms", "error"]
    list_filter = ["response_code"]
    search_fields = ["delivery__event_id", "delivery__endpoint__url"]
    list_select_related = ["delivery"]
    readonly_fields = [field.name for field in WebhookAttempt._meta.fields]
