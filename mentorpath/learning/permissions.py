"""Who may see and change the resource library and learning paths.

Curators (organization admins and anyone who manages at least one program) create, edit,
unpublish and delete resources and paths, and see unpublished ones. Everyone else with an
employee profile sees published resources and paths only. An unpublished resource or path is
a 404 for a non-curator; a published one they may see but not change is a 403.

A path a program requires before matching (its mentors' training or its mentees' onboarding)
is changed — settings, steps, publication — only by organization admins and by whoever manages
every program that requires it: another program's manager must not be able to change what
people of a program they do not run must complete.
"""

from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.learning.models import LearningPath, PathStep, Resource
from mentorpath.learning.services import gate_programs, program_names
from mentorpath.people.models import Person

CURATORS_ONLY = "Only organization admins and program managers can curate the library."


def is_curator(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_org_admin or user.managed_programs.exists())


def can_use_library(user: User) -> bool:
    """Curators, and anyone whose login is linked to an employee profile."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_curator(user) or Person.objects.filter(user=user).exists()


def can_see_resource(user: User, resource: Resource) -> bool:
    return can_use_library(user) and (resource.is_published or is_curator(user))


def can_see_path(user: User, path: LearningPath) -> bool:
    return can_use_library(user) and (path.is_published or is_curator(user))


def require_library(user: User) -> None:
    if not can_use_library(user):
        raise PermissionDenied("Your login is not linked to an employee profile yet.")


def require_curator(user: User) -> None:
    if not is_curator(user):
        raise PermissionDenied(CURATORS_ONLY)


def can_manage_path(user: User, path: LearningPath) -> bool:
    """A curator may change a path, unless a program they do not manage requires it."""
    if not is_curator(user):
        return False
    return user.is_org_admin or not gate_programs(path).exclude(managers=user).exists()


def require_path_manager(user: User, path: LearningPath) -> None:
    require_curator(user)
    if not can_manage_path(user, path):
        names = program_names(gate_programs(path))
        raise PermissionDenied(
            f"This path is required before matching in {names}; only organization admins "
            "and the managers of those programs can change it."
        )


def get_resource_for(user: User, pk: int, *, manage: bool = False) -> Resource:
    """The resource if `user` may see it (404 otherwise) and, with manage, change it (403)."""
    resource = Resource.objects.filter(pk=pk).first()
    if resource is None or not can_see_resource(user, resource):
        raise Http404("No such resource.")
    if manage:
        require_curator(user)
    return resource


def get_path_for(user: User, pk: int, *, manage: bool = False) -> LearningPath:
    """The learning path if `user` may see it (404 otherwise) and, with manage, change it
    (403 otherwise; see `can_manage_path`)."""
    path = LearningPath.objects.select_related("skill").filter(pk=pk).first()
    if path is None or not can_see_path(user, path):
        raise Http404("No such learning path.")
    if manage:
        require_path_manager(user, path)
    return path


def get_step_for(user: User, path: LearningPath, step_pk: int) -> PathStep:
    """A step of `path` (already fetched through `get_path_for`); 404 if it is not one."""
    step = path.steps.select_related("resource").filter(pk=step_pk).first()
    if step is None:
        raise Http404("No such step.")
    step.path = path
    return step
