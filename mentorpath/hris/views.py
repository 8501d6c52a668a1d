from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorpath.core.forms import submit
from mentorpath.core.permissions import role_required
from mentorpath.hris.forms import MappingForm, UploadForm
from mentorpath.hris.models import ImportJob
from mentorpath.hris.permissions import REFUSED, can_import_people, get_import_for
from mentorpath.hris.queries import recent_imports
from mentorpath.hris.services import (
    import_job_apply,
    import_job_create,
    import_job_start,
)


@role_required(can_import_people, REFUSED)
def home(request: HttpRequest) -> HttpResponse:
    """Upload a file; the imports so far."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        job = submit(form, lambda data: import_job_create(upload=data["file"], by=request.user))
        if job is not None:
            return redirect("hris:job", job.pk)
    return render(request, "hris/home.html", {"form": form, "jobs": recent_imports()})


def _mapping_form(job: ImportJob, data: dict | None = None) -> MappingForm:
    return MappingForm(data, headers=job.headers, samples=job.samples, mapping=job.mapping)


def _render_job(
    request: HttpRequest, job: ImportJob, form: MappingForm | None = None
) -> HttpResponse:
    can_map = job.can_start
    return render(
        request,
        "hris/job.html",
        {
            "job": job,
            "form": form or (_mapping_form(job) if can_map else None),
            "can_map": can_map,
        },
    )


@role_required(can_import_people, REFUSED)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The mapping step, progress while it runs, then the dry run or the outcome."""
    job = get_import_for(request.user, pk)
    if request.htmx and request.GET.get("poll"):
        if job.is_working:
            return render(request, "hris/job.html#progress", {"job": job})
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    return _render_job(request, job)


@require_POST
@role_required(can_import_people, REFUSED)
def job_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the mapping and run the dry run."""
    job = get_import_for(request.user, pk)
    form = _mapping_form(job, request.POST)
    started = submit(
        form,
        lambda data: import_job_start(
            job=job, by=request.user, mapping=data["mapping"], dry_run=True
        ),
    )
    if started is None:
        return _render_job(request, job, form)
    return redirect("hris:job", job.pk)


@require_POST
@role_required(can_import_people, REFUSED)
def job_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a file whose dry run passed."""
    job = get_import_for(request.user, pk)
    try:
        job = import_job_apply(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if job.status == "done":
            messages.success(request, job.message)
    return redirect("hris:job", job.pk)
