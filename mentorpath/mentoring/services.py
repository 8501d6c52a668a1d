from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.core import events
from mentorpath.core.exceptions import ApplicationError
from mentorpath.mentoring import notices
from mentorpath.mentoring.catalog import agreement_sections, rhythm_days
from mentorpath.mentoring.enums import (
    LIVE_MENTORSHIP,
    MENTORSHIP_TRANSITIONS,
    RUNNING_MENTORSHIP,
    CheckInStatus,
    EndReason,
    GoalStatus,
    InviteResponse,
    MentorshipSource,
    MentorshipStatus,
    NoteVisibility,
)
from mentorpath.mentoring.models import (
    Agreement,
    AgreementTemplate,
    CheckIn,
    Goal,
    GoalUpdate,
    Mentorship,
    Milestone,
    Note,
    NudgeMute,
)
from mentorpath.people.models import Person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus, ProgramStatus
from mentorpath.programs.models import Enrollment, Program
from mentorpath.recognition.hooks import award_badges_on_commit


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
            mentorship = Mentorship.objects.create(
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
    if source != MentorshipSource.REQUEST:
        notices.mentorship_proposed(mentorship)
    return mentorship


def _side_of(
    mentorship: Mentorship,
    person: Person,
    refusal: str = "Only the mentor and the mentee of this pair can do that.",
) -> str:
    if mentorship.mentor.person_id == person.pk:
        return EnrollmentRole.MENTOR
    if mentorship.mentee.person_id == person.pk:
        return EnrollmentRole.MENTEE
    raise ApplicationError(refusal)


def _lock(mentorship: Mentorship) -> Mentorship:
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("program", "mentor__person__user", "mentee__person__user")
        .get(pk=mentorship.pk)
    )


def _move(mentorship: Mentorship, to_status: str) -> None:
    """Refuse every transition the lifecycle does not allow, with a message that says why."""
    if to_status not in MENTORSHIP_TRANSITIONS[mentorship.status]:
        current = mentorship.get_status_display().lower()
        if not MENTORSHIP_TRANSITIONS[mentorship.status]:
            raise ApplicationError(
                f"This mentorship is already {current}; it cannot change any more.",
                code="conflict",
            )
        target = MentorshipStatus(to_status).label.lower()
        raise ApplicationError(
            f"This mentorship is {current}; it cannot become {target}.", code="conflict"
        )
    mentorship.status = to_status


@transaction.atomic
def mentorship_respond(*, mentorship: Mentorship, person: Person, accept: bool) -> Mentorship:
    """The mentor or the mentee accepts or declines. Both accepting starts the mentorship and
    its agreement; a decline frees the mentor's slot and returns the mentee to the pool."""
    locked = _lock(mentorship)
    side = _side_of(locked, person, "Only the mentor and the mentee answer a proposal.")
    if locked.status != MentorshipStatus.PROPOSED:
        raise ApplicationError(
            f"This mentorship is {locked.get_status_display().lower()}; it can no longer be "
            "accepted or declined.",
            code="conflict",
        )
    now = timezone.now()
    if not accept:
        _move(locked, MentorshipStatus.DECLINED)
        locked.declined_by = side
        locked.ended_at = now
        _free_slot(locked.mentor_id)
    else:
        if side == EnrollmentRole.MENTOR:
            locked.mentor_accepted_at = locked.mentor_accepted_at or now
        else:
            locked.mentee_accepted_at = locked.mentee_accepted_at or now
        if locked.mentor_accepted_at and locked.mentee_accepted_at:
            _move(locked, MentorshipStatus.ACTIVE)
            locked.started_at = now
    locked.save()
    if locked.status == MentorshipStatus.ACTIVE:
        _agreement_start(locked)
        notices.mentorship_started(locked)
        events.publish(events.MENTORSHIP_STARTED, _pair_payload(locked))
    return locked


def _pair_payload(mentorship: Mentorship) -> dict[str, Any]:
    """What a webhook learns of a pair: ids, status and dates, never notes."""
    return {
        "mentorship_id": mentorship.pk,
        "program_id": mentorship.program_id,
        "mentor_person_id": mentorship.mentor.person_id,
        "mentee_person_id": mentorship.mentee.person_id,
        "status": str(mentorship.status),
        "started_at": mentorship.started_at.isoformat() if mentorship.started_at else None,
    }


