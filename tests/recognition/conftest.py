import pytest

from tests.factories.mentoring import active_pair


@pytest.fixture
def other_pair(program):
    """A second active pair in `program`, people with logins."""
    return active_pair(program, "mentor2@example.com", "mentee2@example.com")
