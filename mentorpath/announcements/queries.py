"""Reads of announcements: who is in an announcement's audience, what a user sees, what a
program team manages, and what is due to be emailed.

The audience of a program announcement is the program's participants (approved enrollments,
mentors and mentees) and its managers; of an organization-wide one, every active user with an
employee record. Both are active users only.
"""

from datetime import datetime

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.announcements.enums import AnnouncementState
from mentorpath.announcements.models import Announcement
from mentorpath.programs.enums import EnrollmentStatus
from mentorpath.programs.models import Enrollment, Program

NOTHING = Q(pk__in=[])


def announcement_state(announcement: Announcement, *, now: datetime | None = None) -> str:
    """Draft, scheduled, published or expired, as of `now`."""
    now = now or timezone.now()
    if announcement.published_at is None:
        return AnnouncementState.DRAFT
    if announcement.published_at > now:
        return AnnouncementState.SCHEDULED
    if announcement.expires_at is not None and announcement.expires_at <= now:
        return AnnouncementState.EXPIRED
    return AnnouncementState.PUBLISHED


def with_state(
    announcements: QuerySet[Announcement], *, now: datetime | None = None
) -> QuerySet[Announcement]:
    """Annotate `state`, the same value as `announcement_state` computed in SQL."""
    now = now or timezone.now()
    return announcements.annotate(
        state=Case(
            When(published_at__isnull=True, then=Value(AnnouncementState.DRAFT.value)),
            When(published_at__gt=now, then=Value(AnnouncementState.SCHEDULED.value)),
            When(expires_at__lte=now, then=Value(AnnouncementState.EXPIRED.value)),
            default=Value(AnnouncementState.PUBLISHED.value),
            output_field=CharField(),
        )
    )


def live_filter(*, now: datetime | None = None) -> Q:
    """Published (not in the future) and not expired."""
    now = now or timezone.now()
    return Q(published_at__lte=now) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def _managed_program_ids(user: User) -> QuerySet:
    return Program.managers.through.objects.filter(user_id=user.pk).values("program_id")


def _enrolled_program_ids(user: User) -> QuerySet:
    return Enrollment.objects.filter(
        person__user_id=user.pk, status=EnrollmentStatus.APPROVED
    ).values("program_id")


def audience_filter(user: User) -> Q:
    """Announcements whose audience `user` is in (whatever their state)."""
    if not user.is_authenticated or not user.is_active or user.pk is None:
        return NOTHING
    audience = Q(program_id__in=_managed_program_ids(user)) | Q(
        program_id__in=_enrolled_program_ids(user)
    )
    if getattr(user, "person", None) is not None:
        audience |= Q(program__isnull=True)
    return audience


def in_audience(user: User, announcement: Announcement) -> bool:
    return Announcement.objects.filter(audience_filter(user), pk=announcement.pk).exists()


def announcements_for(*, user: User, now: datetime | None = None) -> QuerySet[Announcement]:
    """What `user` sees: published, unexpired announcements of their audience, newest first."""
    return (
        Announcement.objects.filter(audience_filter(user))
        .filter(live_filter(now=now))
        .select_related("program", "author")
        .order_by("-published_at", "-pk")
    )


def program_announcements_for(
    *, user: User, program: Program, now: datetime | None = None
) -> QuerySet[Announcement]:
    """The program's current announcements, for someone in its audience (its managers are)
    or an organization admin; nothing for anyone else."""
    current = (
        Announcement.objects.filter(program=program)
        .filter(live_filter(now=now))
        .select_related("program", "author")
        .order_by("-published_at", "-pk")
    )
    if user.is_authenticated and user.is_org_admin:
        return current
    return current.filter(audience_filter(user))


def announceable_programs(*, user: User) -> QuerySet[Program]:
    """Programs `user` may write announcements for: all for an admin, their own otherwise."""
    if not user.is_authenticated or not user.is_active:
        return Program.objects.none()
    if user.is_org_admin:
        return Program.objects.order_by("name")
    return Program.objects.filter(pk__in=_managed_program_ids(user)).order_by("name")


def announcements_managed_by(
    *, user: User, program: Program | None = None, now: datetime | None = None
) -> QuerySet[Announcement]:
    """Every announcement `user` may change, in any state: drafts first, then the newest."""
    if not user.is_authenticated or not user.is_active:
        return Announcement.objects.none()
    announcements = Announcement.objects.all()
    if not user.is_org_admin:
        announcements = announcements.filter(program_id__in=_managed_program_ids(user))
    if program is not None:
        announcements = announcements.filter(program=program)
    return with_state(
        announcements.select_related("program", "author").order_by(
            F("published_at").desc(nulls_first=True), "-pk"
        ),
        now=now,
    )


def audience_users(*, announcement: Announcement) -> QuerySet[User]:
    """The active users an announcement goes to, by id (for sending in batches)."""
    users = User.objects.filter(is_active=True, is_service_account=False)
    if announcement.program_id is None:
        return users.filter(person__isnull=False).order_by("pk")
    participants = Enrollment.objects.filter(
        program_id=announcement.program_id,
        status=EnrollmentStatus.APPROVED,
        person__user__isnull=False,
    ).values("person__user_id")
    managers = Program.managers.through.objects.filter(program_id=announcement.program_id).values(
        "user_id"
    )
    return users.filter(Q(pk__in=participants) | Q(pk__in=managers)).order_by("pk")


def due_for_email(*, now: datetime | None = None) -> QuerySet[Announcement]:
    """Published, unexpired announcements not yet emailed (scheduled ones come due here)."""
    return Announcement.objects.filter(live_filter(now=now), emailed_at__isnull=True).order_by(
        "published_at", "pk"
    )
