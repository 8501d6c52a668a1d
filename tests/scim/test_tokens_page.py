"""The SCIM token page (/scim/v2/tokens/) and the Django admin: org admins only."""

import pytest
from django.contrib.messages import get_messages

from mentorpath.scim.models import ScimToken
from mentorpath.scim.services import scim_token_create
from tests.scim.conftest import ScimClient

URL = "/scim/v2/tokens/"
OTHERS = ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]


def test_admin_sees_page_with_base_url(client_for, admin_user):
    scim_token_create(name="Okta", created_by=admin_user)
    response = client_for(admin_user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<code id="scim-base-url">http://testserver/scim/v2</code>' in html
    assert "Okta" in html
    assert "Revoke" in html


def test_admin_creates_token_shown_once(client_for, admin_user):
    client = client_for(admin_user)

    response = client.post(URL, {"name": "Entra ID"})

    assert response.status_code == 200
    token = ScimToken.objects.get()
    key = response.context["new_key"]
    assert ScimToken.digest_of(key) == token.digest
    assert (token.name, token.created_by, token.revoked_at) == ("Entra ID", admin_user, None)
    assert f'<code id="new-token">{key}</code>' in response.content.decode()
    assert key not in client.get(URL).content.decode()
    assert ScimClient(key).get("Users").status_code == 200


def test_create_without_name_shows_error(client_for, admin_user):
    response = client_for(admin_user).post(URL, {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert ScimToken.objects.count() == 0


def test_admin_revokes_token(client_for, admin_user):
    token, key = scim_token_create(name="Okta", created_by=admin_user)

    response = client_for(admin_user).post(f"{URL}{token.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ScimClient(key).get("Users").status_code == 401
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "SCIM token “Okta” was revoked."
    ]


def test_revoke_is_post_only_and_unknown_token_404(client_for, admin_user):
    token, _ = scim_token_create(name="Okta", created_by=admin_user)
    client = client_for(admin_user)
    assert client.get(f"{URL}{token.pk}/revoke/").status_code == 405
    assert client.post(f"{URL}999/revoke/").status_code == 404


@pytest.mark.parametrize("persona", OTHERS)
def test_other_roles_are_refused(request, client_for, persona, admin_user):
    user = request.getfixturevalue(persona)
    token, _ = scim_token_create(name="Okta", created_by=admin_user)
    client = client_for(user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "Mine"}).status_code == 403
    assert client.post(f"{URL}{token.pk}/revoke/").status_code == 403

    assert list(ScimToken.objects.values_list("name", flat=True)) == ["Okta"]
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.get("/admin/scim/scimtoken/").status_code == 302  # no admin access


def test_anonymous_is_sent_to_login(db):
    from django.test import Client

    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_admin_creates_token_in_django_admin(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get("/admin/").content.decode().count("/admin/scim/scimtoken/") >= 1

    response = client.post("/admin/scim/scimtoken/add/", {"name": "Okta admin"}, follow=True)

    assert response.status_code == 200
    token = ScimToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    key_message = next(m for m in shown if m.startswith("Copy the key"))
    key = key_message.rsplit(" ", 1)[1]
    assert ScimToken.digest_of(key) == token.digest
    assert token.created_by == admin_user


def test_admin_revoke_action(client_for, admin_user):
    token, key = scim_token_create(name="Okta", created_by=admin_user)
    response = client_for(admin_user).post(
        "/admin/scim/scimtoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ScimClient(key).get("Users").status_code == 401
