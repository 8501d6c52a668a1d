"""`manage.py seed_demo`: the demo organization is complete, consistent and deterministic."""

import io
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.demo.seed import reference_now
from mentorpath.mentoring.enums import LIVE_MENTORSHIP
from mentorpath.mentoring.models import Agreement, CheckIn, Goal, GoalUpdate, Mentorship, Note
from mentorpath.mentoring.queries import notes_visible_to, pair_health
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
from tests.demo.growth import wipe_growth
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE = 120
PAIRS_PEOPLE = 400  # enough pairs for every status, end reason and flag to show up
TODAY = date(2026, 3, 2)
PASSWORD = "mentorpath-demo"


def seed(**options: object) -> str:
    out = io.StringIO()
    options = {"people": PEOPLE, "seed": 1, "today": TODAY, **options}
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def wipe() -> None:
    wipe_growth()
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
        Enrollment.objects.values_list("program__slug", "person__email", "role", "status", "load")
    )
    return [people, skills, enrollments, mentoring_fingerprint()]


def mentoring_fingerprint() -> list[object]:
    """Every pair with its outcome and what it holds, counted (times follow the clock)."""
    pairs = Mentorship.objects.annotate(
        **{
            status: Count("checkins", filter=Q(checkins__status=status), distinct=True)
            for status in ("held", "missed", "cancelled", "scheduled")
        },
        goal_count=Count("goals", distinct=True),
        note_count=Count("notes", distinct=True),
    )
    return [
        sorted(
            pairs.values_list(
                "mentor__person__email",
                "mentee__person__email",
                "status",
                "end_reason",
                "held",
                "missed",
                "cancelled",
                "scheduled",
                "goal_count",
                "note_count",
            )
        ),
        sorted(Counter(Goal.objects.values_list("status", "progress")).items()),
        sorted(Counter(Note.objects.values_list("visibility", "author__email")).items()),
        GoalUpdate.objects.count(),
    ]


def early_talent() -> Program:
    return Program.objects.get(name="Early Talent Onboarding")


def persona_pairs() -> dict[str, Mentorship]:
    pairs = Mentorship.objects.filter(mentor__person__email="mentor@example.com").select_related(
        "mentee__person", "program", "agreement"
    )
    return {
        "persona" if p.mentee.person.email == "mentee@example.com" else "other": p for p in pairs
    }


def test_seed_demo_builds_the_organization_with_four_current_and_two_closed_programs():
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
    assert sorted(p.status for p in programs) == [
        "active",
        "closed",
        "closed",
        "draft",
        "enrolling",
        "matching",
    ]
    current = programs.exclude(status="closed")
    assert sorted(p.program_type for p in current) == [
        "career",
        "early_talent",
        "leadership",
        "manager",
    ]
    closed = programs.filter(status="closed")
    assert sorted(p.program_type for p in closed) == ["career", "early_talent"]
    for program in programs:
        assert program.objectives.count() >= 1
        roles = Counter(program.enrollments.values_list("role", flat=True))
        if program.status == "draft":
            assert roles == Counter()
        elif program.status == "closed":  # a share of a smaller company, two years ago
            assert roles["mentor"] >= 1
            assert roles["mentee"] >= 3
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
    managed = manager.managed_programs.values_list("name", flat=True)
    assert sorted(managed.exclude(status="closed")) == [
        "Career Compass",
        "Early Talent Onboarding",
        "Leadership Pipeline",
        "New Manager Circle",
    ]
    assert managed.filter(status="closed").count() == 2
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

    enrollments = Enrollment.objects.select_related("person", "program")
    for enrollment in enrollments:
        applied = timezone.localdate(enrollment.created_at)
        assert enrollment.person.hire_date < applied <= TODAY
        left = enrollment.person.termination_date
        # In today's programs only a mentee who left the company mid-mentorship has an
        # enrollment, then withdrawn; people in a closed program may have left since.
        if enrollment.program.status == "closed":
            assert left is None or applied < left
        else:
            assert left is None or (enrollment.status == "withdrawn" and applied < left)
        if enrollment.status in ("approved", "declined"):
            assert enrollment.created_at <= enrollment.decided_at
            assert enrollment.decided_by.email == "manager@example.com"
        elif left is None:
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

    live = (
        Enrollment.objects.filter(status__in=["pending", "approved"])
        .exclude(program__status="closed")  # eligibility is about joining now
        .select_related("program", "person")
    )
    refused = [
        (e.program.slug, e.person.email, e.role, reason)
        for e in live
        if (reason := ineligibility_reason(program=e.program, person=e.person, role=e.role))
    ]
    assert live.count() > 50
    assert refused == []


# ---- mentoring: pairs with months of history


def test_seed_demo_same_seed_gives_the_same_pairs_and_counts():
    seed(people=PAIRS_PEOPLE)
    first = mentoring_fingerprint()
    wipe()

    seed(people=PAIRS_PEOPLE)

    assert mentoring_fingerprint() == first
    assert len(first[0]) > 20


