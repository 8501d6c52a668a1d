"""Who may see and change programs and enrollments. Every view fetches through these."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.programs.models import Enrollment, Program
from mentorpath.programs.queries import programs_visible_to


def can_manage_program(user: User, program: Program) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_org_admin or program.managers.filter(pk=user.pk).exists()


def can_create_program(user: User) -> bool:
    return user.is_authenticated and user.is_org_admin


def get_program_for(user: User, slug: str, *, manage: bool = False) -> Program:
    """The program if `user` may see it (404 otherwise) and, with manage, change it (403)."""
    program = get_object_or_404(programs_visible_to(user=user), slug=slug)
    if manage and not can_manage_program(user, program):
        raise PermissionDenied("Only this program's managers can do that.")
    return program


def get_program_by_id_for(user: User, pk: int, *, manage: bool = False) -> Program:
    program = get_object_or_404(programs_visible_to(user=user), pk=pk)
    if manage and not can_manage_program(user, program):
        raise PermissionDenied("Only this program's managers can do that.")
    return program


def get_enrollment_for(user: User, pk: int, *, manage: bool = False) -> Enrollment:
    """An enrollment its own person may see; its program's managers may see and decide it."""
    enrollment = get_object_or_404(Enrollment.objects.select_related("program", "person"), pk=pk)
    is_own = enrollment.person.user_id == user.pk
    is_manager = can_manage_program(user, enrollment.program)
    if not (is_own or is_manager):
        raise Http404("No such enrollment.")
    if manage and not is_manager:
        raise PermissionDenied("Only this program's managers can do that.")
    return enrollment
