"""Every attempt is kept (a 500 stays in the log after the 200 that followed), and deliveries
of an endpoint deactivated since the event are cancelled instead of retried."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mentorpath.core import events
from mentorpath.webhooks import services
from mentorpath.webhooks.models import WebhookAttempt, WebhookDelivery

pytestmark = pytest.mark.django_db


def endpoint_for(receiver, name="goal.completed"):
    endpoint, receiver.secret = services.endpoint_create(
        data={"url": receiver.url, "events": [name]}
    )
    return endpoint


def fire(capture, name="goal.completed"):
    with capture(execute=True):
        events.publish(name, {"goal_id": 3})


def test_a_500_then_a_200_leaves_both_attempts(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    receiver.statuses = [500]
    fire(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    services.deliveries_send_due(now=delivery.next_attempt_at)

    first, second = WebhookAttempt.objects.filter(delivery=delivery).order_by("number")
    delivery.refresh_from_db()
    assert (first.number, first.response_code, first.error) == (
        1,
        500,
        "The receiver answered HTTP 500.",
    )
    assert first.response_body == ("boom " + "x" * 2000)[:1024]
    assert first.duration_ms is not None
    assert (second.number, second.response_code, second.error, second.response_body) == (
        2,
        200,
        "",
        "ok",
    )
    assert second.attempted_at == delivery.last_attempt_at
    assert second.attempted_at - first.attempted_at == timedelta(minutes=1)
    # The delivery still sums up its latest attempt.
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (
        "succeeded",
        2,
        200,
    )


def test_a_network_error_is_an_attempt_without_a_status(django_capture_on_commit_callbacks):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    services.endpoint_create(
        data={"url": f"http://127.0.0.1:{port}/", "events": ["goal.completed"]}
    )
    fire(django_capture_on_commit_callbacks)
    [attempt] = WebhookAttempt.objects.all()
    assert attempt.response_code is None
    assert attempt.error.startswith("ConnectionError: ")


def test_the_log_lists_each_attempt_of_a_delivery(
    admin_user, client_for, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    receiver.statuses = [500]
    fire(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    services.deliveries_send_due(now=delivery.next_attempt_at)

    page = client_for(admin_user).get(reverse("webhooks:endpoint", args=[endpoint.pk]))
    html = page.content.decode()
    log = html[html.index(f'id="attempts-{delivery.pk}"') :]
    log = log[: log.index("</ol>")]
    assert log.count("<li") == 2
    assert log.index("Attempt 1,") < log.index("HTTP 500") < log.index("Attempt 2,")
    assert log.index("Attempt 2,") < log.index("HTTP 200")
    assert "The receiver answered HTTP 500." in log


def test_the_django_admin_shows_the_attempts_read_only(
    admin_user, client_for, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver)
    receiver.statuses = [500]
    fire(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    services.deliveries_send_due(now=delivery.next_attempt_at)
    client = client_for(admin_user)

    page = client.get(reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert page.content.decode().count("The receiver answered HTTP 500.") >= 1
    [attempt] = WebhookAttempt.objects.filter(number=1)
    assert client.get(reverse("admin:webhooks_webhookattempt_changelist")).status_code == 200
    url = reverse("admin:webhooks_webhookattempt_change", args=[attempt.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"response_code": "200", "error": ""}).status_code == 403
    assert client.get(reverse("admin:webhooks_webhookattempt_add")).status_code == 403
    attempt.refresh_from_db()
    assert attempt.response_code == 500


# --- Deactivated endpoints ----------------------------------------------------------------------


def test_retries_to_a_deactivated_endpoint_are_cancelled(
    receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    receiver.statuses = [500]
    fire(django_capture_on_commit_callbacks)
    services.endpoint_update(
        endpoint=endpoint,
        data={"url": receiver.url, "events": ["goal.completed"], "is_active": False},
    )
    delivery = WebhookDelivery.objects.get()

    assert services.deliveries_send_due(now=delivery.next_attempt_at) == 0
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("cancelled", 1, None)
    assert delivery.last_error == "Not sent: endpoint deactivated."
    assert WebhookAttempt.objects.count() == 1
    assert services.deliveries_send_due(now=delivery.last_attempt_at + timedelta(days=1)) == 0


def test_a_first_attempt_after_deactivation_is_cancelled(receiver):
    endpoint = endpoint_for(receiver)
    [delivery_id] = services.deliveries_create(name="goal.completed", payload={"goal_id": 1})
    services.endpoint_update(
        endpoint=endpoint,
        data={"url": receiver.url, "events": ["goal.completed"], "is_active": False},
    )
    delivery = services.delivery_attempt(delivery_id=delivery_id)
    assert delivery is not None
    assert delivery.status == "cancelled"
    assert receiver.requests == []
    assert WebhookAttempt.objects.count() == 0


def test_a_reactivated_endpoint_gets_the_retries_not_yet_due(
    receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    receiver.statuses = [500]
    fire(django_capture_on_commit_callbacks)
    data = {"url": receiver.url, "events": ["goal.completed"], "is_active": False}
    services.endpoint_update(endpoint=endpoint, data=data)
    services.endpoint_update(endpoint=endpoint, data={**data, "is_active": True})
    delivery = WebhookDelivery.objects.get()
    assert services.deliveries_send_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"


def test_a_deleted_endpoint_takes_its_deliveries_and_attempts_with_it(
    receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    receiver.statuses = [500]
    fire(django_capture_on_commit_callbacks)
    due = WebhookDelivery.objects.get().next_attempt_at
    services.endpoint_delete(endpoint=endpoint)
    assert WebhookDelivery.objects.count() == WebhookAttempt.objects.count() == 0
    assert services.deliveries_send_due(now=due) == 0
    assert len(receiver.requests) == 1
