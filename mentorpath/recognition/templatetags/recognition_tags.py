"""Recognition on other apps' pages: the pair page, a person's profile, a program's page."""

from typing import Any

from django import template

from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.models import Program
from mentorpath.recognition import permissions, queries
from mentorpath.recognition.views import pair_context

register = template.Library()


def _with_csrf(context: Any, values: dict[str, Any]) -> dict[str, Any]:
    """An inclusion tag gets a fresh context: carry the CSRF token its forms need."""
    values["csrf_token"] = context.get("csrf_token")
    return values


@register.inclusion_tag("recognition/includes/pair.html", takes_context=True)
def pair_recognition(context: Any, mentorship: Mentorship, side: str | None) -> dict[str, Any]:
    """Kudos form for the mentee, the pair's kudos for both, and the certificate once the
    pair completed."""
    return _with_csrf(context, pair_context(context["request"], mentorship, side))


@register.inclusion_tag("recognition/includes/profile.html", takes_context=True)
def profile_recognition(context: Any, person: Person) -> dict[str, Any]:
    """Badges, hours and kudos on a profile: always to the person, to others only when the
    person shows their recognition publicly."""
    user = context["request"].user
    if not permissions.can_see_recognition_of(user, person):
        return {"visible": False}
    return {
        "visible": True,
        "own": person.user_id is not None and person.user_id == user.pk,
        "summary": queries.summary_of(person=person),
    }


@register.inclusion_tag("recognition/includes/program.html", takes_context=True)
def program_recognition(context: Any, program: Program) -> dict[str, Any]:
    """The newest kudos of the program's wall and the link to it."""
    return {"program": program, "top": queries.wall_top(program=program)}
