from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mentorpath.core.queries import organization_summary
from mentorpath.programs.models import Program
from mentorpath.programs.queries import (
    enrollments_of,
    program_catalog,
    programs_managed_by,
    with_enrollment_counts,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One dashboard whose panels depend on the roles of the person logged in."""
    user = request.user
    person = getattr(user, "person", None)
    context: dict[str, object] = {"person": person}
    if person is not None:
        context["my_enrollments"] = enrollments_of(person=person)[:10]
        context["catalog"] = program_catalog(person=person)[:6]
    managed = programs_managed_by(user=user)
    if user.is_org_admin or managed.exists():
        context["managed_programs"] = managed
    if user.is_org_admin or user.is_executive:
        context["summary"] = organization_summary()
    if user.is_executive:
        context["program_overview"] = with_enrollment_counts(Program.objects.all()).order_by("name")
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
