"""The import pages: org admins only; upload, map, dry run, apply; progress while it runs."""

import pytest

from mentorpath.hris import services
from mentorpath.hris.enums import JobStatus
from mentorpath.hris.models import ImportJob, ImportMapping
from mentorpath.people.models import JobChange, Person
from tests.hris.conftest import csv_text, csv_upload

pytestmark = pytest.mark.django_db

ROWS = (
    "E2,Bea,Boss,bea@example.com,CTO,Engineering,9,E1,2020-01-01",
    "E1,Al,Top,al@example.com,CEO,Board,12,,2019-01-01",
)
REFUSED_ROLES = ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]


def _job():
    return services.import_job_create(upload=csv_upload(csv_text(*ROWS)), by=None)


@pytest.mark.parametrize("persona", REFUSED_ROLES)
def test_only_org_admins_reach_the_import_pages(request, client_for, persona, program):
    job = _job()
    client = client_for(request.getfixturevalue(persona))

    assert client.get("/hris/").status_code == 403
    assert client.post("/hris/", {"file": csv_upload(csv_text(*ROWS))}).status_code == 403
    assert client.get(f"/hris/imports/{job.pk}/").status_code == 403
    assert client.post(f"/hris/imports/{job.pk}/check/", {}).status_code == 403
    assert client.post(f"/hris/imports/{job.pk}/apply/").status_code == 403
    assert ImportJob.objects.count() == 1
    assert Person.objects.filter(employee_id__in=["E1", "E2"]).count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/hris/")

    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_the_directory_links_the_import_for_admins_only(
    client_for, admin_user, manager_user, program
):
    assert 'href="/hris/"' in client_for(admin_user).get("/people/").content.decode()
    assert 'href="/hris/"' not in client_for(manager_user).get("/people/").content.decode()


def test_admin_uploads_maps_checks_and_applies(client_for, admin_user):
    client = client_for(admin_user)

    response = client.post("/hris/", {"file": csv_upload(csv_text(*ROWS))})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/hris/imports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert '<option value="manager_employee_id" selected>' in page
    assert "bea@example.com, al@example.com" in page

    mapping = {f"col_{i}": field for i, field in enumerate(job.mapping)}
    mapping["col_4"] = "ignore"  # the title column is left out
    response = client.post(f"/hris/imports/{job.pk}/check/", mapping)

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED
    assert job.mapping[4] == "ignore"
    page = client.get(f"/hris/imports/{job.pk}/").content.decode()
    assert "What the import would change" in page
    assert "Board" in page
    assert Person.objects.filter(employee_id__in=["E1", "E2"]).count() == 0
    assert ImportMapping.objects.get().mapping["title"] == "ignore"

    response = client.post(f"/hris/imports/{job.pk}/apply/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Person.objects.get(employee_id="E2").manager.employee_id == "E1"
    assert JobChange.objects.filter(kind="hire").count() == 2

    # The next file with the same columns, in another order, gets the remembered mapping.
    header = "Manager ID,Employee ID,First name,Last name,Email,Title,Department,Level,Start date"
    client.post(
        "/hris/", {"file": csv_upload(csv_text("E1,E3,Cy,Dev,cy@x.com,Dev,Eng,3,", header=header))}
    )
    latest = ImportJob.objects.order_by("-pk").first()
    assert latest.mapping[5] == "ignore"
    assert latest.mapping[:2] == ["manager_employee_id", "employee_id"]


def test_a_mapping_without_employee_id_is_refused_on_the_form(client_for, admin_user):
    job = _job()
    data = {f"col_{i}": "ignore" for i in range(len(job.headers))}
    data["col_3"] = "email"
    data["col_4"] = "email"

    response = client_for(admin_user).post(f"/hris/imports/{job.pk}/check/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Map one column to the employee id: people are matched by it." in page
    assert "Email is already the column “Email”; map it once." in page
    job.refresh_from_db()
    assert job.status == JobStatus.UPLOADED


def test_bad_rows_are_listed_on_the_page(client_for, admin_user):
    job = services.import_job_create(
        upload=csv_upload(csv_text("E1,Al,Top,al@example.com,CEO,Board,12,E9,2019-13-01")), by=None
    )
    services.import_job_start(job=job, by=None)

    page = client_for(admin_user).get(f"/hris/imports/{job.pk}/").content.decode()

    assert "2 problems in the file; nothing was imported." in page
    assert (
        "<td>2</td><td>Manager ID</td>"
        "<td>There is no employee E9, in the file or already stored.</td>" in page
    )


def test_an_upload_that_is_not_a_table_keeps_the_form_with_the_error(client_for, admin_user):
    response = client_for(admin_user).post("/hris/", {"file": csv_upload("x", name="people.pdf")})

    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_progress_is_polled_while_the_job_runs_then_the_page_refreshes(client_for, admin_user):
    job = _job()
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=40, message="Reading row 5000 of 12000…"
    )
    client = client_for(admin_user)

    page = client.get(f"/hris/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    polled = client.get(f"/hris/imports/{job.pk}/?poll=1", headers={"HX-Request": "true"})
    assert polled.status_code == 200
    assert '<progress max="100" value="40">' in polled.content.decode()
    assert "Reading row 5000 of 12000…" in polled.content.decode()

    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.CHECKED)
    finished = client.get(f"/hris/imports/{job.pk}/?poll=1", headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
