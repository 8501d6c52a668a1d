"""Feedback pages: the survey builder, answering a survey, the check-in pulse, skill ratings
and survey results (page, charts, CSV)."""

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.forms import submit
from mentorpath.core.htmx import partial_or_page
from mentorpath.exports.services import export_started
from mentorpath.feedback import permissions, queries, services
from mentorpath.feedback.enums import (
    AssessmentPhase,
    RaterRole,
    SurveyQuestionKind,
    SurveyStatus,
)
from mentorpath.feedback.forms import (
    AnswerForm,
    PulseForm,
    QuestionForm,
    SkillRatingForm,
    SurveyForm,
)
from mentorpath.feedback.models import Survey, SurveyQuestion
from mentorpath.mentoring.permissions import get_mentorship_for, participant_side
from mentorpath.people.permissions import own_person
from mentorpath.programs.permissions import can_manage_program, get_program_for

SUPPRESSED = "Fewer than 5 answers — hidden to protect anonymity."

# ---------------------------------------------------------------------------------------------
# Helpers


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> str | None:
    """Run a service for a POST without a form. Returns the refusal's text, or None when it
    succeeded; for a full page the outcome is also left as a message."""
    try:
        action()
    except ApplicationError as error:
        if not request.htmx:
            messages.error(request, _refusal(error))
        return _refusal(error)
    if not request.htmx:
        messages.success(request, success)
    return None


def _posted(request: HttpRequest) -> Any:
    """The POST data of a POST (bound even when empty, so an empty post shows the errors)."""
    return request.POST if request.method == "POST" else None


def _question_of(survey: Survey, question_pk: int) -> SurveyQuestion:
    question = survey.questions.filter(pk=question_pk).first()
    if question is None:
        raise Http404("No such question.")
    question.survey = survey
    return question


# ---------------------------------------------------------------------------------------------
# Survey builder (program managers and organization admins)


@login_required
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    """A program's surveys with how many were asked and answered. Executives read the list
    to reach the results; only the program team builds."""
    program = get_program_for(request.user, slug)
    manages = can_manage_program(request.user, program)
    if not manages and not request.user.is_executive:
        raise PermissionDenied("Only this program's managers can do that.")
    return render(
        request,
        "feedback/surveys.html",
        {
            "program": program,
            "surveys": queries.surveys_of_program(program=program),
            "manages": manages,
        },
    )


@login_required
def survey_new(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    form = SurveyForm(_posted(request))
    if request.method == "POST":
        survey = submit(
            form,
            lambda data: services.survey_create(program=program, by=request.user, **data),
        )
        if survey is not None:
            messages.success(request, "Survey created. Add its questions, then open it.")
            return redirect("feedback:survey", pk=survey.pk)
    return render(request, "feedback/survey_form.html", {"program": program, "form": form})


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = permissions.get_survey_for(request.user, pk, manage=True)
    form = SurveyForm(_posted(request), initial=SurveyForm.initial_of(survey))
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.survey_update(survey=survey, by=request.user, **data)
        )
        if saved is not None:
            messages.success(request, "Survey settings saved.")
            return redirect("feedback:survey", pk=pk)
    return render(
        request,
        "feedback/survey_form.html",
        {"program": survey.program, "form": form, "survey": survey},
    )


def _builder(
    request: HttpRequest,
    survey: Survey,
    *,
    question_form: QuestionForm | None = None,
    error: str | None = None,
) -> HttpResponse:
    """The builder page, or its question list (with the add form) for htmx."""
    context = {
        "survey": survey,
        "program": survey.program,
        "questions": list(survey.questions.all()),
        "question_form": question_form or QuestionForm(),
        "error": error,
        "can_open": survey.status != SurveyStatus.OPEN,
        "can_close": survey.status == SurveyStatus.OPEN,
    }
    return render(request, partial_or_page(request, "feedback/builder.html", "questions"), context)


@login_required
def survey_builder(request: HttpRequest, pk: int) -> HttpResponse:
    survey = permissions.get_survey_for(request.user, pk, manage=True)
    return _builder(request, survey)


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = permissions.get_survey_for(request.user, pk, manage=True)
    form = QuestionForm(request.POST)
    added = submit(
        form,
        lambda data: services.question_add(
            survey=survey,
            kind=data["kind"],
            text=data["text"],
            required=data["required"],
            choices=data["choices"],
            help_text=data["help_text"],
        ),
    )
    if added is None:
        return _builder(request, survey, question_form=form)
    if not request.htmx:
        messages.success(request, "Question added.")
        return redirect("feedback:survey", pk=pk)
    return _builder(request, survey)


