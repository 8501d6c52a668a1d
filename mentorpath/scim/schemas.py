"""SCIM schema URNs and the attributes this service provider stores (RFC 7643 §4, §7)."""

from typing import Any

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"

USER_SCHEMAS = [CORE_USER, ENTERPRISE_USER]
KNOWN_SCHEMAS = (CORE_USER, ENTERPRISE_USER)

MAX_RESULTS = 200
DEFAULT_COUNT = 100
# A larger startIndex is answered as this one (an empty page): clients that read it back as a
# 32-bit number are not handed a bigger one.
MAX_START_INDEX = 2**31 - 1

# Every attribute of the core User schema (RFC 7643 §4.1) and the common attributes (§3.1).
# Those not stored here are accepted in requests and ignored (an identity provider's default
# mapping sends phone numbers and addresses), so a PATCH of them is not refused.
CORE_ATTRIBUTES = {
    name.lower(): name
    for name in (
        "id",
        "externalId",
        "meta",
        "schemas",
        "userName",
        "name",
        "displayName",
        "nickName",
        "profileUrl",
        "title",
        "userType",
        "preferredLanguage",
        "locale",
        "timezone",
        "active",
        "password",
        "emails",
        "phoneNumbers",
        "ims",
        "photos",
        "addresses",
        "groups",
        "entitlements",
        "roles",
        "x509Certificates",
    )
}
MULTI_VALUED = {
    "emails",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "groups",
    "entitlements",
    "roles",
    "x509Certificates",
    "schemas",
}
# What is stored of them; a PATCH of any other attribute is accepted and changes nothing.
STORED_CORE = {"userName", "name", "displayName", "title", "active", "emails", "externalId"}
STORED_ENTERPRISE = {"employeeNumber", "department", "manager"}
ENTERPRISE_ATTRIBUTES = {
    name.lower(): name
    for name in (
        "employeeNumber",
        "costCenter",
        "organization",
        "division",
        "department",
        "manager",
    )
}


def _attr(
    name: str,
    description: str,
    *,
    type_: str = "string",
    multi: bool = False,
    required: bool = False,
    case_exact: bool = False,
    mutability: str = "readWrite",
    returned: str = "default",
    uniqueness: str = "none",
    sub: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": type_,
        "multiValued": multi,
        "description": description,
        "required": required,
        "caseExact": case_exact,
        "mutability": mutability,
        "returned": returned,
        "uniqueness": uniqueness,
    }
    if sub is not None:
        attribute["subAttributes"] = sub
    if type_ == "reference":
        attribute["referenceTypes"] = ["User"]
    return attribute


USER_SCHEMA_ATTRIBUTES = [
    _attr(
        "userName",
        "The login: the person's email address. Unique, compared without case.",
        required=True,
        uniqueness="server",
    ),
    _attr(
        "name",
        "The person's name (stored as given and family name).",
        type_="complex",
        sub=[
            _attr("formatted", "The full name, read from given and family name."),
            _attr("familyName", "Family name (last name)."),
            _attr("givenName", "Given name (first name)."),
        ],
    ),
    _attr("displayName", "The name shown in Mentorpath."),
    _attr("title", "Job title."),
    _attr("active", "Whether the person may log in.", type_="boolean"),
    _attr(
        "emails",
        "Email addresses; the primary one (else the first) is the employee record's email.",
        type_="complex",
        multi=True,
        sub=[
            _attr("value", "The address."),
            _attr("type", "work, home or other."),
            _attr("primary", "The primary address.", type_="boolean"),
        ],
    ),
    _attr(
        "externalId",
        "The identity provider's own identifier for the user.",
        case_exact=True,
    ),
]

ENTERPRISE_SCHEMA_ATTRIBUTES = [
    _attr(
        "employeeNumber",
        "The employee id of the person's employee record. Unique.",
        uniqueness="server",
    ),
    _attr("department", "Department name; created if it does not exist yet."),
    _attr(
        "manager",
        "The person's manager, another SCIM user.",
        type_="complex",
        sub=[
            _attr("value", "The manager's SCIM id.", required=True),
            _attr("$ref", "The manager's URI.", type_="reference", mutability="readOnly"),
            _attr("displayName", "The manager's name.", mutability="readOnly"),
        ],
    ),
]
