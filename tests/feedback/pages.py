"""Helpers shared by the feedback page tests: reading pages and building surveys."""

import html
import re

from django.http import HttpResponse

from mentorpath.feedback.models import Survey, SurveyQuestion
from mentorpath.programs.models import Program
from tests.factories.feedback import SurveyFactory, SurveyQuestionFactory

PARTICIPANTS = ["mentor_user", "mentee_user"]
TEAM = ["manager_user", "admin_user"]


def text(response: HttpResponse) -> str:
    return response.content.decode()


def messages_of(response: HttpResponse) -> list[str]:
    found = re.findall(r'class="message message-(\w+)">([^<]*)</li>', text(response))
    return [f"{kind}: {html.unescape(body)}" for kind, body in found]


def field_errors(response: HttpResponse) -> dict[str, str]:
    found = re.findall(r'<p class="error" id="id_(\w+)_error">([^<]*)</p>', text(response))
    return {name: html.unescape(body) for name, body in found}


def form_errors(response: HttpResponse) -> list[str]:
    block = re.search(r'id="form-errors">(.*?)</div>', text(response), re.S)
    found = [] if block is None else re.findall(r"<li>([^<]*)</li>", block.group(1))
    return [html.unescape(body) for body in found]


def by_id(response: HttpResponse, element_id: str) -> str:
    """The text inside the element with that id (tags removed, spaces collapsed)."""
    pattern = rf'<(\w+)[^>]*\sid="{element_id}"[^>]*>(.*?)</\1>'
    match = re.search(pattern, text(response), re.S)
    assert match is not None, f"no #{element_id} on the page"
    inner = re.sub(r"<[^>]+>", " ", match.group(2))
    return " ".join(html.unescape(inner).split())


def checked(response: HttpResponse, name: str) -> list[str]:
    """The values of the checked radio buttons / checkboxes named `name`."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', text(response))
    return [
        re.search(r'value="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
        for tag in inputs
        if " checked" in tag
    ]


def textarea(response: HttpResponse, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', text(response), re.S)
    assert match is not None, f"no textarea {name}"
    return html.unescape(match.group(1)).strip()


def kitchen_sink(program: Program, **fields: object) -> Survey:
    """An open survey with one question of each kind (all required except the text)."""
    survey = SurveyFactory(program=program, title="Halfway check", **fields)
    SurveyQuestionFactory(survey=survey, kind="rating", text="How useful is your mentoring?")
    SurveyQuestionFactory(survey=survey, kind="nps", text="Would you recommend the program?")
    SurveyQuestionFactory(
        survey=survey, kind="single", text="How often do you meet?", choices=["Weekly", "Monthly"]
    )
    SurveyQuestionFactory(
        survey=survey,
        kind="multiple",
        text="What did you work on?",
        choices=["Career", "Skills", "Network"],
    )
    SurveyQuestionFactory(survey=survey, kind="text", text="What could be better?", required=False)
    return survey


def questions_of(survey: Survey) -> dict[str, SurveyQuestion]:
    """The survey's questions by kind (one per kind in `kitchen_sink`)."""
    return {question.kind: question for question in survey.questions.all()}
