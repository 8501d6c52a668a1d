"""Survey results: the page (figures, charts with their data and table fallbacks, free text only
from 5 answers and never with a name), executives' suppressed copy, and the CSV that carries
the same numbers."""

import csv
import io
import json
import re

import pytest
from django.test import Client

from mentorpath.feedback import queries
from tests.factories import PersonFactory
from tests.factories.feedback import SurveyResponseFactory, answered
from tests.feedback.pages import by_id, kitchen_sink, questions_of, text

pytestmark = pytest.mark.django_db

SUPPRESSED = "Fewer than 5 answers — hidden to protect anonymity."


@pytest.fixture
def survey(program):
    return kitchen_sink(program)


def url(survey, suffix: str = "results/") -> str:
    return f"/feedback/surveys/{survey.pk}/{suffix}"


def csv_url(survey) -> str:
    return url(survey, "results.csv")


ANSWER_SETS = [
    (5, 10, "Weekly", ["Career", "Skills"], "More time together."),
    (4, 9, "Weekly", ["Career"], "A shared agenda."),
    (4, 7, "Monthly", ["Network"], ""),
    (2, 3, "Monthly", ["Skills", "Network"], "Meet in person."),
    (3, 9, "Weekly", ["Career"], "Nothing, it is great."),
    (5, 6, "Weekly", ["Career", "Network"], "Fewer cancellations."),
]


def answer_many(survey, count: int) -> list[str]:
    """`count` people answer (from ANSWER_SETS, in order); returns their names."""
    q = questions_of(survey)
    names = []
    for index, (rating, nps, single, multiple, written) in enumerate(ANSWER_SETS[:count]):
        person = PersonFactory(first_name="Zelda", last_name=f"Quartermain{index}")
        answers = {
            q["rating"].pk: rating,
            q["nps"].pk: nps,
            q["single"].pk: single,
            q["multiple"].pk: multiple,
        }
        if written:
            answers[q["text"].pk] = written
        answered(survey, person, answers)
        names.append(person.full_name)
    return names


def chart_data(response, question) -> dict:
    match = re.search(
        rf'<script id="chart-{question.pk}" type="application/json">(.*?)</script>',
        text(response),
        re.S,
    )
    assert match is not None, f"no chart data for question {question.pk}"
    return json.loads(match.group(1))


def table_rows(response, question) -> list[tuple[str, int]]:
    match = re.search(rf'<table id="table-{question.pk}">(.*?)</table>', text(response), re.S)
    assert match is not None
    rows = re.findall(r'<th scope="row">([^<]*)</th><td>(\d+)</td>', match.group(1))
    return [(label, int(count)) for label, count in rows]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- who may read ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(survey):
    for path in (url(survey), csv_url(survey)):
        response = Client().get(path)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["manager_user", "admin_user", "executive_user"])
def test_team_and_executives_read_results(request, client_for, persona, survey):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url(survey)).status_code == 200
    assert client.get(csv_url(survey)).status_code == 200


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "outsider_user"])
def test_participants_and_outsiders_get_404(request, client_for, persona, survey):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url(survey)).status_code == 404
    assert client.get(csv_url(survey)).status_code == 404


def test_unknown_survey_is_404(client_for, manager_user):
    assert client_for(manager_user).get("/feedback/surveys/999999/results/").status_code == 404


# --- the page ----------------------------------------------------------------------------------


def test_results_show_figures_charts_and_tables(client_for, manager_user, survey, pair):
    answer_many(survey, 6)
    SurveyResponseFactory(survey=survey, person=pair.mentee.person)  # asked, not answered
    q = questions_of(survey)

    response = client_for(manager_user).get(url(survey))

    assert (by_id(response, "asked"), by_id(response, "respondents")) == ("7", "6")
    assert by_id(response, "response-rate") == "85.7%"
    rating = chart_data(response, q["rating"])
    assert rating == {
        "labels": ["1", "2", "3", "4", "5"],
        "datasets": [{"label": "Answers", "data": [0, 1, 1, 2, 2]}],
        "unit": "answers",
        "integers": True,
    }
    assert table_rows(response, q["rating"]) == [("1", 0), ("2", 1), ("3", 1), ("4", 2), ("5", 2)]
    assert "average <strong>3.83</strong>" in text(response)
    assert chart_data(response, q["multiple"])["labels"] == ["Career", "Skills", "Network"]
    assert chart_data(response, q["multiple"])["datasets"][0]["data"] == [4, 2, 3]
    # NPS: promoters 10, 9, 9 (3), detractors 3, 6 (2) of 6 → 16.7
    assert by_id(response, f"nps-{q['nps'].pk}") == "17"
    page = text(response)
    for question in q.values():
        if question.kind != "text":
            assert f'<canvas data-chart="chart-{question.pk}" data-kind="bar" role="img"' in page
            assert f'aria-describedby="table-{question.pk}"' in page
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>' in page
    assert '<script src="/static/js/charts.js" defer></script>' in page


