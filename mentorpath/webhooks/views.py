"""Webhook pages for org admins: endpoints, their secret (shown once), the delivery log and
the test-send button."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorpath.core.forms import submit
from mentorpath.core.permissions import role_required
from mentorpath.webhooks import queries, services
from mentorpath.webhooks.forms import EndpointForm
from mentorpath.webhooks.models import WebhookEndpoint
from mentorpath.webhooks.permissions import can_manage_webhooks, get_endpoint_for

admins_only = role_required(can_manage_webhooks, "Only organization admins manage webhooks.")


@admins_only
def endpoint_list(request: HttpRequest) -> HttpResponse:
    """The endpoints, and a form for a new one; its secret is shown once, here."""
    form = EndpointForm(request.POST or None)
    created: WebhookEndpoint | None = None
    new_secret = None
    if request.method == "POST":
        result = submit(
            form, lambda data: services.endpoint_create(data=data, created_by=request.user)
        )
        if result is not None:
            created, new_secret = result
            form = EndpointForm()
    return render(
        request,
        "webhooks/list.html",
        {
            "form": form,
            "endpoints": queries.endpoints(),
            "created": created,
            "new_secret": new_secret,
        },
    )


def _detail(request: HttpRequest, endpoint: WebhookEndpoint, **extra: Any) -> HttpResponse:
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
    }
    page = Paginator(queries.deliveries(endpoint), 25).get_page(request.GET.get("page"))
    context = {
        "endpoint": endpoint,
        "form": extra.pop("form", None) or EndpointForm(initial=initial),
        "page_obj": page,
        "deliveries": page.object_list,
        **extra,
    }
    return render(request, "webhooks/endpoint.html", context)


@admins_only
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the endpoint and read its delivery log."""
    endpoint = get_endpoint_for(request.user, pk)
    if request.method == "POST":
        form = EndpointForm(request.POST)
        if submit(
            form,
            lambda data: services.endpoint_update(endpoint=endpoint, data=data, by=request.user),
        ):
            messages.success(request, "Endpoint saved.")
            return redirect("webhooks:endpoint", pk=endpoint.pk)
        return _detail(request, endpoint, form=form)
    return _detail(request, endpoint)


@admins_only
@require_POST
def endpoint_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_endpoint_for(request.user, pk)
    secret = services.endpoint_rotate_secret(endpoint=endpoint, by=request.user)
    return _detail(request, endpoint, new_secret=secret)


@admins_only
@require_POST
def endpoint_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_endpoint_for(request.user, pk)
    services.send_test_event(endpoint=endpoint, by=request.user)
    messages.success(request, "Test event (ping) queued; its outcome is in the log below.")
    return redirect("webhooks:endpoint", pk=endpoint.pk)
