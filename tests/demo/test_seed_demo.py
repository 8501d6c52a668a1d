"""`manage.py seed_demo`: the demo organization is complete, consistent and deterministic."""

import io
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.people.models import (
    Department,
    JobChange,
    Language,
    Location,
    Person,
    PersonSkill,
    Skill,
    SkillCategory,
)
from mentorpath.people.validators import validate_time_zone
from mentorpath.programs.models import Enrollment, Program
from mentorpath.programs.queries import ineligibility_reason, live_enrollment, program_catalog
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE = 120
TODAY = date(2026, 3, 2)
PASSWORD = "mentorpath-demo"


def seed(**options: object) -> str:
    out = io.StringIO()
    options = {"people": PEOPLE, "seed": 1, "today": TODAY, **options}
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def wipe() -> None:
    Program.objects.all().delete()
    Person.objects.all().delete()
    User.objects.all().delete()


def fingerprint() -> list[object]:
    people = [
        (
            p.employee_id,
            p.first_name,
            p.last_name,
            p.email,
            p.title,
            p.level,
            p.department.name,
            p.location.name,
            p.time_zone,
            p.manager.email if p.manager else None,
            p.hire_date,
            p.termination_date,
            p.career_goals,
        )
        for p in Person.objects.select_related("department", "location", "manager").order_by(
            "employee_id"
        )
    ]
    skills = sorted(
        PersonSkill.objects.values_list(
            "person__email", "skill__name", "level", "can_teach", "wants_to_learn"
        )
    )
    enrollments = sorted(
        Enrollment.objects.values_list("program__slug", "person__email", "role", "status")
    )
    return [people, skills, enrollments]


def test_seed_demo_builds_the_organization_with_four_distinct_programs():
    output = seed()

    assert Person.objects.count() == PEOPLE
    assert Department.objects.count() == 8
    assert Location.objects.count() == 8
    assert SkillCategory.objects.count() == 8
    assert 75 <= Skill.objects.count() <= 85
    assert Language.objects.filter(code="en").get().speakers.count() >= PEOPLE * 0.9
    per_person = Counter(PersonSkill.objects.values_list("person_id", flat=True))
    assert len(per_person) == PEOPLE
    assert all(4 <= n <= 10 for n in per_person.values())
    programs = Program.objects.all()
    assert sorted(p.status for p in programs) == ["active", "draft", "enrolling", "matching"]
    assert sorted(p.program_type for p in programs) == [
        "career",
        "early_talent",
        "leadership",
        "manager",
    ]
    for program in programs:
        assert program.objectives.count() >= 1
        roles = Counter(program.enrollments.values_list("role", flat=True))
        if program.status == "draft":
            assert roles == Counter()
        else:
            assert roles["mentor"] >= 5
            assert roles["mentee"] >= 10
    career = Program.objects.get(name="Career Compass")
    assert {q.kind for q in career.questions.all()} == {"text", "single", "multiple", "scale"}
    assert career.objectives.filter(kpi="retention_12m", comparator="gte", target=95).exists()
    assert Program.objects.get(name="Leadership Pipeline").min_level == 6
    assert "mentee@example.com" in output
    assert PASSWORD in output


def test_seed_demo_logins_authenticate_and_have_their_roles():
    seed()

    users = {
        email: authenticate(email=f"{email}@example.com", password=PASSWORD)
        for email in ("admin", "manager", "mentor", "mentee", "exec")
    }

    assert all(user is not None and user.person for user in users.values())
    admin, manager, mentor, mentee, executive = users.values()
    assert admin.is_org_admin and admin.is_staff and admin.is_superuser
    assert sorted(manager.managed_programs.values_list("name", flat=True)) == [
        "Career Compass",
        "Early Talent Onboarding",
        "Leadership Pipeline",
        "New Manager Circle",
    ]
    assert not manager.is_staff and not manager.is_org_admin
    assert executive.is_executive and not executive.is_staff
    assert sorted(
        mentor.person.enrollments.filter(role="mentor", status="approved").values_list(
            "program__name", flat=True
        )
    ) == ["Career Compass", "Early Talent Onboarding"]
    assert mentor.person.level >= 5
    assert mentee.person.level == 2
    assert list(mentee.person.enrollments.values_list("program__name", "role", "status")) == [
        ("Early Talent Onboarding", "mentee", "approved")
    ]


def test_seed_demo_mentee_may_join_career_compass_but_has_not():
    seed()
    mentee = Person.objects.get(email="mentee@example.com")
    career = Program.objects.get(name="Career Compass")

    assert career in program_catalog(person=mentee)
    assert live_enrollment(program=career, person=mentee) is None
    assert not career.enrollments.filter(person=mentee).exists()


