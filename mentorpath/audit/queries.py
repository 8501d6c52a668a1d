"""Reading the audit log: the search page and its CSV export."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from mentorpath.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # matches the actor's label (email or name), case-insensitive
    action: str = ""  # a prefix: "match." finds match.approved and match.overridden
    target_type: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    text: str = ""  # in the target or actor label

    def as_plain(self) -> dict[str, str]:
        return {
            key: value.isoformat() if isinstance(value, datetime.date) else value
            for key, value in self.__dict__.items()
            if value
        }


def audit_entries(filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Entries matching every filter given, newest first (date bounds are whole days in the
    current time zone, both included)."""
    entries = AuditEntry.objects.all()
    if filters.actor:
        entries = entries.filter(actor_label__icontains=filters.actor)
    if filters.action:
        entries = entries.filter(action__startswith=filters.action)
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
    if filters.date_from:
        entries = entries.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(at__date__lte=filters.date_to)
    if filters.text:
        entries = entries.filter(
            Q(target_label__icontains=filters.text) | Q(actor_label__icontains=filters.text)
        )
    return entries.order_by("-at", "-pk")


def audit_entries_after(filters: AuditFilters, after_id: int) -> QuerySet[AuditEntry]:
    """Entries matching the filters whose id is greater than `after_id`, by id ascending, so
    a client that keeps the last id it read never pulls an entry twice (ids only grow, whereas
    `at` is not guaranteed to follow them)."""
    return audit_entries(filters).filter(pk__gt=after_id).order_by("pk")


def target_types() -> list[str]:
    return list(
        AuditEntry.objects.order_by("target_type")
        .exclude(target_type="")
        .values_list("target_type", flat=True)
        .distinct()
    )
