"""Logging out after a single sign-on login also ends the session at the identity provider
(OpenID Connect RP-Initiated Logout 1.0), against the real provider (node-oidc-provider) and
Django's live server; a password login's logout, the setting turned off, a provider without an
end-session endpoint and a provider that is down all log out of Mentorpath only."""

import re
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import KeySet

from mentorpath.sso import client as sso_client
from tests.factories import PASSWORD
from tests.sso.conftest import (
    CLIENT_ID,
    log_in_through_provider,
    logged_in_as,
    provider_login_page,
    running_provider,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGOUT_FORM = re.compile(
    r'<form method="post" action="/accounts/logout/">\s*'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
)
PROVIDER_LOGOUT_FORM = re.compile(
    r'<form id="op.logoutForm" method="post" action="([^"]+)">'
    r'<input type="hidden" name="xsrf" value="([^"]+)"/>'
)
UNREACHABLE = "your identity provider could not be reached"
META_REFRESH = re.compile(r"<meta http-equiv=\"refresh\" content=\"0; url='([^']+)'\">")
CONTINUE_LINK = re.compile(r'<a href="([^"]+)">Continue to Test IdP</a>')


def click_log_out(session: requests.Session, base: str) -> requests.Response:
    """Press "Log out" in the header of the home page (its form and CSRF token); the answer
    is not followed."""
    page = session.get(f"{base}/", timeout=10)
    token = LOGOUT_FORM.search(page.text).group(1)
    return session.post(
        f"{base}/accounts/logout/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/"},
        allow_redirects=False,
        timeout=30,
    )


def provider_url_of(page: requests.Response) -> str:
    """The provider address that the "Logging you out" page sends the browser to (its
    refresh, the same as its link)."""
    assert page.status_code == 200
    assert "You are logged out of Mentorpath." in page.text
    refresh = unescape(META_REFRESH.search(page.text).group(1))
    assert refresh == unescape(CONTINUE_LINK.search(page.text).group(1))
    return refresh


def log_in_with_password(base: str, email: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=10,
    )
    assert response.url == f"{base}/"
    return session


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def verified_claims(id_token: str, issuer: str) -> dict:
    """The ID token's claims once its signature is checked against the provider's keys."""
    keys = requests.get(f"{issuer}/jwks", timeout=10).json()
    return jwt.decode(id_token, KeySet.import_key_set(keys)).claims


@pytest.fixture
def ada(oidc_provider):
    oidc_provider.add_account("ada", sub="sub-ada", email="ada@example.com", name="Ada Lovelace")


def test_sso_logout_ends_the_session_here_and_sends_the_browser_to_the_provider(
    live_server, oidc_provider, sso_settings, ada
):
    session, _ = log_in_through_provider(live_server.url, "ada")
    assert logged_in_as(session, live_server.url) == "Ada"

    location = provider_url_of(click_log_out(session, live_server.url))

    assert location.startswith(f"{oidc_provider.issuer}/session/end?")
    params = query_of(location)
    assert set(params) == {"id_token_hint", "client_id", "post_logout_redirect_uri", "state"}
    assert params["client_id"] == CLIENT_ID
    assert params["post_logout_redirect_uri"] == f"{live_server.url}/accounts/login/"
    assert len(params["state"]) >= 16
    claims = verified_claims(params["id_token_hint"], oidc_provider.issuer)
    assert (claims["iss"], claims["aud"], claims["sub"]) == (
        oidc_provider.issuer,
        CLIENT_ID,
        "sub-ada",
    )
    assert logged_in_as(session, live_server.url) == ""


def test_confirming_at_the_provider_ends_its_session_and_comes_back_to_the_login_page(
    live_server, oidc_provider, sso_settings, ada
):
    session, _ = log_in_through_provider(live_server.url, "ada")
    # Logged in at the provider: a second "Log in with …" comes straight back, no password.
    assert session.get(f"{live_server.url}/sso/login/", timeout=10).url == f"{live_server.url}/"

    provider_url = provider_url_of(click_log_out(session, live_server.url))
    state = query_of(provider_url)["state"]
    confirmation = session.get(provider_url, timeout=10)
    assert confirmation.status_code == 200
    assert "Log out of the test identity provider?" in confirmation.text
    action, xsrf = PROVIDER_LOGOUT_FORM.search(confirmation.text).groups()
    answer = session.post(
        urljoin(confirmation.url, unescape(action)),
        data={"xsrf": xsrf, "logout": "yes"},
        timeout=10,
    )

    assert answer.status_code == 200
    assert answer.history[0].status_code == 303
    assert answer.url == f"{live_server.url}/accounts/login/?state={state}"
    assert "<h1>Log in</h1>" in answer.text
    assert logged_in_as(session, live_server.url) == ""
    # Logged out at the provider too: the next "Log in with …" asks for the password again.
    provider_login_page(session, live_server.url)


