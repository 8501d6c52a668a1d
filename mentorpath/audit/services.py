"""Writing the audit log. `record` is called by the services (and a few views) that make the
changes worth recording: roles, program settings, matches, imports, exports, succession,
tokens. Keep `changes` to the fields that changed ({field: [before, after]})."""

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from mentorpath.accounts.models import User
from mentorpath.audit.models import AuditEntry

Target = models.Model | tuple[str, Any, str] | None


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value: model rows by pk, dates as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(_plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` on `obj` (foreign keys by id), to compare before and after."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _plain(getattr(obj, attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value differs (a field missing on one side
    counts as None there)."""
    changes: dict[str, list[Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old != new:
            changes[name] = [old, new]
    return changes


def _target_parts(target: Target) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    if isinstance(target, models.Model):
        meta = target._meta
        return f"{meta.app_label}.{meta.model_name}", str(target.pk or ""), str(target)[:255]
    kind, pk, label = target
    return kind, "" if pk is None else str(pk), label[:255]


def _actor_label(actor: User | None) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return ""
    full_name = (getattr(actor, "full_name", "") or "").strip()
    return f"{full_name} <{actor.email}>" if full_name else actor.email


def record(
    *,
    actor: User | None,
    action: str,
    target: Target,
    changes: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `target` is a model row, or (type, id, label) for what is not a row
    (an export, an import file); `actor` None is the system (a task, a SCIM client's token
    is recorded through its user)."""
    target_type, target_id, target_label = _target_parts(target)
    user = actor if actor is not None and getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=_actor_label(user),
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        changes=_plain(dict(changes or {})),
        context=_plain(dict(context or {})),
    )
