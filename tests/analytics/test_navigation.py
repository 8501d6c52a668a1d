"""The dashboards can be reached by following links, not only by typing their address."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_organization_dashboard_links_each_program_dashboard(client, admin_user, program):
    _login(client, admin_user)

    page = client.get("/analytics/").content.decode()

    assert f'href="/analytics/program/{program.slug}/"' in page


def test_program_page_links_its_dashboard_for_its_manager(client, manager_user, program):
    _login(client, manager_user)

    page = client.get(f"/programs/{program.slug}/").content.decode()

    assert f'href="/analytics/program/{program.slug}/"' in page


def test_program_page_has_no_dashboard_link_for_a_participant(client, mentee_user, program):
    _login(client, mentee_user)

    page = client.get(f"/programs/{program.slug}/").content.decode()

    assert "/analytics/" not in page
