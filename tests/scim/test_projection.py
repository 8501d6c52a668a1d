"""attributes / excludedAttributes (RFC 7644 §3.4.2.5, §3.9): the pure projection, and the
endpoints that apply it (GET one and list, POST, PUT, PATCH)."""

import pytest

from mentorpath.scim.projection import parse_name, project
from tests.scim.conftest import CORE, ENTERPRISE, assert_scim_error, patch_body, user_body

RESOURCE = {
    "schemas": [CORE, ENTERPRISE],
    "id": "7",
    "externalId": "ext-7",
    "userName": "ada@example.com",
    "name": {"formatted": "Ada Lovelace", "familyName": "Lovelace", "givenName": "Ada"},
    "displayName": "Ada Lovelace",
    "active": True,
    "emails": [{"value": "ada@example.com", "type": "work", "primary": True}],
    ENTERPRISE: {
        "employeeNumber": "42",
        "department": "Engines",
        "manager": {"value": "3", "$ref": "http://x/Users/3", "displayName": "Charles"},
    },
    "meta": {"resourceType": "User", "version": 'W/"v"'},
}
ALWAYS = {"schemas": RESOURCE["schemas"], "id": "7", "meta": RESOURCE["meta"]}


def keep(*names):
    return project(RESOURCE, attributes=names)


def drop(*names):
    return project(RESOURCE, excluded=names)


def test_neither_leaves_the_resource_whole():
    assert project(RESOURCE) == RESOURCE


def test_attributes_keeps_the_named_and_the_always_returned():
    assert keep("userName") == {**ALWAYS, "userName": "ada@example.com"}


def test_attribute_names_are_case_insensitive_and_keep_the_resources_spelling():
    assert keep("USERNAME", " displayname ") == {
        **ALWAYS,
        "userName": "ada@example.com",
        "displayName": "Ada Lovelace",
    }


def test_sub_attribute_of_a_complex_attribute():
    assert keep("name.givenName") == {**ALWAYS, "name": {"givenName": "Ada"}}


def test_sub_attribute_of_a_multi_valued_attribute():
    assert keep("emails.value") == {**ALWAYS, "emails": [{"value": "ada@example.com"}]}


def test_whole_and_sub_attribute_together_keep_the_whole():
    assert keep("name", "name.givenName")["name"] == RESOURCE["name"]


def test_qualified_core_attribute():
    assert keep(f"{CORE}:name.familyName") == {**ALWAYS, "name": {"familyName": "Lovelace"}}


def test_qualified_extension_attribute():
    assert keep(f"{ENTERPRISE}:employeeNumber") == {**ALWAYS, ENTERPRISE: {"employeeNumber": "42"}}


def test_extension_sub_attribute_and_unqualified_extension_attribute():
    assert keep(f"{ENTERPRISE}:manager.value", "department") == {
        **ALWAYS,
        ENTERPRISE: {"department": "Engines", "manager": {"value": "3"}},
    }


def test_extension_urn_alone_keeps_the_whole_extension():
    assert keep(ENTERPRISE.upper()) == {**ALWAYS, ENTERPRISE: RESOURCE[ENTERPRISE]}


def test_core_urn_alone_keeps_the_core_attributes_only():
    kept = keep(CORE)
    assert ENTERPRISE not in kept
    assert kept == {k: v for k, v in RESOURCE.items() if k != ENTERPRISE}


def test_unknown_names_are_ignored():
    assert keep("favouriteColour", "name.middle", "urn:example:Thing:x", "", ".") == ALWAYS
    assert drop("favouriteColour", "urn:example:Thing:x") == RESOURCE


def test_attributes_naming_always_returned_ones_changes_nothing_for_them():
    assert keep("id", "meta.version") == ALWAYS


def test_excluded_removes_the_named():
    dropped = drop("emails", "name.formatted", f"{ENTERPRISE}:manager")
    assert dropped["name"] == {"familyName": "Lovelace", "givenName": "Ada"}
    assert "emails" not in dropped
    assert dropped[ENTERPRISE] == {"employeeNumber": "42", "department": "Engines"}
    assert dropped["userName"] == "ada@example.com"


