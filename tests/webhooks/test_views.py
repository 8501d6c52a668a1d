"""The webhook pages: org admins only; secret shown once; the delivery log; test-send."""

import pytest
from django.urls import reverse

from mentorpath.webhooks import services
from mentorpath.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

OTHERS = ["manager_user", "mentor_user", "mentee_user", "executive_user", "outsider_user"]


@pytest.fixture
def endpoint(db):
    created, _ = services.endpoint_create(
        data={"url": "https://hooks.example.com/mp", "events": ["goal.completed"]}
    )
    return created


def pages(endpoint):
    return [
        ("get", reverse("webhooks:list")),
        ("post", reverse("webhooks:list")),
        ("get", reverse("webhooks:endpoint", args=[endpoint.pk])),
        ("post", reverse("webhooks:endpoint", args=[endpoint.pk])),
        ("post", reverse("webhooks:rotate", args=[endpoint.pk])),
        ("post", reverse("webhooks:test", args=[endpoint.pk])),
    ]


@pytest.mark.parametrize("persona", OTHERS)
def test_every_other_role_is_refused(persona, request, client_for, endpoint):
    client = client_for(request.getfixturevalue(persona))
    secret = endpoint.secret
    for method, url in pages(endpoint):
        data = {"url": "https://evil.example.com/", "events": ["goal.completed"]}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 403, (persona, method, url)
    endpoint.refresh_from_db()
    assert endpoint.secret == secret
    assert endpoint.url == "https://hooks.example.com/mp"
    assert WebhookEndpoint.objects.count() == 1
    assert WebhookDelivery.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client, endpoint):
    for method, url in pages(endpoint):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_admin_pages_answer(admin_user, client_for, endpoint):
    client = client_for(admin_user)
    listing = client.get(reverse("webhooks:list"))
    assert listing.status_code == 200
    assert b"https://hooks.example.com/mp" in listing.content
    assert endpoint.secret.encode() not in listing.content
    detail = client.get(reverse("webhooks:endpoint", args=[endpoint.pk]))
    assert detail.status_code == 200
    assert endpoint.secret.encode() not in detail.content
    assert endpoint.secret[:10].encode() in detail.content
    assert client.get(reverse("webhooks:endpoint", args=[endpoint.pk + 99])).status_code == 404


def test_admin_creates_an_endpoint_and_sees_its_secret_once(admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(
        reverse("webhooks:list"),
        {
            "url": "https://crm.example.com/hooks",
            "description": "CRM",
            "events": ["enrollment.created", "goal.completed"],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.url == "https://crm.example.com/hooks"
    assert endpoint.description == "CRM"
    assert endpoint.events == ["enrollment.created", "goal.completed"]
    assert endpoint.is_active is True
    assert endpoint.created_by == admin_user
    assert response.context["new_secret"] == endpoint.secret
    assert endpoint.secret.encode() in response.content
    assert endpoint.secret.encode() not in client.get(reverse("webhooks:list")).content


def test_a_plain_http_url_is_refused_next_to_the_field(admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(
        reverse("webhooks:list"),
        {"url": "http://crm.example.com/hooks", "description": "Kept", "events": ["checkin.held"]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "url": ["Use https:// (plain http is allowed only for 127.0.0.1 and localhost)."]
    }
    assert b"Kept" in response.content
    assert WebhookEndpoint.objects.count() == 0


def test_admin_edits_an_endpoint(admin_user, client_for, endpoint):
    client = client_for(admin_user)
    response = client.post(
        reverse("webhooks:endpoint", args=[endpoint.pk]),
        {"url": "https://hooks.example.com/v2", "events": ["checkin.held"], "description": ""},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url == "https://hooks.example.com/v2"
    assert endpoint.events == ["checkin.held"]
    assert endpoint.is_active is False  # unticked


def test_rotating_shows_the_new_secret_once(admin_user, client_for, endpoint):
    old = endpoint.secret
    response = client_for(admin_user).post(reverse("webhooks:rotate", args=[endpoint.pk]))
    assert response.status_code == 200
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret_rotated_at is not None
    assert response.context["new_secret"] == endpoint.secret
    assert endpoint.secret.encode() in response.content


def test_the_test_button_sends_a_ping_and_the_log_shows_the_response(
    admin_user, client_for, receiver, django_capture_on_commit_callbacks
):
    endpoint, receiver.secret = services.endpoint_create(
        data={"url": receiver.url, "events": ["goal.completed"]}
    )
    receiver.statuses = [418]
    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webhooks:test", args=[endpoint.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("webhooks:endpoint", args=[endpoint.pk])
    [request] = receiver.requests
    assert request.headers["Mentorpath-Event"] == "ping"
    assert receiver.verified(request)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.event, delivery.status, delivery.last_response_code) == (
        "ping",
        "pending",
        418,
    )
    log = client.get(response["Location"])
    rows = list(log.context["deliveries"])
    assert rows == [delivery]
    assert b"<td>418</td>" in log.content
    assert b"The receiver answered HTTP 418." in log.content
    assert b"Test event (ping) queued" in log.content
