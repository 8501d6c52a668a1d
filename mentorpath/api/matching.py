"""Matching for a program's managers: settings, runs, proposals, overrides and approvals."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Body, Query, Router, Status
from ninja.pagination import paginate

from mentorpath.api.auth import current_user
from mentorpath.api.errors import errors
from mentorpath.api.pagination import Pagination, stable_order
from mentorpath.api.schemas.common import Id, Slug
from mentorpath.api.schemas.matching import (
    ApproveIn,
    ApproveOut,
    MatchingConfigIn,
    MatchingConfigOut,
    MentorChoiceIn,
    PreviewOut,
    ProposalFilters,
    ProposalOut,
    RunIn,
    RunOut,
)
from mentorpath.core.exceptions import ApplicationError
from mentorpath.matching import services
from mentorpath.matching.config import MatchingConfig
from mentorpath.matching.enums import ProposalStatus
from mentorpath.matching.models import MatchProposal, MatchRun
from mentorpath.matching.queries import run_proposals, runs_of
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus
from mentorpath.programs.models import Enrollment, Program
from mentorpath.programs.permissions import get_program_for

router = Router(tags=["matching"])

MATCHING = "/programs/{slug}/matching"
RUN = f"{MATCHING}/runs/{{run_id}}"
PROPOSAL = f"{RUN}/proposals/{{proposal_id}}"
DEFAULT_RUN = RunIn(objective=None)
NOT_A_MENTOR = "Choose an approved mentor enrolled in this program."


def _managed(request: HttpRequest, slug: str) -> Program:
    return get_program_for(current_user(request), slug, manage=True)


def _run(request: HttpRequest, slug: str, run_id: int) -> MatchRun:
    program = _managed(request, slug)
    return get_object_or_404(runs_of(program=program), pk=run_id)


def _proposal(request: HttpRequest, slug: str, run_id: int, proposal_id: int) -> MatchProposal:
    run = _run(request, slug, run_id)
    return get_object_or_404(
        MatchProposal.objects.select_related(
            "run__program", "mentee__person__department", "mentor__person__department"
        ),
        pk=proposal_id,
        run=run,
    )


def _mentor(proposal: MatchProposal, enrollment_id: int) -> Enrollment:
    """One of the run's program's approved mentors (the choices the HTML form offers)."""
    mentor = (
        Enrollment.objects.select_related("person__department", "program")
        .filter(
            pk=enrollment_id,
            program_id=proposal.run.program_id,
            role=EnrollmentRole.MENTOR,
            status=EnrollmentStatus.APPROVED,
        )
        .first()
    )
    if mentor is None:
        raise ApplicationError({"mentor_enrollment_id": NOT_A_MENTOR})
    return mentor


# --- configuration -------------------------------------------------------------------------


@router.get(f"{MATCHING}/config", response={200: MatchingConfigOut, **errors(401, 403, 404, 422)})
def get_matching_config(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """The criteria's weights and the hard rules the program's runs use."""
    program = _managed(request, slug)
    return MatchingConfig.from_json(program.matching_config).to_json()


@router.put(
    f"{MATCHING}/config", response={200: MatchingConfigOut, **errors(400, 401, 403, 404, 422)}
)
def set_matching_config(
    request: HttpRequest, slug: Slug, payload: MatchingConfigIn
) -> dict[str, Any]:
    """Replace the configuration. Each value out of range gets 422; rules across fields (the
    level gap range, at least one weight above 0) get 400."""
    program = _managed(request, slug)
    config = payload.config()
    services.program_set_matching_config(program=program, config=config, by=current_user(request))
    return config.to_json()


# --- runs ----------------------------------------------------------------------------------


@router.post(f"{MATCHING}/runs", response={201: RunOut, **errors(400, 401, 403, 404, 422)})
def start_run(
    request: HttpRequest, slug: Slug, payload: Body[RunIn] = DEFAULT_RUN
) -> Status[MatchRun]:
    """Queue a run for the approved mentees without a mentor (existing pairs are kept). Poll
    the run for its progress. Refused (400) while another run is under way, or when the
    program is neither enrolling, matching nor active."""
    user = current_user(request)
    program = _managed(request, slug)
    run = services.match_run_start(program=program, by=user, objective=payload.objective)
    # Without a separate worker the run has already happened by now: report it as it is.
    run.refresh_from_db()
    return Status(201, run)


@router.get(f"{MATCHING}/runs", response={200: list[RunOut], **errors(401, 403, 404, 422)})
@paginate(Pagination)
def list_runs(request: HttpRequest, slug: Slug) -> QuerySet[MatchRun]:
    """The program's runs, newest first."""
    return stable_order(runs_of(program=_managed(request, slug)))