def test_excluded_sub_attribute_of_multi_valued():
    assert drop("emails.type", "emails.primary")["emails"] == [{"value": "ada@example.com"}]


def test_excluding_every_sub_attribute_removes_the_attribute():
    assert "name" not in drop("name.formatted", "name.familyName", "name.givenName")


def test_excluded_extension_urn_removes_the_extension():
    assert ENTERPRISE not in drop(ENTERPRISE)


def test_excluded_cannot_remove_always_returned():
    dropped = drop("id", "schemas", "meta", "meta.version", f"{CORE}:id")
    assert (dropped["id"], dropped["schemas"], dropped["meta"]) == (
        "7",
        RESOURCE["schemas"],
        RESOURCE["meta"],
    )


def test_projection_does_not_change_the_resource():
    before = repr(RESOURCE)
    keep("name.givenName")
    drop("name.givenName", ENTERPRISE)
    assert repr(RESOURCE) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("userName", (CORE, "username", None)),
        ("Name.GivenName", (CORE, "name", "givenname")),
        ("employeeNumber", (ENTERPRISE, "employeenumber", None)),
        (f"{ENTERPRISE}:manager.value", (ENTERPRISE, "manager", "value")),
        (ENTERPRISE, (ENTERPRISE, None, None)),
        ("nope", None),
        ("urn:example:x", None),
    ],
)
def test_parse_name(text, expected):
    name = parse_name(text)
    assert ((name.schema, name.attr, name.sub) if name else None) == expected


# --- Endpoints --------------------------------------------------------------------------------


@pytest.fixture
def user(scim):
    body = user_body("ada@example.com", "Ada", "Lovelace", title="Eng", employeeNumber="42")
    response = scim.post("Users", body)
    assert response.status_code == 201
    return response.json()


def test_get_user_with_attributes(scim, user):
    response = scim.get(f"Users/{user['id']}", attributes="userName,name.givenName")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"schemas", "id", "meta", "userName", "name"}
    assert body["name"] == {"givenName": "Ada"}
    assert response["ETag"] == user["meta"]["version"]


def test_get_user_with_excluded_attributes(scim, user):
    body = scim.get(f"Users/{user['id']}", excludedAttributes=f"{ENTERPRISE},title").json()

    assert ENTERPRISE not in body and "title" not in body
    assert body["userName"] == "ada@example.com"


def test_list_with_attributes(scim, people):
    page = scim.get("Users", attributes=f"{ENTERPRISE}:employeeNumber", count=2).json()

    assert page["totalResults"] == 4
    for resource in page["Resources"]:
        assert set(resource) == {"schemas", "id", "meta", ENTERPRISE}
        assert set(resource[ENTERPRISE]) == {"employeeNumber"}


def test_list_with_excluded_attributes_and_filter(scim, people):
    page = scim.get("Users", filter='userName sw "bjensen"', excludedAttributes="emails").json()

    assert [r["id"] for r in page["Resources"]] == [people["A"]]
    assert "emails" not in page["Resources"][0]


def test_post_put_patch_responses_are_projected(scim):
    created = scim.post("Users", user_body("bo@example.com", "Bo", "Li"), attributes="userName")
    assert created.status_code == 201
    assert set(created.json()) == {"schemas", "id", "meta", "userName"}
    pk = created.json()["id"]

    replaced = scim.put(
        f"Users/{pk}", user_body("bo@example.com", "Bo", "Lee"), attributes="name.familyName"
    )
    assert replaced.status_code == 200
    assert replaced.json()["name"] == {"familyName": "Lee"}

    patched = scim.patch(
        f"Users/{pk}",
        patch_body({"op": "replace", "path": "title", "value": "CTO"}),
        excludedAttributes="name,emails",
    )
    assert patched.status_code == 200
    assert patched.json()["title"] == "CTO" and "name" not in patched.json()


def test_attributes_and_excluded_attributes_together_is_400(scim, user):
    response = scim.get(f"Users/{user['id']}", attributes="userName", excludedAttributes="title")
    assert_scim_error(response, 400, "invalidSyntax")
    assert_scim_error(
        scim.get("Users", attributes="userName", excludedAttributes="title"), 400, "invalidSyntax"
    )
