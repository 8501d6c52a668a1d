"""Login, logout, password change and reset, and the account settings page (API tokens)."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorpath.accounts.models import ApiToken
from mentorpath.accounts.services import api_token_create
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
NEW_PASSWORD = "a-quite-different-passphrase-42"


def _text(response) -> str:
    return response.content.decode()


def _logged_in_as(client: Client, user) -> bool:
    return client.session.get(SESSION_KEY) == str(user.pk)


# --- anonymous access ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/settings/",
        "/accounts/password/change/",
        "/accounts/password/change/done/",
        "/accounts/tokens/1/revoke/",
    ],
)
def test_account_pages_anonymous_redirect_to_login(url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


def test_token_revoke_anonymous_post_redirects_to_login_and_keeps_token(mentee_user):
    token, _ = api_token_create(user=mentee_user, name="export")
    url = reverse("accounts:token_revoke", args=[token.pk])

    response = Client().post(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_login_page_anonymous_renders_form():
    response = Client().get(LOGIN_URL)

    assert response.status_code == 200
    assert "<h1>Log in</h1>" in _text(response)
    assert 'name="username"' in _text(response)
    assert 'name="password"' in _text(response)


# --- login and logout ---------------------------------------------------------------------


def test_login_email_and_password_logs_in_and_redirects_home(mentee_user):
    client = Client()

    response = client.post(LOGIN_URL, {"username": "mentee@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/"
    assert _logged_in_as(client, mentee_user)


def test_login_next_parameter_redirects_there(mentee_user):
    client = Client()

    response = client.post(
        LOGIN_URL,
        {"username": "mentee@example.com", "password": PASSWORD, "next": "/programs/"},
    )

    assert response.status_code == 302
    assert response.url == "/programs/"


def test_login_external_next_is_ignored(mentee_user):
    client = Client()

    response = client.post(
        LOGIN_URL,
        {"username": "mentee@example.com", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response.url == "/"


def test_login_wrong_password_shows_error_and_stays_anonymous(mentee_user):
    client = Client()

    response = client.post(LOGIN_URL, {"username": "mentee@example.com", "password": "nope"})

    assert response.status_code == 200
    assert (
        "Please enter a correct email and password. "
        "Note that both fields may be case-sensitive." in _text(response)
    )
    assert SESSION_KEY not in client.session


def test_login_inactive_user_refused(mentee_user):
    mentee_user.is_active = False
    mentee_user.save()
    client = Client()

    response = client.post(LOGIN_URL, {"username": "mentee@example.com", "password": PASSWORD})

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_login_email_with_capitals_logs_in(mentee_user):
    client = Client()

    response = client.post(LOGIN_URL, {"username": "Mentee@Example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert _logged_in_as(client, mentee_user)


def test_login_page_when_logged_in_redirects_home(client_for, mentee_user):
    response = client_for(mentee_user).get(LOGIN_URL)

    assert response.status_code == 302
    assert response.url == "/"


def test_logout_get_not_allowed_and_stays_logged_in(client_for, mentee_user):
    client = client_for(mentee_user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert _logged_in_as(client, mentee_user)


def test_logout_post_logs_out_and_redirects_to_login(client_for, mentee_user):
    client = client_for(mentee_user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert SESSION_KEY not in client.session
    assert client.get("/").status_code == 302


# --- password change ----------------------------------------------------------------------


def test_password_change_valid_changes_password(client_for, mentee_user):
    client = client_for(mentee_user)

    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == "/accounts/password/change/done/"
    mentee_user.refresh_from_db()
    assert mentee_user.check_password(NEW_PASSWORD)
    assert _logged_in_as(client, mentee_user)  # the session survives its own password change
    assert "Your password was changed." in _text(client.get(response.url))


def test_password_change_wrong_old_password_shows_error_and_keeps_password(client_for, mentee_user):
    client = client_for(mentee_user)

    response = client.post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly. Please enter it again." in _text(response)
    mentee_user.refresh_from_db()
    assert mentee_user.check_password(PASSWORD)


def test_password_change_mismatch_shows_error(client_for, mentee_user):
    client = client_for(mentee_user)

    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "other-9x!"},
    )

    assert response.status_code == 200
    assert "The two password fields didn" in _text(response)
    mentee_user.refresh_from_db()
    assert mentee_user.check_password(PASSWORD)


# --- password reset -----------------------------------------------------------------------


def _reset_path(body: str) -> str:
    match = re.search(r"https?://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_password_reset_sends_one_email_with_working_link(mentee_user):
    client = Client()

    response = client.post("/accounts/password/reset/", {"email": "mentee@example.com"})

    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mentee@example.com"]
    assert "reset the Mentorpath password for mentee@example.com" in message.body

    # The link redirects to a token-free "set-password" URL, where the new password is set.
    link = client.get(_reset_path(message.body))
    assert link.status_code == 302
    form = client.get(link.url)
    assert form.status_code == 200
    assert "Choose a new password" in _text(form)
    assert 'name="new_password1"' in _text(form)
    done = client.post(link.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done.url == "/accounts/password/reset/done/"
    mentee_user.refresh_from_db()
    assert mentee_user.check_password(NEW_PASSWORD)
    assert Client().login(email="mentee@example.com", password=NEW_PASSWORD)


def test_password_reset_link_used_twice_is_invalid(mentee_user):
    client = Client()
    client.post("/accounts/password/reset/", {"email": "mentee@example.com"})
    path = _reset_path(mail.outbox[0].body)
    link = client.get(path)
    client.post(link.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = Client().get(path)

    assert response.status_code == 200
    assert "This reset link is invalid or was already used." in _text(response)


def test_password_reset_unknown_email_sends_nothing_but_looks_the_same():
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert mail.outbox == []


# --- account settings and API tokens ------------------------------------------------------


def test_account_settings_shows_email_and_no_tokens(client_for, mentee_user):
    response = client_for(mentee_user).get("/accounts/settings/")

    assert response.status_code == 200
    assert "Signed in as <strong>mentee@example.com</strong>." in _text(response)
    assert 'id="new-token"' not in _text(response)


def test_token_create_shows_key_once_and_stores_only_digest(client_for, mentee_user):
    client = client_for(mentee_user)

    response = client.post(
        "/accounts/settings/", {"name": "HR analytics export", "scopes": ["read", "write"]}
    )

    assert response.status_code == 200
    match = re.search(r'<code id="new-token">(mp_[^<]+)</code>', _text(response))
    assert match
    key = match.group(1)
    token = ApiToken.objects.get(user=mentee_user)
    assert token.name == "HR analytics export"
    assert token.scope_names == ["read", "write"]
    assert token.expires_at is None
    assert token.digest == ApiToken.digest_of(key)
    assert token.prefix == key[:8]
    again = _text(client.get("/accounts/settings/"))
    assert key not in again
    assert "HR analytics export" in again
    assert f"<code>{key[:8]}…</code>" in again


def test_token_create_without_name_shows_error_and_creates_nothing(client_for, mentee_user):
    response = client_for(mentee_user).post("/accounts/settings/", {"name": ""})

    assert response.status_code == 200
    assert '<p class="error" id="id_name_error">This field is required.</p>' in _text(response)
    assert '<p class="error" id="id_scopes_error">Choose at least one scope.</p>' in _text(response)
    assert not ApiToken.objects.exists()


def test_token_list_shows_only_own_tokens(client_for, mentee_user, mentor_user):
    api_token_create(user=mentee_user, name="mine")
    api_token_create(user=mentor_user, name="someone-elses")

    text = _text(client_for(mentee_user).get("/accounts/settings/"))

    assert "<td>mine</td>" in text
    assert "someone-elses" not in text


def test_token_revoke_own_token_marks_it_revoked_and_keeps_the_row(client_for, mentee_user):
    token, _ = api_token_create(user=mentee_user, name="old script")
    client = client_for(mentee_user)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert response.url == "/accounts/settings/"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == mentee_user
    page = _text(client.get(response.url))
    assert "Token “old script” was revoked." in page
    assert '<span class="badge badge-closed">Revoked</span>' in page
    assert f"/accounts/tokens/{token.pk}/revoke/" not in page


def test_token_revoke_other_users_token_404_and_kept(client_for, mentee_user, mentor_user):
    token, _ = api_token_create(user=mentor_user, name="mentor token")

    response = client_for(mentee_user).post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_revoke_by_admin_of_other_users_token_404(client_for, admin_user, mentor_user):
    token, _ = api_token_create(user=mentor_user, name="mentor token")

    response = client_for(admin_user).post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_revoke_get_not_allowed(client_for, mentee_user):
    token, _ = api_token_create(user=mentee_user, name="kept")

    response = client_for(mentee_user).get(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_account_settings_user_without_person_works(client_for):
    user = UserFactory(email="loginonly@example.com")

    response = client_for(user).get("/accounts/settings/")

    assert response.status_code == 200
    assert "loginonly@example.com" in _text(response)