def test_staying_logged_in_at_the_provider_still_ends_the_session_here(
    live_server, oidc_provider, sso_settings, ada
):
    session, _ = log_in_through_provider(live_server.url, "ada")

    provider_url = provider_url_of(click_log_out(session, live_server.url))
    confirmation = session.get(provider_url, timeout=10)
    action, xsrf = PROVIDER_LOGOUT_FORM.search(confirmation.text).groups()
    answer = session.post(
        urljoin(confirmation.url, unescape(action)), data={"xsrf": xsrf}, timeout=10
    )

    assert answer.url.startswith(f"{live_server.url}/accounts/login/?state=")
    assert logged_in_as(session, live_server.url) == ""


def test_a_password_login_logs_out_here_only(live_server, oidc_provider, sso_settings, mentee_user):
    session = log_in_with_password(live_server.url, "mentee@example.com")

    response = click_log_out(session, live_server.url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/"
    assert logged_in_as(session, live_server.url) == ""


def test_with_logout_at_the_provider_off_an_sso_session_logs_out_here_only(
    live_server, oidc_provider, sso_settings, ada
):
    sso_settings.OIDC_LOGOUT_AT_PROVIDER = False
    session, _ = log_in_through_provider(live_server.url, "ada")

    response = click_log_out(session, live_server.url)

    assert response.headers["Location"] == "/accounts/login/"
    assert logged_in_as(session, live_server.url) == ""
    # Still logged in at the provider, as the setting says.
    assert session.get(f"{live_server.url}/sso/login/", timeout=10).url == f"{live_server.url}/"


def test_a_provider_changed_since_the_login_is_not_sent_the_old_id_token(
    live_server, oidc_provider, sso_settings, ada
):
    session, _ = log_in_through_provider(live_server.url, "ada")
    sso_settings.OIDC_CLIENT_ID = "another-client"

    response = click_log_out(session, live_server.url)

    assert response.headers["Location"] == "/accounts/login/"
    assert logged_in_as(session, live_server.url) == ""


def test_get_is_refused_and_stays_logged_in(live_server, oidc_provider, sso_settings, ada):
    session, _ = log_in_through_provider(live_server.url, "ada")

    response = session.get(f"{live_server.url}/accounts/logout/", allow_redirects=False, timeout=10)

    assert response.status_code == 405
    assert logged_in_as(session, live_server.url) == "Ada"


def test_a_post_without_the_csrf_token_is_refused(live_server, oidc_provider, sso_settings, ada):
    session, _ = log_in_through_provider(live_server.url, "ada")

    response = session.post(
        f"{live_server.url}/accounts/logout/", allow_redirects=False, timeout=10
    )

    assert response.status_code == 403
    assert logged_in_as(session, live_server.url) == "Ada"


def test_a_provider_without_an_end_session_endpoint_logs_out_here_only(
    live_server, sso_settings, tmp_path
):
    with running_provider(live_server, tmp_path, RP_INITIATED_LOGOUT="off") as provider:
        sso_settings.OIDC_ISSUER = provider.issuer
        provider.add_account("ada", sub="sub-ada", email="ada@example.com", name="Ada")
        session, _ = log_in_through_provider(live_server.url, "ada")
        assert (
            "end_session_endpoint"
            not in requests.get(
                f"{provider.issuer}/.well-known/openid-configuration", timeout=10
            ).json()
        )

        response = click_log_out(session, live_server.url)

    assert response.headers["Location"] == "/accounts/login/"
    assert logged_in_as(session, live_server.url) == ""


def test_a_provider_that_is_down_at_logout_does_not_keep_anyone_logged_in(
    live_server, sso_settings, tmp_path, monkeypatch
):
    # The provider's metadata expired from the cache (or this is another worker process):
    # logging out has to ask the provider for it.
    monkeypatch.setattr(sso_client, "METADATA_SECONDS", 0)
    with running_provider(live_server, tmp_path) as provider:
        sso_settings.OIDC_ISSUER = provider.issuer
        provider.add_account("ada", sub="sub-ada", email="ada@example.com", name="Ada")
        session, _ = log_in_through_provider(live_server.url, "ada")
    # The provider is stopped now.

    response = click_log_out(session, live_server.url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/"
    login_page = session.get(f"{live_server.url}/accounts/login/", timeout=10)
    assert UNREACHABLE in unescape(login_page.text)
    assert logged_in_as(session, live_server.url) == ""
