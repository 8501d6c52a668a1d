from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.forms import submit
from mentorpath.matching.queries import requests_for_mentor
from mentorpath.mentoring import queries, services
from mentorpath.mentoring.catalog import agenda_template, agreement_sections, goal_templates
from mentorpath.mentoring.enums import CheckInStatus, EndReason
from mentorpath.mentoring.forms import (
    AgreementTemplateForm,
    CheckInForm,
    EndForm,
    GoalForm,
    GoalUpdateForm,
    MilestoneForm,
    NoteForm,
    PauseForm,
    RecordForm,
    RhythmForm,
)
from mentorpath.mentoring.models import AgreementTemplate, Mentorship
from mentorpath.mentoring.permissions import (
    get_checkin_for,
    get_goal_for,
    get_mentorship_for,
    participant_side,
)
from mentorpath.people.models import Person
from mentorpath.people.permissions import own_person
from mentorpath.programs.permissions import can_manage_program, get_program_for


@login_required
def my_mentorships(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    return render(
        request,
        "mentoring/list.html",
        {
            "mentorships": queries.mentorships_of(person=person),
            "person": person,
            "requests": requests_for_mentor(person=person),
        },
    )


def _participant(request: HttpRequest, mentorship: Mentorship) -> Person:
    """The viewer's person when they are in the pair; managers looking on are refused."""
    if participant_side(mentorship, request.user) is None:
        raise PermissionDenied("Only the mentor and the mentee of this pair can do that.")
    return own_person(request.user)


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service for a POST without a form; show its refusal as a message."""
    try:
        action()
    except ApplicationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def _form_errors_as_messages(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@login_required
def detail(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    """The pair home: next check-in, agreement, goals, notes and history."""
    mentorship = get_mentorship_for(request.user, pk)
    side = participant_side(mentorship, request.user)
    person = own_person(request.user) if side else None
    checkins = list(queries.checkins_of(mentorship=mentorship))
    now = timezone.now()
    upcoming = [c for c in checkins if c.status == CheckInStatus.SCHEDULED and c.ends_at >= now]
    to_record = [c for c in checkins if c.status == CheckInStatus.SCHEDULED and c.ends_at < now]
    history = [c for c in reversed(checkins) if c.status != CheckInStatus.SCHEDULED]
    held_minutes = sum(c.held_minutes or 0 for c in checkins)
    answered = (side == "mentor" and mentorship.mentor_accepted_at) or (
        side == "mentee" and mentorship.mentee_accepted_at
    )
    agreement = getattr(mentorship, "agreement", None)
    context = {
        "mentorship": mentorship,
        "side": side,
        "viewer": person,
        "answered": bool(answered),
        "manages": can_manage_program(request.user, mentorship.program),
        "agreement": agreement,
        "my_ack": agreement is not None
        and side is not None
        and getattr(agreement, f"{side}_acknowledged_at") is not None,
        "upcoming": upcoming,
        "to_record": to_record,
        "history": history,
        "held_count": sum(c.status == CheckInStatus.HELD for c in checkins),
        "held_hours": round(held_minutes / 60, 1),
        "goals": queries.goals_of(mentorship=mentorship),
        "notes": queries.notes_visible_to(mentorship=mentorship, person=person)[:20],
        "muted": side is not None and mentorship.mutes.filter(user=request.user).exists(),
        "end_form": forms.get("end_form") or EndForm(),
        "pause_form": PauseForm(),
        "rhythm_form": forms.get("rhythm_form")
        or RhythmForm(initial={"rhythm_days": agreement.rhythm_days if agreement else 14}),
        "note_form": forms.get("note_form") or NoteForm(),
    }
    return render(request, "mentoring/detail.html", context)


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = own_person(request.user)
    accept = request.POST.get("answer") == "accept"
    try:
        mentorship = services.mentorship_respond(
            mentorship=mentorship, person=person, accept=accept
        )
    except ApplicationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not accept:
            messages.success(request, "You declined this pairing. The program team will follow up.")
        elif mentorship.status == "active":
            messages.success(
                request,
                "You both accepted: your mentorship has started. Read your agreement and "
                "schedule your first check-in.",
            )
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
        lambda data: services.mentorship_end(
            mentorship=mentorship, reason=data["reason"], note=data["note"], by=request.user
        ),
    )
    if ended is None:
        _form_errors_as_messages(request, form)
        return redirect("mentoring:detail", pk=pk)
    messages.success(request, "The mentorship has ended.")
    rematch = ended.end_reason == EndReason.MISMATCH
    if rematch and participant_side(mentorship, request.user) is None:
        messages.info(
            request,
            f"{ended.mentee.person.full_name} is back in the pool: propose a new mentor or "
            "run matching again. These two will not be paired again.",
        )
        return redirect("matching:home", slug=mentorship.program.slug)
    return redirect("mentoring:detail", pk=pk)


@login_required
@require_POST
def pause(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    form = PauseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    _act(
        request,
        lambda: services.mentorship_pause(mentorship=mentorship, by=request.user, note=note),
        "The mentorship is paused: no reminders to meet until it resumes.",
    )
    return redirect("mentoring:detail", pk=pk)


@login_required
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    _act(
        request,
        lambda: services.mentorship_resume(mentorship=mentorship, by=request.user),
        "Welcome back: the mentorship is active again.",
    )
    return redirect("mentoring:detail", pk=pk)


@login_required
@require_POST
def mute(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = _participant(request, mentorship)
    muted = request.POST.get("muted") == "1"
    _act(
        request,
        lambda: services.nudges_mute(mentorship=mentorship, person=person, muted=muted),
        "Reminders to meet are off for this pair."
        if muted
        else "Reminders to meet are on again for this pair.",
    )
    return redirect("mentoring:detail", pk=pk)


@login_required
@require_POST
def nudge(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    if not can_manage_program(request.user, mentorship.program):
        raise PermissionDenied("Only the program team nudges a pair.")
    try:
        sent = services.pair_nudge(mentorship=mentorship, by=request.user)
    except ApplicationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if sent:
            messages.success(request, "Both have been nudged to plan their next check-in.")
        else:
            messages.info(request, "This pair was already nudged today.")
    if request.POST.get("from") == "pairs":
        return redirect("mentoring:pairs", slug=mentorship.program.slug)
    return redirect("mentoring:detail", pk=pk)


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = _participant(request, mentorship)
    _act(
        request,
        lambda: services.agreement_acknowledge(mentorship=mentorship, person=person),
        "You acknowledged the agreement.",
    )
    return redirect("mentoring:detail", pk=pk)


@login_required
@require_POST
def rhythm(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = _participant(request, mentorship)
    form = RhythmForm(request.POST)
    done = submit(
        form,
        lambda data: services.agreement_set_rhythm(
            mentorship=mentorship, person=person, days=data["rhythm_days"]
        ),
    )
    if done is None:
        _form_errors_as_messages(request, form)
    else:
        messages.success(request, f"You now meet every {done.rhythm_days} days.")
    return redirect("mentoring:detail", pk=pk)


@login_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    if request.method != "POST":
        return redirect("mentoring:detail", pk=pk)
    person = _participant(request, mentorship)
    checkin = None
    checkin_id = request.POST.get("checkin", "")
    if checkin_id:
        if not checkin_id.isdigit():
            raise Http404("No such check-in.")
        checkin = get_checkin_for(request.user, pk, int(checkin_id))
    form = NoteForm(request.POST)
    note = submit(
        form,
        lambda data: services.note_add(
            mentorship=mentorship,
            person=person,
            body=data["body"],
            visibility=data["visibility"],
            checkin=checkin,
        ),
    )
    target = (
        redirect("mentoring:checkin", pk=pk, checkin_pk=checkin.pk)
        if checkin
        else redirect("mentoring:detail", pk=pk)
    )
    if note is None:
        _form_errors_as_messages(request, form)
    else:
        messages.success(
            request,
            "Private note saved: only you will ever see it."
            if note.visibility == "private"
            else "Note shared with your mentoring partner.",
        )
    return target


@login_required
@require_POST
def note_delete(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = _participant(request, mentorship)
    note = queries.notes_visible_to(mentorship=mentorship, person=person).filter(pk=note_pk).first()
    if note is None:
        raise Http404("No such note.")
    _act(request, lambda: services.note_delete(note=note, person=person), "Note deleted.")
    return redirect("mentoring:detail", pk=pk)


@login_required
def checkin_new(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = _participant(request, mentorship)
    zone = person.time_zone or "UTC"
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        checkin = submit(
            form,
            lambda data: services.checkin_schedule(mentorship=mentorship, person=person, data=data),
        )
        if checkin is not None:
            messages.success(request, "Check-in scheduled; you both have a calendar invite.")
            return redirect("mentoring:checkin", pk=pk, checkin_pk=checkin.pk)
    else:
        first = not mentorship.checkins.exists()
        suggested = queries.suggest_next_checkin(mentorship=mentorship, person=person)
        form = CheckInForm(
            initial=CheckInForm.initial_for(
                suggested,
                zone=zone,
                agenda=agenda_template(mentorship.program.program_type, first=first),
            )
        )
    return render(
        request,
        "mentoring/checkin_form.html",
        {"mentorship": mentorship, "form": form, "rhythm": queries.rhythm_of(mentorship)},
    )


@login_required
def checkin_detail(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    checkin = get_checkin_for(request.user, pk, checkin_pk)
    mentorship = checkin.mentorship
    side = participant_side(mentorship, request.user)
    person = own_person(request.user) if side else None
    notes = queries.notes_visible_to(mentorship=mentorship, person=person).filter(checkin=checkin)
    return render(
        request,
        "mentoring/checkin.html",
        {
            "checkin": checkin,
            "mentorship": mentorship,
            "side": side,
            "is_invitee": side is not None and checkin.scheduled_by_id != person.pk,
            "started": checkin.starts_at <= timezone.now(),
            "notes": notes,
            "record_form": RecordForm(initial={"held_minutes": checkin.duration_minutes}),
            "note_form": NoteForm(),
        },
    )


@login_required
def checkin_edit(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    checkin = get_checkin_for(request.user, pk, checkin_pk)
    mentorship = checkin.mentorship
    person = _participant(request, mentorship)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        moved = submit(
            form,
            lambda data: services.checkin_reschedule(checkin=checkin, person=person, data=data),
        )
        if moved is not None:
            messages.success(request, "Check-in updated; both calendar invites follow.")
            return redirect("mentoring:checkin", pk=pk, checkin_pk=checkin.pk)
    else:
        initial = CheckInForm.initial_for(checkin.starts_at, zone=checkin.time_zone)
        initial.update(
            duration_minutes=checkin.duration_minutes,
            location=checkin.location,
            video_url=checkin.video_url,
            agenda=checkin.agenda,
        )
        form = CheckInForm(initial=initial)
    return render(
        request,
        "mentoring/checkin_form.html",
        {"mentorship": mentorship, "form": form, "checkin": checkin},
    )


@login_required
@require_POST
def checkin_cancel(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    checkin = get_checkin_for(request.user, pk, checkin_pk)
    person = _participant(request, checkin.mentorship)
    _act(
        request,
        lambda: services.checkin_cancel(checkin=checkin, person=person),
        "Check-in cancelled; the calendar invites are withdrawn.",
    )
    return redirect("mentoring:checkin", pk=pk, checkin_pk=checkin_pk)


@login_required
@require_POST
def checkin_respond(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    checkin = get_checkin_for(request.user, pk, checkin_pk)
    person = _participant(request, checkin.mentorship)
    accept = request.POST.get("answer") == "accept"
    _act(
        request,
        lambda: services.checkin_respond(checkin=checkin, person=person, accept=accept),
        "You accepted the check-in." if accept else "You declined; propose another time.",
    )
    return redirect("mentoring:checkin", pk=pk, checkin_pk=checkin_pk)


@login_required
@require_POST
def checkin_record(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    checkin = get_checkin_for(request.user, pk, checkin_pk)
    person = _participant(request, checkin.mentorship)
    form = RecordForm(request.POST)
    recorded = submit(
        form,
        lambda data: services.checkin_record(
            checkin=checkin,
            person=person,
            outcome=data["outcome"],
            held_minutes=data["held_minutes"],
        ),
    )
    if recorded is None:
        _form_errors_as_messages(request, form)
    elif recorded.status == CheckInStatus.HELD:
        messages.success(request, f"Recorded as held ({recorded.held_minutes} minutes).")
    else:
        messages.success(request, "Recorded as missed. Schedule the next one when you can.")
    return redirect("mentoring:checkin", pk=pk, checkin_pk=checkin_pk)


@login_required
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for(request.user, pk)
    person = _participant(request, mentorship)
    templates = goal_templates(mentorship.program.program_type)
    form = GoalForm(request.POST or None, program=mentorship.program)
    if request.method == "POST":
        goal = submit(
            form,
            lambda data: services.goal_create(mentorship=mentorship, person=person, data=data),
        )
        if goal is not None:
            messages.success(request, "Goal added. Break it into milestones next.")
            return redirect("mentoring:goal", pk=pk, goal_pk=goal.pk)
    else:
        chosen = request.GET.get("template", "")
        if chosen.isdigit() and int(chosen) < len(templates):
            template = templates[int(chosen)]
            form = GoalForm(
                initial={
                    "title": template.title,
                    "description": template.description,
                    "measure": template.measure,
                },
                program=mentorship.program,
            )
    return render(
        request,
        "mentoring/goal_form.html",
        {"mentorship": mentorship, "form": form, "templates": templates},
    )


@login_required
def goal_detail(request: HttpRequest, pk: int, goal_pk: int, **forms: Any) -> HttpResponse:
    goal = get_goal_for(request.user, pk, goal_pk)
    side = participant_side(goal.mentorship, request.user)
    return render(
        request,
        "mentoring/goal.html",
        {
            "goal": goal,
            "mentorship": goal.mentorship,
            "side": side,
            "updates": queries.goal_updates_of(goal=goal),
            "milestones": goal.milestones.all(),
            "update_form": forms.get("update_form")
            or GoalUpdateForm(initial={"progress": goal.progress}),
            "milestone_form": forms.get("milestone_form") or MilestoneForm(),
        },
    )


@login_required
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    goal = get_goal_for(request.user, pk, goal_pk)
    person = _participant(request, goal.mentorship)
    fields = ("title", "description", "measure", "target_date", "skill", "objective")
    form = GoalForm(
        request.POST or None,
        program=goal.mentorship.program,
        initial={name: getattr(goal, name) for name in fields},
    )
    if request.method == "POST":
        edited = submit(form, lambda data: services.goal_edit(goal=goal, person=person, data=data))
        if edited is not None:
            messages.success(request, "Goal saved.")
            return redirect("mentoring:goal", pk=pk, goal_pk=goal_pk)
    return render(
        request,
        "mentoring/goal_form.html",
        {"mentorship": goal.mentorship, "form": form, "goal": goal},
    )


@login_required
@require_POST
def goal_update(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    goal = get_goal_for(request.user, pk, goal_pk)
    person = _participant(request, goal.mentorship)
    form = GoalUpdateForm(request.POST)
    posted = submit(
        form,
        lambda data: services.goal_post_update(
            goal=goal,
            person=person,
            progress=data["progress"],
            status=data["status"],
            comment=data["comment"],
        ),
    )
    if posted is None:
        return goal_detail(request, pk, goal_pk, update_form=form)
    messages.success(request, "Update posted.")
    return redirect("mentoring:goal", pk=pk, goal_pk=goal_pk)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    goal = get_goal_for(request.user, pk, goal_pk)
    person = _participant(request, goal.mentorship)
    form = MilestoneForm(request.POST)
    added = submit(
        form,
        lambda data: services.milestone_add(
            goal=goal, person=person, title=data["title"], due_on=data["due_on"]
        ),
    )
    if added is None:
        return goal_detail(request, pk, goal_pk, milestone_form=form)
    messages.success(request, "Milestone added.")
    return redirect("mentoring:goal", pk=pk, goal_pk=goal_pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, goal_pk: int, milestone_pk: int) -> HttpResponse:
    goal = get_goal_for(request.user, pk, goal_pk)
    person = _participant(request, goal.mentorship)
    milestone = goal.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404("No such milestone.")
    done = request.POST.get("done") == "1"
    _act(
        request,
        lambda: services.milestone_set_done(milestone=milestone, person=person, done=done),
        "Milestone done." if done else "Milestone reopened.",
    )
    return redirect("mentoring:goal", pk=pk, goal_pk=goal_pk)


@login_required
def pairs(request: HttpRequest, slug: str) -> HttpResponse:
    """The program team's pair-health list."""
    program = get_program_for(request.user, slug, manage=True)
    rows = queries.pair_health(program=program)
    show = request.GET.get("show", "")
    if show == "flagged":
        rows = [row for row in rows if row.flagged]
    return render(
        request,
        "mentoring/pairs.html",
        {
            "program": program,
            "rows": rows,
            "show": show,
            "counts": {
                "stalled": sum(row.stalled for row in rows),
                "unresponsive": sum(row.unresponsive_mentor for row in rows),
                "at_risk": sum(row.at_risk for row in rows),
            },
        },
    )


@login_required
def agreement_template(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    current = AgreementTemplate.objects.filter(program=program).first()
    initial = agreement_sections(program.program_type) if current is None else None
    form = AgreementTemplateForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.agreement_template_save(program=program, data=data)
        )
        if saved is not None:
            messages.success(
                request, "Agreement saved. Pairs that start from now on will read this version."
            )
            return redirect("mentoring:agreement_template", slug=slug)
    return render(request, "mentoring/agreement_template.html", {"program": program, "form": form})
