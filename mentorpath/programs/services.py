from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from mentorpath.accounts.models import User
from mentorpath.audit.services import diff, record, snapshot
from mentorpath.core import events
from mentorpath.core.exceptions import ApplicationError
from mentorpath.core.tasks import enqueue_on_commit
from mentorpath.people.models import Person
from mentorpath.programs.answers import clean_answers
from mentorpath.programs.enums import (
    LIVE_ENROLLMENT,
    OPEN_FOR_ENROLLMENT,
    PROGRAM_TRANSITIONS,
    EnrollmentRole,
    EnrollmentStatus,
    ProgramStatus,
)
from mentorpath.programs.models import ApplicationQuestion, Enrollment, Program, ProgramObjective
from mentorpath.programs.queries import ineligibility_reason, live_enrollment
from mentorpath.programs.tasks import send_enrollment_decision

PROGRAM_FIELDS = (
    "name",
    "program_type",
    "description",
    "start_date",
    "end_date",
    "checkin_cadence",
    "default_mentor_capacity",
    "visibility",
    "requires_approval",
    "min_level",
    "max_level",
    "mentor_min_level",
    "mentor_training_path",
    "mentee_onboarding_path",
)
PROGRAM_RELATIONS = ("eligible_departments", "eligible_locations", "managers")
RESERVED_SLUGS = frozenset({"manage", "new", "enrollments"})
CONFLICT = "conflict"
ALREADY_ENROLLED = "You are already enrolled in this program."


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "program"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Program.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _settings(program: Program) -> dict[str, Any]:
    """The program's settings as the audit log compares them (relations as sorted ids)."""
    values = snapshot(program, ("status", *PROGRAM_FIELDS))
    if program.pk is not None:
        for name in PROGRAM_RELATIONS:
            values[name] = sorted(getattr(program, name).values_list("pk", flat=True))
    return values


