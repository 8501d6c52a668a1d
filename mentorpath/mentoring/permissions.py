from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.mentoring.models import Mentorship
from mentorpath.programs.permissions import can_manage_program


def get_mentorship_for(user: User, pk: int) -> Mentorship:
    """A mentorship its mentor, its mentee and its program's managers may see; 404 for others."""
    mentorship = (
        Mentorship.objects.select_related("program", "mentor__person", "mentee__person")
        .filter(pk=pk)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship.")
    people = {mentorship.mentor.person.user_id, mentorship.mentee.person.user_id}
    if user.pk in people or can_manage_program(user, mentorship.program):
        return mentorship
    raise Http404("No such mentorship.")
