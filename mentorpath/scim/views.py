"""SCIM 2.0 endpoints (RFC 7644) under /scim/v2/, and the token page for org admins.

Every SCIM endpoint, discovery included, needs `Authorization: Bearer <key>` of a live SCIM
token; a session login grants nothing here. The endpoints are CSRF-exempt (no cookie is
read) and answer application/scim+json, errors included.
"""

import json
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mentorpath.accounts.models import User
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.permissions import role_required
from mentorpath.scim import discovery, queries, services
from mentorpath.scim.errors import ScimError
from mentorpath.scim.etags import etag_matches
from mentorpath.scim.forms import ScimTokenForm
from mentorpath.scim.models import ScimToken
from mentorpath.scim.permissions import can_manage_scim_tokens, get_scim_token_for
from mentorpath.scim.projection import project, split_names
from mentorpath.scim.schemas import (
    DEFAULT_COUNT,
    ERROR,
    LIST_RESPONSE,
    MAX_RESULTS,
    MAX_START_INDEX,
    SEARCH_REQUEST,
)

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
                return view(request, *args, token=token, **kwargs)
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


def _projection(values: Any, *, as_lists: bool = False) -> tuple[list[str], list[str]]:
    """(attributes, excludedAttributes): comma-separated in a query string, lists in a
    SearchRequest body. Giving both is refused: RFC 7644 §3.4.2.5 makes them exclusive."""
    found = []
    for name in ("attributes", "excludedAttributes"):
        value = _get(values, name)
        if as_lists and value is not None:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ScimError(f"“{name}” is a list of attribute names.", scim_type="invalidValue")
            value = ",".join(value)
        if value is not None and not isinstance(value, str):
            raise ScimError(f"“{name}” is a list of attribute names.", scim_type="invalidValue")
        found.append(split_names(value))
    attributes, excluded = found
    if attributes and excluded:
        raise ScimError(
            "Give “attributes” or “excludedAttributes”, not both.", scim_type="invalidSyntax"
        )
    return attributes, excluded


def _get(values: Any, name: str) -> Any:
    """A query parameter or SearchRequest member; SCIM names are case-insensitive."""
    for key in values:
        if key.lower() == name.lower():
            return values[key]
    return None


def _user_response(request: HttpRequest, user_pk: int, status: int = 200) -> HttpResponse:
    user = queries.scim_user(str(user_pk))
    assert user is not None
    resource = queries.user_resource(user, base=_base(request))
    headers = {"ETag": resource["meta"]["version"]}
    if status == 201:
        headers["Location"] = resource["meta"]["location"]
    attributes, excluded = _projection(request.GET)
    return scim_response(
        project(resource, attributes=attributes, excluded=excluded), status=status, **headers
    )


HUGE = 10**18


def _integer(value: Any, name: str, default: int) -> int:
    """A whole number from a query string or a JSON body; one of any size is taken as huge
    (and then clamped), never handed to the database."""
    if value is None or value == "":
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        text = value.strip()
    else:
        raise ScimError(f"“{name}” is a whole number.", scim_type="invalidValue")
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > len(str(HUGE)) - 1:
        return -HUGE if text.startswith("-") else HUGE
    return int(text)


def _text_param(values: Any, name: str) -> str | None:
    value = _get(values, name)
    if value is not None and not isinstance(value, str):
        raise ScimError(f"“{name}” is text.", scim_type="invalidValue")
    return value


def _list_response(request: HttpRequest, values: Any, *, as_lists: bool = False) -> HttpResponse:
    """GET /Users and POST /Users/.search: the same parameters, from the query or the body."""
    attributes, excluded = _projection(values, as_lists=as_lists)
    start_index = _integer(_get(values, "startIndex"), "startIndex", 1)
    start_index = min(max(start_index, 1), MAX_START_INDEX)
    count = min(max(_integer(_get(values, "count"), "count", DEFAULT_COUNT), 0), MAX_RESULTS)
    total, page = queries.users_page(
        _text_param(values, "filter"),
        start_index=start_index,
        count=count,
        sort_by=_text_param(values, "sortBy"),
        sort_order=_text_param(values, "sortOrder"),
    )
    base = _base(request)
    resources = [queries.user_resource(user, base=base) for user in page]
    return scim_response(
        {
            "schemas": [LIST_RESPONSE],
            "totalResults": total,
            "startIndex": start_index,
            "itemsPerPage": len(page),
            "Resources": [
                project(resource, attributes=attributes, excluded=excluded)
                for resource in resources
            ],
        }
    )


