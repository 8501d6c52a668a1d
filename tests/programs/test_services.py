from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorpath.core.exceptions import ApplicationError
from mentorpath.programs.models import Enrollment, Program, ProgramObjective
from mentorpath.programs.services import (
    enrollment_approve,
    enrollment_create,
    enrollment_decline,
    enrollment_set_capacity,
    enrollment_withdraw,
    objective_add,
    program_create,
    program_transition,
    program_update,
    question_add,
)
from tests.factories import (
    DepartmentFactory,
    EnrollmentFactory,
    LocationFactory,
    ObjectiveFactory,
    PersonFactory,
    ProgramFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ALREADY_ENROLLED = "You are already enrolled in this program."


# --- program_create -----------------------------------------------------------------------


def _program_data(**overrides):
    return {"name": "Career Compass", "program_type": "career", **overrides}


def test_program_create_saves_a_draft_with_a_slug_from_the_name():
    program = program_create(
        data=_program_data(
            description="Grow your career.",
            start_date=date(2025, 1, 1),
            end_date=date(2025, 12, 31),
            default_mentor_capacity=3,
            requires_approval=False,
            min_level=2,
            max_level=6,
        )
    )

    program.refresh_from_db()
    assert (program.name, program.slug, program.status) == (
        "Career Compass",
        "career-compass",
        "draft",
    )
    assert (program.default_mentor_capacity, program.requires_approval) == (3, False)
    assert (program.min_level, program.max_level) == (2, 6)


def test_program_create_makes_slugs_unique():
    first = program_create(data=_program_data())
    second = program_create(data=_program_data())
    third = program_create(data=_program_data(name="Career  Compass!"))

    assert [first.slug, second.slug, third.slug] == [
        "career-compass",
        "career-compass-2",
        "career-compass-3",
    ]


def test_program_create_falls_back_to_a_generic_slug():
    program = program_create(data=_program_data(name="!!!"))

    assert program.slug == "program"


def test_program_create_avoids_reserved_slugs():
    program = program_create(data=_program_data(name="New"))

    assert program.slug == "new-2"


def test_program_create_makes_a_non_admin_creator_a_manager():
    creator = UserFactory(email="creator@example.com")

    program = program_create(data=_program_data(), created_by=creator)

    assert list(program.managers.all()) == [creator]


def test_program_create_does_not_make_an_org_admin_creator_a_manager(admin_user):
    program = program_create(data=_program_data(), created_by=admin_user)

    assert program.managers.count() == 0


def test_program_create_uses_the_given_managers_instead_of_the_creator():
    creator = UserFactory(email="creator@example.com")
    chosen = UserFactory(email="chosen@example.com")

    program = program_create(data=_program_data(managers=[chosen]), created_by=creator)

    assert list(program.managers.all()) == [chosen]


def test_program_create_sets_eligibility_relations():
    sales = DepartmentFactory(name="Sales")
    paris = LocationFactory(name="Paris", time_zone="Europe/Paris")

    program = program_create(
        data=_program_data(eligible_departments=[sales], eligible_locations=[paris])
    )

    assert list(program.eligible_departments.all()) == [sales]
    assert list(program.eligible_locations.all()) == [paris]


def test_program_create_refuses_unknown_fields():
    with pytest.raises(ApplicationError) as exc:
        program_create(data=_program_data(status="active", slug="mine"))

    assert exc.value.messages == ["Unknown program fields: slug, status."]
    assert Program.objects.count() == 0


def test_program_create_refuses_invalid_data_with_field_errors():
    with pytest.raises(ValidationError) as exc:
        program_create(data=_program_data(name="", default_mentor_capacity=21))

    assert exc.value.message_dict == {
        "name": ["This field cannot be blank."],
        "default_mentor_capacity": ["Ensure this value is less than or equal to 20."],
    }
    assert Program.objects.count() == 0


@pytest.mark.parametrize("name", ["   ", "\t\n"])
def test_program_create_refuses_a_whitespace_only_name(name):
    with pytest.raises(ValidationError) as exc:
        program_create(data=_program_data(name=name))

    assert exc.value.message_dict == {"name": ["This field cannot be blank."]}
    assert Program.objects.count() == 0


def test_program_create_strips_the_name_before_making_the_slug():
    program = program_create(data=_program_data(name="  Career Compass  "))

    program.refresh_from_db()
    assert (program.name, program.slug) == ("Career Compass", "career-compass")


def test_program_create_refuses_an_inverted_level_range():
    with pytest.raises(ValidationError):
        program_create(data=_program_data(min_level=6, max_level=2))

    assert Program.objects.count() == 0


# --- program_update -----------------------------------------------------------------------


def test_program_update_changes_fields_and_relations():
    program = ProgramFactory(name="Old", slug="old", status="enrolling")
    manager = UserFactory(email="new-manager@example.com")

    program_update(
        program=program,
        data={"name": "New name", "checkin_cadence": "monthly", "managers": [manager]},
    )

    program.refresh_from_db()
    assert (program.name, program.slug, program.checkin_cadence) == ("New name", "old", "monthly")
    assert list(program.managers.all()) == [manager]


def test_program_update_refuses_a_closed_program():
    program = ProgramFactory(name="Old", status="closed")

    with pytest.raises(ApplicationError) as exc:
        program_update(program=program, data={"name": "New name"})

    assert exc.value.messages == ["A closed program can no longer be changed."]
    program.refresh_from_db()
    assert program.name == "Old"


def test_program_update_refuses_a_whitespace_only_name():
    program = ProgramFactory(name="Old")

    with pytest.raises(ValidationError) as exc:
        program_update(program=program, data={"name": "   "})

    assert exc.value.message_dict == {"name": ["This field cannot be blank."]}
    program.refresh_from_db()
    assert program.name == "Old"


def test_program_update_refuses_invalid_data_and_saves_nothing():
    program = ProgramFactory(name="Old", default_mentor_capacity=2)

    with pytest.raises(ValidationError):
        program_update(program=program, data={"name": "New", "default_mentor_capacity": 99})

    program.refresh_from_db()
    assert (program.name, program.default_mentor_capacity) == ("Old", 2)


# --- program_transition -------------------------------------------------------------------

STATUSES = ["draft", "enrolling", "matching", "active", "closed"]
LABELS = {
    "draft": "Draft",
    "enrolling": "Enrolling",
    "matching": "Matching",
    "active": "Active",
    "closed": "Closed",
}
ALLOWED = {
    ("draft", "enrolling"),
    ("enrolling", "matching"),
    ("enrolling", "draft"),
    ("matching", "active"),
    ("matching", "enrolling"),
    ("active", "closed"),
}
ALLOWED_TEXT = {
    "draft": "Enrolling",
    "enrolling": "Matching, Draft",
    "matching": "Active, Enrolling",
    "active": "Closed",
    "closed": "none (it is closed)",
}
DISALLOWED = sorted((a, b) for a in STATUSES for b in STATUSES if (a, b) not in ALLOWED)


def _program_in(status: str) -> Program:
    program = ProgramFactory(status=status)
    ObjectiveFactory(program=program)
    return program


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_program_transition_allows_each_lifecycle_move(from_status, to_status):
    program = _program_in(from_status)

    result = program_transition(program=program, to_status=to_status)

    assert result.status == to_status
    assert program.status == to_status
    assert Program.objects.get(pk=program.pk).status == to_status


@pytest.mark.parametrize(("from_status", "to_status"), DISALLOWED)
def test_program_transition_refuses_every_other_move(from_status, to_status):
    program = _program_in(from_status)

    with pytest.raises(ApplicationError) as exc:
        program_transition(program=program, to_status=to_status)

    assert exc.value.message_dict == {
        "status": [
            f"A program cannot go from {LABELS[from_status]} to {LABELS[to_status]}. "
            f"Allowed: {ALLOWED_TEXT[from_status]}."
        ]
    }
    assert Program.objects.get(pk=program.pk).status == from_status
    assert program.status == from_status


def test_program_transition_refuses_an_unknown_status():
    program = _program_in("draft")

    with pytest.raises(ApplicationError) as exc:
        program_transition(program=program, to_status="archived")

    assert exc.value.message_dict == {
        "status": ["A program cannot go from Draft to archived. Allowed: Enrolling."]
    }


def test_program_transition_to_enrolling_needs_an_objective():
    program = ProgramFactory(status="draft")

    with pytest.raises(ApplicationError) as exc:
        program_transition(program=program, to_status="enrolling")

    assert exc.value.message_dict == {
        "status": ["Add at least one objective with a KPI target before opening enrollment."]
    }
    assert Program.objects.get(pk=program.pk).status == "draft"


def test_program_transition_back_to_enrolling_from_matching_needs_no_objective():
    program = ProgramFactory(status="matching")

    program_transition(program=program, to_status="enrolling")

    assert Program.objects.get(pk=program.pk).status == "enrolling"


def test_program_transition_uses_the_stored_status_not_a_stale_one():
    program = _program_in("draft")
    stale = Program.objects.get(pk=program.pk)
    program_transition(program=program, to_status="enrolling")

    with pytest.raises(ApplicationError) as exc:
        program_transition(program=stale, to_status="enrolling")

    assert exc.value.message_dict == {
        "status": ["A program cannot go from Enrolling to Enrolling. Allowed: Matching, Draft."]
    }


# --- objective_add / question_add ---------------------------------------------------------


def test_objective_add_appends_in_order():
    program = ProgramFactory()

    objective_add(program=program, title="Retain", kpi="retention_12m", target=90)
    second = objective_add(
        program=program, title="Promote", kpi="promotion_rate", target="25.5", org_goal="Grow"
    )

    assert [(o.title, o.order) for o in program.objectives.all()] == [
        ("Retain", 0),
        ("Promote", 1),
    ]
    assert ProgramObjective.objects.get(pk=second.pk).target == Decimal("25.50")


def test_objective_add_refuses_an_unknown_kpi():
    program = ProgramFactory()

    with pytest.raises(ValidationError) as exc:
        objective_add(program=program, title="Vibes", kpi="vibes", target=1)

    assert list(exc.value.message_dict) == ["kpi"]
    assert program.objectives.count() == 0


def test_question_add_strips_choices_and_orders_questions():
    program = ProgramFactory()

    question_add(program=program, text="Why?", kind="text")
    choice = question_add(
        program=program, text="Track?", kind="single", choices=[" Tech ", "", "People"]
    )

    assert choice.choices == ["Tech", "People"]
    assert [(q.text, q.order) for q in program.questions.all()] == [("Why?", 0), ("Track?", 1)]


@pytest.mark.parametrize("kind", ["single", "multiple"])
def test_question_add_refuses_a_choice_question_with_fewer_than_two_options(kind):
    program = ProgramFactory()

    with pytest.raises(ApplicationError) as exc:
        question_add(program=program, text="Track?", kind=kind, choices=["Tech", "  "])

    assert exc.value.message_dict == {"choices": ["A choice question needs at least two options."]}
    assert program.questions.count() == 0


# --- enrollment_create --------------------------------------------------------------------


@pytest.fixture
def open_program():
    return ProgramFactory(name="Career Compass", status="enrolling", default_mentor_capacity=3)


@pytest.fixture
def person():
    return PersonFactory(level=4)


def test_enrollment_create_enrolls_a_mentee_pending_approval(open_program, person):
    enrollment = enrollment_create(
        program=open_program, person=person, role="mentee", goals="  Learn to lead.  "
    )

    enrollment.refresh_from_db()
    assert (enrollment.program, enrollment.person, enrollment.role) == (
        open_program,
        person,
        "mentee",
    )
    assert (enrollment.status, enrollment.capacity) == ("pending", None)
    assert (enrollment.answers, enrollment.goals) == ({}, "Learn to lead.")
    assert (enrollment.decided_at, enrollment.decided_by) == (None, None)


def test_enrollment_create_gives_a_mentor_the_default_capacity(open_program, person):
    enrollment = enrollment_create(program=open_program, person=person, role="mentor")

    assert (enrollment.role, enrollment.capacity) == ("mentor", 3)


@pytest.mark.parametrize("capacity", [0, 1, 20])
def test_enrollment_create_accepts_a_mentor_capacity_from_0_to_20(open_program, person, capacity):
    enrollment = enrollment_create(
        program=open_program, person=person, role="mentor", capacity=capacity
    )

    assert Enrollment.objects.get(pk=enrollment.pk).capacity == capacity


@pytest.mark.parametrize("capacity", [-1, 21])
def test_enrollment_create_refuses_a_mentor_capacity_out_of_range(open_program, person, capacity):
    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="mentor", capacity=capacity)

    assert exc.value.message_dict == {"capacity": ["Capacity must be between 0 and 20 mentees."]}
    assert Enrollment.objects.count() == 0


