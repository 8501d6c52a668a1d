from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mentorpath.webhooks.models import WebhookEndpoint


def can_manage_webhooks(user: Any) -> bool:
    """Webhooks send the organization's events to other systems: org admins only."""
    return bool(getattr(user, "is_authenticated", False) and user.is_org_admin)


def get_endpoint_for(user: Any, pk: int) -> WebhookEndpoint:
    """An endpoint, for someone who may manage webhooks (403 for anyone else); 404 if none."""
    if not can_manage_webhooks(user):
        raise PermissionDenied("Only organization admins manage webhooks.")
    return get_object_or_404(WebhookEndpoint, pk=pk)
