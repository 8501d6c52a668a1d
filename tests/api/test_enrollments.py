import pytest

from mentorpath.people.models import Person
from mentorpath.programs.models import Enrollment, Program
from tests.factories import (
    DepartmentFactory,
    EnrollmentFactory,
    LocationFactory,
    PersonFactory,
    ProgramFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ENROLL = "/programs/career-compass/enrollments"


@pytest.fixture
def pending(program, outsider_user) -> Enrollment:
    """The outsider's pending application as a mentee of the program."""
    return EnrollmentFactory(program=program, person=outsider_user.person, role="mentee")


# --- GET /programs/{slug}/enrollments --------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_program_enrollments_for_managers_pending_first(request, api_as, pending, persona):
    response = api_as(request.getfixturevalue(persona)).get(ENROLL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [e["status"] for e in body["items"]] == ["pending", "approved", "approved"]
    assert body["items"][0]["person"]["email"] == "outsider@example.com"


def test_program_enrollments_filters(api_as, pending, manager_user, mentor_user):
    api = api_as(manager_user)
    # a name no other persona can share or contain (Faker's could: "Lee" is in "Ashlee")
    Person.objects.filter(pk=mentor_user.person.pk).update(last_name="Quennell-Varga")

    mentors = api.get(ENROLL, role="mentor").json()["items"]
    pending_only = api.get(ENROLL, status="pending").json()["items"]
    found = api.get(ENROLL, search="Quennell-Varga").json()["items"]

    assert [e["person"]["email"] for e in mentors] == ["mentor@example.com"]
    assert [e["id"] for e in pending_only] == [pending.pk]
    assert [e["person"]["email"] for e in found] == ["mentor@example.com"]


def test_program_enrollments_with_unknown_role_gets_422(api_as, program, manager_user):
    response = api_as(manager_user).get(ENROLL, role="sidekick")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["role"]


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_program_enrollments_refused_for_non_managers(request, api_as, program, persona):
    response = api_as(request.getfixturevalue(persona)).get(ENROLL)

    assert response.status_code == 403


# --- POST /programs/{slug}/enrollments -------------------------------------------------------


def test_enroll_as_mentee_is_pending_review(api_as, program, outsider_user):
    response = api_as(outsider_user).post(ENROLL, {"role": "mentee", "goals": " Learn to lead "})

    assert response.status_code == 201
    body = response.json()
    assert (body["role"], body["status"], body["capacity"], body["goals"]) == (
        "mentee",
        "pending",
        None,
        "Learn to lead",
    )
    assert body["person"]["email"] == "outsider@example.com"
    assert Enrollment.objects.get(pk=body["id"]).person == outsider_user.person


def test_enroll_as_mentor_takes_the_program_capacity_and_auto_approval(
    api_as, program, outsider_user
):
    Program.objects.filter(pk=program.pk).update(requires_approval=False)

    response = api_as(outsider_user).post(ENROLL, {"role": "mentor"})

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["capacity"]) == ("approved", 2)


def test_enroll_with_valid_answers_stores_them(api_as, program, outsider_user):
    text = QuestionFactory(program=program)
    scale = QuestionFactory(program=program, kind="scale", text="How ready are you?")
    answers = {str(text.pk): "Grow", str(scale.pk): 4}

    response = api_as(outsider_user).post(ENROLL, {"role": "mentee", "answers": answers})

    assert response.status_code == 201
    assert response.json()["answers"] == {str(text.pk): "Grow", str(scale.pk): 4}


def test_enroll_twice_gets_409_and_saves_nothing(api_as, program, mentee_user):
    response = api_as(mentee_user).post(ENROLL, {"role": "mentor"})

    assert response.status_code == 409
    assert response.json() == {"detail": "You are already enrolled in this program.", "errors": {}}
    assert Enrollment.objects.filter(person=mentee_user.person).count() == 1


def test_enroll_again_while_pending_gets_409(api_as, pending, outsider_user):
    response = api_as(outsider_user).post(ENROLL, {"role": "mentee"})

    assert response.status_code == 409
    assert response.json() == {"detail": "You are already enrolled in this program.", "errors": {}}
    assert list(Enrollment.objects.filter(person=outsider_user.person)) == [pending]


def test_enroll_in_a_closed_program_gets_400(api_as, program, manager_user):
    Program.objects.filter(pk=program.pk).update(status="closed")

    response = api_as(manager_user).post(ENROLL, {"role": "mentor"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Career Compass is not open for enrollment (it is Closed).",
        "errors": {},
    }
    assert not Enrollment.objects.filter(person=manager_user.person).exists()


def test_enroll_as_mentee_above_max_level_gets_400(api_as, program, manager_user):
    Program.objects.filter(pk=program.pk).update(max_level=4)

    response = api_as(manager_user).post(ENROLL, {"role": "mentee"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This program's mentees are level 4 and below.",
        "errors": {},
    }
    assert not Enrollment.objects.filter(person=manager_user.person).exists()


def test_enroll_as_mentor_above_max_level_is_accepted(api_as, program, manager_user):
    Program.objects.filter(pk=program.pk).update(max_level=4)

    response = api_as(manager_user).post(ENROLL, {"role": "mentor"})

    assert response.status_code == 201
    assert (response.json()["role"], response.json()["status"]) == ("mentor", "pending")
    assert Enrollment.objects.get(person=manager_user.person).role == "mentor"


@pytest.mark.parametrize(
    ("role", "detail"),
    [
        ("mentee", "This program is for level 5 and above."),
        ("mentor", "Mentors in this program are level 5 and above."),
    ],
)
def test_enroll_below_min_level_gets_400_in_either_role(
    api_as, program, outsider_user, role, detail
):
    Program.objects.filter(pk=program.pk).update(min_level=5)

    response = api_as(outsider_user).post(ENROLL, {"role": role})

    assert response.status_code == 400
    assert response.json() == {"detail": detail, "errors": {}}
    assert not Enrollment.objects.filter(person=outsider_user.person).exists()


@pytest.fixture
def mentees_elsewhere(program):
    """The program's mentees now come only from Sales in Paris, not the outsider's own."""
    program.eligible_departments.set([DepartmentFactory(name="Sales")])
    program.eligible_locations.set([LocationFactory(name="Paris", time_zone="Europe/Paris")])
    return program


def test_enroll_as_mentee_from_another_department_gets_400(
    api_as, mentees_elsewhere, outsider_user
):
    response = api_as(outsider_user).post(ENROLL, {"role": "mentee"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This program's mentees come from other departments than yours.",
        "errors": {},
    }
    assert not Enrollment.objects.filter(person=outsider_user.person).exists()


def test_enroll_as_mentee_from_another_location_gets_400(api_as, mentees_elsewhere, outsider_user):
    outsider_user.person.department = mentees_elsewhere.eligible_departments.get()
    outsider_user.person.save()

    response = api_as(outsider_user).post(ENROLL, {"role": "mentee"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This program's mentees come from other locations than yours.",
        "errors": {},
    }
    assert not Enrollment.objects.filter(person=outsider_user.person).exists()


def test_enroll_as_mentor_from_another_department_and_location_is_accepted(
    api_as, mentees_elsewhere, outsider_user
):
    response = api_as(outsider_user).post(ENROLL, {"role": "mentor", "capacity": 1})

    assert response.status_code == 201
    assert (response.json()["role"], response.json()["capacity"]) == ("mentor", 1)
    assert Enrollment.objects.get(person=outsider_user.person).program == mentees_elsewhere


def test_enroll_in_an_unlisted_program_by_its_link(api_as, outsider_user):
    secret = ProgramFactory(slug="secret-circle", visibility="unlisted")

    response = api_as(outsider_user).post("/programs/secret-circle/enrollments", {"role": "mentee"})

    assert response.status_code == 201
    assert Enrollment.objects.get(person=outsider_user.person).program == secret


def test_enroll_without_a_required_answer_gets_400_keyed_by_question(
    api_as, program, outsider_user
):
    question = QuestionFactory(program=program)

    response = api_as(outsider_user).post(ENROLL, {"role": "mentee", "answers": {}})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This question needs an answer.",
        "errors": {f"answers.{question.pk}": "This question needs an answer."},
    }
    assert not Enrollment.objects.filter(person=outsider_user.person).exists()


def test_enroll_with_an_answer_outside_the_choices_gets_400(api_as, program, outsider_user):
    question = QuestionFactory(program=program, kind="single", choices=["Yes", "No"])

    response = api_as(outsider_user).post(
        ENROLL, {"role": "mentee", "answers": {str(question.pk): "Maybe"}}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        f"answers.{question.pk}": "Choose one of the options offered."
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "mentor", "capacity": -1}, "capacity"),
        ({"role": "mentor", "capacity": 21}, "capacity"),
        ({"role": "sidekick"}, "role"),
        ({}, "role"),
        ({"role": "mentee", "goals": "nul\x00"}, "goals"),
        ({"role": "mentee", "answers": {"1": {"nested": True}}}, "answers.1"),
        ({"role": "mentee", "answers": {"1": ["ok", 2]}}, "answers.1"),
        ({"role": "mentee", "answers": {"1": "nul\x00"}}, "answers.1"),
        ({"role": "mentee", "surprise": 1}, "surprise"),
    ],
)
def test_enroll_with_invalid_input_gets_422_and_saves_nothing(
    api_as, program, outsider_user, payload, field
):
    response = api_as(outsider_user).post(ENROLL, payload)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Enrollment.objects.filter(person=outsider_user.person).exists()


def test_enroll_in_an_invisible_program_gets_404(api_as, program, outsider_user):
    Program.objects.filter(pk=program.pk).update(status="draft")

    assert api_as(outsider_user).post(ENROLL, {"role": "mentee"}).status_code == 404


def test_enroll_without_employee_record_gets_403(api_as, program):
    user = UserFactory(email="nobody@example.com")
    program.managers.add(user)  # can see the program, but has no Person to enroll

    response = api_as(user).post(ENROLL, {"role": "mentee"})

    assert response.status_code == 403
    assert not Enrollment.objects.filter(program=program, status="pending").exists()


# --- GET /enrollments ------------------------------------------------------------------------


def test_my_enrollments_lists_only_my_own(api_as, program, mentee_user):
    response = api_as(mentee_user).get("/enrollments")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["program"] == {
        "id": program.pk,
        "slug": "career-compass",
        "name": "Career Compass",
    }
    assert body["items"][0]["person"]["email"] == "mentee@example.com"


@pytest.mark.parametrize("persona", ["admin_user", "manager_user", "executive_user"])
def test_my_enrollments_never_shows_others(request, api_as, program, persona):
    body = api_as(request.getfixturevalue(persona)).get("/enrollments").json()

    assert body == {"items": [], "count": 0}


# --- GET /enrollments/{id} -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider_user", "manager_user", "admin_user"])
def test_enrollment_detail_for_its_person_and_program_managers(request, api_as, pending, persona):
    response = api_as(request.getfixturevalue(persona)).get(f"/enrollments/{pending.pk}")

    assert response.status_code == 200
    assert response.json()["id"] == pending.pk


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "executive_user"])
def test_enrollment_detail_hidden_from_everyone_else(request, api_as, pending, persona):
    response = api_as(request.getfixturevalue(persona)).get(f"/enrollments/{pending.pk}")

    assert response.status_code == 404