def test_enrollment_create_ignores_a_capacity_for_a_mentee(open_program, person):
    enrollment = enrollment_create(program=open_program, person=person, role="mentee", capacity=5)

    assert Enrollment.objects.get(pk=enrollment.pk).capacity is None


def test_enrollment_create_approves_at_once_without_required_approval(person):
    program = ProgramFactory(status="enrolling", requires_approval=False)

    enrollment = enrollment_create(program=program, person=person, role="mentee")

    assert Enrollment.objects.get(pk=enrollment.pk).status == "approved"


def test_enrollment_create_accepts_an_active_program(person):
    program = ProgramFactory(status="active")

    enrollment = enrollment_create(program=program, person=person, role="mentor")

    assert enrollment.status == "pending"


def test_enrollment_create_refuses_an_unknown_role(open_program, person):
    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="sponsor")

    assert exc.value.message_dict == {"role": ["Choose to join as a mentor or as a mentee."]}
    assert Enrollment.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "second_role"),
    [("mentee", "mentee"), ("mentee", "mentor"), ("mentor", "mentee")],
)
def test_enrollment_create_refuses_a_double_enrollment(open_program, person, role, second_role):
    first = enrollment_create(program=open_program, person=person, role=role)

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role=second_role)

    assert exc.value.messages == [ALREADY_ENROLLED]
    assert exc.value.code == "conflict"
    assert list(Enrollment.objects.values_list("pk", "role")) == [(first.pk, role)]


