"""The Django admin shows endpoints read-only (they are made and edited on /webhooks/, where
the URL is checked and changes are audited); deleting one there is recorded as
`webhook.deleted`."""

import pytest
from django.urls import reverse

from mentorpath.audit.models import AuditEntry
from mentorpath.webhooks import services
from mentorpath.webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(admin_user):
    created, _ = services.endpoint_create(
        data={"url": "https://hooks.example.com/mp", "events": ["goal.completed"]},
        created_by=admin_user,
    )
    return created


def test_the_admin_shows_an_endpoint_but_does_not_change_it(admin_user, client_for, endpoint):
    client = client_for(admin_user)
    url = reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"https://hooks.example.com/mp" in page.content
    assert endpoint.secret.encode() not in page.content

    refused = client.post(
        url, {"url": "https://169.254.169.254/", "events": '["goal.completed"]', "is_active": "on"}
    )
    assert refused.status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.url == "https://hooks.example.com/mp"
    assert not AuditEntry.objects.exclude(action="webhook.created").exists()


def test_the_admin_cannot_add_an_endpoint(admin_user, client_for):
    client = client_for(admin_user)
    add = reverse("admin:webhooks_webhookendpoint_add")
    assert client.get(add).status_code == 403
    assert client.post(add, {"url": "https://10.0.0.1/", "events": "[]"}).status_code == 403
    assert WebhookEndpoint.objects.count() == 0


def test_deleting_in_the_admin_is_recorded(admin_user, client_for, endpoint):
    response = client_for(admin_user).post(
        reverse("admin:webhooks_webhookendpoint_delete", args=[endpoint.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not WebhookEndpoint.objects.exists()
    entry = AuditEntry.objects.get(action="webhook.deleted")
    assert (entry.actor, entry.target_type, entry.target_id, entry.target_label) == (
        admin_user,
        "webhooks.webhookendpoint",
        str(endpoint.pk),
        "https://hooks.example.com/mp",
    )
    assert entry.changes == {
        "description": ["", None],
        "events": [["goal.completed"], None],
        "is_active": [True, None],
        "url": ["https://hooks.example.com/mp", None],
    }
    assert entry.context == {"via": "django-admin"}
    assert not AuditEntry.objects.filter(action="admin.deleted").exists()


def test_deleting_several_in_the_admin_records_each(admin_user, client_for, endpoint):
    other, _ = services.endpoint_create(
        data={"url": "https://crm.example.com/h", "events": ["checkin.held"]}
    )
    response = client_for(admin_user).post(
        reverse("admin:webhooks_webhookendpoint_changelist"),
        {"action": "delete_selected", "_selected_action": [endpoint.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not WebhookEndpoint.objects.exists()
    deleted = AuditEntry.objects.filter(action="webhook.deleted")
    assert sorted(deleted.values_list("target_id", flat=True)) == sorted(
        [str(endpoint.pk), str(other.pk)]
    )
    assert {entry.actor for entry in deleted} == {admin_user}


def test_the_delete_service_records_who_deleted_what(admin_user, endpoint):
    pk = endpoint.pk
    services.endpoint_delete(endpoint=endpoint, by=admin_user)
    assert not WebhookEndpoint.objects.exists()
    entry = AuditEntry.objects.get(action="webhook.deleted")
    assert (entry.actor, entry.target_id) == (admin_user, str(pk))
    assert entry.changes["url"] == ["https://hooks.example.com/mp", None]
    assert endpoint.secret not in str(entry.changes)
