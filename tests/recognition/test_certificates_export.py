"""Certificates read back from the PDF; the reward export's rows, rights and opt-outs."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from mentorpath.recognition.services import preference_save
from tests.clock import viewer_today
from tests.factories import ProgramFactory
from tests.factories.mentoring import active_pair, name_pair
from tests.recognition.helpers import badge, checkin, complete

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _completed(pair):
    pair = name_pair(pair)
    checkin(pair, minutes=60)
    checkin(pair, minutes=30)
    checkin(pair, minutes=None, status="missed")
    return complete(pair)


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "admin_user"])
def test_pair_certificate_names_both_the_program_and_the_hours(request, client_for, pair, persona):
    pair = _completed(pair)

    viewer = request.getfixturevalue(persona)
    response = client_for(viewer).get(f"/recognition/certificates/pairs/{pair.pk}.pdf")

    text = _text(response)
    assert "Certificate of Mentorship" in text
    assert "Grace Hopper completed a mentorship with Ada Lovelace" in text
    assert "in the program Career Compass" in text
    assert "2 check-ins held, 1.5 hours of mentoring" in text
    day = viewer_today(viewer)
    assert f"to {day.day} {day:%B %Y}" in text


@pytest.mark.parametrize(
    ("persona", "status"), [("manager_user", 403), ("outsider_user", 404), ("executive_user", 404)]
)
def test_pair_certificate_only_for_the_pair_and_admins(request, client_for, pair, persona, status):
    pair = _completed(pair)

    viewer = request.getfixturevalue(persona)
    response = client_for(viewer).get(f"/recognition/certificates/pairs/{pair.pk}.pdf")

    assert response.status_code == status


def test_no_certificate_for_a_running_pair(client_for, pair, mentor_user):
    response = client_for(mentor_user).get(f"/recognition/certificates/pairs/{pair.pk}.pdf")

    assert response.status_code == 404
    assert (
        "Download the certificate"
        not in client_for(mentor_user).get(f"/mentorships/{pair.pk}/").content.decode()
    )


def test_the_pair_page_links_the_certificate_once_completed(client_for, pair, mentee_user):
    pair = _completed(pair)

    page = client_for(mentee_user).get(f"/mentorships/{pair.pk}/").content.decode()

    assert f"/recognition/certificates/pairs/{pair.pk}.pdf" in page


def test_hours_certificate_over_a_period(client_for, pair, mentor_user):
    pair = name_pair(pair)
    checkin(pair, minutes=90, days_ago=40)
    checkin(pair, minutes=45, days_ago=5)
    today = viewer_today(mentor_user)
    start = today - timedelta(days=10)

    response = client_for(mentor_user).get(
        "/recognition/certificates/hours.pdf",
        {"date_from": start.isoformat(), "date_to": today.isoformat()},
    )

    text = _text(response)
    assert "Certificate of Mentor Hours" in text
    assert "Ada Lovelace" in text
    assert (
        f"gave 0.8 hours of mentoring from {start.day} {start:%B %Y} to {today.day} {today:%B %Y}"
        in text
    )
    assert "to 1 mentee, 0 mentorships completed" in text
    all_time = _text(client_for(mentor_user).get("/recognition/certificates/hours.pdf"))
    assert "gave 2.3 hours of mentoring to date" in all_time


def test_hours_certificate_of_someone_else_only_for_admins(
    client_for, pair, admin_user, manager_user, mentor_user
):
    person = mentor_user.person.pk

    assert (
        client_for(manager_user)
        .get(f"/recognition/certificates/hours.pdf?person={person}")
        .status_code
        == 403
    )
    admin = client_for(admin_user).get(f"/recognition/certificates/hours.pdf?person={person}")
    assert mentor_user.person.full_name in _text(admin)


def test_hours_certificate_refuses_a_reversed_period(client_for, mentor_user):
    response = client_for(mentor_user).get(
        "/recognition/certificates/hours.pdf", {"date_from": "2025-02-01", "date_to": "2025-01-01"}
    )

    assert response.status_code == 400


# ---- export --------------------------------------------------------------------------------


def _rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))


def test_export_csv_rows_and_left_out(client_for, admin_user, pair, other_pair, mentor_user):
    pair = name_pair(pair)
    pair.mentor.person.employee_id = "E-ADA"
    pair.mentor.person.save(update_fields=["employee_id"])
    checkin(pair, minutes=90)
    badge("First hour", "hours", "1")
    from mentorpath.recognition.services import badges_award_due, kudos_send

    badges_award_due()
    kudos_send(mentorship=pair, author=pair.mentee.person, message="Thanks")
    complete(pair)
    preference_save(
        person=other_pair.mentor.person, show_publicly=True, include_in_reward_export=False
    )

    response = client_for(admin_user).get("/recognition/export.csv")

    assert _rows(response) == [
        [
            "employee_id",
            "name",
            "department",
            "hours",
            "pairs",
            "pairs_completed",
            "average_rating",
            "trainings",
            "kudos",
            "badges",
        ],
        ["E-ADA", "Ada Lovelace", "Engineering", "1.5", "1", "1", "", "0", "1", "First hour"],
    ]
    assert response["X-Left-Out"] == "1"
    page = client_for(admin_user).get("/recognition/export/").content.decode()
    assert "1 mentor left out at their request." in page


def test_export_for_a_manager_covers_their_programs_only(
    client_for, manager_user, pair, mentor_user
):
    elsewhere = active_pair(ProgramFactory(slug="other"), "om@example.com", "oe@example.com")
    checkin(elsewhere, minutes=60)
    checkin(pair, minutes=30)

    rows = _rows(client_for(manager_user).get("/recognition/export.csv"))

    assert [row[1] for row in rows[1:]] == [mentor_user.person.full_name]
    other = client_for(manager_user).get(f"/recognition/export.csv?program={elsewhere.program.pk}")
    assert other.status_code == 400  # not a program they may choose


def test_export_by_date_range(client_for, admin_user, pair):
    checkin(pair, minutes=60, days_ago=40)
    checkin(pair, minutes=30, days_ago=2)
    since = (timezone.localdate() - timedelta(days=7)).isoformat()

    rows = _rows(client_for(admin_user).get(f"/recognition/export.csv?date_from={since}"))

    assert rows[1][3] == "0.5"


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_export_refused_to_everyone_else(request, client_for, pair, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get("/recognition/export/").status_code == 403
    assert client.get("/recognition/export.csv").status_code == 403


def test_my_recognition_page(client_for, pair, mentor_user):
    checkin(pair, minutes=90)
    badge("First hour", "hours", "1")
    from mentorpath.recognition.services import badges_award_due, kudos_send

    badges_award_due()
    kudos_send(mentorship=pair, author=pair.mentee.person, message="You are great")

    response = client_for(mentor_user).get("/recognition/")

    summary = response.context["summary"]
    assert (str(summary.contribution.hours), len(summary.awards), len(summary.kudos)) == (
        "1.5",
        1,
        1,
    )
    body = response.content.decode()
    assert "First hour" in body and "You are great" in body
