"""API token scopes (read, write, admin), revocation, expiry and service-account tokens."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mentorpath.accounts.models import ApiToken
from mentorpath.accounts.services import (
    api_token_create,
    api_token_revoke,
    service_account_create,
    service_account_deactivate,
)
from mentorpath.programs.models import Enrollment
from mentorpath.succession.models import KeyRole
from mentorpath.succession.permissions import REFUSED
from tests.api.conftest import API, ApiClient

pytestmark = pytest.mark.django_db


def _client(key: str) -> ApiClient:
    return ApiClient(Client(headers={"Authorization": f"Bearer {key}"}))


def _token(user, *scopes: str) -> ApiClient:
    _, key = api_token_create(user=user, name="tests", scopes=scopes)
    return _client(key)


# --- read and write -----------------------------------------------------------------------


def test_read_token_can_get_but_not_post(program, mentee_user):
    api = _token(mentee_user, "read")
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    got = api.get("/people/me")
    posted = api.post(f"/enrollments/{enrollment.pk}/withdraw")

    assert got.status_code == 200
    assert got.json()["email"] == "mentee@example.com"
    assert posted.status_code == 403
    assert posted.json() == {"detail": "This token lacks the 'write' scope.", "errors": {}}
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/programs/career-compass/matching/config"),
        ("patch", "/programs/career-compass"),
        ("delete", "/succession/roles/1"),
    ],
)
def test_read_token_refused_every_unsafe_method(admin_user, method, path):
    _, key = api_token_create(user=admin_user, name="ro", scopes=["read", "admin"])
    client = Client(headers={"Authorization": f"Bearer {key}"})

    response = getattr(client, method)(API + path, {}, content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"detail": "This token lacks the 'write' scope.", "errors": {}}


def test_write_token_can_post(program, mentee_user):
    api = _token(mentee_user, "write")
    enrollment = Enrollment.objects.get(person=mentee_user.person)

    response = api.post(f"/enrollments/{enrollment.pk}/withdraw")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_write_only_token_cannot_get(mentee_user):
    response = _token(mentee_user, "write").get("/people/me")

    assert response.status_code == 403
    assert response.json() == {"detail": "This token lacks the 'read' scope.", "errors": {}}


def test_scope_refusal_still_records_the_use(mentee_user):
    token, key = api_token_create(user=mentee_user, name="ro", scopes=["read"])

    _client(key).post("/programs", {})

    token.refresh_from_db()
    assert token.last_used_at is not None


# --- admin --------------------------------------------------------------------------------


def test_admins_token_without_admin_scope_acts_as_a_member(admin_user):
    KeyRole.objects.create(title="CFO")
    api = _token(admin_user, "read", "write")

    listed = api.get("/succession/roles")
    created = api.post("/succession/roles", {"title": "CTO"})

    assert listed.status_code == 403
    assert listed.json() == {"detail": REFUSED, "errors": {}}
    assert created.status_code == 403
    assert list(KeyRole.objects.values_list("title", flat=True)) == ["CFO"]


def test_same_admins_admin_scoped_token_uses_admin_endpoints(admin_user):
    KeyRole.objects.create(title="CFO")
    api = _token(admin_user, "read", "write", "admin")

    listed = api.get("/succession/roles")
    created = api.post("/succession/roles", {"title": "CTO"})

    assert listed.status_code == 200
    assert [row["title"] for row in listed.json()["items"]] == ["CFO"]
    assert created.status_code == 201
    assert set(KeyRole.objects.values_list("title", flat=True)) == {"CFO", "CTO"}


def test_admin_scope_alone_does_not_allow_reading(admin_user):
    response = _token(admin_user, "admin").get("/succession/roles")

    assert response.status_code == 403
    assert response.json() == {"detail": "This token lacks the 'read' scope.", "errors": {}}


def test_admins_session_keeps_admin_rights_after_a_scoped_token_call(admin_user, client_for):
    _token(admin_user, "read").get("/succession/roles")

    response = client_for(admin_user).get(f"{API}/succession/roles")

    assert response.status_code == 200


def test_executive_reads_succession_with_a_read_token(executive_user):
    # Executives' aggregate read access is their role, not an admin right.
    response = _token(executive_user, "read").get("/succession/roles")

    assert response.status_code == 200


def test_default_token_of_an_admin_has_every_scope(admin_user):
    token, _ = api_token_create(user=admin_user, name="all")

    assert token.scope_names == ["read", "write", "admin"]


# --- revoked, expired ---------------------------------------------------------------------


def test_revoked_token_gets_401_and_row_is_kept(mentee_user):
    token, key = api_token_create(user=mentee_user, name="old", scopes=["read"])
    api_token_revoke(token=token, by=mentee_user)

    response = _client(key).get("/people/me")

    assert response.status_code == 401
    assert response.json() == {"detail": "The API token was revoked.", "errors": {}}
    assert response["WWW-Authenticate"] == "Bearer"
    assert ApiToken.objects.filter(pk=token.pk, revoked_by=mentee_user).exists()


def test_expired_token_gets_401(mentee_user):
    token, key = api_token_create(
        user=mentee_user,
        name="short",
        scopes=["read"],
        expires_at=timezone.now() + timedelta(days=1),
    )
    api = _client(key)
    before = api.get("/people/me")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    after = api.get("/people/me")

    assert before.status_code == 200
    assert after.status_code == 401
    assert after.json() == {"detail": "The API token has expired.", "errors": {}}


def test_revoked_token_refused_even_with_a_valid_session(mentee_user, client_for):
    token, key = api_token_create(user=mentee_user, name="old", scopes=["read"])
    api_token_revoke(token=token, by=mentee_user)

    response = client_for(mentee_user).get(
        f"{API}/people/me", headers={"Authorization": f"Bearer {key}"}
    )

    assert response.status_code == 401


# --- service accounts ---------------------------------------------------------------------


def test_service_token_works_with_its_accounts_rights(admin_user, program):
    _, _, key = service_account_create(
        created_by=admin_user,
        name="BI dashboard",
        org_role="executive",
        token_name="prod",
        scopes=["read"],
    )
    api = _client(key)

    programs = api.get("/programs")
    roles = api.get("/succession/roles")
    created = api.post("/succession/roles", {"title": "CTO"})

    assert programs.status_code == 200
    assert [row["slug"] for row in programs.json()["items"]] == ["career-compass"]
    assert roles.status_code == 200
    assert created.status_code == 403
    assert created.json()["detail"] == "This token lacks the 'write' scope."


def test_member_service_token_is_refused_admin_endpoints(admin_user):
    _, _, key = service_account_create(
        created_by=admin_user, name="Chat bot", token_name="prod", scopes=["read"]
    )

    response = _client(key).get("/succession/roles")

    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED, "errors": {}}


def test_admin_service_token_with_admin_scope_uses_admin_endpoints(admin_user):
    _, _, key = service_account_create(
        created_by=admin_user,
        name="Workday sync",
        org_role="admin",
        token_name="prod",
        scopes=["read", "write", "admin"],
    )

    response = _client(key).post("/succession/roles", {"title": "CTO"})

    assert response.status_code == 201


def test_deactivated_service_account_tokens_get_401(admin_user):
    account, _, key = service_account_create(
        created_by=admin_user, name="BI dashboard", token_name="prod", scopes=["read"]
    )
    service_account_deactivate(account=account, by=admin_user)

    response = _client(key).get("/programs")

    assert response.status_code == 401
    assert response.json()["detail"] == "The API token's account is deactivated."


def test_service_account_session_is_not_accepted(admin_user):
    account, _, _ = service_account_create(
        created_by=admin_user, name="BI dashboard", token_name="prod", scopes=["read"]
    )
    client = Client()
    client.force_login(account)  # it cannot log in; even a forged session grants nothing

    response = client.get(f"{API}/programs")

    assert response.status_code == 401


def test_key_is_in_no_api_response(admin_user, program):
    _, key = api_token_create(user=admin_user, name="all")
    api = _client(key)

    bodies = [api.get(path).content.decode() for path in ["/people/me", "/people", "/programs"]]

    assert all(key not in body and key[8:] not in body for body in bodies)
