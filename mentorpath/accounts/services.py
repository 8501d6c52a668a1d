import secrets
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from mentorpath.accounts.enums import OrgRole, TokenScope
from mentorpath.accounts.models import ApiToken, User
from mentorpath.audit.services import record
from mentorpath.core.exceptions import ApplicationError

SERVICE_ACCOUNT_DOMAIN = "service-accounts.invalid"


@transaction.atomic
def user_create(
    *, email: str, password: str | None, full_name: str = "", org_role: str = OrgRole.MEMBER
) -> User:
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    return user_set_org_role(user=user, org_role=org_role)


@transaction.atomic
def user_set_org_role(*, user: User, org_role: str, by: User | None = None) -> User:
    """Org admins get Django admin access over every model; nobody else does. A change of role
    is audited, with `by` as who made it."""
    before = user.org_role
    user.org_role = OrgRole(org_role)
    is_admin = user.org_role == OrgRole.ADMIN
    user.is_staff = is_admin
    user.is_superuser = is_admin
    user.save(update_fields=["org_role", "is_staff", "is_superuser"])
    if before != user.org_role:
        record(
            actor=by,
            action="user.role_changed",
            target=user,
            changes={"org_role": [str(before), str(user.org_role)]},
        )
    return user


def holds_admin_role(user: User) -> bool:
    """Whether the user is an org admin by role, whatever token a request came with."""
    return user.is_active and (user.org_role == OrgRole.ADMIN or user.is_superuser)


def _clean_scopes(*, user: User, scopes: Iterable[str] | None) -> set[TokenScope]:
    if scopes is None:  # the user's full rights, as tokens had before scopes existed
        chosen = {TokenScope.READ, TokenScope.WRITE}
        if holds_admin_role(user):
            chosen.add(TokenScope.ADMIN)
        return chosen
    names = set(scopes)
    unknown = names - set(TokenScope.values)
    if unknown:
        raise ApplicationError({"scopes": f"Unknown scope: {', '.join(sorted(unknown))}."})
    if not names:
        raise ApplicationError({"scopes": "Choose at least one scope."})
    if TokenScope.ADMIN in names and not holds_admin_role(user):
        raise ApplicationError(
            {"scopes": "Only an organization admin's token can have the admin scope."}
        )
    return {TokenScope(name) for name in names}


def api_token_create(
    *,
    user: User,
    name: str,
    scopes: Iterable[str] | None = None,
    expires_at: datetime | None = None,
    created_by: User | None = None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is never stored in clear.

    Without `scopes` the token gets every scope its user can use (read, write, and admin for
    org admins). The admin scope is only for org admins' (and admin service accounts') tokens.
    """
    name = name.strip()
    if not name:
        raise ApplicationError({"name": "Name the token after what uses it."})
    chosen = _clean_scopes(user=user, scopes=scopes)
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError({"expires_at": "The expiry must be in the future."})
    key = f"mp_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=ApiToken.digest_of(key),
        prefix=key[:8],
        scope_read=TokenScope.READ in chosen,
        scope_write=TokenScope.WRITE in chosen,
        scope_admin=TokenScope.ADMIN in chosen,
        expires_at=expires_at,
        created_by=created_by if created_by is not None else user,
    )
    record(
        actor=token.created_by,
        action="api_token.created",
        target=token,
        context={"user": user.pk, "scopes": sorted(chosen), "prefix": token.prefix},
    )
    return token, key


def api_token_revoke(*, token: ApiToken, by: User | None) -> ApiToken:
    """Refuse the token from now on. The row stays, with who revoked it and when; revoking
    twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        record(
            actor=by,
            action="api_token.revoked",
            target=token,
            context={"user": token.user_id, "prefix": token.prefix},
        )
    return token


def api_token_touch(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())


def _service_email(name: str) -> str:
    # A reserved, never-resolving domain (RFC 2606): no mailbox, no identity provider account.
    slug = slugify(name)[:40] or "integration"
    return f"{slug}-{secrets.token_hex(4)}@{SERVICE_ACCOUNT_DOMAIN}"


@transaction.atomic
def service_account_create(
    *,
    created_by: User,
    name: str,
    org_role: str = OrgRole.MEMBER,
    token_name: str,
    scopes: Iterable[str],
    expires_at: datetime | None = None,
) -> tuple[User, ApiToken, str]:
    """An integration's account with its first token (returned with the key, shown once).

    The account has no password and no Person; it never logs in to the web UI and acts only
    through its tokens, with the rights of its org role. It never gets Django admin access.
    """
    name = name.strip()
    if not name:
        raise ApplicationError({"name": "Name the integration, e.g. “Workday sync”."})
    role = OrgRole(org_role)
    account = User.objects.create_user(
        email=_service_email(name),
        password=None,
        full_name=name,
        org_role=role,
        is_service_account=True,
    )
    token, key = api_token_create(
        user=account, name=token_name, scopes=scopes, expires_at=expires_at, created_by=created_by
    )
    record(
        actor=created_by,
        action="service_account.created",
        target=account,
        context={"org_role": str(role), "token": token.pk},
    )
    return account, token, key


@transaction.atomic
def service_account_deactivate(*, account: User, by: User) -> User:
    """Switch the account off and revoke its live tokens (kept, as revoked, for the record)."""
    if not account.is_service_account:
        raise ApplicationError("Only service accounts are deactivated here.")
    was_active = account.is_active
    account.is_active = False
    account.save(update_fields=["is_active"])
    for token in account.api_tokens.filter(revoked_at__isnull=True):
        api_token_revoke(token=token, by=by)
    if was_active:
        record(
            actor=by,
            action="service_account.deactivated",
            target=account,
            changes={"is_active": [True, False]},
        )
    return account