@login_required
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """A question's own form: a page, or (htmx) the form swapped into the question's row."""
    survey = permissions.get_survey_for(request.user, pk, manage=True)
    question = _question_of(survey, question_pk)
    form = QuestionForm(
        _posted(request),
        kind=question.kind,
        initial=QuestionForm.initial_of(question),
        auto_id=f"id_q{question.pk}_%s",  # unique ids beside the add form on the builder
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.question_update(
                question=question,
                text=data["text"],
                required=data["required"],
                choices=data["choices"],
                help_text=data["help_text"],
            ),
        )
        if saved is not None:
            if request.htmx:
                return _builder(request, survey)
            messages.success(request, "Question saved.")
            return redirect("feedback:survey", pk=pk)
    context = {"survey": survey, "program": survey.program, "question": question, "form": form}
    response = render(
        request, partial_or_page(request, "feedback/question_form.html", "form"), context
    )
    if request.htmx and request.method == "POST":
        # the form posts to replace the whole list; with errors it stays in its row
        response = reswap(retarget(response, f"#question-{question.pk}"), "innerHTML")
    return response


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = permissions.get_survey_for(request.user, pk, manage=True)
    question = _question_of(survey, question_pk)
    error = _act(request, lambda: services.question_delete(question=question), "Question removed.")
    if request.htmx:
        return _builder(request, survey, error=error)
    return redirect("feedback:survey", pk=pk)


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = permissions.get_survey_for(request.user, pk, manage=True)
    question = _question_of(survey, question_pk)
    up = request.POST.get("direction") != "down"
    error = _act(
        request,
        lambda: services.question_move(question=question, up=up),
        "Question moved up." if up else "Question moved down.",
    )
    if request.htmx:
        return _builder(request, survey, error=error)
    return redirect("feedback:survey", pk=pk)


@login_required
@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    survey = permissions.get_survey_for(request.user, pk, manage=True)
    _act(
        request,
        lambda: services.survey_open(survey=survey, by=request.user),
        "The survey is open: participants are asked when its trigger says.",
    )
    return redirect("feedback:survey", pk=pk)


@login_required
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = permissions.get_survey_for(request.user, pk, manage=True)
    _act(
        request,
        lambda: services.survey_close(survey=survey, by=request.user),
        "The survey is closed: answers can no longer be given or changed.",
    )
    return redirect("feedback:survey", pk=pk)


# ---------------------------------------------------------------------------------------------
# Answering (the person asked)


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    return render(
        request,
        "feedback/mine.html",
        {
            "pending": queries.responses_pending_for(person=person),
            "responses": queries.responses_of(person=person),
        },
    )


def _given(form: AnswerForm) -> list[tuple[SurveyQuestion, str]]:
    """Each question with the stored answer in words, for the read-only view."""
    rows = []
    for question in form.questions:
        value = form.initial.get(f"q{question.pk}")
        if value in (None, "", []):
            shown = "—"
        elif isinstance(value, list):
            shown = ", ".join(str(option) for option in value)
        elif question.kind == SurveyQuestionKind.RATING:
            shown = f"{value} / 5"
        elif question.kind == SurveyQuestionKind.NPS:
            shown = f"{value} / 10"
        else:
            shown = str(value)
        rows.append((question, shown))
    return rows


@login_required
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's survey: answer, then change the answers until the survey closes."""
    response = permissions.get_response_for(request.user, pk)
    survey = response.survey
    questions = list(survey.questions.all())
    initial = AnswerForm.initial_of(response.answers.all(), questions)
    closed_reason = queries.survey_closed_reason(survey)
    is_open = not closed_reason
    if request.method == "POST":
        form = AnswerForm(request.POST, questions=questions)
        if not is_open:
            messages.error(request, closed_reason)
            return redirect("feedback:respond", pk=pk)
        saved = submit(
            form, lambda data: services.survey_answer(response=response, answers=form.answers())
        )
        if saved is not None:
            messages.success(
                request,
                "Thank you: your answers are saved. You can change them until the survey closes.",
            )
            return redirect("feedback:respond", pk=pk)
    else:
        form = AnswerForm(initial=initial, questions=questions)
    return render(
        request,
        "feedback/respond.html",
        {
            "response": response,
            "survey": survey,
            "form": form,
            "is_open": is_open,
            "closed_reason": closed_reason,
            "given": [] if is_open else _given(AnswerForm(initial=initial, questions=questions)),
        },
    )


# ---------------------------------------------------------------------------------------------
# Pulse: one question after a held check-in


@login_required
def pulse(request: HttpRequest, checkin_pk: int) -> HttpResponse:
    """ "How useful was this check-in?" for the pair's two people (404 for anyone else).

    A GET never writes: the email's links (`?rating=4`) only preselect the answer, and
    feedback.js submits that form once, so mail scanners that open links record nothing.
    """
    checkin = permissions.get_pulse_checkin_for(request.user, checkin_pk)
    person = own_person(request.user)
    existing = queries.pulse_of(checkin=checkin, person=person)
    template = partial_or_page(request, "feedback/pulse.html", "widget")
    context: dict[str, Any] = {"checkin": checkin, "mentorship": checkin.mentorship}
    if request.method == "POST":
        form = PulseForm(request.POST)
        saved = submit(
            form,
            lambda data: services.pulse_record(
                checkin=checkin, person=person, rating=data["rating"], comment=data["comment"]
            ),
        )
        if saved is not None:
            if request.htmx:
                return render(request, template, {**context, "pulse": saved})
            messages.success(request, f"Thank you: you rated this check-in {saved.rating}/5.")
            return redirect("feedback:pulse", checkin_pk=checkin_pk)
        return render(request, template, {**context, "form": form, "pulse": existing})
    link_rating = PulseForm.rating_from(request.GET.get("rating"))
    changing = request.GET.get("change") == "1"
    if existing is not None and not changing and link_rating in (None, existing.rating):
        return render(request, template, {**context, "pulse": existing})
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {"rating": existing.rating, "comment": existing.comment}
    if link_rating is not None:
        initial["rating"] = link_rating
    context.update(
        form=PulseForm(initial=initial),
        pulse=existing,
        autosubmit=f"pulse-{checkin.pk}-{link_rating}" if link_rating is not None else "",
    )
    return render(request, template, context)


