"""Template hooks other apps' pages call; stubs until the feature fills them in."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def pair_recognition(context: Any, *args: Any) -> str:
    return ""


@register.simple_tag(takes_context=True)
def profile_recognition(context: Any, *args: Any) -> str:
    return ""


@register.simple_tag(takes_context=True)
def program_recognition(context: Any, *args: Any) -> str:
    return ""
