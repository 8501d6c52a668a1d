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
from typing import Any, NamedTuple
from urllib.parse import SplitResult, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from urllib3.exceptions import NewConnectionError

from mentorpath.accounts.models import User
from mentorpath.audit.services import diff, record
from mentorpath.core.events import EVENT_NAMES
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.tasks import enqueue_on_commit
from mentorpath.webhooks import network
from mentorpath.webhooks.enums import (
    BACKOFF_SECONDS,
    BODY_EXCERPT,
    MAX_ATTEMPTS,
    PING,
    TIMEOUT_SECONDS,
    DeliveryStatus,
)
from mentorpath.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LEASE = timedelta(minutes=5)
"""An attempt claims its delivery for this long, so a sweep never sends it twice at once."""
USER_AGENT = "Mentorpath-Webhooks/1.0"
ENDPOINT_DEACTIVATED = "Not sent: endpoint deactivated."


# --- Endpoints ---------------------------------------------------------------------------------


def new_secret() -> str:
    return f"whsec_{secrets.token_hex(24)}"


ENDPOINT_FIELDS = ("url", "description", "events", "is_active")  # what the audit log compares


def private_networks_allowed() -> bool:
    return bool(settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS)


def _port(parts: SplitResult) -> int:
    try:
        return parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise ApplicationError({"url": "Enter a valid port number in the URL."}) from error


def _refuse_private_host(parts: SplitResult) -> None:
    port = _port(parts)
    if private_networks_allowed():
        return
    refusal = network.refusal_for_host(parts.hostname or "", port)
    if refusal:
        raise ApplicationError({"url": refusal})


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
    _refuse_private_host(parts)
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


@transaction.atomic
def endpoint_delete(
    *, endpoint: WebhookEndpoint, by: User | None = None, context: Mapping[str, Any] | None = None
) -> None:
    """Delete the endpoint with its deliveries and their attempts; the audit entry keeps what
    it was."""
    record(
        actor=by,
        action="webhook.deleted",
        target=endpoint,
        changes=diff({name: getattr(endpoint, name) for name in ENDPOINT_FIELDS}, {}),
        context=context,
    )
    endpoint.delete()


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


class _Outcome(NamedTuple):
    code: int | None = None
    excerpt: str = ""
    error: str = ""
    refused: bool = False
    """The destination was refused before anything was sent: retrying cannot help."""


def _not_connected(error: requests.ConnectionError) -> bool:
    """True when no connection was made (refused, unreachable), so nothing was sent and the
    next address of the host may be tried."""
    reason = getattr(error.args[0] if error.args else None, "reason", None)
    return isinstance(reason, NewConnectionError)


def _post_to(
    parts: SplitResult, address: network.IPAddress, body: bytes, headers: dict[str, str]
) -> _Outcome:
    url = urlunsplit(
        (parts.scheme, network.netloc_for(address, parts.port), parts.path, parts.query, "")
    )
    host = parts.hostname or ""
    host_header = network.netloc_for_host(network.ascii_host(host), parts.port)
    with (
        network.pinned_session(host) as session,
        session.post(
            url,
            data=body,
            headers={**headers, "Host": host_header},
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        ) as response,
    ):
        excerpt = response.raw.read(BODY_EXCERPT, decode_content=True) or b""
        return _Outcome(response.status_code, excerpt.decode("utf-8", "replace"))


def _post(url: str, body: bytes, headers: dict[str, str]) -> _Outcome:
    """Resolve the host once, refuse it if any of its addresses is not public (unless
    private networks are allowed), then POST to those addresses in turn until one connects."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = network.resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError, ValueError) as error:
        return _Outcome(error=f"Could not resolve {host}: {error}"[:500])
    if not private_networks_allowed():
        try:
            network.check_addresses(host, addresses)
        except network.UnsafeDestination as refused:
            return _Outcome(error=f"Not sent: {refused}"[:500], refused=True)
    for index, address in enumerate(addresses):
        try:
            return _post_to(parts, address, body, headers)
        except requests.ConnectionError as error:
            if _not_connected(error) and index + 1 < len(addresses):
                continue
            return _Outcome(error=f"{type(error).__name__}: {error}"[:500])
        except requests.RequestException as error:
            return _Outcome(error=f"{type(error).__name__}: {error}"[:500])
    return _Outcome(error=f"Could not resolve {host}: no address."[:500])


def _cancel(delivery: WebhookDelivery) -> WebhookDelivery:
    delivery.status = DeliveryStatus.CANCELLED
    delivery.next_attempt_at = None
    delivery.last_error = ENDPOINT_DEACTIVATED
    delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
    return delivery


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Send a due delivery once and record the outcome, on the delivery (its latest attempt)
    and as a WebhookAttempt: delivered on a 2xx; otherwise retried after the back-off, or
    failed after the last attempt, or at once when the destination is refused. A delivery
    whose endpoint was deactivated is cancelled unsent (a ping is sent anyway: the test
    button works on inactive endpoints). None if it was not due."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    if not endpoint.is_active and delivery.event != PING:
        return _cancel(delivery)
    body = delivery_body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Mentorpath-Event": delivery.event,
        "Mentorpath-Delivery": str(delivery.event_id),
        "Mentorpath-Signature": signature(endpoint.secret, int(time.time()), body),
    }
    started = time.monotonic()
    outcome = _post(endpoint.url, body, headers)
    delivery.duration_ms = int((time.monotonic() - started) * 1000)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_response_code = outcome.code
    delivery.response_body = outcome.excerpt
    if outcome.code is not None and 200 <= outcome.code < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
    else:
        delivery.last_error = outcome.error or f"The receiver answered HTTP {outcome.code}."
        if outcome.refused or delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            wait = BACKOFF_SECONDS[min(delivery.attempts, len(BACKOFF_SECONDS)) - 1]
            delivery.next_attempt_at = now + timedelta(seconds=wait)
    with transaction.atomic():
        delivery.save()
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            attempted_at=now,
            response_code=outcome.code,
            duration_ms=delivery.duration_ms,
            error=delivery.last_error,
            response_body=outcome.excerpt,
        )
    return delivery


def deliveries_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """The sweep: attempt every pending delivery that is due (first tries a task missed,
    and retries whose back-off has passed); those of deactivated endpoints are cancelled.
    Returns the attempts made."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    handled = (delivery_attempt(delivery_id=pk, now=now) for pk in due)
    return sum(
        1
        for delivery in handled
        if delivery is not None and delivery.status != DeliveryStatus.CANCELLED
    )
