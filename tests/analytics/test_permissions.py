"""Who may read analytics, over which programs, and which copy they read."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentorpath.analytics.permissions import (
    analytics_programs,
    can_view_analytics,
    get_analytics_program_for,
    sees_rows,
    sees_suppressed,
)
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(db):
    return ProgramFactory(name="Aurora", slug="aurora")


@pytest.fixture
def draft(db):
    return ProgramFactory(name="Draft", slug="draft", status="draft")


def test_analytics_programs_per_role(
    program, other, admin_user, executive_user, manager_user, mentor_user, outsider_user
):
    assert list(analytics_programs(admin_user)) == [other, program]
    assert list(analytics_programs(executive_user)) == [other, program]
    assert list(analytics_programs(manager_user)) == [program]
    assert list(analytics_programs(mentor_user)) == []
    assert list(analytics_programs(outsider_user)) == []
    assert list(analytics_programs(AnonymousUser())) == []


def test_can_view_analytics_per_role(
    program, admin_user, executive_user, manager_user, mentor_user, mentee_user, outsider_user
):
    assert can_view_analytics(admin_user) is True
    assert can_view_analytics(executive_user) is True
    assert can_view_analytics(manager_user) is True
    assert can_view_analytics(mentor_user) is False
    assert can_view_analytics(mentee_user) is False
    assert can_view_analytics(outsider_user) is False
    assert can_view_analytics(AnonymousUser()) is False


def test_can_view_analytics_inactive_admin_refused(admin_user):
    admin_user.is_active = False

    assert can_view_analytics(admin_user) is False
    assert list(analytics_programs(admin_user)) == []


def test_only_executives_read_the_suppressed_copy(
    program, admin_user, executive_user, manager_user
):
    assert (sees_suppressed(admin_user), sees_rows(admin_user)) == (False, True)
    assert (sees_suppressed(manager_user), sees_rows(manager_user)) == (False, True)
    assert (sees_suppressed(executive_user), sees_rows(executive_user)) == (True, False)


def test_executive_who_manages_a_program_still_reads_the_suppressed_copy(program, executive_user):
    program.managers.add(executive_user)

    assert sees_suppressed(executive_user) is True
    assert sees_rows(executive_user) is False


def test_get_analytics_program_for_per_role(
    program, draft, admin_user, executive_user, manager_user, mentor_user, outsider_user
):
    assert get_analytics_program_for(admin_user, "career-compass") == program
    assert get_analytics_program_for(admin_user, "draft") == draft
    assert get_analytics_program_for(executive_user, "draft") == draft
    assert get_analytics_program_for(manager_user, "career-compass") == program
    with pytest.raises(PermissionDenied):
        get_analytics_program_for(mentor_user, "career-compass")
    with pytest.raises(PermissionDenied):
        get_analytics_program_for(outsider_user, "career-compass")


def test_get_analytics_program_for_unknown_or_unseen_is_404(
    program, draft, manager_user, outsider_user, admin_user
):
    with pytest.raises(Http404):
        get_analytics_program_for(admin_user, "no-such-program")
    with pytest.raises(Http404):
        get_analytics_program_for(outsider_user, "draft")
    with pytest.raises(Http404):
        get_analytics_program_for(manager_user, "draft")


def test_get_analytics_program_for_another_managers_program_is_403(other, manager_user):
    with pytest.raises(PermissionDenied):
        get_analytics_program_for(manager_user, "aurora")
