"""Who may see survey results, change surveys, open a response, and rate a check-in: every
role, including the ones that must be refused."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentorpath.feedback.permissions import (
    can_view_results,
    get_pulse_checkin_for,
    get_response_for,
    get_survey_for,
)
from tests.factories import ProgramFactory, UserFactory
from tests.factories.feedback import SurveyFactory, SurveyResponseFactory, held_checkin

pytestmark = pytest.mark.django_db

ROLES = [
    "admin_user",
    "manager_user",
    "executive_user",
    "mentor_user",
    "mentee_user",
    "outsider_user",
]


@pytest.fixture
def users(request):
    return {role: request.getfixturevalue(role) for role in ROLES}


@pytest.fixture
def survey(program):
    return SurveyFactory(program=program)


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("admin_user", True),
        ("manager_user", True),
        ("executive_user", True),
        ("mentor_user", False),
        ("mentee_user", False),
        ("outsider_user", False),
    ],
)
def test_can_view_results_per_role(survey, users, role, may):
    assert can_view_results(users[role], survey) is may


def test_managers_of_another_program_and_inactive_users_cannot_view_results(
    survey, manager_user, executive_user
):
    other = ProgramFactory()
    other_manager = UserFactory(email="other-manager@example.com")
    other.managers.add(other_manager)
    executive_user.is_active = False
    executive_user.save()

    assert can_view_results(other_manager, survey) is False
    assert can_view_results(executive_user, survey) is False


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        ("admin_user", "ok"),
        ("manager_user", "ok"),
        ("executive_user", "ok"),
        ("mentor_user", "404"),
        ("mentee_user", "404"),
        ("outsider_user", "404"),
    ],
)
def test_get_survey_for_reading(survey, users, role, outcome):
    if outcome == "404":
        with pytest.raises(Http404):
            get_survey_for(users[role], survey.pk)
    else:
        assert get_survey_for(users[role], survey.pk) == survey


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        ("admin_user", "ok"),
        ("manager_user", "ok"),
        ("executive_user", "403"),
        ("mentor_user", "404"),
        ("mentee_user", "404"),
        ("outsider_user", "404"),
    ],
)
def test_get_survey_for_managing(survey, users, role, outcome):
    if outcome == "404":
        with pytest.raises(Http404):
            get_survey_for(users[role], survey.pk, manage=True)
    elif outcome == "403":
        with pytest.raises(PermissionDenied):
            get_survey_for(users[role], survey.pk, manage=True)
    else:
        assert get_survey_for(users[role], survey.pk, manage=True) == survey


def test_get_survey_for_an_unknown_survey_is_404(admin_user):
    with pytest.raises(Http404):
        get_survey_for(admin_user, 999_999)


@pytest.mark.parametrize("role", ROLES)
def test_get_response_for_the_own_person_only(survey, users, role):
    response = SurveyResponseFactory(survey=survey, person=users["mentee_user"].person)

    if role == "mentee_user":
        assert get_response_for(users[role], response.pk) == response
    else:
        with pytest.raises(Http404):
            get_response_for(users[role], response.pk)


def test_get_response_for_an_anonymous_user_is_404(survey, mentee_user):
    response = SurveyResponseFactory(survey=survey, person=mentee_user.person)

    with pytest.raises(Http404):
        get_response_for(AnonymousUser(), response.pk)


@pytest.mark.parametrize("role", ROLES)
def test_get_pulse_checkin_for_the_pair_only(pair, users, role):
    checkin = held_checkin(pair)

    if role in ("mentor_user", "mentee_user"):
        assert get_pulse_checkin_for(users[role], checkin.pk) == checkin
    else:
        with pytest.raises(Http404):
            get_pulse_checkin_for(users[role], checkin.pk)


def test_get_pulse_checkin_for_an_unknown_checkin_is_404(mentee_user):
    with pytest.raises(Http404):
        get_pulse_checkin_for(mentee_user, 999_999)
