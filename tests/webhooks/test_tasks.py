"""The beat sweep is registered and its task sends due retries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorpath.webhooks import services
from mentorpath.webhooks.models import WebhookDelivery
from mentorpath.webhooks.tasks import send_due_webhooks


def test_webhooks_sweep_is_registered_in_the_beat_schedule(settings):
    assert settings.CELERY_BEAT_SCHEDULE["webhooks-sweep"] == {
        "task": "mentorpath.webhooks.tasks.send_due_webhooks",
        "schedule": 60,
    }


@pytest.mark.django_db
def test_the_sweep_task_sends_deliveries_that_are_due(receiver):
    endpoint, receiver.secret = services.endpoint_create(
        data={"url": receiver.url, "events": ["goal.completed"]}
    )
    past = timezone.now() - timedelta(minutes=2)
    WebhookDelivery.objects.create(
        endpoint=endpoint, event="goal.completed", created_at=past, next_attempt_at=past
    )
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="goal.completed",
        created_at=past,
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )
    assert send_due_webhooks.delay().get() == 1
    assert len(receiver.requests) == 1
    assert receiver.verified(receiver.requests[0])