def _apply_program_data(program: Program, data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(PROGRAM_FIELDS) - set(PROGRAM_RELATIONS)
    if unknown:
        raise ApplicationError(f"Unknown program fields: {', '.join(sorted(unknown))}.")
    for field in PROGRAM_FIELDS:
        if field in data:
            value = data[field]
            setattr(program, field, value.strip() if isinstance(value, str) else value)
    program.full_clean(exclude=["slug"])
    return {k: data[k] for k in PROGRAM_RELATIONS if k in data}


@transaction.atomic
def program_create(*, data: Mapping[str, Any], created_by: User | None = None) -> Program:
    program = Program(status=ProgramStatus.DRAFT)
    relations = _apply_program_data(program, data)
    program.slug = _unique_slug(program.name)
    program.save()
    for field, values in relations.items():
        getattr(program, field).set(values)
    if created_by is not None and not created_by.is_org_admin and "managers" not in relations:
        program.managers.add(created_by)
    record(
        actor=created_by,
        action="program.created",
        target=program,
        changes=diff({}, _settings(program)),
        context={"program": program.pk},
    )
    return program


@transaction.atomic
def program_update(*, program: Program, data: Mapping[str, Any], by: User | None = None) -> Program:
    if program.status == ProgramStatus.CLOSED:
        raise ApplicationError("A closed program can no longer be changed.")
    before = _settings(Program.objects.get(pk=program.pk))
    relations = _apply_program_data(program, data)
    program.save()
    for field, values in relations.items():
        getattr(program, field).set(values)
    changes = diff(before, _settings(program))
    if changes:
        record(
            actor=by,
            action="program.updated",
            target=program,
            changes=changes,
            context={"program": program.pk},
        )
    return program


@transaction.atomic
def program_transition(*, program: Program, to_status: str, by: User | None = None) -> Program:
    """Move a program along its lifecycle; any other move is refused with the allowed ones."""
    locked = Program.objects.select_for_update().get(pk=program.pk)
    allowed = PROGRAM_TRANSITIONS[locked.status]
    if to_status not in allowed:
        current = ProgramStatus(locked.status).label
        target = ProgramStatus(to_status).label if to_status in ProgramStatus.values else to_status
        options = ", ".join(ProgramStatus(s).label for s in allowed) or "none (it is closed)"
        raise ApplicationError(
            {"status": f"A program cannot go from {current} to {target}. Allowed: {options}."}
        )
    opening = locked.status == ProgramStatus.DRAFT and to_status == ProgramStatus.ENROLLING
    if opening and not locked.objectives.exists():
        message = "Add at least one objective with a KPI target before opening enrollment."
        raise ApplicationError({"status": message})
    before = locked.status
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    program.status = to_status
    record(
        actor=by,
        action="program.status_changed",
        target=locked,
        changes={"status": [before, to_status]},
        context={"program": locked.pk},
    )
    return locked


@transaction.atomic
def objective_add(
    *,
    program: Program,
    title: str,
    kpi: str,
    target: Any,
    comparator: str = "gte",
    org_goal: str = "",
    by: User | None = None,
) -> ProgramObjective:
    objective = ProgramObjective(
        program=program,
        title=title,
        kpi=kpi,
        target=target,
        comparator=comparator,
        org_goal=org_goal,
        order=program.objectives.count(),
    )
    objective.full_clean()
    objective.save()
    record(
        actor=by,
        action="program.objective_added",
        target=program,
        context={"objective": objective.pk, "title": title, "kpi": kpi, "target": target},
    )
    return objective


@transaction.atomic
def question_add(
    *,
    program: Program,
    text: str,
    kind: str,
    choices: list[str] | None = None,
    required: bool = True,
    audience: str = "both",
    help_text: str = "",
    by: User | None = None,
) -> ApplicationQuestion:
    choices = [c.strip() for c in (choices or []) if c.strip()]
    if kind in ("single", "multiple") and len(choices) < 2:
        raise ApplicationError({"choices": "A choice question needs at least two options."})
    question = ApplicationQuestion(
        program=program,
        text=text,
        kind=kind,
        choices=choices,
        required=required,
        audience=audience,
        help_text=help_text,
        order=program.questions.count(),
    )
    question.full_clean()
    question.save()
    record(
        actor=by,
        action="program.question_added",
        target=program,
        context={"question": question.pk, "text": text, "kind": kind, "required": required},
    )
    return question


@transaction.atomic
def enrollment_create(
    *,
    program: Program,
    person: Person,
    role: str,
    answers: Mapping[str, object] | None = None,
    capacity: int | None = None,
    goals: str = "",
) -> Enrollment:
    """Enroll a person as mentor or mentee, checking every rule the program sets."""
    if role not in EnrollmentRole.values:
        raise ApplicationError({"role": "Choose to join as a mentor or as a mentee."})
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status not in OPEN_FOR_ENROLLMENT:
        raise ApplicationError(
            f"{program.name} is not open for enrollment (it is {program.get_status_display()})."
        )
    reason = ineligibility_reason(program=program, person=person, role=role)
    if reason:
        raise ApplicationError(reason)
    if live_enrollment(program=program, person=person) is not None:
        raise ApplicationError(ALREADY_ENROLLED, code=CONFLICT)
    if role == EnrollmentRole.MENTOR:
        capacity = program.default_mentor_capacity if capacity is None else capacity
        if not 0 <= int(capacity) <= 20:
            raise ApplicationError({"capacity": "Capacity must be between 0 and 20 mentees."})
    else:
        capacity = None
    clean, errors = clean_answers(
        questions=program.questions.all(), role=role, raw=dict(answers or {})
    )
    if errors:
        raise ApplicationError({f"q_{key}": message for key, message in errors.items()})
    status = EnrollmentStatus.PENDING if program.requires_approval else EnrollmentStatus.APPROVED
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                program=program,
                person=person,
                role=role,
                capacity=capacity,
                answers=clean,
                goals=goals.strip(),
                status=status,
            )
    except IntegrityError:
        raise ApplicationError(ALREADY_ENROLLED, code=CONFLICT) from None
    enrollment_created_publish(enrollment)
    return enrollment


