"""The home page gives org admins one place to reach every administration page; nobody else
sees the panel (each page also refuses them on its own, tested with its feature)."""

import pytest

from tests.conftest import login

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/hris/",
    "/exports/",
    "/audit/",
    "/webhooks/",
    "/scim/v2/tokens/",
    "/accounts/service-accounts/",
    "/recognition/badges/",
    "/succession/",
]


def test_admins_reach_every_administration_page_from_home(admin_user):
    client = login(admin_user)
    page = client.get("/").content.decode()
    assert "Administration" in page
    for url in ADMIN_PAGES:
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["manager_user", "mentor_user", "executive_user"])
def test_nobody_else_sees_the_administration_panel(request, persona):
    page = login(request.getfixturevalue(persona)).get("/").content.decode()
    assert 'id="admin-tools"' not in page
