"""Every SCIM endpoint needs the bearer key of a live SCIM token; nothing else lets one in."""

import pytest

from mentorpath.accounts.services import api_token_create
from mentorpath.scim.models import ScimToken
from mentorpath.scim.services import scim_token_create, scim_token_revoke
from tests.scim.conftest import CONTENT_TYPE, ScimClient, assert_scim_error, user_body

ENDPOINTS = ["Users", "Users/1", "ServiceProviderConfig", "Schemas", "ResourceTypes", "Groups"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_missing_token_is_refused_with_401(db, path):
    response = ScimClient(None).get(path)
    body = assert_scim_error(response, 401)
    assert body["detail"] == "Authorization: Bearer <SCIM token> is required."
    assert response["WWW-Authenticate"] == 'Bearer realm="SCIM"'


@pytest.mark.parametrize("path", ENDPOINTS)
def test_wrong_token_is_refused_with_401(scim_key, path):
    body = assert_scim_error(ScimClient(scim_key + "x").get(path), 401)
    assert body["detail"] == "The bearer token is not a live SCIM token."


def test_revoked_token_is_refused_with_401(db):
    token, key = scim_token_create(name="Old Okta", created_by=None)
    assert ScimClient(key).get("Users").status_code == 200
    scim_token_revoke(token=token)
    assert_scim_error(ScimClient(key).get("Users"), 401)
    assert_scim_error(ScimClient(key).post("Users", user_body("a@example.com", "A", "B")), 401)


def test_other_schemes_and_api_tokens_are_refused(scim_key, admin_user):
    client = ScimClient(None)
    response = client.client.get("/scim/v2/Users", headers={"Authorization": f"Basic {scim_key}"})
    assert_scim_error(response, 401)
    _, api_key = api_token_create(user=admin_user, name="personal")
    assert_scim_error(ScimClient(api_key).get("Users"), 401)


def test_session_logged_in_admin_without_token_is_refused(client_for, admin_user):
    client = client_for(admin_user)
    response = client.get("/scim/v2/Users")
    assert_scim_error(response, 401)
    response = client.post(
        "/scim/v2/Users",
        user_body("new@example.com", "New", "Person"),
        content_type=CONTENT_TYPE,
    )
    assert_scim_error(response, 401)


def test_live_token_is_accepted_and_its_use_recorded(scim, scim_key):
    assert ScimToken.objects.get().last_used_at is None
    response = scim.get("Users")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert ScimToken.objects.get().last_used_at is not None


def test_bearer_scheme_is_case_insensitive(scim_key):
    client = ScimClient(None)
    response = client.client.get("/scim/v2/Users", headers={"Authorization": f"bearer {scim_key}"})
    assert response.status_code == 200


def test_post_without_csrf_token_is_accepted(scim):
    """Bearer auth: the CSRF check (which would need a cookie) does not apply."""
    scim.client = type(scim.client)(enforce_csrf_checks=True)
    assert scim.post("Users", user_body("csrf@example.com", "C", "S")).status_code == 201


def test_token_key_is_stored_as_digest_only(db):
    token, key = scim_token_create(name="Entra", created_by=None)
    assert key.startswith("scim_")
    assert token.digest == ScimToken.digest_of(key)
    assert token.prefix == key[:12]
    assert key not in {token.digest, token.name}
