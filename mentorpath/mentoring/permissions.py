from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.mentoring.models import CheckIn, Goal, Mentorship
from mentorpath.programs.permissions import can_manage_program


def get_mentorship_for(user: User, pk: int) -> Mentorship:
    """A mentorship its mentor, its mentee and its program's managers may see; 404 for others."""
    mentorship = (
        Mentorship.objects.select_related(
            "program", "mentor__person", "mentee__person", "agreement"
        )
        .filter(pk=pk)
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship.")
    people = {mentorship.mentor.person.user_id, mentorship.mentee.person.user_id}
    if user.pk in people or can_manage_program(user, mentorship.program):
        return mentorship
    raise Http404("No such mentorship.")


def participant_side(mentorship: Mentorship, user: User) -> str | None:
    """'mentor' or 'mentee' when `user` is in the pair, else None (a manager looking on)."""
    if user.pk is None:
        return None
    if mentorship.mentor.person.user_id == user.pk:
        return "mentor"
    if mentorship.mentee.person.user_id == user.pk:
        return "mentee"
    return None


def get_goal_for(user: User, mentorship_pk: int, goal_pk: int) -> Goal:
    mentorship = get_mentorship_for(user, mentorship_pk)
    goal = (
        Goal.objects.select_related("skill", "objective")
        .filter(pk=goal_pk, mentorship=mentorship)
        .first()
    )
    if goal is None:
        raise Http404("No such goal.")
    goal.mentorship = mentorship
    return goal


def get_checkin_for(user: User, mentorship_pk: int, checkin_pk: int) -> CheckIn:
    mentorship = get_mentorship_for(user, mentorship_pk)
    checkin = (
        CheckIn.objects.select_related("scheduled_by", "recorded_by")
        .filter(pk=checkin_pk, mentorship=mentorship)
        .first()
    )
    if checkin is None:
        raise Http404("No such check-in.")
    checkin.mentorship = mentorship
    return checkin
