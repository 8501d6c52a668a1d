from django.shortcuts import get_object_or_404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.people.models import Person


def can_browse_people(user: User) -> bool:
    """Admins and program managers look people up to run programs; others see only themselves."""
    return user.is_authenticated and (user.is_org_admin or user.managed_programs.exists())


def can_edit_hr_fields(user: User) -> bool:
    return user.is_authenticated and user.is_org_admin


def get_person_for(user: User, pk: int) -> Person:
    person = get_object_or_404(
        Person.objects.select_related("department", "location", "manager", "user"), pk=pk
    )
    if person.user_id == user.pk or can_browse_people(user):
        return person
    raise PermissionDenied("You can only see your own profile.")


def own_person(user: User) -> Person:
    person = Person.objects.filter(user=user).first()
    if person is None:
        raise PermissionDenied("Your login is not linked to an employee profile yet.")
    return person
