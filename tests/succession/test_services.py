"""Key roles, successors, readiness reviews and linking a successor to a program."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from mentorpath.core import events
from mentorpath.core.exceptions import ApplicationError
from mentorpath.mentoring.models import Mentorship
from mentorpath.notifications.models import Notification
from mentorpath.programs.models import Enrollment
from mentorpath.succession import services
from mentorpath.succession.models import KeyRole, ReadinessReview, SuccessorCandidate
from tests.factories import (
    EnrollmentFactory,
    PersonFactory,
    ProgramFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def messages(error: ApplicationError) -> dict[str, list[str]] | list[str]:
    return error.message_dict if hasattr(error, "error_dict") else error.messages


def test_key_role_create_and_update(admin_user):
    incumbent = PersonFactory(title="CFO", level=11)

    role = services.key_role_create(
        data={"title": "  CFO ", "incumbent": incumbent, "level": 11, "criticality": "critical"},
        by=admin_user,
    )
    services.key_role_update(role=role, data={"vacancy_risk": "high", "notes": " retiring "})

    role.refresh_from_db()
    assert (role.title, role.incumbent, role.level) == ("CFO", incumbent, 11)
    assert (role.criticality, role.vacancy_risk, role.notes) == ("critical", "high", "retiring")


def test_key_role_refuses_a_blank_title_and_a_former_employee(admin_user):
    with pytest.raises(ApplicationError) as blank:
        services.key_role_create(data={"title": "  "}, by=admin_user)
    left = PersonFactory(termination_date=date(2024, 1, 1))
    with pytest.raises(ApplicationError) as former:
        services.key_role_create(data={"title": "CTO", "incumbent": left}, by=admin_user)

    assert messages(blank.value) == {"title": ["Give the key role a title."]}
    assert messages(former.value) == {"incumbent": ["The incumbent must be a current employee."]}
    assert not KeyRole.objects.exists()


def test_key_role_delete_removes_its_successors_and_reviews(role):
    services.key_role_delete(role=role)

    assert not SuccessorCandidate.objects.exists()
    assert not ReadinessReview.objects.exists()


def test_candidate_add_records_a_first_review(role, admin_user):
    person = PersonFactory(first_name="Ada", last_name="New", level=8)
    skill = SkillFactory(name="Negotiation")

    added = services.candidate_add(
        role=role,
        person=person,
        readiness="3y+",
        development_skills=[skill],
        notes=" strong in accounts ",
        by=admin_user,
    )

    assert (added.readiness, added.notes) == ("3y+", "strong in accounts")
    assert list(added.development_skills.all()) == [skill]
    review = added.reviews.get()
    assert (review.readiness, review.reviewed_on, review.reviewer) == (
        "3y+",
        timezone.localdate(),
        admin_user,
    )


def test_candidate_add_refuses_duplicates_the_incumbent_and_leavers(role, successor, admin_user):
    cases = [
        (successor.person, "Nora Now is already a successor candidate for this role."),
        (role.incumbent, "Hana Head holds this role already."),
        (
            PersonFactory(termination_date=date(2024, 1, 1)),
            "Only current employees can be successors.",
        ),
    ]
    for person, message in cases:
        with pytest.raises(ApplicationError) as refused:
            services.candidate_add(role=role, person=person, readiness="now", by=admin_user)
        assert messages(refused.value) == {"person": [message]}
    assert role.candidates.count() == 2


def test_candidate_update_changes_skills_and_notes_only(successor):
    skill = SkillFactory(name="Strategy")

    services.candidate_update(candidate=successor, development_skills=[skill], notes="ok")

    successor.refresh_from_db()
    assert (successor.readiness, successor.notes) == ("now", "ok")
    assert list(successor.development_skills.all()) == [skill]


def test_review_add_updates_readiness_and_keeps_history(role, admin_user):
    tim = role.candidates.get(person__first_name="Tim")
    today = timezone.localdate()

    services.review_add(candidate=tim, readiness="now", reviewed_on=today, by=admin_user)
    older = services.review_add(
        candidate=tim, readiness="3y+", reviewed_on=date(2024, 6, 1), by=admin_user
    )

    tim.refresh_from_db()
    assert tim.readiness == "now"  # the backdated review only adds to the history
    assert list(tim.reviews.values_list("readiness", "reviewed_on")) == [
        ("now", today),
        ("1-2y", date(2025, 1, 15)),
        ("3y+", date(2024, 6, 1)),
    ]
    assert older.reviewer == admin_user


def test_review_add_refuses_a_future_date(successor, admin_user):
    with pytest.raises(ApplicationError) as refused:
        services.review_add(
            candidate=successor,
            readiness="now",
            reviewed_on=timezone.localdate() + timedelta(days=1),
            by=admin_user,
        )

    assert messages(refused.value) == {"reviewed_on": ["A review cannot be dated in the future."]}


# ---- linking to a leadership-development program


def test_link_enrolls_an_approved_mentee_and_proposes_mentors(successor, leadership, admin_user):
    proposals = services.candidate_link_program(
        candidate=successor, program=leadership, by=admin_user
    )

    enrollment = Enrollment.objects.get(program=leadership, person=successor.person)
    assert (enrollment.role, enrollment.status, enrollment.decided_by) == (
        "mentee",
        "approved",
        admin_user,
    )
    successor.refresh_from_db()
    assert successor.enrollment == enrollment
    assert [(p.person.full_name, p.reasons) for p in proposals] == [
        ("Hana Head", ["holds this role", "same department"])
    ]


@pytest.fixture
def published():
    """Every domain event delivered to subscribers during the test, as (name, payload)."""
    seen: list[tuple[str, dict]] = []

    def record(name: str, payload: dict) -> None:
        seen.append((name, payload))

    events.subscribe(record)
    yield seen
    events.unsubscribe(record)


def test_link_announces_the_new_enrollment_and_tells_the_nominee_neutrally(
    successor, leadership, admin_user, published, django_capture_on_commit_callbacks
):
    successor.person.user = UserFactory(email="nora@example.com")
    successor.person.save(update_fields=["user"])

    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_link_program(candidate=successor, program=leadership, by=admin_user)

    enrollment = Enrollment.objects.get(program=leadership, person=successor.person)
    assert published == [
        (
            "enrollment.created",
            {
                "enrollment_id": enrollment.pk,
                "program_id": leadership.pk,
                "program_slug": "leadership-pipeline",
                "person_id": successor.person.pk,
                "role": "mentee",
                "status": "approved",
            },
        )
    ]
    notice = Notification.objects.get(recipient=successor.person.user)
    assert notice.kind == "program_update"
    assert notice.subject == "You were enrolled in Leadership Pipeline"
    assert notice.body == (
        "You were enrolled in Leadership Pipeline as a mentee. The program's page tells you "
        "what happens next."
    )
    assert notice.url == "/programs/leadership-pipeline/"
    said = f"{notice.subject} {notice.body}".lower()
    assert not any(word in said for word in ("succession", "successor", "key role", "head of"))


def test_a_nominee_without_a_login_is_announced_but_not_notified(
    successor, leadership, admin_user, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_link_program(candidate=successor, program=leadership, by=admin_user)

    assert [name for name, _ in published] == ["enrollment.created"]
    assert Notification.objects.count() == 0


def test_linking_an_existing_enrollment_announces_no_new_one(
    successor, leadership, admin_user, published, django_capture_on_commit_callbacks
):
    EnrollmentFactory(program=leadership, person=successor.person, status="approved")

    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_link_program(candidate=successor, program=leadership, by=admin_user)

    assert published == []


def test_link_approves_and_links_an_existing_pending_enrollment(successor, leadership, admin_user):
    pending = EnrollmentFactory(program=leadership, person=successor.person, status="pending")

    services.candidate_link_program(candidate=successor, program=leadership, by=admin_user)

    pending.refresh_from_db()
    successor.refresh_from_db()
    assert pending.status == "approved"
    assert successor.enrollment == pending
    assert Enrollment.objects.filter(person=successor.person).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"name": "Career Compass", "program_type": "career"},
            "Career Compass is a career development program; link successors to a "
            "leadership-development program.",
        ),
        (
            {"name": "Leaders 2024", "program_type": "leadership", "status": "closed"},
            "Leaders 2024 is closed.",
        ),
    ],
)
def test_link_refuses_other_program_types_and_closed_programs(
    successor, admin_user, fields, message
):
    program = ProgramFactory(**fields)

    with pytest.raises(ApplicationError) as refused:
        services.candidate_link_program(candidate=successor, program=program, by=admin_user)

    assert messages(refused.value) == {"program": [message]}
    assert not Enrollment.objects.exists()
    successor.refresh_from_db()
    assert successor.enrollment is None


def test_link_refuses_someone_who_mentors_in_the_program(successor, leadership, admin_user):
    EnrollmentFactory(program=leadership, person=successor.person, role="mentor", status="approved")

    with pytest.raises(ApplicationError) as refused:
        services.candidate_link_program(candidate=successor, program=leadership, by=admin_user)

    assert messages(refused.value) == [
        "Nora Now is already enrolled in Leadership Pipeline as a mentor."
    ]


def test_link_refuses_an_ineligible_candidate(successor, leadership, admin_user):
    leadership.max_level = 6
    leadership.save()

    with pytest.raises(ApplicationError) as refused:
        services.candidate_link_program(candidate=successor, program=leadership, by=admin_user)

    assert messages(refused.value) == ["Nora Now: This program's mentees are level 6 and below."]


def test_propose_mentor_enrolls_the_mentor_and_proposes_the_pair(
    role, successor, leadership, admin_user
):
    services.candidate_link_program(candidate=successor, program=leadership, by=admin_user)
    successor.refresh_from_db()

    pair = services.candidate_propose_mentor(
        candidate=successor, mentor=role.incumbent, by=admin_user
    )

    mentor = Enrollment.objects.get(program=leadership, person=role.incumbent)
    assert (mentor.role, mentor.status, mentor.capacity, mentor.load) == (
        "mentor",
        "approved",
        2,
        1,
    )
    assert (pair.mentor, pair.mentee, pair.status, pair.source) == (
        mentor,
        successor.enrollment,
        "proposed",
        "override",
    )
    with pytest.raises(ApplicationError):  # one mentor per mentee in a program
        services.candidate_propose_mentor(
            candidate=successor, mentor=PersonFactory(level=12), by=admin_user
        )
    assert Mentorship.objects.count() == 1


def test_propose_mentor_needs_a_linked_program(successor, role, admin_user):
    with pytest.raises(ApplicationError) as refused:
        services.candidate_propose_mentor(candidate=successor, mentor=role.incumbent, by=admin_user)

    assert messages(refused.value) == [
        "Link the candidate to a leadership-development program first."
    ]