# ---------------------------------------------------------------------------------------------
# Skill ratings at the start and the end of a pair


@login_required
def skills(request: HttpRequest, pair_pk: int, phase: str) -> HttpResponse:
    """The mentee rates themselves on each goal skill; the mentor may rate the mentee too."""
    if phase not in AssessmentPhase.values:
        raise Http404("No such phase.")
    mentorship = get_mentorship_for(request.user, pair_pk)
    side = participant_side(mentorship, request.user)
    if side is None:
        raise PermissionDenied("Only the mentor and the mentee of this pair rate skills.")
    person = own_person(request.user)
    rater_role = RaterRole.SELF if side == "mentee" else RaterRole.MENTOR
    goal_skills = list(queries.goal_skills_of(mentorship=mentorship))
    stored = {
        assessment.skill_id: assessment.level
        for assessment in queries.assessments_of(mentorship=mentorship, rater_role=rater_role)
        if assessment.phase == phase
    }
    form = SkillRatingForm(
        _posted(request), skills=goal_skills, initial=SkillRatingForm.initial_of(stored)
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.skill_assessment_record(
                mentorship=mentorship, rater=person, phase=phase, levels=form.levels()
            ),
        )
        if saved is not None:
            messages.success(request, "Skill ratings saved.")
            return redirect("feedback:skills", pair_pk=pair_pk, phase=phase)
    return render(
        request,
        "feedback/skills.html",
        {
            "mentorship": mentorship,
            "side": side,
            "phase": phase,
            "phase_label": AssessmentPhase(phase).label,
            "other_phase": AssessmentPhase.END
            if phase == AssessmentPhase.START
            else AssessmentPhase.START,
            "form": form,
            "rated": bool(stored),
        },
    )


# ---------------------------------------------------------------------------------------------
# Results


def _results_for(request: HttpRequest, pk: int) -> tuple[Survey, Any]:
    survey = permissions.get_survey_for(request.user, pk)
    if not permissions.can_view_results(request.user, survey):
        raise PermissionDenied("Only the program team and executives read survey results.")
    results = queries.survey_results(
        survey=survey, viewer_is_executive=bool(request.user.is_executive)
    )
    return survey, results


def chart_of(question: Any) -> dict[str, Any] | None:
    """The charts.js data of one question's results: its distribution as bars."""
    if question.suppressed or not question.distribution:
        return None
    return {
        "labels": [str(label) for label, _ in question.distribution],
        "datasets": [{"label": "Answers", "data": [count for _, count in question.distribution]}],
        "unit": "answers",
        "integers": True,
    }


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey, result = _results_for(request, pk)
    rows = [
        {
            "number": index,
            "question": question,
            "kind_label": SurveyQuestionKind(question.kind).label,
            "chart": chart_of(question),
            "chart_id": f"chart-{question.question_id}",
        }
        for index, question in enumerate(result.questions, start=1)
    ]
    return render(
        request,
        "feedback/results.html",
        {
            "survey": survey,
            "program": survey.program,
            "results": result,
            "rows": rows,
            "suppressed_text": SUPPRESSED,
            "manages": can_manage_program(request.user, survey.program),
        },
    )


def _cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def results_rows(result: Any) -> list[list[object]]:
    """The CSV's rows: for each question one row per option (its count), then the question's
    number of answers with its average; NPS questions add their score. Suppressed questions
    say so and give no figures."""
    rows: list[list[object]] = []
    for question in result.questions:
        if question.suppressed:
            rows.append([question.text, SUPPRESSED, "", ""])
            continue
        for label, count in question.distribution:
            rows.append([question.text, str(label), count, ""])
        rows.append([question.text, "All answers", question.answered, _figure(question.average)])
        if question.kind == SurveyQuestionKind.NPS and question.nps is not None:
            rows.append(
                [question.text, "Net Promoter Score", question.answered, _figure(question.nps)]
            )
    return rows


@login_required
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey, result = _results_for(request, pk)
    export_started(
        user=request.user,  # type: ignore[arg-type]
        dataset="feedback.survey_results",
        format="csv",
        filters={"survey": survey.pk},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(survey.title) or f"survey-{survey.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-results.csv"'
    writer = csv.writer(response)
    writer.writerow(["question", "option", "count", "average"])
    for row in results_rows(result):
        writer.writerow([_cell(value) for value in row])
    return response
