"""The import API: org admins only; 202 with the job, 400 with every bad row; status; apply."""

import json

import pytest
from django.test import Client

from mentorpath.hris import services
from mentorpath.hris.models import ImportJob
from mentorpath.people.models import Person
from tests.api.conftest import API
from tests.hris.conftest import csv_text, csv_upload

pytestmark = pytest.mark.django_db

ROWS = (
    "E2,Bea,Boss,bea@example.com,CTO,Engineering,9,E1,2020-01-01",
    "E1,Al,Top,al@example.com,CEO,Board,12,,2019-01-01",
)
REFUSED_ROLES = ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]


def post_import(client: Client, text: str, **form):
    return client.post(f"{API}/hris/imports", {"file": csv_upload(text), **form})


@pytest.mark.parametrize("persona", REFUSED_ROLES)
def test_only_org_admins_use_the_import_api(request, client_for, persona, program):
    job = services.import_job_create(upload=csv_upload(csv_text(*ROWS)), by=None)
    client = client_for(request.getfixturevalue(persona))

    refused = post_import(client, csv_text(*ROWS), dry_run="false")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only organization admins can import people.", "errors": {}}
    assert client.get(f"{API}/hris/imports/{job.pk}").status_code == 403
    assert client.post(f"{API}/hris/imports/{job.pk}/apply").status_code == 403
    assert ImportJob.objects.count() == 1
    assert Person.objects.filter(employee_id__in=["E1", "E2"]).count() == 0


def test_anonymous_callers_get_401():
    assert post_import(Client(), csv_text(*ROWS)).status_code == 401
    assert Client().get(f"{API}/hris/imports/1").status_code == 401


def test_admin_dry_runs_then_applies_through_the_api(token_api, admin_user):
    api = token_api(admin_user)

    response = api.client.post(f"{API}/hris/imports", {"file": csv_upload(csv_text(*ROWS))})

    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["dry_run"], body["progress"]) == ("checked", True, 100)
    assert body["counts"]["created"] == 2
    assert body["mapping"][7] == "manager_employee_id"
    assert Person.objects.filter(employee_id__in=["E1", "E2"]).count() == 0

    status = api.get(f"/hris/imports/{body['id']}")
    assert status.status_code == 200
    assert status.json()["status"] == "checked"

    applied = api.post(f"/hris/imports/{body['id']}/apply")

    assert applied.status_code == 202
    assert applied.json()["status"] == "done"
    assert Person.objects.get(employee_id="E2").manager.employee_id == "E1"
    assert api.post(f"/hris/imports/{body['id']}/apply").status_code == 409


def test_an_import_with_a_mapping_object_and_no_dry_run(token_api, admin_user):
    api = token_api(admin_user)
    mapping = {"Code": "employee_id", "Mail": "email", "Given": "first_name", "Family": "last_name"}

    response = api.client.post(
        f"{API}/hris/imports",
        {
            "file": csv_upload(
                csv_text("X1,x1@example.com,Xi,Yu", header="Code,Mail,Given,Family")
            ),
            "mapping": json.dumps(mapping),
            "dry_run": "false",
        },
    )

    assert response.status_code == 202
    assert response.json()["status"] == "done"
    assert Person.objects.get(employee_id="X1").email == "x1@example.com"


def test_bad_rows_give_400_with_each_row_and_column(token_api, admin_user):
    before = Person.objects.count()
    text = csv_text(
        "E2,Bea,Boss,bea@example.com,CTO,Engineering,9,E1,2020-01-01",
        "E1,Al,Top,not-mail,CEO,Board,12,E2,2019-01-01",
    )

    response = post_import(token_api(admin_user).client, text, dry_run="false")

    assert response.status_code == 400
    job = ImportJob.objects.get()
    assert response.json() == {
        "detail": f"Import {job.pk}: 3 problems in the file; nothing was imported.",
        "errors": {
            "row 2: Manager ID": "The reporting line loops: E2 → E1 → E2.",
            "row 3: Email": "“not-mail” is not a valid email address.",
            "row 3: Manager ID": "The reporting line loops: E2 → E1 → E2.",
        },
    }
    assert Person.objects.count() == before
    detail = token_api(admin_user).get(f"/hris/imports/{job.pk}").json()
    assert detail["errors"][1] == {
        "row": 3,
        "column": "Email",
        "reason": "“not-mail” is not a valid email address.",
    }


def test_a_bad_mapping_or_file_is_400(token_api, admin_user):
    client = token_api(admin_user).client

    no_id = post_import(client, csv_text(*ROWS), mapping=json.dumps(["email"] * 9))
    assert no_id.status_code == 400
    assert (
        no_id.json()["errors"]["mapping"]
        == "Map one column to the employee id: people are matched by it."
    )
    not_json = post_import(client, csv_text(*ROWS), mapping="{")
    assert not_json.json() == {
        "detail": "The mapping is not valid JSON.",
        "errors": {"mapping": "The mapping is not valid JSON."},
    }
    not_table = client.post(f"{API}/hris/imports", {"file": csv_upload("x", name="a.pdf")})
    assert not_table.status_code == 400
    assert not_table.json()["errors"] == {"file": "Upload a .csv or .xlsx file."}


def test_unknown_import_is_404(token_api, admin_user):
    assert token_api(admin_user).get("/hris/imports/999999").status_code == 404
