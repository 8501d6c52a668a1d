from typing import Any

from ninja import NinjaAPI
from ninja.operation import Operation

from mentorpath.api import (
    analytics,
    announcements,
    audit,
    checkins,
    enrollments,
    exports,
    feedback,
    goals,
    hris,
    learning,
    learning_personal,
    matching,
    mentorships,
    notes,
    people,
    programs,
    recognition,
    requests,
    succession,
)
from mentorpath.api.auth import API_DESCRIPTION, ApiTokenAuth, SessionAuth, document_token_scopes
from mentorpath.api.errors import register_error_handlers


class MentorpathAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Plain view names (`list_programs`), which generated clients turn into method names."""
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Each operation's security requirement names the token scope it needs."""
        return document_token_scopes(super().get_openapi_schema(**kwargs))


api = MentorpathAPI(
    title="Mentorpath API",
    version="1",
    description=API_DESCRIPTION,
    urls_namespace="api",
    # The Swagger UI at /docs needs no CSP exemption: ninja serves its assets locally and keeps
    # its settings in a JSON data block (tests/api/test_docs_browser.py checks it in Chromium).
    # The token comes first: a request that carries one is judged by it alone.
    auth=[ApiTokenAuth(), SessionAuth()],
)
register_error_handlers(api)
api.add_router("/people", people.router)
api.add_router("/skills", people.skills_router)
api.add_router("/programs", programs.router)
api.add_router("", enrollments.router)
api.add_router("", matching.router)
api.add_router("/mentorships", mentorships.router)
api.add_router("/mentorships", goals.router)
api.add_router("/mentorships", checkins.router)
api.add_router("/mentorships", notes.router)
api.add_router("", mentorships.programs_router)
api.add_router("", requests.router)
api.add_router("", feedback.router)
api.add_router("", analytics.router)
api.add_router("", learning.router)
api.add_router("", learning_personal.router)
api.add_router("", recognition.router)
api.add_router("", succession.router)
api.add_router("", announcements.router)
api.add_router("", hris.router)
api.add_router("", exports.router)
api.add_router("", audit.router)
