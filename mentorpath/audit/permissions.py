"""Only organization admins read the audit log; nobody changes it."""

from typing import Any

REFUSED = "Only organization admins can read the audit log."


def can_read_audit(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_org_admin)