def test_enrollment_create_refuses_a_double_enrollment_when_already_approved(open_program, person):
    EnrollmentFactory(program=open_program, person=person, status="approved")

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="mentee")

    assert exc.value.messages == [ALREADY_ENROLLED]
    assert Enrollment.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "label"), [("draft", "Draft"), ("matching", "Matching"), ("closed", "Closed")]
)
def test_enrollment_create_refuses_a_program_not_open(person, status, label):
    program = ProgramFactory(name="Career Compass", status=status)

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=program, person=person, role="mentee")

    assert exc.value.messages == [f"Career Compass is not open for enrollment (it is {label})."]
    assert Enrollment.objects.count() == 0


def test_enrollment_create_checks_the_stored_program_status(person):
    program = ProgramFactory(name="Career Compass", status="enrolling")
    Program.objects.filter(pk=program.pk).update(status="closed")

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=program, person=person, role="mentee")

    assert exc.value.messages == ["Career Compass is not open for enrollment (it is Closed)."]
    assert Enrollment.objects.count() == 0


@pytest.mark.parametrize(
    ("program_fields", "person_fields", "reason"),
    [
        ({"min_level": 5}, {"level": 4}, "This program is for level 5 and above."),
        ({"max_level": 3}, {"level": 4}, "This program's mentees are level 3 and below."),
        (
            {},
            {"hire_date": date(2020, 1, 1), "termination_date": date(2024, 1, 1)},
            "Only current employees can join programs.",
        ),
    ],
)
def test_enrollment_create_refuses_an_ineligible_person(program_fields, person_fields, reason):
    program = ProgramFactory(status="enrolling", **program_fields)
    person = PersonFactory(**person_fields)

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=program, person=person, role="mentee")

    assert exc.value.messages == [reason]
    assert Enrollment.objects.count() == 0


