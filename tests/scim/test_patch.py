"""PATCH (RFC 7644 §3.5.2): the RFC's requests, every op form and path form, the shapes
Entra ID and Okta send, and refused requests that change nothing."""

import copy

import pytest

from mentorpath.accounts.models import User
from mentorpath.people.models import Person
from tests.scim.conftest import (
    ENTERPRISE,
    assert_scim_error,
    fixture,
    patch_body,
    user_body,
)

RFC = fixture("rfc7644_patch.json")


@pytest.fixture
def create(scim):
    def create(body):
        response = scim.post("Users", body)
        assert response.status_code == 201, response.content
        return response.json()

    return create


@pytest.fixture
def babs(create):
    return create(
        user_body(
            "bjensen@example.com",
            "Barbara",
            "Jensen",
            title="Tour Guide",
            externalId="701984",
            employeeNumber="701984",
            department="Tour Operations",
            emails=[{"value": "babs.jensen@example.com", "type": "work", "primary": True}],
        )
    )


def person_of(resource):
    return Person.objects.select_related("user", "department", "manager").get(
        user_id=int(resource["id"])
    )


def patch(scim, resource, *operations):
    return scim.patch(f"Users/{resource['id']}", patch_body(*operations))


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def test_rfc_add_without_path(scim, babs):
    body = ok(scim.patch(f"Users/{babs['id']}", RFC["add_without_path"]))
    assert body["emails"] == [{"value": "babs.jensen@example.com", "type": "work", "primary": True}]
    assert person_of(babs).email == "babs.jensen@example.com"


def test_rfc_remove_with_value_filter(scim, babs):
    body = ok(scim.patch(f"Users/{babs['id']}", RFC["remove_filtered"]))
    # No email left: the employee record's email falls back to the login.
    assert body["emails"] == [{"value": "bjensen@example.com", "type": "work", "primary": True}]
    assert person_of(babs).email == "bjensen@example.com"


@pytest.mark.parametrize("example", ["replace_filtered", "replace_filtered_sub"])
def test_rfc_replace_of_addresses_is_accepted_and_not_stored(scim, babs, example):
    body = ok(scim.patch(f"Users/{babs['id']}", RFC[example]))
    assert "addresses" not in body
    assert {k: v for k, v in body.items() if k != "meta"} == {
        k: v for k, v in babs.items() if k != "meta"
    }


def test_rfc_replace_without_path(scim, babs):
    body = ok(scim.patch(f"Users/{babs['id']}", RFC["replace_without_path"]))
    assert body["emails"] == [{"value": "bjensen@example.com", "type": "work", "primary": True}]
    assert person_of(babs).email == "bjensen@example.com"


def test_replace_sub_attribute_path(scim, babs):
    body = ok(patch(scim, babs, {"op": "replace", "path": "name.familyName", "value": "Jones"}))
    assert body["name"] == {
        "formatted": "Barbara Jones",
        "familyName": "Jones",
        "givenName": "Barbara",
    }
    assert person_of(babs).last_name == "Jones"


def test_replace_email_through_value_filter_path(scim, babs):
    operation = {"op": "replace", "path": 'emails[type eq "work"].value', "value": "b@example.net"}
    body = ok(patch(scim, babs, operation))
    assert body["emails"] == [{"value": "b@example.net", "type": "work", "primary": True}]
    assert person_of(babs).email == "b@example.net"


def test_add_email_through_value_filter_path_creates_the_value(scim, create):
    user = create(user_body("x@example.com", "X", "Y"))
    patch(scim, user, {"op": "remove", "path": "emails"})
    operation = {"op": "add", "path": 'emails[type eq "work"].value', "value": "work@example.com"}
    body = ok(patch(scim, user, operation))
    assert body["emails"] == [{"value": "work@example.com", "type": "work", "primary": True}]


