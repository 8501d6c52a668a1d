from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.matching.models import MentorRequest
from mentorpath.people.permissions import own_person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment, Program


def approved_enrollment_for(user: User, program: Program, role: str) -> Enrollment:
    """The user's own approved enrollment in `role`; 403 for anyone else."""
    enrollment = program.enrollments.filter(
        person=own_person(user), role=role, status=EnrollmentStatus.APPROVED
    ).first()
    if enrollment is None:
        raise PermissionDenied(f"Only the program's approved {role}s can do this.")
    return enrollment


def get_request_for(
    user: User, pk: int, *, side: str, program: Program | None = None
) -> MentorRequest:
    """A mentor request seen from one side: the mentor who was asked, or the mentee who
    asked; 404 for everyone else."""
    person = own_person(user)
    field = "mentor__person" if side == EnrollmentRole.MENTOR else "mentee__person"
    found = (
        MentorRequest.objects.select_related("mentor__person", "mentee__person", "program")
        .filter(pk=pk, **{field: person})
        .filter(**({"program": program} if program is not None else {}))
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    return found
