"""The discovery resources of RFC 7644 §4: what this service provider supports."""

from typing import Any

from mentorpath.scim.schemas import (
    CORE_USER,
    ENTERPRISE_SCHEMA_ATTRIBUTES,
    ENTERPRISE_USER,
    MAX_RESULTS,
    RESOURCE_TYPE,
    SCHEMA,
    SERVICE_PROVIDER_CONFIG,
    USER_SCHEMA_ATTRIBUTES,
)


def service_provider_config(base: str) -> dict[str, Any]:
    return {
        "schemas": [SERVICE_PROVIDER_CONFIG],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": True},
        "etag": {"supported": True},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "OAuth Bearer Token",
                "description": (
                    "A SCIM token made by an organization admin on the SCIM tokens page, sent "
                    "as Authorization: Bearer <key>."
                ),
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": f"{base}/ServiceProviderConfig",
        },
    }


def schemas(base: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [SCHEMA],
            "id": CORE_USER,
            "name": "User",
            "description": "A login and its employee record.",
            "attributes": USER_SCHEMA_ATTRIBUTES,
            "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{CORE_USER}"},
        },
        {
            "schemas": [SCHEMA],
            "id": ENTERPRISE_USER,
            "name": "EnterpriseUser",
            "description": "Enterprise User: employee number, department and manager.",
            "attributes": ENTERPRISE_SCHEMA_ATTRIBUTES,
            "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{ENTERPRISE_USER}"},
        },
    ]


def resource_types(base: str) -> list[dict[str, Any]]:
    """Only User: groups are not provisioned (Mentorpath has programs, not directory groups)."""
    return [
        {
            "schemas": [RESOURCE_TYPE],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "User Account",
            "schema": CORE_USER,
            "schemaExtensions": [{"schema": ENTERPRISE_USER, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/User"},
        }
    ]
