"""OpenID Connect login end to end: a real HTTP client against Django's live server and the
real provider (node-oidc-provider) started by the `oidc_provider` fixture. Nothing is mocked:
discovery, PKCE, state, nonce, the code exchange and the ID token's signature all happen."""

from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests

from mentorpath.accounts.enums import OrgRole
from mentorpath.accounts.models import User
from mentorpath.sso.models import SsoIdentity
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.sso.conftest import (
    PUBLIC_CLIENT_ID,
    log_in_through_provider,
    logged_in_as,
    provider_login_page,
    submit_provider_login,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_first_login_creates_the_user_just_in_time_and_links_their_person(
    live_server, oidc_provider, sso_settings
):
    person = PersonFactory(first_name="Ada", last_name="Lovelace", email="Ada.Lovelace@example.com")
    oidc_provider.add_account(
        "ada", sub="sub-ada", email="ada.lovelace@example.com", name="Ada L. at the IdP"
    )

    session, response = log_in_through_provider(live_server.url, "ada")

    assert response.status_code == 200
    assert response.url == f"{live_server.url}/"
    assert "Welcome, Ada" in response.text
    user = User.objects.get()
    assert user.email == "ada.lovelace@example.com"
    assert user.full_name == "Ada Lovelace"  # the HR record's name, not the provider's
    assert user.org_role == OrgRole.MEMBER
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert not user.has_usable_password()
    assert user.last_login is not None
    person.refresh_from_db()
    assert person.user == user
    identity = SsoIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject, identity.email) == (
        user,
        oidc_provider.issuer,
        "sub-ada",
        "ada.lovelace@example.com",
    )
    assert logged_in_as(session, live_server.url) == "Ada"


def test_just_in_time_user_without_a_person_is_named_by_the_provider(
    live_server, oidc_provider, sso_settings
):
    oidc_provider.add_account("lin", sub="sub-lin", email="lin@example.com", name="Lin Chen")

    _, response = log_in_through_provider(live_server.url, "lin")

    assert "Welcome, Lin" in response.text
    user = User.objects.get()
    assert (user.email, user.full_name) == ("lin@example.com", "Lin Chen")
    assert not hasattr(user, "person")


def test_existing_user_is_matched_by_email_whatever_its_case(
    live_server, oidc_provider, sso_settings, mentee_user
):
    oidc_provider.add_account("mentee", sub="sub-mentee", email="MENTEE@Example.COM")

    _, response = log_in_through_provider(live_server.url, "mentee")

    assert response.url == f"{live_server.url}/"
    assert User.objects.count() == 1
    identity = SsoIdentity.objects.get()
    assert (identity.user, identity.subject) == (mentee_user, "sub-mentee")
    mentee_user.refresh_from_db()
    assert mentee_user.has_usable_password()  # the password stays for break-glass use
    assert mentee_user.person.email == "mentee@example.com"


def test_existing_user_without_a_person_is_linked_to_the_unlinked_person_with_their_email(
    live_server, oidc_provider, sso_settings
):
    user = UserFactory(email="grace@example.com", full_name="Grace Hopper")
    person = PersonFactory(first_name="Grace", last_name="Hopper", email="grace@example.com")
    oidc_provider.add_account("grace", sub="sub-grace", email="grace@example.com")

    log_in_through_provider(live_server.url, "grace")

    person.refresh_from_db()
    assert person.user == user


def test_a_person_linked_to_another_user_is_not_taken_over(
    live_server, oidc_provider, sso_settings
):
    other = UserFactory(email="someone.else@example.com")
    person = PersonFactory(email="shared@example.com", user=other)
    oidc_provider.add_account("shared", sub="sub-shared", email="shared@example.com")

    _, response = log_in_through_provider(live_server.url, "shared")

    assert response.url == f"{live_server.url}/"
    person.refresh_from_db()
    assert person.user == other
    assert not hasattr(User.objects.get(email="shared@example.com"), "person")


def test_the_subject_finds_the_same_user_after_an_email_change_at_the_provider(
    live_server, oidc_provider, sso_settings
):
    oidc_provider.add_account("kim", sub="sub-kim", email="kim.old@example.com", name="Kim Park")
    log_in_through_provider(live_server.url, "kim")
    user = User.objects.get()

    oidc_provider.add_account("kim", sub="sub-kim", email="kim.new@example.com", name="Kim Park")
    session, response = log_in_through_provider(live_server.url, "kim")

    assert response.url == f"{live_server.url}/"
    assert list(User.objects.values_list("pk", flat=True)) == [user.pk]
    identity = SsoIdentity.objects.get()
    assert (identity.user, identity.email) == (user, "kim.new@example.com")
    assert logged_in_as(session, live_server.url) == "Kim"


