"""The pair's agreement (acknowledged per side, rhythm 7 to 90 days) and the mentee's goals with
their updates and milestones: who may do what, the bounds, and who is told."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorpath.mentoring.models import Agreement, Goal, GoalUpdate, Milestone
from mentorpath.mentoring.services import (
    agreement_acknowledge,
    agreement_set_rhythm,
    goal_create,
    goal_edit,
    goal_post_update,
    mentorship_end,
    mentorship_pause,
    milestone_add,
    milestone_set_done,
)
from mentorpath.notifications.models import Notification
from tests.factories import ObjectiveFactory, ProgramFactory, SkillFactory

pytestmark = pytest.mark.django_db

NOT_IN_PAIR = "Only the mentor and the mentee of this pair can do that."
MENTEE_ONLY = "Goals belong to the mentee: only they add or edit them."
GOAL = {
    "title": "Lead the quarterly planning",
    "description": "Run the planning of my team for Q3 end to end.",
    "measure": "The plan is accepted by the team",
    "target_date": date(2030, 6, 30),
}


@pytest.fixture
def goal(pair, mentee_user) -> Goal:
    return goal_create(mentorship=pair, person=mentee_user.person, data=GOAL)


def agreement_of(pair) -> Agreement:
    return Agreement.objects.get(mentorship=pair)


def refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value


# --- agreement ---------------------------------------------------------------------------------


def test_acknowledge_by_the_mentor_stamps_the_mentor_side_only(pair, mentor_user):
    agreement = agreement_acknowledge(mentorship=pair, person=mentor_user.person)

    assert agreement.mentor_acknowledged_at is not None
    assert agreement.mentee_acknowledged_at is None
    assert agreement.acknowledged is False


def test_acknowledge_by_both_sides_makes_it_acknowledged(pair, mentor_user, mentee_user):
    agreement_acknowledge(mentorship=pair, person=mentee_user.person)
    agreement_acknowledge(mentorship=pair, person=mentor_user.person)

    agreement = agreement_of(pair)
    assert agreement.mentee_acknowledged_at is not None
    assert agreement.mentor_acknowledged_at is not None
    assert agreement.acknowledged is True


def test_acknowledge_twice_keeps_the_first_time(pair, mentee_user):
    first = agreement_acknowledge(mentorship=pair, person=mentee_user.person)

    again = agreement_acknowledge(mentorship=pair, person=mentee_user.person)

    assert again.mentee_acknowledged_at == first.mentee_acknowledged_at
    assert agreement_of(pair).mentee_acknowledged_at == first.mentee_acknowledged_at


def test_acknowledge_while_paused_is_allowed(pair, mentor_user):
    mentorship_pause(mentorship=pair, by=mentor_user)

    agreement = agreement_acknowledge(mentorship=pair, person=mentor_user.person)

    assert agreement.mentor_acknowledged_at is not None


@pytest.mark.parametrize("persona", ["manager_user", "admin_user", "outsider_user"])
def test_acknowledge_by_someone_outside_the_pair_is_refused(request, pair, persona):
    person = request.getfixturevalue(persona).person

    error = refusal(lambda: agreement_acknowledge(mentorship=pair, person=person))

    assert error.messages == [NOT_IN_PAIR]
    agreement = agreement_of(pair)
    assert (agreement.mentor_acknowledged_at, agreement.mentee_acknowledged_at) == (None, None)


def test_acknowledge_after_the_end_is_refused(pair, mentee_user):
    ended = mentorship_end(mentorship=pair, reason="completed")

    error = refusal(lambda: agreement_acknowledge(mentorship=ended, person=mentee_user.person))

    assert error.messages == [
        "This mentorship is completed; acknowledging the agreement is only possible while it runs."
    ]
    assert error.code == "conflict"


@pytest.mark.parametrize("days", [7, 30, 90])
def test_set_rhythm_within_7_to_90_days(pair, mentor_user, days):
    agreement = agreement_set_rhythm(mentorship=pair, person=mentor_user.person, days=days)

    stored = agreement_of(pair)
    assert stored.rhythm_days == days
    assert stored.rhythm_changed_by == mentor_user.person
    assert stored.rhythm_changed_at is not None
    assert stored.expectations == agreement.expectations


@pytest.mark.parametrize("days", [0, 6, 91, 365])
def test_set_rhythm_outside_7_to_90_days_is_refused(pair, mentee_user, days):
    error = refusal(
        lambda: agreement_set_rhythm(mentorship=pair, person=mentee_user.person, days=days)
    )

    assert error.message_dict == {
        "rhythm_days": ["Meet at least every 90 days and at most weekly."]
    }
    assert agreement_of(pair).rhythm_days == 14
    assert agreement_of(pair).rhythm_changed_by is None


def test_set_rhythm_keeps_the_agreed_text(pair, mentee_user):
    before = Agreement.objects.filter(mentorship=pair).values(
        "expectations", "meeting_rhythm", "confidentiality", "how_to_end"
    )[0]

    agreement_set_rhythm(mentorship=pair, person=mentee_user.person, days=21)

    after = Agreement.objects.filter(mentorship=pair).values(*before)[0]
    assert after == before


@pytest.mark.parametrize("persona", ["manager_user", "outsider_user"])
def test_set_rhythm_by_someone_outside_the_pair_is_refused(request, pair, persona):
    person = request.getfixturevalue(persona).person

    error = refusal(lambda: agreement_set_rhythm(mentorship=pair, person=person, days=7))

    assert error.messages == [NOT_IN_PAIR]
    assert agreement_of(pair).rhythm_days == 14


def test_the_database_refuses_a_rhythm_outside_7_to_90_days(pair):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(mentorship=pair).update(rhythm_days=6)

    assert agreement_of(pair).rhythm_days == 14


# --- goals -------------------------------------------------------------------------------------


def test_goal_create_by_the_mentee(pair, mentee_user, program):
    skill = SkillFactory(name="Planning")
    objective = program.objectives.get()

    goal = goal_create(
        mentorship=pair,
        person=mentee_user.person,
        data={**GOAL, "skill": skill, "objective": objective},
    )

    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.title, stored.target_date, stored.skill, stored.objective) == (
        "Lead the quarterly planning",
        date(2030, 6, 30),
        skill,
        objective,
    )
    assert (stored.status, stored.progress, stored.completed_at) == ("not_started", 0, None)


def test_goal_create_by_the_mentor_is_refused(pair, mentor_user):
    error = refusal(lambda: goal_create(mentorship=pair, person=mentor_user.person, data=GOAL))

    assert error.messages == [MENTEE_ONLY]
    assert not Goal.objects.exists()


@pytest.mark.parametrize("persona", ["manager_user", "outsider_user"])
def test_goal_create_by_someone_outside_the_pair_is_refused(request, pair, persona):
    person = request.getfixturevalue(persona).person

    error = refusal(lambda: goal_create(mentorship=pair, person=person, data=GOAL))

    assert error.messages == [NOT_IN_PAIR]
    assert not Goal.objects.exists()


def test_goal_create_with_an_objective_of_another_program_is_refused(pair, mentee_user):
    foreign = ObjectiveFactory(program=ProgramFactory(name="Elsewhere"))

    error = refusal(
        lambda: goal_create(
            mentorship=pair, person=mentee_user.person, data={**GOAL, "objective": foreign}
        )
    )

    assert error.message_dict == {"objective": ["Choose an objective of this program."]}
    assert not Goal.objects.exists()


def test_goal_create_after_the_end_is_refused(pair, mentee_user):
    ended = mentorship_end(mentorship=pair, reason="personal")

    error = refusal(lambda: goal_create(mentorship=ended, person=mentee_user.person, data=GOAL))

    assert error.messages == [
        "This mentorship is ended early; adding a goal is only possible while it runs."
    ]
    assert error.code == "conflict"


def test_goal_edit_by_the_mentee_changes_only_the_given_fields(goal, mentee_user):
    goal_edit(goal=goal, person=mentee_user.person, data={"title": "Lead Q4 planning"})

    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.title, stored.measure) == ("Lead Q4 planning", GOAL["measure"])


def test_goal_edit_by_the_mentor_is_refused(goal, mentor_user):
    error = refusal(
        lambda: goal_edit(goal=goal, person=mentor_user.person, data={"title": "Mentor's idea"})
    )

    assert error.messages == [MENTEE_ONLY]
    assert Goal.objects.get(pk=goal.pk).title == GOAL["title"]


def test_goal_edit_to_an_objective_of_another_program_is_refused(goal, mentee_user):
    foreign = ObjectiveFactory(program=ProgramFactory(name="Elsewhere"))

    error = refusal(
        lambda: goal_edit(goal=goal, person=mentee_user.person, data={"objective": foreign})
    )

    assert error.message_dict == {"objective": ["Choose an objective of this program."]}
    assert Goal.objects.get(pk=goal.pk).objective is None


# --- goal updates ------------------------------------------------------------------------------


@pytest.mark.parametrize("progress", [0, 55, 100])
def test_goal_progress_within_0_to_100(goal, mentee_user, progress):
    goal_post_update(goal=goal, person=mentee_user.person, progress=progress)

    assert Goal.objects.get(pk=goal.pk).progress == progress


@pytest.mark.parametrize("progress", [-1, 101, 1000])
def test_goal_progress_outside_0_to_100_is_refused(goal, mentee_user, progress):
    error = refusal(
        lambda: goal_post_update(goal=goal, person=mentee_user.person, progress=progress)
    )

    assert error.message_dict == {"progress": ["Progress is a percentage from 0 to 100."]}
    assert Goal.objects.get(pk=goal.pk).progress == 0
    assert not GoalUpdate.objects.exists()


def test_goal_update_with_nothing_in_it_is_refused(goal, mentee_user):
    error = refusal(lambda: goal_post_update(goal=goal, person=mentee_user.person, comment="  "))

    assert error.messages == ["Write a comment or change the progress or status."]


def test_goal_update_with_an_unknown_status_is_refused(goal, mentee_user):
    error = refusal(lambda: goal_post_update(goal=goal, person=mentee_user.person, status="won"))

    assert error.message_dict == {"status": ["Choose a valid status."]}


def test_goal_progress_on_a_goal_not_started_puts_it_on_track(goal, mentee_user):
    goal_post_update(goal=goal, person=mentee_user.person, progress=10)

    assert Goal.objects.get(pk=goal.pk).status == "on_track"


def test_goal_done_sets_progress_100_and_completed_at(goal, mentee_user):
    goal_post_update(goal=goal, person=mentee_user.person, progress=40)

    goal_post_update(goal=goal, person=mentee_user.person, status="done")

    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.status, stored.progress) == ("done", 100)
    assert stored.completed_at is not None


def test_goal_reopened_after_done_clears_completed_at(goal, mentee_user):
    goal_post_update(goal=goal, person=mentee_user.person, status="done")

    goal_post_update(goal=goal, person=mentee_user.person, status="on_track", progress=80)

    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.status, stored.progress, stored.completed_at) == ("on_track", 80, None)


def test_goal_update_from_the_mentor_tells_the_mentee_only(goal, mentor_user, mentee_user):
    mentor_user.person.first_name, mentor_user.person.last_name = "Ada", "Lovelace"
    mentor_user.person.save()

    update = goal_post_update(
        goal=goal, person=mentor_user.person, status="at_risk", comment="Let's talk about it"
    )

    told = Notification.objects.filter(kind="goal_update")
    assert list(told.values_list("recipient__email", "key", "subject", "body")) == [
        (
            "mentee@example.com",
            f"goal-update:{goal.pk}:{update.pk}",
            "Ada Lovelace updated the goal 'Lead the quarterly planning'",
            "Ada Lovelace posted an update on 'Lead the quarterly planning' (At risk, 0% done).",
        )
    ]
    assert (update.author, update.status, update.comment) == (
        mentor_user.person,
        "at_risk",
        "Let's talk about it",
    )


def test_goal_update_from_the_mentee_tells_the_mentor_each_time(goal, mentee_user):
    goal_post_update(goal=goal, person=mentee_user.person, progress=20)
    goal_post_update(goal=goal, person=mentee_user.person, comment="Draft shared")

    told = Notification.objects.filter(kind="goal_update")
    assert list(told.values_list("recipient__email", flat=True)) == ["mentor@example.com"] * 2


def test_goal_update_by_someone_outside_the_pair_is_refused(goal, manager_user):
    error = refusal(
        lambda: goal_post_update(goal=goal, person=manager_user.person, comment="How is it?")
    )

    assert error.messages == [NOT_IN_PAIR]
    assert not GoalUpdate.objects.exists()
    assert not Notification.objects.filter(kind="goal_update").exists()


# --- milestones --------------------------------------------------------------------------------


def test_milestone_add_by_the_mentee(goal, mentee_user):
    milestone = milestone_add(
        goal=goal, person=mentee_user.person, title="  Draft the plan ", due_on=date(2030, 5, 1)
    )

    assert Milestone.objects.filter(goal=goal).values_list("title", "due_on", "done_at").get() == (
        "Draft the plan",
        date(2030, 5, 1),
        None,
    )
    assert milestone.pk is not None


def test_milestone_add_by_the_mentor_is_refused(goal, mentor_user):
    error = refusal(
        lambda: milestone_add(
            goal=goal, person=mentor_user.person, title="Draft", due_on=date(2030, 5, 1)
        )
    )

    assert error.messages == [MENTEE_ONLY]
    assert not Milestone.objects.exists()


def test_milestone_without_a_title_is_refused(goal, mentee_user):
    error = refusal(
        lambda: milestone_add(
            goal=goal, person=mentee_user.person, title=" ", due_on=timezone.localdate()
        )
    )

    assert error.message_dict == {"title": ["Name the milestone."]}


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user"])
def test_milestone_done_and_undone_by_either_side(request, goal, mentee_user, persona):
    milestone = milestone_add(
        goal=goal,
        person=mentee_user.person,
        title="Draft",
        due_on=timezone.localdate() + timedelta(7),
    )
    person = request.getfixturevalue(persona).person

    first = milestone_set_done(milestone=milestone, person=person, done=True).done_at
    again = milestone_set_done(milestone=milestone, person=person, done=True).done_at
    stored = Milestone.objects.get(pk=milestone.pk).done_at
    undone = milestone_set_done(milestone=milestone, person=person, done=False).done_at

    assert first is not None
    assert again == stored == first
    assert undone is None
    assert Milestone.objects.get(pk=milestone.pk).done_at is None


def test_milestone_done_by_someone_outside_the_pair_is_refused(goal, mentee_user, outsider_user):
    milestone = milestone_add(
        goal=goal, person=mentee_user.person, title="Draft", due_on=date(2030, 5, 1)
    )

    error = refusal(
        lambda: milestone_set_done(milestone=milestone, person=outsider_user.person, done=True)
    )

    assert error.messages == [NOT_IN_PAIR]
    assert Milestone.objects.get(pk=milestone.pk).done_at is None


def test_goal_create_on_a_pair_ended_since_it_was_read_is_refused(pair, mentee_user):
    read_before = pair
    mentorship_end(mentorship=pair, reason="personal")

    error = refusal(
        lambda: goal_create(mentorship=read_before, person=mentee_user.person, data=GOAL)
    )

    assert error.code == "conflict"
    assert not Goal.objects.exists()
