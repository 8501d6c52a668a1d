"""Who an OpenID Connect login is: find the user by the provider's subject, else by verified
email, else create them just in time; link them to their Person record."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentorpath.accounts.enums import OrgRole
from mentorpath.accounts.models import User
from mentorpath.core.exceptions import ApplicationError
from mentorpath.people.models import Person
from mentorpath.sso.models import SsoIdentity

INACTIVE = (
    "Your Mentorpath account is deactivated, so you cannot log in. If you think this is a "
    "mistake, ask your Mentorpath administrator."
)


def _claimed_email(claims: Mapping[str, Any]) -> str:
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise ApplicationError(
            "Your identity provider did not send an email address, so your Mentorpath account "
            "cannot be found. Ask your administrator to release the email claim to Mentorpath."
        )
    # Absent (e.g. Entra ID sends none) is trusted: the provider vouches for the address.
    verified = claims.get("email_verified")
    if verified is False or (isinstance(verified, str) and verified.lower() == "false"):
        raise ApplicationError(
            "Your identity provider says your email address is not verified. Verify it there, "
            "then log in again."
        )
    return email


def _claimed_name(claims: Mapping[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        parts = [str(claims.get(k) or "").strip() for k in ("given_name", "family_name")]
        name = " ".join(p for p in parts if p)
    return name[:200]


def _link_person(user: User) -> None:
    """Link the user to the Person with their email unless one of them is linked already."""
    if Person.objects.filter(user=user).exists():
        return
    person = (
        Person.objects.select_for_update()
        .filter(email__iexact=user.email, user__isnull=True)
        .order_by("pk")
        .first()
    )
    if person is not None:
        person.user = user
        person.save(update_fields=["user", "updated_at"])


@transaction.atomic
def sso_user_for_claims(*, issuer: str, claims: Mapping[str, Any]) -> User:
    """The active user that the verified ID token claims log in as.

    1. A known subject at this issuer: that user, whatever email the provider now sends.
    2. Otherwise the user with the (verified) email, case-insensitively, which is then
       linked to the subject; refused when that user is already linked to another subject at
       this issuer (a different account at the provider claiming the same email).
    3. Otherwise a new member (when OIDC_CREATE_USERS), linked to the subject.
    Each time, the user is linked to the unlinked Person with their email, if any.
    Deactivated users are refused.
    """
    subject = str(claims.get("sub") or "")
    if not subject:
        raise ApplicationError("Your identity provider did not say who you are (no subject).")
    now = timezone.now()
    identity = (
        SsoIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        user = identity.user
        if not user.is_active:
            raise ApplicationError(INACTIVE)
        identity.email = str(claims.get("email") or "")[:254]
        identity.last_login_at = now
        identity.save(update_fields=["email", "last_login_at"])
        _link_person(user)
        return user

    email = _claimed_email(claims)
    found = (
        User.objects.select_for_update()
        .filter(email__iexact=email, is_service_account=False)
        .first()
    )
    if found is not None:
        user = found
        if not user.is_active:
            raise ApplicationError(INACTIVE)
        if SsoIdentity.objects.filter(user=user, issuer=issuer).exists():
            raise ApplicationError(
                "Your Mentorpath account is linked to another account at your identity "
                "provider. Ask your Mentorpath administrator to remove the old link."
            )
    elif settings.OIDC_CREATE_USERS:
        person = Person.objects.filter(email__iexact=email, user__isnull=True).first()
        user = User.objects.create_user(
            email=email,
            password=None,  # unusable: this account logs in through the provider only
            full_name=person.full_name if person else _claimed_name(claims),
            org_role=OrgRole.MEMBER,
        )
    else:
        raise ApplicationError(
            "There is no Mentorpath account for your email address. Ask your Mentorpath "
            "administrator to create one."
        )
    SsoIdentity.objects.create(
        user=user, issuer=issuer, subject=subject, email=email, last_login_at=now
    )
    _link_person(user)
    return user
