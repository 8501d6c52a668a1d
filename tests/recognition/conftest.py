import pytest

from tests.api.conftest import api_as  # noqa: F401  (the API tests' JSON client)
from tests.factories.mentoring import active_pair


@pytest.fixture
def other_pair(program):
    """A second active pair in `program`, people with logins."""
    return active_pair(program, "mentor2@example.com", "mentee2@example.com")