@router.get(RUN, response={200: RunOut, **errors(401, 403, 404, 422)})
def get_run(request: HttpRequest, slug: Slug, run_id: Id) -> MatchRun:
    """A run's status and progress; once done, its match-quality report."""
    return _run(request, slug, run_id)


# --- proposals -----------------------------------------------------------------------------


@router.get(f"{RUN}/proposals", response={200: list[ProposalOut], **errors(401, 403, 404, 422)})
@paginate(Pagination)
def list_proposals(
    request: HttpRequest, slug: Slug, run_id: Id, filters: Query[ProposalFilters]
) -> QuerySet[MatchProposal]:
    """One proposal per mentee of the run: the mentor, the score with its per-criterion parts
    and reasons, or why the mentee stayed unmatched."""
    run = _run(request, slug, run_id)
    return run_proposals(run=run, show=filters.show or "", search=filters.search, sort=filters.sort)


@router.post(f"{PROPOSAL}/preview", response={200: PreviewOut, **errors(400, 401, 403, 404, 422)})
def preview_override(
    request: HttpRequest, slug: Slug, run_id: Id, proposal_id: Id, payload: MentorChoiceIn
) -> services.OverridePreview:
    """What pairing the mentee with another mentor would score, and the rules it would break.
    Nothing is saved."""
    proposal = _proposal(request, slug, run_id, proposal_id)
    mentor = _mentor(proposal, payload.mentor_enrollment_id)
    return services.proposal_override_preview(proposal=proposal, mentor=mentor)


@router.post(f"{PROPOSAL}/override", response={200: ProposalOut, **errors(400, 401, 403, 404, 422)})
def override_proposal(
    request: HttpRequest, slug: Slug, run_id: Id, proposal_id: Id, payload: MentorChoiceIn
) -> MatchProposal:
    """Pair the mentee with another mentor; the pair's score and any rule it breaks are kept
    on the proposal. Refused (400) once the proposal is approved."""
    proposal = _proposal(request, slug, run_id, proposal_id)
    mentor = _mentor(proposal, payload.mentor_enrollment_id)
    return services.proposal_override(proposal=proposal, mentor=mentor, by=current_user(request))


@router.post(f"{RUN}/approve", response={200: ApproveOut, **errors(400, 401, 403, 404, 422)})
def approve_proposals(
    request: HttpRequest, slug: Slug, run_id: Id, payload: ApproveIn
) -> dict[str, Any]:
    """Turn proposals into mentorships that mentor and mentee then accept or decline. Each is
    approved on its own: one that cannot be (a mentor without room, a mentee who has a mentor
    by now, an id that is not a proposed pair of this run) is listed in `errors`."""
    user = current_user(request)
    run = _run(request, slug, run_id)
    skipped: dict[int, str] = {}
    if payload.proposal_ids is not None:
        wanted = set(payload.proposal_ids)
        approvable = set(
            run.proposals.filter(
                pk__in=wanted, status=ProposalStatus.PROPOSED, mentor__isnull=False
            ).values_list("pk", flat=True)
        )
        skipped = dict.fromkeys(sorted(wanted - approvable), "Not a proposed pair of this run.")
    approved, refused = services.proposals_approve(
        run=run, proposal_ids=payload.proposal_ids, by=user
    )
    return {"approved": approved, "errors": {**skipped, **refused}}
