"""Writes of the succession pipeline: key roles, successor candidates, readiness reviews,
and linking a candidate to a leadership-development program.

Callers have checked `succession.permissions` (organization admins only change anything).
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.audit.services import diff, record, snapshot
from mentorpath.core.exceptions import ApplicationError
from mentorpath.mentoring.enums import MentorshipSource
from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.services import mentorship_propose
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.services import notify
from mentorpath.people.models import Department, Person, Skill
from mentorpath.programs.enums import (
    EnrollmentRole,
    EnrollmentStatus,
    ProgramStatus,
    ProgramType,
)
from mentorpath.programs.models import Enrollment, Program
from mentorpath.programs.queries import ineligibility_reason, live_enrollment
from mentorpath.programs.services import enrollment_approve, enrollment_created_publish
from mentorpath.succession import queries
from mentorpath.succession.enums import Criticality, Readiness, VacancyRisk
from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate

ROLE_FIELDS = ("title", "department", "incumbent", "level", "criticality", "vacancy_risk", "notes")


def _role_target(role: KeyRole) -> tuple[str, int, str]:
    return ("succession.keyrole", role.pk, role.title)


def _candidate_target(candidate: SuccessorCandidate) -> tuple[str, int, str]:
    label = f"{candidate.person.full_name} for {candidate.role.title}"
    return ("succession.successorcandidate", candidate.pk, label)


# ---- key roles


def _role_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in ROLE_FIELDS if name in data}
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            raise ApplicationError({"title": "Give the key role a title."})
    if "notes" in values:
        values["notes"] = (values["notes"] or "").strip()
    department = values.get("department")
    if department is not None and not isinstance(department, Department):
        raise ApplicationError({"department": "Choose a department."})
    incumbent = values.get("incumbent")
    if incumbent is not None and incumbent.termination_date is not None:
        raise ApplicationError({"incumbent": "The incumbent must be a current employee."})
    level = values.get("level")
    if level is not None and not 1 <= int(level) <= 12:
        raise ApplicationError({"level": "A level is between 1 and 12."})
    if values.get("criticality", Criticality.HIGH) not in Criticality.values:
        raise ApplicationError({"criticality": "Choose how critical the role is."})
    if values.get("vacancy_risk", VacancyRisk.MEDIUM) not in VacancyRisk.values:
        raise ApplicationError({"vacancy_risk": "Choose the risk that the role falls vacant."})
    return values


@transaction.atomic
def key_role_create(*, data: Mapping[str, Any], by: User | None = None) -> KeyRole:
    values = _role_values(data)
    if "title" not in values:
        raise ApplicationError({"title": "Give the key role a title."})
    role = KeyRole.objects.create(**values)
    record(
        actor=by,
        action="succession.role_created",
        target=_role_target(role),
        changes=diff({}, snapshot(role, ROLE_FIELDS)),
    )
    return role


@transaction.atomic
def key_role_update(*, role: KeyRole, data: Mapping[str, Any], by: User | None = None) -> KeyRole:
    values = _role_values(data)
    incumbent = values.get("incumbent", role.incumbent)
    if (
        incumbent is not None
        and SuccessorCandidate.objects.filter(role=role, person=incumbent).exists()
    ):
        raise ApplicationError(
            {"incumbent": f"{incumbent.full_name} is a successor candidate for this role."}
        )
    before = snapshot(role, ROLE_FIELDS)
    for name, value in values.items():
        setattr(role, name, value)
    role.save()
    changes = diff(before, snapshot(role, ROLE_FIELDS))
    if changes:
        record(
            actor=by, action="succession.role_updated", target=_role_target(role), changes=changes
        )
    return role


@transaction.atomic
def key_role_delete(*, role: KeyRole, by: User | None = None) -> None:
    """Delete a key role with its candidates and their reviews (enrollments stay)."""
    record(
        actor=by,
        action="succession.role_deleted",
        target=_role_target(role),
        changes=diff(snapshot(role, ROLE_FIELDS), {}),
    )
    role.delete()


# ---- successor candidates and readiness reviews


def _check_readiness(readiness: str) -> None:
    if readiness not in Readiness.values:
        raise ApplicationError({"readiness": "Choose ready now, in 1–2 years or in 3+ years."})


def _check_review_day(reviewed_on: date) -> None:
    if reviewed_on > timezone.localdate():
        raise ApplicationError({"reviewed_on": "A review cannot be dated in the future."})


@transaction.atomic
def candidate_add(
    *,
    role: KeyRole,
    person: Person,
    readiness: str,
    by: User | None,
    development_skills: Iterable[Skill] = (),
    notes: str = "",
    reviewed_on: date | None = None,
) -> SuccessorCandidate:
    """Add a successor for a key role; their readiness is recorded as a first review."""
    _check_readiness(readiness)
    if person.termination_date is not None:
        raise ApplicationError({"person": "Only current employees can be successors."})
    if role.incumbent_id == person.pk:
        raise ApplicationError({"person": f"{person.full_name} holds this role already."})
    if SuccessorCandidate.objects.filter(role=role, person=person).exists():
        raise ApplicationError(
            {"person": f"{person.full_name} is already a successor candidate for this role."}
        )
    reviewed_on = reviewed_on or timezone.localdate()
    _check_review_day(reviewed_on)
    try:
        with transaction.atomic():
            candidate = SuccessorCandidate.objects.create(
                role=role, person=person, readiness=readiness, notes=notes.strip()
            )
    except IntegrityError:
        raise ApplicationError(
            {"person": f"{person.full_name} is already a successor candidate for this role."},
            code="conflict",
        ) from None
    candidate.development_skills.set(list(development_skills))
    ReadinessReview.objects.create(
        candidate=candidate, readiness=readiness, reviewed_on=reviewed_on, reviewer=by
    )
    record(
        actor=by,
        action="succession.candidate_added",
        target=_candidate_target(candidate),
        changes={"readiness": [None, readiness]},
        context={"role": role.pk, "person": person.pk},
    )
    return candidate


@transaction.atomic
def candidate_update(
    *,
    candidate: SuccessorCandidate,
    development_skills: Iterable[Skill] | None = None,
    notes: str | None = None,
    by: User | None = None,
) -> SuccessorCandidate:
    """Change a candidate's development needs or notes (readiness changes by a review)."""
    before = {
        "notes": candidate.notes,
        "development_skills": sorted(candidate.development_skills.values_list("pk", flat=True)),
    }
    if notes is not None:
        candidate.notes = notes.strip()
        candidate.save(update_fields=["notes", "updated_at"])
    if development_skills is not None:
        candidate.development_skills.set(list(development_skills))
    after = {
        "notes": candidate.notes,
        "development_skills": sorted(candidate.development_skills.values_list("pk", flat=True)),
    }
    changes = diff(before, after)
    if changes:
        record(
            actor=by,
            action="succession.candidate_updated",
            target=_candidate_target(candidate),
            changes=changes,
        )
    return candidate


