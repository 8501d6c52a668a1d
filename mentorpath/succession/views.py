"""Succession pages: the pipeline (with its CSV export), key roles and their successors,
readiness reviews, and linking a successor to a leadership-development program.

Organization admins and executives only (`succession.permissions`); executives read."""

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorpath.analytics.exports import safe_cell
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.forms import submit
from mentorpath.core.htmx import partial_or_page
from mentorpath.exports.services import export_started
from mentorpath.people.models import Person
from mentorpath.succession import permissions, queries, services
from mentorpath.succession.forms import (
    CandidateEditForm,
    CandidateForm,
    KeyRoleForm,
    LinkProgramForm,
    PipelineFilterForm,
    ReviewForm,
)
from mentorpath.succession.models import KeyRole, SuccessorCandidate


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _filters(request: HttpRequest) -> tuple[PipelineFilterForm, dict[str, Any]]:
    form = PipelineFilterForm(request.GET or None)
    department, criticality = None, ""
    if form.is_valid():
        department = form.cleaned_data["department"]
        criticality = form.cleaned_data["criticality"] or ""
    return form, {
        "department_id": department.pk if department else None,
        "criticality": criticality,
    }


# ---- the pipeline


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    permissions.check_succession(request.user)
    form, filters = _filters(request)
    return render(
        request,
        partial_or_page(request, "succession/pipeline.html", "body"),
        {
            "pipeline": queries.pipeline(**filters),
            "filter_form": form,
            "query": request.GET.urlencode(),
            "can_change": permissions.can_change_succession(request.user),
        },
    )


CSV_HEADER = [
    "Key role",
    "Department",
    "Incumbent",
    "Level",
    "Criticality",
    "Vacancy risk",
    "Ready now",
    "Ready in 1-2 years",
    "Ready in 3+ years",
    "Bench strength",
    "Bench",
    "Successors",
]


@login_required
def pipeline_csv(request: HttpRequest) -> HttpResponse:
    """The pipeline as CSV, one row per key role (the same filters and rights as the page)."""
    permissions.check_succession(request.user)
    _, filters = _filters(request)
    export_started(
        user=request.user,  # type: ignore[arg-type]
        dataset="succession.pipeline",
        format="csv",
        filters=request.GET.dict(),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="succession-pipeline.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in queries.pipeline(**filters).rows:
        role = row.role
        cells = [
            role.title,
            role.department.name if role.department else "",
            role.incumbent.full_name if role.incumbent else "",
            role.level or "",
            role.get_criticality_display(),
            role.get_vacancy_risk_display(),
            row.counts["now"],
            row.counts["1-2y"],
            row.counts["3y+"],
            f"{float(row.bench):g}",
            row.bench_label,
            "; ".join(
                f"{c.person.full_name} ({c.get_readiness_display()})" for c in row.candidates
            ),
        ]
        # Names, titles and departments come from HRIS/SCIM: no cell may run as a formula.
        writer.writerow([safe_cell(str(cell)) for cell in cells])
    return response


# ---- key roles


@login_required
def role_new(request: HttpRequest) -> HttpResponse:
    permissions.check_succession(request.user, change=True)
    form = KeyRoleForm(_posted(request))
    if request.method == "POST":
        role = submit(form, lambda data: services.key_role_create(data=data, by=request.user))
        if role is not None:
            messages.success(request, "Key role added. Add its successors.")
            return redirect("succession:role", pk=role.pk)
    return render(request, "succession/role_form.html", {"form": form})


@login_required
def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    role = permissions.get_key_role_for(request.user, pk)
    return _role_page(request, role, CandidateForm())


def _role_page(request: HttpRequest, role: KeyRole, form: CandidateForm) -> HttpResponse:
    row = queries.role_row(role, queries.candidates_of(role=role))
    return render(
        request,
        "succession/role.html",
        {
            "role": role,
            "row": row,
            "candidates": row.candidates,
            "form": form,
            "can_change": permissions.can_change_succession(request.user),
        },
    )


@login_required
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    role = permissions.get_key_role_for(request.user, pk, change=True)
    form = KeyRoleForm(_posted(request), initial=KeyRoleForm.initial_of(role))
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.key_role_update(role=role, data=data, by=request.user)
        )
        if saved is not None:
            messages.success(request, "Key role saved.")
            return redirect("succession:role", pk=role.pk)
    return render(request, "succession/role_form.html", {"form": form, "role": role})


