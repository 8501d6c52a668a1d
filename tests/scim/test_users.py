"""Users: create (the RFC's own full and enterprise users), get, replace, deactivate, 409s."""

import copy

import pytest
from django.test import Client

from mentorpath.accounts.models import User
from mentorpath.people.models import Department, Person
from tests.factories import PASSWORD, PersonFactory
from tests.scim.conftest import (
    CONTENT_TYPE,
    CORE,
    ENTERPRISE,
    assert_scim_error,
    fixture,
    user_body,
)

FULL_USER = fixture("rfc7643_full_user.json")["resource"]
ENTERPRISE_USER = fixture("rfc7643_enterprise_user.json")["resource"]


def create(scim, body):
    response = scim.post("Users", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_create_rfc_full_user(scim):
    response = scim.post("Users", FULL_USER)

    assert response.status_code == 201
    assert response["Content-Type"] == CONTENT_TYPE
    body = response.json()
    user = User.objects.get(email="bjensen@example.com")
    assert body["id"] == str(user.pk)
    assert response["Location"] == f"http://testserver/scim/v2/Users/{user.pk}"
    assert response["ETag"] == body["meta"]["version"]
    assert {k: v for k, v in body.items() if k != "meta"} == {
        "schemas": [CORE, ENTERPRISE],
        "id": str(user.pk),
        "externalId": "701984",
        "userName": "bjensen@example.com",
        "name": {"formatted": "Barbara Jensen", "familyName": "Jensen", "givenName": "Barbara"},
        "displayName": "Babs Jensen",
        "title": "Tour Guide",
        "active": True,
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": True}],
        ENTERPRISE: {"employeeNumber": f"SCIM-{user.pk}"},
    }
    meta = body["meta"]
    assert meta["resourceType"] == "User"
    assert meta["location"] == f"http://testserver/scim/v2/Users/{user.pk}"
    assert meta["version"].startswith('W/"')
    assert meta["created"].endswith("Z") and meta["lastModified"].endswith("Z")
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.email, person.title) == (
        "Barbara",
        "Jensen",
        "bjensen@example.com",
        "Tour Guide",
    )
    assert user.full_name == "Babs Jensen"
    assert user.is_active is True
    assert user.has_usable_password() is False  # the example's password is not taken


def test_create_rfc_enterprise_user_with_manager(scim):
    manager = create(scim, user_body("jsmith@example.com", "John", "Smith", employeeNumber="1"))
    body = copy.deepcopy(ENTERPRISE_USER)
    body[ENTERPRISE]["manager"]["value"] = manager["id"]

    created = create(scim, body)

    assert created[ENTERPRISE] == {
        "employeeNumber": "701984",
        "department": "Tour Operations",
        "manager": {
            "value": manager["id"],
            "$ref": f"http://testserver/scim/v2/Users/{manager['id']}",
            "displayName": "John Smith",
        },
    }
    person = Person.objects.get(user_id=int(created["id"]))
    assert person.employee_id == "701984"
    assert person.department == Department.objects.get(name="Tour Operations")
    assert person.manager == Person.objects.get(user_id=int(manager["id"]))


def test_create_reuses_department_whatever_its_case(scim):
    Department.objects.create(name="Sales")
    created = create(scim, user_body("a@example.com", "A", "B", department="sales"))
    assert created[ENTERPRISE]["department"] == "Sales"
    assert Department.objects.filter(name__iexact="sales").count() == 1


def test_create_links_hris_record_without_login(scim):
    person = PersonFactory(employee_id="701984", email="barbara@corp.example.com", user=None)

    created = create(scim, ENTERPRISE_USER | {ENTERPRISE: {"employeeNumber": "701984"}})

    person.refresh_from_db()
    assert person.user_id == int(created["id"])
    assert person.email == "bjensen@example.com"
    assert Person.objects.count() == 1


def test_create_duplicate_user_name_is_409_uniqueness(scim):
    create(scim, FULL_USER)
    body = FULL_USER | {"userName": "BJensen@Example.com"}
    assert_scim_error(scim.post("Users", body), 409, "uniqueness")
    assert User.objects.count() == 1