def enrollment_created_publish(enrollment: Enrollment) -> None:
    """Announce a new enrollment (`enrollment.created`, for webhooks), however it was made."""
    events.publish(
        events.ENROLLMENT_CREATED,
        {
            "enrollment_id": enrollment.pk,
            "program_id": enrollment.program_id,
            "program_slug": enrollment.program.slug,
            "person_id": enrollment.person_id,
            "role": str(enrollment.role),
            "status": str(enrollment.status),
        },
    )


CLOSED_PROGRAM = "This program is closed; its enrollments can no longer change."


def _lock_open_enrollment(enrollment: Enrollment) -> Enrollment:
    """The enrollment, locked for update; refused once its program is closed."""
    locked = Enrollment.objects.select_for_update().select_related("program").get(pk=enrollment.pk)
    if locked.program.status == ProgramStatus.CLOSED:
        raise ApplicationError(CLOSED_PROGRAM)
    return locked


def _decide(*, enrollment: Enrollment, by: User, status: str, note: str) -> Enrollment:
    locked = _lock_open_enrollment(enrollment)
    if locked.status != EnrollmentStatus.PENDING:
        raise ApplicationError(
            f"This enrollment is already {locked.get_status_display().lower()}; only pending "
            "enrollments can be approved or declined."
        )
    locked.status = status
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decision_note = note[:300]
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "updated_at"])
    record(
        actor=by,
        action=f"enrollment.{status}",
        target=locked,
        changes={"status": [EnrollmentStatus.PENDING, status]},
        context={"program": locked.program_id, "role": locked.role, "note": locked.decision_note},
    )
    enqueue_on_commit(send_enrollment_decision, enrollment_id=locked.pk)
    return locked


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, by: User, note: str = "") -> Enrollment:
    return _decide(enrollment=enrollment, by=by, status=EnrollmentStatus.APPROVED, note=note)


@transaction.atomic
def enrollment_decline(*, enrollment: Enrollment, by: User, note: str = "") -> Enrollment:
    return _decide(enrollment=enrollment, by=by, status=EnrollmentStatus.DECLINED, note=note)


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment) -> Enrollment:
    locked = _lock_open_enrollment(enrollment)
    if locked.status not in LIVE_ENROLLMENT:
        raise ApplicationError("Only a pending or approved enrollment can be withdrawn.")
    locked.status = EnrollmentStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def enrollment_set_capacity(*, enrollment: Enrollment, capacity: int) -> Enrollment:
    locked = _lock_open_enrollment(enrollment)
    if locked.role != EnrollmentRole.MENTOR:
        raise ApplicationError({"capacity": "Only mentors have a capacity."})
    if not 0 <= capacity <= 20:
        raise ApplicationError({"capacity": "Capacity must be between 0 and 20 mentees."})
    if capacity < locked.load:
        message = f"This mentor already has {locked.load} mentees; capacity cannot be lower."
        raise ApplicationError({"capacity": message})
    locked.capacity = capacity
    locked.save(update_fields=["capacity", "updated_at"])
    return locked


@transaction.atomic
def objective_delete(*, program: Program, objective_id: int, by: User | None = None) -> None:
    objective = program.objectives.filter(pk=objective_id).first()
    if objective is None:
        return
    objective.delete()
    record(
        actor=by,
        action="program.objective_removed",
        target=program,
        context={"objective": objective_id, "title": objective.title, "kpi": objective.kpi},
    )


@transaction.atomic
def question_delete(*, program: Program, question_id: int, by: User | None = None) -> None:
    """Remove a question; answers already given stay on the enrollments that gave them."""
    question = program.questions.filter(pk=question_id).first()
    if question is None:
        return
    question.delete()
    record(
        actor=by,
        action="program.question_removed",
        target=program,
        context={"question": question_id, "text": question.text},
    )
