from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentorpath.accounts.forms import ApiTokenForm
from mentorpath.accounts.services import api_token_create

LOCAL_LOGIN_OFF = (
    "Password login is turned off for this organization: log in through single sign-on."
)


class LoginView(auth_views.LoginView):
    """Django's login, whose password form is refused when LOCAL_LOGIN_ENABLED is false
    (the page then offers single sign-on only)."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_LOGIN_ENABLED:
            raise PermissionDenied(LOCAL_LOGIN_OFF)
        return super().post(request, *args, **kwargs)


def local_login_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse a password view (reset) when local login is turned off."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_LOGIN_ENABLED:
            raise PermissionDenied(LOCAL_LOGIN_OFF)
        return view(request, *args, **kwargs)

    return wrapper


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """Password and API tokens. A new token's key is shown once and never again."""
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, new_key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request, "accounts/settings.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    token.delete()
    messages.success(request, f"Token “{token.name}” was revoked.")
    return redirect("accounts:settings")