@transaction.atomic
def candidate_remove(*, candidate: SuccessorCandidate, by: User | None = None) -> None:
    """Remove a successor candidate and their reviews; an enrollment made for them stays
    (it belongs to the program now)."""
    record(
        actor=by,
        action="succession.candidate_removed",
        target=_candidate_target(candidate),
        changes={"readiness": [candidate.readiness, None]},
    )
    candidate.delete()


@transaction.atomic
def review_add(
    *,
    candidate: SuccessorCandidate,
    readiness: str,
    reviewed_on: date,
    by: User | None,
    notes: str = "",
) -> ReadinessReview:
    """Record a readiness review. The candidate's current readiness becomes the newest
    review's (a review dated before the newest one adds to the history only)."""
    _check_readiness(readiness)
    _check_review_day(reviewed_on)
    review = ReadinessReview.objects.create(
        candidate=candidate,
        readiness=readiness,
        reviewed_on=reviewed_on,
        reviewer=by,
        notes=notes.strip(),
    )
    before = candidate.readiness
    newest = candidate.reviews.order_by("-reviewed_on", "-pk").first()
    if newest is not None and newest.readiness != candidate.readiness:
        candidate.readiness = newest.readiness
        candidate.save(update_fields=["readiness", "updated_at"])
    record(
        actor=by,
        action="succession.review_added",
        target=_candidate_target(candidate),
        changes=diff({"readiness": before}, {"readiness": candidate.readiness}),
        context={"review": review.pk, "reviewed_on": reviewed_on, "readiness": readiness},
    )
    return review


# ---- linking to a leadership-development program


def _check_leadership_program(program: Program) -> None:
    if program.program_type != ProgramType.LEADERSHIP:
        raise ApplicationError(
            {
                "program": f"{program.name} is a {program.get_program_type_display().lower()} "
                "program; link successors to a leadership-development program."
            }
        )
    if program.status == ProgramStatus.CLOSED:
        raise ApplicationError({"program": f"{program.name} is closed."})


