from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from mentorpath.core.forms import add_service_errors
from mentorpath.core.htmx import partial_or_page
from mentorpath.notifications import services
from mentorpath.notifications.forms import PreferencesForm
from mentorpath.notifications.permissions import get_notification_for
from mentorpath.notifications.queries import notifications_page, preferences_of, unread_count
from mentorpath.notifications.validators import is_site_path

CENTRE = "notifications/centre.html"
# Sent with every change, so the badge in the navigation refreshes itself (hx-trigger).
CHANGED = "notifications-changed"


def _render_centre(request: HttpRequest, page: str | None = None) -> HttpResponse:
    response = render(
        request,
        partial_or_page(request, CENTRE, "list"),
        {
            "page_obj": notifications_page(user=request.user, page=page),
            "unread": unread_count(user=request.user),
            "query_string": "",
        },
    )
    if request.method == "POST":
        response["HX-Trigger"] = CHANGED
    return response


def _back_to_centre(request: HttpRequest) -> HttpResponse:
    """After a change: the list partial for htmx, the same page of the centre otherwise."""
    page = request.POST.get("page", "")
    if request.htmx:
        return _render_centre(request, page)
    url = reverse("notifications:centre")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_GET
def centre(request: HttpRequest) -> HttpResponse:
    return _render_centre(request, request.GET.get("page"))


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the navigation, polled by htmx. Polling after the session ended
    gets 204 (htmx leaves the badge alone) rather than a login page swapped into the nav."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "notifications/badge.html", {"unread": unread_count(user=request.user)})


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read, then go where the notification points, if that is a path on this site."""
    notification = get_notification_for(request.user, pk)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    return redirect(notification.url if is_site_path(notification.url) else "core:home")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for(request.user, pk)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    return _back_to_centre(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if not request.htmx:
        messages.success(request, f"{count} marked read." if count else "Nothing was unread.")
    return _back_to_centre(request)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial_prefs=preferences_of(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(user=request.user, prefs=form.prefs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Notification settings saved.")
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
