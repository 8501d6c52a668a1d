"""ServiceProviderConfig, Schemas and ResourceTypes (RFC 7644 §4); Groups not provided."""

import pytest

from tests.scim.conftest import CONTENT_TYPE, CORE, ENTERPRISE, LIST, assert_scim_error

BASE = "http://testserver/scim/v2"


def test_service_provider_config(scim):
    response = scim.get("ServiceProviderConfig")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    config = response.json()
    assert config["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]
    assert config["patch"] == {"supported": True}
    assert config["bulk"] == {"supported": False, "maxOperations": 0, "maxPayloadSize": 0}
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert config["changePassword"] == {"supported": False}
    assert config["sort"] == {"supported": True}
    assert config["etag"] == {"supported": True}
    assert [s["type"] for s in config["authenticationSchemes"]] == ["oauthbearertoken"]
    assert config["meta"]["location"] == f"{BASE}/ServiceProviderConfig"


def test_schemas(scim):
    listed = scim.get("Schemas").json()
    assert listed["schemas"] == [LIST]
    assert listed["totalResults"] == 2
    assert [s["id"] for s in listed["Resources"]] == [CORE, ENTERPRISE]
    user = listed["Resources"][0]
    names = [a["name"] for a in user["attributes"]]
    assert names == ["userName", "name", "displayName", "title", "active", "emails", "externalId"]
    user_name = user["attributes"][0]
    assert (user_name["required"], user_name["uniqueness"], user_name["type"]) == (
        True,
        "server",
        "string",
    )
    enterprise = listed["Resources"][1]
    assert [a["name"] for a in enterprise["attributes"]] == [
        "employeeNumber",
        "department",
        "manager",
    ]
    manager = enterprise["attributes"][2]
    assert [a["name"] for a in manager["subAttributes"]] == ["value", "$ref", "displayName"]


@pytest.mark.parametrize("schema", [CORE, ENTERPRISE])
def test_one_schema(scim, schema):
    response = scim.get(f"Schemas/{schema}")
    assert response.status_code == 200
    assert response.json()["id"] == schema
    assert response.json()["meta"]["location"] == f"{BASE}/Schemas/{schema}"


def test_unknown_schema_is_404(scim):
    assert_scim_error(scim.get("Schemas/urn:example:nothing"), 404)


def test_resource_types_offer_users_only(scim):
    listed = scim.get("ResourceTypes").json()
    assert listed["totalResults"] == 1
    user = listed["Resources"][0]
    assert user == scim.get("ResourceTypes/User").json()
    assert (user["id"], user["endpoint"], user["schema"]) == ("User", "/Users", CORE)
    assert user["schemaExtensions"] == [{"schema": ENTERPRISE, "required": False}]
    assert_scim_error(scim.get("ResourceTypes/Group"), 404)


@pytest.mark.parametrize("path", ["Groups", "Groups/1", "Bulk", "Me"])
def test_groups_bulk_and_me_are_not_implemented(scim, path):
    body = assert_scim_error(scim.get(path), 501)
    assert "not supported" in body["detail"]


def test_unknown_endpoint_is_a_scim_404(scim):
    body = assert_scim_error(scim.get("Nothing/here"), 404)
    assert body["detail"] == "There is no SCIM endpoint “/Nothing/here”."


def test_discovery_refused_without_token(db):
    from tests.scim.conftest import ScimClient

    assert_scim_error(ScimClient(None).get("ServiceProviderConfig"), 401)
