"""The audit log, read-only, for a SIEM to pull: the /audit/ page's filters plus an id
cursor. Organization admins only (an admin's token needs the admin scope)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination
from mentorpath.api.schemas.audit import AuditEntryFilters, AuditEntryOut
from mentorpath.audit.models import AuditEntry
from mentorpath.audit.permissions import REFUSED, can_read_audit
from mentorpath.audit.queries import AuditFilters, audit_entries, audit_entries_after
from mentorpath.core.permissions import PermissionDenied

router = Router(tags=["audit"])


@router.get("/audit/entries", response={200: list[AuditEntryOut], **errors(401, 403, 422)})
@paginate(Pagination)
def list_audit_entries(
    request: HttpRequest, filters: Query[AuditEntryFilters]
) -> QuerySet[AuditEntry]:
    """Audit entries matching every filter given, newest first. With `after_id`, only the
    entries after it, oldest first by id: pull page 1, store the last id, and pass it as
    `after_id` next time. Organization admins only; everyone else gets 403. Pulling is not
    itself recorded."""
    if not can_read_audit(current_user(request)):
        raise PermissionDenied(REFUSED)
    chosen = AuditFilters(
        actor=filters.actor.strip(),
        action=filters.action.strip(),
        target_type=filters.target_type.strip(),
        date_from=filters.date_from,
        date_to=filters.date_to,
        text=filters.text.strip(),
    )
    if filters.after_id is not None:
        return audit_entries_after(chosen, filters.after_id)
    return audit_entries(chosen)