@scim_endpoint("GET", "POST")
def users(request: HttpRequest, *, token: ScimToken) -> HttpResponse:
    if request.method == "POST":
        user = services.scim_user_create(resource=_body(request), token=token)
        return _user_response(request, user.pk, status=201)
    return _list_response(request, request.GET)


@scim_endpoint("POST")
def users_search(request: HttpRequest, *, token: ScimToken) -> HttpResponse:
    """RFC 7644 §3.4.3: GET /Users's parameters in a SearchRequest body."""
    body = _body(request)
    schemas = _get(body, "schemas") if isinstance(body, dict) else None
    if not isinstance(schemas, list) or SEARCH_REQUEST not in schemas:
        raise ScimError(
            f"A search is a JSON object whose “schemas” holds “{SEARCH_REQUEST}”.",
            scim_type="invalidSyntax",
        )
    return _list_response(request, body, as_lists=True)


def _no_user(pk: str) -> HttpResponse:
    return error_response(404, f"No user has the id “{pk}”.")


def _version(request: HttpRequest, user: User) -> str:
    version: str = queries.user_resource(user, base=_base(request))["meta"]["version"]
    return version


def _check_if_match(request: HttpRequest, user: User) -> None:
    header = request.headers.get("If-Match")
    if header is None:
        return
    version = _version(request, user)
    if not etag_matches(header, version):
        raise ScimError(
            f"The user has changed: its version is now {version}, not {header}. Read it again "
            "and send the change with the new version.",
            status=412,
        )


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user_detail(request: HttpRequest, pk: str, *, token: ScimToken) -> HttpResponse:
    if request.method == "GET":
        user = queries.scim_user(pk)
        if user is None:
            return _no_user(pk)
        header = request.headers.get("If-None-Match")
        if header is not None:
            version = _version(request, user)
            if etag_matches(header, version):
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = version
                return not_modified
        return _user_response(request, user.pk)
    with transaction.atomic():
        queries.lock_scim_user(pk)
        user = queries.scim_user(pk)
        if user is None:
            return _no_user(pk)
        _check_if_match(request, user)
        if request.method == "PUT":
            services.scim_user_replace(user=user, resource=_body(request), token=token)
        elif request.method == "PATCH":
            services.scim_user_patch(
                user=user, body=_body(request), base=_base(request), token=token
            )
        else:
            services.scim_user_deactivate(user=user, token=token)
            return HttpResponse(status=204)
    return _user_response(request, user.pk)


@scim_endpoint("GET")
def service_provider_config(request: HttpRequest, *, token: ScimToken) -> HttpResponse:
    return scim_response(discovery.service_provider_config(_discovery_base(request)))


@scim_endpoint("GET")
def schemas(
    request: HttpRequest, schema_id: str | None = None, *, token: ScimToken
) -> HttpResponse:
    base = _discovery_base(request)
    if schema_id is None:
        return scim_response(_list(discovery.schemas(base)))
    found = [s for s in discovery.schemas(base) if s["id"] == schema_id]
    if not found:
        return error_response(404, f"No schema “{schema_id}”.")
    return scim_response(found[0])


@scim_endpoint("GET")
def resource_types(
    request: HttpRequest, name: str | None = None, *, token: ScimToken
) -> HttpResponse:
    base = _discovery_base(request)
    if name is None:
        return scim_response(_list(discovery.resource_types(base)))
    found = [r for r in discovery.resource_types(base) if r["id"] == name]
    if not found:
        return error_response(404, f"No resource type “{name}”; only User is provided.")
    return scim_response(found[0])


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def unsupported(
    request: HttpRequest, what: str, rest: str = "", *, token: ScimToken
) -> HttpResponse:
    return error_response(
        501, f"{what} is not supported by this service provider; only Users are provisioned."
    )


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_found(request: HttpRequest, rest: str = "", *, token: ScimToken) -> HttpResponse:
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
