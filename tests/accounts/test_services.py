import pytest

from mentorpath.accounts.enums import OrgRole
from mentorpath.accounts.models import ApiToken, User
from mentorpath.accounts.services import api_token_create, user_create, user_set_org_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- user_create --------------------------------------------------------------------------


def test_user_create_makes_a_member_with_a_usable_password():
    user = user_create(email="Ada@Example.COM", password="s3cret-pass", full_name="Ada L")

    user.refresh_from_db()
    assert (user.email, user.full_name, user.org_role) == ("ada@example.com", "Ada L", "member")
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert user.check_password("s3cret-pass") is True
    assert user.password != "s3cret-pass"


def test_user_create_without_password_cannot_log_in_with_one():
    user = user_create(email="sso@example.com", password=None)

    assert user.has_usable_password() is False


def test_user_create_admin_gets_staff_and_superuser():
    user = user_create(email="root@example.com", password="pw-12345678", org_role=OrgRole.ADMIN)

    user.refresh_from_db()
    assert (user.org_role, user.is_staff, user.is_superuser) == ("admin", True, True)
    assert user.is_org_admin is True


def test_user_create_executive_gets_no_admin_access():
    user = user_create(email="exec@example.com", password="pw-12345678", org_role="executive")

    user.refresh_from_db()
    assert (user.org_role, user.is_staff, user.is_superuser) == ("executive", False, False)
    assert (user.is_executive, user.is_org_admin) == (True, False)


def test_user_create_refuses_an_unknown_role_and_saves_nothing():
    with pytest.raises(ValueError):
        user_create(email="odd@example.com", password="pw-12345678", org_role="owner")

    assert User.objects.filter(email="odd@example.com").exists() is False


def test_user_create_requires_an_email():
    with pytest.raises(ValueError) as exc:
        user_create(email="", password="pw-12345678")

    assert str(exc.value) == "An email address is required."
    assert User.objects.count() == 0


# --- user_set_org_role --------------------------------------------------------------------


def test_user_set_org_role_promotes_to_admin():
    user = UserFactory(email="member@example.com")

    user_set_org_role(user=user, org_role="admin")

    user.refresh_from_db()
    assert (user.org_role, user.is_staff, user.is_superuser) == ("admin", True, True)


@pytest.mark.parametrize("role", ["member", "executive"])
def test_user_set_org_role_demoting_an_admin_removes_admin_access(role):
    user = user_create(email="root@example.com", password="pw-12345678", org_role="admin")

    user_set_org_role(user=user, org_role=role)

    user.refresh_from_db()
    assert (user.org_role, user.is_staff, user.is_superuser) == (role, False, False)
    assert user.is_org_admin is False


def test_user_set_org_role_refuses_an_unknown_role_and_keeps_the_old_one():
    user = user_create(email="root@example.com", password="pw-12345678", org_role="admin")

    with pytest.raises(ValueError):
        user_set_org_role(user=user, org_role="owner")

    user.refresh_from_db()
    assert (user.org_role, user.is_staff, user.is_superuser) == ("admin", True, True)


# --- api_token_create ---------------------------------------------------------------------


def test_api_token_create_stores_only_a_digest_of_the_key():
    user = UserFactory(email="dev@example.com")

    token, key = api_token_create(user=user, name="CI")

    stored = ApiToken.objects.get(pk=token.pk)
    assert key.startswith("mp_")
    assert len(key) > 40
    assert stored.digest == ApiToken.digest_of(key)
    assert len(stored.digest) == 64
    assert stored.digest != key
    assert key not in {stored.digest, stored.prefix, stored.name}
    assert (stored.name, stored.prefix, stored.user) == ("CI", key[:8], user)
    assert stored.last_used_at is None


def test_api_token_create_key_finds_its_token_by_digest():
    user = UserFactory(email="dev@example.com")
    token, key = api_token_create(user=user, name="CI")
    api_token_create(user=user, name="Laptop")

    found = ApiToken.objects.get(digest=ApiToken.digest_of(key))

    assert found == token
    assert ApiToken.objects.filter(digest=ApiToken.digest_of(key + "x")).exists() is False


def test_api_token_create_makes_a_new_key_each_time():
    user = UserFactory(email="dev@example.com")

    _, first = api_token_create(user=user, name="One")
    _, second = api_token_create(user=user, name="Two")

    assert first != second
    assert ApiToken.objects.filter(user=user).count() == 2


def test_api_token_digest_of_is_sha256_hex():
    assert ApiToken.digest_of("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
