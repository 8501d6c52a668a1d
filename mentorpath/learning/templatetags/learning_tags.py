"""Template hooks other apps' pages call; stubs until the feature fills them in."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def pair_learning(context: Any, *args: Any) -> str:
    return ""


@register.simple_tag(takes_context=True)
def learning_for_you(context: Any, *args: Any) -> str:
    return ""
