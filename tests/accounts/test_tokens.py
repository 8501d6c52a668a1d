"""Personal API tokens: scopes, expiry and revocation in the service and on the settings page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorpath.accounts.models import ApiToken, User
from mentorpath.accounts.services import api_token_create, api_token_revoke
from mentorpath.core.exceptions import ApplicationError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# --- the service --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("member", ["read", "write"]),
        ("executive", ["read", "write"]),
        ("admin", ["read", "write", "admin"]),
    ],
)
def test_api_token_create_default_scopes_are_the_users_full_rights(role, expected):
    user = UserFactory(email="dev@example.com", org_role=role)

    token, _ = api_token_create(user=user, name="CI")

    assert token.scope_names == expected


@pytest.mark.parametrize(
    ("scopes", "message"),
    [
        ([], "Choose at least one scope."),
        (["read", "owner"], "Unknown scope: owner."),
        (["admin"], "Only an organization admin's token can have the admin scope."),
    ],
)
def test_api_token_create_refuses_bad_scopes(scopes, message):
    user = UserFactory(email="dev@example.com")

    with pytest.raises(ApplicationError) as error:
        api_token_create(user=user, name="CI", scopes=scopes)

    assert error.value.message_dict == {"scopes": [message]}
    assert not ApiToken.objects.exists()


def test_api_token_create_refuses_a_past_expiry():
    user = UserFactory(email="dev@example.com")

    with pytest.raises(ApplicationError) as error:
        api_token_create(user=user, name="CI", expires_at=timezone.now() - timedelta(days=1))

    assert error.value.message_dict == {"expires_at": ["The expiry must be in the future."]}


def test_api_token_revoke_twice_keeps_the_first_time_and_revoker():
    user = UserFactory(email="dev@example.com")
    other = UserFactory(email="admin@example.com")
    token, _ = api_token_create(user=user, name="CI")
    api_token_revoke(token=token, by=user)
    first = token.revoked_at

    api_token_revoke(token=token, by=other)

    token.refresh_from_db()
    assert (token.revoked_at, token.revoked_by) == (first, user)
    assert token.is_live is False


def test_token_scopes_on_a_user_only_take_admin_away():
    admin = UserFactory(email="root@example.com", org_role="admin")
    member = UserFactory(email="dev@example.com")

    admin.token_scopes = frozenset({"read", "write"})
    member.token_scopes = frozenset({"read", "admin"})

    assert admin.is_org_admin is False
    assert member.is_org_admin is False
    assert User.objects.get(pk=admin.pk).is_org_admin is True  # a fresh load is unrestricted


# --- the settings page --------------------------------------------------------------------


def test_settings_offers_the_admin_scope_to_admins_only(client_for, admin_user, mentee_user):
    admin_page = _text(client_for(admin_user).get("/accounts/settings/"))
    mentee_page = _text(client_for(mentee_user).get("/accounts/settings/"))

    assert 'value="admin"' in admin_page
    assert 'value="admin"' not in mentee_page
    assert 'value="read"' in mentee_page and 'value="write"' in mentee_page


def test_member_posting_the_admin_scope_is_refused(client_for, mentee_user):
    response = client_for(mentee_user).post(
        "/accounts/settings/", {"name": "sneaky", "scopes": ["read", "admin"]}
    )

    assert response.status_code == 200
    assert "Select a valid choice. admin is not one of the available choices." in _text(response)
    assert 'value="sneaky"' in _text(response)
    assert not ApiToken.objects.exists()


def test_admin_creates_an_admin_scoped_expiring_token(client_for, admin_user):
    before = timezone.now()

    response = client_for(admin_user).post(
        "/accounts/settings/",
        {"name": "imports", "scopes": ["read", "write", "admin"], "expires_in": "30"},
    )

    assert response.status_code == 200
    token = ApiToken.objects.get(user=admin_user)
    assert token.scope_names == ["read", "write", "admin"]
    assert before + timedelta(days=30) <= token.expires_at <= timezone.now() + timedelta(days=30)


def test_settings_lists_scopes_expiry_and_status(client_for, mentee_user):
    api_token_create(user=mentee_user, name="live one", scopes=["read"])
    expired, _ = api_token_create(
        user=mentee_user, name="old one", expires_at=timezone.now() + timedelta(days=1)
    )
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))

    page = _text(client_for(mentee_user).get("/accounts/settings/"))

    assert "<td>read</td>" in page
    assert "<td>read, write</td>" in page
    assert '<span class="badge badge-active">Live</span>' in page
    assert '<span class="badge badge-expired">Expired</span>' in page
    assert "<td>never</td>" in page  # the live token never expires, and was never used


def test_django_admin_lists_tokens_read_only(client_for, admin_user, mentee_user):
    token, key = api_token_create(user=mentee_user, name="cli", scopes=["read"])
    client = client_for(admin_user)

    listing = client.get("/admin/accounts/apitoken/")
    detail = client.get(f"/admin/accounts/apitoken/{token.pk}/change/")

    assert listing.status_code == 200
    assert "cli" in _text(listing)
    assert key not in _text(listing) and key not in _text(detail)
    assert (
        client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert ApiToken.objects.filter(pk=token.pk).exists()