def test_seed_demo_persona_pair_has_months_of_history():
    seed()
    now = reference_now(TODAY)

    pair = persona_pairs()["persona"]

    assert pair.status == "active"
    assert pair.program.status == "active"
    assert timedelta(days=100) <= now - pair.started_at <= timedelta(days=130)
    assert pair.agreement.acknowledged
    assert pair.agreement.rhythm_days == 14
    statuses = Counter(pair.checkins.values_list("status", flat=True))
    assert statuses == {"held": 6, "missed": 1, "cancelled": 1, "scheduled": 1}
    upcoming = pair.checkins.get(status="scheduled")
    assert now < upcoming.starts_at < now + timedelta(days=7)
    assert all(c.starts_at < now for c in pair.checkins.exclude(status="scheduled"))
    assert all(c.starts_at > pair.started_at for c in pair.checkins.all())
    goals = {g.status: g for g in pair.goals.prefetch_related("milestones")}
    assert sorted(goals) == ["at_risk", "done", "on_track"]
    done = [m.done_at is not None for m in goals["on_track"].milestones.all()]
    assert any(done) and not all(done)
    assert goals["done"].progress == 100 and goals["done"].completed_at is not None
    mentor, mentee = pair.mentor.person, pair.mentee.person
    for goal in goals.values():
        assert {u.author_id for u in goal.updates.all()} == {mentor.pk, mentee.pk}
    private = Counter(pair.notes.filter(visibility="private").values_list("author", flat=True))
    assert private == {mentor.pk: 1, mentee.pk: 1}
    shared = set(pair.notes.filter(visibility="shared").values_list("author", flat=True))
    assert shared == {mentor.pk, mentee.pk}
    seen_by_mentee = notes_visible_to(mentorship=pair, person=mentee)
    assert not seen_by_mentee.filter(visibility="private", author=mentor).exists()


def test_seed_demo_persona_mentor_has_a_stalled_second_pair():
    seed()
    now = reference_now(TODAY)

    pairs = persona_pairs()
    health = {h.mentorship.pk: h for h in pair_health(program=early_talent(), now=now)}

    assert sorted(pairs) == ["other", "persona"]
    stalled = health[pairs["other"].pk]
    assert stalled.stalled
    assert now - stalled.last_held > timedelta(days=60)
    persona = health[pairs["persona"].pk]
    assert (persona.stalled, persona.unresponsive_mentor, persona.at_risk) == (False, False, True)


def test_seed_demo_pair_health_shows_stalled_and_unresponsive_pairs():
    seed(people=PAIRS_PEOPLE)
    now = reference_now(TODAY)

    health = pair_health(program=early_talent(), now=now)

    stalled = [h for h in health if h.stalled]
    assert 2 <= len(stalled) <= 0.2 * len(health)
    unresponsive = [h for h in health if h.unresponsive_mentor]
    assert any(h.mentorship.status == "active" for h in unresponsive)
    assert any(h.mentorship.mentor.person.email != "mentor@example.com" for h in unresponsive)
    assert sum(not h.flagged for h in health) > len(health) / 2


def test_seed_demo_pairs_cover_every_status_and_end_reason():
    seed(people=PAIRS_PEOPLE)

    pairs = Mentorship.objects.all()

    assert set(pairs.values_list("status", flat=True)) == {
        "proposed",
        "active",
        "paused",
        "completed",
        "ended_early",
        "declined",
    }
    reasons = set(pairs.filter(status="ended_early").values_list("end_reason", flat=True))
    assert {"mismatch", "personal", "left"} <= reasons
    assert set(pairs.filter(status="completed").values_list("end_reason", flat=True)) == {
        "completed"
    }
    active = pairs.filter(status="active", program=early_talent()).count()
    assert active > 0.6 * pairs.filter(program=early_talent()).count()
    approved = Enrollment.objects.filter(program=early_talent(), role="mentee", status="approved")
    in_pairs = approved.filter(mentorships_as_mentee__status="active").distinct().count()
    assert in_pairs > 0.6 * approved.count()


def test_seed_demo_a_mentee_who_left_has_left_the_company():
    seed(people=PAIRS_PEOPLE)

    pairs = Mentorship.objects.select_related("mentee__person", "program").filter(end_reason="left")

    assert pairs.filter(program__status="active").count() == 1
    for pair in pairs:
        person = pair.mentee.person
        assert person.termination_date is not None
        assert pair.started_at.date() < person.termination_date <= pair.ended_at.date()
        # Today's program withdraws the enrollment; a closed program keeps its cohort whole.
        expected = "approved" if pair.program.status == "closed" else "withdrawn"
        assert pair.mentee.status == expected
        assert person.job_changes.filter(kind="termination").count() == 1
        assert not pair.checkins.filter(starts_at__date__gt=person.termination_date).exists()


