"""Who is calling: a personal API token (`Authorization: Bearer <key>`) or the browser session."""

from typing import cast

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from mentorpath.accounts.models import ApiToken, User


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if found is None:
            # A client that sends a token means to use it: a wrong one is refused outright
            # rather than silently falling back to whatever session cookie is around.
            raise AuthenticationError(message="The API token is not valid.")
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found.user


class SessionAuth(APIKeyCookie):
    """Django's login session, CSRF-checked on unsafe methods like ninja's `django_auth`.

    Unlike `django_auth`, the CSRF check runs only once the session has authenticated someone,
    so an anonymous request gets 401 rather than a CSRF 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return cast(User, request.user) if request.user.is_authenticated else None


def current_user(request: HttpRequest) -> User:
    """The authenticated user of an API request (set by whichever auth above accepted it)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]
