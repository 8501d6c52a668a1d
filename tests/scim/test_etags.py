"""Conditional requests on /Users/{id} (RFC 7644 §3.14): If-Match on PUT, PATCH and DELETE,
If-None-Match on GET, compared weakly; `*` matches any version."""

import pytest

from mentorpath.accounts.models import User
from mentorpath.people.models import Person
from mentorpath.scim.etags import etag_matches
from tests.scim.conftest import assert_scim_error, patch_body, user_body

VERSION = 'W/"abc123"'


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('W/"abc123"', True),
        ('"abc123"', True),  # weak comparison: the W/ prefix does not matter
        ('w/"abc123"', True),
        ("*", True),
        ('W/"other", W/"abc123"', True),
        (' W/"other" ,"abc123" ', True),
        ('W/"other"', False),
        ('W/"abc12"', False),
        ('W/"ABC123"', False),  # opaque tags compare exactly
        ("", False),
    ],
)
def test_etag_matches(header, expected):
    assert etag_matches(header, VERSION) is expected


@pytest.fixture
def user(scim):
    response = scim.post("Users", user_body("ada@example.com", "Ada", "Lovelace", title="Eng"))
    assert response.status_code == 201
    return response.json()


STALE = 'W/"0000000000"'


def test_get_if_none_match_current_version_is_304_without_body(scim, user):
    response = scim.get(f"Users/{user['id']}", headers={"If-None-Match": user["meta"]["version"]})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == user["meta"]["version"]


@pytest.mark.parametrize("header", ["*", 'W/"x", {version}', "{strong}"])
def test_get_if_none_match_any_form_of_the_version_is_304(scim, user, header):
    version = user["meta"]["version"]
    header = header.format(version=version, strong=version[2:])
    assert scim.get(f"Users/{user['id']}", headers={"If-None-Match": header}).status_code == 304


def test_get_if_none_match_other_version_is_the_user(scim, user):
    response = scim.get(f"Users/{user['id']}", headers={"If-None-Match": STALE})

    assert response.status_code == 200
    assert response.json()["id"] == user["id"]
    assert response["ETag"] == user["meta"]["version"]


def test_get_if_none_match_after_a_change_is_the_new_user(scim, user):
    scim.patch(
        f"Users/{user['id']}", patch_body({"op": "replace", "path": "title", "value": "CTO"})
    )

    response = scim.get(f"Users/{user['id']}", headers={"If-None-Match": user["meta"]["version"]})

    assert response.status_code == 200
    assert response.json()["title"] == "CTO"
    assert response["ETag"] != user["meta"]["version"]


def test_put_if_match_current_version_replaces(scim, user):
    body = user_body("ada@example.com", "Ada", "Byron")
    response = scim.put(f"Users/{user['id']}", body, headers={"If-Match": user["meta"]["version"]})

    assert response.status_code == 200, response.content
    assert Person.objects.get(user_id=user["id"]).last_name == "Byron"


def test_put_if_match_stale_version_is_412_and_changes_nothing(scim, user):
    body = user_body("ada@example.com", "Ada", "Byron")
    response = scim.put(f"Users/{user['id']}", body, headers={"If-Match": STALE})

    error = assert_scim_error(response, 412)
    assert user["meta"]["version"] in error["detail"]
    assert Person.objects.get(user_id=user["id"]).last_name == "Lovelace"


def test_put_with_the_version_read_before_another_change_is_412(scim, user):
    """The lost update If-Match exists for: two clients read the same version."""
    first = user_body("ada@example.com", "Ada", "Byron")
    version = {"If-Match": user["meta"]["version"]}
    assert scim.put(f"Users/{user['id']}", first, headers=version).status_code == 200

    second = user_body("ada@example.com", "Augusta", "Lovelace")
    assert_scim_error(scim.put(f"Users/{user['id']}", second, headers=version), 412)
    assert Person.objects.get(user_id=user["id"]).first_name == "Ada"


def test_patch_if_match_current_version_patches(scim, user):
    body = patch_body({"op": "replace", "path": "title", "value": "CTO"})
    response = scim.patch(
        f"Users/{user['id']}", body, headers={"If-Match": user["meta"]["version"][2:]}
    )

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "CTO"


def test_patch_if_match_stale_version_is_412_and_changes_nothing(scim, user):
    body = patch_body({"op": "replace", "path": "title", "value": "CTO"})
    response = scim.patch(f"Users/{user['id']}", body, headers={"If-Match": STALE})

    assert_scim_error(response, 412)
    assert Person.objects.get(user_id=user["id"]).title == "Eng"


def test_delete_if_match_current_version_deactivates(scim, user):
    response = scim.delete(f"Users/{user['id']}", headers={"If-Match": user["meta"]["version"]})

    assert response.status_code == 204
    assert User.objects.get(pk=user["id"]).is_active is False


def test_delete_if_match_star_deactivates(scim, user):
    assert scim.delete(f"Users/{user['id']}", headers={"If-Match": "*"}).status_code == 204


def test_delete_if_match_stale_version_is_412_and_keeps_the_login(scim, user):
    response = scim.delete(f"Users/{user['id']}", headers={"If-Match": STALE})

    assert_scim_error(response, 412)
    assert User.objects.get(pk=user["id"]).is_active is True


def test_if_match_on_unknown_user_is_404(scim, user):
    assert_scim_error(scim.delete("Users/999999", headers={"If-Match": "*"}), 404)


def test_without_conditional_headers_writes_go_through(scim, user):
    body = patch_body({"op": "replace", "path": "title", "value": "CTO"})
    assert scim.patch(f"Users/{user['id']}", body).status_code == 200