@login_required
@require_POST
def role_delete(request: HttpRequest, pk: int) -> HttpResponse:
    role = permissions.get_key_role_for(request.user, pk, change=True)
    title = role.title
    services.key_role_delete(role=role, by=request.user)
    messages.success(request, f"Key role “{title}” deleted with its successors.")
    return redirect("succession:pipeline")


# ---- candidates


@login_required
@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    role = permissions.get_key_role_for(request.user, pk, change=True)
    form = CandidateForm(request.POST)
    added = submit(form, lambda data: services.candidate_add(role=role, by=request.user, **data))
    if added is None:
        return _role_page(request, role, form)
    messages.success(request, f"{added.person.full_name} added as a successor.")
    return redirect("succession:role", pk=role.pk)


def _candidate_page(
    request: HttpRequest,
    candidate: SuccessorCandidate,
    *,
    review_form: ReviewForm | None = None,
    edit_form: CandidateEditForm | None = None,
    link_form: LinkProgramForm | None = None,
) -> HttpResponse:
    reviews = list(queries.reviews_of(candidate=candidate))
    proposals = queries.proposed_mentors(candidate=candidate)
    return render(
        request,
        "succession/candidate.html",
        {
            "candidate": candidate,
            "role": candidate.role,
            "skills": list(candidate.development_skills.order_by("name")),
            "reviews": reviews,
            "chart": queries.readiness_chart(reviews) if len(reviews) > 1 else None,
            "proposals": proposals,
            "mentors_enrolled": queries.program_mentor_ids(candidate=candidate),
            "review_form": review_form or ReviewForm(),
            "edit_form": edit_form
            or CandidateEditForm(
                initial={
                    "development_skills": [s.pk for s in candidate.development_skills.all()],
                    "notes": candidate.notes,
                }
            ),
            "link_form": link_form or LinkProgramForm(),
            "can_change": permissions.can_change_succession(request.user),
        },
    )


@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = permissions.get_candidate_for(request.user, pk)
    return _candidate_page(request, candidate)


@login_required
@require_POST
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = permissions.get_candidate_for(request.user, pk, change=True)
    form = CandidateEditForm(request.POST)
    saved = submit(
        form, lambda data: services.candidate_update(candidate=candidate, **data, by=request.user)
    )
    if saved is None:
        return _candidate_page(request, candidate, edit_form=form)
    messages.success(request, "Development needs and notes saved.")
    return redirect("succession:candidate", pk=pk)


@login_required
@require_POST
def candidate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = permissions.get_candidate_for(request.user, pk, change=True)
    role_pk, name = candidate.role_id, candidate.person.full_name
    services.candidate_remove(candidate=candidate, by=request.user)
    messages.success(request, f"{name} is no longer a successor for this role.")
    return redirect("succession:role", pk=role_pk)


@login_required
@require_POST
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = permissions.get_candidate_for(request.user, pk, change=True)
    form = ReviewForm(request.POST)
    review = submit(
        form, lambda data: services.review_add(candidate=candidate, by=request.user, **data)
    )
    if review is None:
        return _candidate_page(request, candidate, review_form=form)
    messages.success(request, "Readiness review recorded.")
    return redirect("succession:candidate", pk=pk)


@login_required
@require_POST
def link_program(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = permissions.get_candidate_for(request.user, pk, change=True)
    form = LinkProgramForm(request.POST)
    linked = submit(
        form,
        lambda data: services.candidate_link_program(
            candidate=candidate, program=data["program"], by=request.user
        ),
    )
    if linked is None:
        return _candidate_page(request, candidate, link_form=form)
    messages.success(
        request,
        f"{candidate.person.full_name} is enrolled as a mentee in "
        f"{form.cleaned_data['program'].name}. Propose a mentor below.",
    )
    return redirect("succession:candidate", pk=pk)


@login_required
@require_POST
def propose_mentor(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    candidate = permissions.get_candidate_for(request.user, pk, change=True)
    mentor = Person.objects.filter(pk=person_pk, termination_date__isnull=True).first()
    if mentor is None:
        raise Http404("No such person.")
    try:
        services.candidate_propose_mentor(candidate=candidate, mentor=mentor, by=request.user)
    except ApplicationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{mentor.full_name} is proposed as {candidate.person.full_name}'s mentor; "
            "both are asked to accept.",
        )
    return redirect("succession:candidate", pk=pk)
