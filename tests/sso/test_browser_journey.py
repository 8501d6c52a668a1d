"""Single sign-on in a real browser: from Mentorpath's login page through the provider's own
login page (node-oidc-provider) and back, logged in as the person HR imported; and logged out
of both again. No console error, no CSP violation."""

import pytest
from playwright.sync_api import Page, expect

from mentorpath.accounts.models import User
from tests.browser.conftest import browser_type_launch_args, page_problems  # noqa: F401
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_imported_person_logs_in_through_the_identity_provider(
    page: Page,
    live_server,
    oidc_provider,
    sso_settings,
    page_problems,  # noqa: F811
) -> None:
    sso_settings.LOCAL_LOGIN_ENABLED = False
    person = PersonFactory(first_name="Noor", last_name="Haddad", email="noor.haddad@example.com")
    oidc_provider.add_account(
        "noor", sub="sub-noor", email="Noor.Haddad@example.com", name="Noor H."
    )
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/people/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
    page.get_by_role("link", name="Log in with Test IdP").click()

    expect(
        page.get_by_role("heading", name="Sign in to the test identity provider")
    ).to_be_visible()
    page.get_by_label("Username").fill("noor")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    page.get_by_label("Username").fill("noor")
    page.get_by_label("Password").fill("provider-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/people/")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Noor")
    user = User.objects.get()
    person.refresh_from_db()
    assert person.user == user
    assert user.email == "noor.haddad@example.com"
    assert page_problems == []


def test_logging_out_ends_the_session_at_the_identity_provider_too(
    page: Page,
    live_server,
    oidc_provider,
    sso_settings,
    page_problems,  # noqa: F811
) -> None:
    oidc_provider.add_account("sami", sub="sub-sami", email="sami@example.com", name="Sami K.")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Log in with Test IdP").click()
    page.get_by_label("Username").fill("sami")
    page.get_by_label("Password").fill("provider-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sami")

    page.get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("heading", name="Log out of the test identity provider?")
    ).to_be_visible()
    page.get_by_role("button", name="Yes, log me out").click()

    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert page.url.startswith(f"{live_server.url}/accounts/login/?state=")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_role("link", name="Log in with Test IdP").click()
    expect(
        page.get_by_role("heading", name="Sign in to the test identity provider")
    ).to_be_visible()
    assert page_problems == []
