"""Who may see and change the succession pipeline. Every view, API endpoint and export
fetches through these.

Succession data is sensitive (who is considered for whose job): organization admins see and
change it, executive viewers read it, and everyone else — program managers, mentors, mentees,
members — is refused outright (403, or the login page for anonymous visitors). The refusal
does not depend on the object: a key role's existence is no more public than the pipeline.
"""

from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.succession.models import KeyRole, SuccessorCandidate

REFUSED = "Succession planning is visible to organization admins and executives only."
READ_ONLY = "Only organization admins can change succession plans; executives read them."


def can_view_succession(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_org_admin or user.is_executive


def can_change_succession(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_org_admin


def check_succession(user: User, *, change: bool = False) -> None:
    """PermissionDenied unless `user` may see (and, with change, change) succession data."""
    if not can_view_succession(user):
        raise PermissionDenied(REFUSED)
    if change and not can_change_succession(user):
        raise PermissionDenied(READ_ONLY)


def get_key_role_for(user: User, pk: int, *, change: bool = False) -> KeyRole:
    check_succession(user, change=change)
    role = KeyRole.objects.select_related("department", "incumbent").filter(pk=pk).first()
    if role is None:
        raise Http404("No such key role.")
    return role


def get_candidate_for(user: User, pk: int, *, change: bool = False) -> SuccessorCandidate:
    check_succession(user, change=change)
    candidate = (
        SuccessorCandidate.objects.select_related(
            "role__department", "role__incumbent", "person__department", "enrollment__program"
        )
        .filter(pk=pk)
        .first()
    )
    if candidate is None:
        raise Http404("No such successor candidate.")
    return candidate
