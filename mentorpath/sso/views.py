from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mentorpath.core.exceptions import ApplicationError
from mentorpath.sso import client
from mentorpath.sso.services import sso_user_for_claims

NEXT_KEY = "sso_next"


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
        claims = client.finish(request, config=config)
        user = sso_user_for_claims(issuer=claims["iss"], claims=claims)
    except client.SsoError as error:
        return _refused(request, str(error), 400)
    except ApplicationError as error:
        return _refused(request, " ".join(error.messages), 403)
    next_url = _safe_next(request, request.session.pop(NEXT_KEY, None))
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


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
