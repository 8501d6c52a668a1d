"""SCIM never provisions again a person erased on request (see privacy.tombstones)."""

import pytest

from mentorpath.people.models import Person
from mentorpath.privacy.services import person_erase
from tests.factories import PersonFactory, UserFactory
from tests.scim.conftest import assert_scim_error, user_body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        user_body("new.login@example.com", "Cy", "Young", employeeNumber="E3"),
        user_body("cy.login@example.com", "Cy", "Young", employeeNumber="E99"),
        user_body("other@example.com", "Cy", "Young", emails=[{"value": "cy@example.com"}]),
    ],
    ids=["employee number", "login email", "person email"],
)
def test_scim_does_not_provision_an_erased_person_again(body, scim, admin_user):
    user = UserFactory(email="cy.login@example.com")
    PersonFactory(employee_id="E3", email="cy@example.com", user=user)
    person_erase(person=Person.objects.get(employee_id="E3"), by=admin_user)
    people = Person.objects.count()

    response = scim.post("Users", body)

    detail = assert_scim_error(response, 409, "uniqueness")["detail"]
    assert "erased on request" in detail
    assert Person.objects.count() == people


def test_scim_provisions_people_never_erased(scim):
    response = scim.post("Users", user_body("dee@example.com", "Dee", "Dee", employeeNumber="E4"))
    assert response.status_code == 201
