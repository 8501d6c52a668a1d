"""Who may write, change and read announcements. Every view and API operation fetches here.

Writing: organization admins for any program and for the whole organization; a program's
managers for that program only. Reading: the announcement's audience (see `queries`) once it
is published, and whoever may change it in any state. An announcement a user may not read is
a 404; one they may read but not change is a 403.
"""

from django.http import Http404

from mentorpath.accounts.models import User
from mentorpath.announcements.enums import AnnouncementState
from mentorpath.announcements.models import Announcement
from mentorpath.announcements.queries import announcement_state, in_audience
from mentorpath.core.permissions import PermissionDenied
from mentorpath.programs.models import Program
from mentorpath.programs.permissions import can_manage_program, get_program_by_id_for

ORG_WIDE_REFUSED = "Only organization admins announce to the whole organization."
PROGRAM_REFUSED = "Only this program's managers can announce to its participants."


def can_write_announcements(user: User) -> bool:
    """May write an announcement to at least one audience."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_org_admin or user.managed_programs.exists()


def can_announce_to(user: User, program: Program | None) -> bool:
    """May write to `program`'s participants, or with None to the whole organization."""
    if not user.is_authenticated or not user.is_active:
        return False
    if program is None:
        return user.is_org_admin
    return can_manage_program(user, program)


def can_manage_announcement(user: User, announcement: Announcement) -> bool:
    return can_announce_to(user, announcement.program)


def can_view_announcement(user: User, announcement: Announcement) -> bool:
    if can_manage_announcement(user, announcement):
        return True
    if announcement_state(announcement) in (AnnouncementState.DRAFT, AnnouncementState.SCHEDULED):
        return False
    return in_audience(user, announcement)


def get_announcement_for(user: User, pk: int, *, manage: bool = False) -> Announcement:
    """The announcement if `user` may read it (404 otherwise) and, with manage, change it
    (403 for its readers)."""
    announcement = Announcement.objects.select_related("program", "author").filter(pk=pk).first()
    if announcement is None or not can_view_announcement(user, announcement):
        raise Http404("No such announcement.")
    if manage:
        check_can_announce_to(user, announcement.program)
    return announcement


def check_can_announce_to(user: User, program: Program | None) -> None:
    """Raise PermissionDenied unless `user` may write to this audience."""
    if not can_announce_to(user, program):
        raise PermissionDenied(PROGRAM_REFUSED if program is not None else ORG_WIDE_REFUSED)


def get_audience_program_for(user: User, program_id: int | None) -> Program | None:
    """The program an announcement is written for (None: the whole organization), checked:
    a program the user cannot see is a 404, an audience they may not write to a 403."""
    program = None if program_id is None else get_program_by_id_for(user, program_id)
    check_can_announce_to(user, program)
    return program
