"""Recognizing an erased person when a directory sends them again, without keeping who they were.

An erasure anonymizes the person in place, so an HRIS file or a SCIM client that still holds
their employee id or email would otherwise create them afresh, undoing the erasure. The
erasure keeps a digest of each (never the value); imports skip rows with an erased employee
id, and SCIM refuses to create a user with an erased employee number or email.

A digest is not a secret: someone with database access who already knows an email can tell
that it was erased. It cannot be turned back into the email.
"""

import hashlib

from django.db.models import Q

from mentorpath.privacy.models import Erasure


def identity_digest(value: str) -> str:
    normalized = value.strip().casefold()
    return hashlib.sha256(f"mentorpath-erased:{normalized}".encode()).hexdigest()


def erased_employee_id_digests() -> frozenset[str]:
    return frozenset(
        Erasure.objects.exclude(employee_id_digest="").values_list("employee_id_digest", flat=True)
    )


def is_erased(*, employee_id: str = "", email: str = "") -> bool:
    """Whether this employee id, or this email (of the person or their login), belonged to a
    person erased on request."""
    match = Q()
    if employee_id.strip():
        match |= Q(employee_id_digest=identity_digest(employee_id))
    if email.strip():
        digest = identity_digest(email)
        match |= Q(email_digest=digest) | Q(user_email_digest=digest)
    return bool(match) and Erasure.objects.filter(match).exists()
