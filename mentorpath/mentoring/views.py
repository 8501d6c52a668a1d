from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.forms import submit
from mentorpath.matching.queries import requests_for_mentor
from mentorpath.mentoring.forms import EndForm
from mentorpath.mentoring.permissions import get_mentorship_for
from mentorpath.mentoring.queries import mentorships_of
from mentorpath.mentoring.services import mentorship_end, mentorship_respond
from mentorpath.people.permissions import own_person
from mentorpath.programs.permissions import can_manage_program


@login_required
def my_mentorships(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    return render(
        request,
        "mentoring/list.html",
        {
            "mentorships": mentorships_of(person=person),
            "person": person,
            "requests": requests_for_mentor(person=person),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = getattr(request.user, "person", None)
    side = None
    if person is not None:
        if mentorship.mentor.person_id == person.pk:
            side = "mentor"
        elif mentorship.mentee.person_id == person.pk:
            side = "mentee"
    answered = (side == "mentor" and mentorship.mentor_accepted_at) or (
        side == "mentee" and mentorship.mentee_accepted_at
    )
    return render(
        request,
        "mentoring/detail.html",
        {
            "mentorship": mentorship,
            "side": side,
            "answered": bool(answered),
            "manages": can_manage_program(request.user, mentorship.program),
            "end_form": EndForm(),
        },
    )


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = own_person(request.user)
    accept = request.POST.get("answer") == "accept"
    try:
        mentorship = mentorship_respond(mentorship=mentorship, person=person, accept=accept)
    except ApplicationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not accept:
            messages.success(request, "You declined this pairing. The program team will follow up.")
        elif mentorship.status == "active":
            messages.success(request, "You both accepted: your mentorship has started.")
        else:
            messages.success(
                request, "You accepted. We will let you know when the other side does."
            )
    return redirect("mentoring:detail", pk=pk)


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    form = EndForm(request.POST)
    ended = submit(
        form,
        lambda data: mentorship_end(
            mentorship=mentorship, reason=data["reason"], note=data["note"], by=request.user
        ),
    )
    if ended is None:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        messages.success(request, "The mentorship has ended.")
    return redirect("mentoring:detail", pk=pk)
