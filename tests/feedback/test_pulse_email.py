"""The pulse request email carries one link per rating (the one click of the issue)."""

import pytest
from django.core import mail
from django.test import override_settings

from mentorpath.feedback.services import surveys_send_due
from tests.factories.feedback import held_checkin

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="https://mentor.example.com")
def test_pulse_email_links_each_rating_to_the_pulse_page(pair, django_capture_on_commit_callbacks):
    checkin = held_checkin(pair, days_ago=1)

    with django_capture_on_commit_callbacks(execute=True):
        surveys_send_due()

    message = next(m for m in mail.outbox if m.to == ["mentee@example.com"])
    html = message.alternatives[0][0]
    links = [
        f"https://mentor.example.com/feedback/pulse/{checkin.pk}/?rating={rating}"
        for rating in range(1, 6)
    ]
    for link in links:
        assert f'href="{link}"' in html
        assert link in message.body
    assert "5 · Excellent: https://mentor.example.com/feedback/pulse/" in message.body


def test_a_rating_link_opened_by_a_mail_scanner_records_nothing(client, pair, mentee_user):
    checkin = held_checkin(pair, days_ago=1)
    client.force_login(mentee_user)

    page = client.get(f"/feedback/pulse/{checkin.pk}/?rating=2")

    assert page.status_code == 200
    assert checkin.pulses.count() == 0
