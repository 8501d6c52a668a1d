import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.audit.services import diff, record
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.tasks import enqueue_on_commit
from mentorpath.learning import readiness
from mentorpath.matching import pipeline
from mentorpath.matching.config import MatchingConfig
from mentorpath.matching.enums import ProposalStatus, RequestStatus, RunStatus
from mentorpath.matching.models import MatchProposal, MatchRun, MentorRequest
from mentorpath.mentoring.enums import LIVE_MENTORSHIP, MentorshipSource
from mentorpath.mentoring.services import mentorship_propose, mentorship_respond
from mentorpath.people.models import Person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus, ProgramStatus
from mentorpath.programs.models import Enrollment, Program

logger = logging.getLogger(__name__)

MATCHABLE = (ProgramStatus.ENROLLING, ProgramStatus.MATCHING, ProgramStatus.ACTIVE)


@transaction.atomic
def program_set_matching_config(
    *, program: Program, config: MatchingConfig, by: User | None = None
) -> Program:
    before = program.matching_config or {}
    program.matching_config = config.to_json()
    program.save(update_fields=["matching_config", "updated_at"])
    changes = diff(before, program.matching_config)
    if changes:
        record(
            actor=by,
            action="program.matching_config_changed",
            target=program,
            changes=changes,
            context={"program": program.pk},
        )
    return program


