"""Announcement pages: what I was told (the list and one announcement), and for program
managers and organization admins, writing, publishing, withdrawing and deleting them."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorpath.announcements import permissions, queries, services
from mentorpath.announcements.forms import AnnouncementEditForm, AnnouncementForm, PublishForm
from mentorpath.announcements.models import Announcement
from mentorpath.core.forms import submit
from mentorpath.core.permissions import role_required
from mentorpath.programs.permissions import get_program_for

PAGE_SIZE = 20
WRITERS_ONLY = "Only program managers and organization admins write announcements."


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    """Every current announcement the viewer is in the audience of, newest first."""
    page = Paginator(queries.announcements_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "announcements/list.html",
        {
            "page_obj": page,
            "query_string": "",
            "can_write": permissions.can_write_announcements(request.user),
        },
    )


@role_required(permissions.can_write_announcements, WRITERS_ONLY)
def manage(request: HttpRequest) -> HttpResponse:
    """The announcements the viewer may change, in every state; `?program=<slug>` narrows
    them to one program."""
    slug = request.GET.get("program", "")
    program = get_program_for(request.user, slug, manage=True) if slug else None
    rows = queries.announcements_managed_by(user=request.user, program=program)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "announcements/manage.html",
        {
            "page_obj": page,
            "program": program,
            "query_string": f"program={slug}" if slug else "",
        },
    )


@role_required(permissions.can_write_announcements, WRITERS_ONLY)
def new(request: HttpRequest) -> HttpResponse:
    user = request.user
    slug = request.GET.get("program", "")
    program = get_program_for(user, slug, manage=True) if slug else None
    form = AnnouncementForm(
        _posted(request),
        initial={"program": program},
        programs=queries.announceable_programs(user=user),
        org_wide=permissions.can_announce_to(user, None),
    )
    if request.method == "POST":

        def create(data: dict[str, Any]) -> Announcement:
            permissions.check_can_announce_to(user, data["program"])
            return services.announcement_create(
                by=user,
                program=data["program"],
                title=data["title"],
                body=data["body"],
                expires_at=data["expires_at"],
                **form.publish_kwargs(),
            )

        announcement = submit(form, create)
        if announcement is not None:
            messages.success(request, _saved_message(announcement))
            return redirect("announcements:detail", pk=announcement.pk)
    return render(request, "announcements/form.html", {"form": form, "announcement": None})


def _saved_message(announcement: Announcement) -> str:
    state = queries.announcement_state(announcement)
    if state == "draft":
        return "Draft saved. Publish it when it is ready."
    if state == "scheduled":
        return "Announcement scheduled: it is published and emailed at the time you chose."
    return "Announcement published: its audience sees it on their home page and gets an email."


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = permissions.get_announcement_for(request.user, pk)
    manages = permissions.can_manage_announcement(request.user, announcement)
    context: dict[str, Any] = {
        "announcement": announcement,
        "state": queries.announcement_state(announcement),
        "manages": manages,
    }
    if manages:
        context["audience_count"] = queries.audience_users(announcement=announcement).count()
        context["publish_form"] = PublishForm()
    return render(request, "announcements/detail.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = permissions.get_announcement_for(request.user, pk, manage=True)
    form = AnnouncementEditForm(
        _posted(request), initial=AnnouncementEditForm.initial_of(announcement)
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.announcement_update(announcement=announcement, **data),
        )
        if saved is not None:
            messages.success(request, "Announcement saved.")
            return redirect("announcements:detail", pk=announcement.pk)
    return render(request, "announcements/form.html", {"form": form, "announcement": announcement})


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = permissions.get_announcement_for(request.user, pk, manage=True)
    form = PublishForm(request.POST)
    published = submit(
        form,
        lambda data: services.announcement_publish(
            announcement=announcement, at=data["publish_at"]
        ),
    )
    if published is None:
        context = {
            "announcement": announcement,
            "state": queries.announcement_state(announcement),
            "manages": True,
            "audience_count": queries.audience_users(announcement=announcement).count(),
            "publish_form": form,
        }
        return render(request, "announcements/detail.html", context, status=400)
    messages.success(request, _saved_message(published))
    return redirect("announcements:detail", pk=pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = permissions.get_announcement_for(request.user, pk, manage=True)
    _act(
        request,
        lambda: services.announcement_withdraw(announcement=announcement),
        "Announcement withdrawn: it is a draft again and no longer shown.",
    )
    return redirect("announcements:detail", pk=pk)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = permissions.get_announcement_for(request.user, pk, manage=True)
    try:
        services.announcement_delete(announcement=announcement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("announcements:detail", pk=pk)
    messages.success(request, "Draft deleted.")
    return redirect("announcements:manage")
