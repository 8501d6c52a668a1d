"""Analytics writes: the weekly digest to program managers; the rollups cut again from the
rows (`rollups_rebuild`); retention and promotion counted ahead of the dashboards
(`outcomes_count`).

The beat runs `digests_send_weekly` every hour. Each manager gets at most one digest per ISO
week of their own time zone, from Monday 07:00 on: the notification key
`digest:<user>:<year>-W<week>` is unique per recipient, so hourly runs, a second beat or a
retried task record nothing twice. A manager with nothing to report gets nothing, and is
looked at again on the next run of the same week (so a beat that was down on Monday still
sends that week's digest once it is back).
"""

from datetime import date, datetime, time, tzinfo

from django.db import connection, transaction
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.analytics import rollups
from mentorpath.analytics.digest import ProgramDigest, digest_message, program_digest
from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.outcomes import outcomes_of
from mentorpath.analytics.permissions import sees_succession, sees_suppressed
from mentorpath.core.timezones import zone_or_utc
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.models import Notification
from mentorpath.notifications.services import notify
from mentorpath.people.models import Person
from mentorpath.programs.enums import ProgramStatus
from mentorpath.programs.models import Program

SEND_FROM = time(7, 0)
"""Monday's digests go out from this local time on."""


def digest_key(user: User, year: int, week: int) -> str:
    return f"digest:{user.pk}:{year}-W{week:02d}"


def _zone(user: User, people: dict[int, Person]) -> tzinfo:
    person = people.get(user.pk)
    if person is None or not person.time_zone:
        return timezone.get_default_timezone()
    return zone_or_utc(person.time_zone)


def digests_send_weekly(*, now: datetime | None = None) -> int:
    """Send this week's digest to every active manager of an active program who has not had
    it yet and has something to report; returns how many were sent."""
    now = now or timezone.now()
    managers = list(
        User.objects.filter(is_active=True, managed_programs__status=ProgramStatus.ACTIVE)
        .distinct()
        .order_by("pk")
    )
    people = {p.user_id: p for p in Person.objects.filter(user__in=managers) if p.user_id}
    built: dict[tuple[int, bool, bool], ProgramDigest] = {}
    sent = 0
    for user in managers:
        zone = _zone(user, people)
        local = now.astimezone(zone)
        year, week, weekday = local.isocalendar()
        if weekday == 1 and local.time() < SEND_FROM:
            continue
        key = digest_key(user, year, week)
        if Notification.objects.filter(recipient=user, key=key).exists():
            continue
        suppressed, succession = sees_suppressed(user), sees_succession(user)
        digests = []
        programs = Program.objects.filter(managers=user, status=ProgramStatus.ACTIVE)
        for program in programs.order_by("name", "pk"):
            cache_key = (program.pk, suppressed, succession)
            if cache_key not in built:
                built[cache_key] = program_digest(
                    program=program, now=now, suppressed=suppressed, succession=succession
                )
            if not built[cache_key].is_empty:
                digests.append(built[cache_key])
        if not digests:
            continue
        message = digest_message(digests, zone=zone, week=(year, week))
        created = notify(
            user=user,
            kind=NotificationKind.PROGRAM_DIGEST,
            key=key,
            subject=message.subject,
            body=message.body,
            html_body=message.html_body,
            url=message.url,
        )
        sent += created is not None
    return sent


@transaction.atomic
def rollups_rebuild() -> bool:
    """(Re)install the rollups' triggers and cut the monthly check-in, pulse and NPS rollups
    again from the raw rows, in the current `TIME_ZONE` (after changing it, or to repair
    them); False where there are none (SQLite). The triggers keep them exact otherwise:
    nothing needs to run on a schedule."""
    if not rollups.supported():
        return False
    rollups.install_triggers()
    rollups.rebuild()
    return True


def outcomes_count(*, today: date | None = None) -> bool:
    """Count retention and promotion for every program, organization-wide, so the comparison
    groups are kept (see `outcomes._participants_and_comparison`) before anyone opens a
    dashboard: cheap when the people data is unchanged, as it is looked up by its digest.
    False where nothing is kept (SQLite)."""
    if connection.vendor != "postgresql":
        return False
    programs = tuple(Program.objects.order_by("pk").values_list("pk", flat=True))
    outcomes_of(scope=Scope(programs=programs), today=today or timezone.localdate())
    return True
