"""Retention and promotion of mentees against the comparison group, worked out by hand.

Program "Outcome program" starts on 1 March 2024: the 6-month horizon is 31 August 2024
(start + 183 days), the 12-month one 1 March 2025 (start + 365 days). Tenure bands as of the
start: under a year = hired after 2023-03-01, 1–3 years = after 2021-03-01, 3–5 years = after
2019-03-01, else 5 years and more. A termination date is the first day not employed: leaving
on a horizon is not being retained at it.

Participants (mentees of pairs that started), stratum as of the start, outcomes r6 r12 promoted:
  p1 Eng, level 3 then (promoted to 4 on 2024-09-01, the only job change recorded), hired
     2022-06-01 → S1 (Eng, 3, 1–3y); stays; promoted inside 12 months          ✓ ✓ ✓
  p2 Eng 3, hired 2023-01-15 → S1; leaves on 2024-08-31, the 6-month horizon    ✗ ✗ ✗
  p3 Eng 3, hired 2021-03-02 → S1; leaves on 2024-09-01, the day after it       ✓ ✗ ✗
  p4 Sales 2 then (hire record; promoted 2025-03-02, a day past 12 months), hired
     2023-06-01 → S2 (Sales, 2, <1y)                                            ✓ ✓ ✗
  p5 Sales then (moved to Engineering on 2024-06-01, the only job change), level 2,
     hired 2023-09-01 → S2; leaves on 2025-03-01, the 12-month horizon          ✓ ✗ ✗
  p6 Eng 5 then (hire record; promoted on 2025-03-01, the last day inside), hired
     2015-01-01 → S3 (Eng, 5, 5y+): nobody to compare with                      ✓ ✓ ✓
  p9 Eng, promoted 3 → 4 on the start day (so level 4 then, and no promotion after it), hired
     2023-03-01, exactly a year before → S4 (Eng, 4, 1–3y)                      ✓ ✓ ✗
  left out: p7 hired after the start, p8 left before it, p10 without a hire date

Comparison (never mentees of a started pair, employed at the start):
  q1 Eng 3, hired 2022-01-01 → S1                                              ✓ ✓ ✗
  q2 Eng 3, hired 2022-02-01 → S1; leaves on 2024-06-01                        ✗ ✗ ✗
  q3 Eng 3 then (promoted 3 → 4 on 2024-12-01, the only record), hired 2021-06-01 → S1 ✓ ✓ ✓
  q4 Eng 3, hired 2022-03-01 → S1; a mentee of Outcome program whose pair was declined ✓ ✓ ✗
  q5 Sales 2, hired 2023-05-01 → S2; leaves on 2024-10-01                       ✓ ✗ ✗
  q6 Sales 2 then (hire record; promoted 2024-05-01), hired 2023-04-01 → S2     ✓ ✓ ✓
  q7 Eng 4, hired 2022-01-01 → S4                                              ✓ ✓ ✗
  left out: q8 hired after the start, q9 left before it, q10 left on the start day (all Sales 2,
  S2 otherwise), q11 a mentee of another program (Eng 3, S1 otherwise); the mentor m (Eng 7,
  hired 2010) is a non-participant in a stratum without participants.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.outcomes import outcomes_of
from mentorpath.analytics.stats import Z95, wilson
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Department, JobChange, Person
from mentorpath.programs.models import Enrollment, Program
from tests.factories import DepartmentFactory, EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db

START = date(2024, 3, 1)
TODAY = date(2025, 6, 1)  # every horizon has passed


@dataclass
class OutcomeOrg:
    program: Program
    other: Program
    people: dict[str, Person] = field(default_factory=dict)
    mentor: dict[int, Enrollment] = field(default_factory=dict)


def _person(
    org: OutcomeOrg,
    key: str,
    department: str,
    level: int,
    hired: date | None,
    left: date | None = None,
) -> Person:
    person = PersonFactory(
        employee_id=f"OUT-{key}",
        email=f"{key}@outcome.example.com",
        department=DepartmentFactory(name=department),
        level=level,
        hire_date=hired,
        termination_date=left,
    )
    org.people[key] = person
    return person


def _change(
    org: OutcomeOrg,
    key: str,
    day: date,
    kind: str,
    *,
    level: tuple = (None, None),
    department: tuple = (None, None),
) -> None:
    JobChange.objects.create(
        person=org.people[key],
        effective_date=day,
        kind=kind,
        from_level=level[0],
        to_level=level[1],
        from_department=DepartmentFactory(name=department[0]) if department[0] else None,
        to_department=DepartmentFactory(name=department[1]) if department[1] else None,
    )


def _mentee(
    org: OutcomeOrg,
    key: str,
    status: str = "active",
    started: datetime | None = None,
    program: Program | None = None,
) -> Mentorship:
    program = program or org.program
    if program.pk not in org.mentor:
        mentor = PersonFactory(
            employee_id=f"OUT-mentor-{program.pk}",
            email=f"mentor{program.pk}@outcome.example.com",
            department=DepartmentFactory(name="Engineering"),
            level=7,
            hire_date=date(2010, 1, 1),
        )
        org.mentor[program.pk] = EnrollmentFactory(
            program=program, person=mentor, role="mentor", status="approved"
        )
    mentee = EnrollmentFactory(
        program=program, person=org.people[key], role="mentee", status="approved"
    )
    return Mentorship.objects.create(
        program=program,
        mentor=org.mentor[program.pk],
        mentee=mentee,
        status=status,
        source="matching",
        started_at=None if status == "declined" else started or datetime(2024, 3, 5, tzinfo=UTC),
    )


def build_outcome_org() -> OutcomeOrg:
    org = OutcomeOrg(
        program=ProgramFactory(name="Outcome program", slug="outcome", start_date=START),
        other=ProgramFactory(name="Other program", slug="outcome-other"),
    )
    eng, sales = "Engineering", "Sales"
    # participants
    _person(org, "p1", eng, 4, date(2022, 6, 1))
    _change(org, "p1", date(2024, 9, 1), "promotion", level=(3, 4), department=(eng, eng))
    _person(org, "p2", eng, 3, date(2023, 1, 15), left=date(2024, 8, 31))
    _person(org, "p3", eng, 3, date(2021, 3, 2), left=date(2024, 9, 1))
    _person(org, "p4", sales, 3, date(2023, 6, 1))
    _change(org, "p4", date(2023, 6, 1), "hire", level=(None, 2), department=(None, sales))
    _change(org, "p4", date(2025, 3, 2), "promotion", level=(2, 3), department=(sales, sales))
    _person(org, "p5", eng, 2, date(2023, 9, 1), left=date(2025, 3, 1))
    _change(org, "p5", date(2024, 6, 1), "lateral", level=(2, 2), department=(sales, eng))
    _person(org, "p6", eng, 6, date(2015, 1, 1))
    _change(org, "p6", date(2015, 1, 1), "hire", level=(None, 5), department=(None, eng))
    _change(org, "p6", date(2025, 3, 1), "promotion", level=(5, 6), department=(eng, eng))
    _person(org, "p7", eng, 3, date(2024, 4, 1))
    _person(org, "p8", eng, 3, date(2020, 1, 1), left=date(2024, 2, 1))
    _person(org, "p9", eng, 4, date(2023, 3, 1))
    _change(org, "p9", START, "promotion", level=(3, 4), department=(eng, eng))
    _person(org, "p10", eng, 3, None)
    for key in ("p1", "p2", "p4", "p5", "p6", "p7", "p8", "p10"):
        _mentee(org, key)
    _mentee(org, "p3", status="ended_early")
    _mentee(org, "p9", status="completed", started=datetime(2024, 4, 10, tzinfo=UTC))
    # comparison
    _person(org, "q1", eng, 3, date(2022, 1, 1))
    _person(org, "q2", eng, 3, date(2022, 2, 1), left=date(2024, 6, 1))
    _person(org, "q3", eng, 4, date(2021, 6, 1))
    _change(org, "q3", date(2024, 12, 1), "promotion", level=(3, 4), department=(eng, eng))
    _person(org, "q4", eng, 3, date(2022, 3, 1))
    _mentee(org, "q4", status="declined")
    _person(org, "q5", sales, 2, date(2023, 5, 1), left=date(2024, 10, 1))
    _person(org, "q6", sales, 3, date(2023, 4, 1))
    _change(org, "q6", date(2023, 4, 1), "hire", level=(None, 2), department=(None, sales))
    _change(org, "q6", date(2024, 5, 1), "promotion", level=(2, 3), department=(sales, sales))
    _person(org, "q7", eng, 4, date(2022, 1, 1))
    _person(org, "q8", sales, 2, date(2024, 3, 2))
    _person(org, "q9", sales, 2, date(2023, 5, 1), left=date(2024, 2, 29))
    _person(org, "q10", sales, 2, date(2023, 5, 1), left=START)
    _person(org, "q11", eng, 3, date(2022, 1, 1))
    _mentee(org, "q11", program=org.other)
    return org


@pytest.fixture
def kpi_outcome_org():
    return build_outcome_org()


def _by_measure(outcomes) -> dict:
    return {(o.metric, o.months): o for o in outcomes}


def _participant_rate_ok(outcome, successes: int, n: int) -> None:
    low, high = wilson(successes, n)
    assert outcome.participants.n == n
    assert outcome.participants.rate == pytest.approx(successes / n)
    assert outcome.participants.low == pytest.approx(low)
    assert outcome.participants.high == pytest.approx(high)


# --- the comparison group, measure by measure -------------------------------------------------


def test_retention_at_6_months(kpi_outcome_org):
    outcomes, notes = outcomes_of(scope=Scope(programs=(kpi_outcome_org.program.pk,)), today=TODAY)
    outcome = _by_measure(outcomes)[("retention", 6)]

    # all seven participants count: only p2 left by the horizon
    _participant_rate_ok(outcome, 6, 7)
    # strata with comparison: S1 (3 participants, 2 stayed | 4 people, 3 stayed),
    # S2 (2, 2 | 2, 2), S4 (1, 1 | 1, 1); S3 (p6) has no one to compare with
    assert outcome.matched == 6
    assert outcome.comparison.n == 7
    comparison_rate = 3 / 6 * 3 / 4 + 2 / 6 * 2 / 2 + 1 / 6 * 1 / 1
    comparison_var = (3 / 6) ** 2 * (3 / 4 * 1 / 4) / 4  # S2 and S4 rates of 1: no variance
    assert comparison_rate == pytest.approx(0.875)
    assert outcome.comparison.rate == pytest.approx(0.875)
    assert outcome.comparison.low == pytest.approx(0.875 - Z95 * math.sqrt(comparison_var))
    assert outcome.comparison.low == pytest.approx(0.66283, abs=1e-5)
    assert outcome.comparison.high == 1.0  # 1.087 clamped
    participant_rate = 5 / 6  # matched participants only: p6 is left out
    participant_var = participant_rate * (1 - participant_rate) / 6
    half = Z95 * math.sqrt(participant_var + comparison_var)
    assert outcome.difference == pytest.approx(5 / 6 - 0.875)
    assert outcome.difference_low == pytest.approx(5 / 6 - 0.875 - half)
    assert outcome.difference_high == pytest.approx(5 / 6 - 0.875 + half)
    assert (outcome.difference_low, outcome.difference_high) == (
        pytest.approx(-0.40765, abs=1e-5),
        pytest.approx(0.32431, abs=1e-5),
    )
    assert notes == []


def test_retention_at_12_months(kpi_outcome_org):
    outcomes, _ = outcomes_of(scope=Scope(programs=(kpi_outcome_org.program.pk,)), today=TODAY)
    outcome = _by_measure(outcomes)[("retention", 12)]

    # p1 p4 p6 p9 still employed on 1 March 2025 (p5 left that day, p3 and p2 before)
    _participant_rate_ok(outcome, 4, 7)
    # S1 (3, 1 | 4, 3), S2 (2, 1 | 2, 1), S4 (1, 1 | 1, 1)
    assert outcome.matched == 6
    assert outcome.comparison.n == 7
    comparison_rate = 3 / 6 * 3 / 4 + 2 / 6 * 1 / 2 + 1 / 6 * 1
    comparison_var = (3 / 6) ** 2 * (3 / 16) / 4 + (2 / 6) ** 2 * (1 / 4) / 2
    assert outcome.comparison.rate == pytest.approx(comparison_rate)
    assert outcome.comparison.rate == pytest.approx(0.70833, abs=1e-5)
    half = Z95 * math.sqrt(comparison_var)
    assert outcome.comparison.low == pytest.approx(comparison_rate - half)
    assert outcome.comparison.low == pytest.approx(0.39469, abs=1e-5)
    assert comparison_rate + half == pytest.approx(1.02197, abs=1e-5)
    assert outcome.comparison.high == 1.0  # clamped
    difference = 3 / 6 - comparison_rate
    half = Z95 * math.sqrt(0.5 * 0.5 / 6 + comparison_var)
    assert outcome.difference == pytest.approx(difference)
    assert outcome.difference_low == pytest.approx(difference - half)
    assert outcome.difference_high == pytest.approx(difference + half)


def test_promotion_within_12_months(kpi_outcome_org):
    outcomes, _ = outcomes_of(scope=Scope(programs=(kpi_outcome_org.program.pk,)), today=TODAY)
    outcome = _by_measure(outcomes)[("promotion", 12)]

    # p1 (September 2024) and p6 (on the horizon); not p4 (a day after), nor p9 (on the start)
    _participant_rate_ok(outcome, 2, 7)
    # S1 (3, 1 | 4, 1: q3), S2 (2, 0 | 2, 1: q6), S4 (1, 0 | 1, 0)
    assert outcome.matched == 6
    assert outcome.comparison.n == 7
    comparison_rate = 3 / 6 * 1 / 4 + 2 / 6 * 1 / 2 + 1 / 6 * 0
    comparison_var = (3 / 6) ** 2 * (3 / 16) / 4 + (2 / 6) ** 2 * (1 / 4) / 2
    assert outcome.comparison.rate == pytest.approx(comparison_rate)
    assert outcome.comparison.rate == pytest.approx(0.29167, abs=1e-5)
    half = Z95 * math.sqrt(comparison_var)
    assert comparison_rate - half == pytest.approx(-0.02197, abs=1e-5)
    assert outcome.comparison.low == 0.0  # clamped
    assert outcome.comparison.high == pytest.approx(comparison_rate + half)
    participant_rate = 1 / 6  # p1 in S1; p6 is in S3, unmatched
    half = Z95 * math.sqrt(participant_rate * (1 - participant_rate) / 6 + comparison_var)
    assert outcome.difference == pytest.approx(participant_rate - comparison_rate)
    assert outcome.difference_low == pytest.approx(participant_rate - comparison_rate - half)
    assert outcome.difference_high == pytest.approx(participant_rate - comparison_rate + half)


def test_outcomes_come_in_a_fixed_order(kpi_outcome_org):
    outcomes, _ = outcomes_of(scope=Scope(programs=(kpi_outcome_org.program.pk,)), today=TODAY)

    assert [(o.metric, o.months) for o in outcomes] == [
        ("retention", 6),
        ("retention", 12),
        ("promotion", 12),
    ]
    assert not any(o.suppressed for o in outcomes)


# --- horizons -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "measured", "noted"),
    [
        (date(2024, 8, 30), [], ["retention 6", "retention 12", "promotion 12"]),
        (date(2024, 8, 31), ["retention 6"], ["retention 12", "promotion 12"]),
        (date(2025, 2, 28), ["retention 6"], ["retention 12", "promotion 12"]),
        (date(2025, 3, 1), ["retention 6", "retention 12", "promotion 12"], []),
    ],
)
def test_a_horizon_not_yet_reached_is_noted_and_not_measured(
    kpi_outcome_org, today, measured, noted
):
    outcomes, notes = outcomes_of(scope=Scope(programs=(kpi_outcome_org.program.pk,)), today=today)

    assert [f"{o.metric} {o.months}" for o in outcomes] == measured
    horizons = {"retention 6": "31 Aug 2024", "retention 12": "01 Mar 2025"}
    horizons["promotion 12"] = "01 Mar 2025"
    assert notes == [
        f"Outcome program: {m.split()[0]} at {m.split()[1]} months is measurable from "
        f"{horizons[m]}."
        for m in noted
    ]


def test_retention_at_6_months_is_the_same_before_12_months_are_reached(kpi_outcome_org):
    scope = Scope(programs=(kpi_outcome_org.program.pk,))
    early, _ = outcomes_of(scope=scope, today=date(2024, 8, 31))
    late, _ = outcomes_of(scope=scope, today=TODAY)

    assert early[0] == late[0]


@pytest.mark.parametrize("today", [START, date(2024, 2, 1)])
def test_a_program_not_started_yet_has_no_outcomes(kpi_outcome_org, today):
    outcomes, _ = outcomes_of(scope=Scope(programs=(kpi_outcome_org.program.pk,)), today=today)

    assert outcomes == []


def test_a_program_not_started_yet_is_named_in_the_notes(kpi_outcome_org):
    _, notes = outcomes_of(scope=Scope(programs=(kpi_outcome_org.program.pk,)), today=START)

    assert notes == [
        "Outcome program: retention at 6 months is measurable from 31 Aug 2024.",
        "Outcome program: retention at 12 months is measurable from 01 Mar 2025.",
        "Outcome program: promotion at 12 months is measurable from 01 Mar 2025.",
    ]


def test_a_program_without_start_date_is_named_in_the_notes(kpi_outcome_org):
    outcomes, notes = outcomes_of(scope=Scope(programs=(kpi_outcome_org.other.pk,)), today=TODAY)

    assert outcomes == []
    assert len(notes) == 1
    assert "Other program" in notes[0]


def test_a_program_without_start_date_has_no_outcomes(kpi_outcome_org):
    outcomes, _ = outcomes_of(scope=Scope(programs=(kpi_outcome_org.other.pk,)), today=TODAY)

    assert outcomes == []


def test_no_participants_no_outcomes(kpi_outcome_org):
    empty = ProgramFactory(name="Empty", slug="outcome-empty", start_date=START)

    assert outcomes_of(scope=Scope(programs=(empty.pk,)), today=TODAY) == ([], [])
    assert outcomes_of(scope=Scope(programs=()), today=TODAY) == ([], [])


# --- scope filters --------------------------------------------------------------------------


def test_cohort_keeps_the_mentees_of_pairs_started_in_the_quarter(kpi_outcome_org):
    scope = Scope(programs=(kpi_outcome_org.program.pk,), cohort="2024-Q1")
    outcomes, _ = outcomes_of(scope=scope, today=TODAY)
    retention_6 = _by_measure(outcomes)[("retention", 6)]

    # p9's pair started in April: S4 leaves the comparison too
    _participant_rate_ok(retention_6, 5, 6)
    assert retention_6.matched == 5
    assert retention_6.comparison.n == 6
    assert retention_6.comparison.rate == pytest.approx(3 / 5 * 3 / 4 + 2 / 5 * 1)


def test_date_range_keeps_the_mentees_of_pairs_started_in_it(kpi_outcome_org):
    scope = Scope(
        programs=(kpi_outcome_org.program.pk,),
        date_from=date(2024, 4, 1),
        date_to=date(2024, 4, 10),
    )
    outcomes, _ = outcomes_of(scope=scope, today=TODAY)

    # p9 alone (started on 10 April, the last day), against q7
    for outcome in outcomes:
        assert (outcome.participants.n, outcome.matched, outcome.comparison.n) == (1, 1, 1)
    retention_12, promotion = _by_measure(outcomes)[("retention", 12)], outcomes[2]
    assert retention_12.difference == pytest.approx(0.0)
    assert promotion.participants.rate == 0.0
    scope = Scope(programs=(kpi_outcome_org.program.pk,), date_to=date(2024, 4, 9))
    assert outcomes_of(scope=scope, today=TODAY)[0][0].participants.n == 6


def test_department_keeps_people_of_that_department_today(kpi_outcome_org):
    sales = Department.objects.get(name="Sales")
    scope = Scope(programs=(kpi_outcome_org.program.pk,), department_id=sales.pk)
    outcomes, _ = outcomes_of(scope=scope, today=TODAY)

    # p4 only (p5 is in Engineering now), against q5 and q6 (q8 q9 q10 are left out)
    retention_12 = _by_measure(outcomes)[("retention", 12)]
    _participant_rate_ok(retention_12, 1, 1)
    assert (retention_12.matched, retention_12.comparison.n) == (1, 2)
    assert retention_12.comparison.rate == pytest.approx(0.5)


def test_pooled_programs_keep_their_own_strata(kpi_outcome_org):
    """Two programs pool their cells, each against the comparison group at its own start:
    a Later program starting 1 September 2024 with p11 (Eng 3, hired 2023-01-01: 1–3y then)."""
    org = kpi_outcome_org
    later = ProgramFactory(name="Later", slug="outcome-later", start_date=date(2024, 9, 1))
    _person(org, "p11", "Engineering", 3, date(2023, 1, 1))
    _mentee(org, "p11", program=later, started=datetime(2024, 9, 2, tzinfo=UTC))
    scope = Scope(programs=(org.program.pk, later.pk))
    outcomes, notes = outcomes_of(scope=scope, today=TODAY)
    retention_6 = _by_measure(outcomes)[("retention", 6)]

    # Later's 6-month horizon (3 March 2025) has passed, not its 12-month one
    assert notes == [
        "Later: retention at 12 months is measurable from 01 Sep 2025.",
        "Later: promotion at 12 months is measurable from 01 Sep 2025.",
    ]
    # p11 joins as an 8th participant; at Later's start, S1's comparison people are q1 and q4,
    # both still employed in March 2025 (q2 left in June 2024, q3 is 3–5 years by then, q11 is a
    # mentee): the same people can stand in the comparison of each program
    _participant_rate_ok(retention_6, 7, 8)
    assert retention_6.matched == 7
    assert retention_6.comparison.n == 7 + 2
    expected = 3 / 7 * 3 / 4 + 2 / 7 * 1 + 1 / 7 * 1 + 1 / 7 * 1
    assert retention_6.comparison.rate == pytest.approx(expected)
    assert [(o.metric, o.months) for o in outcomes] == [
        ("retention", 6),
        ("retention", 12),
        ("promotion", 12),
    ]
    assert _by_measure(outcomes)[("retention", 12)].participants.n == 7


# --- strata: as of the start --------------------------------------------------------------


@pytest.mark.parametrize(
    ("participant_hired", "comparison_hired", "same_band"),
    [
        (date(2023, 3, 2), date(2024, 3, 1), True),  # both under a year (hired on the start)
        (date(2023, 3, 1), date(2023, 3, 2), False),  # exactly a year is 1–3 years
        (date(2021, 3, 2), date(2023, 3, 1), True),  # 1–3 years
        (date(2021, 3, 1), date(2021, 3, 2), False),  # exactly 3 years is 3–5 years
        (date(2019, 3, 2), date(2021, 3, 1), True),  # 3–5 years
        (date(2019, 3, 1), date(2019, 3, 2), False),  # exactly 5 years is 5 years and more
        (date(2019, 3, 1), date(2001, 1, 1), True),  # 5 years and more
    ],
)
def test_tenure_bands_at_the_start(participant_hired, comparison_hired, same_band):
    program = ProgramFactory(name="Bands", slug="bands", start_date=START)
    org = OutcomeOrg(program=program, other=program)
    _person(org, "t1", "Engineering", 3, participant_hired)
    _person(org, "t2", "Engineering", 3, comparison_hired)
    _mentee(org, "t1")

    outcomes, _ = outcomes_of(scope=Scope(programs=(program.pk,)), today=TODAY)

    assert outcomes[0].participants.n == 1
    assert outcomes[0].matched == (1 if same_band else 0)
    assert outcomes[0].comparison.n == (1 if same_band else 0)


def test_level_and_department_as_of_the_start_come_from_the_job_history():
    """t1 is Sales level 5 today; at the start they were Engineering level 4 (hire record at 3
    in 2022, promoted to 4 in 2023, moved to Sales in May 2024, promoted to 5 in 2025). t2
    matches them as of the start, t3 as of today."""
    program = ProgramFactory(name="History", slug="history", start_date=START)
    org = OutcomeOrg(program=program, other=program)
    eng, sales = "Engineering", "Sales"
    _person(org, "t1", sales, 5, date(2022, 1, 1))
    _change(org, "t1", date(2022, 1, 1), "hire", level=(None, 3), department=(None, eng))
    _change(org, "t1", date(2023, 6, 1), "promotion", level=(3, 4), department=(eng, eng))
    _change(org, "t1", date(2024, 5, 1), "lateral", level=(4, 4), department=(eng, sales))
    _change(org, "t1", date(2025, 1, 1), "promotion", level=(4, 5), department=(sales, sales))
    _mentee(org, "t1")
    _person(org, "t2", eng, 4, date(2022, 2, 1))
    _person(org, "t3", sales, 5, date(2022, 2, 1))

    outcomes, _ = outcomes_of(scope=Scope(programs=(program.pk,)), today=TODAY)

    assert (outcomes[0].matched, outcomes[0].comparison.n) == (1, 1)
    # t1 was promoted within 12 months, t2 was not
    assert outcomes[2].difference == pytest.approx(1.0)


def test_level_as_of_the_start_when_the_only_record_is_a_later_change():
    """A promotion recorded through `job_change_record` on someone without a hire record: the
    level as of the start is the change's from_level, not today's level."""
    program = ProgramFactory(name="Later change", slug="later-change", start_date=START)
    org = OutcomeOrg(program=program, other=program)
    _person(org, "t1", "Engineering", 4, date(2022, 1, 1))
    _change(org, "t1", date(2024, 9, 1), "promotion", level=(3, 4), department=("Engineering",) * 2)
    _mentee(org, "t1")
    _person(org, "t2", "Engineering", 3, date(2022, 2, 1))  # level 3 then, as t1
    _person(org, "t3", "Engineering", 4, date(2022, 2, 1), left=date(2024, 4, 1))  # 4, as t1 now

    outcomes, _ = outcomes_of(scope=Scope(programs=(program.pk,)), today=TODAY)
    retention_6 = outcomes[0]

    # matched with t2 (stayed), not with t3 (left)
    assert (retention_6.matched, retention_6.comparison.n) == (1, 1)
    assert retention_6.comparison.rate == 1.0


def test_department_as_of_the_start_when_the_only_record_is_a_later_move():
    program = ProgramFactory(name="Later move", slug="later-move", start_date=START)
    org = OutcomeOrg(program=program, other=program)
    _person(org, "t1", "Engineering", 3, date(2022, 1, 1))
    _person(org, "t2", "Sales", 3, date(2022, 2, 1))  # Sales then, as t1
    _person(org, "t3", "Engineering", 3, date(2022, 2, 1), left=date(2024, 4, 1))  # as t1 today
    _change(
        org, "t1", date(2024, 6, 1), "lateral", level=(3, 3), department=("Sales", "Engineering")
    )
    _mentee(org, "t1")

    outcomes, _ = outcomes_of(scope=Scope(programs=(program.pk,)), today=TODAY)
    retention_6 = outcomes[0]

    # matched with t2 (stayed), not with t3 (left)
    assert (retention_6.matched, retention_6.comparison.n) == (1, 1)
    assert retention_6.comparison.rate == 1.0


def test_people_outside_employment_at_the_start_are_left_out_of_both_groups(kpi_outcome_org):
    """p7 (hired after), p8 (left before), p10 (no hire date) and q8, q9, q10 count nowhere: the
    groups are 7 participants and 7 comparison people (checked above). Without them the result
    is the same."""
    scope = Scope(programs=(kpi_outcome_org.program.pk,))
    before, _ = outcomes_of(scope=scope, today=TODAY)
    for key in ("p7", "p8", "p10", "q8", "q9", "q10"):
        kpi_outcome_org.people[key].delete()

    after, _ = outcomes_of(scope=scope, today=TODAY)

    assert before == after
    assert before[0].participants.n == 7