def test_another_subject_claiming_a_linked_users_email_is_refused(
    live_server, oidc_provider, sso_settings
):
    oidc_provider.add_account("old", sub="sub-old", email="sam@example.com")
    log_in_through_provider(live_server.url, "old")
    oidc_provider.add_account("new", sub="sub-new", email="sam@example.com")

    session, response = log_in_through_provider(live_server.url, "new")

    assert response.status_code == 403
    assert "linked to another account at your identity provider" in response.text
    assert SsoIdentity.objects.get().subject == "sub-old"
    assert logged_in_as(session, live_server.url) == ""


def test_an_unverified_email_is_refused(live_server, oidc_provider, sso_settings):
    PersonFactory(email="eve@example.com")
    oidc_provider.add_account("eve", sub="sub-eve", email="eve@example.com", email_verified=False)

    session, response = log_in_through_provider(live_server.url, "eve")

    assert response.status_code == 403
    assert response.url.startswith(f"{live_server.url}/sso/callback/")
    assert "says your email address is not verified" in response.text
    assert not User.objects.exists()
    assert not SsoIdentity.objects.exists()
    assert logged_in_as(session, live_server.url) == ""


def test_an_email_without_the_verified_claim_is_accepted(live_server, oidc_provider, sso_settings):
    """Entra ID sends no email_verified claim; the provider then vouches for the address."""
    oidc_provider.add_account("ali", sub="sub-ali", email="ali@example.com", email_verified=None)

    _, response = log_in_through_provider(live_server.url, "ali")

    assert response.url == f"{live_server.url}/"
    assert User.objects.get().email == "ali@example.com"


@pytest.mark.parametrize("linked", [False, True], ids=["by-email", "by-subject"])
def test_a_deactivated_user_is_refused(live_server, oidc_provider, sso_settings, linked):
    user = UserFactory(email="gone@example.com", is_active=True)
    oidc_provider.add_account("gone", sub="sub-gone", email="gone@example.com")
    if linked:
        log_in_through_provider(live_server.url, "gone")
    User.objects.filter(pk=user.pk).update(is_active=False)  # e.g. deprovisioned by SCIM

    session, response = log_in_through_provider(live_server.url, "gone")

    assert response.status_code == 403
    assert "Your Mentorpath account is deactivated" in response.text
    assert logged_in_as(session, live_server.url) == ""


def test_unknown_people_are_refused_when_just_in_time_creation_is_off(
    live_server, oidc_provider, sso_settings
):
    sso_settings.OIDC_CREATE_USERS = False
    oidc_provider.add_account("new", sub="sub-new", email="newcomer@example.com")

    _, response = log_in_through_provider(live_server.url, "new")

    assert response.status_code == 403
    assert "There is no Mentorpath account for your email address" in response.text
    assert not User.objects.exists()


def test_the_authorization_request_uses_pkce_s256_state_and_nonce(
    live_server, oidc_provider, sso_settings
):
    response = requests.get(f"{live_server.url}/sso/login/", allow_redirects=False, timeout=10)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{oidc_provider.issuer}/auth"
    )
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["mentorpath"]
    assert query["redirect_uri"] == [f"{live_server.url}/sso/callback/"]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256 digest
    assert len(query["state"][0]) >= 20
    assert len(query["nonce"][0]) >= 20


def _callback_url(session: requests.Session, base: str, login: str) -> str:
    """Log in at the provider but stop at the redirect back to Mentorpath: its URL."""
    page_url = provider_login_page(session, base)
    response = submit_provider_login(session, page_url, login, allow_redirects=False)
    while not response.headers["Location"].startswith(f"{base}/sso/callback/"):
        response = session.get(
            urljoin(response.url, response.headers["Location"]), allow_redirects=False, timeout=10
        )
    return response.headers["Location"]


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_a_state_that_does_not_match_is_refused(live_server, oidc_provider, sso_settings):
    oidc_provider.add_account("ada", sub="sub-ada", email="ada@example.com")
    session = requests.Session()
    callback = _callback_url(session, live_server.url, "ada")

    tampered = session.get(_with_query(callback, state="forged-state"), timeout=10)

    assert tampered.status_code == 400
    assert "its state does not match" in tampered.text
    assert not User.objects.exists()
    # The genuine answer still works: the refusal was the state check's.
    genuine = session.get(callback, timeout=10)
    assert genuine.url == f"{live_server.url}/"
    assert User.objects.get().email == "ada@example.com"
    # ...once: replaying it is refused too.
    replay = session.get(callback, timeout=10)
    assert replay.status_code == 400
    assert "its state does not match" in replay.text


