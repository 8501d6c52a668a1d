"""SCIM 2.0 endpoints (RFC 7644) under /scim/v2/, and the token page for org admins.

Every SCIM endpoint, discovery included, needs `Authorization: Bearer <key>` of a live SCIM
token; a session login grants nothing here. The endpoints are CSRF-exempt (no cookie is
read) and answer application/scim+json, errors included.
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.permissions import role_required
from mentorpath.scim import discovery, queries, services
from mentorpath.scim.errors import ScimError
from mentorpath.scim.forms import ScimTokenForm
from mentorpath.scim.permissions import can_manage_scim_tokens, get_scim_token_for
from mentorpath.scim.schemas import DEFAULT_COUNT, ERROR, LIST_RESPONSE, MAX_RESULTS

CONTENT_TYPE = "application/scim+json"


def scim_response(data: Any, status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data), status=status, content_type=CONTENT_TYPE)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(status: int, detail: str, scim_type: str | None = None) -> HttpResponse:
    body: dict[str, Any] = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    response = scim_response(body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="SCIM"'
    return response


def _bearer_key(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


SCIMView = Callable[..., HttpResponse]


def scim_endpoint(*methods: str) -> Callable[[SCIMView], SCIMView]:
    """Bearer-token auth, the allowed methods, and ScimErrors answered as SCIM errors."""

    def decorator(view: SCIMView) -> SCIMView:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = _bearer_key(request)
            if not key:
                return error_response(401, "Authorization: Bearer <SCIM token> is required.", None)
            token = queries.scim_token_live(key)
            if token is None:
                return error_response(401, "The bearer token is not a live SCIM token.")
            services.scim_token_touch(token=token)
            if request.method not in methods:
                return error_response(
                    405, f"{request.method} is not supported here; use {', '.join(methods)}."
                )
            try:
                return view(request, *args, **kwargs)
            except ScimError as error:
                return error_response(error.status, error.detail, error.scim_type)

        return wrapped

    return decorator


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ScimError("The request body is not JSON.", scim_type="invalidSyntax") from None


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("scim:users"))


def _user_response(request: HttpRequest, user_pk: int, status: int = 200) -> HttpResponse:
    user = queries.scim_user(str(user_pk))
    assert user is not None
    resource = queries.user_resource(user, base=_base(request))
    headers = {"ETag": resource["meta"]["version"]}
    if status == 201:
        headers["Location"] = resource["meta"]["location"]
    return scim_response(resource, status=status, **headers)


def _integer(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ScimError(f"“{name}” is a whole number.", scim_type="invalidValue") from None


@scim_endpoint("GET", "POST")
def users(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        user = services.scim_user_create(resource=_body(request))
        return _user_response(request, user.pk, status=201)
    start_index = max(_integer(request, "startIndex", 1), 1)
    count = min(max(_integer(request, "count", DEFAULT_COUNT), 0), MAX_RESULTS)
    total, page = queries.users_page(
        request.GET.get("filter"), start_index=start_index, count=count
    )
    base = _base(request)
    return scim_response(
        {
            "schemas": [LIST_RESPONSE],
            "totalResults": total,
            "startIndex": start_index,
            "itemsPerPage": len(page),
            "Resources": [queries.user_resource(user, base=base) for user in page],
        }
    )


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user_detail(request: HttpRequest, pk: str) -> HttpResponse:
    user = queries.scim_user(pk)
    if user is None:
        return error_response(404, f"No user has the id “{pk}”.")
    if request.method == "GET":
        return _user_response(request, user.pk)
    if request.method == "PUT":
        services.scim_user_replace(user=user, resource=_body(request))
    elif request.method == "PATCH":
        services.scim_user_patch(user=user, body=_body(request), base=_base(request))
    else:
        services.scim_user_deactivate(user=user)
        return HttpResponse(status=204)
    return _user_response(request, user.pk)


@scim_endpoint("GET")
def service_provider_config(request: HttpRequest) -> HttpResponse:
    return scim_response(discovery.service_provider_config(_discovery_base(request)))


@scim_endpoint("GET")
def schemas(request: HttpRequest, schema_id: str | None = None) -> HttpResponse:
    base = _discovery_base(request)
    if schema_id is None:
        return scim_response(_list(discovery.schemas(base)))
    found = [s for s in discovery.schemas(base) if s["id"] == schema_id]
    if not found:
        return error_response(404, f"No schema “{schema_id}”.")
    return scim_response(found[0])


@scim_endpoint("GET")
def resource_types(request: HttpRequest, name: str | None = None) -> HttpResponse:
    base = _discovery_base(request)
    if name is None:
        return scim_response(_list(discovery.resource_types(base)))
    found = [r for r in discovery.resource_types(base) if r["id"] == name]
    if not found:
        return error_response(404, f"No resource type “{name}”; only User is provided.")
    return scim_response(found[0])


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def unsupported(request: HttpRequest, what: str, rest: str = "") -> HttpResponse:
    return error_response(
        501, f"{what} is not supported by this service provider; only Users are provisioned."
    )


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, f"There is no SCIM endpoint “/{rest}”.")


def _discovery_base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("scim:service_provider_config")).rsplit("/", 1)[0]


def _list(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": len(resources),
        "startIndex": 1,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


# --- The token page (session login, org admins) ----------------------------------------------

admins_only = role_required(can_manage_scim_tokens, "Only organization admins manage SCIM tokens.")


@admins_only
def tokens(request: HttpRequest) -> HttpResponse:
    """Create and revoke SCIM tokens. A new token's key is shown once and never again."""
    new_key = None
    form = ScimTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = services.scim_token_create(
                name=form.cleaned_data["name"], created_by=request.user
            )
        except ApplicationError as error:
            form.add_error(None, error)
        else:
            form = ScimTokenForm()
    return render(
        request,
        "scim/tokens.html",
        {
            "form": form,
            "tokens": queries.scim_tokens(),
            "new_key": new_key,
            "base_url": request.build_absolute_uri(reverse("scim:users")).rsplit("/", 1)[0],
        },
    )


@admins_only
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_scim_token_for(request.user, pk)
    services.scim_token_revoke(token=token, by=request.user)
    messages.success(request, f"SCIM token “{token.name}” was revoked.")
    return redirect("scim:tokens")