def test_enrollment_detail_hidden_from_manager_of_another_program(api_as, pending):
    other_manager = UserFactory(email="other-manager@example.com")
    PersonFactory(user=other_manager, email=other_manager.email)
    EnrollmentFactory().program.managers.add(other_manager)

    assert api_as(other_manager).get(f"/enrollments/{pending.pk}").status_code == 404


# --- POST /enrollments/{id}/approve, /decline -------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_approve_by_program_managers(request, api_as, pending, persona):
    user = request.getfixturevalue(persona)

    response = api_as(user).post(f"/enrollments/{pending.pk}/approve", {"note": "Welcome!"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision_note"]) == ("approved", "Welcome!")
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("approved", user)


def test_decline_without_a_body(api_as, pending, manager_user):
    response = api_as(manager_user).post(f"/enrollments/{pending.pk}/decline")

    assert response.status_code == 200
    pending.refresh_from_db()
    assert (pending.status, pending.decision_note) == ("declined", "")


@pytest.mark.parametrize("action", ["approve", "decline"])
def test_decision_on_own_enrollment_refused(api_as, pending, outsider_user, action):
    response = api_as(outsider_user).post(f"/enrollments/{pending.pk}/{action}")

    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


@pytest.mark.parametrize("persona", ["mentor_user", "executive_user"])
@pytest.mark.parametrize("action", ["approve", "decline"])
def test_decision_by_others_gets_404(request, api_as, pending, persona, action):
    response = api_as(request.getfixturevalue(persona)).post(f"/enrollments/{pending.pk}/{action}")

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_decision_on_an_already_decided_enrollment_gets_400(api_as, program, manager_user):
    approved = program.enrollments.get(role="mentor")

    response = api_as(manager_user).post(f"/enrollments/{approved.pk}/decline")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("This enrollment is already approved")
    approved.refresh_from_db()
    assert approved.status == "approved"


@pytest.mark.parametrize("action", ["approve", "decline"])
def test_decision_on_a_closed_program_gets_400(api_as, program, pending, manager_user, action):
    Program.objects.filter(pk=program.pk).update(status="closed")

    response = api_as(manager_user).post(f"/enrollments/{pending.pk}/{action}")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This program is closed; its enrollments can no longer change.",
        "errors": {},
    }
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("pending", None)


def test_decision_with_too_long_a_note_gets_422(api_as, pending, manager_user):
    response = api_as(manager_user).post(f"/enrollments/{pending.pk}/approve", {"note": "x" * 301})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["note"]


def test_decision_with_a_list_body_gets_422(api_as, pending, manager_user):
    response = api_as(manager_user).post(f"/enrollments/{pending.pk}/approve", ["ok"])

    assert response.status_code == 422
    pending.refresh_from_db()
    assert pending.status == "pending"


# --- POST /enrollments/{id}/withdraw ---------------------------------------------------------


def test_withdraw_own_enrollment(api_as, pending, outsider_user):
    response = api_as(outsider_user).post(f"/enrollments/{pending.pk}/withdraw")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_withdraw_twice_gets_400(api_as, pending, outsider_user):
    api = api_as(outsider_user)
    api.post(f"/enrollments/{pending.pk}/withdraw")

    response = api.post(f"/enrollments/{pending.pk}/withdraw")

    assert response.status_code == 400
    assert response.json()["detail"] == "Only a pending or approved enrollment can be withdrawn."


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_withdraw_by_program_managers_refused(request, api_as, pending, persona):
    response = api_as(request.getfixturevalue(persona)).post(f"/enrollments/{pending.pk}/withdraw")

    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


@pytest.mark.parametrize("persona", ["mentor_user", "executive_user"])
def test_withdraw_by_others_gets_404(request, api_as, pending, persona):
    response = api_as(request.getfixturevalue(persona)).post(f"/enrollments/{pending.pk}/withdraw")

    assert response.status_code == 404


def test_enroll_again_after_withdrawing(api_as, pending, outsider_user):
    api = api_as(outsider_user)
    api.post(f"/enrollments/{pending.pk}/withdraw")

    response = api.post(ENROLL, {"role": "mentor", "capacity": 1})

    assert response.status_code == 201
    assert response.json()["capacity"] == 1
