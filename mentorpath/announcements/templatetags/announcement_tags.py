"""Template hooks other apps' pages call: the home page's announcements panel and a
program page's announcements."""

from typing import Any

from django import template

from mentorpath.announcements.enums import HOME_LIMIT
from mentorpath.announcements.permissions import can_announce_to
from mentorpath.announcements.queries import announcements_for, program_announcements_for
from mentorpath.programs.models import Program

register = template.Library()


def _user(context: Any) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("announcements/_home.html", takes_context=True)
def home_announcements(context: Any, *args: Any) -> dict[str, Any]:
    """The newest current announcements for the viewer (at most 5), each with its program
    or "Organization", and a link to all of them; nothing when there are none."""
    user = _user(context)
    if user is None or not user.is_authenticated:
        return {"announcements": []}
    return {"announcements": list(announcements_for(user=user)[:HOME_LIMIT])}


@register.inclusion_tag("announcements/_program.html", takes_context=True)
def program_announcements(context: Any, *args: Any) -> dict[str, Any]:
    """A program's current announcements for its audience (and the link to write one for its
    managers); nothing for anyone else."""
    user = _user(context)
    program = args[0] if args else context.get("program")
    if user is None or not user.is_authenticated or not isinstance(program, Program):
        return {"announcements": [], "can_announce": False}
    return {
        "announcements": list(program_announcements_for(user=user, program=program)),
        "can_announce": can_announce_to(user, program),
        "program": program,
    }
