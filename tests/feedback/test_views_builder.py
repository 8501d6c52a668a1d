"""The survey builder pages, per persona: the program team builds (list, create, edit, add,
edit, remove and reorder questions, open, close); executives read the list; participants and
outsiders are refused."""

import pytest
from django.test import Client

from mentorpath.feedback.models import Survey, SurveyQuestion
from tests.factories.feedback import SurveyFactory, SurveyQuestionFactory, answered
from tests.feedback.pages import (
    PARTICIPANTS,
    TEAM,
    by_id,
    field_errors,
    form_errors,
    messages_of,
    text,
    textarea,
)

pytestmark = pytest.mark.django_db

CC = "/feedback/program/career-compass/surveys/"


def survey_url(survey: Survey, action: str = "") -> str:
    return f"/feedback/surveys/{survey.pk}/" + (f"{action}/" if action else "")


def question_url(question: SurveyQuestion, action: str) -> str:
    return survey_url(question.survey, f"questions/{question.pk}/{action}")


def settings_data(**changes: str) -> dict[str, str]:
    data = {
        "title": "After the first check-in",
        "intro": "Two minutes, promised.",
        "trigger": "first_checkin",
        "send_on": "",
        "audience": "both",
        "closes_on": "",
    }
    return {**data, **changes}


def question_data(**changes: str) -> dict[str, str]:
    data = {
        "kind": "single",
        "text": "How often do you meet?",
        "help_text": "",
        "choices": "Weekly\nEvery two weeks\nMonthly",
        "required": "on",
    }
    return {**data, **changes}


@pytest.fixture
def draft(program) -> Survey:
    survey = SurveyFactory(program=program, title="Kick-off survey", status="draft")
    SurveyQuestionFactory(survey=survey, text="First?")
    SurveyQuestionFactory(survey=survey, text="Second?")
    SurveyQuestionFactory(survey=survey, text="Third?")
    return survey


def texts_in_order(survey: Survey) -> list[str]:
    return list(survey.questions.order_by("order", "pk").values_list("text", flat=True))


def builder_routes(survey: Survey) -> list[tuple[str, str]]:
    question = survey.questions.first()
    return [
        ("get", f"/feedback/program/{survey.program.slug}/surveys/new/"),
        ("post", f"/feedback/program/{survey.program.slug}/surveys/new/"),
        ("get", survey_url(survey)),
        ("get", survey_url(survey, "edit")),
        ("post", survey_url(survey, "edit")),
        ("post", survey_url(survey, "open")),
        ("post", survey_url(survey, "close")),
        ("post", survey_url(survey, "questions")),
        ("get", question_url(question, "edit")),
        ("post", question_url(question, "edit")),
        ("post", question_url(question, "delete")),
        ("post", question_url(question, "move")),
    ]


# --- who may open what -------------------------------------------------------------------------


def test_builder_routes_anonymous_redirect_to_login(draft):
    client = Client()

    for method, path in [("get", CC), *builder_routes(draft)]:
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/login/"), path


@pytest.mark.parametrize("persona", [*PARTICIPANTS, "outsider_user"])
def test_builder_routes_refused_to_participants_and_outsiders(request, client_for, persona, draft):
    """The program page is open to employees, so its survey list is a 403; a survey itself
    is not theirs to know about: 404."""
    client = client_for(request.getfixturevalue(persona))

    codes = {
        f"{method} {path}": getattr(client, method)(path).status_code
        for method, path in builder_routes(draft)
    }

    new = f"/feedback/program/{draft.program.slug}/surveys/new/"
    assert codes == {
        f"{method} {path}": 403 if path == new else 404 for method, path in builder_routes(draft)
    }
    assert client.get(CC).status_code == 403
    assert Survey.objects.count() == 1
    assert texts_in_order(draft) == ["First?", "Second?", "Third?"]


def test_builder_routes_refused_to_executives(client_for, executive_user, draft):
    client = client_for(executive_user)

    codes = {
        f"{method} {path}": getattr(client, method)(path).status_code
        for method, path in builder_routes(draft)
    }

    assert set(codes.values()) == {403}
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_builder_routes_of_unknown_survey_are_404(client_for, manager_user, draft):
    client = client_for(manager_user)

    assert client.get("/feedback/surveys/999999/").status_code == 404
    assert client.get("/feedback/program/nope/surveys/").status_code == 404
    assert client.post(survey_url(draft, "questions/999999/delete")).status_code == 404


