"""Resources a mentor assigns to their mentee: assigning (the mentee is told), marking done
and rating (which also records the mentee's usefulness rating, feeding the recommendations),
and who may see and do what."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning.enums import Audience
from mentorpath.learning.models import Resource, ResourceAssignment
from mentorpath.learning.services import resource_rate
from mentorpath.mentoring.enums import RUNNING_MENTORSHIP, STARTED_MENTORSHIP
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.permissions import get_mentorship_for, participant_side
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.services import notify
from mentorpath.people.models import Person

CONFLICT = "conflict"
RATING_MESSAGE = "Rate from 1 (not useful) to 5 (very useful)."

# Queries ------------------------------------------------------------------------------------


def assignments_of(*, mentorship: Mentorship) -> QuerySet[ResourceAssignment]:
    """The pair's assigned resources, open ones first, newest first within each."""
    return (
        ResourceAssignment.objects.filter(mentorship=mentorship)
        .select_related("resource", "assigned_by")
        .order_by("done_at", "-created_at", "-pk")
    )


def assignable_resources(*, mentorship: Mentorship) -> QuerySet[Resource]:
    """Published resources for mentees the pair has not been assigned yet."""
    return Resource.objects.filter(
        is_published=True, audience__in=(Audience.MENTEE, Audience.BOTH)
    ).exclude(assignments__mentorship=mentorship)


# Permissions --------------------------------------------------------------------------------


def get_pair_for_assignments(user: User, mentorship_pk: int) -> tuple[Mentorship, str | None]:
    """The pair and the viewer's side ('mentor', 'mentee', or None for a program manager, who
    may only read); 404 for everyone else."""
    mentorship = get_mentorship_for(user, mentorship_pk)
    return mentorship, participant_side(mentorship, user)


def require_side(mentorship: Mentorship, user: User, side: str) -> Person:
    """The viewer's person when they are the pair's `side`; PermissionDenied otherwise (the
    caller already made sure they may see the pair)."""
    if participant_side(mentorship, user) != side:
        raise PermissionDenied(
            "Only the mentor of this pair can assign resources."
            if side == "mentor"
            else "Only the mentee of this pair can mark a resource done."
        )
    return mentorship.mentor.person if side == "mentor" else mentorship.mentee.person


def get_assignment_for(
    user: User, mentorship_pk: int, assignment_pk: int
) -> tuple[ResourceAssignment, str | None]:
    mentorship, side = get_pair_for_assignments(user, mentorship_pk)
    assignment = (
        ResourceAssignment.objects.select_related("resource", "assigned_by")
        .filter(pk=assignment_pk, mentorship=mentorship)
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    assignment.mentorship = mentorship
    return assignment, side


# Services -----------------------------------------------------------------------------------


def _pair_url(mentorship: Mentorship) -> str:
    return reverse("mentoring:detail", args=[mentorship.pk]) + "#learning"


@transaction.atomic
def assignment_create(
    *, mentorship: Mentorship, mentor: Person, resource: Resource, note: str = ""
) -> ResourceAssignment:
    """The mentor assigns a resource to their mentee with a note; the mentee is told."""
    if mentorship.mentor.person_id != mentor.pk:
        raise ApplicationError("Only the mentor of this pair can assign resources.")
    if mentorship.status not in RUNNING_MENTORSHIP:
        raise ApplicationError(
            f"This mentorship is {mentorship.get_status_display().lower()}: resources are "
            "assigned while it is active or paused.",
            code=CONFLICT,
        )
    if not resource.is_published or resource.audience == Audience.MENTOR:
        raise ApplicationError({"resource": "Choose a published resource meant for mentees."})
    try:
        with transaction.atomic():
            assignment = ResourceAssignment.objects.create(
                mentorship=mentorship,
                resource=resource,
                assigned_by=mentor,
                note=note.strip()[:2000],
            )
    except IntegrityError:
        raise ApplicationError(
            {"resource": "You already assigned this resource to your mentee."}
        ) from None
    mentee = mentorship.mentee.person
    if mentee.user is not None:
        body = f"{mentor.full_name} assigned you “{resource.title}”."
        if assignment.note:
            body += f"\n\nTheir note: {assignment.note}"
        notify(
            user=mentee.user,
            kind=NotificationKind.LEARNING,
            key=f"resource-assignment-{assignment.pk}",
            subject=f"{mentor.full_name} assigned you “{resource.title}”",
            body=body,
            url=_pair_url(mentorship),
        )
    return assignment


@transaction.atomic
def assignment_done(
    *, assignment: ResourceAssignment, mentee: Person, rating: int | None = None
) -> ResourceAssignment:
    """The mentee marks an assigned resource done and, optionally, rates how useful it was
    (1–5; rating again changes it). The rating is also their rating of the resource."""
    mentorship = assignment.mentorship
    if mentorship.mentee.person_id != mentee.pk:
        raise ApplicationError("Only the mentee of this pair can mark a resource done.")
    if mentorship.status not in STARTED_MENTORSHIP:
        raise ApplicationError(
            "Resources are marked done once the mentorship has started.", code=CONFLICT
        )
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5
    ):
        raise ApplicationError({"rating": RATING_MESSAGE})
    locked = ResourceAssignment.objects.select_for_update().get(pk=assignment.pk)
    fields = []
    if locked.done_at is None:
        locked.done_at = timezone.now()
        fields.append("done_at")
    if rating is not None:
        locked.rating = rating
        fields.append("rating")
        resource_rate(person=mentee, resource=assignment.resource, rating=rating)
    if fields:
        locked.save(update_fields=[*fields, "updated_at"])
    assignment.done_at, assignment.rating = locked.done_at, locked.rating
    return assignment
