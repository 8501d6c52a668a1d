"""Fixtures shared by the learning tests: a JSON client for /api/v1/learning, a path a program
requires before matching, and a curator who manages another program only."""

import pytest
from django.test import Client

from tests.factories import ProgramFactory, UserFactory
from tests.learning.test_gate_support import learning_path

API = "/api/v1/learning"


class Api:
    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path, **params):
        return self.client.get(API + path, params)

    def send(self, method, path, data=None):
        call = getattr(self.client, method)
        return call(API + path, data if data is not None else {}, content_type="application/json")


@pytest.fixture
def api(client_for):
    return lambda user: Api(Client() if user is None else client_for(user))


@pytest.fixture
def training(program):
    """'Mentor essentials' (3 steps), required of Career Compass's mentors."""
    path = learning_path("Mentor essentials", 3, audience="mentor")
    program.mentor_training_path = path
    program.save(update_fields=["mentor_training_path"])
    return path


@pytest.fixture
def other_manager(db):
    """A curator who manages another program only."""
    user = UserFactory(email="other-manager@example.com")
    ProgramFactory(name="Unrelated", slug="unrelated").managers.add(user)
    return user