def test_seed_demo_mentor_load_is_their_live_pairs_within_capacity():
    seed(people=PAIRS_PEOPLE)

    mentors = Enrollment.objects.filter(role="mentor").annotate(
        live=Count(
            "mentorships_as_mentor", filter=Q(mentorships_as_mentor__status__in=LIVE_MENTORSHIP)
        )
    )

    assert [(m.pk, m.load) for m in mentors] == [(m.pk, m.live) for m in mentors]
    assert all(m.load <= m.capacity for m in mentors)
    assert sum(m.load for m in mentors) > 20
    for pair in Mentorship.objects.select_related("mentor", "mentee"):
        assert pair.mentor.status == pair.mentee.status or pair.mentee.status == "withdrawn"
        assert pair.mentor.program_id == pair.mentee.program_id == pair.program_id


def test_seed_demo_checkins_are_consistent_with_their_status():
    seed(people=PAIRS_PEOPLE)
    now = reference_now(TODAY)

    checkins = CheckIn.objects.select_related("mentorship")

    assert not checkins.exclude(status="held").filter(held_minutes__isnull=False).exists()
    held = checkins.filter(status="held")
    assert not held.filter(held_minutes__isnull=True).exists()
    assert all(25 <= m <= 70 for m in held.values_list("held_minutes", flat=True))
    statuses = Counter(checkins.exclude(status="scheduled").values_list("status", flat=True))
    past = sum(statuses.values())
    assert 0.75 <= statuses["held"] / past <= 0.92
    assert 0.05 <= statuses["missed"] / past <= 0.15
    assert 0 < statuses["cancelled"] < 0.1 * past
    for c in checkins:
        pair = c.mentorship
        assert pair.started_at < c.starts_at
        assert (c.starts_at > now) == (c.status == "scheduled")
        assert pair.ended_at is None or c.starts_at < pair.ended_at
        assert c.created_at <= min(c.starts_at, now)
        assert c.recorded_at is None or c.ends_at <= c.recorded_at <= now
        assert (c.cancelled_at is not None) == (c.status == "cancelled")
    histories = [now - p.started_at for p in Mentorship.objects.filter(status="active")]
    assert min(histories) < timedelta(days=60) and max(histories) > timedelta(days=200)


def test_seed_demo_every_started_pair_has_its_agreement():
    seed(people=PAIRS_PEOPLE)

    started = Mentorship.objects.filter(started_at__isnull=False)
    agreements = Agreement.objects.filter(mentorship__in=started)

    assert agreements.count() == started.count()
    assert not Agreement.objects.filter(mentorship__started_at__isnull=True).exists()
    both = agreements.filter(
        mentor_acknowledged_at__isnull=False, mentee_acknowledged_at__isnull=False
    )
    assert both.count() >= 0.8 * agreements.count()
    assert set(agreements.values_list("rhythm_days", flat=True)) >= {7, 14}


def test_seed_demo_goals_at_every_status_with_matching_progress():
    seed(people=PAIRS_PEOPLE)

    goals = Goal.objects.prefetch_related("milestones", "updates")

    assert set(goals.values_list("status", flat=True)) == {
        "not_started",
        "on_track",
        "at_risk",
        "done",
        "dropped",
    }
    for goal in goals:
        assert (goal.completed_at is not None) == (goal.status == "done")
        if goal.status == "done":
            assert goal.progress == 100
            assert all(m.done_at is not None for m in goal.milestones.all())
        if goal.status == "not_started":
            assert goal.progress == 0
            assert not any(m.done_at for m in goal.milestones.all())
        reported = [u.progress for u in goal.updates.all() if u.progress is not None]
        if reported:
            assert reported[0] == goal.progress  # the latest update first
        assert goal.milestones.count() >= 2


def test_seed_demo_notes_are_shared_and_private_from_both_sides():
    seed(people=PAIRS_PEOPLE)

    notes = Note.objects.select_related("mentorship__mentor", "mentorship__mentee")

    assert Counter(notes.values_list("visibility", flat=True)).keys() == {"shared", "private"}
    for note in notes:
        assert note.author_id in (
            note.mentorship.mentor.person_id,
            note.mentorship.mentee.person_id,
        )
        assert note.checkin is None or note.checkin.status in ("held", "missed")
        assert note.checkin is None or note.checkin.ends_at <= note.created_at
    assert len(set(notes.values_list("body", flat=True))) > 20
    assert "{" not in "".join(notes.values_list("body", flat=True))


def test_seed_demo_no_mentorships_leaves_the_active_program_unmatched():
    seed(no_mentorships=True)

    assert not Mentorship.objects.exists()
    assert not Enrollment.objects.filter(load__gt=0).exists()
    assert not Enrollment.objects.filter(person__termination_date__isnull=False).exists()


def test_seed_demo_dates_follow_the_time_of_seeding():
    seed(today=None)
    now = timezone.now()

    upcoming = CheckIn.objects.filter(status="scheduled")

    assert upcoming.exists()
    assert all(now < c.starts_at < now + timedelta(days=35) for c in upcoming)
    latest = max(CheckIn.objects.exclude(status="scheduled").values_list("starts_at", flat=True))
    assert isinstance(latest, datetime) and now - latest < timedelta(days=7)
