"""Reads for the token pages."""

from django.db.models import Prefetch, QuerySet

from mentorpath.accounts.models import ApiToken, User


def own_tokens(*, user: User) -> QuerySet[ApiToken]:
    """The user's tokens, live and revoked (newest first)."""
    return ApiToken.objects.filter(user=user).select_related("revoked_by")


def service_accounts() -> QuerySet[User]:
    """Every service account with its tokens (who made and revoked each), active ones first."""
    tokens = ApiToken.objects.select_related("created_by", "revoked_by")
    return (
        User.objects.filter(is_service_account=True)
        .prefetch_related(Prefetch("api_tokens", queryset=tokens))
        .order_by("-is_active", "full_name", "pk")
    )
