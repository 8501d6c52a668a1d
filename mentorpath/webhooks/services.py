"""Webhook endpoints (create, edit, rotate the secret), turning events into deliveries, and
sending them: signed POSTs, retried with back-off by the sweep until delivered or failed."""

import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.audit.services import diff, record
from mentorpath.core.events import EVENT_NAMES
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.tasks import enqueue_on_commit
from mentorpath.webhooks.enums import (
    BACKOFF_SECONDS,
    BODY_EXCERPT,
    MAX_ATTEMPTS,
    PING,
    TIMEOUT_SECONDS,
    DeliveryStatus,
)
from mentorpath.webhooks.models import WebhookDelivery, WebhookEndpoint

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LEASE = timedelta(minutes=5)
"""An attempt claims its delivery for this long, so a sweep never sends it twice at once."""
USER_AGENT = "Mentorpath-Webhooks/1.0"


# --- Endpoints ---------------------------------------------------------------------------------


def new_secret() -> str:
    return f"whsec_{secrets.token_hex(24)}"


ENDPOINT_FIELDS = ("url", "description", "events", "is_active")  # what the audit log compares


def _clean_endpoint(data: Mapping[str, Any]) -> dict[str, Any]:
    url = str(data.get("url") or "").strip()
    parts = urlsplit(url)
    if not parts.hostname or parts.scheme not in ("https", "http"):
        raise ApplicationError({"url": "Enter the full URL, starting with https://."})
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise ApplicationError(
            {"url": "Use https:// (plain http is allowed only for 127.0.0.1 and localhost)."}
        )
    if parts.username or parts.password:
        raise ApplicationError({"url": "Do not put credentials in the URL."})
    chosen = list(data.get("events") or [])
    unknown = [name for name in chosen if name not in EVENT_NAMES]
    if unknown:
        raise ApplicationError({"events": f"Unknown events: {', '.join(unknown)}."})
    if not chosen:
        raise ApplicationError({"events": "Choose at least one event."})
    return {
        "url": url,
        "description": str(data.get("description") or "").strip()[:200],
        "events": [name for name in EVENT_NAMES if name in chosen],
        "is_active": bool(data.get("is_active", True)),
    }


@transaction.atomic
def endpoint_create(
    *, data: Mapping[str, Any], created_by: User | None = None
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its secret (returned here; show it once)."""
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.create(
        **_clean_endpoint(data), secret=secret, created_by=created_by
    )
    record(
        actor=created_by,
        action="webhook.created",
        target=endpoint,
        changes=diff({}, {name: getattr(endpoint, name) for name in ENDPOINT_FIELDS}),
    )
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *, endpoint: WebhookEndpoint, data: Mapping[str, Any], by: User | None = None
) -> WebhookEndpoint:
    clean = _clean_endpoint(data)
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = {name: getattr(locked, name) for name in ENDPOINT_FIELDS}
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.save()
    changes = diff(before, {name: getattr(locked, name) for name in ENDPOINT_FIELDS})
    if changes:
        record(actor=by, action="webhook.updated", target=locked, changes=changes)
    return locked


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: WebhookEndpoint, by: User | None = None) -> str:
    """Replace the secret at once: the next attempt of every delivery is signed with it."""
    secret = new_secret()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        secret=secret, secret_rotated_at=timezone.now(), updated_at=timezone.now()
    )
    endpoint.secret = secret
    record(actor=by, action="webhook.secret_rotated", target=endpoint)  # never the secret
    return secret


# --- Events into deliveries --------------------------------------------------------------------


def _queue(endpoints: list[WebhookEndpoint], name: str, payload: dict[str, Any]) -> list[int]:
    now = timezone.now()
    event_id = uuid.uuid4()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                event_id=event_id,
                event=name,
                payload=payload,
                created_at=now,
                next_attempt_at=now,
            )
            for endpoint in endpoints
        ]
    )
    from mentorpath.webhooks.tasks import deliver_webhook

    for delivery in deliveries:
        enqueue_on_commit(deliver_webhook, delivery_id=delivery.pk)
    return [delivery.pk for delivery in deliveries]


@transaction.atomic
def deliveries_create(*, name: str, payload: Mapping[str, Any]) -> list[int]:
    """One delivery (same event id) per active endpoint subscribed to `name`; each is sent
    by a task once this commits. Returns the deliveries' ids."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if name in endpoint.events
    ]
    if not endpoints:
        return []
    return _queue(endpoints, name, dict(payload))


def on_event(name: str, payload: dict[str, Any]) -> None:
    """The domain-event subscriber (see WebhooksConfig.ready)."""
    deliveries_create(name=name, payload=payload)


@transaction.atomic
def send_test_event(*, endpoint: WebhookEndpoint, by: User | None = None) -> int:
    """A `ping` to one endpoint, active or not and whatever it subscribes to."""
    payload = {"endpoint_id": endpoint.pk, "message": "Test event from Mentorpath."}
    return _queue([endpoint], PING, payload)[0]


# --- Sending -----------------------------------------------------------------------------------


def delivery_body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(
        {
            "id": str(delivery.event_id),
            "type": delivery.event,
            "created": int(delivery.created_at.timestamp()),
            "data": delivery.payload,
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">`, as in the Mentorpath-Signature header."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    """Take a due pending delivery for one attempt (None if not due, done or taken)."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str, str]:
    """(status code or None, body excerpt, error)."""
    try:
        with requests.post(
            url,
            data=body,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        ) as response:
            excerpt = response.raw.read(BODY_EXCERPT, decode_content=True) or b""
            return response.status_code, excerpt.decode("utf-8", "replace"), ""
    except requests.RequestException as error:
        return None, "", f"{type(error).__name__}: {error}"[:500]


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Send a due delivery once and record the outcome: delivered on a 2xx; otherwise
    retried after the back-off, or failed after the last attempt. None if it was not due."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    body = delivery_body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Mentorpath-Event": delivery.event,
        "Mentorpath-Delivery": str(delivery.event_id),
        "Mentorpath-Signature": signature(endpoint.secret, int(time.time()), body),
    }
    started = time.monotonic()
    code, excerpt, error = _post(endpoint.url, body, headers)
    delivery.duration_ms = int((time.monotonic() - started) * 1000)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_response_code = code
    delivery.response_body = excerpt
    if code is not None and 200 <= code < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
    else:
        delivery.last_error = error or f"The receiver answered HTTP {code}."
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            wait = BACKOFF_SECONDS[min(delivery.attempts, len(BACKOFF_SECONDS)) - 1]
            delivery.next_attempt_at = now + timedelta(seconds=wait)
    delivery.save()
    return delivery


def deliveries_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """The sweep: attempt every pending delivery that is due (first tries a task missed,
    and retries whose back-off has passed). Returns the attempts made."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in due if delivery_attempt(delivery_id=pk, now=now) is not None)
