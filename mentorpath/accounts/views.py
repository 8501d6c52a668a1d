from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorpath.accounts import queries, services
from mentorpath.accounts.forms import ApiTokenForm, ServiceAccountForm
from mentorpath.accounts.models import User
from mentorpath.accounts.permissions import (
    SERVICE_ACCOUNTS_REFUSED,
    can_manage_service_accounts,
    get_own_token_for,
    get_service_account_for,
    get_service_token_for,
)
from mentorpath.accounts.services import holds_admin_role
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.permissions import role_required

SERVICE_ACCOUNT_LOGIN = "A service account cannot log in; it acts only through its API tokens."
LOCAL_LOGIN_OFF = (
    "Password login is turned off for this organization: log in through single sign-on."
)


class LoginForm(AuthenticationForm):
    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        """Service accounts have no password; should one be given one, it still cannot log in."""
        super().confirm_login_allowed(user)
        if getattr(user, "is_service_account", False):
            raise ValidationError(SERVICE_ACCOUNT_LOGIN, code="service_account")


class LoginView(auth_views.LoginView):
    """Django's login, whose password form is refused when LOCAL_LOGIN_ENABLED is false
    (the page then offers single sign-on only)."""

    redirect_authenticated_user = True
    authentication_form = LoginForm

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
    """Password and personal API tokens. A new token's key is shown once and never again."""
    user = request.user
    assert isinstance(user, User)
    new_key = None
    form = ApiTokenForm(request.POST or None, allow_admin=holds_admin_role(user))
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = services.api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ApplicationError as error:
            form.add_error(None, error)
        else:
            form = ApiTokenForm(allow_admin=holds_admin_role(user))
    context = {
        "form": form,
        "tokens": queries.own_tokens(user=user),
        "new_key": new_key,
        "manages_service_accounts": can_manage_service_accounts(user),
    }
    return render(request, "accounts/settings.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of your own tokens (kept, as revoked, in the list)."""
    token = get_own_token_for(request.user, pk)
    services.api_token_revoke(token=token, by=cast(User, request.user))
    messages.success(request, f"Token “{token.name}” was revoked.")
    return redirect("accounts:settings")


admins_only = role_required(can_manage_service_accounts, SERVICE_ACCOUNTS_REFUSED)


def _service_accounts_page(
    request: HttpRequest, form: ServiceAccountForm, new_key: str | None = None, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "accounts": queries.service_accounts(),
        "new_key": new_key,
        **extra,
    }
    return render(request, "accounts/service_accounts.html", context)


@admins_only
def service_accounts(request: HttpRequest) -> HttpResponse:
    """Org admins' page: service accounts for integrations and their tokens."""
    form = ServiceAccountForm(request.POST or None)
    new_key = None
    new_for = None
    if request.method == "POST" and form.is_valid():
        try:
            new_for, _, new_key = services.service_account_create(
                created_by=cast(User, request.user),
                name=form.cleaned_data["account_name"],
                org_role=form.cleaned_data["org_role"],
                token_name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ApplicationError as error:
            form.add_error(None, error)
        else:
            form = ServiceAccountForm()
    return _service_accounts_page(request, form, new_key, new_for=new_for)


@admins_only
def service_account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One service account: its tokens, a new token, deactivation."""
    account = get_service_account_for(request.user, pk)
    form = ApiTokenForm(request.POST or None, allow_admin=holds_admin_role(account))
    new_key = None
    if request.method == "POST":
        if not account.is_active:
            raise PermissionDenied("This service account is deactivated.")
        if form.is_valid():
            try:
                _, new_key = services.api_token_create(
                    user=account,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    expires_at=form.expires_at(),
                    created_by=cast(User, request.user),
                )
            except ApplicationError as error:
                form.add_error(None, error)
            else:
                form = ApiTokenForm(allow_admin=holds_admin_role(account))
    tokens = account.api_tokens.select_related("created_by", "revoked_by")
    return render(
        request,
        "accounts/service_account.html",
        {"account": account, "tokens": tokens, "form": form, "new_key": new_key},
    )


@admins_only
@require_POST
def service_account_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_service_account_for(request.user, pk)
    services.service_account_deactivate(account=account, by=cast(User, request.user))
    messages.success(request, f"Service account “{account}” was deactivated; its tokens stop now.")
    return redirect("accounts:service_accounts")


@admins_only
@require_POST
def service_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_service_token_for(request.user, pk)
    services.api_token_revoke(token=token, by=cast(User, request.user))
    messages.success(request, f"Token “{token.name}” of {token.user} was revoked.")
    return redirect("accounts:service_account", pk=token.user_id)
