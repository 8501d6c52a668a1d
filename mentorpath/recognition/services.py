"""Writes of recognition: badges (defined, awarded automatically or by hand, revoked), kudos
(sent, hidden from the wall) and each person's recognition preferences."""

import logging
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from mentorpath.accounts.models import User
from mentorpath.core.exceptions import ApplicationError
from mentorpath.mentoring.enums import STARTED_MENTORSHIP
from mentorpath.mentoring.models import Mentorship
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.services import notify
from mentorpath.people.models import Person
from mentorpath.recognition import queries
from mentorpath.recognition.enums import BadgeCriterion
from mentorpath.recognition.hooks import award_badges_on_commit
from mentorpath.recognition.models import Badge, BadgeAward, Kudos, RecognitionPreference

logger = logging.getLogger(__name__)

KUDOS_MAX = 1000
KUDOS_INTERVAL = timedelta(days=7)
"""One kudos per pair per week: thanks stay meaningful and a kudos-count badge cannot be
farmed by sending the same pair's kudos again and again."""


def _my_recognition_url() -> str:
    return reverse("recognition:mine")


# ---- badges --------------------------------------------------------------------------------


def _check_badge(
    *, name: str, criterion: str, threshold: Decimal | None, badge: Badge | None
) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Give the badge a name."
    elif (
        Badge.objects.filter(name__iexact=name.strip())
        .exclude(pk=badge.pk if badge else 0)
        .exists()
    ):
        errors["name"] = "Another badge has this name."
    if criterion not in BadgeCriterion.values:
        errors["criterion"] = "Choose how the badge is earned."
    elif criterion == BadgeCriterion.MANUAL and threshold is not None:
        errors["threshold"] = "A badge awarded by hand has no threshold."
    elif criterion != BadgeCriterion.MANUAL and (threshold is None or threshold <= 0):
        errors["threshold"] = "An automatic badge needs a threshold above 0."
    if badge is not None and badge.pk and criterion != badge.criterion and badge.awards.exists():
        errors["criterion"] = "People hold this badge already; its criterion cannot change."
    if errors:
        raise ApplicationError(errors)


@transaction.atomic
def badge_save(
    *,
    by: User,
    name: str,
    criterion: str,
    threshold: Decimal | None = None,
    description: str = "",
    symbol: str = "★",
    is_active: bool = True,
    badge: Badge | None = None,
) -> Badge:
    """Define a badge, or change one (`badge`). An active automatic badge is awarded to
    everyone who already meets it once the change is saved."""
    _check_badge(name=name, criterion=criterion, threshold=threshold, badge=badge)
    badge = badge or Badge()
    badge.name = name.strip()
    badge.criterion = criterion
    badge.threshold = threshold
    badge.description = description.strip()
    badge.symbol = symbol.strip() or "★"
    badge.is_active = is_active
    badge.save()
    logger.info("badge %s saved by user %s", badge.pk, by.pk)
    if badge.is_active and badge.criterion != BadgeCriterion.MANUAL:
        transaction.on_commit(lambda: badges_award_due(), robust=True)
    return badge


def _award_notice(award: BadgeAward) -> None:
    user = award.person.user
    if user is None:
        return
    badge = award.badge
    notify(
        user=user,
        kind=NotificationKind.RECOGNITION,
        key=f"badge-award:{award.pk}",
        subject=f"You earned the badge {badge.symbol} {badge.name}",
        body=f"You earned the badge “{badge.name}”"
        + (f": {badge.description}" if badge.description else ".")
        + (f" {award.reason}" if award.reason else ""),
        url=_my_recognition_url(),
    )


def _award(
    *, badge: Badge, person_id: int, now: datetime, by: User | None = None, reason: str = ""
) -> BadgeAward | None:
    """Create the award unless the person holds the badge; None when they already do (also
    when another process created it a moment ago: the unique constraint decides)."""
    try:
        with transaction.atomic():
            award, created = BadgeAward.objects.get_or_create(
                badge=badge,
                person_id=person_id,
                defaults={"awarded_at": now, "awarded_by": by, "reason": reason[:300]},
            )
    except IntegrityError:  # a concurrent insert won between our SELECT and INSERT
        return None
    return award if created else None


def badges_award_due(*, people: Iterable[Person] | None = None, now: datetime | None = None) -> int:
    """Award every active automatic badge its criterion says is earned and that the person
    does not hold yet; each person is told once per award. Returns the awards made.

    Safe to run twice and at the same time: an award is unique per badge and person, so a
    second run finds nothing due and a concurrent insert loses to the first."""
    now = now or timezone.now()
    person_ids: Collection[int] | None = None if people is None else [p.pk for p in people]
    if person_ids is not None and not person_ids:
        return 0
    made = 0
    for badge, person_id in queries.badges_due(person_ids=person_ids):
        with transaction.atomic():
            award = _award(badge=badge, person_id=person_id, now=now)
            if award is None:
                continue
            award = BadgeAward.objects.select_related("badge", "person__user").get(pk=award.pk)
            _award_notice(award)
        made += 1
    if made:
        logger.info("badges awarded: %s", made)
    return made


