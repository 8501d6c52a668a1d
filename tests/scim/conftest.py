"""SCIM test helpers: a live token, a client that sends it, and the RFC examples."""

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import Client

from mentorpath.accounts.models import User
from mentorpath.people.models import Person
from mentorpath.scim.models import ScimIdentity
from mentorpath.scim.services import scim_token_create

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT_TYPE = "application/scim+json"
BASE = "/scim/v2"


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


class ScimClient:
    """A test client that sends a bearer token and SCIM JSON."""

    def __init__(self, key: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def _send(self, method: str, path: str, body=None, headers=None, **params):
        call = getattr(self.client, method)
        url = path if path.startswith("/") else f"{BASE}/{path}"
        if params and body is not None:
            url = f"{url}?{urlencode(params)}"
        headers = {**self.headers, **(headers or {})}
        if body is None:
            return call(url, params or None, headers=headers)
        return call(url, json.dumps(body), content_type=CONTENT_TYPE, headers=headers)

    def get(self, path: str, headers=None, **params):
        return self._send("get", path, headers=headers, **params)

    def post(self, path: str, body, headers=None, **params):
        return self._send("post", path, body, headers=headers, **params)

    def put(self, path: str, body, headers=None, **params):
        return self._send("put", path, body, headers=headers, **params)

    def patch(self, path: str, body, headers=None, **params):
        return self._send("patch", path, body, headers=headers, **params)

    def delete(self, path: str, headers=None):
        return self._send("delete", path, headers=headers)


@pytest.fixture
def scim_key(db):
    """A live token. Made by nobody in particular, so the tests' users are SCIM's alone."""
    _, key = scim_token_create(name="Okta", created_by=None)
    return key


@pytest.fixture
def scim(scim_key):
    return ScimClient(scim_key)


CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def user_body(user_name, given, family, **extra):
    """A minimal SCIM User; enterprise attributes by keyword (employeeNumber=...)."""
    enterprise_keys = {"employeeNumber", "department", "manager"}
    body = {
        "schemas": [CORE, ENTERPRISE],
        "userName": user_name,
        "name": {"givenName": given, "familyName": family},
    }
    enterprise = {k: v for k, v in extra.items() if k in enterprise_keys}
    body.update({k: v for k, v in extra.items() if k not in enterprise_keys})
    if enterprise:
        body[ENTERPRISE] = enterprise
    return body


def patch_body(*operations):
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


def assert_scim_error(response, status, scim_type=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == CONTENT_TYPE
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body["detail"]
    assert body.get("scimType") == scim_type
    return body


EARLY = datetime(2011, 1, 1, tzinfo=UTC)


@pytest.fixture
def people(scim):
    """A (RFC's bjensen, last changed in 2011), B (O'Malley, inactive, reports to A), C, D."""

    def create(body):
        response = scim.post("Users", body)
        assert response.status_code == 201, response.content
        return response.json()["id"]

    a = create(
        user_body(
            "bjensen@example.com",
            "Barbara",
            "Jensen",
            title="Tour Guide",
            employeeNumber="701984",
            department="Tour Operations",
        )
    )
    b = create(
        user_body(
            "jomalley@example.org",
            "Jane",
            "O'Malley",
            employeeNumber="701985",
            department="Sales",
            manager={"value": a},
            active=False,
        )
    )
    c = create(
        user_body(
            "Jim.Beam@example.com",
            "Jim",
            "Beam",
            title="Driver",
            employeeNumber="9",
            externalId="ext-c",
        )
    )
    d = create(user_body("dana@corp.test", "Dana", "Scully", employeeNumber="42"))
    User.objects.filter(pk=a).update(date_joined=EARLY)
    Person.objects.filter(user_id=a).update(updated_at=EARLY)
    ScimIdentity.objects.filter(user_id=a).update(updated_at=EARLY)
    return {"A": a, "B": b, "C": c, "D": d}
