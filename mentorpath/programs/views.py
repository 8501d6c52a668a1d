from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentorpath.core.forms import submit
from mentorpath.core.permissions import PermissionDenied, role_required
from mentorpath.people.permissions import own_person
from mentorpath.programs import services
from mentorpath.programs.enums import PROGRAM_TRANSITIONS, EnrollmentRole, ProgramStatus
from mentorpath.programs.forms import (
    DecisionForm,
    EnrollmentFilterForm,
    EnrollmentForm,
    ObjectiveForm,
    ProgramForm,
    QuestionForm,
)
from mentorpath.programs.models import Program
from mentorpath.programs.permissions import (
    can_create_program,
    can_manage_program,
    get_enrollment_for,
    get_program_for,
)
from mentorpath.programs.queries import (
    enrollment_answers,
    enrollments_of,
    ineligibility_reason,
    join_options,
    live_enrollment,
    mentor_min_level,
    program_catalog,
    program_enrollments,
    programs_managed_by,
    with_enrollment_counts,
)


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    return render(
        request,
        "programs/catalog.html",
        {
            "programs": program_catalog(person=person),
            "enrollments": enrollments_of(person=person) if person else [],
        },
    )


@role_required(
    lambda user: user.is_org_admin or user.managed_programs.exists(),
    "Only program managers and organization admins manage programs.",
)
def managed(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programs/managed.html",
        {
            "programs": programs_managed_by(user=request.user),
            "can_create": can_create_program(request.user),
        },
    )


@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug)
    person = getattr(request.user, "person", None)
    manages = can_manage_program(request.user, program)
    context: dict[str, object] = {
        "program": program,
        "manages": manages,
        "objectives": program.objectives.all(),
        "enrollment": live_enrollment(program=program, person=person) if person else None,
        "join_options": join_options(program=program, person=person) if person else {},
        "mentor_min_level": mentor_min_level(program),
        "open": program.status in (ProgramStatus.ENROLLING, ProgramStatus.ACTIVE),
        # The landing page: how many take part (never who, except to managers) and the link
        # to share; an unlisted program is found only through it.
        "counts": with_enrollment_counts(type(program).objects.filter(pk=program.pk)).first(),
        "share_url": request.build_absolute_uri(reverse("programs:detail", args=[program.slug])),
    }
    if manages:
        context["transitions"] = [ProgramStatus(s) for s in PROGRAM_TRANSITIONS[program.status]]
    return render(request, "programs/detail.html", context)


@role_required(can_create_program, "Only organization admins create programs.")
def create(request: HttpRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None)
    if request.method == "POST":
        program = submit(
            form, lambda data: services.program_create(data=data, created_by=request.user)
        )
        if program is not None:
            messages.success(request, "Program created. Add its objectives and questions next.")
            return redirect("programs:setup", slug=program.slug)
    return render(request, "programs/form.html", {"form": form, "program": None})


