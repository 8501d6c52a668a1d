"""SCIM user changes in the audit log: created, updated (only what changed), deactivated;
the actor is the system and the context names the token."""

import pytest

from mentorpath.audit.models import AuditEntry
from tests.scim.conftest import ENTERPRISE, patch_body, user_body


def entries():
    return list(AuditEntry.objects.filter(action__startswith="scim.user").order_by("pk"))


@pytest.fixture
def manager(scim):
    response = scim.post("Users", user_body("boss@example.com", "Grace", "Hopper"))
    assert response.status_code == 201
    return response.json()["id"]


@pytest.fixture
def user(scim, manager):
    body = user_body(
        "ada@example.com",
        "Ada",
        "Lovelace",
        title="Engineer",
        externalId="ext-1",
        employeeNumber="42",
        department="Engines",
        manager={"value": manager},
    )
    response = scim.post("Users", body)
    assert response.status_code == 201
    return response.json()


def test_create_is_recorded_with_every_stored_field(scim, user, manager):
    entry = entries()[-1]

    assert entry.action == "scim.user_created"
    assert entry.actor is None and entry.actor_label == ""
    assert entry.context == {"token": "Okta"}
    assert (entry.target_type, entry.target_id) == ("accounts.user", user["id"])
    assert entry.changes == {
        "user_name": [None, "ada@example.com"],
        "display_name": [None, "Ada Lovelace"],
        "active": [None, True],
        "external_id": [None, "ext-1"],
        "email": [None, "ada@example.com"],
        "first_name": [None, "Ada"],
        "last_name": [None, "Lovelace"],
        "title": [None, "Engineer"],
        "employee_id": [None, "42"],
        "department": [None, "Engines"],
        "manager": [None, manager],
    }


def test_put_records_only_the_changed_fields(scim, user):
    before = len(entries())
    body = user_body(
        "ada@example.com",
        "Ada",
        "Byron",
        title="CTO",
        externalId="ext-1",
        employeeNumber="42",
        department="Engines",
        active=False,
    )

    assert scim.put(f"Users/{user['id']}", body).status_code == 200

    new = entries()[before:]
    assert [e.action for e in new] == ["scim.user_updated"]
    assert new[0].context == {"token": "Okta"} and new[0].actor is None
    assert new[0].target_id == user["id"]
    assert new[0].changes == {
        "last_name": ["Lovelace", "Byron"],
        "display_name": ["Ada Lovelace", "Ada Byron"],
        "title": ["Engineer", "CTO"],
        "manager": [user[ENTERPRISE]["manager"]["value"], None],
        "active": [True, False],
    }


def test_patch_records_the_change(scim, user):
    before = len(entries())
    body = patch_body(
        {"op": "replace", "path": "title", "value": "CTO"},
        {"op": "replace", "path": f"{ENTERPRISE}:department", "value": "Research"},
    )

    assert scim.patch(f"Users/{user['id']}", body).status_code == 200

    [entry] = entries()[before:]
    assert entry.action == "scim.user_updated"
    assert entry.changes == {
        "title": ["Engineer", "CTO"],
        "department": ["Engines", "Research"],
    }


def test_put_or_patch_that_changes_nothing_records_nothing(scim, user):
    before = len(entries())
    same = patch_body({"op": "replace", "path": "title", "value": "Engineer"})

    assert scim.patch(f"Users/{user['id']}", same).status_code == 200
    resource = {k: v for k, v in user.items() if k not in ("id", "meta")}
    assert scim.put(f"Users/{user['id']}", resource).status_code == 200

    assert len(entries()) == before


def test_refused_change_records_nothing(scim, user):
    before = len(entries())
    taken = user_body("boss@example.com", "Ada", "Lovelace")

    assert scim.put(f"Users/{user['id']}", taken).status_code == 409
    assert (
        scim.patch(
            f"Users/{user['id']}",
            patch_body({"op": "replace", "path": "title", "value": "CTO"}),
            headers={"If-Match": 'W/"stale"'},
        ).status_code
        == 412
    )
    assert len(entries()) == before


def test_delete_records_the_deactivation_once(scim, user):
    before = len(entries())

    assert scim.delete(f"Users/{user['id']}").status_code == 204
    assert scim.delete(f"Users/{user['id']}").status_code == 204  # already inactive

    [entry] = entries()[before:]
    assert entry.action == "scim.user_deactivated"
    assert entry.changes == {"active": [True, False]}
    assert entry.context == {"token": "Okta"} and entry.actor is None
    assert entry.target_id == user["id"]


def test_reactivation_is_an_update(scim, user):
    scim.delete(f"Users/{user['id']}")
    before = len(entries())

    body = patch_body({"op": "replace", "value": {"active": True}})
    assert scim.patch(f"Users/{user['id']}", body).status_code == 200

    [entry] = entries()[before:]
    assert (entry.action, entry.changes) == ("scim.user_updated", {"active": [False, True]})


def test_context_names_the_token_used(db, user):
    from mentorpath.scim.services import scim_token_create
    from tests.scim.conftest import ScimClient

    _, key = scim_token_create(name="Entra ID", created_by=None)
    ScimClient(key).patch(
        f"Users/{user['id']}", patch_body({"op": "replace", "path": "title", "value": "CTO"})
    )

    assert entries()[-1].context == {"token": "Entra ID"}