def test_enrollment_create_refuses_a_mentee_from_another_department(open_program, person):
    open_program.eligible_departments.set([DepartmentFactory(name="Sales")])

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="mentee")

    assert exc.value.messages == ["This program's mentees come from other departments than yours."]
    assert Enrollment.objects.count() == 0


def test_enrollment_create_refuses_a_mentee_from_another_location(open_program, person):
    open_program.eligible_locations.set([LocationFactory(name="Paris")])

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="mentee")

    assert exc.value.messages == ["This program's mentees come from other locations than yours."]
    assert Enrollment.objects.count() == 0


@pytest.mark.parametrize("rule", ["department", "location", "max_level"])
def test_enrollment_create_accepts_a_mentor_outside_the_mentee_rules(open_program, person, rule):
    if rule == "department":
        open_program.eligible_departments.set([DepartmentFactory(name="Sales")])
    elif rule == "location":
        open_program.eligible_locations.set([LocationFactory(name="Paris")])
    else:
        open_program.max_level = 3
        open_program.save(update_fields=["max_level"])

    enrollment = enrollment_create(program=open_program, person=person, role="mentor")

    enrollment.refresh_from_db()
    assert (enrollment.person, enrollment.role, enrollment.status, enrollment.capacity) == (
        person,
        "mentor",
        "pending",
        3,
    )


