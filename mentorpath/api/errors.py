"""One JSON error shape for every 4xx: {"detail": "...", "errors": {field: message}}."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

UNAUTHENTICATED = "Log in, or send your API token as `Authorization: Bearer <key>`."


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error part of an endpoint's `response={...}`, so the schema documents each 4xx."""
    return dict.fromkeys(codes, ErrorOut)


def _api_field(name: str) -> str:
    # Services key application answers as "q_<question id>"; API clients send them in `answers`.
    if name.startswith("q_") and name[2:].isdigit():
        return f"answers.{name[2:]}"
    return name


def _summary(general: str, fields: dict[str, str]) -> str:
    if general:
        return general
    if len(fields) == 1:
        return next(iter(fields.values()))
    return "Some fields are not valid; see `errors`."


def _error(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": fields or {}}, status=status)


def register_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DjangoValidationError)
    def business_rule(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        """ApplicationError from a service, or a model's full_clean(): the input broke a rule."""
        if not hasattr(exc, "error_dict"):
            status = 409 if getattr(exc, "code", None) == "conflict" else 400
            return _error(api, request, status, " ".join(exc.messages))
        fields = {_api_field(k): " ".join(v) for k, v in exc.message_dict.items()}
        general = fields.pop(NON_FIELD_ERRORS, "")
        return _error(api, request, 400, _summary(general, fields), fields=fields)

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, str] = {}
        for error in exc.errors:
            loc = [str(part) for part in error.get("loc", ())]
            # loc is (source, name, ...) for query and path, (body, param, field, ...) for JSON.
            path = loc[2:] if loc[:1] == ["body"] else loc[1:]
            message = str(error["msg"]).removeprefix("Value error, ")
            fields.setdefault(".".join(path) or (loc[0] if loc else "request"), message)
        return _error(api, request, 422, _summary("", fields), fields=fields)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _error(api, request, 403, str(exc) or "You do not have access to this.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, "Not found.")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = exc.message if exc.message != "Unauthorized" else UNAUTHENTICATED
        response = _error(api, request, 401, detail)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        """Ninja's own refusals: an unparsable body (400), a failed CSRF check (403)."""
        return _error(api, request, exc.status_code, str(exc))
