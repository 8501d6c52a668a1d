from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.core.exceptions import ApplicationError
from mentorpath.mentoring.enums import (
    LIVE_MENTORSHIP,
    EndReason,
    MentorshipSource,
    MentorshipStatus,
)
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus, ProgramStatus
from mentorpath.programs.models import Enrollment


def _take_slot(mentor: Enrollment) -> None:
    """Take one of the mentor's slots; the database refuses it when none is free.

    `load <= capacity` is a CHECK constraint and the UPDATE locks the row, so two managers
    approving, or a mentee requesting, the last slot at the same moment cannot both succeed.
    """
    try:
        with transaction.atomic():
            Enrollment.objects.filter(pk=mentor.pk).update(load=F("load") + 1)
    except IntegrityError:
        raise ApplicationError(
            f"{mentor.person.full_name} has no free capacity in this program.", code="conflict"
        ) from None


def _free_slot(mentor_id: int) -> None:
    Enrollment.objects.filter(pk=mentor_id, load__gt=0).update(load=F("load") - 1)


@transaction.atomic
def mentorship_propose(
    *,
    mentor: Enrollment,
    mentee: Enrollment,
    by: User | None,
    source: str = MentorshipSource.MATCHING,
    score: float | None = None,
    score_parts: dict[str, float] | None = None,
    explanation: list[dict[str, Any]] | None = None,
) -> Mentorship:
    """Propose a pair; mentor and mentee then each accept or decline."""
    if mentor.program_id != mentee.program_id:
        raise ApplicationError("Mentor and mentee must be enrolled in the same program.")
    if mentor.role != EnrollmentRole.MENTOR or mentee.role != EnrollmentRole.MENTEE:
        raise ApplicationError("Pair a mentor's enrollment with a mentee's enrollment.")
    if mentor.status != EnrollmentStatus.APPROVED or mentee.status != EnrollmentStatus.APPROVED:
        raise ApplicationError("Only approved enrollments can be paired.")
    if mentor.person_id == mentee.person_id:
        raise ApplicationError("A person cannot mentor themself.")
    if mentor.program.status == ProgramStatus.CLOSED:
        raise ApplicationError("This program is closed.")
    _take_slot(mentor)
    try:
        with transaction.atomic():
            return Mentorship.objects.create(
                program_id=mentor.program_id,
                mentor=mentor,
                mentee=mentee,
                source=source,
                proposed_by=by,
                match_score=score,
                score_parts=score_parts or {},
                explanation=explanation or [],
            )
    except IntegrityError:
        raise ApplicationError(
            f"{mentee.person.full_name} already has a mentor in this program.", code="conflict"
        ) from None


def _side_of(mentorship: Mentorship, person: Person) -> str:
    if mentorship.mentor.person_id == person.pk:
        return EnrollmentRole.MENTOR
    if mentorship.mentee.person_id == person.pk:
        return EnrollmentRole.MENTEE
    raise ApplicationError("Only the mentor and the mentee answer a proposal.")


@transaction.atomic
def mentorship_respond(*, mentorship: Mentorship, person: Person, accept: bool) -> Mentorship:
    """The mentor or the mentee accepts or declines. Both accepting starts the mentorship; a
    decline frees the mentor's slot and returns the mentee to the pool."""
    locked = (
        Mentorship.objects.select_for_update()
        .select_related("mentor__person", "mentee__person")
        .get(pk=mentorship.pk)
    )
    side = _side_of(locked, person)
    if locked.status != MentorshipStatus.PROPOSED:
        raise ApplicationError(
            f"This mentorship is {locked.get_status_display().lower()}; it can no longer be "
            "accepted or declined."
        )
    now = timezone.now()
    if not accept:
        locked.status = MentorshipStatus.DECLINED
        locked.declined_by = side
        locked.ended_at = now
        _free_slot(locked.mentor_id)
    else:
        if side == EnrollmentRole.MENTOR:
            locked.mentor_accepted_at = locked.mentor_accepted_at or now
        else:
            locked.mentee_accepted_at = locked.mentee_accepted_at or now
        if locked.mentor_accepted_at and locked.mentee_accepted_at:
            locked.status = MentorshipStatus.ACTIVE
            locked.started_at = now
    locked.save()
    return locked


@transaction.atomic
def mentorship_end(
    *, mentorship: Mentorship, reason: str, note: str = "", by: User | None = None
) -> Mentorship:
    """End a live pair. Ending for 'mismatch' puts both back in the pool, and that pair is
    never proposed again (see `blocked_pairs`)."""
    if reason not in EndReason.values:
        raise ApplicationError({"reason": "Choose why the mentorship ends."})
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if locked.status not in LIVE_MENTORSHIP:
        raise ApplicationError("Only a proposed or active mentorship can end.")
    locked.status = (
        MentorshipStatus.COMPLETED
        if reason == EndReason.COMPLETED
        else MentorshipStatus.ENDED_EARLY
    )
    locked.end_reason = reason
    locked.end_note = note[:500]
    locked.ended_at = timezone.now()
    locked.save()
    _free_slot(locked.mentor_id)
    return locked
