import secrets
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.contrib.auth import logout as end_session
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_POST

from mentorpath.core.exceptions import ApplicationError
from mentorpath.sso import client
from mentorpath.sso.services import sso_user_for_claims

NEXT_KEY = "sso_next"
# What logging out at the provider needs, kept in the session of an SSO login: the raw ID
# token (the `id_token_hint`) and the issuer and client it was issued by and to.
PROVIDER_LOGOUT_KEY = "sso_provider_logout"
PROVIDER_UNREACHABLE = (
    "You are logged out of Mentorpath, but your identity provider could not be reached, so you "
    "may still be logged in there. If others use this computer, close the browser."
)


def _safe_next(request: HttpRequest, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "sso/error.html", {"message": message}, status=status)


@never_cache
@require_GET
def sso_login(request: HttpRequest) -> HttpResponse:
    """Start a login at the identity provider (the "Log in with …" button)."""
    config = client.oidc_config()
    if config is None:
        raise Http404("Single sign-on is not configured.")
    next_url = _safe_next(request, request.GET.get(REDIRECT_FIELD_NAME))
    if next_url:
        request.session[NEXT_KEY] = next_url
    else:
        request.session.pop(NEXT_KEY, None)
    redirect_uri = request.build_absolute_uri(reverse("sso:callback"))
    try:
        return client.begin(request, config=config, redirect_uri=redirect_uri)
    except client.SsoError as error:
        return _refused(request, str(error), 502)


@never_cache
@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code: check it, then log in."""
    config = client.oidc_config()
    if config is None:
        raise Http404("Single sign-on is not configured.")
    try:
        sso_login = client.finish(request, config=config)
        user = sso_user_for_claims(issuer=sso_login.claims["iss"], claims=sso_login.claims)
    except client.SsoError as error:
        return _refused(request, str(error), 400)
    except ApplicationError as error:
        return _refused(request, " ".join(error.messages), 403)
    next_url = _safe_next(request, request.session.pop(NEXT_KEY, None))
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[PROVIDER_LOGOUT_KEY] = {
        "issuer": config.issuer,
        "client_id": config.client_id,
        "id_token": sso_login.id_token,
    }
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


def _provider_logout_url(
    request: HttpRequest, config: client.OidcConfig | None, remembered: Any
) -> str | None:
    """Where to end the session at the provider, or None to stay on Mentorpath: when the
    session was not an SSO login, the setting is off, the provider changed since the login,
    or the provider offers no end-session endpoint."""
    if not (settings.OIDC_LOGOUT_AT_PROVIDER and config and isinstance(remembered, dict)):
        return None
    if (remembered.get("issuer"), remembered.get("client_id")) != (
        config.issuer,
        config.client_id,
    ):
        return None
    return client.end_session_url(
        config=config,
        id_token=str(remembered.get("id_token") or ""),
        # The login page: the address to register at the provider as post-logout redirect URI.
        post_logout_redirect_uri=request.build_absolute_uri(reverse("accounts:login")),
        state=secrets.token_urlsafe(16),
    )


@never_cache
@csrf_protect
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Log out of Mentorpath and, after a single sign-on login, of the identity provider too
    (OpenID Connect RP-Initiated Logout), so that the next "Log in with …" on a shared computer
    asks for a password again. The Mentorpath session ends first: a provider that cannot be
    reached never keeps anyone logged in here.

    The browser is sent to the provider by a page that refreshes to it, not by a redirect:
    browsers apply the CSP `form-action 'self'` of the page holding the logout form to the
    redirects that follow its submission, and would block one to the provider."""
    remembered = request.session.get(PROVIDER_LOGOUT_KEY)
    end_session(request)
    config = client.oidc_config()
    try:
        provider_url = _provider_logout_url(request, config, remembered)
    except client.SsoError:
        provider_url = None
        messages.warning(request, PROVIDER_UNREACHABLE)
    if provider_url and config:
        return render(
            request, "sso/logout.html", {"provider_url": provider_url, "label": config.label}
        )
    return redirect(resolve_url(settings.LOGOUT_REDIRECT_URL or settings.LOGIN_URL))


@never_cache
def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin's login page, unless local login is off: then it sends people to the
    site's login (single sign-on) so that it cannot be used to log in with a password."""
    if settings.LOCAL_LOGIN_ENABLED:
        return admin.site.login(request)
    next_url = _safe_next(request, request.GET.get(REDIRECT_FIELD_NAME)) or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect(next_url)
        raise PermissionDenied("Your account has no access to the administration.")
    query = urlencode({REDIRECT_FIELD_NAME: next_url})
    return redirect(f"{resolve_url(settings.LOGIN_URL)}?{query}")