def _agreement_start(mentorship: Mentorship) -> Agreement:
    """Freeze the program's agreement, as it reads today, for this pair."""
    program = mentorship.program
    template = AgreementTemplate.objects.filter(program=program).first()
    sections = agreement_sections(program.program_type)
    if template is not None:
        sections = {name: getattr(template, name) or text for name, text in sections.items()}
    agreement, _ = Agreement.objects.get_or_create(
        mentorship=mentorship,
        defaults={**sections, "rhythm_days": rhythm_days(program.checkin_cadence)},
    )
    return agreement


@transaction.atomic
def mentorship_pause(*, mentorship: Mentorship, by: User, note: str = "") -> Mentorship:
    """Pause an active pair (leave, a busy quarter): no nudges while paused; the slot is kept."""
    locked = _lock(mentorship)
    _move(locked, MentorshipStatus.PAUSED)
    locked.paused_at = timezone.now()
    locked.pause_note = note[:300]
    locked.save()
    notices.mentorship_changed(locked, what="paused", detail=locked.pause_note)
    return locked


@transaction.atomic
def mentorship_resume(*, mentorship: Mentorship, by: User) -> Mentorship:
    locked = _lock(mentorship)
    if locked.status == MentorshipStatus.PROPOSED:
        raise ApplicationError(
            "This mentorship is proposed; it starts when both accept, not by resuming.",
            code="conflict",
        )
    _move(locked, MentorshipStatus.ACTIVE)
    locked.paused_at = None
    locked.pause_note = ""
    locked.save()
    notices.mentorship_changed(locked, what="resumed")
    return locked


@transaction.atomic
def mentorship_end(
    *, mentorship: Mentorship, reason: str, note: str = "", by: User | None = None
) -> Mentorship:
    """End a live pair. Ending for 'mismatch' puts both back in the pool, and that pair is
    never proposed again (see `blocked_pairs`). Scheduled check-ins are cancelled."""
    if reason not in EndReason.values:
        raise ApplicationError({"reason": "Choose why the mentorship ends."})
    locked = _lock(mentorship)
    was_proposed = locked.status == MentorshipStatus.PROPOSED
    done = reason == EndReason.COMPLETED and not was_proposed
    _move(locked, MentorshipStatus.COMPLETED if done else MentorshipStatus.ENDED_EARLY)
    locked.end_reason = reason
    locked.end_note = note[:500]
    locked.ended_at = timezone.now()
    locked.paused_at = None
    locked.save()
    _free_slot(locked.mentor_id)
    for checkin in locked.checkins.filter(
        status=CheckInStatus.SCHEDULED, starts_at__gt=locked.ended_at
    ):
        _checkin_cancel(checkin)
    notices.mentorship_changed(
        locked, what="completed" if done else "ended", detail=locked.get_end_reason_display()
    )
    if done:  # a completed pair counts toward the mentor's badges
        award_badges_on_commit(person_ids=[locked.mentor.person_id])
    if not was_proposed:  # a pair that never started has nothing to end for receivers
        events.publish(
            events.MENTORSHIP_ENDED,
            {
                **_pair_payload(locked),
                "end_reason": str(reason),
                "ended_at": locked.ended_at.isoformat(),
            },
        )
    return locked


def mentorships_close_ended_programs(*, today: date | None = None) -> int:
    """The scheduled job: pairs of a program past its end date (or closed) are completed;
    pairs still waiting for an answer end early. Both people are told. Returns pairs closed."""
    today = today or timezone.localdate()
    ended = Program.objects.filter(Q(end_date__lt=today) | Q(status=ProgramStatus.CLOSED)).values(
        "pk"
    )
    closed = 0
    for mentorship in Mentorship.objects.filter(program__in=ended, status__in=LIVE_MENTORSHIP):
        running = mentorship.status in RUNNING_MENTORSHIP
        try:
            mentorship_end(
                mentorship=mentorship,
                reason=EndReason.COMPLETED if running else EndReason.OTHER,
                note="The program ended.",
            )
        except ApplicationError:
            continue  # answered or ended meanwhile
        closed += 1
    return closed


@transaction.atomic
def agreement_template_save(*, program: Program, data: Mapping[str, str]) -> AgreementTemplate:
    if program.status == ProgramStatus.CLOSED:
        raise ApplicationError("This program is closed.")
    fields = ("expectations", "meeting_rhythm", "confidentiality", "how_to_end")
    template, _ = AgreementTemplate.objects.update_or_create(
        program=program, defaults={name: data[name].strip() for name in fields}
    )
    return template


