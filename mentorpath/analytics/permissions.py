"""Who may read analytics, over which programs, and in which copy.

- Organization admins: every program, full figures, links to the rows behind them.
- Executive viewers: every program, aggregates only: the small-group-suppressed copy and no
  links to rows. An executive who also manages a program still reads the executive copy:
  the role they hold for the organization decides, so one page never mixes the two.
- Program managers: the programs they manage, full figures and row links.
- Everybody else: no analytics at all (403).

Figures read from the succession pipeline (the "Successors ready now" KPI) go only to those
who may see succession data (`succession.permissions`): admins and executives. A program
manager's copy, on the page, in the CSV and PDF, through the API and in the digest, leaves
them out (`kpis.without_succession`).
"""

from django.db.models import QuerySet

from mentorpath.accounts.models import User
from mentorpath.core.permissions import PermissionDenied
from mentorpath.programs.models import Program
from mentorpath.programs.permissions import get_program_for
from mentorpath.succession.permissions import can_view_succession

REFUSED = "Analytics are for organization admins, executives and program managers."


def analytics_programs(user: User) -> QuerySet[Program]:
    """The programs whose figures `user` may read (none for a participant or an outsider)."""
    if not user.is_authenticated or not user.is_active:
        return Program.objects.none()
    if user.is_org_admin or user.is_executive:
        return Program.objects.order_by("name")
    return user.managed_programs.order_by("name")


def can_view_analytics(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_org_admin or user.is_executive or user.managed_programs.exists()


def sees_suppressed(user: User) -> bool:
    """Executives read the copy with groups under five hidden; admins and managers do not."""
    return user.is_executive and not user.is_org_admin


def sees_succession(user: User) -> bool:
    """Whether the dashboards `user` reads keep the KPIs read from the succession pipeline."""
    return can_view_succession(user)


def sees_rows(user: User) -> bool:
    """Whether figures may link to the pages listing the people and pairs behind them."""
    return not sees_suppressed(user)


def get_analytics_program_for(user: User, slug: str) -> Program:
    """A program whose analytics `user` may read.

    A program the user cannot open at all is a 404 (through `get_program_for`); one they can
    open but whose analytics are not theirs is a 403.
    """
    program = get_program_for(user, slug)
    allowed = user.is_org_admin or user.is_executive or program.managers.filter(pk=user.pk).exists()
    if not allowed:
        raise PermissionDenied("Only this program's managers, admins and executives see this.")
    return program
