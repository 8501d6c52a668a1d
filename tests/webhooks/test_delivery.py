"""Deliveries to a real receiver: signed, retried after the back-off, failed at the end."""

import json
import socket
from datetime import timedelta

import pytest
from django.db import transaction

from mentorpath.core import events
from mentorpath.webhooks import services
from mentorpath.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def endpoint_for(receiver, events_=("enrollment.created",), **data):
    endpoint, secret = services.endpoint_create(
        data={"url": receiver.url, "events": list(events_), "description": "CRM", **data}
    )
    receiver.secret = secret
    return endpoint


def fire(capture, name="enrollment.created", payload=None):
    with capture(execute=True):
        events.publish(name, payload or {"enrollment_id": 1, "role": "mentee"})


def test_a_delivery_reaches_the_receiver_signed_with_the_secret(
    receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    fire(django_capture_on_commit_callbacks)

    [request] = receiver.requests
    delivery = WebhookDelivery.objects.get()
    assert receiver.verified(request)
    assert request.path == "/hooks/mentorpath"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Mentorpath-Event"] == "enrollment.created"
    assert request.headers["Mentorpath-Delivery"] == str(delivery.event_id)
    assert request.json == {
        "id": str(delivery.event_id),
        "type": "enrollment.created",
        "created": int(delivery.created_at.timestamp()),
        "data": {"enrollment_id": 1, "role": "mentee"},
    }
    assert delivery.endpoint == endpoint
    assert delivery.status == "succeeded"
    assert delivery.attempts == 1
    assert delivery.last_response_code == 200
    assert delivery.response_body == "ok"
    assert delivery.last_error == ""
    assert delivery.next_attempt_at is None
    assert delivery.duration_ms is not None


def test_a_wrong_secret_does_not_verify(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    fire(django_capture_on_commit_callbacks)
    receiver.secret = "whsec_not-the-secret"
    assert not receiver.verified(receiver.requests[0])


def test_a_500_is_retried_after_the_back_off_and_succeeds_later(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver)
    receiver.statuses = [500]
    fire(django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert delivery.last_response_code == 500
    assert delivery.last_error == "The receiver answered HTTP 500."
    assert delivery.response_body == ("boom " + "x" * 2000)[:1024]
    assert delivery.next_attempt_at == delivery.last_attempt_at + timedelta(minutes=1)

    assert services.deliveries_send_due(now=delivery.next_attempt_at - timedelta(seconds=1)) == 0
    assert len(receiver.requests) == 1

    assert services.deliveries_send_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert delivery.attempts == 2
    assert delivery.last_response_code == 200
    first, second = receiver.requests
    assert first.body == second.body
    assert second.headers["Mentorpath-Delivery"] == first.headers["Mentorpath-Delivery"]
    assert receiver.verified(second)
    # Delivered: later sweeps send nothing.
    assert (
        services.deliveries_send_due(
            now=delivery.next_attempt_at or delivery.delivered_at + timedelta(days=1)
        )
        == 0
    )


def test_the_back_off_grows_and_the_sixth_failure_marks_the_delivery_failed(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver)
    receiver.statuses = [503] * 6
    fire(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    waits = []
    while delivery.status == "pending":
        now = delivery.next_attempt_at
        waits.append(now - delivery.last_attempt_at)
        assert services.deliveries_send_due(now=now) == 1
        delivery.refresh_from_db()
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
    ]
    assert delivery.status == "failed"
    assert delivery.attempts == 6
    assert delivery.next_attempt_at is None
    assert len(receiver.requests) == 6
    assert services.deliveries_send_due(now=now + timedelta(days=30)) == 0


def test_a_network_error_is_recorded_and_retried(django_capture_on_commit_callbacks):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    services.endpoint_create(data={"url": f"http://127.0.0.1:{port}/", "events": ["checkin.held"]})
    fire(django_capture_on_commit_callbacks, "checkin.held", {"checkin_id": 4})
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert delivery.last_response_code is None
    assert delivery.last_error.startswith("ConnectionError: ")
    assert delivery.next_attempt_at == delivery.last_attempt_at + timedelta(minutes=1)


def test_inactive_endpoints_and_unsubscribed_events_get_nothing(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver, ["enrollment.created"], is_active=False)
    endpoint_for(receiver, ["goal.completed"])
    fire(django_capture_on_commit_callbacks, "enrollment.created")
    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []


def test_each_subscribed_endpoint_gets_the_event_with_one_event_id(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver, ["goal.completed"])
    endpoint_for(receiver, ["goal.completed", "checkin.held"])
    fire(django_capture_on_commit_callbacks, "goal.completed", {"goal_id": 9})
    assert len(receiver.requests) == 2
    assert {request.json["id"] for request in receiver.requests} == {
        str(WebhookDelivery.objects.values_list("event_id", flat=True).first())
    }


def test_a_rolled_back_event_sends_nothing(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        events.publish("enrollment.created", {"enrollment_id": 1})
        raise RuntimeError
    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []


def test_the_test_event_is_a_ping_even_to_an_inactive_endpoint(
    receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver, ["goal.completed"], is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test_event(endpoint=endpoint)
    [request] = receiver.requests
    assert receiver.verified(request)
    assert request.headers["Mentorpath-Event"] == "ping"
    assert request.json["type"] == "ping"
    assert request.json["data"] == {
        "endpoint_id": endpoint.pk,
        "message": "Test event from Mentorpath.",
    }


def test_a_rotated_secret_signs_the_next_delivery(receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(receiver)
    old = receiver.secret
    receiver.secret = services.endpoint_rotate_secret(endpoint=endpoint)
    assert receiver.secret != old
    assert receiver.secret.startswith("whsec_")
    fire(django_capture_on_commit_callbacks)
    assert receiver.verified(receiver.requests[0])


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body():
    body = json.dumps({"a": 1}).encode()
    assert services.signature("whsec_x", 1700000000, body) == (
        "t=1700000000,v1="
        + __import__("hmac").new(b"whsec_x", b"1700000000." + body, "sha256").hexdigest()
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://example.com/hook",
            "Use https:// (plain http is allowed only for 127.0.0.1 and localhost).",
        ),
        ("ftp://example.com/hook", "Enter the full URL, starting with https://."),
        ("https://user:pw@example.com/hook", "Do not put credentials in the URL."),
    ],
)
def test_endpoint_urls_must_be_https_except_local(url, message):
    from mentorpath.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        services.endpoint_create(data={"url": url, "events": ["goal.completed"]})
    assert refused.value.message_dict == {"url": [message]}


def test_endpoints_need_known_events():
    from mentorpath.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        services.endpoint_create(data={"url": "https://example.com/h", "events": []})
    assert refused.value.message_dict == {"events": ["Choose at least one event."]}
    with pytest.raises(ApplicationError) as refused:
        services.endpoint_create(data={"url": "https://example.com/h", "events": ["ping"]})
    assert refused.value.message_dict == {"events": ["Unknown events: ping."]}


def test_the_delivery_is_written_with_the_change_and_sent_if_the_worker_missed_it(
    receiver, django_capture_on_commit_callbacks
):
    """An outbox: the delivery row is in the publisher's transaction, so a process that dies
    right after the commit (the send task never queued) leaves it for the minute sweep."""
    endpoint_for(receiver)
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        events.publish("enrollment.created", {"enrollment_id": 1})
        assert WebhookDelivery.objects.filter(status="pending").count() == 1
    assert receiver.requests == []  # the commit's send task was lost with the process

    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_send_due()

    [request] = receiver.requests
    assert receiver.verified(request)
    assert WebhookDelivery.objects.get().status == "succeeded"
