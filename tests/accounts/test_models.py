import pytest
from django.db import IntegrityError, transaction

from mentorpath.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_superuser_is_an_org_admin():
    user = User.objects.create_superuser(email="root@example.com", password="pw-12345678")

    assert (user.org_role, user.is_staff, user.is_superuser, user.is_org_admin) == (
        "admin",
        True,
        True,
        True,
    )


def test_is_org_admin_is_false_for_an_inactive_admin():
    user = UserFactory(email="root@example.com", org_role="admin", is_active=False)

    assert user.is_org_admin is False


def test_is_org_admin_is_true_for_a_superuser_of_any_role():
    user = UserFactory(email="root@example.com", is_superuser=True)

    assert user.is_org_admin is True


def test_is_executive_is_false_when_inactive():
    user = UserFactory(email="exec@example.com", org_role="executive", is_active=False)

    assert user.is_executive is False


def test_user_email_is_unique():
    UserFactory(email="ada@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="ada@example.com")


@pytest.mark.parametrize(
    ("full_name", "text", "short"),
    [("Ada Lovelace", "Ada Lovelace", "Ada"), ("", "ada@example.com", "ada@example.com")],
)
def test_user_names_fall_back_to_email(full_name, text, short):
    user = User(email="ada@example.com", full_name=full_name)

    assert (str(user), user.get_full_name(), user.get_short_name()) == (text, text, short)
