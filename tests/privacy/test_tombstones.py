"""An erased person stays erased when a directory sends them again."""

import pytest

from mentorpath.hris.enums import JobStatus
from mentorpath.people.models import Person
from mentorpath.privacy.models import Erasure
from mentorpath.privacy.services import person_erase
from mentorpath.privacy.tombstones import identity_digest, is_erased
from tests.factories import PersonFactory, UserFactory
from tests.hris.conftest import csv_text
from tests.hris.test_import import run

pytestmark = pytest.mark.django_db

ADA = "E1,Ada,Lovelace,ada@example.com,Engineer,Engineering,5,,2020-01-01"
BO = "E2,Bo,Brown,bo@example.com,Engineer,Engineering,4,E1,2020-01-01"
CY = "E3,Cy,Young,cy@example.com,Engineer,Engineering,4,,2020-01-01"


def _erase(employee_id: str, admin) -> Person:
    person = Person.objects.get(employee_id=employee_id)
    person_erase(person=person, by=admin)
    return person


def test_the_erasure_keeps_digests_not_the_values(admin_user):
    user = UserFactory(email="ada.login@example.com")
    person = PersonFactory(employee_id="E1", email="ada@example.com", user=user)
    person_erase(person=person, by=admin_user)

    erasure = Erasure.objects.get(person=person)
    assert erasure.employee_id_digest == identity_digest("E1")
    assert erasure.email_digest == identity_digest("ADA@example.com ")
    assert erasure.user_email_digest == identity_digest("ada.login@example.com")
    stored = str(Erasure.objects.filter(pk=erasure.pk).values().get())  # every column
    assert "@" not in stored and "'E1'" not in stored
    assert is_erased(employee_id="e1")
    assert is_erased(email="Ada.Login@example.com")
    assert not is_erased(employee_id="E2", email="someone@example.com")
    assert not is_erased()


def test_an_import_skips_the_rows_of_erased_people_and_says_so(admin_user, client_for):
    run(csv_text(ADA, CY), by=admin_user)
    erased = _erase("E3", admin_user)

    job = run(csv_text(ADA, CY), by=admin_user, apply=False)
    assert job.status == JobStatus.CHECKED
    assert job.counts["erased_skipped"] == 1
    assert job.changes["erased_rows"] == [3]
    page = client_for(admin_user).get(f"/hris/imports/{job.pk}/")
    assert b'id="import-erased"' in page.content

    job = run(csv_text(ADA, CY), by=admin_user)
    assert job.status == JobStatus.DONE
    assert not Person.objects.filter(employee_id="E3").exists()
    assert Person.objects.filter(email="cy@example.com").count() == 0
    erased.refresh_from_db()
    assert erased.first_name != "Cy"


def test_an_erased_manager_is_a_row_error_not_a_new_person(admin_user):
    run(csv_text(ADA, BO), by=admin_user)
    _erase("E1", admin_user)
    before = Person.objects.count()

    job = run(csv_text(ADA, BO), by=admin_user)

    assert job.status == JobStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Manager ID")]
    assert "erased on request" in job.errors[0]["reason"]
    assert Person.objects.count() == before
