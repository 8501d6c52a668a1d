from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

T = TypeVar("T")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: field errors by field, the rest at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def submit(form: forms.BaseForm, action: Callable[[dict[str, Any]], T]) -> T | None:
    """Validate `form`, then run `action(form.cleaned_data)` (a service call).

    Returns the service's result, or None when the form was invalid or the service refused;
    a refusal is shown on the form. Every service called this way returns the object it
    wrote, so None means "show the form again".
    """
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
