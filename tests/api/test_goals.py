"""The goals API: the mentee's SMART goals, milestones, and updates from either side."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorpath.mentoring.models import Goal, GoalUpdate, Milestone
from mentorpath.mentoring.services import mentorship_end, mentorship_propose
from tests.factories import ObjectiveFactory, SkillFactory
from tests.factories.mentoring import GoalFactory, MilestoneFactory, active_pair

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found.", "errors": {}}
PARTICIPANTS_ONLY = {
    "detail": "Only the mentor and the mentee of this pair can do that.",
    "errors": {},
}
MENTEE_ONLY = {
    "detail": "Goals belong to the mentee: only they add or edit them.",
    "errors": {},
}
TARGET = (timezone.localdate() + timedelta(days=90)).isoformat()
NEW_GOAL = {
    "title": "Lead a planning round",
    "description": "Run my team's quarterly planning from start to end.",
    "measure": "The plan is accepted by the team",
    "target_date": TARGET,
}
MANAGERS = ["manager_user", "admin_user"]
OTHERS = ["executive_user", "outsider_user"]


def goals(pair) -> str:
    return f"/mentorships/{pair.pk}/goals"


def goal_url(goal, action: str = "") -> str:
    return f"/mentorships/{goal.mentorship_id}/goals/{goal.pk}" + (f"/{action}" if action else "")


@pytest.fixture
def goal(pair) -> Goal:
    return GoalFactory(mentorship=pair, title="Speak at the all-hands")


# --- anonymous ---------------------------------------------------------------------------------


def test_goals_anonymous_gets_401(api_as, goal):
    api = api_as(None)

    assert api.get(goals(goal.mentorship)).status_code == 401
    assert api.post(goals(goal.mentorship), NEW_GOAL).status_code == 401
    assert api.get(goal_url(goal)).status_code == 401
    assert api.post(goal_url(goal, "updates"), {"comment": "Hi"}).status_code == 401
    assert Goal.objects.count() == 1


# --- GET /mentorships/{id}/goals ---------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", *MANAGERS])
def test_list_goals_for_the_pair_and_managers(request, api_as, pair, goal, persona):
    done = MilestoneFactory(goal=goal, title="Draft the talk", done_at=timezone.now())
    MilestoneFactory(goal=goal, title="Rehearse", due_on=done.due_on + timedelta(days=7))

    response = api_as(request.getfixturevalue(persona)).get(goals(pair))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["mentorship_id"], item["title"]) == (
        goal.pk,
        pair.pk,
        "Speak at the all-hands",
    )
    assert (item["status"], item["progress"], item["skill"], item["objective"]) == (
        "not_started",
        0,
        None,
        None,
    )
    assert [(m["title"], m["done"]) for m in item["milestones"]] == [
        ("Draft the talk", True),
        ("Rehearse", False),
    ]


@pytest.mark.parametrize("persona", OTHERS)
def test_list_goals_is_404_for_others(request, api_as, pair, goal, persona):
    response = api_as(request.getfixturevalue(persona)).get(goals(pair))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_list_goals_query_count_is_flat(api_as, pair, mentee_user):
    api = api_as(mentee_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(goals(pair))
        assert response.status_code == 200
        return len(queries)

    MilestoneFactory(goal=GoalFactory(mentorship=pair, skill=SkillFactory()))
    few = count()
    for _ in range(4):
        MilestoneFactory(goal=GoalFactory(mentorship=pair, skill=SkillFactory()))

    assert count() == few


# --- POST /mentorships/{id}/goals --------------------------------------------------------------


def test_create_goal_by_the_mentee(api_as, pair, program, mentee_user):
    skill = SkillFactory(name="Public speaking")
    objective = program.objectives.get()

    response = api_as(mentee_user).post(
        goals(pair), {**NEW_GOAL, "skill": skill.pk, "objective": objective.pk}
    )

    assert response.status_code == 201
    body = response.json()
    goal = Goal.objects.get()
    assert body["id"] == goal.pk
    assert (body["title"], body["measure"], body["target_date"]) == (
        "Lead a planning round",
        "The plan is accepted by the team",
        TARGET,
    )
    assert body["skill"] == {"id": skill.pk, "name": "Public speaking"}
    assert body["objective"] == {"id": objective.pk, "title": objective.title}
    assert (body["status"], body["progress"], body["milestones"]) == ("not_started", 0, [])
    assert (goal.skill, goal.objective) == (skill, objective)


def test_create_goal_by_the_mentor_gets_400(api_as, pair, mentor_user):
    response = api_as(mentor_user).post(goals(pair), NEW_GOAL)

    assert response.status_code == 400
    assert response.json() == MENTEE_ONLY
    assert not Goal.objects.exists()


@pytest.mark.parametrize("persona", MANAGERS)
def test_create_goal_by_a_manager_gets_403(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(goals(pair), NEW_GOAL)

    assert response.status_code == 403
    assert response.json() == PARTICIPANTS_ONLY
    assert not Goal.objects.exists()


@pytest.mark.parametrize("persona", OTHERS)
def test_create_goal_by_someone_else_is_404(request, api_as, pair, persona):
    response = api_as(request.getfixturevalue(persona)).post(goals(pair), NEW_GOAL)

    assert response.status_code == 404
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"measure": ""}, "measure"),
        ({"target_date": "next spring"}, "target_date"),
        ({"skill": 0}, "skill"),
        ({"objective": "first"}, "objective"),
        ({"progress": 50}, "progress"),
    ],
)
def test_create_goal_with_bad_input_gets_422(api_as, pair, mentee_user, change, field):
    response = api_as(mentee_user).post(goals(pair), {**NEW_GOAL, **change})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert not Goal.objects.exists()


def test_create_goal_without_a_description_gets_422(api_as, pair, mentee_user):
    body = {name: value for name, value in NEW_GOAL.items() if name != "description"}

    response = api_as(mentee_user).post(goals(pair), body)

    assert response.status_code == 422
    assert response.json()["errors"] == {"description": "Field required"}


def test_create_goal_with_an_unknown_skill_gets_400(api_as, pair, mentee_user):
    response = api_as(mentee_user).post(goals(pair), {**NEW_GOAL, "skill": 999_999})

    assert response.status_code == 400
    assert response.json()["errors"] == {"skill": "Choose a skill of the taxonomy."}
    assert not Goal.objects.exists()


@pytest.mark.parametrize("which", ["another program's", "unknown"])
def test_create_goal_for_an_objective_not_of_the_program_gets_400(api_as, pair, mentee_user, which):
    objective_id = ObjectiveFactory().pk if which == "another program's" else 999_999

    response = api_as(mentee_user).post(goals(pair), {**NEW_GOAL, "objective": objective_id})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Choose an objective of this program.",
        "errors": {"objective": "Choose an objective of this program."},
    }
    assert not Goal.objects.exists()


def test_create_goal_on_a_proposed_pair_gets_409(api_as, mentor, mentee, mentee_user):
    proposed = mentorship_propose(mentor=mentor, mentee=mentee, by=None)

    response = api_as(mentee_user).post(goals(proposed), NEW_GOAL)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This mentorship is proposed; adding a goal is only possible while it runs.",
        "errors": {},
    }


def test_create_goal_on_an_ended_pair_gets_409(api_as, pair, mentee_user):
    mentorship_end(mentorship=pair, reason="completed")

    response = api_as(mentee_user).post(goals(pair), NEW_GOAL)

    assert response.status_code == 409


# --- GET and PATCH /mentorships/{id}/goals/{goal_id} -------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", *MANAGERS])
def test_get_goal(request, api_as, goal, persona):
    response = api_as(request.getfixturevalue(persona)).get(goal_url(goal))

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["title"]) == (goal.pk, "Speak at the all-hands")


@pytest.mark.parametrize("persona", OTHERS)
def test_get_goal_is_404_for_others(request, api_as, goal, persona):
    response = api_as(request.getfixturevalue(persona)).get(goal_url(goal))

    assert response.status_code == 404


def test_a_goal_of_another_pair_is_404_through_mine(api_as, pair, program, mentee_user):
    theirs = GoalFactory(mentorship=active_pair(program, "m2@example.com", "e2@example.com"))

    response = api_as(mentee_user).get(f"/mentorships/{pair.pk}/goals/{theirs.pk}")
    patched = api_as(mentee_user).patch(f"/mentorships/{pair.pk}/goals/{theirs.pk}", {"title": "x"})

    assert (response.status_code, patched.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.title != "x"


def test_edit_goal_changes_only_what_is_sent(api_as, goal, mentee_user):
    skill = SkillFactory()
    goal.skill = skill
    goal.save()

    response = api_as(mentee_user).patch(
        goal_url(goal), {"title": "Speak at two all-hands", "skill": None}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["skill"], body["measure"]) == (
        "Speak at two all-hands",
        None,
        goal.measure,
    )
    goal.refresh_from_db()
    assert (goal.title, goal.skill, goal.description) == (
        "Speak at two all-hands",
        None,
        "Lead the quarterly planning of my team.",
    )


def test_edit_goal_by_the_mentor_gets_400(api_as, goal, mentor_user):
    response = api_as(mentor_user).patch(goal_url(goal), {"title": "Mine now"})

    assert response.status_code == 400
    assert response.json() == MENTEE_ONLY
    goal.refresh_from_db()
    assert goal.title == "Speak at the all-hands"


@pytest.mark.parametrize(("persona", "status"), [("manager_user", 403), ("outsider_user", 404)])
def test_edit_goal_refused(request, api_as, goal, persona, status):
    response = api_as(request.getfixturevalue(persona)).patch(goal_url(goal), {"title": "x"})

    assert response.status_code == status
    goal.refresh_from_db()
    assert goal.title == "Speak at the all-hands"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"target_date": None}, "target_date"),
        ({"status": "done"}, "status"),
    ],
)
def test_edit_goal_with_bad_input_gets_422(api_as, goal, mentee_user, body, field):
    response = api_as(mentee_user).patch(goal_url(goal), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


# --- goal updates ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_post_progress_from_either_side(request, api_as, goal, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).post(goal_url(goal, "updates"), {"progress": 30, "comment": "Booked"})

    assert response.status_code == 201
    body = response.json()
    assert (body["goal_id"], body["progress"], body["status"], body["comment"]) == (
        goal.pk,
        30,
        None,
        "Booked",
    )
    assert body["author"] == {"id": user.person.pk, "full_name": user.person.full_name}
    goal.refresh_from_db()
    assert (goal.progress, goal.status) == (30, "on_track")


def test_post_done_completes_the_goal(api_as, goal, mentee_user):
    response = api_as(mentee_user).post(goal_url(goal, "updates"), {"status": "done"})

    assert response.status_code == 201
    body = api_as(mentee_user).get(goal_url(goal)).json()
    assert (body["status"], body["progress"]) == ("done", 100)
    assert body["completed_at"] is not None


def test_post_an_empty_update_gets_400(api_as, goal, mentee_user):
    response = api_as(mentee_user).post(goal_url(goal, "updates"), {"comment": "  "})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Write a comment or change the progress or status.",
        "errors": {},
    }
    assert not GoalUpdate.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"status": "great"}, "status"),
    ],
)
def test_post_update_with_bad_input_gets_422(api_as, goal, mentee_user, body, field):
    response = api_as(mentee_user).post(goal_url(goal, "updates"), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager_user", 403), ("admin_user", 403), ("executive_user", 404), ("outsider_user", 404)],
)
def test_post_update_refused(request, api_as, goal, persona, status):
    response = api_as(request.getfixturevalue(persona)).post(
        goal_url(goal, "updates"), {"comment": "Keep going"}
    )

    assert response.status_code == status
    assert not GoalUpdate.objects.exists()


def test_post_update_on_a_paused_pair_is_fine_but_not_once_ended(api_as, pair, goal, mentee_user):
    api = api_as(mentee_user)
    api.post(f"/mentorships/{pair.pk}/pause")
    paused = api.post(goal_url(goal, "updates"), {"progress": 10})
    mentorship_end(mentorship=pair, reason="completed")

    ended = api.post(goal_url(goal, "updates"), {"progress": 20})

    assert (paused.status_code, ended.status_code) == (201, 409)


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", *MANAGERS])
def test_list_updates_newest_first(request, api_as, goal, mentor_user, mentee_user, persona):
    api_as(mentee_user).post(goal_url(goal, "updates"), {"progress": 10})
    api_as(mentor_user).post(goal_url(goal, "updates"), {"comment": "Nice start"})

    response = api_as(request.getfixturevalue(persona)).get(goal_url(goal, "updates"))

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [(u["progress"], u["comment"]) for u in response.json()["items"]] == [
        (None, "Nice start"),
        (10, ""),
    ]


@pytest.mark.parametrize("persona", OTHERS)
def test_list_updates_is_404_for_others(request, api_as, goal, persona):
    response = api_as(request.getfixturevalue(persona)).get(goal_url(goal, "updates"))

    assert response.status_code == 404


# --- milestones --------------------------------------------------------------------------------


def test_add_milestone_by_the_mentee(api_as, goal, mentee_user):
    due = (timezone.localdate() + timedelta(days=10)).isoformat()

    response = api_as(mentee_user).post(
        goal_url(goal, "milestones"), {"title": " Draft the talk ", "due_on": due}
    )

    assert response.status_code == 201
    milestone = Milestone.objects.get()
    assert response.json() == {
        "id": milestone.pk,
        "goal_id": goal.pk,
        "title": "Draft the talk",
        "due_on": due,
        "done": False,
        "done_at": None,
    }


def test_add_milestone_by_the_mentor_gets_400(api_as, goal, mentor_user):
    response = api_as(mentor_user).post(
        goal_url(goal, "milestones"), {"title": "Draft", "due_on": TARGET}
    )

    assert response.status_code == 400
    assert response.json() == MENTEE_ONLY
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("manager_user", 403), ("outsider_user", 404)])
def test_add_milestone_refused(request, api_as, goal, persona, status):
    response = api_as(request.getfixturevalue(persona)).post(
        goal_url(goal, "milestones"), {"title": "Draft", "due_on": TARGET}
    )

    assert response.status_code == status
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({"title": "", "due_on": TARGET}, "title"), ({"title": "Draft"}, "due_on")],
)
def test_add_milestone_with_bad_input_gets_422(api_as, goal, mentee_user, body, field):
    response = api_as(mentee_user).post(goal_url(goal, "milestones"), body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_tick_a_milestone_off_and_reopen_it(request, api_as, goal, persona):
    milestone = MilestoneFactory(goal=goal)
    api = api_as(request.getfixturevalue(persona))
    path = goal_url(goal, f"milestones/{milestone.pk}/done")

    done = api.post(path, {"done": True})
    reopened = api.post(path, {"done": False})

    assert (done.status_code, done.json()["done"]) == (200, True)
    assert done.json()["done_at"] is not None
    assert (reopened.status_code, reopened.json()["done"], reopened.json()["done_at"]) == (
        200,
        False,
        None,
    )


@pytest.mark.parametrize(("persona", "status"), [("manager_user", 403), ("executive_user", 404)])
def test_tick_a_milestone_refused(request, api_as, goal, persona, status):
    milestone = MilestoneFactory(goal=goal)

    response = api_as(request.getfixturevalue(persona)).post(
        goal_url(goal, f"milestones/{milestone.pk}/done"), {"done": True}
    )

    assert response.status_code == status
    milestone.refresh_from_db()
    assert milestone.done_at is None


def test_a_milestone_of_another_goal_is_404(api_as, pair, goal, mentee_user):
    other = MilestoneFactory(goal=GoalFactory(mentorship=pair))

    response = api_as(mentee_user).post(
        goal_url(goal, f"milestones/{other.pk}/done"), {"done": True}
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.done_at is None
