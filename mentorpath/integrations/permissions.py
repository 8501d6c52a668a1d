from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.integrations.queries import checkin_of_participant
from mentorpath.mentoring.models import CheckIn


def get_checkin_invite_for(user: User, pk: int) -> CheckIn:
    """A check-in whose invite `user` may download: the pair's mentor and mentee only.
    Everyone else, program managers included, gets the same 404 as for a missing one."""
    checkin = checkin_of_participant(user=user, pk=pk)
    if checkin is None:
        raise Http404("No such check-in.")
    return checkin
