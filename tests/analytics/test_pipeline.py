"""The "Successors ready now" KPI (`pipeline`): its figure on a hand-built succession pipeline,
its target, and who reads it. Succession data is for organization admins and executives
only, so a program manager's page, CSV, PDF and organization page never carry it, in any form.

Two programs, Atlas and Beacon, and two key roles. Ana is ready now for both roles, each time
linked to her Atlas enrollment; Eve (Sales) is ready now, linked to Atlas; Fay is ready now for
one role through Atlas and for the other through Beacon; Ben is ready now through Beacon; Cid
is linked to Atlas but ready in 1–2 years; Dan is enrolled in Atlas and ready now, but his
candidacy is linked to no enrollment.
"""

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from mentorpath.analytics.kpis import (
    HEADCOUNT_KPIS,
    KPI_ORDER,
    KpiValue,
    Scope,
    suppress_small_groups,
    without_succession,
)
from mentorpath.analytics.queries import dashboard
from mentorpath.programs.models import Enrollment, Program
from mentorpath.succession.models import KeyRole, SuccessorCandidate
from mentorpath.succession.queries import ready_now_count
from tests.analytics.sample_dashboards import sample
from tests.factories import (
    DepartmentFactory,
    EnrollmentFactory,
    ObjectiveFactory,
    PersonFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

LABEL = "Successors ready now"
OBJECTIVE = "Ready-now successors for key roles"
ORG = "/analytics/"
PAGE = "/analytics/program/career-compass/"
SUCCESSION_WORDS = (LABEL, "pipeline", OBJECTIVE, "Successors ready now (count)")


def _enrolled(program: Program, first_name: str, department: str = "Engineering") -> Enrollment:
    person = PersonFactory(first_name=first_name, department=DepartmentFactory(name=department))
    return EnrollmentFactory(program=program, person=person, status="approved")


def _successor(
    role: KeyRole, enrollment: Enrollment | None, readiness: str = "now", *, person=None
) -> SuccessorCandidate:
    return SuccessorCandidate.objects.create(
        role=role,
        person=person if person is not None else enrollment.person,
        readiness=readiness,
        enrollment=enrollment,
    )


@pytest.fixture
def pipeline(db):
    atlas = ProgramFactory(name="Atlas", slug="atlas")
    beacon = ProgramFactory(name="Beacon", slug="beacon")
    head = KeyRole.objects.create(title="Head of Sales")
    director = KeyRole.objects.create(title="Director of Operations")
    ana = _enrolled(atlas, "Ana")
    _successor(head, ana)
    _successor(director, ana)  # ready now for two roles: one person
    _successor(head, _enrolled(atlas, "Eve", "Sales"))
    fay_atlas = _enrolled(atlas, "Fay")
    _successor(head, fay_atlas)
    _successor(director, EnrollmentFactory(program=beacon, person=fay_atlas.person))
    _successor(director, _enrolled(beacon, "Ben"))
    _successor(director, _enrolled(atlas, "Cid"), "1-2y")
    _successor(head, None, person=_enrolled(atlas, "Dan").person)  # not linked
    return atlas, beacon


def _ready(*programs: Program, **filters) -> KpiValue:
    scope = Scope(programs=tuple(p.pk for p in programs), **filters)
    return dashboard(scope=scope).kpi("pipeline")


# --- the figure ----------------------------------------------------------------------------------


def test_distinct_people_ready_now_linked_to_the_programs_in_scope(pipeline):
    atlas, beacon = pipeline

    assert _ready(atlas) == KpiValue("pipeline", LABEL, 3, "", 3)  # Ana, Eve, Fay
    assert _ready(beacon).value == 2  # Fay, Ben
    assert _ready(atlas, beacon).value == 4  # Ana, Eve, Fay once, Ben


def test_one_program_reads_as_the_succession_pages_count_it(pipeline):
    atlas, beacon = pipeline

    assert _ready(atlas).value == ready_now_count(program=atlas)
    assert _ready(beacon).value == ready_now_count(program=beacon)


def test_the_department_filter_counts_people_of_that_department(pipeline):
    atlas, beacon = pipeline

    assert _ready(atlas, beacon, department_id=DepartmentFactory(name="Sales").pk).value == 1


def test_readiness_is_as_of_now_whatever_the_cohort_or_period(pipeline):
    atlas, _ = pipeline

    assert _ready(atlas, cohort="2020-Q1").value == 3
    assert _ready(atlas, date_from=date(2020, 1, 1), date_to=date(2020, 2, 1)).value == 3


def test_no_program_and_no_successor_count_zero(pipeline):
    assert dashboard(scope=Scope(programs=())).kpi("pipeline").value == 0
    assert _ready(ProgramFactory()).value == 0


def test_a_pipeline_objective_is_the_target(pipeline):
    atlas, beacon = pipeline
    ObjectiveFactory(program=atlas, title=OBJECTIVE, kpi="pipeline", comparator="gte", target=3)
    ObjectiveFactory(program=beacon, title=OBJECTIVE, kpi="pipeline", comparator="gte", target=10)

    met, missed = _ready(atlas), _ready(beacon)

    assert met.target.objective == OBJECTIVE
    assert met.target.comparator == "gte"
    assert met.target.value == Decimal("3.00")
    assert met.target.text == "Successors ready now (count) at least 3"
    assert met.on_target is True  # 3 >= 3
    assert missed.on_target is False  # 2 < 10
    assert _ready(atlas, beacon).target is None  # targets are one program's


# --- the pure copies ---------------------------------------------------------------------------


def _with_pipeline(value: int):
    board = sample()
    return replace(board, kpis=(*board.kpis, KpiValue("pipeline", LABEL, value, "", value)))


def test_without_succession_leaves_out_the_pipeline_and_nothing_else():
    board = _with_pipeline(7)

    kept = without_succession(board)

    assert [k.key for k in kept.kpis] == [k.key for k in board.kpis if k.key != "pipeline"]
    assert replace(kept, kpis=board.kpis) == board
    assert without_succession(kept) == kept


def test_the_pipeline_is_last_in_the_dashboard_order():
    assert KPI_ORDER[-1] == "pipeline"


def test_executives_read_no_pipeline_of_one_to_four_people():
    """A count of successors ready now names people like any headcount."""
    assert "pipeline" in HEADCOUNT_KPIS
    for value, hidden in ((0, False), (4, True), (5, False)):
        kpi = suppress_small_groups(_with_pipeline(value)).kpi("pipeline")
        assert (kpi.suppressed, kpi.value) == (hidden, None if hidden else value)


# --- who reads it: the pages, the CSV files, the PDF ------------------------------------------


@pytest.fixture
def successors(program):
    """Five people ready now through Career Compass, whose objective asks for ten."""
    role = KeyRole.objects.create(title="Chief Revenue Officer")
    for n in range(5):
        _successor(role, _enrolled(program, f"Successor{n}"))
    ObjectiveFactory(program=program, title=OBJECTIVE, kpi="pipeline", comparator="gte", target=10)
    return program


def _body(response) -> str:
    assert response.status_code == 200
    if response["Content-Type"] == "application/pdf":
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.content.decode()


MANAGER_PATHS = [ORG, f"{ORG}csv/kpis/", PAGE, f"{PAGE}csv/kpis/", f"{PAGE}report.pdf"]


@pytest.mark.parametrize("path", MANAGER_PATHS)
def test_a_program_manager_never_reads_the_pipeline(client_for, successors, manager_user, path):
    body = _body(client_for(manager_user).get(path))

    assert "Mentors" in body  # the other figures are there
    for word in SUCCESSION_WORDS:
        assert word not in body


def test_a_program_managers_htmx_page_has_no_pipeline(client_for, successors, manager_user):
    body = _body(client_for(manager_user).get(PAGE, HTTP_HX_REQUEST="true"))

    assert 'id="kpi-mentors"' in body
    assert 'id="kpi-pipeline"' not in body
    assert LABEL not in body


@pytest.mark.parametrize("persona", ["admin_user", "executive_user"])
@pytest.mark.parametrize("path", MANAGER_PATHS)
def test_admins_and_executives_read_the_pipeline(request, client_for, successors, persona, path):
    body = _body(client_for(request.getfixturevalue(persona)).get(path))

    assert LABEL in body


@pytest.mark.parametrize("persona", ["admin_user", "executive_user"])
def test_the_program_page_card_with_its_target(request, client_for, successors, persona):
    body = _body(client_for(request.getfixturevalue(persona)).get(PAGE))

    card = body.split('<div id="kpi-pipeline">', 1)[1].split("</div>", 1)[0]
    assert f"<dt>{LABEL}</dt>" in card
    assert "<dd>5</dd>" in card
    assert "n = 5" in card
    assert "Target: at least 10" in card
    assert "Off target" in card


def test_the_kpi_csv_row_for_an_admin(client_for, successors, admin_user):
    body = _body(client_for(admin_user).get(f"{PAGE}csv/kpis/"))

    assert "pipeline,Successors ready now,5,,5,gte,10,Off target" in body.splitlines()
