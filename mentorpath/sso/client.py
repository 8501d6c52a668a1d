"""The OpenID Connect relying party: authorization code flow with PKCE (S256), by Authlib.

`begin` sends the browser to the provider with a fresh `state`, `nonce` and PKCE verifier
kept in the session; `finish` checks the returned `state` against the session, redeems the
code with the verifier, and verifies the ID token: its signature against the provider's JWKS
(from discovery), `iss` (the configured issuer), `aud` (our client id), `exp`/`iat` and the
`nonce`. It returns the verified claims, with the userinfo endpoint's added when the ID token
carries only the subject (providers that conform the ID token to the minimum do so), and the
raw ID token, which `end_session_url` later sends back as `id_token_hint` (RP-Initiated
Logout 1.0).
"""

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from authlib.common.urls import add_params_to_uri
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from joserfc.errors import JoseError
from requests import RequestException

# How long discovery metadata and keys are reused before being fetched again (an unknown key
# id fetches the keys at once, so a provider's key rotation needs no wait).
METADATA_SECONDS = 3600


class SsoError(Exception):
    """The login through the provider failed; the message is shown to the person."""


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    label: str
    timeout: float

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"


@dataclass(frozen=True)
class SsoLogin:
    claims: dict[str, Any]
    id_token: str


def oidc_config() -> OidcConfig | None:
    """The provider configured by the environment, or None when SSO is off."""
    if not (settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID):
        return None
    scopes = settings.OIDC_SCOPES.split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    return OidcConfig(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scopes=" ".join(scopes),
        label=settings.OIDC_BUTTON_LABEL,
        timeout=settings.OIDC_TIMEOUT_SECONDS,
    )


_clients: dict[OidcConfig, tuple[float, DjangoOAuth2App]] = {}
_lock = threading.Lock()


def _client(config: OidcConfig) -> DjangoOAuth2App:
    """One Authlib client per configuration, kept for METADATA_SECONDS (a cache only: any
    process builds its own, and all state of a login lives in the session)."""
    with _lock:
        cached = _clients.get(config)
        if cached and time.monotonic() - cached[0] < METADATA_SECONDS:
            return cached[1]
        client = OAuth().register(
            name="oidc",
            client_id=config.client_id,
            client_secret=config.client_secret or None,
            server_metadata_url=config.discovery_url,
            client_kwargs={
                "scope": config.scopes,
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": (
                    "client_secret_basic" if config.client_secret else "none"
                ),
                "default_timeout": config.timeout,
            },
        )
        _clients[config] = (time.monotonic(), client)
        return client


def _metadata(client: DjangoOAuth2App, config: OidcConfig) -> dict[str, Any]:
    try:
        metadata = client.load_server_metadata()
    except (RequestException, ValueError) as error:
        raise SsoError(
            f"The identity provider could not be reached ({type(error).__name__})."
        ) from error
    # OpenID Connect Discovery 1.0 §4.3: the issuer in the metadata must be the one asked.
    if str(metadata.get("issuer", "")).rstrip("/") != config.issuer.rstrip("/"):
        raise SsoError("The identity provider's discovery document names another issuer.")
    if "S256" not in metadata.get("code_challenge_methods_supported", ["S256"]):
        raise SsoError("The identity provider does not support PKCE with S256.")
    return metadata


def begin(request: HttpRequest, *, config: OidcConfig, redirect_uri: str) -> HttpResponseRedirect:
    """Redirect to the provider's authorization endpoint (state, nonce and the PKCE verifier
    are stored in the session by Authlib)."""
    client = _client(config)
    _metadata(client, config)
    try:
        return client.authorize_redirect(request, redirect_uri)
    except (RequestException, OAuthError) as error:
        raise SsoError("The login could not be started at the identity provider.") from error


def finish(request: HttpRequest, *, config: OidcConfig) -> SsoLogin:
    """Check the provider's answer; the ID token's verified claims (plus userinfo) and the
    raw ID token."""
    client = _client(config)
    metadata = _metadata(client, config)
    if request.GET.get("error"):
        description = request.GET.get("error_description") or request.GET["error"]
        raise SsoError(f"The identity provider refused the login: {description}")
    if "iss" in request.GET and request.GET["iss"] != metadata["issuer"]:
        # RFC 9207: the authorization response names the issuer that sent it.
        raise SsoError("The login answer came from another identity provider.")
    try:
        token = client.authorize_access_token(request)
    except OAuthError as error:
        if error.error == "mismatching_state":
            raise SsoError(
                "This login link is not the one this browser started (its state does not "
                "match, or it was already used). Please start again."
            ) from error
        raise SsoError(f"The identity provider refused the login: {error.description}") from error
    except JoseError as error:
        raise SsoError(f"The identity provider's ID token was refused: {error}") from error
    except RequestException as error:
        raise SsoError(
            f"The identity provider could not be reached ({type(error).__name__})."
        ) from error
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise SsoError("The identity provider did not send an ID token.")
    result = dict(claims)
    if "email" not in result and metadata.get("userinfo_endpoint"):
        try:
            userinfo = dict(client.userinfo(token=token))
        except (RequestException, OAuthError, ValueError) as error:
            raise SsoError("The identity provider's user information could not be read.") from error
        # OpenID Connect Core §5.3.2: userinfo about anyone else must not be used.
        if userinfo.get("sub") != result["sub"]:
            raise SsoError("The identity provider's user information is about someone else.")
        result = {**userinfo, **result}
    result["iss"] = metadata["issuer"]
    return SsoLogin(claims=result, id_token=str(token.get("id_token") or ""))


def end_session_url(
    *, config: OidcConfig, id_token: str, post_logout_redirect_uri: str, state: str
) -> str | None:
    """The address that ends the person's session at the provider and sends the browser back
    to `post_logout_redirect_uri` (OpenID Connect RP-Initiated Logout 1.0), or None when the
    provider's discovery document names no `end_session_endpoint`."""
    metadata = _metadata(_client(config), config)
    endpoint = str(metadata.get("end_session_endpoint") or "")
    if not endpoint:
        return None
    if urlsplit(endpoint).scheme not in {"https", urlsplit(config.issuer).scheme}:
        raise SsoError("The identity provider's logout address is not a web address.")
    params = [
        ("id_token_hint", id_token),
        ("client_id", config.client_id),
        ("post_logout_redirect_uri", post_logout_redirect_uri),
        ("state", state),
    ]
    return add_params_to_uri(endpoint, [(name, value) for name, value in params if value])