@login_required
def setup(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a program: its settings, objectives and application questions on one page."""
    program = get_program_for(request.user, slug, manage=True)
    form = _program_form(request, program, request.POST or None)
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.program_update(program=program, data=data, by=request.user)
        )
        if saved is not None:
            messages.success(request, "Program saved.")
            return redirect("programs:setup", slug=program.slug)
    return _render_setup(request, program, form=form)


def _program_form(request: HttpRequest, program: Program, data: object = None) -> ProgramForm:
    return ProgramForm(data, instance=program, can_assign_managers=can_create_program(request.user))


def _render_setup(
    request: HttpRequest, program: Program, status: int = 200, **forms: object
) -> HttpResponse:
    """The set-up page; a form passed in (with its errors) replaces the blank one."""
    context = {
        "form": _program_form(request, program),
        "program": program,
        "objective_form": ObjectiveForm(),
        "question_form": QuestionForm(),
        "objectives": program.objectives.all(),
        "questions": program.questions.all(),
        **forms,
    }
    return render(request, "programs/setup.html", context, status=status)


@login_required
@require_POST
def objective_add(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    form = ObjectiveForm(request.POST)
    if submit(form, lambda data: services.objective_add(program=program, by=request.user, **data)):
        messages.success(request, "Objective added.")
        return redirect("programs:setup", slug=slug)
    return _render_setup(request, program, status=400, objective_form=form)


@login_required
@require_POST
def objective_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    services.objective_delete(program=program, objective_id=pk, by=request.user)
    messages.success(request, "Objective removed.")
    return redirect("programs:setup", slug=slug)


@login_required
@require_POST
def question_add(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    form = QuestionForm(request.POST)
    if submit(form, lambda data: services.question_add(program=program, by=request.user, **data)):
        messages.success(request, "Question added.")
        return redirect("programs:setup", slug=slug)
    return _render_setup(request, program, status=400, question_form=form)


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    services.question_delete(program=program, question_id=pk, by=request.user)
    messages.success(request, "Question removed.")
    return redirect("programs:setup", slug=slug)


@login_required
@require_POST
def transition(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    try:
        services.program_transition(
            program=program, to_status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{program.name} is now {program.get_status_display()}.")
    return redirect("programs:detail", slug=slug)


@login_required
def enroll(request: HttpRequest, slug: str, role: str) -> HttpResponse:
    program = get_program_for(request.user, slug)
    person = own_person(request.user)
    if role not in EnrollmentRole.values:
        raise PermissionDenied("Join as a mentor or as a mentee.")
    form = EnrollmentForm(request.POST or None, program=program, role=role)
    if request.method == "POST":
        enrollment = submit(
            form,
            lambda data: services.enrollment_create(
                program=program,
                person=person,
                role=role,
                answers=form.answers(),
                capacity=data.get("capacity"),
                goals=data.get("goals", ""),
            ),
        )
        if enrollment is not None:
            messages.success(
                request,
                f"You joined {program.name} as a {enrollment.get_role_display().lower()}"
                f" — {enrollment.get_status_display().lower()}.",
            )
            return redirect("programs:detail", slug=slug)
    return render(
        request,
        "programs/enroll.html",
        {
            "program": program,
            "form": form,
            "role": EnrollmentRole(role),
            "ineligible": ineligibility_reason(program=program, person=person, role=role),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = get_enrollment_for(request.user, pk)
    if enrollment.person.user_id != request.user.pk:
        raise PermissionDenied("Only the participant can withdraw their enrollment.")
    try:
        services.enrollment_withdraw(enrollment=enrollment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You withdrew from {enrollment.program.name}.")
    return redirect("programs:detail", slug=enrollment.program.slug)


@login_required
def enrollments(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for(request.user, slug, manage=True)
    form = EnrollmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = program_enrollments(
        program=program,
        role=filters.get("role", ""),
        status=filters.get("status", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    questions = list(program.questions.all())
    for enrollment in page:
        enrollment.answer_rows = enrollment_answers(enrollment=enrollment, questions=questions)
    query = request.GET.copy()
    query.pop("page", None)
    template = "programs/enrollments.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"program": program, "form": form, "page_obj": page, "query_string": query.urlencode()},
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    enrollment = get_enrollment_for(request.user, pk, manage=True)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    action = {"approve": services.enrollment_approve, "decline": services.enrollment_decline}
    if decision not in action:
        raise PermissionDenied("Unknown decision.")
    error_message = ""
    try:
        enrollment = action[decision](enrollment=enrollment, by=request.user, note=note)
    except ValidationError as error:
        error_message = " ".join(error.messages)
    if request.htmx:
        enrollment.answer_rows = enrollment_answers(
            enrollment=enrollment, questions=list(enrollment.program.questions.all())
        )
        return render(
            request,
            "programs/enrollments.html#row",
            {"enrollment": enrollment, "program": enrollment.program, "error": error_message},
            status=400 if error_message else 200,
        )
    if error_message:
        messages.error(request, error_message)
    else:
        messages.success(
            request, f"{enrollment.person.full_name}: {enrollment.get_status_display().lower()}."
        )
    return redirect("programs:enrollments", slug=enrollment.program.slug)
