"""The succession pages as an organization admin: forms keep what was typed and show errors
beside their fields; the pipeline, its filters and the CSV export."""

import csv
import io

import pytest
from django.urls import reverse

from mentorpath.mentoring.models import Mentorship
from mentorpath.succession.models import KeyRole
from tests.factories import DepartmentFactory, PersonFactory
from tests.succession.conftest import candidate, key_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(admin_user, client_for):
    return client_for(admin_user)


def test_pipeline_page_shows_coverage_bench_and_gaps(client, role):
    key_role = KeyRole.objects.create(title="CTO", criticality="critical")

    html = client.get(reverse("succession:pipeline")).content.decode()

    assert "50%" in html  # one of two roles has a successor ready now
    assert f'id="gap-{key_role.pk}"' in html and "no successor at all" in html
    assert f'id="gap-{role.pk}"' not in html
    assert "Adequate" in html and "Nora Now" in html


def test_pipeline_filter_by_criticality(client, role):
    KeyRole.objects.create(title="Office Manager", criticality="low")

    html = client.get(reverse("succession:pipeline"), {"criticality": "low"}).content.decode()

    assert "Office Manager" in html and "Head of Sales" not in html


def test_pipeline_csv(client, role):
    response = client.get(reverse("succession:pipeline_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[1] == [
        "Head of Sales",
        "Sales",
        "Hana Head",
        "9",
        "Critical",
        "High",
        "1",
        "1",
        "0",
        "1.5",
        "Adequate",
        "Nora Now (Ready now); Tim Two (Ready in 1–2 years)",
    ]


def test_pipeline_csv_cells_never_run_as_formulas(client, db):
    """Names, titles and departments come from HRIS/SCIM: a cell starting with = + - @ is
    prefixed with an apostrophe so a spreadsheet shows it as text."""
    evil = '=HYPERLINK("http://evil.example","click")'
    role = key_role(
        title="+Chief of Staff",
        department=DepartmentFactory(name="@Ops"),
        incumbent=PersonFactory(first_name="-Ivy", last_name="Inc"),
    )
    candidate(role, "now", first_name=evil, last_name="Doe")

    response = client.get(reverse("succession:pipeline_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if "Chief of Staff" in r[0])
    assert row[:3] == ["'+Chief of Staff", "'@Ops", "'-Ivy Inc"]
    assert row[-1] == f"'{evil} Doe (Ready now)"
    assert row[6:10] == ["1", "0", "0", "1"]  # numbers are left alone


def test_new_role_form_keeps_input_and_shows_errors(client):
    response = client.post(
        reverse("succession:role_new"),
        {
            "title": "CFO",
            "incumbent": "nobody@example.com",
            "criticality": "high",
            "vacancy_risk": "low",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_incumbent_error"' in html
    assert "No current employee has that email or employee id." in html
    assert 'value="CFO"' in html and 'value="nobody@example.com"' in html
    assert not KeyRole.objects.exists()


def test_new_role_then_add_a_successor_by_email(client):
    person = PersonFactory(first_name="Ada", last_name="Up", email="ada@example.com", level=8)

    created = client.post(
        reverse("succession:role_new"),
        {"title": "CFO", "criticality": "high", "vacancy_risk": "low", "level": "10"},
    )
    role = KeyRole.objects.get()
    added = client.post(
        reverse("succession:candidate_add", args=[role.pk]),
        {"person": "ADA@example.com", "readiness": "1-2y"},
    )

    assert created["Location"] == reverse("succession:role", args=[role.pk])
    assert added.status_code == 302
    assert list(role.candidates.values_list("person", "readiness")) == [(person.pk, "1-2y")]


def test_adding_the_same_successor_twice_shows_the_refusal(client, role, successor):
    response = client.post(
        reverse("succession:candidate_add", args=[role.pk]),
        {"person": successor.person.email, "readiness": "now"},
    )

    assert response.status_code == 200
    assert "Nora Now is already a successor candidate for this role." in response.content.decode()


def test_review_on_the_candidate_page_updates_readiness(client, role):
    tim = role.candidates.get(person__first_name="Tim")

    client.post(
        reverse("succession:review_add", args=[tim.pk]),
        {"readiness": "now", "reviewed_on": "2025-06-01", "notes": "ready"},
    )
    html = client.get(reverse("succession:candidate", args=[tim.pk])).content.decode()

    tim.refresh_from_db()
    assert tim.readiness == "now"
    assert html.index("1 Jun 2025") < html.index("15 Jan 2025")  # newest first
    assert 'data-chart="readiness-chart"' in html


def test_link_then_propose_a_mentor_from_the_candidate_page(client, role, successor, leadership):
    linked = client.post(
        reverse("succession:link_program", args=[successor.pk]), {"program": leadership.pk}
    )
    page = client.get(reverse("succession:candidate", args=[successor.pk])).content.decode()
    proposed = client.post(
        reverse("succession:propose_mentor", args=[successor.pk, role.incumbent_id])
    )

    assert linked.status_code == 302
    assert "Enroll as mentor and propose" in page and "holds this role" in page
    assert proposed.status_code == 302
    pair = Mentorship.objects.get()
    assert (pair.mentor.person, pair.mentee.person) == (role.incumbent, successor.person)


def test_delete_role(client, role):
    response = client.post(reverse("succession:role_delete", args=[role.pk]))

    assert response["Location"] == reverse("succession:pipeline")
    assert not KeyRole.objects.exists()