def test_enrollment_create_refuses_a_mentor_below_min_level(person):
    program = ProgramFactory(status="enrolling", min_level=5)

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=program, person=person, role="mentor")

    assert exc.value.messages == ["Mentors in this program are level 5 and above."]
    assert Enrollment.objects.count() == 0


def test_enrollment_create_refuses_a_terminated_mentor(open_program):
    person = PersonFactory(hire_date=date(2020, 1, 1), termination_date=date(2024, 1, 1))

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="mentor")

    assert exc.value.messages == ["Only current employees can join programs."]
    assert Enrollment.objects.count() == 0


def test_enrollment_create_accepts_an_eligible_department_and_location(open_program, person):
    open_program.eligible_departments.set([person.department, DepartmentFactory(name="Sales")])
    open_program.eligible_locations.set([person.location])

    enrollment = enrollment_create(program=open_program, person=person, role="mentee")

    assert enrollment.pk is not None


def test_enrollment_create_refuses_a_missing_required_answer(open_program, person):
    question = QuestionFactory(program=open_program, text="Why?", kind="text", required=True)

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="mentee", answers={})

    assert exc.value.message_dict == {f"q_{question.pk}": ["This question needs an answer."]}
    assert Enrollment.objects.count() == 0


def test_enrollment_create_refuses_a_whitespace_only_required_answer(open_program, person):
    question = QuestionFactory(program=open_program, text="Why?", kind="text", required=True)

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(
            program=open_program, person=person, role="mentee", answers={str(question.pk): "  "}
        )

    assert exc.value.message_dict == {f"q_{question.pk}": ["This question needs an answer."]}
    assert Enrollment.objects.count() == 0


@pytest.fixture
def questions(open_program):
    return {
        "text": QuestionFactory(program=open_program, text="Why?", kind="text"),
        "single": QuestionFactory(
            program=open_program, text="Track?", kind="single", choices=["Tech", "People"]
        ),
        "multiple": QuestionFactory(
            program=open_program,
            text="Topics?",
            kind="multiple",
            choices=["Career", "Skills", "Balance"],
        ),
        "scale": QuestionFactory(program=open_program, text="Confidence?", kind="scale"),
        "optional": QuestionFactory(
            program=open_program, text="Anything else?", kind="text", required=False
        ),
        "mentors_only": QuestionFactory(
            program=open_program, text="Experience?", kind="text", audience="mentor"
        ),
    }


def test_enrollment_create_stores_answers_cleaned_per_kind(open_program, person, questions):
    raw = {
        str(questions["text"].pk): "  To grow.  ",
        str(questions["single"].pk): "People",
        str(questions["multiple"].pk): ["Career", "Balance"],
        str(questions["scale"].pk): "4",
        str(questions["optional"].pk): "",
        "999999": "ignored",
    }

    enrollment = enrollment_create(program=open_program, person=person, role="mentee", answers=raw)

    assert Enrollment.objects.get(pk=enrollment.pk).answers == {
        str(questions["text"].pk): "To grow.",
        str(questions["single"].pk): "People",
        str(questions["multiple"].pk): ["Career", "Balance"],
        str(questions["scale"].pk): 4,
    }


def test_enrollment_create_asks_mentors_their_own_questions(open_program, person, questions):
    raw = {
        str(questions["text"].pk): "To give back.",
        str(questions["single"].pk): "Tech",
        str(questions["multiple"].pk): "Skills",
        str(questions["scale"].pk): 5,
    }

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="mentor", answers=raw)

    assert exc.value.message_dict == {
        f"q_{questions['mentors_only'].pk}": ["This question needs an answer."]
    }


def test_enrollment_create_stores_a_single_multiple_choice_as_a_list(
    open_program, person, questions
):
    raw = {
        str(questions["text"].pk): "To give back.",
        str(questions["single"].pk): "Tech",
        str(questions["multiple"].pk): "Skills",
        str(questions["scale"].pk): 5,
        str(questions["mentors_only"].pk): "Ten years.",
    }

    enrollment = enrollment_create(program=open_program, person=person, role="mentor", answers=raw)

    assert enrollment.answers[str(questions["multiple"].pk)] == ["Skills"]
    assert enrollment.answers[str(questions["mentors_only"].pk)] == "Ten years."


