import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet

from mentorpath.matching.enums import ProposalStatus, RequestStatus
from mentorpath.matching.models import MatchProposal, MatchRun, MentorRequest
from mentorpath.people.models import Person
from mentorpath.programs.models import Enrollment, Program


def runs_of(*, program: Program) -> QuerySet[MatchRun]:
    return program.match_runs.select_related("created_by").order_by("-created_at")


def previous_run(*, run: MatchRun) -> MatchRun | None:
    """The program's last finished run before this one, to compare results with."""
    return (
        run.program.match_runs.filter(status="done", created_at__lt=run.created_at)
        .order_by("-created_at")
        .first()
    )


def run_proposals(
    *, run: MatchRun, show: str = "", search: str = "", sort: str = "-score"
) -> QuerySet[MatchProposal]:
    proposals = run.proposals.select_related(
        "mentee__person__department", "mentor__person__department"
    )
    if show == "matched":
        proposals = proposals.filter(mentor__isnull=False)
    elif show == "unmatched":
        proposals = proposals.filter(mentor__isnull=True)
    elif show == "overridden":
        proposals = proposals.filter(overridden=True)
    elif show == "approved":
        proposals = proposals.filter(status=ProposalStatus.APPROVED)
    for word in search.split():
        proposals = proposals.filter(
            Q(mentee__person__first_name__icontains=word)
            | Q(mentee__person__last_name__icontains=word)
            | Q(mentor__person__first_name__icontains=word)
            | Q(mentor__person__last_name__icontains=word)
        )
    orders: dict[str, list[Any]] = {
        "score": [F("score").asc(nulls_first=True)],
        "name": ["mentee__person__last_name", "mentee__person__first_name"],
    }
    order = orders.get(sort, [F("score").desc(nulls_last=True)])
    return proposals.order_by(*order, "pk")


@dataclass
class Responsiveness:
    """How one mentor answered the requests they received."""

    mentor: Enrollment
    received: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    response_hours: list[float] = field(default_factory=list)

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.response_hours), 1) if self.response_hours else None

    def __getattr__(self, status: str) -> int:
        if status in RequestStatus.values:
            return self.counts[status]
        raise AttributeError(status)


def mentor_responsiveness(*, program: Program) -> list[Responsiveness]:
    """Per mentor who received requests: how many, how they were answered, and how fast;
    mentors who let requests expire first."""
    rows: dict[int, Responsiveness] = {}
    for request in program.mentor_requests.select_related("mentor__person"):
        row = rows.setdefault(request.mentor_id, Responsiveness(request.mentor))
        row.received += 1
        row.counts[request.status] += 1
        if request.responded_at:
            hours = (request.responded_at - request.created_at).total_seconds() / 3600
            row.response_hours.append(hours)
    return sorted(rows.values(), key=lambda r: (-r.counts["expired"], -r.received))


def requests_for_mentor(*, person: Person) -> QuerySet[MentorRequest]:
    return MentorRequest.objects.filter(
        mentor__person=person, status=RequestStatus.PENDING
    ).select_related("mentee__person", "program")


def requests_of_mentee(*, mentee: Enrollment) -> QuerySet[MentorRequest]:
    return mentee.requests_made.select_related("mentor__person").order_by("-created_at")
