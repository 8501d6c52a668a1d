from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from mentorpath.accounts.models import User
from mentorpath.audit.services import record
from mentorpath.core.exceptions import ApplicationError
from mentorpath.people.enums import JobChangeKind
from mentorpath.people.models import (
    Department,
    Interest,
    JobChange,
    Language,
    Person,
    PersonSkill,
    Skill,
)

PROFILE_FIELDS = (
    "title",
    "bio",
    "career_goals",
    "time_zone",
    "style_structure",
    "style_pace",
    "style_communication",
    "style_feedback",
    "availability_hours_per_month",
)


def _validate(person: Person, fields: Iterable[str]) -> None:
    exclude = [f.name for f in Person._meta.concrete_fields if f.name not in set(fields)]
    person.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


@transaction.atomic
def person_update_profile(
    *,
    person: Person,
    data: dict[str, object],
    languages: Iterable[Language] | None = None,
    interests: Iterable[Interest] | None = None,
) -> Person:
    """Update what a participant may edit of their own profile. HR fields are not touched."""
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    for field, value in data.items():
        setattr(person, field, value)
    _validate(person, data.keys())
    person.save(update_fields=[*data.keys(), "updated_at"])
    if languages is not None:
        person.languages.set(languages)
    if interests is not None:
        person.interests.set(interests)
    return person


def ensure_no_reporting_cycle(*, person: Person, manager: Person | None) -> None:
    """Refuse a manager who is the person or reports to them, directly or through others.

    Shared by the service and the Django admin form so both give the same message.
    """
    if manager is None:
        return
    if manager.pk == person.pk:
        raise ApplicationError({"manager": "A person cannot be their own manager."})
    # Walk the stored reporting line, not the in-memory one: `manager` may be stale.
    cursor_id: int | None = manager.pk
    seen: set[int] = set()
    while cursor_id is not None and cursor_id not in seen:
        seen.add(cursor_id)
        cursor_id = Person.objects.filter(pk=cursor_id).values_list("manager_id", flat=True).first()
        if cursor_id == person.pk:
            raise ApplicationError(
                {
                    "manager": (
                        f"{manager.full_name} reports to {person.full_name} (directly or "
                        "through others), so they cannot also be their manager."
                    )
                }
            )


REPORTING_LINE_LOCK = 7_301_001


def _lock_reporting_lines() -> None:
    """Serialize reporting-line changes so two concurrent ones cannot close a loop together.

    On PostgreSQL a transaction-scoped advisory lock; SQLite already runs one writing
    transaction at a time (IMMEDIATE mode). Manager changes are rare, so this costs nothing.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REPORTING_LINE_LOCK])


@transaction.atomic
def person_set_manager(*, person: Person, manager: Person | None, by: User | None = None) -> Person:
    """Set a person's manager, refusing a reporting line that would loop back to them. A change
    made by someone (`by`) is audited; SCIM and HRIS record their own changes."""
    _lock_reporting_lines()
    ensure_no_reporting_cycle(person=person, manager=manager)
    before = person.manager_id
    person.manager = manager
    person.save(update_fields=["manager", "updated_at"])
    if by is not None and before != person.manager_id:
        record(
            actor=by,
            action="person.manager_changed",
            target=person,
            changes={"manager": [before, person.manager_id]},
        )
    return person


@transaction.atomic
def person_skill_set(
    *,
    person: Person,
    skill: Skill | int,
    level: int,
    can_teach: bool = False,
    wants_to_learn: bool = False,
) -> PersonSkill:
    """Add a skill to a profile or change its level and intent."""
    if isinstance(skill, int):
        found = Skill.objects.filter(pk=skill).first()
        if found is None:
            raise ApplicationError({"skill": "That skill is not in the skill catalogue."})
        skill = found
    if not 1 <= int(level) <= 5:
        raise ApplicationError({"level": "Skill level must be between 1 and 5."})
    person_skill, _ = PersonSkill.objects.update_or_create(
        person=person,
        skill=skill,
        defaults={"level": level, "can_teach": can_teach, "wants_to_learn": wants_to_learn},
    )
    return person_skill


@transaction.atomic
def person_skill_remove(*, person: Person, skill_id: int) -> None:
    PersonSkill.objects.filter(person=person, skill_id=skill_id).delete()


@transaction.atomic
def job_change_record(
    *,
    person: Person,
    effective_date: date,
    kind: str,
    to_title: str | None = None,
    to_level: int | None = None,
    to_department: Department | None = None,
) -> JobChange:
    """Record a job change and apply it to the person's current record."""
    if kind not in JobChangeKind.values:
        options = ", ".join(JobChangeKind.values)
        raise ApplicationError({"kind": f"Unknown kind of job change; use one of: {options}."})
    kind = JobChangeKind(kind)
    change = JobChange(
        person=person,
        effective_date=effective_date,
        kind=kind,
        from_title=person.title,
        to_title=to_title if to_title is not None else person.title,
        from_level=person.level,
        to_level=to_level if to_level is not None else person.level,
        from_department=person.department,
        to_department=to_department if to_department is not None else person.department,
    )
    if change.to_level is not None and not 1 <= change.to_level <= 12:
        raise ApplicationError({"to_level": "A level must be between 1 and 12."})
    if kind == JobChangeKind.PROMOTION and (change.to_level or 0) <= (change.from_level or 0):
        raise ApplicationError({"to_level": "A promotion must raise the person's level."})
    if kind == JobChangeKind.TERMINATION and person.hire_date and effective_date < person.hire_date:
        raise ApplicationError(
            {
                "effective_date": (
                    "A termination cannot take effect before the hire date "
                    f"({person.hire_date.isoformat()})."
                )
            }
        )
    change.save()
    person.title = change.to_title
    person.level = change.to_level or person.level
    person.department = change.to_department
    fields = ["title", "level", "department", "updated_at"]
    if kind == JobChangeKind.TERMINATION:
        person.termination_date = effective_date
        fields.append("termination_date")
    person.save(update_fields=fields)
    return change