def test_enrollment_create_reports_every_invalid_answer(open_program, person, questions):
    raw = {
        str(questions["text"].pk): "x" * 2001,
        str(questions["single"].pk): "Maybe",
        str(questions["multiple"].pk): ["Career", "Golf", "Chess"],
        str(questions["scale"].pk): "7",
    }

    with pytest.raises(ApplicationError) as exc:
        enrollment_create(program=open_program, person=person, role="mentee", answers=raw)

    assert exc.value.message_dict == {
        f"q_{questions['text'].pk}": ["Keep this answer under 2000 characters."],
        f"q_{questions['single'].pk}": ["Choose one of the options offered."],
        f"q_{questions['multiple'].pk}": ["Not an option: Golf, Chess."],
        f"q_{questions['scale'].pk}": ["Pick a number from 1 to 5."],
    }
    assert Enrollment.objects.count() == 0


@pytest.mark.parametrize("final_status", ["withdrawn", "declined"])
def test_enrollment_create_allows_re_enrolling_after_a_closed_enrollment(
    open_program, person, final_status
):
    EnrollmentFactory(program=open_program, person=person, status=final_status)

    enrollment = enrollment_create(program=open_program, person=person, role="mentor")

    assert enrollment.status == "pending"
    assert sorted(Enrollment.objects.values_list("status", flat=True)) == sorted(
        [final_status, "pending"]
    )


def test_enrollment_create_after_withdraw_through_the_services(open_program, person):
    first = enrollment_create(program=open_program, person=person, role="mentee")
    enrollment_withdraw(enrollment=first)

    second = enrollment_create(program=open_program, person=person, role="mentee")

    assert second.pk != first.pk
    assert dict(Enrollment.objects.values_list("pk", "status")) == {
        first.pk: "withdrawn",
        second.pk: "pending",
    }


# --- enrollment_approve / enrollment_decline / enrollment_withdraw -------------------------


@pytest.fixture
def decider():
    return UserFactory(email="decider@example.com")


def test_enrollment_approve_approves_a_pending_enrollment(decider):
    enrollment = EnrollmentFactory(status="pending")
    before = timezone.now()

    result = enrollment_approve(enrollment=enrollment, by=decider, note="Welcome aboard.")

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.decided_by, enrollment.decision_note) == (
        "approved",
        decider,
        "Welcome aboard.",
    )
    assert before <= enrollment.decided_at <= timezone.now()
    assert result.status == "approved"


def test_enrollment_decline_declines_a_pending_enrollment(decider):
    enrollment = EnrollmentFactory(status="pending")

    enrollment_decline(enrollment=enrollment, by=decider, note="n" * 400)

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.decided_by) == ("declined", decider)
    assert enrollment.decided_at is not None
    assert enrollment.decision_note == "n" * 300


@pytest.mark.parametrize("decide", [enrollment_approve, enrollment_decline])
@pytest.mark.parametrize(
    ("status", "word"),
    [("approved", "approved"), ("declined", "declined"), ("withdrawn", "withdrawn")],
)
def test_enrollment_decisions_only_apply_to_pending(decider, decide, status, word):
    enrollment = EnrollmentFactory(status=status)

    with pytest.raises(ApplicationError) as exc:
        decide(enrollment=enrollment, by=decider)

    assert exc.value.messages == [
        f"This enrollment is already {word}; only pending enrollments can be approved or declined."
    ]
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.decided_by, enrollment.decided_at) == (
        status,
        None,
        None,
    )


@pytest.mark.parametrize("decide", [enrollment_approve, enrollment_decline])
def test_enrollment_decisions_refused_on_a_closed_program(decider, decide):
    enrollment = EnrollmentFactory(program=ProgramFactory(status="closed"), status="pending")

    with pytest.raises(ApplicationError) as exc:
        decide(enrollment=enrollment, by=decider, note="Too late")

    assert exc.value.messages == ["This program is closed; its enrollments can no longer change."]
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.decided_by, enrollment.decision_note) == (
        "pending",
        None,
        "",
    )


def test_enrollment_approve_checks_the_stored_program_status(decider):
    program = ProgramFactory(status="active")
    enrollment = EnrollmentFactory(program=program, status="pending")
    Program.objects.filter(pk=program.pk).update(status="closed")

    with pytest.raises(ApplicationError) as exc:
        enrollment_approve(enrollment=enrollment, by=decider)

    assert exc.value.messages == ["This program is closed; its enrollments can no longer change."]
    assert Enrollment.objects.get(pk=enrollment.pk).status == "pending"


