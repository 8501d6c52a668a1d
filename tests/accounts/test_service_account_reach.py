"""A service account is a login for an integration, not a person: it is not in the SCIM
directory, no announcement goes to it, it cannot be made a program manager, and the home
page's count of logins leaves it out."""

import pytest

from mentorpath.accounts.services import service_account_create
from mentorpath.announcements.models import Announcement
from mentorpath.announcements.queries import audience_users
from mentorpath.core.queries import organization_summary
from mentorpath.programs.forms import ProgramForm
from mentorpath.scim.queries import scim_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(admin_user):
    account, _, _ = service_account_create(
        created_by=admin_user, name="Workday sync", token_name="prod", scopes=["read"]
    )
    return account


def test_service_accounts_are_outside_scim_announcements_and_program_managers(
    account, admin_user, mentor_user
):
    assert account not in scim_users()
    assert {admin_user, mentor_user} <= set(scim_users())
    everyone = Announcement(title="Hello", body="All of you")
    assert account not in audience_users(announcement=everyone)
    assert account not in ProgramForm().fields["managers"].queryset
    logins = organization_summary()["logins"]
    account.is_service_account = False
    account.save()
    assert organization_summary()["logins"] == logins + 1
