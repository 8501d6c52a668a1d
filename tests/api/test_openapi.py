import re

import pytest
from django.test import Client

from mentorpath.api.auth import TOKEN_HELP
from tests.api.conftest import API

# Every response each operation can give, as the schema must declare it.
READ = {"401", "422"}
WRITE = {"400", "401", "403", "422"}
MATCHING = "/programs/{slug}/matching"
RUN = f"{MATCHING}/runs/{{run_id}}"
PROPOSAL = f"{RUN}/proposals/{{proposal_id}}"
PAIR = "/mentorships/{mentorship_id}"
PAIR_WRITE = {"200", "404", "409"} | WRITE
GOAL = f"{PAIR}/goals/{{goal_id}}"
CHECKIN = f"{PAIR}/checkins/{{checkin_id}}"
EXPECTED = {
    ("post", "/hris/imports"): {"202", "400", "401", "403", "422"},
    ("get", "/hris/imports/{job_id}"): {"200", "403", "404"} | READ,
    ("post", "/hris/imports/{job_id}/apply"): {"202", "404", "409"} | WRITE,
    ("get", "/exports/{dataset}"): {"200", "403", "404"} | READ,
    ("get", "/audit/entries"): {"200", "403"} | READ,
    ("get", "/people"): {"200", "403"} | READ,
    ("get", "/people/me"): {"200", "401", "403"},
    ("get", "/people/{person_id}"): {"200", "403", "404"} | READ,
    ("get", "/skills"): {"200"} | READ,
    ("get", "/programs"): {"200"} | READ,
    ("post", "/programs"): {"201"} | WRITE,
    ("get", "/programs/{slug}"): {"200", "404"} | READ,
    ("patch", "/programs/{slug}"): {"200", "404"} | WRITE,
    ("post", "/programs/{slug}/transition"): {"200", "404"} | WRITE,
    ("get", "/programs/{slug}/enrollments"): {"200", "403", "404"} | READ,
    ("post", "/programs/{slug}/enrollments"): {"201", "404", "409"} | WRITE,
    ("get", "/enrollments"): {"200", "403"} | READ,
    ("get", "/enrollments/{enrollment_id}"): {"200", "404"} | READ,
    ("post", "/enrollments/{enrollment_id}/approve"): {"200", "404"} | WRITE,
    ("post", "/enrollments/{enrollment_id}/decline"): {"200", "404"} | WRITE,
    ("post", "/enrollments/{enrollment_id}/withdraw"): {"200", "404"} | WRITE,
    ("get", f"{MATCHING}/config"): {"200", "403", "404"} | READ,
    ("put", f"{MATCHING}/config"): {"200", "404"} | WRITE,
    ("post", f"{MATCHING}/runs"): {"201", "404"} | WRITE,
    ("get", f"{MATCHING}/runs"): {"200", "403", "404"} | READ,
    ("get", RUN): {"200", "403", "404"} | READ,
    ("get", f"{RUN}/proposals"): {"200", "403", "404"} | READ,
    ("post", f"{PROPOSAL}/preview"): {"200", "404"} | WRITE,
    ("post", f"{PROPOSAL}/override"): {"200", "404"} | WRITE,
    ("post", f"{RUN}/approve"): {"200", "404"} | WRITE,
    ("get", "/mentorships"): {"200", "403"} | READ,
    ("get", "/mentorships/{mentorship_id}"): {"200", "404"} | READ,
    ("post", f"{PAIR}/respond"): PAIR_WRITE,
    ("post", f"{PAIR}/end"): PAIR_WRITE,
    ("post", f"{PAIR}/pause"): PAIR_WRITE,
    ("post", f"{PAIR}/resume"): PAIR_WRITE,
    ("get", f"{PAIR}/agreement"): {"200", "404"} | READ,
    ("post", f"{PAIR}/agreement/acknowledge"): PAIR_WRITE,
    ("put", f"{PAIR}/agreement/rhythm"): PAIR_WRITE,
    ("post", f"{PAIR}/nudge"): PAIR_WRITE,
    ("post", f"{PAIR}/mute"): {"200", "404"} | WRITE,
    ("get", "/programs/{slug}/pairs"): {"200", "403", "404"} | READ,
    ("get", f"{PAIR}/goals"): {"200", "404"} | READ,
    ("post", f"{PAIR}/goals"): {"201", "404", "409"} | WRITE,
    ("get", GOAL): {"200", "404"} | READ,
    ("patch", GOAL): PAIR_WRITE,
    ("get", f"{GOAL}/updates"): {"200", "404"} | READ,
    ("post", f"{GOAL}/updates"): {"201", "404", "409"} | WRITE,
    ("post", f"{GOAL}/milestones"): {"201", "404", "409"} | WRITE,
    ("post", f"{GOAL}/milestones/{{milestone_id}}/done"): PAIR_WRITE,
    ("get", f"{PAIR}/checkins"): {"200", "404"} | READ,
    ("post", f"{PAIR}/checkins"): {"201", "404", "409"} | WRITE,
    ("get", f"{PAIR}/checkins/suggestion"): {"200", "403", "404"} | READ,
    ("get", CHECKIN): {"200", "404"} | READ,
    ("patch", CHECKIN): PAIR_WRITE,
    ("post", f"{CHECKIN}/cancel"): PAIR_WRITE,
    ("post", f"{CHECKIN}/respond"): PAIR_WRITE,
    ("post", f"{CHECKIN}/record"): PAIR_WRITE,
    ("get", f"{PAIR}/notes"): {"200", "404"} | READ,
    ("post", f"{PAIR}/notes"): {"201", "404", "409"} | WRITE,
    ("delete", f"{PAIR}/notes/{{note_id}}"): {"204", "404"} | WRITE,
    ("get", "/programs/{slug}/suggestions"): {"200", "403", "404"} | READ,
    ("post", "/programs/{slug}/requests"): {"201", "404", "409"} | WRITE,
    ("get", "/requests"): {"200", "401", "403"},
    ("post", "/requests/{request_id}/respond"): {"200", "404"} | WRITE,
    ("post", "/requests/{request_id}/withdraw"): {"200", "404"} | WRITE,
    ("get", "/surveys/responses"): {"200", "403"} | READ,
    ("get", "/surveys/responses/{response_id}"): {"200", "404"} | READ,
    ("put", "/surveys/responses/{response_id}/answers"): {"200", "404", "409"} | WRITE,
    ("get", "/surveys/{survey_id}/results"): {"200", "404"} | READ,
    ("get", "/checkins/{checkin_id}/pulse"): {"200", "404"} | READ,
    ("post", "/checkins/{checkin_id}/pulse"): {"200", "404", "409"} | WRITE,
    ("get", "/analytics/kpis"): {"200", "400", "403"} | READ,
    ("get", "/succession/pipeline"): {"200", "403"} | READ,
    ("get", "/succession/roles"): {"200", "403"} | READ,
    ("post", "/succession/roles"): {"201"} | WRITE,
    ("get", "/succession/roles/{role_id}"): {"200", "403", "404"} | READ,
    ("patch", "/succession/roles/{role_id}"): {"200", "404"} | WRITE,
    ("delete", "/succession/roles/{role_id}"): {"204", "401", "403", "404", "422"},
    ("get", "/succession/roles/{role_id}/candidates"): {"200", "403", "404"} | READ,
    ("post", "/succession/roles/{role_id}/candidates"): {"201", "404", "409"} | WRITE,
    ("get", "/succession/candidates/{candidate_id}"): {"200", "403", "404"} | READ,
    ("patch", "/succession/candidates/{candidate_id}"): {"200", "404"} | WRITE,
    ("delete", "/succession/candidates/{candidate_id}"): {"204", "401", "403", "404", "422"},
    ("post", "/succession/candidates/{candidate_id}/reviews"): {"201", "404"} | WRITE,
    ("post", "/succession/candidates/{candidate_id}/program"): {"200", "404", "409"} | WRITE,
    ("get", "/succession/candidates/{candidate_id}/proposed-mentors"): {"200", "403", "404"} | READ,
    ("post", "/succession/candidates/{candidate_id}/proposed-mentors/{person_id}"): {
        "201",
        "404",
        "409",
    }
    | WRITE,
    ("get", "/learning/resources"): {"200", "403"} | READ,
    ("post", "/learning/resources"): {"201"} | WRITE,
    ("get", "/learning/resources/{resource_id}"): {"200", "403", "404"} | READ,
    ("patch", "/learning/resources/{resource_id}"): {"200", "404"} | WRITE,
    ("delete", "/learning/resources/{resource_id}"): {"204", "403", "404", "409"} | READ,
    ("put", "/learning/resources/{resource_id}/bookmark"): {"200", "403", "404"} | READ,
    ("delete", "/learning/resources/{resource_id}/bookmark"): {"200", "403", "404"} | READ,
    ("put", "/learning/resources/{resource_id}/rating"): {"200", "404"} | WRITE,
    ("get", "/learning/paths"): {"200", "403"} | READ,
    ("get", "/learning/paths/{path_id}"): {"200", "403", "404"} | READ,
    ("post", "/learning/paths/{path_id}/start"): {"200", "404"} | WRITE,
    ("put", "/learning/paths/{path_id}/steps/{step_id}/done"): {"200", "404"} | WRITE,
    ("delete", "/learning/paths/{path_id}/steps/{step_id}/done"): {"200", "404"} | WRITE,
    ("post", "/learning/paths"): {"201"} | WRITE,
    ("patch", "/learning/paths/{path_id}"): {"200", "404"} | WRITE,
    ("post", "/learning/paths/{path_id}/steps"): {"201", "404"} | WRITE,
    ("post", "/learning/paths/{path_id}/steps/{step_id}/move"): {"200", "403", "404"} | READ,
    ("delete", "/learning/paths/{path_id}/steps/{step_id}"): {"200", "403", "404"} | READ,
    ("get", "/recognition/me"): {"200", "401", "403"},
    ("get", "/recognition/preferences"): {"200", "401", "403"},
    ("put", "/recognition/preferences"): {"200", "401", "403", "422"},
    ("get", "/recognition/badges"): {"200"} | READ,
    ("get", "/people/{person_id}/recognition"): {"200", "403", "404"} | READ,
    ("post", f"{PAIR}/kudos"): {"201", "404", "409"} | WRITE,
    ("get", "/programs/{slug}/recognition-wall"): {"200", "404"} | READ,
    ("get", "/recognition/contributions"): {"200", "400", "403", "404"} | READ,
    ("get", "/learning/recommendations"): {"200", "403"} | READ,
    ("get", f"{PAIR}/assignments"): {"200", "404"} | READ,
    ("post", f"{PAIR}/assignments"): {"201", "404", "409"} | WRITE,
    ("post", f"{PAIR}/assignments/{{assignment_id}}/done"): {"200", "404", "409"} | WRITE,
    ("get", "/programs/{slug}/readiness"): {"200", "403", "404"} | READ,
    ("get", "/announcements"): {"200"} | READ,
    ("get", "/announcements/managed"): {"200", "403"} | READ,
    ("get", "/announcements/{announcement_id}"): {"200", "404"} | READ,
    ("post", "/announcements"): {"201", "404"} | WRITE,
    ("post", "/announcements/{announcement_id}/publish"): {"200", "404", "409"} | WRITE,
    ("post", "/announcements/{announcement_id}/withdraw"): {"200", "404", "409"} | WRITE,
}


