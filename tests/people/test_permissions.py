import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentorpath.people.permissions import (
    can_browse_people,
    can_edit_hr_fields,
    get_person_for,
    own_person,
)
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_can_browse_people_for_admin_and_program_manager_only(
    admin_user, manager_user, mentor_user, mentee_user, executive_user, outsider_user, program
):
    allowed = {
        user.email: can_browse_people(user)
        for user in (
            admin_user,
            manager_user,
            mentor_user,
            mentee_user,
            executive_user,
            outsider_user,
        )
    }

    assert allowed == {
        "admin@example.com": True,
        "manager@example.com": True,
        "mentor@example.com": False,
        "mentee@example.com": False,
        "exec@example.com": False,
        "outsider@example.com": False,
    }


def test_can_browse_people_is_false_for_anonymous():
    assert can_browse_people(AnonymousUser()) is False


def test_can_edit_hr_fields_only_for_org_admin(admin_user, manager_user, program):
    assert can_edit_hr_fields(admin_user) is True
    assert can_edit_hr_fields(manager_user) is False
    assert can_edit_hr_fields(AnonymousUser()) is False


def test_can_edit_hr_fields_is_false_for_an_inactive_admin(admin_user):
    admin_user.is_active = False

    assert can_edit_hr_fields(admin_user) is False


def test_get_person_for_returns_own_profile(outsider_user):
    person = get_person_for(outsider_user, outsider_user.person.pk)

    assert person == outsider_user.person


def test_get_person_for_lets_admin_see_anyone(admin_user, outsider_user):
    assert get_person_for(admin_user, outsider_user.person.pk) == outsider_user.person


def test_get_person_for_lets_program_manager_see_anyone(manager_user, outsider_user, program):
    assert get_person_for(manager_user, outsider_user.person.pk) == outsider_user.person


def test_get_person_for_refuses_another_participant(mentee_user, mentor_user, program):
    with pytest.raises(PermissionDenied) as exc:
        get_person_for(mentee_user, mentor_user.person.pk)

    assert str(exc.value) == "You can only see your own profile."


def test_get_person_for_refuses_an_executive(executive_user, outsider_user):
    with pytest.raises(PermissionDenied):
        get_person_for(executive_user, outsider_user.person.pk)


def test_get_person_for_raises_404_for_a_missing_person(admin_user):
    with pytest.raises(Http404):
        get_person_for(admin_user, 999_999)


def test_get_person_for_lets_admin_see_a_person_without_login(admin_user):
    person = PersonFactory(user=None)

    assert get_person_for(admin_user, person.pk) == person


def test_own_person_returns_the_linked_person(mentor_user):
    assert own_person(mentor_user) == mentor_user.person


def test_own_person_refuses_a_login_without_person():
    user = UserFactory(email="nobody@example.com")

    with pytest.raises(PermissionDenied) as exc:
        own_person(user)

    assert str(exc.value) == "Your login is not linked to an employee profile yet."
