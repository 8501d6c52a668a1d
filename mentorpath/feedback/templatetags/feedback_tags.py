"""Feedback pieces shown on other apps' pages: the pulse on a held check-in and the surveys
waiting on the home page. Each renders a named partial of a feedback template."""

from typing import Any

from django import template

from mentorpath.feedback import queries
from mentorpath.feedback.forms import PulseForm
from mentorpath.mentoring.models import CheckIn
from mentorpath.people.models import Person

register = template.Library()


def _person(context: template.Context) -> Person | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


@register.inclusion_tag("feedback/pulse.html#widget", takes_context=True)
def pulse_widget(context: template.Context, checkin: CheckIn) -> dict[str, Any]:
    """ "How useful was this check-in?" for one of the pair: the form, or their rating."""
    person = _person(context)
    pulse = queries.pulse_of(checkin=checkin, person=person) if person else None
    return {
        "checkin": checkin,
        "pulse": pulse,
        "form": None if pulse is not None else PulseForm(),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("feedback/mine.html#waiting", takes_context=True)
def surveys_waiting(context: template.Context) -> dict[str, Any]:
    """The viewer's unanswered surveys; nothing at all when there are none."""
    person = _person(context)
    pending = list(queries.responses_pending_for(person=person)) if person else []
    return {"pending": pending, "hide_empty": True}
