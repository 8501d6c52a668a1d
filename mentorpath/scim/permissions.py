from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mentorpath.scim.models import ScimToken


def can_manage_scim_tokens(user: Any) -> bool:
    """SCIM tokens create and deactivate logins for the whole organization: org admins only."""
    return bool(getattr(user, "is_authenticated", False) and user.is_org_admin)


def get_scim_token_for(user: Any, pk: int) -> ScimToken:
    """A token, for someone who may manage tokens (403 for anyone else); 404 if none."""
    if not can_manage_scim_tokens(user):
        raise PermissionDenied("Only organization admins manage SCIM tokens.")
    return get_object_or_404(ScimToken, pk=pk)