def test_a_callback_from_another_browser_is_refused(live_server, oidc_provider, sso_settings):
    """Login CSRF: an attacker's code and state, sent to a victim's browser, are refused."""
    oidc_provider.add_account("mallory", sub="sub-mallory", email="mallory@example.com")
    callback = _callback_url(requests.Session(), live_server.url, "mallory")

    victim = requests.Session()
    response = victim.get(callback, timeout=10)

    assert response.status_code == 400
    assert "its state does not match" in response.text
    assert logged_in_as(victim, live_server.url) == ""
    assert not User.objects.exists()


def test_an_error_from_the_provider_is_shown(live_server, oidc_provider, sso_settings):
    session = requests.Session()
    provider_login_page(session, live_server.url)

    response = session.get(
        f"{live_server.url}/sso/callback/",
        params={"error": "access_denied", "error_description": "The user said no"},
        timeout=10,
    )

    assert response.status_code == 400
    assert "The identity provider refused the login: The user said no" in response.text


def test_a_public_client_logs_in_with_pkce_alone(live_server, oidc_provider, sso_settings):
    sso_settings.OIDC_CLIENT_ID = PUBLIC_CLIENT_ID
    sso_settings.OIDC_CLIENT_SECRET = ""
    oidc_provider.add_account("pat", sub="sub-pat", email="pat@example.com", name="Pat Doe")

    _, response = log_in_through_provider(live_server.url, "pat")

    assert response.url == f"{live_server.url}/"
    assert "Welcome, Pat" in response.text


def test_a_wrong_client_secret_is_refused_by_the_provider(live_server, oidc_provider, sso_settings):
    sso_settings.OIDC_CLIENT_SECRET = "not-the-secret"
    oidc_provider.add_account("ada", sub="sub-ada", email="ada@example.com")

    _, response = log_in_through_provider(live_server.url, "ada")

    assert response.status_code == 400
    assert "The identity provider refused the login" in response.text
    assert not User.objects.exists()


def test_a_discovery_document_naming_another_issuer_is_refused(
    live_server, oidc_provider, sso_settings
):
    # The same server under another name: its metadata says it is 127.0.0.1, not localhost.
    sso_settings.OIDC_ISSUER = oidc_provider.issuer.replace("127.0.0.1", "localhost")

    response = requests.get(f"{live_server.url}/sso/login/", timeout=10)

    assert response.status_code == 502
    assert "discovery document names another issuer" in response.text


def test_the_next_page_is_kept_through_the_provider(live_server, oidc_provider, sso_settings):
    oidc_provider.add_account("ada", sub="sub-ada", email="ada@example.com")

    _, response = log_in_through_provider(live_server.url, "ada", next_url="/accounts/settings/")

    assert response.url == f"{live_server.url}/accounts/settings/"


def test_an_offsite_next_page_is_ignored(live_server, oidc_provider, sso_settings):
    oidc_provider.add_account("ada", sub="sub-ada", email="ada@example.com")

    _, response = log_in_through_provider(
        live_server.url, "ada", next_url="https://evil.example.com/"
    )

    assert response.url == f"{live_server.url}/"


def test_password_login_is_refused_but_sso_works_when_local_login_is_off(
    live_server, oidc_provider, sso_settings, mentor_user
):
    sso_settings.LOCAL_LOGIN_ENABLED = False
    oidc_provider.add_account("mentor", sub="sub-mentor", email="mentor@example.com")
    session = requests.Session()
    page = session.get(f"{live_server.url}/accounts/login/", timeout=10)
    assert "Log in with Test IdP" in page.text
    assert 'type="password"' not in page.text

    refused = session.post(
        f"{live_server.url}/accounts/login/",
        data={
            "username": "mentor@example.com",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{live_server.url}/accounts/login/"},
        timeout=10,
    )
    assert refused.status_code == 403
    assert logged_in_as(session, live_server.url) == ""

    _, response = log_in_through_provider(live_server.url, "mentor")
    assert response.url == f"{live_server.url}/"
    assert SsoIdentity.objects.get().user == mentor_user
