"""Who may export what, for every role and every dataset, through the page and the API; and
private notes in no export, for every role, dataset and format."""

import pytest
from django.test import Client

from tests.exports.conftest import (
    ALLOWED,
    DATASETS,
    MARKER,
    ROLES,
    SHARED_BODY,
    api_url,
    content_of,
    csv_rows,
    page_url,
    user_of,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_every_dataset_through_the_page_for_each_role(request, small_world, client_for, role):
    client = client_for(user_of(request, role))

    statuses = {dataset: client.get(page_url(dataset)).status_code for dataset in DATASETS}

    assert statuses == {d: 200 if d in ALLOWED[role] else 403 for d in DATASETS}


@pytest.mark.parametrize("role", ROLES)
def test_every_dataset_through_the_api_for_each_role(request, small_world, client_for, role):
    client = client_for(user_of(request, role))

    responses = {dataset: client.get(api_url(dataset)) for dataset in DATASETS}

    assert {d: r.status_code for d, r in responses.items()} == {
        d: 200 if d in ALLOWED[role] else 403 for d in DATASETS
    }
    for response in responses.values():
        if response.status_code == 403:
            assert response.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_export_page_for_each_role(request, small_world, client_for, role):
    response = client_for(user_of(request, role)).get("/exports/")

    if not ALLOWED[role]:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    offered = {d for d in DATASETS if f'id="dataset-{d}"' in html}
    assert offered == ALLOWED[role]
    radios = {d for d in DATASETS if f'name="dataset" value="{d}"' in html}
    assert radios == ALLOWED[role]


def test_anonymous_is_sent_to_log_in_and_refused_by_the_api(small_world):
    client = Client()

    page = client.get("/exports/")
    download = client.get(page_url("checkins"))
    api = client.get(api_url("checkins"))

    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert download.status_code == 302
    assert api.status_code == 401


@pytest.mark.parametrize("role", ["admin", "manager", "executive"])
def test_private_notes_are_in_no_export(request, small_world, client_for, role):
    client = client_for(user_of(request, role))

    for dataset in sorted(ALLOWED[role]):
        for fmt in ("csv", "xlsx"):
            for url in (page_url(dataset, fmt), api_url(dataset, fmt)):
                response = client.get(url)
                assert response.status_code == 200, url
                if fmt == "csv":
                    cells = [cell for row in csv_rows(response) for cell in row]
                else:
                    cells = [str(cell) for row in xlsx_rows(response) for cell in row]
                assert not [cell for cell in cells if MARKER in cell], url
                assert not [cell for cell in cells if SHARED_BODY in cell], url


def test_private_note_marker_absent_from_the_raw_bytes_too(small_world, client_for, admin_user):
    client = client_for(admin_user)

    for dataset in DATASETS:
        assert MARKER.encode() not in content_of(client.get(page_url(dataset)))


def test_managed_programs_page_links_to_exports(small_world, client_for, manager_user):
    html = client_for(manager_user).get("/programs/manage/").content.decode()

    assert 'href="/exports/"' in html


def test_manager_cannot_filter_by_a_program_they_do_not_manage(
    small_world, client_for, manager_user
):
    from tests.factories import ProgramFactory

    ProgramFactory(name="Elsewhere", slug="elsewhere", status="active")
    ProgramFactory(name="Secret", slug="secret", status="draft")
    client = client_for(manager_user)

    api_other = client.get(api_url("checkins", program="elsewhere"))
    api_draft = client.get(api_url("checkins", program="secret"))
    page_other = client.get(page_url("checkins", program="elsewhere"))

    assert api_other.status_code == 403
    assert api_draft.status_code == 404  # a draft of someone else's: not even visible
    assert page_other.status_code == 400
    assert "Select a valid choice" in page_other.content.decode()


def test_executive_may_filter_survey_results_by_any_program(
    small_world, client_for, executive_user
):
    client = client_for(executive_user)

    response = client.get(api_url("survey_results", program="career-compass"))

    assert response.status_code == 200
    assert csv_rows(response)[1][0] == "Career Compass"


def test_api_refuses_bad_input(small_world, client_for, admin_user):
    client = client_for(admin_user)

    unknown = client.get(api_url("salaries"))
    bad_format = client.get(api_url("checkins", "pdf"))
    bad_date = client.get(api_url("checkins", date_from="yesterday"))
    reversed_dates = client.get(api_url("checkins", date_from="2030-02-01", date_to="2030-01-01"))

    assert unknown.status_code == 404
    assert bad_format.status_code == 422
    assert bad_date.status_code == 422
    assert reversed_dates.status_code == 422
    assert reversed_dates.json()["errors"] == {"date_to": "The end date is before the start date."}


def test_page_shows_errors_next_to_fields_and_keeps_input(small_world, client_for, admin_user):
    response = client_for(admin_user).get(
        page_url("checkins", date_from="2030-02-01", date_to="2030-01-01")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_date_to_error">The end date is before the start date.' in html
    assert 'value="2030-02-01"' in html
