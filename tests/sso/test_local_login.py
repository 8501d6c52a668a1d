"""The login page with and without single sign-on, and LOCAL_LOGIN_ENABLED=false: no password
form, password login and reset refused, the Django admin's login no back door."""

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture
def sso_on(settings):
    settings.OIDC_ISSUER = "https://login.example.com"
    settings.OIDC_CLIENT_ID = "mentorpath"
    settings.OIDC_CLIENT_SECRET = "secret"
    settings.OIDC_BUTTON_LABEL = "Example SSO"
    settings.LOCAL_LOGIN_ENABLED = True
    return settings


@pytest.fixture
def local_off(sso_on):
    sso_on.LOCAL_LOGIN_ENABLED = False
    return sso_on


def test_without_sso_the_login_page_has_the_password_form_only(db, settings):
    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = ""

    html = Client().get(LOGIN).content.decode()

    assert 'type="password"' in html
    assert "Log in with" not in html
    assert Client().get("/sso/login/").status_code == 404
    assert Client().get("/sso/callback/?code=x&state=y").status_code == 404


def test_with_sso_the_login_page_offers_both_and_keeps_the_next_page(db, sso_on):
    html = Client().get(f"{LOGIN}?next=/people/").content.decode()

    assert '<a class="button" href="/sso/login/?next=/people/">Log in with Example SSO</a>' in html
    assert 'type="password"' in html
    assert "Forgot your password?" in html


def test_password_login_still_works_while_local_login_is_on(db, sso_on, mentee_user):
    client = Client()
    response = client.post(LOGIN, {"username": "mentee@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_with_local_login_off_the_page_offers_sso_only(db, local_off):
    html = Client().get(LOGIN).content.decode()

    assert "Log in with Example SSO" in html
    assert 'type="password"' not in html
    assert "Forgot your password?" not in html
    assert "Password login is turned off" in html


def test_with_local_login_off_a_password_post_is_refused(db, local_off, admin_user):
    client = Client()
    response = client.post(LOGIN, {"username": "admin@example.com", "password": PASSWORD})

    assert response.status_code == 403
    assert "Password login is turned off for this organization" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still logged out


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password/reset/",
        "/accounts/password/reset/sent/",
        "/accounts/password/reset/MQ/set-password/",
        "/accounts/password/reset/done/",
    ],
)
def test_with_local_login_off_password_reset_is_refused(db, local_off, mailoutbox, url):
    client = Client()

    assert client.get(url).status_code == 403
    assert client.post(url, {"email": "mentee@example.com"}).status_code == 403
    assert mailoutbox == []


def test_with_local_login_off_the_admin_login_sends_to_the_site_login(db, local_off, admin_user):
    client = Client()

    response = client.get("/admin/login/?next=/admin/people/person/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fadmin%2Fpeople%2Fperson%2F"

    # A password POST to the admin's login logs nobody in.
    response = client.post("/admin/login/", {"username": "admin@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session

    # The admin's own pages send a logged-out visitor the same way.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('accounts:login')}?next=%2Fadmin%2F"


def test_with_local_login_off_the_admin_login_lets_logged_in_staff_through(
    db, local_off, admin_user, mentee_user, client_for
):
    assert client_for(admin_user).get("/admin/login/")["Location"] == "/admin/"
    assert client_for(mentee_user).get("/admin/login/").status_code == 403


def test_with_local_login_on_the_admin_login_is_djangos(db, sso_on, admin_user):
    client = Client()
    assert client.get("/admin/login/").status_code == 200
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_turning_local_login_off_without_sso_fails_the_system_check(settings):
    settings.OIDC_ISSUER = ""
    settings.LOCAL_LOGIN_ENABLED = False

    errors = [m for m in run_checks() if m.id == "sso.E001"]

    assert len(errors) == 1
    assert "nobody could log in" in errors[0].msg


def test_turning_local_login_off_with_sso_passes_the_system_check(local_off):
    assert [m for m in run_checks() if m.id == "sso.E001"] == []
