"""Each service that makes an event happen publishes it exactly once, after commit, with the
documented payload; nothing on rollback and nothing when the thing did not happen again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorpath.feedback.services import survey_answer
from mentorpath.mentoring.services import (
    checkin_record,
    goal_post_update,
    mentorship_end,
    mentorship_propose,
    mentorship_respond,
)
from tests.factories.feedback import SurveyQuestionFactory, SurveyResponseFactory
from tests.factories.mentoring import CheckInFactory, GoalFactory

pytestmark = pytest.mark.django_db


def test_mentorship_started_when_the_second_side_accepts(
    mentor, mentee, manager_user, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposed = mentorship_propose(mentor=mentor, mentee=mentee, by=manager_user)
        mentorship_respond(mentorship=proposed, person=mentor.person, accept=True)
    assert published == []
    with django_capture_on_commit_callbacks(execute=True):
        pair = mentorship_respond(mentorship=proposed, person=mentee.person, accept=True)
    assert published == [
        (
            "mentorship.started",
            {
                "mentorship_id": pair.pk,
                "program_id": pair.program_id,
                "mentor_person_id": mentor.person_id,
                "mentee_person_id": mentee.person_id,
                "status": "active",
                "started_at": pair.started_at.isoformat(),
            },
        )
    ]


def test_mentorship_ended(pair, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ended = mentorship_end(mentorship=pair, reason="mismatch", note="Private reasons")
    assert published == [
        (
            "mentorship.ended",
            {
                "mentorship_id": pair.pk,
                "program_id": pair.program_id,
                "mentor_person_id": pair.mentor.person_id,
                "mentee_person_id": pair.mentee.person_id,
                "status": "ended_early",
                "started_at": pair.started_at.isoformat(),
                "end_reason": "mismatch",
                "ended_at": ended.ended_at.isoformat(),
            },
        )
    ]


def test_a_proposal_withdrawn_before_it_started_is_not_an_end(
    mentor, mentee, manager_user, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposed = mentorship_propose(mentor=mentor, mentee=mentee, by=manager_user)
        mentorship_end(mentorship=proposed, reason="other")
    assert published == []


def test_checkin_held_once(pair, published, django_capture_on_commit_callbacks):
    checkin = CheckInFactory(
        mentorship=pair, starts_at=timezone.now().replace(microsecond=0) - timedelta(hours=2)
    )
    person = pair.mentee.person
    with django_capture_on_commit_callbacks(execute=True):
        checkin_record(checkin=checkin, person=person, outcome="held", held_minutes=50)
        checkin_record(checkin=checkin, person=person, outcome="held", held_minutes=55)
    assert published == [
        (
            "checkin.held",
            {
                "checkin_id": checkin.pk,
                "mentorship_id": pair.pk,
                "program_id": pair.program_id,
                "starts_at": checkin.starts_at.isoformat(),
                "held_minutes": 50,
            },
        )
    ]


def test_a_missed_checkin_is_not_held(pair, published, django_capture_on_commit_callbacks):
    checkin = CheckInFactory(mentorship=pair, starts_at=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        checkin_record(checkin=checkin, person=pair.mentor.person, outcome="missed")
    assert published == []


def test_goal_completed_once(pair, published, django_capture_on_commit_callbacks):
    goal = GoalFactory(mentorship=pair)
    person = pair.mentee.person
    with django_capture_on_commit_callbacks(execute=True):
        goal_post_update(goal=goal, person=person, progress=40)
        goal_post_update(goal=goal, person=person, status="done")
        goal_post_update(goal=goal, person=person, comment="Still done.")
    assert published == [
        (
            "goal.completed",
            {
                "goal_id": goal.pk,
                "mentorship_id": pair.pk,
                "program_id": pair.program_id,
                "skill_id": None,
                "objective_id": None,
            },
        )
    ]


def test_survey_completed_on_the_first_submission_only(
    program, mentee_user, published, django_capture_on_commit_callbacks
):
    question = SurveyQuestionFactory(survey__program=program, kind="text", required=False)
    response = SurveyResponseFactory(survey=question.survey, person=mentee_user.person)
    with django_capture_on_commit_callbacks(execute=True):
        survey_answer(response=response, answers={question.pk: "Private opinion"})
        survey_answer(response=response, answers={question.pk: "Changed my mind"})
    assert published == [
        (
            "survey.completed",
            {
                "response_id": response.pk,
                "survey_id": question.survey_id,
                "program_id": program.pk,
                "person_id": mentee_user.person.pk,
                "role": "mentee",
                "mentorship_id": None,
            },
        )
    ]
