"""Who is calling: an API token (`Authorization: Bearer <key>`) or the browser session.

A token carries scopes. The method decides the scope a request needs (read for GET, HEAD and
OPTIONS, write for the rest), checked here before any endpoint runs. The admin scope is not
tied to endpoints: the token's user gets `token_scopes` set on the User loaded for this request
only, and `User.is_org_admin` is False without the admin scope, so every permission check that
asks "is this an org admin?" (pages' and API's alike) treats the call as a non-admin's.
"""

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from mentorpath.accounts.enums import TokenScope
from mentorpath.accounts.models import ApiToken, User
from mentorpath.accounts.services import api_token_touch

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

TOKEN_HELP = (
    "An API token made on your account settings page (personal: acts as you) or by an org "
    "admin on the Service accounts & tokens page (service: acts as an integration's account). "
    "Scopes: `read` for GET/HEAD/OPTIONS, `write` for POST/PUT/PATCH/DELETE, `admin` to use "
    "an org admin's rights (without it an admin's token acts as a non-admin). A missing scope "
    "is 403; a wrong, revoked or expired token is 401."
)


API_DESCRIPTION = """Mentorpath's JSON API.

## Authentication

Send an **API token** as `Authorization: Bearer <key>`, or use the **browser session** (send
the CSRF token as `X-CSRFToken` on unsafe methods). A request that carries a token is judged by
the token alone, even if a session cookie comes with it.

- **Personal tokens** act as you, with your rights. Create one on *Account settings → API
  tokens*; its key is shown once, then only its first characters. Revoke it there.
- **Service tokens** belong to a service account: an integration's account (an org role, no
  password, no person) that cannot log in to the web UI. Org admins create service accounts
  and their tokens on *Account settings → Service accounts & tokens*, revoke single tokens
  there, and deactivate an account to switch off all its tokens at once.
- Only a SHA-256 digest of each key is stored. A token may have an expiry date.

## Scopes

Every token has one or more scopes:

| Scope | Allows |
|-------|--------|
| `read` | `GET`, `HEAD` and `OPTIONS` requests |
| `write` | `POST`, `PUT`, `PATCH` and `DELETE` requests |
| `admin` | the organization admin's rights (only org admins' tokens can have it) |

The admin scope covers whatever only org admins may do: HRIS imports, exports of everything,
succession, org-wide announcements, and so on. Without it, an org admin's token acts as a
non-admin: it is answered exactly as a member's would be.

Each operation's security requirement names the scope it needs (`read` or `write`); the
admin scope is needed wherever the operation says only org admins may do something.

## Errors

Every error is JSON: `{"detail": "...", "errors": {"field": "message"}}`.

- **401** (with `WWW-Authenticate: Bearer`): no credentials, or a token that is wrong
  (`The API token is not valid.`), revoked (`The API token was revoked.`), expired
  (`The API token has expired.`) or whose account is deactivated.
- **403** `{"detail": "This token lacks the 'write' scope.", "errors": {}}` (or `'read'`):
  the token lacks the scope the method needs. Any operation can answer this to a token, so it
  is documented here once rather than on every operation; the operations that list 403
  also refuse for other reasons (your role or rights).
"""


def scope_needed(method: str) -> str:
    return str(TokenScope.READ if method.upper() in SAFE_METHODS else TokenScope.WRITE)


def scope_refused(scope: str) -> str:
    return f"This token lacks the '{scope}' scope."


class ApiTokenAuth(HttpBearer):
    openapi_description = TOKEN_HELP

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        # A client that sends a token means to use it: a wrong one is refused outright
        # rather than silently falling back to whatever session cookie is around.
        found = (
            ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        )
        if found is None:
            raise AuthenticationError(message="The API token is not valid.")
        if not found.user.is_active:
            raise AuthenticationError(message="The API token's account is deactivated.")
        if found.revoked_at is not None:
            raise AuthenticationError(message="The API token was revoked.")
        if found.is_expired():
            raise AuthenticationError(message="The API token has expired.")
        api_token_touch(token=found)
        scope = scope_needed(request.method or "GET")
        if scope not in found.scopes:
            raise PermissionDenied(scope_refused(scope))
        user = found.user
        user.token_scopes = found.scopes
        return user


class SessionAuth(APIKeyCookie):
    """Django's login session, CSRF-checked on unsafe methods like ninja's `django_auth`.

    Unlike `django_auth`, the CSRF check runs only once the session has authenticated someone,
    so an anonymous request gets 401 rather than a CSRF 403. Service accounts have no session
    (they cannot log in); should one ever have, it is not accepted here either.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not _session_user(request):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return _session_user(request)


def _session_user(request: HttpRequest) -> User | None:
    user = request.user
    if not user.is_authenticated or getattr(user, "is_service_account", False):
        return None
    return cast(User, user)


def current_user(request: HttpRequest) -> User:
    """The authenticated user of an API request (set by whichever auth above accepted it)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


def document_token_scopes(schema: dict[str, Any]) -> dict[str, Any]:
    """Name the scope each operation needs in its security requirement (OpenAPI 3.1 allows
    role names there for any scheme): read for safe methods, write for the others."""
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            for requirement in operation.get("security", []):
                if ApiTokenAuth.__name__ in requirement:
                    requirement[ApiTokenAuth.__name__] = [scope_needed(method)]
    return schema
