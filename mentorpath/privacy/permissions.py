"""Who may export or erase a person's data: the person themselves may export their own; org
admins may export anyone's and erase anyone."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mentorpath.accounts.models import User
from mentorpath.people.models import Person


def can_export_person(user: User, person: Person) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_org_admin or (person.user_id is not None and person.user_id == user.pk)


def can_erase_person(user: User, person: Person) -> bool:
    return user.is_authenticated and user.is_org_admin


def get_person_to_export(user: User, pk: int) -> Person:
    person = get_object_or_404(Person, pk=pk)
    if not can_export_person(user, person):
        raise PermissionDenied(
            "Only the person themselves or an organization admin may export this."
        )
    return person


def get_person_to_erase(user: User, pk: int) -> Person:
    person = get_object_or_404(Person, pk=pk)
    if not can_erase_person(user, person):
        raise PermissionDenied("Only an organization admin may erase a person.")
    return person
