from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.models import Notification, NotificationPreference

PAGE_SIZE = 25


def unread_count(*, user: User) -> int:
    """How many notices in `user`'s notification centre are still unread."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """`user`'s notification centre: in-app notices only, newest first."""
    return Notification.objects.filter(recipient=user, in_app=True).order_by("-created_at", "-pk")


def notifications_page(
    *, user: User, page: int | str | None = None, per_page: int = PAGE_SIZE
) -> Page:
    """One page of `notifications_for(user)`; an out-of-range page number gives the last."""
    return Paginator(notifications_for(user=user), per_page).get_page(page)


def preferences_of(*, user: User) -> dict[str, tuple[bool, bool]]:
    """Every kind → (email, in_app) for `user`; a kind without a stored choice is both on."""
    stored = {
        pref.kind: (pref.email, pref.in_app)
        for pref in NotificationPreference.objects.filter(user=user)
    }
    return {kind: stored.get(kind, (True, True)) for kind in NotificationKind.values}


def preference_for(*, user: User, kind: str) -> tuple[bool, bool]:
    """(email, in_app) for one kind; both on unless `user` turned them off."""
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return (pref.email, pref.in_app) if pref else (True, True)


def pending_email_ids(*, older_than: timedelta = timedelta(0), limit: int = 500) -> list[int]:
    """Notices still owed an email, oldest first, created at least `older_than` ago."""
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(
            email_wanted=True, emailed_at__isnull=True, created_at__lte=cutoff
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
