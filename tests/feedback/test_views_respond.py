"""Answering a survey: only the person asked opens their response; answers are kept on
error, can be changed while the survey is open, and are read-only once it closes. The home
page lists the surveys waiting."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mentorpath.feedback.models import SurveyAnswer, SurveyResponse
from tests.factories.feedback import SurveyResponseFactory
from tests.feedback.pages import (
    by_id,
    checked,
    field_errors,
    kitchen_sink,
    messages_of,
    questions_of,
    text,
    textarea,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(program):
    return kitchen_sink(program, intro="Tell us how it goes.")


@pytest.fixture
def asked(survey, mentee_user) -> SurveyResponse:
    """The persona mentee, asked by the survey, not answered yet."""
    return SurveyResponseFactory(survey=survey, person=mentee_user.person)


def url(response: SurveyResponse) -> str:
    return f"/feedback/responses/{response.pk}/"


def full_answers(survey, **changes) -> dict[str, object]:
    q = questions_of(survey)
    data: dict[str, object] = {
        f"q{q['rating'].pk}": "4",
        f"q{q['nps'].pk}": "9",
        f"q{q['single'].pk}": "Monthly",
        f"q{q['multiple'].pk}": ["Career", "Network"],
        f"q{q['text'].pk}": "More time together.",
    }
    data.update({f"q{q[kind].pk}": value for kind, value in changes.items()})
    return data


def stored(response: SurveyResponse) -> dict[str, object]:
    """The stored answers by question kind."""
    found: dict[str, object] = {}
    for answer in SurveyAnswer.objects.filter(response=response).select_related("question"):
        kind = answer.question.kind
        if kind in ("rating", "nps"):
            found[kind] = answer.number
        elif kind == "multiple":
            found.setdefault(kind, []).append(answer.choice)  # type: ignore[union-attr]
        elif kind == "single":
            found[kind] = answer.choice
        else:
            found[kind] = answer.text
    return found


# --- who may open what -------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(asked):
    response = Client().get(url(asked))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    "persona", ["mentor_user", "manager_user", "admin_user", "executive_user", "outsider_user"]
)
def test_someone_elses_response_is_404(request, client_for, persona, asked, survey):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url(asked)).status_code == 404
    assert client.post(url(asked), full_answers(survey)).status_code == 404
    assert SurveyAnswer.objects.count() == 0


def test_unknown_response_is_404(client_for, mentee_user):
    assert client_for(mentee_user).get("/feedback/responses/999999/").status_code == 404


# --- answering ---------------------------------------------------------------------------------


def test_form_shows_each_question_with_its_kind_of_input(client_for, mentee_user, asked, survey):
    q = questions_of(survey)

    response = client_for(mentee_user).get(url(asked))

    assert response.status_code == 200
    page = text(response)
    assert "Halfway check" in page
    assert "Tell us how it goes." in page
    assert page.count(f'type="radio" name="q{q["rating"].pk}"') == 5
    assert page.count(f'type="radio" name="q{q["nps"].pk}"') == 11
    assert page.count(f'type="radio" name="q{q["single"].pk}"') == 2
    assert page.count(f'type="checkbox" name="q{q["multiple"].pk}"') == 3
    assert f'<textarea name="q{q["text"].pk}"' in page
    assert "Send my answers" in page


def test_submit_answers_then_see_them_and_a_confirmation(client_for, mentee_user, asked, survey):
    q = questions_of(survey)
    client = client_for(mentee_user)

    response = client.post(url(asked), full_answers(survey), follow=True)

    assert response.redirect_chain == [(url(asked), 302)]
    assert messages_of(response) == [
        "success: Thank you: your answers are saved. You can change them until the survey closes."
    ]
    assert stored(asked) == {
        "rating": 4,
        "nps": 9,
        "single": "Monthly",
        "multiple": ["Career", "Network"],
        "text": "More time together.",
    }
    asked.refresh_from_db()
    assert asked.submitted_at is not None
    assert by_id(response, "answered").startswith("You answered on")
    assert checked(response, f"q{q['rating'].pk}") == ["4"]
    assert checked(response, f"q{q['nps'].pk}") == ["9"]
    assert checked(response, f"q{q['single'].pk}") == ["Monthly"]
    assert checked(response, f"q{q['multiple'].pk}") == ["Career", "Network"]
    assert textarea(response, f"q{q['text'].pk}") == "More time together."
    assert "Save my changes" in text(response)


def test_change_answers_while_open(client_for, mentee_user, asked, survey):
    client = client_for(mentee_user)
    client.post(url(asked), full_answers(survey))

    client.post(url(asked), full_answers(survey, rating="2", multiple=["Skills"], text=""))

    assert stored(asked) == {"rating": 2, "nps": 9, "single": "Monthly", "multiple": ["Skills"]}


def test_missing_required_answer_is_shown_next_to_it_and_nothing_is_lost(
    client_for, mentee_user, asked, survey
):
    q = questions_of(survey)
    data = full_answers(survey)
    del data[f"q{q['nps'].pk}"]

    response = client_for(mentee_user).post(url(asked), data)

    assert response.status_code == 200
    assert field_errors(response) == {f"q{q['nps'].pk}": "This field is required."}
    assert checked(response, f"q{q['rating'].pk}") == ["4"]
    assert checked(response, f"q{q['single'].pk}") == ["Monthly"]
    assert checked(response, f"q{q['multiple'].pk}") == ["Career", "Network"]
    assert textarea(response, f"q{q['text'].pk}") == "More time together."
    assert SurveyAnswer.objects.count() == 0


def test_answer_out_of_range_or_not_an_option_is_refused(client_for, mentee_user, asked, survey):
    q = questions_of(survey)

    response = client_for(mentee_user).post(
        url(asked), full_answers(survey, rating="7", single="Daily")
    )

    errors = field_errors(response)
    assert set(errors) == {f"q{q['rating'].pk}", f"q{q['single'].pk}"}
    assert errors[f"q{q['rating'].pk}"].startswith("Select a valid choice.")
    assert SurveyAnswer.objects.count() == 0


def test_closed_survey_shows_answers_read_only_and_refuses_changes(
    client_for, mentee_user, asked, survey
):
    client = client_for(mentee_user)
    client.post(url(asked), full_answers(survey))
    survey.status = "closed"
    survey.save()

    page = client.get(url(asked))
    refused = client.post(url(asked), full_answers(survey, rating="1"), follow=True)

    assert '<form method="post" class="stacked survey-form"' not in text(page)
    given = by_id(page, "given")
    assert "How useful is your mentoring? 4 / 5" in given
    assert "Would you recommend the program? 9 / 10" in given
    assert "What did you work on? Career, Network" in given
    assert "What could be better? More time together." in given
    assert messages_of(refused) == [
        "error: This survey is closed; answers can no longer be given or changed."
    ]
    assert stored(asked)["rating"] == 4


def test_survey_past_its_closing_day_is_read_only(client_for, mentee_user, asked, survey):
    survey.closes_on = timezone.localdate() - timedelta(days=1)
    survey.save()

    response = client_for(mentee_user).get(url(asked))

    assert by_id(response, "closed-reason").startswith("This survey closed on")
    assert "You did not answer it." in text(response)
    assert 'name="q' not in text(response)


# --- where people find their surveys -----------------------------------------------------------


def test_home_lists_surveys_waiting(client_for, mentee_user, asked):
    response = client_for(mentee_user).get("/")

    waiting = by_id(response, "surveys-waiting")
    assert waiting.startswith("Surveys waiting for you Halfway check")
    assert f'href="{url(asked)}"' in text(response)


def test_home_without_waiting_surveys_shows_no_list(client_for, mentee_user, mentor_user, asked):
    asked.submitted_at = timezone.now()
    asked.save()

    assert 'id="surveys-waiting"' not in text(client_for(mentee_user).get("/"))
    assert 'id="surveys-waiting"' not in text(client_for(mentor_user).get("/"))


def test_my_surveys_page_lists_waiting_and_answered(client_for, mentee_user, asked, program):
    done = SurveyResponseFactory(
        survey=kitchen_sink(program), person=mentee_user.person, submitted_at=timezone.now()
    )

    response = client_for(mentee_user).get("/feedback/")

    assert response.status_code == 200
    assert f'href="{url(asked)}"' in by_id_html(response, "surveys-waiting")
    assert f'href="{url(done)}"' in text(response)


def by_id_html(response, element_id: str) -> str:
    page = text(response)
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</section>", start)]


def test_my_surveys_page_needs_a_profile(client_for, db):
    from tests.factories import UserFactory

    assert (
        client_for(UserFactory(email="noperson@example.com")).get("/feedback/").status_code == 403
    )