def _running(mentorship: Mentorship, *, action: str) -> None:
    """Refuse unless the pair runs, as the database has it now: the row is locked so the pair
    cannot end between this check and the write that follows."""
    mentorship.status = (
        Mentorship.objects.select_for_update()
        .filter(pk=mentorship.pk)
        .values_list("status", flat=True)
        .get()
    )
    if mentorship.status not in RUNNING_MENTORSHIP:
        raise ApplicationError(
            f"This mentorship is {mentorship.get_status_display().lower()}; {action} is only "
            "possible while it runs.",
            code="conflict",
        )


@transaction.atomic
def agreement_acknowledge(*, mentorship: Mentorship, person: Person) -> Agreement:
    _running(mentorship, action="acknowledging the agreement")
    side = _side_of(mentorship, person)
    agreement = Agreement.objects.select_for_update().get(mentorship=mentorship)
    field = f"{side}_acknowledged_at"
    if getattr(agreement, field) is None:
        setattr(agreement, field, timezone.now())
        agreement.save(update_fields=[field, "updated_at"])
    return agreement


@transaction.atomic
def agreement_set_rhythm(*, mentorship: Mentorship, person: Person, days: int) -> Agreement:
    """Either side adapts how often they meet; the agreed text itself never changes."""
    _running(mentorship, action="changing the rhythm")
    _side_of(mentorship, person)
    if not 7 <= days <= 90:
        raise ApplicationError({"rhythm_days": "Meet at least every 90 days and at most weekly."})
    agreement = Agreement.objects.select_for_update().get(mentorship=mentorship)
    agreement.rhythm_days = days
    agreement.rhythm_changed_by = person
    agreement.rhythm_changed_at = timezone.now()
    agreement.save()
    return agreement


GOAL_FIELDS = ("title", "description", "measure", "target_date", "skill", "objective")


def _check_goal_links(mentorship: Mentorship, data: Mapping[str, Any]) -> None:
    objective = data.get("objective")
    if objective is not None and objective.program_id != mentorship.program_id:
        raise ApplicationError({"objective": "Choose an objective of this program."})


def _owner(mentorship: Mentorship, person: Person) -> None:
    if _side_of(mentorship, person) != EnrollmentRole.MENTEE:
        raise ApplicationError("Goals belong to the mentee: only they add or edit them.")


@transaction.atomic
def goal_create(*, mentorship: Mentorship, person: Person, data: Mapping[str, Any]) -> Goal:
    _running(mentorship, action="adding a goal")
    _owner(mentorship, person)
    _check_goal_links(mentorship, data)
    return Goal.objects.create(
        mentorship=mentorship, **{name: data.get(name) for name in GOAL_FIELDS}
    )


@transaction.atomic
def goal_edit(*, goal: Goal, person: Person, data: Mapping[str, Any]) -> Goal:
    _running(goal.mentorship, action="editing a goal")
    _owner(goal.mentorship, person)
    _check_goal_links(goal.mentorship, data)
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    changed = [name for name in GOAL_FIELDS if name in data]
    for name in changed:
        setattr(locked, name, data[name])
    locked.save(update_fields=[*changed, "updated_at"])
    locked.mentorship = goal.mentorship
    return locked


@transaction.atomic
def goal_post_update(
    *,
    goal: Goal,
    person: Person,
    progress: int | None = None,
    status: str = "",
    comment: str = "",
) -> GoalUpdate:
    """A progress update or a comment, from either side; the other side is told."""
    _running(goal.mentorship, action="updating a goal")
    _side_of(goal.mentorship, person)
    if progress is None and not status and not comment.strip():
        raise ApplicationError("Write a comment or change the progress or status.")
    if progress is not None and not 0 <= progress <= 100:
        raise ApplicationError({"progress": "Progress is a percentage from 0 to 100."})
    if status and status not in GoalStatus.values:
        raise ApplicationError({"status": "Choose a valid status."})
    locked = (
        Goal.objects.select_for_update(of=("self",)).select_related("mentorship").get(pk=goal.pk)
    )
    if progress is not None:
        locked.progress = progress
    if status:
        locked.status = status
    elif progress is not None and locked.status == GoalStatus.NOT_STARTED and progress > 0:
        locked.status = GoalStatus.ON_TRACK
    if locked.status == GoalStatus.DONE:
        if locked.completed_at is None:  # becomes done now (not an update of a done goal)
            events.publish(
                events.GOAL_COMPLETED,
                {
                    "goal_id": locked.pk,
                    "mentorship_id": locked.mentorship_id,
                    "program_id": locked.mentorship.program_id,
                    "skill_id": locked.skill_id,
                    "objective_id": locked.objective_id,
                },
            )
        locked.progress = 100
        locked.completed_at = locked.completed_at or timezone.now()
    else:
        locked.completed_at = None
    locked.save()
    update = GoalUpdate.objects.create(
        goal=locked, author=person, progress=progress, status=status, comment=comment.strip()
    )
    notices.goal_updated(locked, author=person, stamp=str(update.pk))
    return update


