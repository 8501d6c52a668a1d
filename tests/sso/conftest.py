"""A real OpenID Connect provider (node-oidc-provider, tests/sso/provider/) run as a
subprocess on a free port for the test session, and helpers to log in through it with a
real HTTP client against Django's live server."""

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

PROVIDER_DIR = Path(__file__).parent / "provider"
CLIENT_ID = "mentorpath"
CLIENT_SECRET = "mentorpath-test-secret"
PUBLIC_CLIENT_ID = "mentorpath-public"
PASSWORD = "provider-password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    issuer: str

    def add_account(
        self,
        login: str,
        *,
        sub: str,
        email: str,
        email_verified: bool | None = True,
        name: str = "",
        password: str = PASSWORD,
    ) -> None:
        """Declare (or change) an account at the provider."""
        response = requests.post(
            f"{self.issuer}/test/accounts",
            json={
                "login": login,
                "password": password,
                "sub": sub,
                "email": email,
                "email_verified": email_verified,
                "name": name,
            },
            timeout=10,
        )
        response.raise_for_status()


@contextmanager
def running_provider(live_server, log_dir: Path, **extra_env: str) -> Iterator[Provider]:
    """A provider process for Mentorpath's live server, stopped when the block ends."""
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("The test OpenID Connect provider is not installed: run `make oidc-provider`.")
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the SSO tests (the provider is node-oidc-provider).")
    port = _free_port()
    log_path = log_dir / "provider.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "REDIRECT_URIS": f"{live_server.url}/sso/callback/",
        "POST_LOGOUT_REDIRECT_URIS": f"{live_server.url}/accounts/login/",
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "PUBLIC_CLIENT_ID": PUBLIC_CLIENT_ID,
        **extra_env,
    }
    issuer = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [node, "provider.js"], cwd=PROVIDER_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 60
            while f"listening {issuer}" not in log_path.read_text():
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"The OIDC provider did not start:\n{log_path.read_text()}")
                time.sleep(0.1)
            yield Provider(issuer=issuer)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    with running_provider(live_server, tmp_path_factory.mktemp("oidc-provider")) as provider:
        # The live server's first answer is slow (static files are indexed then): take it
        # here, so that the tests' own requests keep short timeouts.
        requests.get(f"{live_server.url}/accounts/login/", timeout=120)
        yield provider


@pytest.fixture
def sso_settings(settings, oidc_provider):
    """Django configured for the test provider with a confidential client."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_SCOPES = "openid email profile"
    settings.OIDC_BUTTON_LABEL = "Test IdP"
    settings.OIDC_CREATE_USERS = True
    settings.LOCAL_LOGIN_ENABLED = True
    return settings


FORM_ACTION = re.compile(r'<form[^>]*\baction="([^"]+)"')


def provider_login_page(session: requests.Session, base: str, next_url: str = "") -> str:
    """Click "Log in with …": follow the redirects to the provider's login page; its URL."""
    params = {"next": next_url} if next_url else {}
    response = session.get(f"{base}/sso/login/", params=params, timeout=10)
    assert response.status_code == 200, response.text
    assert "Sign in to the test identity provider" in response.text
    return response.url


def submit_provider_login(
    session: requests.Session, page_url: str, login: str, password: str = PASSWORD, **kwargs
) -> requests.Response:
    """Fill the provider's login form and submit it, as the browser would."""
    page = session.get(page_url, timeout=10)
    action = unescape(FORM_ACTION.search(page.text).group(1))
    return session.post(
        urljoin(page_url, action),
        data={"login": login, "password": password},
        timeout=10,
        **kwargs,
    )


def log_in_through_provider(
    base: str, login: str, password: str = PASSWORD, next_url: str = ""
) -> tuple[requests.Session, requests.Response]:
    """The whole journey: Mentorpath → provider login → consent → callback → Mentorpath."""
    session = requests.Session()
    page_url = provider_login_page(session, base, next_url)
    return session, submit_provider_login(session, page_url, login, password)


def logged_in_as(session: requests.Session, base: str) -> str:
    """The home page's greeting for the session (the login page when logged out)."""
    response = session.get(f"{base}/", timeout=10)
    assert response.status_code == 200
    if "Welcome, " not in response.text:
        return ""
    return response.text.split("Welcome, ", 1)[1].split("<", 1)[0]