@transaction.atomic
def match_run_start(*, program: Program, by: User | None, objective: str | None = None) -> MatchRun:
    """Queue a matching run for the approved mentees who have no mentor yet, keeping existing
    pairs (their mentors' slots stay taken); a worker runs it."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status not in MATCHABLE:
        raise ApplicationError(
            f"Matching runs while a program is enrolling, matching or active "
            f"(this one is {program.get_status_display().lower()})."
        )
    if program.match_runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise ApplicationError("A matching run for this program is already under way.")
    config = MatchingConfig.from_json(program.matching_config)
    run = MatchRun.objects.create(
        program=program,
        created_by=by,
        objective=objective or config.objective,
        config=config.to_json(),
    )
    from mentorpath.matching.tasks import run_matching

    enqueue_on_commit(run_matching, run_id=run.pk)
    return run


def _set_progress(run: MatchRun, percent: int, message: str) -> None:
    MatchRun.objects.filter(pk=run.pk).update(progress=percent, progress_message=message)


def match_run_execute(*, run: MatchRun) -> MatchRun:
    """Load the pool, score, solve and store one proposal per mentee. Idempotent: a run that
    is already done or failed is left as it is."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return run
        run.status, run.started_at = RunStatus.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at", "updated_at"])
    try:
        outcome = pipeline.match_program(
            program=run.program,
            config=MatchingConfig.from_json(run.config),
            objective=run.objective,
            progress=lambda percent, message: _set_progress(run, percent, message),
        )
        with transaction.atomic():
            run.proposals.all().delete()
            MatchProposal.objects.bulk_create(
                MatchProposal(run=run, **proposal) for proposal in outcome.proposals
            )
            run.stats = outcome.stats
            run.status, run.progress = RunStatus.DONE, 100
            run.progress_message = "Done"
            run.finished_at = timezone.now()
            run.save()
    except Exception as error:
        logger.exception("matching run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        run.refresh_from_db()
    return run


@dataclass(frozen=True)
class OverridePreview:
    score: float
    parts: dict[str, float]
    reasons: list[dict[str, Any]]
    broken_rules: list[str]


def proposal_override_preview(*, proposal: MatchProposal, mentor: Enrollment) -> OverridePreview:
    """What pairing the mentee with `mentor` would score, and which rules it would break."""
    if mentor.program_id != proposal.run.program_id or mentor.role != EnrollmentRole.MENTOR:
        raise ApplicationError({"mentor": "Choose a mentor enrolled in this program."})
    evaluation = pipeline.evaluate_pair(
        program=proposal.run.program,
        config=MatchingConfig.from_json(proposal.run.config),
        mentee=proposal.mentee,
        mentor=mentor,
    )
    broken = list(evaluation.broken_rules)
    not_ready = readiness.refusal(enrollment=mentor)
    if not_ready is not None:
        broken.append(f"{mentor.person.full_name} {not_ready}.")
    others_in_run = (
        MatchProposal.objects.filter(
            run=proposal.run, mentor=mentor, status=ProposalStatus.PROPOSED
        )
        .exclude(pk=proposal.pk)
        .count()
    )
    if mentor.capacity is not None and mentor.load + others_in_run + 1 > mentor.capacity:
        broken.append(f"{mentor.person.full_name} would have more mentees than their capacity.")
    return OverridePreview(evaluation.score, evaluation.parts, evaluation.reasons, broken)


@transaction.atomic
def proposal_override(
    *, proposal: MatchProposal, mentor: Enrollment, by: User | None = None
) -> MatchProposal:
    """Replace the proposed mentor; the score and any broken rule are kept on the proposal."""
    locked = MatchProposal.objects.select_for_update().select_related("run").get(pk=proposal.pk)
    if locked.status != ProposalStatus.PROPOSED:
        raise ApplicationError("Only a proposal that is not yet approved can be changed.")
    preview = proposal_override_preview(proposal=locked, mentor=mentor)
    before = {"mentor": locked.mentor_id, "score": locked.score}
    locked.mentor = mentor
    locked.score = preview.score
    locked.parts = preview.parts
    locked.reasons = preview.reasons
    locked.broken_rules = preview.broken_rules
    locked.unmatched_reason = ""
    locked.overridden = True
    locked.save()
    record(
        actor=by,
        action="match.overridden",
        target=locked,
        changes=diff(before, {"mentor": mentor.pk, "score": locked.score}),
        context={"program": locked.run.program_id, "run": locked.run_id},
    )
    return locked


def proposals_approve(
    *, run: MatchRun, proposal_ids: list[int] | None, by: User
) -> tuple[int, dict[int, str]]:
    """Turn proposals into mentorships awaiting the pair's answer. Each is approved on its own,
    so one mentor without room does not block the rest; returns (approved, errors by id)."""
    proposals = run.proposals.filter(
        status=ProposalStatus.PROPOSED, mentor__isnull=False
    ).select_related("mentor__person", "mentor__program", "mentee__person")
    if proposal_ids is not None:
        proposals = proposals.filter(pk__in=proposal_ids)
    approved, errors = 0, {}
    for proposal in proposals:
        assert proposal.mentor is not None  # filtered above
        try:
            with transaction.atomic():
                mentorship = mentorship_propose(
                    mentor=proposal.mentor,
                    mentee=proposal.mentee,
                    by=by,
                    source=(
                        MentorshipSource.OVERRIDE
                        if proposal.overridden
                        else MentorshipSource.MATCHING
                    ),
                    score=proposal.score,
                    score_parts=proposal.parts,
                    explanation=proposal.reasons,
                )
                proposal.status = ProposalStatus.APPROVED
                proposal.mentorship = mentorship
                proposal.save(update_fields=["status", "mentorship"])
                record(
                    actor=by,
                    action="match.approved",
                    target=mentorship,
                    context={"program": run.program_id, "run": run.pk, "proposal": proposal.pk},
                )
                approved += 1
        except ApplicationError as error:
            errors[proposal.pk] = " ".join(error.messages)
    return approved, errors


def pool_counts(*, program: Program) -> dict[str, int]:
    approved = program.enrollments.filter(status=EnrollmentStatus.APPROVED)
    return {
        "mentors": approved.filter(role=EnrollmentRole.MENTOR).count(),
        "mentees": approved.filter(role=EnrollmentRole.MENTEE).count(),
    }


def _notify_mentee_of_request(request_id: int) -> None:
    from mentorpath.matching.tasks import notify_request_outcome

    enqueue_on_commit(notify_request_outcome, request_id=request_id)


def _refuse_not_ready(enrollment: Enrollment, before: str, *, yours: bool = True) -> None:
    """Refuse self-match for someone who has not completed the program's gate path."""
    reason = readiness.refusal(enrollment=enrollment)
    if reason is not None:
        said = readiness.to_you(reason) if yours else f"{enrollment.person.full_name} {reason}"
        raise ApplicationError(f"{said}: complete it {before}.")


@transaction.atomic
def request_create(
    *, program: Program, mentee: Enrollment, mentor: Enrollment, message: str = ""
) -> MentorRequest:
    """A mentee asks one of their suggested mentors. Only suggested mentors may be asked, so
    the rotation that keeps popular mentors from being swamped holds."""
    if mentee.role != EnrollmentRole.MENTEE or mentee.status != EnrollmentStatus.APPROVED:
        raise ApplicationError("Only approved mentees can ask for a mentor.")
    if mentee.mentorships_as_mentee.filter(status__in=LIVE_MENTORSHIP).exists():
        raise ApplicationError("You already have a mentor in this program.")
    if MentorRequest.objects.filter(mentee=mentee, status=RequestStatus.PENDING).exists():
        raise ApplicationError("You already have a request waiting for an answer.", code="conflict")
    _refuse_not_ready(mentee, "before you can ask for a mentor")
    config = MatchingConfig.from_json(program.matching_config)
    suggestion = next(
        (
            s
            for s in pipeline.suggestions_for(
                program=program,
                config=config,
                mentee=mentee,
                excluded_mentor_ids=closed_request_mentors(mentee=mentee),
            )
            if s.mentor.pk == mentor.pk
        ),
        None,
    )
    if suggestion is None:
        raise ApplicationError({"mentor": "Ask one of the mentors suggested to you."})
    try:
        with transaction.atomic():
            return MentorRequest.objects.create(
                program=program,
                mentee=mentee,
                mentor=mentor,
                message=message.strip()[:1000],
                score=suggestion.score,
                reasons=suggestion.reasons,
                expires_at=timezone.now() + timedelta(days=config.request_expiry_days),
            )
    except IntegrityError:
        raise ApplicationError(
            "You already have a request waiting for an answer.", code="conflict"
        ) from None


@transaction.atomic
def request_respond(*, request: MentorRequest, person: Person, accept: bool) -> MentorRequest:
    """The mentor accepts (the mentorship starts at once: both sides have said yes) or
    declines (the mentee is told and sees their next suggestion)."""
    locked = (
        MentorRequest.objects.select_for_update()
        .select_related("mentor__person", "mentor__program", "mentee__person")
        .get(pk=request.pk)
    )
    if locked.mentor.person_id != person.pk:
        raise ApplicationError("Only the mentor who was asked can answer this request.")
    if locked.status != RequestStatus.PENDING:
        raise ApplicationError(f"This request is {locked.get_status_display().lower()}.")
    if locked.expires_at <= timezone.now():
        _expire(locked)
        raise ApplicationError("This request has expired.")
    locked.responded_at = timezone.now()
    if accept:
        _refuse_not_ready(locked.mentor, "before you can take on a mentee")
        _refuse_not_ready(locked.mentee, "before this mentorship can start", yours=False)
        mentorship = mentorship_propose(
            mentor=locked.mentor,
            mentee=locked.mentee,
            by=None,
            source=MentorshipSource.REQUEST,
            score=locked.score,
            explanation=locked.reasons,
        )
        mentorship_respond(mentorship=mentorship, person=locked.mentee.person, accept=True)
        mentorship = mentorship_respond(mentorship=mentorship, person=person, accept=True)
        locked.status, locked.mentorship = RequestStatus.ACCEPTED, mentorship
    else:
        locked.status = RequestStatus.DECLINED
    locked.save()
    _notify_mentee_of_request(locked.pk)
    return locked


@transaction.atomic
def request_withdraw(*, request: MentorRequest, person: Person) -> MentorRequest:
    locked = MentorRequest.objects.select_for_update().get(pk=request.pk)
    if locked.mentee.person_id != person.pk:
        raise ApplicationError("Only the mentee who asked can withdraw this request.")
    if locked.status != RequestStatus.PENDING:
        raise ApplicationError("Only a waiting request can be withdrawn.")
    locked.status = RequestStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    return locked


def _expire(request: MentorRequest) -> None:
    request.status = RequestStatus.EXPIRED
    request.save(update_fields=["status", "updated_at"])
    _notify_mentee_of_request(request.pk)


@transaction.atomic
def requests_expire_due(*, now: datetime | None = None) -> int:
    """Expire every waiting request past its deadline and tell each mentee. Idempotent."""
    due = MentorRequest.objects.select_for_update(skip_locked=True).filter(
        status=RequestStatus.PENDING, expires_at__lte=now or timezone.now()
    )
    count = 0
    for request in due:
        _expire(request)
        count += 1
    return count


def closed_request_mentors(*, mentee: Enrollment) -> set[int]:
    """Mentors who declined this mentee or let their request expire: not suggested again."""
    return set(
        MentorRequest.objects.filter(
            mentee=mentee, status__in=[RequestStatus.DECLINED, RequestStatus.EXPIRED]
        ).values_list("mentor_id", flat=True)
    )