@pytest.fixture(scope="module")
def schema():
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method, path.removeprefix(API), operation


def test_openapi_schema_lists_exactly_the_endpoints(schema):
    assert schema["openapi"].startswith("3.1")
    assert {(method, path) for method, path, _ in operations(schema)} == set(EXPECTED)


def test_openapi_schema_declares_every_response_code(schema):
    declared = {(m, p): set(op["responses"]) for m, p, op in operations(schema)}

    assert declared == EXPECTED


def test_openapi_schema_errors_share_one_shape(schema):
    for _, _, operation in operations(schema):
        for code, response in operation["responses"].items():
            if code.startswith("4"):
                body = response["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/ErrorOut"}


def test_openapi_schema_documents_both_ways_to_authenticate(schema):
    assert schema["components"]["securitySchemes"] == {
        "ApiTokenAuth": {"type": "http", "scheme": "bearer", "description": TOKEN_HELP},
        "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }
    for method, _, operation in operations(schema):
        scope = "read" if method == "get" else "write"  # the token scope the method needs
        assert operation["security"] == [{"ApiTokenAuth": [scope]}, {"SessionAuth": []}]
    assert "This token lacks the 'write' scope." in schema["info"]["description"]


def test_openapi_schema_has_readable_operation_ids(schema):
    ids = [operation["operationId"] for _, _, operation in operations(schema)]

    assert len(set(ids)) == len(ids)
    assert "withdraw_enrollment" in ids


def test_docs_page_is_served_under_the_strict_csp():
    response = Client().get(f"{API}/docs")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    html = response.content.decode()
    # The only inline <script> is a JSON data block, which CSP does not treat as a script.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert "<style" not in html
    assert " style=" not in html
