"""A pair's SMART goals: the mentee's to add and edit, with milestones, and progress updates
and comments from either side. The program's managers read them."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination, stable_order
from mentorpath.api.schemas.common import Id
from mentorpath.api.schemas.goals import (
    GoalIn,
    GoalOut,
    GoalPatch,
    GoalUpdateIn,
    GoalUpdateOut,
    MilestoneDoneIn,
    MilestoneIn,
    MilestoneOut,
)
from mentorpath.api.viewer import participant
from mentorpath.core.exceptions import ApplicationError
from mentorpath.mentoring import services
from mentorpath.mentoring.models import Goal, GoalUpdate, Milestone
from mentorpath.mentoring.permissions import get_goal_for, get_mentorship_for
from mentorpath.mentoring.queries import goal_updates_of, goals_of
from mentorpath.people.models import Skill
from mentorpath.programs.models import ProgramObjective

router = Router(tags=["goals"])

GOALS = "/{mentorship_id}/goals"
GOAL = f"{GOALS}/{{goal_id}}"
MILESTONE = f"{GOAL}/milestones/{{milestone_id}}"
NOT_AN_OBJECTIVE = "Choose an objective of this program."


def _links(data: dict[str, Any]) -> dict[str, Any]:
    """Skill and objective ids to the rows the services take. Whether the objective belongs to
    the pair's program is the service's call; an unknown id gets the same message."""
    if data.get("skill") is not None:
        skill = Skill.objects.filter(pk=data["skill"]).first()
        if skill is None:
            raise ApplicationError({"skill": "Choose a skill of the taxonomy."})
        data["skill"] = skill
    if data.get("objective") is not None:
        objective = ProgramObjective.objects.filter(pk=data["objective"]).first()
        if objective is None:
            raise ApplicationError({"objective": NOT_AN_OBJECTIVE})
        data["objective"] = objective
    return data


def _goal_out(goal: Goal) -> Goal:
    """The goal read again as the list gives it, skill, objective and milestones included."""
    return goals_of(mentorship=goal.mentorship).get(pk=goal.pk)


@router.get(GOALS, response={200: list[GoalOut], **errors(401, 404, 422)})
@paginate(Pagination)
def list_goals(request: HttpRequest, mentorship_id: Id) -> QuerySet[Goal]:
    """The pair's goals by target date, each with its milestones."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    return stable_order(goals_of(mentorship=mentorship))


@router.post(GOALS, response={201: GoalOut, **errors(400, 401, 403, 404, 409, 422)})
def create_goal(request: HttpRequest, mentorship_id: Id, payload: GoalIn) -> Status[Goal]:
    """Add a goal (the mentee only: goals belong to them; the mentor gets 400 with the reason,
    anyone else who sees the pair 403). 409 unless the pair is active or paused."""
    mentorship = get_mentorship_for(current_user(request), mentorship_id)
    person = participant(request, mentorship)
    goal = services.goal_create(
        mentorship=mentorship, person=person, data=_links(payload.model_dump())
    )
    return Status(201, _goal_out(goal))


@router.get(GOAL, response={200: GoalOut, **errors(401, 404, 422)})
def get_goal(request: HttpRequest, mentorship_id: Id, goal_id: Id) -> Goal:
    return _goal_out(get_goal_for(current_user(request), mentorship_id, goal_id))


@router.patch(GOAL, response={200: GoalOut, **errors(400, 401, 403, 404, 409, 422)})
def edit_goal(request: HttpRequest, mentorship_id: Id, goal_id: Id, payload: GoalPatch) -> Goal:
    """Change what the goal says (the mentee only, as for adding one). Progress and status
    change through updates."""
    goal = get_goal_for(current_user(request), mentorship_id, goal_id)
    person = participant(request, goal.mentorship)
    data = _links(payload.model_dump(exclude_unset=True))
    return _goal_out(services.goal_edit(goal=goal, person=person, data=data))


@router.get(f"{GOAL}/updates", response={200: list[GoalUpdateOut], **errors(401, 404, 422)})
@paginate(Pagination)
def list_goal_updates(request: HttpRequest, mentorship_id: Id, goal_id: Id) -> QuerySet[GoalUpdate]:
    """The goal's progress updates and comments, newest first."""
    goal = get_goal_for(current_user(request), mentorship_id, goal_id)
    return goal_updates_of(goal=goal).order_by("-created_at", "-pk")


@router.post(
    f"{GOAL}/updates", response={201: GoalUpdateOut, **errors(400, 401, 403, 404, 409, 422)}
)
def post_goal_update(
    request: HttpRequest, mentorship_id: Id, goal_id: Id, payload: GoalUpdateIn
) -> Status[GoalUpdate]:
    """Post progress, a new status or a comment (the mentor or the mentee); the other side is
    told. Reaching `done` sets progress to 100. 409 unless the pair is active or paused."""
    goal = get_goal_for(current_user(request), mentorship_id, goal_id)
    person = participant(request, goal.mentorship)
    update = services.goal_post_update(
        goal=goal,
        person=person,
        progress=payload.progress,
        status=payload.status or "",
        comment=payload.comment,
    )
    return Status(201, update)


@router.post(
    f"{GOAL}/milestones", response={201: MilestoneOut, **errors(400, 401, 403, 404, 409, 422)}
)
def add_milestone(
    request: HttpRequest, mentorship_id: Id, goal_id: Id, payload: MilestoneIn
) -> Status[Milestone]:
    """Add a milestone to a goal (the mentee only, as for goals)."""
    goal = get_goal_for(current_user(request), mentorship_id, goal_id)
    person = participant(request, goal.mentorship)
    milestone = services.milestone_add(
        goal=goal, person=person, title=payload.title, due_on=payload.due_on
    )
    return Status(201, milestone)


@router.post(
    f"{MILESTONE}/done", response={200: MilestoneOut, **errors(400, 401, 403, 404, 409, 422)}
)
def set_milestone_done(
    request: HttpRequest, mentorship_id: Id, goal_id: Id, milestone_id: Id, payload: MilestoneDoneIn
) -> Milestone:
    """Tick a milestone off or reopen it (the mentor or the mentee)."""
    goal = get_goal_for(current_user(request), mentorship_id, goal_id)
    person = participant(request, goal.mentorship)
    milestone = goal.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404("No such milestone.")
    milestone.goal = goal
    return services.milestone_set_done(milestone=milestone, person=person, done=payload.done)
