"""Who may see and change feedback. Every view fetches surveys, responses and pulses here.

Survey results: organization admins, the program's managers and executive viewers (who get
the suppressed copy from `queries.survey_results`). A response: its own person only. A
check-in pulse: the two people of the pair only. Something a user may not know exists is a
404; something they can see but not change is a 403.
"""

from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.feedback.models import Survey, SurveyResponse
from mentorpath.mentoring.models import CheckIn
from mentorpath.mentoring.permissions import get_checkin_for, participant_side
from mentorpath.programs.permissions import can_manage_program


def can_view_results(user: User, survey: Survey) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_org_admin or user.is_executive or can_manage_program(user, survey.program)


def can_manage_survey(user: User, survey: Survey) -> bool:
    return can_manage_program(user, survey.program)


def get_survey_for(user: User, pk: int, *, manage: bool = False) -> Survey:
    """The survey if `user` may see its results (404 otherwise) and, with manage, change it
    (403 for executives, who only read)."""
    survey = Survey.objects.select_related("program").filter(pk=pk).first()
    if survey is None or not can_view_results(user, survey):
        raise Http404("No such survey.")
    if manage and not can_manage_survey(user, survey):
        raise PermissionDenied("Only this program's managers can change its surveys.")
    return survey


def get_response_for(user: User, pk: int) -> SurveyResponse:
    """A survey response its own person may open to answer; 404 for everyone else."""
    response = (
        SurveyResponse.objects.select_related("survey__program", "person", "mentorship")
        .filter(pk=pk)
        .first()
    )
    if response is None or user.pk is None or response.person.user_id != user.pk:
        raise Http404("No such survey.")
    return response


def get_pulse_checkin_for(user: User, checkin_pk: int) -> CheckIn:
    """A check-in the user was part of (mentor or mentee), for its pulse; 404 otherwise,
    the program team included."""
    mentorship_pk = (
        CheckIn.objects.filter(pk=checkin_pk).values_list("mentorship_id", flat=True).first()
    )
    if mentorship_pk is None:
        raise Http404("No such check-in.")
    checkin = get_checkin_for(user, mentorship_pk, checkin_pk)
    if participant_side(checkin.mentorship, user) is None:
        raise Http404("No such check-in.")
    return checkin
