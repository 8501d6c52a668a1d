"""Who is looking at a pair: their person, whether they are in it, and their time zone.

The mentoring endpoints share these so that "participants only" writes, the notes a caller
may read and the local times they see are decided the same way everywhere.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.http import HttpRequest

from mentorpath.api.auth import current_user
from mentorpath.core.permissions import PermissionDenied
from mentorpath.core.timezones import zone_or_utc
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.permissions import participant_side
from mentorpath.people.models import Person
from mentorpath.programs.permissions import can_manage_program

UTC = ZoneInfo("UTC")
PARTICIPANTS_ONLY = "Only the mentor and the mentee of this pair can do that."
MANAGERS_ONLY = "Only this program's managers can do that."
_CACHE = "_mentorpath_viewer"


@dataclass(frozen=True)
class Viewer:
    person: Person | None
    zone: ZoneInfo


def viewer(request: HttpRequest) -> Viewer:
    """The caller's person (None without an employee profile) and time zone, read once."""
    found: Viewer | None = getattr(request, _CACHE, None)
    if found is None:
        person = Person.objects.filter(user=current_user(request)).first()
        found = Viewer(person=person, zone=_zone(person))
        setattr(request, _CACHE, found)
    return found


def _zone(person: Person | None) -> ZoneInfo:
    return zone_or_utc(person.time_zone if person else None)


def participant(request: HttpRequest, mentorship: Mentorship) -> Person:
    """The caller's person when they are the pair's mentor or mentee; 403 for anyone else who
    may see the pair (its program's managers and the organization's admins)."""
    person = viewer(request).person
    if person is None or participant_side(mentorship, current_user(request)) is None:
        raise PermissionDenied(PARTICIPANTS_ONLY)
    return person


def reader(request: HttpRequest, mentorship: Mentorship) -> Person | None:
    """Whom `notes_visible_to` reads for: the caller's person when they are in the pair, else
    None, so managers and admins get shared notes only and never a private one."""
    if participant_side(mentorship, current_user(request)) is None:
        return None
    return viewer(request).person


def manager(request: HttpRequest, mentorship: Mentorship) -> None:
    """Refuse (403) a caller who may see the pair but does not manage its program."""
    if not can_manage_program(current_user(request), mentorship.program):
        raise PermissionDenied(MANAGERS_ONLY)