def test_create_duplicate_employee_number_is_409_uniqueness(scim):
    create(scim, user_body("a@example.com", "A", "A", employeeNumber="42"))
    response = scim.post("Users", user_body("b@example.com", "B", "B", employeeNumber="42"))
    body = assert_scim_error(response, 409, "uniqueness")
    assert body["detail"] == "A user with employeeNumber “42” already exists."
    assert not User.objects.filter(email="b@example.com").exists()


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ({"schemas": [CORE], "name": {"givenName": "No"}}, "invalidValue"),
        ({"schemas": [CORE], "userName": "not-an-email"}, "invalidValue"),
        ({"schemas": [CORE], "userName": "a@example.com", "active": "maybe"}, "invalidValue"),
        ({"schemas": [CORE], "userName": "a@example.com", "emails": "a@b.c"}, "invalidValue"),
        ({"schemas": [CORE], "userName": "a@example.com", "title": "x" * 121}, "invalidValue"),
        (["not", "an", "object"], "invalidSyntax"),
    ],
)
def test_create_invalid_user_is_400(scim, body, scim_type):
    assert_scim_error(scim.post("Users", body), 400, scim_type)
    assert User.objects.count() == 0


def test_create_with_body_that_is_not_json_is_400(scim):
    response = scim.client.post(
        "/scim/v2/Users", "{not json", content_type=CONTENT_TYPE, headers=scim.headers
    )
    assert_scim_error(response, 400, "invalidSyntax")


def test_create_unknown_manager_is_400_and_writes_nothing(scim):
    body = user_body("a@example.com", "A", "B", manager={"value": "999"})
    assert_scim_error(scim.post("Users", body), 400, "invalidValue")
    assert User.objects.count() == 0
    assert Person.objects.count() == 0


def test_get_user(scim):
    created = create(scim, FULL_USER)
    response = scim.get(f"Users/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created
    assert response["ETag"] == created["meta"]["version"]


@pytest.mark.parametrize("pk", ["999", "abc"])
def test_get_unknown_user_is_404(scim, pk):
    body = assert_scim_error(scim.get(f"Users/{pk}"), 404)
    assert body["detail"] == f"No user has the id “{pk}”."


def test_existing_login_without_employee_record_reads_from_its_name(scim):
    user = User.objects.create_user(email="solo@example.com", full_name="Solo Han")
    body = scim.get(f"Users/{user.pk}").json()
    assert body["name"] == {"formatted": "Solo Han", "familyName": "Han", "givenName": "Solo"}
    assert body["emails"] == [{"value": "solo@example.com", "type": "work", "primary": True}]
    assert ENTERPRISE not in body


def test_put_replaces_the_user(scim):
    manager = create(scim, user_body("boss@example.com", "Big", "Boss"))
    created = create(
        scim,
        user_body(
            "bjensen@example.com",
            "Barbara",
            "Jensen",
            title="Tour Guide",
            externalId="x1",
            employeeNumber="701984",
            department="Tours",
            manager={"value": manager["id"]},
        ),
    )

    response = scim.put(
        f"Users/{created['id']}",
        {
            "schemas": [CORE],
            "userName": "barbara.jensen@example.com",
            "name": {"givenName": "Barbara", "familyName": "Jensen-Smith"},
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["userName"] == "barbara.jensen@example.com"
    assert body["name"]["familyName"] == "Jensen-Smith"
    assert "title" not in body and "externalId" not in body
    assert body["active"] is True
    assert body[ENTERPRISE] == {"employeeNumber": "701984"}
    person = Person.objects.get(user_id=int(created["id"]))
    assert (person.title, person.department, person.manager, person.email) == (
        "",
        None,
        None,
        "barbara.jensen@example.com",
    )


def test_put_taking_another_users_name_is_409(scim):
    create(scim, user_body("a@example.com", "A", "A"))
    other = create(scim, user_body("b@example.com", "B", "B"))
    response = scim.put(f"Users/{other['id']}", user_body("A@example.com", "B", "B"))
    assert_scim_error(response, 409, "uniqueness")


def test_delete_deactivates_and_keeps_the_person(scim):
    created = create(scim, user_body("leaver@example.com", "Lee", "Ver"))
    user = User.objects.get(pk=int(created["id"]))
    user.set_password(PASSWORD)
    user.save()

    response = scim.delete(f"Users/{created['id']}")

    assert response.status_code == 204
    assert response.content == b""
    user.refresh_from_db()
    assert user.is_active is False
    assert Person.objects.filter(user=user).exists()
    assert scim.get(f"Users/{created['id']}").json()["active"] is False
    listed = scim.get("Users", filter="active eq false").json()
    assert [r["id"] for r in listed["Resources"]] == [created["id"]]
    assert Client().login(email="leaver@example.com", password=PASSWORD) is False
    assert scim.delete(f"Users/{created['id']}").status_code == 204


def test_delete_unknown_user_is_404(scim):
    assert_scim_error(scim.delete("Users/12345"), 404)


def test_unsupported_method_is_405(scim):
    created = create(scim, user_body("a@example.com", "A", "B"))
    assert_scim_error(scim.post(f"Users/{created['id']}", {}), 405)
    assert_scim_error(scim.delete("Users"), 405)