@transaction.atomic
def milestone_add(*, goal: Goal, person: Person, title: str, due_on: date) -> Milestone:
    _running(goal.mentorship, action="adding a milestone")
    _owner(goal.mentorship, person)
    if not title.strip():
        raise ApplicationError({"title": "Name the milestone."})
    return Milestone.objects.create(goal=goal, title=title.strip(), due_on=due_on)


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, person: Person, done: bool) -> Milestone:
    _running(milestone.goal.mentorship, action="ticking off a milestone")
    _side_of(milestone.goal.mentorship, person)
    milestone.done_at = (milestone.done_at or timezone.now()) if done else None
    milestone.save(update_fields=["done_at", "updated_at"])
    return milestone


CHECKIN_FIELDS = ("starts_at", "time_zone", "duration_minutes", "location", "video_url", "agenda")


def _checkin_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in CHECKIN_FIELDS if name in data}
    try:
        ZoneInfo(values["time_zone"])
    except (KeyError, ValueError, LookupError):
        raise ApplicationError({"time_zone": "Choose a valid time zone."}) from None
    starts_at = values["starts_at"]
    if not isinstance(starts_at, datetime) or timezone.is_naive(starts_at):
        raise ApplicationError({"starts_at": "Give a date and time with its time zone."})
    values["starts_at"] = starts_at.astimezone(ZoneInfo("UTC"))
    if values["starts_at"] > timezone.now() + timedelta(days=730):
        raise ApplicationError({"starts_at": "Plan check-ins at most two years ahead."})
    return values


def _lock_checkin(checkin: CheckIn) -> CheckIn:
    return (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("mentorship__program", "mentorship__mentor__person__user")
        .select_related("mentorship__mentee__person__user", "scheduled_by")
        .get(pk=checkin.pk)
    )


@transaction.atomic
def checkin_schedule(*, mentorship: Mentorship, person: Person, data: Mapping[str, Any]) -> CheckIn:
    """Schedule a check-in; both get a calendar invite and the other side is asked to accept."""
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ApplicationError(
            f"This mentorship is {mentorship.get_status_display().lower()}; check-ins can be "
            "scheduled while it is active.",
            code="conflict",
        )
    _side_of(mentorship, person)
    values = _checkin_values(data)
    if values["starts_at"] < timezone.now() - timedelta(days=60):
        raise ApplicationError({"starts_at": "That is more than 60 days ago."})
    checkin = CheckIn.objects.create(mentorship=mentorship, scheduled_by=person, **values)
    checkin = _lock_checkin(checkin)
    notices.checkin_invitation(checkin, what="scheduled")
    return checkin


def _scheduled(checkin: CheckIn, *, action: str) -> None:
    if checkin.status != CheckInStatus.SCHEDULED:
        raise ApplicationError(
            f"This check-in is {checkin.get_status_display().lower()}; it cannot be {action}.",
            code="conflict",
        )


@transaction.atomic
def checkin_reschedule(*, checkin: CheckIn, person: Person, data: Mapping[str, Any]) -> CheckIn:
    """Change time, place or agenda: the invite keeps its UID and gets a higher SEQUENCE, and
    the other side is asked again."""
    locked = _lock_checkin(checkin)
    _scheduled(locked, action="moved")
    _side_of(locked.mentorship, person)
    _running(locked.mentorship, action="moving a check-in")
    values = _checkin_values({**{n: getattr(locked, n) for n in CHECKIN_FIELDS}, **data})
    for name, value in values.items():
        setattr(locked, name, value)
    locked.sequence += 1
    locked.scheduled_by = person
    locked.invitee_response = InviteResponse.PENDING
    locked.invited_at = timezone.now()
    locked.responded_at = None
    locked.save()
    notices.checkin_invitation(locked, what="moved")
    return locked


def _checkin_cancel(checkin: CheckIn) -> CheckIn:
    locked = _lock_checkin(checkin)
    _scheduled(locked, action="cancelled")
    locked.status = CheckInStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.sequence += 1
    locked.save()
    notices.checkin_invitation(locked, what="cancelled")
    return locked


@transaction.atomic
def checkin_cancel(*, checkin: CheckIn, person: Person) -> CheckIn:
    _side_of(checkin.mentorship, person)
    _running(checkin.mentorship, action="cancelling a check-in")
    return _checkin_cancel(checkin)