def test_free_text_shown_from_five_answers_without_names(client_for, manager_user, survey):
    names = answer_many(survey, 6)

    response = client_for(manager_user).get(url(survey))

    page = text(response)
    for written in ("More time together.", "A shared agenda.", "Meet in person."):
        assert written in page
    for name in names:
        assert name not in page
    assert "Quartermain" not in page


def test_free_text_hidden_below_five_answers(client_for, manager_user, survey):
    answer_many(survey, 4)  # three of them wrote something

    response = client_for(manager_user).get(url(survey))

    assert "More time together." not in text(response)
    assert (
        "Written answers are shown once at least 5 people have answered, so that no one can be "
        "recognised." in text(response)
    )
    # the figures are shown to the team all the same
    assert SUPPRESSED not in text(response)
    assert chart_data(response, questions_of(survey)["rating"])["datasets"][0]["data"] == [
        0,
        1,
        0,
        2,
        1,
    ]


def test_executives_see_fewer_than_five_answers_suppressed(client_for, executive_user, survey):
    answer_many(survey, 4)

    response = client_for(executive_user).get(url(survey))

    page = text(response)
    assert page.count(SUPPRESSED) == 1 + 5  # the survey and each of its questions
    assert "<canvas" not in page
    assert 'type="application/json"' not in page
    assert "More time together." not in page
    assert "average" not in page


def test_executives_see_figures_from_five_answers_but_never_text(
    client_for, executive_user, survey
):
    answer_many(survey, 6)
    q = questions_of(survey)

    response = client_for(executive_user).get(url(survey))

    page = text(response)
    assert SUPPRESSED not in page
    assert chart_data(response, q["rating"])["datasets"][0]["data"] == [0, 1, 1, 2, 2]
    assert "More time together." not in page
    assert "Written answers are shown to the program team only." in page


def test_results_with_no_answers(client_for, manager_user, survey):
    response = client_for(manager_user).get(url(survey))

    assert response.status_code == 200
    assert (by_id(response, "asked"), by_id(response, "respondents")) == ("0", "0")
    assert by_id(response, "response-rate") == "—"


# --- the CSV -----------------------------------------------------------------------------------


def test_csv_has_the_same_numbers_as_the_results(client_for, manager_user, survey):
    answer_many(survey, 6)
    results = queries.survey_results(survey=survey, viewer_is_executive=False)

    response = client_for(manager_user).get(csv_url(survey))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="halfway-check-results.csv"'
    rows = csv_rows(response)
    assert rows[0] == ["question", "option", "count", "average"]
    expected = []
    for question in results.questions:
        for label, count in question.distribution:
            expected.append([question.text, label, str(count), ""])
        average = "" if question.average is None else f"{question.average:g}"
        expected.append([question.text, "All answers", str(question.answered), average])
        if question.kind == "nps":
            expected.append([question.text, "Net Promoter Score", "6", f"{question.nps:g}"])
    assert rows[1:] == expected
    rating = [row for row in rows if row[0] == "How useful is your mentoring?"]
    assert rating == [
        ["How useful is your mentoring?", "1", "0", ""],
        ["How useful is your mentoring?", "2", "1", ""],
        ["How useful is your mentoring?", "3", "1", ""],
        ["How useful is your mentoring?", "4", "2", ""],
        ["How useful is your mentoring?", "5", "2", ""],
        ["How useful is your mentoring?", "All answers", "6", "3.83"],
    ]
    assert ["Would you recommend the program?", "Net Promoter Score", "6", "16.7"] in rows
    assert ["What could be better?", "All answers", "5", ""] in rows
    assert "More time together." not in response.content.decode()


def test_csv_counts_equal_the_chart_counts(client_for, manager_user, survey):
    answer_many(survey, 5)
    client = client_for(manager_user)
    page = client.get(url(survey))
    rows = csv_rows(client.get(csv_url(survey)))

    for question in survey.questions.exclude(kind="text"):
        chart = chart_data(page, question)
        from_csv = [
            (row[1], int(row[2]))
            for row in rows[1:]
            if row[0] == question.text and row[1] not in ("All answers", "Net Promoter Score")
        ]
        assert from_csv == list(zip(chart["labels"], chart["datasets"][0]["data"], strict=True))
        assert from_csv == table_rows(page, question)


def test_csv_for_executives_is_suppressed_below_five(client_for, executive_user, survey):
    answer_many(survey, 3)

    rows = csv_rows(client_for(executive_user).get(csv_url(survey)))

    assert rows[1:] == [[question.text, SUPPRESSED, "", ""] for question in survey.questions.all()]


def test_csv_cells_never_start_a_formula(client_for, manager_user, program):
    from tests.factories.feedback import SurveyFactory, SurveyQuestionFactory

    survey = SurveyFactory(program=program, title="=cmd")
    SurveyQuestionFactory(survey=survey, kind="single", text="=1+1", choices=["@SUM", "-2"])

    rows = csv_rows(client_for(manager_user).get(csv_url(survey)))

    assert rows[1:] == [
        ["'=1+1", "'@SUM", "0", ""],
        ["'=1+1", "'-2", "0", ""],
        ["'=1+1", "All answers", "0", ""],
    ]