def _enroll_nominated(*, program: Program, person: Person, role: str, by: User) -> Enrollment:
    """`person`'s approved enrollment in `program` in `role`, made now if needed.

    The programs app's `enrollment_create` is a person's own application (answers to the
    program's questions, only while the program enrolls, then reviewed); a nomination by an
    organization admin is a decided enrollment. It keeps the program's other rules: the
    eligibility for the role, one live enrollment per person, mentor capacity. A pending
    enrollment is approved through `enrollment_approve`. A new one is announced like any other
    (`_announce_enrollment`).
    """
    existing = live_enrollment(program=program, person=person)
    if existing is not None:
        if existing.role != role:
            raise ApplicationError(
                f"{person.full_name} is already enrolled in {program.name} as a "
                f"{existing.get_role_display().lower()}."
            )
        if existing.status == EnrollmentStatus.PENDING:
            existing = enrollment_approve(enrollment=existing, by=by)
        return existing
    reason = ineligibility_reason(program=program, person=person, role=role)
    if reason:
        raise ApplicationError(f"{person.full_name}: {reason}")
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                program=program,
                person=person,
                role=role,
                status=EnrollmentStatus.APPROVED,
                capacity=program.default_mentor_capacity if role == EnrollmentRole.MENTOR else None,
                decided_at=timezone.now(),
                decided_by=by,
            )
    except IntegrityError:
        raise ApplicationError(
            f"{person.full_name} is already enrolled in {program.name}.", code="conflict"
        ) from None
    _announce_enrollment(enrollment)
    return enrollment


def _announce_enrollment(enrollment: Enrollment) -> None:
    """What every new enrollment does: publish `enrollment.created` (webhooks), and tell the
    person, who did not apply, in words that say nothing about succession planning."""
    program, person = enrollment.program, enrollment.person
    enrollment_created_publish(enrollment)
    if person.user is None:
        return
    role = enrollment.get_role_display().lower()
    notify(
        user=person.user,
        kind=NotificationKind.PROGRAM_UPDATE,
        key=f"enrollment-created:{enrollment.pk}",
        subject=f"You were enrolled in {program.name}",
        body=f"You were enrolled in {program.name} as a {role}. The program's page tells you "
        "what happens next.",
        url=reverse("programs:detail", args=[program.slug]),
    )


@transaction.atomic
def candidate_link_program(
    *, candidate: SuccessorCandidate, program: Program, by: User
) -> list[queries.MentorProposal]:
    """Enroll the candidate as an approved mentee of a leadership-development program (or
    link the enrollment they have), record it on the candidate, and return the mentors
    proposed for them (`queries.proposed_mentors`)."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    _check_leadership_program(program)
    enrollment = _enroll_nominated(
        program=program, person=candidate.person, role=EnrollmentRole.MENTEE, by=by
    )
    before = candidate.enrollment_id
    candidate.enrollment = enrollment
    candidate.save(update_fields=["enrollment", "updated_at"])
    record(
        actor=by,
        action="succession.program_linked",
        target=_candidate_target(candidate),
        changes=diff({"enrollment": before}, {"enrollment": enrollment.pk}),
        context={"program": program.pk},
    )
    return queries.proposed_mentors(candidate=candidate)


@transaction.atomic
def candidate_propose_mentor(
    *, candidate: SuccessorCandidate, mentor: Person, by: User
) -> Mentorship:
    """Pair a linked candidate with a proposed mentor in the candidate's program: the mentor
    is enrolled (approved) if they are not yet, then the pair is proposed as the manager's
    choice; both then accept or decline as for any pair."""
    mentee = (
        None
        if candidate.enrollment_id is None
        else Enrollment.objects.select_related("program", "person")
        .filter(pk=candidate.enrollment_id)
        .first()
    )
    if mentee is None or mentee.status != EnrollmentStatus.APPROVED:
        raise ApplicationError("Link the candidate to a leadership-development program first.")
    program = Program.objects.select_for_update().get(pk=mentee.program_id)
    _check_leadership_program(program)
    if mentor.pk == candidate.person_id:
        raise ApplicationError("A person cannot mentor themself.")
    enrollment = _enroll_nominated(
        program=program, person=mentor, role=EnrollmentRole.MENTOR, by=by
    )
    mentorship = mentorship_propose(
        mentor=enrollment, mentee=mentee, by=by, source=MentorshipSource.OVERRIDE
    )
    record(
        actor=by,
        action="succession.mentor_proposed",
        target=_candidate_target(candidate),
        context={"program": program.pk, "mentorship": mentorship.pk, "mentor": mentor.pk},
    )
    return mentorship