def test_seed_demo_hierarchy_has_one_root_and_no_cycle():
    seed()
    people = {p.pk: p for p in Person.objects.all()}

    roots = [p for p in people.values() if p.manager_id is None]
    assert len(roots) == 1
    assert roots[0].level == 12
    for person in people.values():
        seen = {person.pk}
        cursor = person
        while cursor.manager_id is not None:
            assert cursor.manager_id not in seen, f"cycle through {person}"
            seen.add(cursor.manager_id)
            manager = people[cursor.manager_id]
            assert manager.level > cursor.level
            cursor = manager
        assert cursor.pk == roots[0].pk
    same_department = sum(
        p.department_id == people[p.manager_id].department_id
        for p in people.values()
        if p.manager_id
    )
    assert same_department >= 0.9 * (PEOPLE - 1)


def test_seed_demo_time_zones_and_codes_are_valid():
    seed()

    for time_zone in {*Person.objects.values_list("time_zone", flat=True)} | {
        *Location.objects.values_list("time_zone", flat=True)
    }:
        validate_time_zone(time_zone)
    assert all(
        len(c) == 2 and c.isupper() for c in Location.objects.values_list("country", flat=True)
    )
    assert all(len(c) == 2 and c.islower() for c in Language.objects.values_list("code", flat=True))


def test_seed_demo_job_history_ends_at_the_current_job():
    seed()

    people = Person.objects.prefetch_related("job_changes")
    for person in people:
        changes = sorted(person.job_changes.all(), key=lambda c: (c.effective_date, c.pk))
        assert changes[0].kind == "hire"
        assert changes[0].effective_date == person.hire_date
        current = [c for c in changes if c.kind != "termination"][-1]
        assert (current.to_title, current.to_level, current.to_department_id) == (
            person.title,
            person.level,
            person.department_id,
        )
        for change in changes:
            if change.kind == "promotion":
                assert change.to_level == change.from_level + 1
            assert change.effective_date <= (person.termination_date or TODAY)
        ended = [c for c in changes if c.kind == "termination"]
        assert [c.effective_date for c in ended] == (
            [person.termination_date] if person.termination_date else []
        )
    assert Person.objects.filter(termination_date__isnull=False).exists()
    assert JobChange.objects.filter(kind="promotion").exists()


def test_seed_demo_enrollments_follow_hire_and_application():
    seed()

    enrollments = Enrollment.objects.select_related("person")
    for enrollment in enrollments:
        applied = timezone.localdate(enrollment.created_at)
        assert enrollment.person.hire_date < applied <= TODAY
        assert enrollment.person.termination_date is None
        if enrollment.status in ("approved", "declined"):
            assert enrollment.created_at <= enrollment.decided_at
            assert enrollment.decided_by.email == "manager@example.com"
        else:
            assert enrollment.decided_at is None
        assert (enrollment.capacity is not None) == (enrollment.role == "mentor")
    assert Counter(enrollments.values_list("status", flat=True)).keys() == {
        "approved",
        "pending",
        "declined",
        "withdrawn",
    }


def test_seed_demo_same_seed_builds_the_same_organization():
    seed()
    first = fingerprint()
    wipe()

    seed()

    assert fingerprint() == first


def test_seed_demo_other_seed_builds_another_organization():
    seed()
    first = fingerprint()
    wipe()

    seed(seed=2)

    assert fingerprint() != first


def test_seed_demo_if_empty_leaves_existing_data_alone():
    seed()
    before = fingerprint()

    output = seed(if_empty=True, seed=2)

    assert "already has people" in output
    assert fingerprint() == before


def test_seed_demo_if_empty_skips_a_database_with_any_person():
    PersonFactory()

    seed(if_empty=True)

    assert Person.objects.count() == 1
    assert not Program.objects.exists()


def test_seed_demo_refuses_a_database_with_people():
    PersonFactory()

    with pytest.raises(CommandError, match="already has people"):
        seed()

    assert Person.objects.count() == 1


def test_seed_demo_refuses_too_few_people():
    with pytest.raises(CommandError, match="at least"):
        seed(people=10)

    assert not Person.objects.exists()


def test_seed_demo_enrollments_satisfy_each_programs_eligibility_for_their_role():
    seed()

    live = Enrollment.objects.filter(status__in=["pending", "approved"]).select_related(
        "program", "person"
    )
    refused = [
        (e.program.slug, e.person.email, e.role, reason)
        for e in live
        if (reason := ineligibility_reason(program=e.program, person=e.person, role=e.role))
    ]
    assert live.count() > 50
    assert refused == []
