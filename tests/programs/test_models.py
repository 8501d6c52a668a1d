"""Database constraints hold even when the services are bypassed."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from mentorpath.programs.models import ApplicationQuestion, Enrollment, Program, ProgramObjective
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return ProgramFactory(), PersonFactory()


@pytest.mark.parametrize("first", ["pending", "approved"])
@pytest.mark.parametrize("second", ["pending", "approved"])
def test_one_live_enrollment_per_program_is_enforced_by_the_database(pair, first, second):
    program, person = pair
    EnrollmentFactory(program=program, person=person, status=first)

    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(program=program, person=person, status=second, role="mentor")

    assert Enrollment.objects.count() == 1


def test_one_live_enrollment_per_program_allows_closed_ones_alongside(pair):
    program, person = pair
    EnrollmentFactory(program=program, person=person, status="withdrawn")
    EnrollmentFactory(program=program, person=person, status="declined")
    EnrollmentFactory(program=program, person=person, status="withdrawn")

    EnrollmentFactory(program=program, person=person, status="approved")

    assert Enrollment.objects.filter(program=program, person=person).count() == 4


def test_one_live_enrollment_per_program_blocks_reviving_a_withdrawn_one(pair):
    program, person = pair
    old = EnrollmentFactory(program=program, person=person, status="withdrawn")
    EnrollmentFactory(program=program, person=person, status="pending")

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.filter(pk=old.pk).update(status="approved")

    assert Enrollment.objects.get(pk=old.pk).status == "withdrawn"


def test_one_live_enrollment_per_program_is_per_program():
    person = PersonFactory()

    EnrollmentFactory(person=person, status="approved")
    EnrollmentFactory(person=person, status="approved")

    assert Enrollment.objects.filter(person=person).count() == 2


def test_capacity_for_mentors_only_refuses_a_mentee_with_capacity():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(role="mentee", capacity=2)

    assert Enrollment.objects.count() == 0


def test_capacity_for_mentors_only_refuses_a_mentor_without_capacity():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(role="mentor", capacity=None)

    assert Enrollment.objects.count() == 0


def test_capacity_for_mentors_only_refuses_switching_a_mentor_to_mentee():
    enrollment = EnrollmentFactory(role="mentor", capacity=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.filter(pk=enrollment.pk).update(role="mentee")

    assert Enrollment.objects.get(pk=enrollment.pk).role == "mentor"


def test_capacity_zero_is_a_valid_mentor_capacity():
    enrollment = EnrollmentFactory(role="mentor", capacity=0)

    assert Enrollment.objects.get(pk=enrollment.pk).capacity == 0


def test_program_ends_after_start_is_enforced_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(start_date=date(2025, 6, 1), end_date=date(2025, 5, 31))

    assert Program.objects.count() == 0


def test_program_level_range_is_enforced_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(min_level=6, max_level=5)

    assert Program.objects.count() == 0


def test_program_slug_is_unique_in_the_database():
    ProgramFactory(slug="compass")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(slug="compass")

    assert Program.objects.count() == 1


@pytest.mark.parametrize(
    ("audience", "mentor", "mentee"),
    [("both", True, True), ("mentor", True, False), ("mentee", False, True)],
)
def test_application_question_applies_to_its_audience(audience, mentor, mentee):
    question = ApplicationQuestion(text="Why?", audience=audience)

    assert (question.applies_to("mentor"), question.applies_to("mentee")) == (mentor, mentee)


def test_enrollment_str_names_person_role_and_program():
    enrollment = EnrollmentFactory(
        person=PersonFactory(first_name="Ada", last_name="Lovelace"),
        program=ProgramFactory(name="Career Compass"),
        role="mentor",
    )

    assert str(enrollment) == "Ada Lovelace · Mentor · Career Compass"


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (Decimal("12.50"), "Mentee promotion rate within 12 months (%) at least 12.5"),
        pytest.param(
            Decimal("90.00"),
            "Mentee promotion rate within 12 months (%) at least 90",
        ),
    ],
)
def test_objective_target_text_reads_naturally(target, text):
    objective = ProgramObjective(kpi="promotion_rate", comparator="gte", target=target)

    assert objective.target_text == text