@transaction.atomic
def badge_award(*, badge: Badge, person: Person, by: User, reason: str) -> BadgeAward:
    """An admin awards a badge by hand (badges 'awarded by hand' only), with a reason."""
    if badge.criterion != BadgeCriterion.MANUAL:
        raise ApplicationError({"badge": "This badge is awarded automatically."})
    if not badge.is_active:
        raise ApplicationError({"badge": "This badge is retired."})
    if not reason.strip():
        raise ApplicationError({"reason": "Say why the badge is awarded."})
    award = _award(badge=badge, person_id=person.pk, now=timezone.now(), by=by, reason=reason)
    if award is None:
        raise ApplicationError(f"{person.full_name} holds this badge already.", code="conflict")
    award = BadgeAward.objects.select_related("badge", "person__user").get(pk=award.pk)
    _award_notice(award)
    return award


@transaction.atomic
def badge_revoke(*, award: BadgeAward, by: User, reason: str) -> None:
    """An admin takes back a badge awarded by hand, with a reason the person is told.
    Automatic badges follow their criterion and cannot be revoked (retire the badge instead)."""
    if award.badge.criterion != BadgeCriterion.MANUAL:
        raise ApplicationError(
            "An automatic badge follows its criterion; retire the badge instead.",
            code="conflict",
        )
    if not reason.strip():
        raise ApplicationError({"reason": "Say why the badge is taken back."})
    award_pk, person, badge = award.pk, award.person, award.badge
    award.delete()
    logger.info("badge award %s revoked by user %s: %s", award_pk, by.pk, reason)
    if person.user is not None:
        notify(
            user=person.user,
            kind=NotificationKind.RECOGNITION,
            key=f"badge-revoked:{award_pk}",
            subject=f"The badge {badge.name} was taken back",
            body=f"The badge “{badge.name}” was taken back: {reason.strip()}",
            url=_my_recognition_url(),
        )


# ---- kudos ---------------------------------------------------------------------------------


@transaction.atomic
def kudos_send(
    *, mentorship: Mentorship, author: Person, message: str, share_on_wall: bool = False
) -> Kudos:
    """The mentee of a pair that started thanks their mentor; the mentor is told.
    `share_on_wall` is the author's consent to show it on the program's recognition wall.
    At most one kudos per pair every 7 days (`KUDOS_INTERVAL`)."""
    if author.pk != mentorship.mentee.person_id:
        raise ApplicationError("Only the mentee of this mentorship can send its mentor kudos.")
    if mentorship.status not in STARTED_MENTORSHIP:
        raise ApplicationError(
            "Kudos can be sent once the mentorship has started.", code="conflict"
        )
    text = message.strip()
    if not text:
        raise ApplicationError({"message": "Write a few words of thanks."})
    if len(text) > KUDOS_MAX:
        raise ApplicationError({"message": f"Keep it to {KUDOS_MAX} characters."})
    _check_kudos_interval(mentorship)
    mentor = mentorship.mentor.person
    kudos = Kudos.objects.create(
        mentorship=mentorship,
        author=author,
        recipient=mentor,
        message=text,
        share_on_wall=share_on_wall,
    )
    if mentor.user is not None:
        notify(
            user=mentor.user,
            kind=NotificationKind.RECOGNITION,
            key=f"kudos:{kudos.pk}",
            subject=f"{author.full_name} sent you kudos",
            body=f"{author.full_name} thanked you for mentoring in {mentorship.program.name}: "
            f"“{text}”",
            url=_my_recognition_url(),
        )
    award_badges_on_commit(person_ids=[mentor.pk])
    return kudos


def _check_kudos_interval(mentorship: Mentorship) -> None:
    # The pair's row lock makes two kudos sent at the same moment wait for each other.
    Mentorship.objects.select_for_update().filter(pk=mentorship.pk).first()
    now = timezone.now()
    last = (
        Kudos.objects.filter(mentorship=mentorship, created_at__gt=now - KUDOS_INTERVAL)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None:
        sent = date_format(timezone.localtime(last), "j F")
        again = date_format(timezone.localtime(last + KUDOS_INTERVAL), "j F, H:i")
        raise ApplicationError(
            f"You already sent your mentor kudos on {sent}; you can send kudos to this mentor "
            f"again from {again} (one kudos a week per mentorship).",
            code="conflict",
        )


@transaction.atomic
def kudos_set_hidden(*, kudos: Kudos, hidden: bool, by: User) -> Kudos:
    """A program manager hides kudos from the program's wall, or shows them again."""
    kudos.hidden_at = timezone.now() if hidden else None
    kudos.save(update_fields=["hidden_at", "updated_at"])
    logger.info("kudos %s %s by user %s", kudos.pk, "hidden" if hidden else "shown", by.pk)
    return kudos


# ---- preferences ---------------------------------------------------------------------------


@transaction.atomic
def preference_save(
    *, person: Person, show_publicly: bool, include_in_reward_export: bool
) -> RecognitionPreference:
    preference, _ = RecognitionPreference.objects.update_or_create(
        person=person,
        defaults={
            "show_publicly": show_publicly,
            "include_in_reward_export": include_in_reward_export,
        },
    )
    return preference
