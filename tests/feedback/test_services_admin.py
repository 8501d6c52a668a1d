"""The survey admin: counts, never answers next to names; questions frozen once answered."""

import pytest

from tests.factories import PersonFactory
from tests.factories.feedback import (
    SurveyFactory,
    SurveyQuestionFactory,
    SurveyResponseFactory,
    answered,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(program):
    survey = SurveyFactory(program=program, title="End of program")
    question = SurveyQuestionFactory(survey=survey, kind="text", text="Anything else?")
    answered(survey, PersonFactory(first_name="Zelda", last_name="Quill"), {question.pk: "Secret"})
    SurveyResponseFactory(survey=survey, person=PersonFactory())
    return survey


def test_admin_lists_surveys_with_counts_and_no_answers(client_for, admin_user, survey):
    page = client_for(admin_user).get("/admin/feedback/survey/").content.decode()

    assert "End of program" in page
    assert '<td class="field-asked">2</td>' in page
    assert '<td class="field-submitted">1</td>' in page
    assert "Secret" not in page
    assert "Quill" not in page


def test_admin_registers_no_answers_pulses_or_ratings(client_for, admin_user):
    client = client_for(admin_user)

    for model in ("surveyanswer", "surveyresponse", "pulserating", "skillassessment"):
        assert client.get(f"/admin/feedback/{model}/").status_code == 404


def test_admin_freezes_questions_once_answered(client_for, admin_user, survey):
    page = client_for(admin_user).get(f"/admin/feedback/survey/{survey.pk}/change/")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="questions-0-text"' not in html
    assert "Anything else?" in html


def test_admin_delete_page_names_nobody_who_answered(client_for, admin_user, survey):
    page = client_for(admin_user).get(f"/admin/feedback/survey/{survey.pk}/delete/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Anything else?" in html
    assert "Quill" not in html
    assert "Secret" not in html
    assert "Survey responses: 2" in html


def test_admin_is_refused_to_a_participant(client_for, mentee_user):
    response = client_for(mentee_user).get("/admin/feedback/survey/")

    assert response.status_code == 302
