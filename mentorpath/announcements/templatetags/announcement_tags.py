"""Template hooks other apps' pages call; stubs until the feature fills them in."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def home_announcements(context: Any, *args: Any) -> str:
    return ""


@register.simple_tag(takes_context=True)
def program_announcements(context: Any, *args: Any) -> str:
    return ""
