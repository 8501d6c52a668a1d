"""Feedback reads: survey results counted exactly on a hand-built set, free text hidden below
five answers, the executive copy suppressed below five, a fixed number of queries; and what
each person is asked."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorpath.feedback.queries import (
    QuestionResult,
    assessments_of,
    goal_skills_of,
    pulse_of,
    responses_of,
    responses_pending_for,
    survey_results,
    surveys_of_program,
)
from tests.factories import PersonFactory, SkillFactory
from tests.factories.feedback import (
    PulseRatingFactory,
    SkillAssessmentFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    SurveyResponseFactory,
    answered,
    held_checkin,
)
from tests.factories.mentoring import GoalFactory

pytestmark = pytest.mark.django_db

TOO_FEW = (
    "Written answers are shown once at least 5 people have answered, so that no one can be "
    "recognised."
)
TEAM_ONLY = "Written answers are shown to the program team only."


@pytest.fixture
def survey(program):
    survey = SurveyFactory(program=program, title="End of program")
    SurveyQuestionFactory(survey=survey, kind="rating", text="How useful was it?")
    SurveyQuestionFactory(survey=survey, kind="nps", text="Would you recommend it?")
    SurveyQuestionFactory(
        survey=survey, kind="single", text="Again?", choices=["Yes", "No", "Maybe"]
    )
    SurveyQuestionFactory(
        survey=survey, kind="multiple", text="What helped?", choices=["Goals", "Notes", "Talks"]
    )
    SurveyQuestionFactory(survey=survey, kind="text", text="Anything else?", required=False)
    return survey


ANSWERS = [  # rating, nps, single, multiple, text
    (5, 10, "Yes", ["Goals", "Talks"], "Great mentor"),
    (4, 9, "Yes", ["Goals"], "Helpful"),
    (4, 8, "No", ["Talks"], "More time please"),
    (3, 6, "Yes", ["Goals"], "OK"),
    (2, 3, "No", ["Goals", "Talks"], ""),
    (5, 10, "Yes", ["Talks"], "Loved it"),
]


def answer_all(survey, rows, *, people=None) -> list:
    ids = list(survey.questions.order_by("order").values_list("pk", flat=True))
    people = people or [PersonFactory(first_name=f"Named{i}") for i in range(len(rows))]
    return [
        answered(survey, person, dict(zip(ids, row, strict=True)))
        for person, row in zip(people, rows, strict=True)
    ]


def by_text(results) -> dict[str, QuestionResult]:
    return {question.text: question for question in results.questions}


def test_results_count_exactly(survey):
    answer_all(survey, ANSWERS)
    SurveyResponseFactory(survey=survey, person=PersonFactory())  # asked, never answered

    results = survey_results(survey=survey, viewer_is_executive=False)

    assert (results.asked, results.respondents, results.suppressed) == (7, 6, False)
    assert results.response_rate == 85.7
    questions = by_text(results)
    rating = questions["How useful was it?"]
    assert (rating.kind, rating.answered, rating.average, rating.nps) == ("rating", 6, 3.83, None)
    assert rating.distribution == (("1", 0), ("2", 1), ("3", 1), ("4", 2), ("5", 2))
    nps = questions["Would you recommend it?"]
    assert (nps.answered, nps.average, nps.nps) == (6, 7.67, 16.7)
    assert nps.distribution == tuple(
        (str(n), {3: 1, 6: 1, 8: 1, 9: 1, 10: 2}.get(n, 0)) for n in range(11)
    )
    single = questions["Again?"]
    assert (single.answered, single.average, single.distribution) == (
        6,
        None,
        (("Yes", 4), ("No", 2), ("Maybe", 0)),
    )
    multiple = questions["What helped?"]
    assert (multiple.answered, multiple.distribution) == (
        6,
        (("Goals", 4), ("Notes", 0), ("Talks", 4)),
    )
    text = questions["Anything else?"]
    assert (text.answered, text.distribution, text.texts_hidden_reason) == (5, (), "")
    assert sorted(text.texts) == sorted(
        ["Great mentor", "Helpful", "More time please", "OK", "Loved it"]
    )
    assert [q.question_id for q in results.questions] == list(
        survey.questions.order_by("order").values_list("pk", flat=True)
    )


def test_results_give_free_text_in_the_same_order_every_time_without_names(survey):
    answer_all(survey, ANSWERS)

    first = survey_results(survey=survey, viewer_is_executive=False)
    second = survey_results(survey=survey, viewer_is_executive=False)

    assert by_text(first)["Anything else?"].texts == by_text(second)["Anything else?"].texts
    assert "Named" not in repr(first)


def test_nps_counts_promoters_minus_detractors(program):
    survey = SurveyFactory(program=program)
    question = SurveyQuestionFactory(survey=survey, kind="nps")
    for score in (0, 6, 7, 8, 9, 10, 10):
        answered(survey, PersonFactory(), {question.pk: score})

    result = survey_results(survey=survey, viewer_is_executive=False).questions[0]

    assert result.nps == 14.3  # 3 promoters, 2 detractors of 7
    assert result.average == 7.14


def test_results_hide_free_text_answered_by_fewer_than_five(survey):
    rows = [
        (*row[:4], text) for row, text in zip(ANSWERS, ["a", "b", "", "", "", "c"], strict=True)
    ]
    answer_all(survey, rows)

    text = by_text(survey_results(survey=survey, viewer_is_executive=False))["Anything else?"]

    assert (text.answered, text.texts, text.texts_hidden_reason) == (3, (), TOO_FEW)


def test_results_before_anyone_answered(survey):
    SurveyResponseFactory(survey=survey, person=PersonFactory())

    results = survey_results(survey=survey, viewer_is_executive=False)

    assert (results.asked, results.respondents, results.response_rate) == (1, 0, 0.0)
    rating = by_text(results)["How useful was it?"]
    assert (rating.answered, rating.average, rating.distribution) == (
        0,
        None,
        tuple((str(n), 0) for n in range(1, 6)),
    )


def test_executives_see_no_figure_of_a_survey_with_fewer_than_five_respondents(survey):
    answer_all(survey, ANSWERS[:4])

    results = survey_results(survey=survey, viewer_is_executive=True)

    assert (results.asked, results.respondents, results.suppressed) == (4, 4, True)
    assert results.suppressed_reason == (
        "Fewer than 5 people answered, so results are not shown, to keep answers anonymous."
    )
    for question in results.questions:
        assert question.suppressed
        assert (question.average, question.nps, question.distribution, question.texts) == (
            None,
            None,
            (),
            (),
        )


def test_the_program_team_sees_figures_of_fewer_than_five(survey):
    answer_all(survey, ANSWERS[:4])

    results = survey_results(survey=survey, viewer_is_executive=False)

    assert results.suppressed is False
    assert by_text(results)["How useful was it?"].average == 4.0
    assert by_text(results)["Anything else?"].texts_hidden_reason == TOO_FEW


def test_executives_see_figures_of_five_but_no_free_text_or_small_questions(survey):
    rows = [
        (*row[:4], text) for row, text in zip(ANSWERS, ["a", "b", "", "", "", "c"], strict=True)
    ]
    answer_all(survey, rows)

    results = survey_results(survey=survey, viewer_is_executive=True)

    assert results.suppressed is False
    questions = by_text(results)
    assert questions["How useful was it?"].average == 3.83
    assert questions["How useful was it?"].suppressed is False
    assert questions["Would you recommend it?"].nps == 16.7
    text = questions["Anything else?"]
    assert (text.suppressed, text.answered, text.texts, text.texts_hidden_reason) == (
        True,
        3,
        (),
        TEAM_ONLY,
    )


def test_executives_never_get_free_text(survey):
    answer_all(survey, ANSWERS)

    text = by_text(survey_results(survey=survey, viewer_is_executive=True))["Anything else?"]

    assert (text.suppressed, text.texts, text.texts_hidden_reason) == (False, (), TEAM_ONLY)


def test_results_take_a_fixed_number_of_queries(program, survey):
    small = SurveyFactory(program=program)
    SurveyQuestionFactory(survey=small, kind="text", required=False)
    for word in ("Hi", "Yes", "No", "Maybe", "Fine"):
        answered(small, PersonFactory(), {small.questions.get().pk: word})
    answer_all(survey, ANSWERS)

    counts = []
    for each in (small, survey):
        with CaptureQueriesContext(connection) as queries:
            survey_results(survey=each, viewer_is_executive=False)
        counts.append(len(queries))

    assert counts == [5, 5]  # totals, questions, answered per question, counts, texts


# What people are asked --------------------------------------------------------------------


def test_responses_pending_for_lists_what_can_still_be_answered(program, mentee, mentor):
    person = mentee.person
    waiting = SurveyResponseFactory(survey=SurveyFactory(program=program), person=person)
    closing_today = SurveyResponseFactory(
        survey=SurveyFactory(program=program, closes_on=timezone.localdate()), person=person
    )
    SurveyResponseFactory(
        survey=SurveyFactory(program=program, closes_on=date(2025, 1, 1)), person=person
    )
    SurveyResponseFactory(survey=SurveyFactory(program=program, status="closed"), person=person)
    done_survey = SurveyFactory(program=program)
    question = SurveyQuestionFactory(survey=done_survey)
    answered(done_survey, person, {question.pk: 3})
    SurveyResponseFactory(survey=SurveyFactory(program=program), person=mentor.person)
    waiting.asked_at = timezone.now() - timedelta(days=2)
    waiting.save()

    assert list(responses_pending_for(person=person)) == [waiting, closing_today]
    assert len(responses_of(person=person)) == 5


def test_surveys_of_program_counts_asked_answered_and_questions(program, mentee, mentor):
    survey = SurveyFactory(program=program)
    question = SurveyQuestionFactory(survey=survey)
    SurveyQuestionFactory(survey=survey, required=False)
    answered(survey, mentee.person, {question.pk: 4})
    SurveyResponseFactory(survey=survey, person=mentor.person)
    empty = SurveyFactory(program=program, status="draft")
    SurveyFactory()  # another program's

    rows = {
        s.pk: (s.asked, s.submitted, s.question_count) for s in surveys_of_program(program=program)
    }

    assert rows == {survey.pk: (2, 1, 2), empty.pk: (0, 0, 0)}


def test_pulse_of_is_the_persons_own_rating(pair):
    checkin = held_checkin(pair)
    mine = PulseRatingFactory(checkin=checkin, person=pair.mentee.person, rating=5)

    assert pulse_of(checkin=checkin, person=pair.mentee.person) == mine
    assert pulse_of(checkin=checkin, person=pair.mentor.person) is None


def test_goal_skills_of_are_distinct_and_by_name(pair):
    zeta, alpha = SkillFactory(name="Zeta"), SkillFactory(name="Alpha")
    GoalFactory(mentorship=pair, skill=zeta)
    GoalFactory(mentorship=pair, skill=alpha)
    GoalFactory(mentorship=pair, skill=zeta)
    GoalFactory(mentorship=pair)

    assert list(goal_skills_of(mentorship=pair)) == [alpha, zeta]


def test_assessments_of_one_rater_side(pair):
    skill = SkillFactory(name="Negotiation")
    start = SkillAssessmentFactory(mentorship=pair, skill=skill, phase="start", rater_role="self")
    end = SkillAssessmentFactory(
        mentorship=pair, skill=skill, phase="end", rater_role="self", level=4
    )
    SkillAssessmentFactory(
        mentorship=pair, skill=skill, rater_role="mentor", rater=pair.mentor.person
    )

    assert set(assessments_of(mentorship=pair, rater_role="self")) == {start, end}
