"""The "Successors ready now" KPI through the API: succession data, so organization admins and
executives get it (executives in the small-group-suppressed copy) and program managers never
do, in any form: not its figure, its label, nor the target of its objective."""

import pytest

from mentorpath.succession.models import KeyRole, SuccessorCandidate
from tests.factories import EnrollmentFactory, ObjectiveFactory, PersonFactory

pytestmark = pytest.mark.django_db

KPIS = "/analytics/kpis"
LABEL = "Successors ready now"
OBJECTIVE = "Ready-now successors for key roles"
TARGET = {
    "objective": OBJECTIVE,
    "comparator": "gte",
    "value": 10.0,
    "text": "Successors ready now (count) at least 10",
}


def ready_now(program, count: int) -> None:
    role = KeyRole.objects.create(title="Chief Revenue Officer")
    for _ in range(count):
        enrollment = EnrollmentFactory(program=program, person=PersonFactory(), status="approved")
        SuccessorCandidate.objects.create(
            role=role, person=enrollment.person, readiness="now", enrollment=enrollment
        )


@pytest.fixture
def successors(program):
    """Five people ready now through Career Compass, whose objective asks for ten."""
    ready_now(program, 5)
    ObjectiveFactory(program=program, title=OBJECTIVE, kpi="pipeline", comparator="gte", target=10)
    return program


def pipeline(body: dict) -> dict | None:
    return next((item for item in body["kpis"] if item["key"] == "pipeline"), None)


@pytest.mark.parametrize("params", [{}, {"program": "career-compass"}])
def test_a_program_manager_never_gets_the_pipeline(api_as, successors, manager_user, params):
    response = api_as(manager_user).get(KPIS, **params)

    assert response.status_code == 200
    assert "mentors" in {item["key"] for item in response.json()["kpis"]}
    text = response.content.decode()
    for word in ("pipeline", LABEL, OBJECTIVE):
        assert word not in text


def test_a_program_manager_with_a_token_never_gets_the_pipeline(
    token_api, successors, manager_user
):
    response = token_api(manager_user).get(KPIS, program="career-compass")

    assert response.status_code == 200
    assert LABEL not in response.content.decode()


def test_an_admin_reads_the_pipeline_with_its_target(api_as, successors, admin_user):
    body = api_as(admin_user).get(KPIS, program="career-compass").json()

    assert pipeline(body) == {
        "key": "pipeline",
        "label": LABEL,
        "value": 5.0,
        "unit": "",
        "n": 5,
        "target": TARGET,
        "on_target": False,
        "suppressed": False,
    }
    assert body["kpis"][-1] == pipeline(body)


def test_an_executive_reads_the_pipeline(api_as, successors, executive_user):
    body = api_as(executive_user).get(KPIS, program="career-compass").json()

    assert body["suppressed"] is True
    assert pipeline(body)["value"] == 5.0
    assert pipeline(body)["target"] == TARGET


def test_an_executive_reads_no_pipeline_of_fewer_than_five(api_as, program, executive_user):
    ready_now(program, 4)

    body = api_as(executive_user).get(KPIS, program="career-compass").json()

    assert pipeline(body) == {
        "key": "pipeline",
        "label": LABEL,
        "value": None,
        "unit": "",
        "n": None,
        "target": None,
        "on_target": None,
        "suppressed": True,
    }


def test_an_executive_who_manages_the_program_reads_the_pipeline(
    api_as, successors, executive_user
):
    successors.managers.add(executive_user)

    body = api_as(executive_user).get(KPIS, program="career-compass").json()

    assert pipeline(body)["value"] == 5.0
