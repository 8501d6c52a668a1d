"""Library and learning-path pages: browse and filter resources, bookmark and rate them,
curate resources and paths (admins and program managers), follow a path step by step, and
"My learning"."""

import os
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from mentorpath.core.forms import submit
from mentorpath.core.htmx import partial_or_page
from mentorpath.learning import permissions, queries, services
from mentorpath.learning.forms import (
    LibraryFilterForm,
    PathForm,
    RatingForm,
    ResourceForm,
    StepForm,
)
from mentorpath.learning.models import LearningPath, Resource
from mentorpath.people.models import Person
from mentorpath.people.permissions import own_person

PAGE_SIZE = 20


def _person(request: HttpRequest) -> Person | None:
    return Person.objects.filter(user_id=request.user.pk).first()


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def _library_user(request: HttpRequest) -> None:
    permissions.require_library(request.user)


# Library ------------------------------------------------------------------------------------


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """Search and filter the resources; htmx swaps only the results as the filters change."""
    _library_user(request)
    form = LibraryFilterForm(request.GET or None)
    person = _person(request)
    resources = queries.resource_list(user=request.user, person=person, **form.filters())
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        partial_or_page(request, "learning/library.html", "results"),
        {
            "form": form,
            "page_obj": page,
            "query_string": query.urlencode(),
            "curator": permissions.is_curator(request.user),
            "has_person": person is not None,
        },
    )


@login_required
def bookmarks(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    return render(
        request,
        "learning/bookmarks.html",
        {"resources": queries.bookmarks_of(person=person, user=request.user)},
    )


def _resource_context(request: HttpRequest, resource: Resource, **extra: Any) -> dict[str, Any]:
    person = _person(request)
    return {
        "resource": queries.resource_detail(resource=resource, person=person),
        "curator": permissions.is_curator(request.user),
        "has_person": person is not None,
        "rating_form": extra.pop("rating_form", None) or RatingForm(),
        **extra,
    }


@login_required
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = permissions.get_resource_for(request.user, pk)
    context = _resource_context(
        request, resource, paths=queries.paths_using(resource=resource, user=request.user)
    )
    return render(request, "learning/resource.html", context)


@login_required
def resource_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded file, for whoever may see the resource, always as a download with the
    content type checked on upload (never served from MEDIA_URL)."""
    resource = permissions.get_resource_for(request.user, pk)
    if not resource.file:
        raise Http404("This resource has no file.")
    extension = os.path.splitext(resource.file.name)[1].lower()
    name = f"{slugify(resource.title) or 'resource'}{extension}"
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=resource.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def resource_new(request: HttpRequest) -> HttpResponse:
    permissions.require_curator(request.user)
    form = ResourceForm(_posted(request), _files(request))
    if request.method == "POST":
        resource = submit(
            form, lambda _: services.resource_create(by=request.user, **form.service_fields())
        )
        if resource is not None:
            messages.success(request, "Resource added to the library.")
            return redirect("learning:resource", pk=resource.pk)
    return render(request, "learning/resource_form.html", {"form": form})


@login_required
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = permissions.get_resource_for(request.user, pk, manage=True)
    form = ResourceForm(
        _posted(request),
        _files(request),
        resource=resource,
        initial=ResourceForm.initial_of(resource),
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.resource_update(
                resource=resource,
                by=request.user,
                remove_file=bool(data.get("remove_file")),
                **form.service_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, "Resource saved.")
            return redirect("learning:resource", pk=pk)
    return render(request, "learning/resource_form.html", {"form": form, "resource": resource})


@login_required
@require_POST
def resource_publish(request: HttpRequest, pk: int) -> HttpResponse:
    resource = permissions.get_resource_for(request.user, pk, manage=True)
    published = request.POST.get("published") == "1"
    services.resource_publish(resource=resource, published=published)
    messages.success(
        request,
        "Resource published." if published else "Resource unpublished: only curators see it.",
    )
    return redirect("learning:resource", pk=pk)


@login_required
@require_POST
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = permissions.get_resource_for(request.user, pk, manage=True)
    try:
        services.resource_delete(resource=resource)
    except ValidationError as error:
        messages.error(request, _refusal(error))
        return redirect("learning:resource", pk=pk)
    messages.success(request, f"“{resource.title}” deleted.")
    return redirect("learning:library")


@login_required
@require_POST
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    """Bookmark (on=1) or remove the bookmark (on=0): posting the same twice changes nothing.
    htmx swaps the button in place."""
    resource = permissions.get_resource_for(request.user, pk)
    person = own_person(request.user)
    on = request.POST.get("on") == "1"
    services.bookmark_set(person=person, resource=resource, on=on)
    if request.htmx:
        resource.is_bookmarked = on
        return render(
            request,
            "learning/includes/bookmark.html",
            {"resource": resource, "next": request.POST.get("next", "")},
        )
    messages.success(request, "Bookmarked." if on else "Bookmark removed.")
    return redirect(_safe_next(request, default=resource_url(resource)))


def resource_url(resource: Resource) -> str:
    return reverse("learning:resource", args=[resource.pk])


def _safe_next(request: HttpRequest, *, default: str) -> str:
    """Where a no-JS form asked to go back to, if it is on this site."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_POST
def resource_rate(request: HttpRequest, pk: int) -> HttpResponse:
    resource = permissions.get_resource_for(request.user, pk)
    person = own_person(request.user)
    form = RatingForm(request.POST)
    rated = submit(
        form,
        lambda data: services.resource_rate(
            person=person, resource=resource, rating=data["rating"]
        ),
    )
    if request.htmx:
        context = _resource_context(request, resource, rating_form=form if rated is None else None)
        context["rated"] = rated is not None
        return render(
            request, "learning/resource.html#rating", context, status=200 if rated else 400
        )
    if rated is None:
        messages.error(request, "Choose a rating from 1 to 5.")
    else:
        messages.success(request, "Thank you: your rating is saved.")
    return redirect("learning:resource", pk=pk)


# Learning paths -----------------------------------------------------------------------------


@login_required
def paths(request: HttpRequest) -> HttpResponse:
    _library_user(request)
    person = _person(request)
    return render(
        request,
        "learning/paths.html",
        {
            "paths": queries.path_list(user=request.user, person=person),
            "curator": permissions.is_curator(request.user),
        },
    )


def _path_context(request: HttpRequest, path: LearningPath, **extra: Any) -> dict[str, Any]:
    person = _person(request)
    steps = queries.path_steps(path=path)
    progress = queries.path_progress_for(person=person, path=path) if person else None
    visible = set(
        queries.resources_visible_to(user=request.user)
        .filter(pk__in=[s.resource_id for s in steps if s.resource_id])
        .values_list("pk", flat=True)
    )
    for step in steps:
        step.is_done = bool(progress and step.pk in progress.done_step_ids)
        step.resource_visible = step.resource_id in visible
    return {
        "path": path,
        "steps": steps,
        "progress": progress,
        "has_person": person is not None,
        "curator": permissions.can_manage_path(request.user, path),
        **extra,
    }


@login_required
def path_detail(request: HttpRequest, pk: int) -> HttpResponse:
    path = permissions.get_path_for(request.user, pk)
    return render(request, "learning/path.html", _path_context(request, path))


@login_required
@require_POST
def path_start(request: HttpRequest, pk: int) -> HttpResponse:
    path = permissions.get_path_for(request.user, pk)
    person = own_person(request.user)
    try:
        services.path_start(person=person, path=path)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, f"You started “{path.title}”. Mark each step as you go.")
    return redirect("learning:path", pk=pk)


