"""The mentee's "For you" page and the pair's assigned resources (assign, mark done, rate)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorpath.core.forms import submit
from mentorpath.learning import assignments
from mentorpath.learning.forms_personal import AssignForm, DoneForm
from mentorpath.learning.recommendations import RESOURCE, recommendations_for
from mentorpath.mentoring.enums import RUNNING_MENTORSHIP, STARTED_MENTORSHIP
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.permissions import own_person

PANEL = "learning/personal/pair_panel.html"


@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    """Resources and paths ranked by the viewer's own gaps, each with its reasons."""
    person = own_person(request.user)
    ranked = recommendations_for(person=person)
    return render(
        request,
        "learning/personal/for_you.html",
        {
            "resources": [r for r in ranked if r.kind == RESOURCE],
            "paths": [r for r in ranked if r.kind != RESOURCE],
            "has_skills": person.skills.filter(wants_to_learn=True).exists(),
        },
    )


def pair_panel_context(
    mentorship: Mentorship, side: str | None, form: AssignForm | None = None
) -> dict[str, Any]:
    """What the pair's assigned-resources panel shows to one side of the pair (or a manager)."""
    can_assign = side == "mentor" and mentorship.status in RUNNING_MENTORSHIP
    return {
        "mentorship": mentorship,
        "side": side,
        "assignments": list(assignments.assignments_of(mentorship=mentorship)),
        "assign_form": (form or AssignForm(mentorship=mentorship)) if can_assign else None,
        "can_mark": side == "mentee" and mentorship.status in STARTED_MENTORSHIP,
        "rating_choices": range(1, 6),
    }


def _panel(
    request: HttpRequest, mentorship: Mentorship, side: str | None, **extra: Any
) -> HttpResponse:
    form = extra.pop("form", None)
    status = 400 if form is not None and form.errors else 200
    context = {**pair_panel_context(mentorship, side, form), **extra}
    template = f"{PANEL}#panel" if request.htmx else "learning/personal/pair_page.html"
    return render(request, template, context, status=status)


def _back(mentorship: Mentorship) -> HttpResponse:
    return redirect(reverse("mentoring:detail", args=[mentorship.pk]) + "#learning")


@login_required
def pair_assignments(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the pair's assigned resources. POST: the mentor assigns one with a note."""
    mentorship, side = assignments.get_pair_for_assignments(request.user, pk)
    if request.method != "POST":
        return _panel(request, mentorship, side)
    mentor = assignments.require_side(mentorship, request.user, "mentor")
    form = AssignForm(request.POST, mentorship=mentorship)
    made = submit(
        form,
        lambda data: assignments.assignment_create(
            mentorship=mentorship, mentor=mentor, resource=data["resource"], note=data["note"]
        ),
    )
    if made is None:
        return _panel(request, mentorship, side, form=form)
    if request.htmx:
        return _panel(request, mentorship, side, notice=f"“{made.resource.title}” assigned.")
    messages.success(request, f"“{made.resource.title}” assigned.")
    return _back(mentorship)


@login_required
@require_POST
def assignment_done(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """The mentee marks an assigned resource done, with an optional usefulness rating."""
    assignment, side = assignments.get_assignment_for(request.user, pk, assignment_pk)
    mentorship = assignment.mentorship
    mentee = assignments.require_side(mentorship, request.user, "mentee")
    form = DoneForm(request.POST)
    done = submit(
        form,
        lambda data: assignments.assignment_done(
            assignment=assignment, mentee=mentee, rating=data["rating"]
        ),
    )
    if done is None:
        message = " ".join(" ".join(errors) for errors in form.errors.values())
        if request.htmx:
            return _panel(request, mentorship, side, error=message)
        messages.error(request, message)
        return _back(mentorship)
    notice = f"“{done.resource.title}” marked done" + (
        f", rated {done.rating} of 5." if done.rating else "."
    )
    if request.htmx:
        return _panel(request, mentorship, side, notice=notice)
    messages.success(request, notice)
    return _back(mentorship)