@pytest.mark.parametrize("status", ["enrolling", "matching", "active"])
def test_enrollment_approve_allowed_while_the_program_is_not_closed(decider, status):
    enrollment = EnrollmentFactory(program=ProgramFactory(status=status), status="pending")

    enrollment_approve(enrollment=enrollment, by=decider)

    assert Enrollment.objects.get(pk=enrollment.pk).status == "approved"


def test_enrollment_approve_checks_the_stored_status(decider):
    enrollment = EnrollmentFactory(status="pending")
    stale = Enrollment.objects.get(pk=enrollment.pk)
    enrollment_withdraw(enrollment=enrollment)

    with pytest.raises(ApplicationError):
        enrollment_approve(enrollment=stale, by=decider)

    assert Enrollment.objects.get(pk=enrollment.pk).status == "withdrawn"


@pytest.mark.parametrize("status", ["pending", "approved"])
def test_enrollment_withdraw_withdraws_a_live_enrollment(status):
    enrollment = EnrollmentFactory(status=status)

    result = enrollment_withdraw(enrollment=enrollment)

    assert result.status == "withdrawn"
    assert Enrollment.objects.get(pk=enrollment.pk).status == "withdrawn"


@pytest.mark.parametrize("status", ["declined", "withdrawn"])
def test_enrollment_withdraw_refuses_a_closed_enrollment(status):
    enrollment = EnrollmentFactory(status=status)

    with pytest.raises(ApplicationError) as exc:
        enrollment_withdraw(enrollment=enrollment)

    assert exc.value.messages == ["Only a pending or approved enrollment can be withdrawn."]
    assert Enrollment.objects.get(pk=enrollment.pk).status == status


# --- enrollment_set_capacity --------------------------------------------------------------


@pytest.mark.parametrize("capacity", [0, 20])
def test_enrollment_set_capacity_changes_a_mentor_capacity(capacity):
    enrollment = EnrollmentFactory(role="mentor")

    enrollment_set_capacity(enrollment=enrollment, capacity=capacity)

    assert Enrollment.objects.get(pk=enrollment.pk).capacity == capacity


@pytest.mark.parametrize("capacity", [-1, 21])
def test_enrollment_set_capacity_refuses_out_of_range(capacity):
    enrollment = EnrollmentFactory(role="mentor")

    with pytest.raises(ApplicationError) as exc:
        enrollment_set_capacity(enrollment=enrollment, capacity=capacity)

    assert exc.value.message_dict == {"capacity": ["Capacity must be between 0 and 20 mentees."]}
    assert Enrollment.objects.get(pk=enrollment.pk).capacity == 2


def test_enrollment_set_capacity_refuses_a_mentee():
    enrollment = EnrollmentFactory(role="mentee")

    with pytest.raises(ApplicationError) as exc:
        enrollment_set_capacity(enrollment=enrollment, capacity=2)

    assert exc.value.message_dict == {"capacity": ["Only mentors have a capacity."]}
    assert Enrollment.objects.get(pk=enrollment.pk).capacity is None


def test_enrollment_withdraw_refused_once_the_program_is_closed(program, mentee_user):
    enrollment = program.enrollments.get(person=mentee_user.person)
    Program.objects.filter(pk=program.pk).update(status="closed")

    with pytest.raises(ValidationError) as error:
        enrollment_withdraw(enrollment=enrollment)

    assert error.value.messages == ["This program is closed; its enrollments can no longer change."]
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"


def test_enrollment_set_capacity_refused_once_the_program_is_closed(program, mentor_user):
    enrollment = program.enrollments.get(person=mentor_user.person)
    Program.objects.filter(pk=program.pk).update(status="closed")

    with pytest.raises(ValidationError):
        enrollment_set_capacity(enrollment=enrollment, capacity=5)

    enrollment.refresh_from_db()
    assert enrollment.capacity == 2


def test_enrollment_create_refuses_a_mentor_below_the_mentor_level(outsider_user):
    program = ProgramFactory(mentor_min_level=6)

    with pytest.raises(ValidationError) as error:
        enrollment_create(program=program, person=outsider_user.person, role="mentor")

    assert error.value.messages == ["Mentors in this program are level 6 and above."]
    assert not Enrollment.objects.filter(program=program).exists()