@login_required
@require_POST
def step_mark(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """Mark a step done (done=1) or not done (done=0); htmx swaps the steps and progress."""
    path = permissions.get_path_for(request.user, pk)
    step = permissions.get_step_for(request.user, path, step_pk)
    person = own_person(request.user)
    done = request.POST.get("done") == "1"
    error = ""
    try:
        progress = services.step_mark(person=person, step=step, done=done)
    except ValidationError as refused:
        error = _refusal(refused)
    if request.htmx:
        return render(
            request,
            "learning/path.html#progress",
            _path_context(request, path, error=error),
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    elif progress.completed_at and done:
        messages.success(request, f"Path completed: well done on “{path.title}”!")
    return redirect("learning:path", pk=pk)


@login_required
def path_new(request: HttpRequest) -> HttpResponse:
    permissions.require_curator(request.user)
    form = PathForm(_posted(request))
    if request.method == "POST":
        path = submit(form, lambda data: services.path_create(by=request.user, **data))
        if path is not None:
            messages.success(request, "Path created. Now add its steps.")
            return redirect("learning:path_edit", pk=path.pk)
    return render(request, "learning/path_form.html", {"form": form})


def _path_editor(
    request: HttpRequest,
    path: LearningPath,
    *,
    form: PathForm | None = None,
    step_form: StepForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "path": path,
        "form": form or PathForm(initial=PathForm.initial_of(path)),
        "step_form": step_form or StepForm(),
        "steps": queries.path_steps(path=path),
        "completed_count": path.progress.filter(completed_at__isnull=False).count(),
        "gate_programs": list(services.gate_programs(path)),
        "error": error,
    }
    return render(
        request,
        partial_or_page(request, "learning/path_edit.html", "steps"),
        context,
        status=status,
    )


@login_required
def path_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A path's settings and its steps (add, reorder, remove)."""
    path = permissions.get_path_for(request.user, pk, manage=True)
    if request.method != "POST":
        return _path_editor(request, path)
    form = PathForm(request.POST, initial=PathForm.initial_of(path))
    saved = submit(form, lambda data: services.path_update(path=path, **data))
    if saved is None:
        return _path_editor(request, path, form=form, status=400)
    messages.success(request, "Path saved.")
    return redirect("learning:path_edit", pk=pk)


@login_required
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    path = permissions.get_path_for(request.user, pk, manage=True)
    form = StepForm(request.POST)
    added = submit(form, lambda data: services.step_add(path=path, **data))
    if added is None:
        return _path_editor(request, path, step_form=form, status=400)
    if not request.htmx:
        messages.success(request, "Step added.")
        return redirect("learning:path_edit", pk=pk)
    return _path_editor(request, path)


@login_required
@require_POST
def step_move(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    path = permissions.get_path_for(request.user, pk, manage=True)
    step = permissions.get_step_for(request.user, path, step_pk)
    services.step_move(step=step, up=request.POST.get("direction") != "down")
    if request.htmx:
        return _path_editor(request, path)
    return redirect("learning:path_edit", pk=pk)


@login_required
@require_POST
def step_remove(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    path = permissions.get_path_for(request.user, pk, manage=True)
    step = permissions.get_step_for(request.user, path, step_pk)
    services.step_remove(step=step)
    if request.htmx:
        return _path_editor(request, path)
    messages.success(request, "Step removed.")
    return redirect("learning:path_edit", pk=pk)


# My learning --------------------------------------------------------------------------------


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    return render(
        request,
        "learning/my_learning.html",
        {
            "in_progress": queries.paths_in_progress(person=person),
            "completed": queries.completed_paths(person=person),
            "bookmarks": queries.bookmarks_of(person=person, user=request.user)[:10],
        },
    )
