"""Service accounts and their tokens: the admin page (org admins only), creation, revocation,
deactivation, and that a service account never logs in to the web UI."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from mentorpath.accounts.models import ApiToken, User
from mentorpath.accounts.services import (
    SERVICE_ACCOUNT_DOMAIN,
    api_token_create,
    service_account_create,
)
from mentorpath.core.exceptions import ApplicationError
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PAGE = "/accounts/service-accounts/"


def _text(response) -> str:
    return response.content.decode()


def _key_in(response) -> str:
    match = re.search(r'<code id="new-token">(mp_[^<]+)</code>', _text(response))
    assert match, _text(response)
    return match.group(1)


@pytest.fixture
def account(admin_user):
    account, _, _ = service_account_create(
        created_by=admin_user, name="Workday sync", token_name="prod", scopes=["read"]
    )
    return account


# --- the service --------------------------------------------------------------------------


def test_service_account_create_makes_a_login_less_account_and_a_token(admin_user):
    account, token, key = service_account_create(
        created_by=admin_user,
        name="BI dashboard",
        org_role="executive",
        token_name="prod",
        scopes=["read"],
    )

    account.refresh_from_db()
    assert account.is_service_account is True
    assert (account.full_name, account.org_role, account.is_active) == (
        "BI dashboard",
        "executive",
        True,
    )
    assert (account.is_staff, account.is_superuser) == (False, False)
    assert account.has_usable_password() is False
    assert account.email.startswith("bi-dashboard-")
    assert account.email.endswith("@" + SERVICE_ACCOUNT_DOMAIN)
    assert not hasattr(account, "person")
    assert (token.user, token.name, token.created_by) == (account, "prod", admin_user)
    assert token.scope_names == ["read"]
    assert token.digest == ApiToken.digest_of(key)


def test_admin_service_account_gets_no_django_admin_access(admin_user):
    account, _, _ = service_account_create(
        created_by=admin_user,
        name="HRIS",
        org_role="admin",
        token_name="prod",
        scopes=["read", "write", "admin"],
    )

    assert (account.is_org_admin, account.is_staff, account.is_superuser) == (True, False, False)


def test_member_service_account_cannot_get_the_admin_scope_and_nothing_is_saved(admin_user):
    with pytest.raises(ApplicationError) as error:
        service_account_create(
            created_by=admin_user, name="Bot", token_name="prod", scopes=["read", "admin"]
        )

    assert error.value.message_dict == {
        "scopes": ["Only an organization admin's token can have the admin scope."]
    }
    assert not User.objects.filter(is_service_account=True).exists()


# --- who may use the page -----------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_every_other_role_is_refused_every_service_account_page(
    request, persona, client_for, account
):
    client = client_for(request.getfixturevalue(persona))
    token = account.api_tokens.get()

    responses = [
        client.get(PAGE),
        client.post(
            PAGE,
            {
                "account_name": "Sneaky",
                "org_role": "admin",
                "name": "x",
                "scopes": ["read", "write", "admin"],
            },
        ),
        client.get(f"{PAGE}{account.pk}/"),
        client.post(f"{PAGE}{account.pk}/", {"name": "x", "scopes": ["read"]}),
        client.post(f"{PAGE}{account.pk}/deactivate/"),
        client.post(f"{PAGE}tokens/{token.pk}/revoke/"),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    assert User.objects.filter(is_service_account=True).count() == 1
    assert account.api_tokens.count() == 1
    account.refresh_from_db()
    token.refresh_from_db()
    assert (account.is_active, token.revoked_at) == (True, None)


def test_anonymous_is_sent_to_login(account):
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={PAGE}"


def test_settings_page_links_to_service_accounts_for_admins_only(
    client_for, admin_user, mentee_user
):
    link = f'href="{PAGE}"'

    assert link in _text(client_for(admin_user).get("/accounts/settings/"))
    assert link not in _text(client_for(mentee_user).get("/accounts/settings/"))


# --- what admins do -----------------------------------------------------------------------


def test_admin_creates_a_service_account_and_sees_the_key_once(client_for, admin_user):
    client = client_for(admin_user)

    response = client.post(
        PAGE,
        {
            "account_name": "Workday sync",
            "org_role": "admin",
            "name": "production",
            "scopes": ["read", "write", "admin"],
            "expires_in": "90",
        },
    )

    assert response.status_code == 200
    key = _key_in(response)
    account = User.objects.get(is_service_account=True)
    token = account.api_tokens.get()
    assert (account.full_name, account.org_role) == ("Workday sync", "admin")
    assert (token.name, token.scope_names) == ("production", ["read", "write", "admin"])
    assert token.digest == ApiToken.digest_of(key)
    assert token.expires_at is not None
    later = [_text(client.get(PAGE)), _text(client.get(f"{PAGE}{account.pk}/"))]
    assert all(key not in page for page in later)
    assert f"<code>{key[:8]}…</code>" in later[1]
    assert "read, write, admin" in later[1]


def test_create_without_name_or_scopes_shows_errors_and_creates_nothing(client_for, admin_user):
    response = client_for(admin_user).post(
        PAGE, {"account_name": "", "org_role": "member", "name": "prod"}
    )

    assert response.status_code == 200
    assert '<p class="error" id="id_account_name_error">This field is required.</p>' in _text(
        response
    )
    assert '<p class="error" id="id_scopes_error">Choose at least one scope.</p>' in _text(response)
    assert not User.objects.filter(is_service_account=True).exists()


def test_admin_scope_for_a_member_account_is_refused_next_to_the_field(client_for, admin_user):
    response = client_for(admin_user).post(
        PAGE,
        {"account_name": "Bot", "org_role": "member", "name": "p", "scopes": ["read", "admin"]},
    )

    assert response.status_code == 200
    assert (
        '<p class="error" id="id_scopes_error">'
        "Only an organization admin&#x27;s token can have the admin scope.</p>"
    ) in _text(response)
    assert 'id="new-token"' not in _text(response)
    assert not User.objects.filter(is_service_account=True).exists()


def test_admin_adds_a_second_token(client_for, admin_user, account):
    client = client_for(admin_user)

    response = client.post(f"{PAGE}{account.pk}/", {"name": "staging", "scopes": ["read"]})

    key = _key_in(response)
    assert account.api_tokens.get(name="staging").digest == ApiToken.digest_of(key)
    assert key not in _text(client.get(f"{PAGE}{account.pk}/"))


def test_admin_revokes_a_service_token_and_the_row_stays(client_for, admin_user, account):
    token = account.api_tokens.get()

    response = client_for(admin_user).post(f"{PAGE}tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert response.url == f"{PAGE}{account.pk}/"
    token.refresh_from_db()
    assert (token.revoked_by, token.revoked_at is not None) == (admin_user, True)


def test_service_revoke_url_does_not_reach_a_persons_token(client_for, admin_user, mentee_user):
    token, _ = api_token_create(user=mentee_user, name="mine")

    response = client_for(admin_user).post(f"{PAGE}tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_detail_of_a_person_is_404(client_for, admin_user, mentee_user):
    assert client_for(admin_user).get(f"{PAGE}{mentee_user.pk}/").status_code == 404


def test_admin_deactivates_an_account_and_every_token_is_revoked(client_for, admin_user, account):
    api_token_create(user=account, name="second", scopes=["read"], created_by=admin_user)
    client = client_for(admin_user)

    response = client.post(f"{PAGE}{account.pk}/deactivate/")

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_active is False
    assert list(account.api_tokens.values_list("revoked_by", flat=True)) == [admin_user.pk] * 2
    page = _text(client.get(f"{PAGE}{account.pk}/"))
    assert '<span class="badge badge-closed">Deactivated</span>' in page
    assert client.post(f"{PAGE}{account.pk}/", {"name": "x", "scopes": ["read"]}).status_code == 403


# --- no web login -------------------------------------------------------------------------


def test_service_account_cannot_log_in_even_with_a_password(account):
    client = Client()
    blank = client.post("/accounts/login/", {"username": account.email, "password": ""})
    account.set_password(PASSWORD)
    account.save(update_fields=["password"])

    response = client.post("/accounts/login/", {"username": account.email, "password": PASSWORD})

    assert blank.status_code == 200
    assert response.status_code == 200
    assert "A service account cannot log in; it acts only through its API tokens." in _text(
        response
    )
    assert SESSION_KEY not in client.session
