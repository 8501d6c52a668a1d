"""Who may manage service accounts and their tokens: organization admins only."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mentorpath.accounts.models import ApiToken, User

SERVICE_ACCOUNTS_REFUSED = "Only organization admins manage service accounts."


def can_manage_service_accounts(user: Any) -> bool:
    """Service accounts act for the whole organization (an admin one with admin rights)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_org_admin)


def get_service_account_for(user: Any, pk: int) -> User:
    """A service account, for org admins (403 for anyone else); 404 for any other user."""
    if not can_manage_service_accounts(user):
        raise PermissionDenied(SERVICE_ACCOUNTS_REFUSED)
    return get_object_or_404(User, pk=pk, is_service_account=True)


def get_service_token_for(user: Any, pk: int) -> ApiToken:
    """A service account's token, for org admins; 404 for a person's token (its owner alone
    revokes it from their own settings page)."""
    if not can_manage_service_accounts(user):
        raise PermissionDenied(SERVICE_ACCOUNTS_REFUSED)
    return get_object_or_404(
        ApiToken.objects.select_related("user"), pk=pk, user__is_service_account=True
    )


def get_own_token_for(user: Any, pk: int) -> ApiToken:
    """One of the user's own tokens; anyone else's is 404."""
    return get_object_or_404(ApiToken, pk=pk, user=user)