def test_question_of_another_survey_is_404(client_for, manager_user, program, draft):
    other = SurveyFactory(program=program, status="draft")
    foreign = SurveyQuestionFactory(survey=other, text="Elsewhere?")

    response = client_for(manager_user).post(survey_url(draft, f"questions/{foreign.pk}/delete"))

    assert response.status_code == 404
    assert SurveyQuestion.objects.filter(pk=foreign.pk).exists()


def test_manager_of_another_program_is_refused(client_for, outsider_user, draft):
    from tests.factories import ProgramFactory

    ProgramFactory(slug="elsewhere").managers.add(outsider_user)

    client = client_for(outsider_user)

    assert client.get(survey_url(draft)).status_code == 404
    assert client.get(CC).status_code == 403


# --- the list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", TEAM)
def test_list_shows_surveys_with_counts_and_status(request, client_for, persona, program, pair):
    survey = SurveyFactory(program=program, title="Halfway check")
    question = SurveyQuestionFactory(survey=survey)
    answered(survey, pair.mentee.person, {question.pk: 4})
    from tests.factories.feedback import SurveyResponseFactory

    SurveyResponseFactory(survey=survey, person=pair.mentor.person, role="mentor")

    response = client_for(request.getfixturevalue(persona)).get(CC)

    assert response.status_code == 200
    row = by_id(response, f"survey-{survey.pk}")
    assert "Halfway check" in row
    assert "Open" in row
    assert f'href="{survey_url(survey)}"' in text(response)
    assert f'href="{survey_url(survey, "results")}"' in text(response)
    assert "New survey" in text(response)
    assert row.endswith("2 1 Results")  # asked 2, answered 1


def test_list_is_read_only_for_executives(client_for, executive_user, program):
    survey = SurveyFactory(program=program, title="Halfway check")

    response = client_for(executive_user).get(CC)

    assert response.status_code == 200
    assert "Halfway check" in text(response)
    assert "New survey" not in text(response)
    assert f'href="{survey_url(survey)}"' not in text(response)
    assert f'href="{survey_url(survey, "results")}"' in text(response)


def test_program_page_links_to_surveys_for_its_team(client_for, manager_user, program):
    response = client_for(manager_user).get(f"/programs/{program.slug}/")

    assert f'href="{CC}"' in text(response)


# --- creating and editing settings -------------------------------------------------------------


@pytest.mark.parametrize("persona", TEAM)
def test_create_survey_then_land_on_its_builder(request, client_for, persona, program):
    response = client_for(request.getfixturevalue(persona)).post(
        f"{CC}new/", settings_data(), follow=True
    )

    survey = Survey.objects.get()
    assert response.redirect_chain == [(survey_url(survey), 302)]
    assert (survey.title, survey.status, survey.trigger, survey.intro) == (
        "After the first check-in",
        "draft",
        "first_checkin",
        "Two minutes, promised.",
    )
    assert survey.created_by == request.getfixturevalue(persona)
    assert messages_of(response) == ["success: Survey created. Add its questions, then open it."]


def test_create_survey_on_a_date_needs_the_date_and_keeps_the_input(
    client_for, manager_user, program
):
    response = client_for(manager_user).post(
        f"{CC}new/", settings_data(trigger="date", title="Year-end survey")
    )

    assert response.status_code == 200
    assert field_errors(response) == {"send_on": "A survey sent on a date needs that date."}
    assert 'value="Year-end survey"' in text(response)
    assert textarea(response, "intro") == "Two minutes, promised."
    assert Survey.objects.count() == 0


def test_create_survey_closing_before_it_is_sent_is_refused(client_for, manager_user, program):
    response = client_for(manager_user).post(
        f"{CC}new/", settings_data(trigger="date", send_on="2031-05-10", closes_on="2031-05-01")
    )

    assert field_errors(response) == {"closes_on": "A survey closes after the day it is sent."}
    assert Survey.objects.count() == 0


def test_edit_settings_shows_current_values_and_saves(client_for, manager_user, draft):
    client = client_for(manager_user)

    page = client.get(survey_url(draft, "edit"))
    response = client.post(
        survey_url(draft, "edit"), settings_data(title="Kick-off, revised", audience="mentee")
    )

    assert 'value="Kick-off survey"' in text(page)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.audience) == ("Kick-off, revised", "mentee")


def test_edit_settings_refused_by_the_service_shows_why(client_for, manager_user, program, pair):
    survey = SurveyFactory(program=program, title="Halfway check")
    question = SurveyQuestionFactory(survey=survey)
    answered(survey, pair.mentee.person, {question.pk: 4})

    response = client_for(manager_user).post(
        survey_url(survey, "edit"), settings_data(title="Halfway check", trigger="end")
    )

    assert response.status_code == 200
    assert form_errors(response) == [
        "People have already been asked, so when and whom this survey asks can no longer "
        "change. Create a new survey instead."
    ]
    survey.refresh_from_db()
    assert survey.trigger == "first_checkin"


