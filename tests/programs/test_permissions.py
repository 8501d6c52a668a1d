import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentorpath.programs.permissions import (
    can_create_program,
    can_manage_program,
    get_enrollment_for,
    get_program_by_id_for,
    get_program_for,
)
from tests.factories import EnrollmentFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin_user",
    "manager_user",
    "mentor_user",
    "mentee_user",
    "executive_user",
    "outsider_user",
]


# --- can_manage_program / can_create_program ----------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_user", True),
        ("manager_user", True),
        ("mentor_user", False),
        ("mentee_user", False),
        ("executive_user", False),
        ("outsider_user", False),
    ],
)
def test_can_manage_program_per_persona(request, program, persona, expected):
    user = request.getfixturevalue(persona)

    assert can_manage_program(user, program) is expected


def test_can_manage_program_is_false_for_anonymous(program):
    assert can_manage_program(AnonymousUser(), program) is False


def test_can_manage_program_is_false_for_an_inactive_manager(program, manager_user):
    manager_user.is_active = False
    manager_user.save()

    assert can_manage_program(manager_user, program) is False


def test_can_manage_program_is_only_for_the_programs_own_managers(manager_user, program):
    other = ProgramFactory()

    assert can_manage_program(manager_user, other) is False


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin_user", True), ("manager_user", False), ("executive_user", False)],
)
def test_can_create_program_only_for_org_admin(request, persona, expected):
    assert can_create_program(request.getfixturevalue(persona)) is expected


def test_can_create_program_is_false_for_anonymous():
    assert can_create_program(AnonymousUser()) is False


# --- get_program_for / get_program_by_id_for ----------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_program_for_returns_a_visible_program(request, program, persona):
    user = request.getfixturevalue(persona)

    assert get_program_for(user, "career-compass") == program


@pytest.fixture
def unlisted(program):
    return ProgramFactory(name="By link", slug="by-link", visibility="unlisted", min_level=9)


@pytest.fixture
def draft(program):
    return ProgramFactory(name="Hidden", slug="hidden", status="draft")


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "outsider_user"])
def test_get_program_for_returns_an_unlisted_program_by_its_link(request, unlisted, persona):
    user = request.getfixturevalue(persona)

    assert get_program_for(user, "by-link") == unlisted


@pytest.mark.parametrize("persona", ["mentor_user", "mentee_user", "outsider_user"])
def test_get_program_for_raises_404_for_a_draft_without_tie(request, draft, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(Http404):
        get_program_for(user, "hidden")


def test_get_program_for_returns_a_draft_to_a_person_enrolled_in_it(outsider_user, draft):
    EnrollmentFactory(program=draft, person=outsider_user.person, status="withdrawn")

    assert get_program_for(outsider_user, "hidden") == draft


def test_get_program_for_raises_404_for_a_missing_slug(admin_user):
    with pytest.raises(Http404):
        get_program_for(admin_user, "no-such-program")


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
def test_get_program_for_manage_lets_managers_through(request, program, persona):
    user = request.getfixturevalue(persona)

    assert get_program_for(user, "career-compass", manage=True) == program


@pytest.mark.parametrize(
    "persona", ["mentor_user", "mentee_user", "executive_user", "outsider_user"]
)
def test_get_program_for_manage_refuses_a_non_manager(request, program, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied) as exc:
        get_program_for(user, "career-compass", manage=True)

    assert str(exc.value) == "Only this program's managers can do that."


def test_get_program_for_manage_of_an_invisible_program_is_404_not_403(outsider_user, draft):
    with pytest.raises(Http404):
        get_program_for(outsider_user, "hidden", manage=True)


def test_get_program_for_manage_of_an_unlisted_program_is_403(outsider_user, unlisted):
    with pytest.raises(PermissionDenied) as exc:
        get_program_for(outsider_user, "by-link", manage=True)

    assert str(exc.value) == "Only this program's managers can do that."


def test_get_program_by_id_for_returns_a_visible_program(mentee_user, program):
    assert get_program_by_id_for(mentee_user, program.pk) == program


def test_get_program_by_id_for_raises_404_for_an_invisible_program(outsider_user, draft):
    with pytest.raises(Http404):
        get_program_by_id_for(outsider_user, draft.pk)


def test_get_program_by_id_for_returns_an_unlisted_program(outsider_user, unlisted):
    assert get_program_by_id_for(outsider_user, unlisted.pk) == unlisted


def test_get_program_by_id_for_manage_refuses_a_non_manager(mentor_user, program):
    with pytest.raises(PermissionDenied):
        get_program_by_id_for(mentor_user, program.pk, manage=True)


def test_get_program_by_id_for_manage_lets_a_manager_through(manager_user, program):
    assert get_program_by_id_for(manager_user, program.pk, manage=True) == program


# --- get_enrollment_for -------------------------------------------------------------------


@pytest.fixture
def mentee_enrollment(program, mentee_user):
    return program.enrollments.get(person=mentee_user.person)


def test_get_enrollment_for_returns_own_enrollment(mentee_user, mentee_enrollment):
    assert get_enrollment_for(mentee_user, mentee_enrollment.pk) == mentee_enrollment


def test_get_enrollment_for_refuses_to_let_a_participant_manage_their_own(
    mentee_user, mentee_enrollment
):
    with pytest.raises(PermissionDenied) as exc:
        get_enrollment_for(mentee_user, mentee_enrollment.pk, manage=True)

    assert str(exc.value) == "Only this program's managers can do that."


@pytest.mark.parametrize("persona", ["admin_user", "manager_user"])
@pytest.mark.parametrize("manage", [False, True])
def test_get_enrollment_for_lets_program_managers_see_and_manage(
    request, mentee_enrollment, persona, manage
):
    user = request.getfixturevalue(persona)

    assert get_enrollment_for(user, mentee_enrollment.pk, manage=manage) == mentee_enrollment


@pytest.mark.parametrize("persona", ["mentor_user", "executive_user", "outsider_user"])
@pytest.mark.parametrize("manage", [False, True])
def test_get_enrollment_for_hides_someone_elses_enrollment(
    request, mentee_enrollment, persona, manage
):
    user = request.getfixturevalue(persona)

    with pytest.raises(Http404):
        get_enrollment_for(user, mentee_enrollment.pk, manage=manage)


def test_get_enrollment_for_hides_another_programs_enrollment_from_a_manager(manager_user):
    elsewhere = EnrollmentFactory()

    with pytest.raises(Http404):
        get_enrollment_for(manager_user, elsewhere.pk)


def test_get_enrollment_for_raises_404_for_a_missing_enrollment(admin_user):
    with pytest.raises(Http404):
        get_enrollment_for(admin_user, 999_999)


def test_get_enrollment_for_a_person_without_login_is_not_matched_to_anonymous_ids():
    enrollment = EnrollmentFactory()  # its person has no user
    user = UserFactory(email="someone@example.com")

    with pytest.raises(Http404):
        get_enrollment_for(user, enrollment.pk)
