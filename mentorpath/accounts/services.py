import secrets

from django.db import transaction

from mentorpath.accounts.enums import OrgRole
from mentorpath.accounts.models import ApiToken, User


@transaction.atomic
def user_create(
    *, email: str, password: str | None, full_name: str = "", org_role: str = OrgRole.MEMBER
) -> User:
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    return user_set_org_role(user=user, org_role=org_role)


@transaction.atomic
def user_set_org_role(*, user: User, org_role: str) -> User:
    """Org admins get Django admin access over every model; nobody else does."""
    user.org_role = OrgRole(org_role)
    is_admin = user.org_role == OrgRole.ADMIN
    user.is_staff = is_admin
    user.is_superuser = is_admin
    user.save(update_fields=["org_role", "is_staff", "is_superuser"])
    return user


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is never stored in clear."""
    key = f"mp_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, digest=ApiToken.digest_of(key), prefix=key[:8]
    )
    return token, key