# --- questions ---------------------------------------------------------------------------------


def test_builder_lists_questions_in_order_with_their_actions(client_for, manager_user, draft):
    response = client_for(manager_user).get(survey_url(draft))

    assert response.status_code == 200
    page = text(response)
    assert page.index("First?") < page.index("Second?") < page.index("Third?")
    first, *_ = draft.questions.order_by("order")
    assert f'action="{question_url(first, "delete")}"' in page
    assert f'href="{question_url(first, "edit")}"' in page
    assert by_id(response, "survey-status") == "Draft"


def test_add_question_without_htmx_redirects_to_the_builder(client_for, manager_user, draft):
    response = client_for(manager_user).post(
        survey_url(draft, "questions"), question_data(), follow=True
    )

    assert response.redirect_chain == [(survey_url(draft), 302)]
    added = draft.questions.get(text="How often do you meet?")
    assert (added.kind, added.required, added.choices) == (
        "single",
        True,
        ["Weekly", "Every two weeks", "Monthly"],
    )
    assert texts_in_order(draft)[-1] == "How often do you meet?"
    assert messages_of(response) == ["success: Question added."]


def test_add_question_with_htmx_returns_the_question_list(client_for, manager_user, draft):
    response = client_for(manager_user).post(
        survey_url(draft, "questions"),
        question_data(kind="rating", text="How useful?", choices="", required=""),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert page.lstrip().startswith('<section class="panel" aria-labelledby="questions-heading"')
    assert "How useful?" in page
    added = draft.questions.get(text="How useful?")
    assert (added.kind, added.required, added.choices) == ("rating", False, [])
    # a fresh add form
    assert textarea(response, "choices") == ""


def test_add_choice_question_with_one_option_shows_error_and_keeps_input(
    client_for, manager_user, draft
):
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client_for(manager_user).post(
            survey_url(draft, "questions"),
            question_data(text="Pick one", choices="Only one", help_text="Be honest"),
            **headers,
        )

        assert response.status_code == 200
        assert field_errors(response) == {"choices": "Give at least two options, one per line."}
        assert 'value="Pick one"' in text(response)
        assert 'value="Be honest"' in text(response)
        assert textarea(response, "choices") == "Only one"
    assert draft.questions.count() == 3


def test_add_question_without_text_shows_error(client_for, manager_user, draft):
    response = client_for(manager_user).post(survey_url(draft, "questions"), question_data(text=""))

    assert field_errors(response) == {"text": "This field is required."}
    assert textarea(response, "choices") == "Weekly\nEvery two weeks\nMonthly"


def test_options_of_a_rating_question_are_dropped(client_for, manager_user, draft):
    client_for(manager_user).post(
        survey_url(draft, "questions"), question_data(kind="rating", text="Rate it")
    )

    assert draft.questions.get(text="Rate it").choices == []


def test_edit_question_page_and_save(client_for, manager_user, draft):
    question = draft.questions.get(text="Second?")
    client = client_for(manager_user)

    page = client.get(question_url(question, "edit"))
    response = client.post(
        question_url(question, "edit"),
        {"text": "Second, reworded?", "help_text": "Think of last month", "choices": ""},
    )

    assert page.status_code == 200
    assert f'id="id_q{question.pk}_text"' in text(page)
    assert 'name="kind"' not in text(page)
    assert response.status_code == 302
    assert response.url == survey_url(draft)
    question.refresh_from_db()
    assert (question.text, question.help_text, question.required, question.kind) == (
        "Second, reworded?",
        "Think of last month",
        False,
        "rating",
    )


def test_edit_question_with_htmx_swaps_form_in_its_row_then_the_list(
    client_for, manager_user, draft
):
    question = draft.questions.get(text="Second?")
    client = client_for(manager_user)

    form = client.get(question_url(question, "edit"), HTTP_HX_REQUEST="true")
    saved = client.post(
        question_url(question, "edit"),
        {"text": "Second!", "required": "on", "choices": ""},
        HTTP_HX_REQUEST="true",
    )

    assert text(form).lstrip().startswith("<form")
    assert "<html" not in text(form)
    assert 'hx-target="#questions"' in text(form)
    assert text(saved).lstrip().startswith('<section class="panel"')
    assert "Second!" in text(saved)
    assert "HX-Retarget" not in saved.headers


def test_edit_question_with_htmx_error_stays_in_its_row(client_for, manager_user, draft):
    question = SurveyQuestionFactory(survey=draft, kind="multiple", text="Which?")

    response = client_for(manager_user).post(
        question_url(question, "edit"),
        {"text": "Which ones?", "required": "on", "choices": "Alone"},
        HTTP_HX_REQUEST="true",
    )

    assert response.headers["HX-Retarget"] == f"#question-{question.pk}"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert field_errors(response) == {
        f"q{question.pk}_choices": "Give at least two options, one per line."
    }
    assert 'value="Which ones?"' in text(response)
    question.refresh_from_db()
    assert (question.text, question.choices) == ("Which?", ["Yes", "No"])


def test_delete_question(client_for, manager_user, draft):
    question = draft.questions.get(text="Second?")

    response = client_for(manager_user).post(question_url(question, "delete"), follow=True)

    assert texts_in_order(draft) == ["First?", "Third?"]
    assert messages_of(response) == ["success: Question removed."]


def test_delete_question_with_htmx_returns_the_list(client_for, manager_user, draft):
    question = draft.questions.get(text="First?")

    response = client_for(manager_user).post(
        question_url(question, "delete"), HTTP_HX_REQUEST="true"
    )

    assert "<html" not in text(response)
    assert "First?" not in text(response)
    assert texts_in_order(draft) == ["Second?", "Third?"]


def test_move_question_up_and_down(client_for, manager_user, draft):
    client = client_for(manager_user)
    third = draft.questions.get(text="Third?")
    first = draft.questions.get(text="First?")

    client.post(question_url(third, "move"), {"direction": "up"})
    assert texts_in_order(draft) == ["First?", "Third?", "Second?"]

    response = client.post(
        question_url(first, "move"), {"direction": "down"}, HTTP_HX_REQUEST="true"
    )
    assert texts_in_order(draft) == ["Third?", "First?", "Second?"]
    page = text(response)
    assert page.index("Third?") < page.index("First?") < page.index("Second?")


def test_questions_are_locked_once_answered(client_for, manager_user, program, pair):
    survey = SurveyFactory(program=program)
    question = SurveyQuestionFactory(survey=survey, text="Only?")
    answered(survey, pair.mentee.person, {question.pk: 5})
    client = client_for(manager_user)
    refusal = (
        "People have already answered this survey, so its questions can no longer be added, "
        "changed or removed: their answers were given to these questions."
    )

    added = client.post(survey_url(survey, "questions"), question_data())
    deleted = client.post(question_url(question, "delete"), follow=True)
    moved = client.post(question_url(question, "move"), HTTP_HX_REQUEST="true")

    assert form_errors(added) == [refusal]
    assert messages_of(deleted) == [f"error: {refusal}"]
    assert refusal in by_id(moved, "questions")
    assert texts_in_order(survey) == ["Only?"]


# --- open and close ----------------------------------------------------------------------------


def test_open_then_close_then_reopen(client_for, manager_user, draft):
    client = client_for(manager_user)

    opened = client.post(survey_url(draft, "open"), follow=True)
    draft.refresh_from_db()
    assert draft.status == "open"
    assert messages_of(opened) == [
        "success: The survey is open: participants are asked when its trigger says."
    ]
    assert "Close survey" in text(opened)

    closed = client.post(survey_url(draft, "close"), follow=True)
    draft.refresh_from_db()
    assert draft.status == "closed"
    assert messages_of(closed) == [
        "success: The survey is closed: answers can no longer be given or changed."
    ]
    assert "Reopen survey" in text(closed)

    client.post(survey_url(draft, "open"))
    draft.refresh_from_db()
    assert draft.status == "open"


def test_open_without_questions_is_refused(client_for, manager_user, program):
    empty = SurveyFactory(program=program, status="draft")

    response = client_for(manager_user).post(survey_url(empty, "open"), follow=True)

    assert messages_of(response) == ["error: Add at least one question before opening the survey."]
    empty.refresh_from_db()
    assert empty.status == "draft"


def test_close_a_draft_is_refused(client_for, manager_user, draft):
    response = client_for(manager_user).post(survey_url(draft, "close"), follow=True)

    assert messages_of(response) == ["error: This survey is draft; it cannot become closed."]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_open_and_close_need_post(client_for, manager_user, draft):
    client = client_for(manager_user)

    assert client.get(survey_url(draft, "open")).status_code == 405
    assert client.get(survey_url(draft, "close")).status_code == 405
    assert client.get(survey_url(draft, "questions")).status_code == 405
