from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

__all__ = ["PermissionDenied", "role_required"]


def role_required(
    check: Callable[[Any], bool], message: str = "You do not have access to this page."
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Require login, then `check(user)`; a logged-in user who fails it gets 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
