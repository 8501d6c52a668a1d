"""Bench strength, coverage, roles without a ready successor, the ready-now KPI and the
mentors proposed for a successor."""

from datetime import date
from decimal import Decimal

import pytest

from mentorpath.people.models import JobChange
from mentorpath.succession import queries
from tests.factories import DepartmentFactory, EnrollmentFactory, PersonFactory, ProgramFactory
from tests.succession.conftest import candidate, key_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("counts", "score", "label"),
    [
        ({}, "0", "None"),
        ({"3y+": 1}, "0.25", "Weak"),
        ({"1-2y": 1, "3y+": 1}, "0.75", "Weak"),
        ({"now": 1}, "1", "Adequate"),
        ({"1-2y": 2}, "1", "Adequate"),
        ({"1-2y": 4}, "2", "Adequate"),  # no one ready now: never Strong
        ({"now": 1, "1-2y": 2}, "2", "Strong"),
        ({"now": 2}, "2", "Strong"),
    ],
)
def test_bench_strength_weights_readiness(counts, score, label):
    assert queries.bench_strength(counts) == (Decimal(score), label)


def test_pipeline_coverage_and_gaps_most_critical_first():
    sales = DepartmentFactory(name="Sales")
    covered = key_role(title="Head of Sales", department=sales)
    candidate(covered, "now")
    candidate(covered, "1-2y")
    medium = key_role(title="Head of Ops", criticality="medium", vacancy_risk="high")
    candidate(medium, "3y+")
    key_role(title="CFO", criticality="critical", vacancy_risk="low")
    key_role(title="CTO", criticality="critical", vacancy_risk="high")

    pipeline = queries.pipeline()

    assert [row.role.title for row in pipeline.rows] == [
        "CFO",
        "CTO",
        "Head of Ops",
        "Head of Sales",
    ]
    assert (pipeline.roles, pipeline.with_ready_now, pipeline.with_any) == (4, 1, 2)
    assert (pipeline.ready_now_coverage, pipeline.any_coverage) == (25, 50)
    assert [row.role.title for row in pipeline.gaps] == ["CTO", "CFO", "Head of Ops"]
    sales_row = pipeline.rows[3]
    assert sales_row.counts == {"now": 1, "1-2y": 1, "3y+": 0}
    assert (sales_row.bench, sales_row.bench_label) == (Decimal("1.5"), "Adequate")
    assert [row.bench_label for row in pipeline.rows[:3]] == ["None", "None", "Weak"]


def test_pipeline_filters_by_department_and_criticality():
    sales = DepartmentFactory(name="Sales")
    key_role(title="Head of Sales", department=sales, criticality="critical")
    key_role(title="Sales Manager", department=sales, criticality="medium")
    key_role(title="CTO", department=DepartmentFactory(name="Engineering"))

    by_department = queries.pipeline(department_id=sales.pk)
    both = queries.pipeline(department_id=sales.pk, criticality="medium")

    assert [r.role.title for r in by_department.rows] == ["Head of Sales", "Sales Manager"]
    assert [r.role.title for r in both.rows] == ["Sales Manager"]
    assert queries.pipeline(criticality="low").ready_now_coverage is None


def test_pipeline_runs_in_a_fixed_number_of_queries(django_assert_num_queries):
    for n in range(5):
        role = key_role(title=f"Role {n}")
        candidate(role, "now")
        candidate(role, "3y+")

    with django_assert_num_queries(2):
        queries.pipeline()


def test_ready_now_count_counts_people_once_and_by_program():
    program = ProgramFactory(program_type="leadership")
    first, second = key_role(title="A"), key_role(title="B")
    both = candidate(first, "now")
    from mentorpath.succession.models import SuccessorCandidate

    SuccessorCandidate.objects.create(role=second, person=both.person, readiness="now")
    linked = candidate(second, "now")
    linked.enrollment = EnrollmentFactory(program=program, person=linked.person)
    linked.save()
    candidate(first, "1-2y")

    assert queries.ready_now_count() == 2
    assert queries.ready_now_count(program=program) == 1
    assert queries.ready_now_count(program=ProgramFactory()) == 0


def test_proposed_mentors_ranked_with_reasons(role, successor):
    sales, other = role.department, DepartmentFactory(name="Marketing")
    PersonFactory(
        first_name="Sam", last_name="Same", title="Head of Sales, EMEA", level=9, department=other
    )
    former = PersonFactory(
        first_name="Fay", last_name="Former", title="COO", level=11, department=sales
    )
    JobChange.objects.create(
        person=former,
        effective_date=date(2025, 4, 1),
        kind="promotion",
        from_title="Head of Sales",
        to_title="COO",
    )
    PersonFactory(first_name="Low", last_name="Level", title="Head of Sales", level=8)
    PersonFactory(
        first_name="Un", last_name="Related", title="Engineer", level=11, department=sales
    )
    PersonFactory(
        first_name="Left", title="Head of Sales", level=10, termination_date=date(2025, 1, 1)
    )

    proposals = queries.proposed_mentors(candidate=successor)

    assert [(p.person.full_name, p.score, p.reasons) for p in proposals] == [
        ("Hana Head", 4.0, ["holds this role", "same department"]),
        ("Fay Former", 2.5, ["was 'Head of Sales' until 2025", "same department"]),
        ("Sam Same", 2.0, ["holds a similar role ('Head of Sales, EMEA')"]),
    ]


def test_proposed_mentors_exclude_the_candidate_and_match_shorter_titles(role):
    nominee = candidate(role, "3y+", title="Head of Sales", level=9)
    PersonFactory(first_name="Vera", last_name="Short", title="Sales", level=12)

    names = [p.person.full_name for p in queries.proposed_mentors(candidate=nominee)]

    assert names == ["Hana Head", "Vera Short"]
    assert nominee.person.full_name not in names
