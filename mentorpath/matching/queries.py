from django.db.models import F, Q, QuerySet

from mentorpath.matching.enums import ProposalStatus
from mentorpath.matching.models import MatchProposal, MatchRun
from mentorpath.programs.models import Program


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
    order = {
        "score": [F("score").asc(nulls_first=True)],
        "name": ["mentee__person__last_name", "mentee__person__first_name"],
    }.get(sort, [F("score").desc(nulls_last=True)])
    return proposals.order_by(*order, "pk")
