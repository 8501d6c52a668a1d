"""A small world to export: the persona pair (Ada Lovelace mentoring Grace Hopper) in Career
Compass with a goal, a held check-in and notes (one private, carrying MARKER), a pair in a
program the manager does not manage, and two surveys: "Midpoint" with five respondents and
"Pulse" with two."""

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from mentorpath.feedback.models import Survey, SurveyQuestion
from mentorpath.mentoring.models import CheckIn, Goal, Mentorship
from mentorpath.programs.models import Program
from tests.factories import PersonFactory, ProgramFactory, SkillFactory
from tests.factories.feedback import SurveyFactory, SurveyQuestionFactory, answered
from tests.factories.mentoring import (
    CheckInFactory,
    GoalFactory,
    MilestoneFactory,
    NoteFactory,
    active_pair,
    name_pair,
)

MARKER = "PRIVATE-NOTE-MARKER-31415"
SHARED_BODY = "SHARED-NOTE-BODY-27182"  # no note body is exported, shared ones neither
API = "/api/v1"
ROLES = ("admin", "manager", "executive", "mentor", "mentee", "outsider")
DATASETS = ("people", "enrollments", "pairs", "goals", "checkins", "survey_results")
ALLOWED = {
    "admin": set(DATASETS),
    "manager": set(DATASETS),
    "executive": {"survey_results"},
    "mentor": set(),
    "mentee": set(),
    "outsider": set(),
}
MIDPOINT_ANSWERS = [  # rating, single choice, written answer
    (5, "Yes", "=1+1 more time together"),
    (4, "Yes", "A shared agenda."),
    (4, "No", "Meet in person."),
    (2, "Yes", "-Fewer cancellations"),
    (3, "No", "Nothing, it is great."),
]


@dataclass
class World:
    program: Program
    pair: Mentorship
    goal: Goal
    checkin: CheckIn
    other_program: Program
    other_pair: Mentorship
    midpoint: Survey
    pulse: Survey
    questions: dict[str, SurveyQuestion]


def user_of(request, role: str):
    return request.getfixturevalue(f"{role}_user")


@pytest.fixture
def world(program, pair, admin_user, manager_user, executive_user, outsider_user) -> World:
    pair = name_pair(pair)
    goal = GoalFactory(
        mentorship=pair,
        title='=HYPERLINK("http://evil.example")',
        status="on_track",
        progress=40,
        target_date=date(2030, 3, 31),
        skill=SkillFactory(name="Negotiation"),
        objective=program.objectives.get(),
    )
    MilestoneFactory(
        goal=goal,
        title="Draft",
        due_on=date(2030, 1, 15),
        done_at=datetime(2030, 1, 14, tzinfo=UTC),
    )
    MilestoneFactory(goal=goal, title="Present", due_on=date(2030, 2, 15))
    checkin = CheckInFactory(
        mentorship=pair,
        starts_at=datetime(2030, 1, 8, 23, 30, tzinfo=UTC),  # 9 January in Berlin
        time_zone="Europe/Berlin",
        duration_minutes=60,
        status="held",
        held_minutes=50,
        agenda="@SUM(1+1) then career plans",
    )
    NoteFactory(
        mentorship=pair,
        checkin=checkin,
        author=pair.mentor.person,
        visibility="private",
        body=MARKER,
    )
    NoteFactory(mentorship=pair, author=pair.mentee.person, visibility="private", body=MARKER)
    NoteFactory(mentorship=pair, checkin=checkin, visibility="shared", body=SHARED_BODY)

    other_program = ProgramFactory(name="Other Program", slug="other-program")
    other_pair = active_pair(other_program, "other-mentor@example.com", "other-mentee@example.com")
    CheckInFactory(
        mentorship=other_pair,
        starts_at=datetime(2030, 2, 1, 9, 0, tzinfo=UTC),
        time_zone="UTC",
        agenda="Other agenda",
    )
    NoteFactory(mentorship=other_pair, visibility="private", body=MARKER)

    midpoint = SurveyFactory(program=program, title="Midpoint")
    questions = {
        "rating": SurveyQuestionFactory(survey=midpoint, kind="rating", text="How useful?"),
        "single": SurveyQuestionFactory(survey=midpoint, kind="single", text="Continue?"),
        "text": SurveyQuestionFactory(
            survey=midpoint, kind="text", text="What helped?", required=False
        ),
    }
    for index, (rating, choice, written) in enumerate(MIDPOINT_ANSWERS):
        person = PersonFactory(first_name="Zelda", last_name=f"Respondent{index}")
        answered(
            midpoint,
            person,
            {
                questions["rating"].pk: rating,
                questions["single"].pk: choice,
                questions["text"].pk: written,
            },
        )
    pulse = SurveyFactory(program=program, title="Pulse")
    pulse_question = SurveyQuestionFactory(survey=pulse, kind="rating", text="How was it?")
    for rating in (4, 5):
        answered(pulse, PersonFactory(), {pulse_question.pk: rating})
    SurveyFactory(program=program, title="Draft survey", status="draft")
    SurveyFactory(program=other_program, title="Elsewhere")
    return World(
        program=program,
        pair=pair,
        goal=goal,
        checkin=checkin,
        other_program=other_program,
        other_pair=other_pair,
        midpoint=midpoint,
        pulse=pulse,
        questions=questions,
    )


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    text = content_of(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content_of(response)), read_only=True)
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def page_url(dataset: str, fmt: str = "csv", **filters: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"format": fmt, **filters}.items())
    return f"/exports/download/?dataset={dataset}&{query}"


def api_url(dataset: str, fmt: str = "csv", **filters: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"format": fmt, **filters}.items())
    return f"{API}/exports/{dataset}?{query}"


@pytest.fixture
def small_world(program, pair, admin_user, executive_user, outsider_user):
    """The persona pair with a held check-in carrying a private note (MARKER) and a shared one,
    a goal, and a survey five people answered in writing: cheap enough for the rights matrix."""
    checkin = CheckInFactory(mentorship=pair, status="held", held_minutes=45, agenda="Career plans")
    NoteFactory(
        mentorship=pair,
        checkin=checkin,
        author=pair.mentor.person,
        visibility="private",
        body=MARKER,
    )
    NoteFactory(mentorship=pair, checkin=checkin, visibility="shared", body=SHARED_BODY)
    GoalFactory(mentorship=pair, title="Lead planning")
    survey = SurveyFactory(program=program, title="Midpoint")
    question = SurveyQuestionFactory(survey=survey, kind="text", text="What helped?")
    for index in range(5):
        answered(survey, PersonFactory(), {question.pk: f"Written answer {index}"})
    return pair