def test_replace_with_value_filter_matching_nothing_is_400_no_target(scim, babs):
    operation = {"op": "replace", "path": 'emails[type eq "home"].value', "value": "h@example.com"}
    assert_scim_error(patch(scim, babs, operation), 400, "noTarget")


def test_add_and_remove_title(scim, babs):
    body = ok(patch(scim, babs, {"op": "add", "path": "title", "value": "Head Guide"}))
    assert body["title"] == "Head Guide"
    body = ok(patch(scim, babs, {"op": "remove", "path": "title"}))
    assert "title" not in body
    assert person_of(babs).title == ""


def test_enterprise_urn_paths(scim, babs, create):
    boss = create(user_body("boss@example.com", "Big", "Boss"))
    body = ok(
        patch(
            scim,
            babs,
            {"op": "replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "800001"},
            {"op": "add", "path": f"{ENTERPRISE}:department", "value": "Finance"},
            {"op": "add", "path": f"{ENTERPRISE}:manager", "value": {"value": boss["id"]}},
        )
    )
    assert body[ENTERPRISE]["employeeNumber"] == "800001"
    assert body[ENTERPRISE]["department"] == "Finance"
    assert body[ENTERPRISE]["manager"]["value"] == boss["id"]
    assert body[ENTERPRISE]["manager"]["displayName"] == "Big Boss"
    person = person_of(babs)
    assert (person.employee_id, person.department.name, person.manager.user_id) == (
        "800001",
        "Finance",
        int(boss["id"]),
    )
    body = ok(patch(scim, babs, {"op": "remove", "path": f"{ENTERPRISE}:manager"}))
    assert "manager" not in body[ENTERPRISE]
    assert person_of(babs).manager is None


def test_entra_id_manager_as_bare_id_and_sub_attribute(scim, babs, create):
    boss = create(user_body("boss@example.com", "Big", "Boss"))
    ok(patch(scim, babs, {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": boss["id"]}))
    assert person_of(babs).manager.user_id == int(boss["id"])
    other = create(user_body("other@example.com", "Other", "Boss"))
    path = f"{ENTERPRISE}:manager.value"
    ok(patch(scim, babs, {"op": "replace", "path": path, "value": other["id"]}))
    assert person_of(babs).manager.user_id == int(other["id"])


@pytest.mark.parametrize(
    ("value", "active"), [("False", False), ("false", False), (False, False), ("True", True)]
)
def test_entra_id_active_string_booleans_and_capitalized_op(scim, babs, value, active):
    body = ok(patch(scim, babs, {"op": "Replace", "path": "active", "value": value}))
    assert body["active"] is active
    assert User.objects.get(pk=int(babs["id"])).is_active is active


def test_okta_deactivate_with_pathless_replace(scim, babs):
    body = ok(patch(scim, babs, {"op": "replace", "value": {"active": False}}))
    assert body["active"] is False
    body = ok(patch(scim, babs, {"op": "replace", "value": {"active": True}}))
    assert body["active"] is True


def test_pathless_value_with_dotted_and_urn_keys(scim, babs):
    body = ok(
        patch(
            scim,
            babs,
            {
                "op": "Replace",
                "value": {
                    "name.givenName": "Babs",
                    "displayName": "Babs J",
                    f"{ENTERPRISE}:department": "Marketing",
                    ENTERPRISE: {"employeeNumber": "55"},
                },
            },
        )
    )
    assert body["name"]["givenName"] == "Babs"
    assert body["displayName"] == "Babs J"
    assert body[ENTERPRISE]["department"] == "Marketing"
    assert body[ENTERPRISE]["employeeNumber"] == "55"


def test_complex_attribute_add_merges_sub_attributes(scim, babs):
    body = ok(patch(scim, babs, {"op": "add", "path": "name", "value": {"familyName": "Smith"}}))
    assert body["name"] == {
        "formatted": "Barbara Smith",
        "familyName": "Smith",
        "givenName": "Barbara",
    }


def test_external_id_and_user_name(scim, babs):
    body = ok(
        patch(
            scim,
            babs,
            {"op": "replace", "path": "externalId", "value": "abc-1"},
            {"op": "replace", "path": "userName", "value": "Barbara@Example.com"},
        )
    )
    assert (body["externalId"], body["userName"]) == ("abc-1", "barbara@example.com")
    assert User.objects.filter(email="barbara@example.com").exists()


def test_attribute_names_are_case_insensitive(scim, babs):
    body = ok(patch(scim, babs, {"op": "REPLACE", "path": "NAME.FAMILYNAME", "value": "Low"}))
    assert body["name"]["familyName"] == "Low"


BAD_PATCHES = [
    (
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []},
        "invalidSyntax",
    ),
    ({"Operations": [{"op": "add", "path": "title", "value": "x"}]}, "invalidSyntax"),
    (patch_body({"op": "move", "path": "title", "value": "x"}), "invalidSyntax"),
    (patch_body({"op": "remove"}), "noTarget"),
    (patch_body({"op": "add", "value": "not an object"}), "invalidSyntax"),
    (patch_body({"op": "add", "path": "favouriteColour", "value": "red"}), "invalidPath"),
    (patch_body({"op": "add", "path": "emails[type eq", "value": "x"}), "invalidPath"),
    (patch_body({"op": "add", "path": 'title[value eq "x"]', "value": "x"}), "invalidPath"),
    (patch_body({"op": "add", "path": "urn:example:Thing:attr", "value": "x"}), "invalidPath"),
    (patch_body({"op": "replace", "path": "active", "value": "maybe"}), "invalidValue"),
    (patch_body({"op": "remove", "path": "userName"}), "invalidValue"),
    (patch_body({"op": "replace", "path": "userName", "value": "nope"}), "invalidValue"),
    (patch_body({"op": "replace", "path": "id", "value": "7"}), "mutability"),
    (patch_body({"op": "add", "path": f"{ENTERPRISE}:manager", "value": "999"}), "invalidValue"),
]


@pytest.mark.parametrize(("body", "scim_type"), BAD_PATCHES)
def test_bad_patch_is_400_and_changes_nothing(scim, babs, body, scim_type):
    before = person_of(babs)
    body = copy.deepcopy(body)
    if body["Operations"]:  # a valid change first: the whole request is refused, or none of it
        body["Operations"] = [
            {"op": "replace", "path": "title", "value": "Changed"},
            *body["Operations"],
        ]
    assert_scim_error(scim.patch(f"Users/{babs['id']}", body), 400, scim_type)
    after = person_of(babs)
    assert (after.title, after.user.email, after.user.is_active) == (
        "Tour Guide",
        before.user.email,
        True,
    )


def test_manager_loop_is_400(scim, babs, create):
    report = create(user_body("report@example.com", "Re", "Port", manager={"value": babs["id"]}))
    operation = {"op": "add", "path": f"{ENTERPRISE}:manager", "value": report["id"]}
    body = assert_scim_error(patch(scim, babs, operation), 400, "invalidValue")
    assert "reports to" in body["detail"]
    assert person_of(babs).manager is None


def test_patch_to_taken_user_name_is_409(scim, babs, create):
    create(user_body("taken@example.com", "T", "K"))
    operation = {"op": "replace", "path": "userName", "value": "taken@example.com"}
    assert_scim_error(patch(scim, babs, operation), 409, "uniqueness")


def test_patch_unknown_user_is_404(scim, db):
    assert_scim_error(scim.patch("Users/999", patch_body({"op": "remove", "path": "title"})), 404)


def test_patch_changes_version_and_last_modified(scim, babs):
    body = ok(patch(scim, babs, {"op": "replace", "path": "title", "value": "Senior Guide"}))
    assert body["meta"]["version"] != babs["meta"]["version"]
    assert body["meta"]["lastModified"] >= babs["meta"]["lastModified"]
