from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.forms import add_service_errors, submit
from mentorpath.learning import readiness
from mentorpath.matching import pipeline, services
from mentorpath.matching.config import CRITERIA, MatchingConfig
from mentorpath.matching.enums import RequestStatus
from mentorpath.matching.forms import (
    MatchingConfigForm,
    OverrideForm,
    ProposalFilterForm,
    RequestForm,
    RunForm,
)
from mentorpath.matching.models import MatchProposal, MatchRun
from mentorpath.matching.permissions import approved_enrollment_for, get_request_for
from mentorpath.matching.queries import (
    mentor_responsiveness,
    previous_run,
    requests_of_mentee,
    run_proposals,
    runs_of,
)
from mentorpath.mentoring.enums import LIVE_MENTORSHIP
from mentorpath.people.permissions import own_person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Program
from mentorpath.programs.permissions import get_program_for

MAX_ID = 2**63 - 1


def _run_for(request: HttpRequest, slug: str, run_id: int) -> tuple[Program, MatchRun]:
    program = get_program_for(request.user, slug, manage=True)
    return program, get_object_or_404(program.match_runs, pk=run_id)


@login_required
def matching_home(request: HttpRequest, slug: str) -> HttpResponse:
    """Matching settings and runs of one program (its managers only)."""
    program = get_program_for(request.user, slug, manage=True)
    config = MatchingConfig.from_json(program.matching_config)
    form = MatchingConfigForm(request.POST or None, initial=MatchingConfigForm.initial_from(config))
    if request.method == "POST":
        saved = None
        if form.is_valid():
            try:
                saved = services.program_set_matching_config(
                    program=program, config=form.config(), by=request.user
                )
            except ApplicationError as error:
                add_service_errors(form, error)
        if saved is not None:
            messages.success(request, "Matching settings saved.")
            return redirect("matching:home", slug=slug)
    return render(
        request,
        "matching/home.html",
        {
            "program": program,
            "form": form,
            "run_form": RunForm(),
            "runs": runs_of(program=program)[:10],
            "responsiveness": mentor_responsiveness(program=program),
            "samples": program.enrollments.filter(
                role=EnrollmentRole.MENTEE, status=EnrollmentStatus.APPROVED
            ).select_related("person")[:200],
            "pool": services.pool_counts(program=program),
            "readiness": readiness.readiness(program=program),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    form = RunForm(request.POST)
    run = submit(
        form,
        lambda data: services.match_run_start(
            program=program, by=request.user, objective=data["objective"] or None
        ),
    )
    if run is None:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("matching:home", slug=slug)
    return redirect("matching:run", slug=slug, run_id=run.pk)


@login_required
def run_detail(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """Progress while the run works; then its report and proposals to review."""
    program, run = _run_for(request, slug, run_id)
    if request.htmx and request.GET.get("poll"):
        template = "matching/run.html#progress" if run.status in ("queued", "running") else None
        if template:
            return render(request, template, {"program": program, "run": run})
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    filters = ProposalFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    proposals = run_proposals(
        run=run,
        show=chosen.get("show", ""),
        search=chosen.get("q", ""),
        sort=chosen.get("sort") or "-score",
    )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/run.html",
        {
            "program": program,
            "run": run,
            "filters": filters,
            "page_obj": page,
            "query_string": query.urlencode(),
            "criteria": CRITERIA,
            "previous": previous_run(run=run),
        },
    )


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    _, run = _run_for(request, slug, run_id)
    # ASCII digits within a database id only: "²".isdigit() is True but int("²") fails, and
    # an id beyond 64 bits overflows SQLite's integers; neither may turn a POST into a 500.
    chosen = [
        int(i)
        for i in request.POST.getlist("proposal")
        if i.isascii() and i.isdigit() and int(i) <= MAX_ID
    ]
    ids = None if request.POST.get("all") else chosen
    approved, errors = services.proposals_approve(run=run, proposal_ids=ids, by=request.user)
    if approved:
        messages.success(
            request,
            f"{approved} pair{'s' if approved != 1 else ''} approved: mentor and mentee "
            "are asked to accept.",
        )
    for message in sorted(set(errors.values())):
        messages.error(request, message)
    if not approved and not errors:
        messages.info(request, "Nothing to approve: choose proposals that have a mentor.")
    return redirect("matching:run", slug=slug, run_id=run.pk)


@login_required
def override(request: HttpRequest, slug: str, run_id: int, proposal_id: int) -> HttpResponse:
    """Choose another mentor for a mentee: GET previews the pair's score and broken rules,
    POST saves it."""
    program, run = _run_for(request, slug, run_id)
    proposal = get_object_or_404(
        MatchProposal.objects.select_related("mentee__person", "mentor__person", "run__program"),
        pk=proposal_id,
        run=run,
    )
    form = OverrideForm(request.POST or request.GET or None, program=program)
    preview = None
    if form.is_bound and form.is_valid():
        try:
            preview = services.proposal_override_preview(
                proposal=proposal, mentor=form.cleaned_data["mentor"]
            )
            if request.method == "POST":
                services.proposal_override(
                    proposal=proposal, mentor=form.cleaned_data["mentor"], by=request.user
                )
                messages.success(request, f"{proposal.mentee.person.full_name}'s pair was changed.")
                return redirect("matching:run", slug=slug, run_id=run.pk)
        except ApplicationError as error:
            add_service_errors(form, error)
    context = {
        "program": program,
        "run": run,
        "proposal": proposal,
        "form": form,
        "preview": preview,
        "criteria": CRITERIA,
    }
    if request.htmx and request.method == "GET":
        return render(request, "matching/override.html#preview", context)
    return render(request, "matching/override.html", context, status=400 if form.errors else 200)


@login_required
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """Self-match: a mentee's suggested mentors with the reasons, and their requests."""
    program = get_program_for(request.user, slug)
    mentee = approved_enrollment_for(request.user, program, EnrollmentRole.MENTEE)
    services.requests_expire_due()
    has_mentor = mentee.mentorships_as_mentee.filter(status__in=LIVE_MENTORSHIP).exists()
    my_requests = list(requests_of_mentee(mentee=mentee))
    waiting = next((r for r in my_requests if r.status == RequestStatus.PENDING), None)
    suggested = []
    not_ready = readiness.refusal(enrollment=mentee)
    if not has_mentor and not_ready is not None:
        messages.warning(
            request,
            f"{readiness.to_you(not_ready)}: complete it to see the mentors suggested to you.",
        )
    elif not has_mentor and waiting is None:
        suggested = pipeline.suggestions_for(
            program=program,
            config=MatchingConfig.from_json(program.matching_config),
            mentee=mentee,
            excluded_mentor_ids=services.closed_request_mentors(mentee=mentee),
        )
    return render(
        request,
        "matching/suggestions.html",
        {
            "program": program,
            "suggestions": suggested,
            "requests": my_requests,
            "waiting": waiting,
            "has_mentor": has_mentor,
            "form": RequestForm(),
        },
    )


@login_required
@require_POST
def request_create(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug)
    mentee = approved_enrollment_for(request.user, program, EnrollmentRole.MENTEE)
    form = RequestForm(request.POST)
    mentor = program.enrollments.filter(
        pk=request.POST.get("mentor") or 0, role=EnrollmentRole.MENTOR
    ).first()
    made = None
    if mentor is not None:
        made = submit(
            form,
            lambda data: services.request_create(
                program=program, mentee=mentee, mentor=mentor, message=data["message"]
            ),
        )
    if made is not None:
        messages.success(
            request, f"Your request went to {mentor.person.full_name}. We will tell you the answer."
        )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        if mentor is None:
            messages.error(request, "Choose one of the mentors suggested to you.")
    return redirect("matching:suggestions", slug=slug)


@login_required
@require_POST
def request_respond(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for(request.user, slug)
    person = own_person(request.user)
    mentor_request = get_request_for(request.user, pk, side=EnrollmentRole.MENTOR, program=program)
    accept = request.POST.get("answer") == "accept"
    try:
        services.request_respond(request=mentor_request, person=person, accept=accept)
    except ApplicationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = mentor_request.mentee.person.full_name
        messages.success(
            request,
            f"You are now mentoring {name}." if accept else f"You declined {name}'s request.",
        )
    return redirect("mentoring:mine")


@login_required
@require_POST
def request_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for(request.user, slug)
    person = own_person(request.user)
    mentor_request = get_request_for(request.user, pk, side=EnrollmentRole.MENTEE, program=program)
    try:
        services.request_withdraw(request=mentor_request, person=person)
    except ApplicationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Your request was withdrawn.")
    return redirect("matching:suggestions", slug=slug)


@login_required
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """Live preview for the settings form: a sample mentee's top mentors under the weights
    being edited (nothing is saved)."""
    program = get_program_for(request.user, slug, manage=True)
    form = MatchingConfigForm(request.GET)
    mentee = (
        program.enrollments.filter(pk=request.GET.get("sample") or 0, role=EnrollmentRole.MENTEE)
        .select_related("person")
        .first()
    )
    top, error = [], ""
    if mentee is None:
        error = "Choose a sample mentee."
    elif not form.is_valid():
        error = "Fix the highlighted settings to see the preview."
    else:
        try:
            top = pipeline.top_mentors_for(program=program, config=form.config(), mentee=mentee)
        except ApplicationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "matching/home.html#preview",
        {"program": program, "preview": top, "sample": mentee, "preview_error": error},
    )
