from django.shortcuts import get_object_or_404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.hris.models import ImportJob

REFUSED = "Only organization admins can import people."


def can_import_people(user: User) -> bool:
    return user.is_authenticated and user.is_org_admin


def get_import_for(user: User, pk: int) -> ImportJob:
    """An import job, for org admins only (any admin's job: they share the directory)."""
    if not can_import_people(user):
        raise PermissionDenied(REFUSED)
    return get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
