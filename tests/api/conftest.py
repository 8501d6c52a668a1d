"""Helpers for the API tests: a JSON client per persona, anonymous or with a bearer token."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from mentorpath.accounts.services import api_token_create

API = "/api/v1"


class ApiClient:
    """A test Client that speaks JSON to /api/v1 (paths are given without the prefix)."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **params: Any):
        return self.client.get(API + path, params)

    def post(self, path: str, data: Any = None):
        if data is None:
            return self.client.post(API + path, "", content_type="application/json")
        return self.client.post(API + path, data, content_type="application/json")

    def patch(self, path: str, data: Any):
        return self.client.patch(API + path, data, content_type="application/json")


@pytest.fixture
def api_as(client_for) -> Callable[[Any], ApiClient]:
    """api_as(user) -> an ApiClient logged in as that user; api_as(None) -> anonymous."""

    def make(user: Any) -> ApiClient:
        return ApiClient(Client() if user is None else client_for(user))

    return make


@pytest.fixture
def token_api() -> Callable[[Any], ApiClient]:
    """token_api(user) -> an ApiClient without a session, sending a fresh API token."""

    def make(user: Any) -> ApiClient:
        _, key = api_token_create(user=user, name="tests")
        return ApiClient(Client(headers={"Authorization": f"Bearer {key}"}))

    return make
