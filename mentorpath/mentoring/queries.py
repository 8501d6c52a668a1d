from django.db.models import Q, QuerySet

from mentorpath.mentoring.enums import LIVE_MENTORSHIP, EndReason, MentorshipStatus
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.models import Program


def mentorships_of(*, person: Person) -> QuerySet[Mentorship]:
    """A participant's own pairs, as mentor or mentee, newest first."""
    return (
        Mentorship.objects.filter(Q(mentor__person=person) | Q(mentee__person=person))
        .select_related("program", "mentor__person", "mentee__person")
        .order_by("-created_at")
    )


def live_mentorships(*, program: Program) -> QuerySet[Mentorship]:
    return program.mentorships.filter(status__in=LIVE_MENTORSHIP)


def blocked_pairs(*, program: Program) -> set[tuple[int, int]]:
    """(mentee person id, mentor person id) pairs never to propose again, in any program:
    pairs that ended for mismatch, and pairs one side declined (an opt-out of that pairing).
    Both are about two people, not a program."""
    people = program.enrollments.values("person")
    mismatch = Q(status=MentorshipStatus.ENDED_EARLY, end_reason=EndReason.MISMATCH)
    declined = Q(status=MentorshipStatus.DECLINED)
    return set(
        Mentorship.objects.filter(mismatch | declined, mentee__person__in=people).values_list(
            "mentee__person_id", "mentor__person_id"
        )
    )
