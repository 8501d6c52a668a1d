"""Template hooks other apps' pages call: the pair's assigned resources on the pair page and
the top recommendations on the home page."""

from typing import Any

from django import template

from mentorpath.learning.recommendations import recommendations_for
from mentorpath.learning.views_personal import pair_panel_context
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person

register = template.Library()

HOME_RECOMMENDATIONS = 3


def _carried(context: Any) -> dict[str, Any]:
    """What the included template needs from the page: the request and the CSRF token."""
    return {"request": context.get("request"), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("learning/personal/pair_panel.html", takes_context=True)
def pair_learning(context: Any, mentorship: Mentorship, side: str | None) -> dict[str, Any]:
    """The pair's assigned resources: the assign form for the mentor, done and rating controls
    for the mentee, the list alone for a program manager (side None)."""
    return {**_carried(context), **pair_panel_context(mentorship, side or None)}


@register.inclusion_tag("learning/personal/for_you_home.html", takes_context=True)
def learning_for_you(context: Any) -> dict[str, Any]:
    """The top recommendations of the viewer, with a link to the For-you page; nothing for a
    login without an employee profile."""
    request = context.get("request")
    user = getattr(request, "user", None)
    person = (
        Person.objects.filter(user=user).first()
        if user is not None and user.is_authenticated
        else None
    )
    if person is None:
        return {"show": False}
    return {
        **_carried(context),
        "show": True,
        "recommendations": recommendations_for(person=person, limit=HOME_RECOMMENDATIONS),
    }