@transaction.atomic
def checkin_respond(*, checkin: CheckIn, person: Person, accept: bool) -> CheckIn:
    """The person who did not schedule it accepts or declines the invitation."""
    locked = _lock_checkin(checkin)
    _scheduled(locked, action="answered")
    _side_of(locked.mentorship, person)
    _running(locked.mentorship, action="answering an invitation")
    if locked.scheduled_by_id == person.pk:
        raise ApplicationError("You scheduled this check-in; your partner answers it.")
    locked.invitee_response = InviteResponse.ACCEPTED if accept else InviteResponse.DECLINED
    locked.responded_at = timezone.now()
    locked.save(update_fields=["invitee_response", "responded_at", "updated_at"])
    return locked


@transaction.atomic
def checkin_record(
    *, checkin: CheckIn, person: Person, outcome: str, held_minutes: int | None = None
) -> CheckIn:
    """Record what happened: held (its minutes count as mentor hours) or missed."""
    locked = _lock_checkin(checkin)
    _side_of(locked.mentorship, person)
    _running(locked.mentorship, action="recording a check-in")
    if outcome not in (CheckInStatus.HELD, CheckInStatus.MISSED):
        raise ApplicationError({"outcome": "Record the check-in as held or missed."})
    if locked.status not in (CheckInStatus.SCHEDULED, CheckInStatus.HELD, CheckInStatus.MISSED):
        raise ApplicationError("A cancelled check-in cannot be recorded.", code="conflict")
    if locked.starts_at > timezone.now():
        raise ApplicationError("This check-in has not started yet.", code="conflict")
    if outcome == CheckInStatus.HELD:
        minutes = held_minutes if held_minutes is not None else locked.duration_minutes
        if not 1 <= minutes <= 480:
            raise ApplicationError({"held_minutes": "Give the minutes you met (1 to 480)."})
        locked.held_minutes = minutes
    else:
        locked.held_minutes = None
    if outcome == CheckInStatus.HELD and locked.status != CheckInStatus.HELD:
        events.publish(
            events.CHECKIN_HELD,
            {
                "checkin_id": locked.pk,
                "mentorship_id": locked.mentorship_id,
                "program_id": locked.mentorship.program_id,
                "starts_at": locked.starts_at.isoformat(),
                "held_minutes": locked.held_minutes,
            },
        )
    locked.status = outcome
    locked.recorded_by = person
    locked.recorded_at = timezone.now()
    locked.save()
    if outcome == CheckInStatus.HELD:  # mentor hours grew: badges they now earn
        award_badges_on_commit(person_ids=[locked.mentorship.mentor.person_id])
    return locked


@transaction.atomic
def note_add(
    *,
    mentorship: Mentorship,
    person: Person,
    body: str,
    visibility: str = NoteVisibility.SHARED,
    checkin: CheckIn | None = None,
) -> Note:
    _side_of(mentorship, person)
    mentorship.refresh_from_db(fields=["status"])
    if mentorship.status not in (*RUNNING_MENTORSHIP, MentorshipStatus.COMPLETED):
        raise ApplicationError("Notes can be written while the mentorship runs.", code="conflict")
    if not body.strip():
        raise ApplicationError({"body": "Write something first."})
    if visibility not in NoteVisibility.values:
        raise ApplicationError({"visibility": "Choose shared or private."})
    if checkin is not None and checkin.mentorship_id != mentorship.pk:
        raise ApplicationError("That check-in belongs to another pair.")
    return Note.objects.create(
        mentorship=mentorship,
        author=person,
        body=body.strip(),
        visibility=visibility,
        checkin=checkin,
    )


@transaction.atomic
def note_delete(*, note: Note, person: Person) -> None:
    if note.author_id != person.pk:
        raise ApplicationError("Only its author can delete a note.")
    note.delete()


def pair_nudge(*, mentorship: Mentorship, by: User) -> int:
    """A program manager's nudge to both; at most one a day per pair."""
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ApplicationError("Only an active pair can be nudged.", code="conflict")
    with transaction.atomic():
        return notices.manager_nudge(
            mentorship,
            by_name=by.get_full_name() or by.email,
            day=timezone.localdate().isoformat(),
        )


@transaction.atomic
def nudges_mute(*, mentorship: Mentorship, person: Person, muted: bool) -> bool:
    _side_of(mentorship, person)
    if person.user_id is None:
        raise ApplicationError("Log in to change your notifications.")
    if muted:
        NudgeMute.objects.get_or_create(mentorship=mentorship, user_id=person.user_id)
    else:
        NudgeMute.objects.filter(mentorship=mentorship, user_id=person.user_id).delete()
    return muted
