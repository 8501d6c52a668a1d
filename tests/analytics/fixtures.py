"""A small hand-built organization whose every KPI is worked out by hand in test_queries.py.

Every date is explicit (UTC, the settings' time zone) and `NOW` is passed to `dashboard()`, so no
figure depends on the clock. `created_at` is set with `.update()` after creation (auto_now_add).

Programs
  Compass  (P1) start 2025-01-01, weekly cadence
  Bridge   (P2) start 2025-10-01, monthly cadence
  Elsewhere (P3) never in scope: its rows must not leak into any figure

People (department, level now, location, gender; hire date)
  m1 Eng 7 Berlin woman      mentor in P1 and P2 (two enrollments)
  m2 Sales 6 Lisbon man      mentor in P1
  m3 Eng 8 Berlin man        mentor in P2
  e1 Eng 4 Berlin woman      P1 mentee, pair A active;   hired 2022-03-01 at level 3, promoted
                             to 4 on 2025-09-01 (level 3 at P1's start)
  e2 Eng 2 Berlin man        P1 mentee, pair B completed; hired 2024-06-01, left 2025-12-01
  e3 Sales 2 Lisbon —        P1 mentee, pair C ended early; hired 2019-05-01, left 2025-05-01
  e4 Sales 3 Lisbon non-bin. P1 mentee, pair D declined: waiting
  e5 Eng 1 Berlin woman      P1 mentee, never proposed: waiting
  e6 Eng 3 Berlin —          P1 mentee, enrollment pending: not counted anywhere
  e7 Eng 2 Lisbon woman      P2 mentee, pair E active (no agreement: P2's monthly cadence)
  e8 Sales 4 Berlin man      P2 mentee, pair F paused
  e9 — 2 — —                 P2 mentee, pair G proposed (not waiting, not matched)
  e10 Sales 2 Lisbon woman   P1 mentee, pair H active (agreement every 7 days); hired after
                             P1's start, so not a participant of P1's outcomes
  c1 Eng 3, hired 2022-06-01, never enrolled: comparison for e1's stratum, stays
  c2 Sales 2, hired 2018-01-01, never enrolled: comparison for e3's stratum, left 2025-03-01
  x1 Eng 3 in P3 only (mentee of pair X, with a held check-in, a pulse and an NPS answer)
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from mentorpath.feedback.models import (
    PulseRating,
    SkillAssessment,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from mentorpath.mentoring.models import Agreement, CheckIn, Goal, Mentorship
from mentorpath.people.models import JobChange, Person
from mentorpath.programs.models import Enrollment, Program
from tests.factories import (
    DepartmentFactory,
    EnrollmentFactory,
    LocationFactory,
    ObjectiveFactory,
    PersonFactory,
    ProgramFactory,
    SkillFactory,
)

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 15)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class KpiOrg:
    p1: Program
    p2: Program
    p3: Program
    people: dict[str, Person] = field(default_factory=dict)
    enrollments: dict[str, Enrollment] = field(default_factory=dict)
    pairs: dict[str, Mentorship] = field(default_factory=dict)
    checkins: dict[str, CheckIn] = field(default_factory=dict)


def person(
    org: KpiOrg,
    key: str,
    department: str | None,
    level: int,
    location: str | None,
    gender: str = "",
    hire_date: date | None = None,
    termination_date: date | None = None,
) -> Person:
    org.people[key] = PersonFactory(
        employee_id=f"KPI-{key}",
        email=f"{key}@kpi.example.com",
        first_name=key.upper(),
        last_name="Kpi",
        department=DepartmentFactory(name=department) if department else None,
        level=level,
        location=LocationFactory(name=location) if location else None,
        gender=gender,
        hire_date=hire_date,
        termination_date=termination_date,
    )
    return org.people[key]


def enroll(
    org: KpiOrg,
    key: str,
    program: Program,
    role: str,
    created: datetime,
    decided: datetime | None = None,
    status: str = "approved",
) -> Enrollment:
    enrollment = EnrollmentFactory(
        program=program, person=org.people[key], role=role, status=status, decided_at=decided
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(created_at=created)
    org.enrollments[f"{key}@{program.slug}"] = enrollment
    return enrollment


def pair(
    org: KpiOrg,
    key: str,
    program: Program,
    mentor: str,
    mentee: str,
    status: str,
    proposed: datetime,
    started: datetime | None = None,
    ended: datetime | None = None,
    rhythm_days: int | None = None,
) -> Mentorship:
    mentorship = Mentorship.objects.create(
        program=program,
        mentor=org.enrollments[f"{mentor}@{program.slug}"],
        mentee=org.enrollments[f"{mentee}@{program.slug}"],
        status=status,
        source="matching",
        started_at=started,
        ended_at=ended,
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(created_at=proposed)
    if rhythm_days is not None:
        Agreement.objects.create(
            mentorship=mentorship,
            expectations="Meet and prepare.",
            meeting_rhythm=f"Every {rhythm_days} days.",
            confidentiality="Between us.",
            how_to_end="Talk first.",
            rhythm_days=rhythm_days,
        )
    org.pairs[key] = mentorship
    return mentorship


def checkin(
    org: KpiOrg,
    key: str,
    pair_key: str,
    starts_at: datetime,
    status: str,
    held_minutes: int | None,
    by: str,
    invited: datetime,
    responded: datetime | None,
) -> CheckIn:
    mentorship = org.pairs[pair_key]
    scheduler = mentorship.mentee.person if by == "mentee" else mentorship.mentor.person
    row = CheckIn.objects.create(
        mentorship=mentorship,
        starts_at=starts_at,
        time_zone="UTC",
        status=status,
        scheduled_by=scheduler,
        invited_at=invited,
        responded_at=responded,
        held_minutes=held_minutes,
    )
    org.checkins[key] = row
    return row


def pulse(org: KpiOrg, checkin_key: str, who: str, role: str, rating: int, created: datetime):
    row = PulseRating.objects.create(
        checkin=org.checkins[checkin_key], person=org.people[who], role=role, rating=rating
    )
    PulseRating.objects.filter(pk=row.pk).update(created_at=created)


def goal(pair_key: str, org: KpiOrg, status: str, progress: int) -> Goal:
    return Goal.objects.create(
        mentorship=org.pairs[pair_key],
        title=f"Goal {status} {progress}",
        description="Lead the planning.",
        measure="The plan is accepted.",
        target_date=date(2026, 6, 30),
        status=status,
        progress=progress,
    )


def assess(org: KpiOrg, pair_key: str, skill, phase: str, level: int, rater_role: str = "self"):
    SkillAssessment.objects.create(
        mentorship=org.pairs[pair_key], skill=skill, phase=phase, rater_role=rater_role, level=level
    )


def answer(survey: Survey, org: KpiOrg, who: str, role: str, answers: dict, submitted):
    response = SurveyResponse.objects.create(
        survey=survey,
        person=org.people[who],
        role=role,
        asked_at=at(2025, 1, 1),
        submitted_at=submitted,
    )
    for question, number in answers.items():
        SurveyAnswer.objects.create(response=response, question=question, number=number)


def build_kpi_org() -> KpiOrg:
    org = KpiOrg(
        p1=ProgramFactory(
            name="Compass", slug="compass", start_date=date(2025, 1, 1), checkin_cadence="weekly"
        ),
        p2=ProgramFactory(
            name="Bridge", slug="bridge", start_date=date(2025, 10, 1), checkin_cadence="monthly"
        ),
        p3=ProgramFactory(name="Elsewhere", slug="elsewhere", start_date=date(2024, 1, 1)),
    )
    p1, p2, p3 = org.p1, org.p2, org.p3
    eng, sales = "Engineering", "Sales"
    person(org, "m1", eng, 7, "Berlin", "woman")
    person(org, "m2", sales, 6, "Lisbon", "man")
    person(org, "m3", eng, 8, "Berlin", "man")
    person(org, "e1", eng, 4, "Berlin", "woman", date(2022, 3, 1))
    person(org, "e2", eng, 2, "Berlin", "man", date(2024, 6, 1), date(2025, 12, 1))
    person(org, "e3", sales, 2, "Lisbon", "", date(2019, 5, 1), date(2025, 5, 1))
    person(org, "e4", sales, 3, "Lisbon", "non_binary")
    person(org, "e5", eng, 1, "Berlin", "woman")
    person(org, "e6", eng, 3, "Berlin")
    person(org, "e7", eng, 2, "Lisbon", "woman", date(2024, 1, 1))
    person(org, "e8", sales, 4, "Berlin", "man", date(2024, 1, 1))
    person(org, "e9", None, 2, None)
    person(org, "e10", sales, 2, "Lisbon", "woman", date(2025, 6, 1))
    person(org, "c1", eng, 3, "Berlin", "", date(2022, 6, 1))
    person(org, "c2", sales, 2, "Lisbon", "", date(2018, 1, 1), date(2025, 3, 1))
    person(org, "x1", eng, 3, "Berlin", "man")
    person(org, "x2", eng, 7, "Berlin", "man")

    # e1's history: hired at level 3, promoted to 4 within P1's first 12 months
    engineering = DepartmentFactory(name=eng)
    JobChange.objects.create(
        person=org.people["e1"],
        effective_date=date(2022, 3, 1),
        kind="hire",
        to_level=3,
        to_department=engineering,
    )
    JobChange.objects.create(
        person=org.people["e1"],
        effective_date=date(2025, 9, 1),
        kind="promotion",
        from_level=3,
        to_level=4,
        from_department=engineering,
        to_department=engineering,
    )

    # enrollments: created (and decided) on explicit days
    enroll(org, "m1", p1, "mentor", at(2025, 1, 5))
    enroll(org, "m2", p1, "mentor", at(2025, 1, 5))
    enroll(org, "e1", p1, "mentee", at(2025, 1, 6), at(2025, 1, 10))
    enroll(org, "e2", p1, "mentee", at(2025, 1, 6), at(2025, 1, 11))
    enroll(org, "e3", p1, "mentee", at(2025, 1, 20))  # approved on enrolling: no decision
    enroll(org, "e4", p1, "mentee", at(2025, 1, 20), at(2025, 1, 25))
    enroll(org, "e5", p1, "mentee", at(2025, 12, 1), at(2025, 12, 2))
    enroll(org, "e6", p1, "mentee", at(2025, 12, 1), status="pending")
    enroll(org, "e10", p1, "mentee", at(2025, 12, 20), at(2025, 12, 21, 12))
    enroll(org, "m1", p2, "mentor", at(2025, 9, 1))
    enroll(org, "m3", p2, "mentor", at(2025, 9, 1))
    enroll(org, "e7", p2, "mentee", at(2025, 9, 10), at(2025, 9, 12))
    enroll(org, "e8", p2, "mentee", at(2025, 9, 10), at(2025, 9, 12))
    enroll(org, "e9", p2, "mentee", at(2026, 2, 20), at(2026, 2, 21))
    enroll(org, "x2", p3, "mentor", at(2025, 1, 5))
    enroll(org, "x1", p3, "mentee", at(2025, 1, 5), at(2025, 1, 6))

    # pairs
    pair(org, "A", p1, "m1", "e1", "active", at(2025, 1, 20), at(2025, 2, 1), rhythm_days=14)
    pair(org, "B", p1, "m1", "e2", "completed", at(2025, 1, 21), at(2025, 2, 10), at(2025, 8, 10))
    pair(
        org,
        "C",
        p1,
        "m2",
        "e3",
        "ended_early",
        at(2025, 2, 20),
        at(2025, 3, 1),
        at(2025, 5, 1),
        rhythm_days=14,
    )
    pair(org, "D", p1, "m2", "e4", "declined", at(2025, 2, 15))
    pair(org, "E", p2, "m3", "e7", "active", at(2025, 10, 20), at(2025, 11, 1))
    pair(org, "F", p2, "m3", "e8", "paused", at(2025, 10, 1), at(2025, 10, 15))
    pair(org, "G", p2, "m3", "e9", "proposed", at(2026, 3, 1))
    pair(org, "H", p1, "m1", "e10", "active", at(2026, 1, 5), at(2026, 1, 10), rhythm_days=7)
    pair(org, "X", p3, "x2", "x1", "active", at(2025, 1, 10), at(2025, 1, 15))

    # check-ins: key, pair, start, status, minutes held, who invited, when, hours to answer
    checkins = [
        ("a1", "A", at(2025, 3, 1, 10), "held", 60, "mentee", at(2025, 2, 25, 10), 6),
        ("a2", "A", at(2026, 3, 5, 10), "held", 45, "mentor", at(2026, 3, 1, 10), 1),
        ("a3", "A", at(2026, 3, 10, 10), "missed", None, "mentee", at(2026, 3, 8, 10), None),
        ("a4", "A", at(2026, 3, 20, 10), "scheduled", None, "mentee", at(2026, 3, 14, 12), 12),
        ("b1", "B", at(2025, 3, 15, 10), "held", 30, "mentee", at(2025, 3, 10, 9), 24),
        ("b2", "B", at(2025, 6, 15, 10), "held", 90, "mentor", at(2025, 6, 1, 10), None),
        ("c1", "C", at(2025, 4, 1, 10), "held", 45, "mentee", at(2025, 3, 25, 10), 3.5),
        ("c2", "C", at(2025, 4, 20, 10), "cancelled", None, "mentee", at(2025, 4, 10, 10), None),
        ("e1", "E", at(2026, 2, 1, 10), "held", 60, "mentee", at(2026, 1, 25, 10), 9),
        ("e2", "E", at(2026, 2, 20, 10), "held", 35, "mentor", at(2026, 2, 10, 10), None),
        ("f1", "F", at(2025, 12, 1, 10), "held", 50, "mentee", at(2025, 11, 28, 10), 2),
        ("h1", "H", at(2026, 3, 5, 10), "held", 40, "mentor", at(2026, 3, 1, 10), None),
        ("x1", "X", at(2026, 3, 1, 10), "held", 120, "mentee", at(2026, 2, 20, 10), 1),
    ]
    for key, pair_key, starts_at, status, minutes, by, invited, hours in checkins:
        responded = None if hours is None else invited + timedelta(hours=hours)
        checkin(org, key, pair_key, starts_at, status, minutes, by, invited, responded)

    # pulses, two hours after each check-in started
    pulse(org, "a1", "e1", "mentee", 5, at(2025, 3, 1, 12))
    pulse(org, "a1", "m1", "mentor", 4, at(2025, 3, 1, 12))
    pulse(org, "b1", "e2", "mentee", 3, at(2025, 3, 15, 12))
    pulse(org, "c1", "e3", "mentee", 2, at(2025, 4, 1, 12))
    pulse(org, "e1", "e7", "mentee", 4, at(2026, 2, 1, 12))
    pulse(org, "e1", "m3", "mentor", 5, at(2026, 2, 1, 12))
    pulse(org, "h1", "e10", "mentee", 4, at(2026, 3, 5, 12))
    pulse(org, "x1", "x1", "mentee", 1, at(2026, 3, 1, 12))

    # goals (pairs A, B, C, E; one dropped)
    goal("A", org, "done", 100)
    goal("A", org, "on_track", 40)
    goal("A", org, "dropped", 10)
    goal("B", org, "done", 100)
    goal("C", org, "at_risk", 20)
    goal("E", org, "not_started", 0)
    goal("D", org, "done", 100)  # a declined pair never started: not counted
    goal("X", org, "done", 100)  # another program

    # self-ratings at the start and the end of goal skills
    negotiation = SkillFactory(name="Negotiation")
    speaking = SkillFactory(name="Public speaking")
    delegation = SkillFactory(name="Delegation")
    assess(org, "A", negotiation, "start", 2)
    assess(org, "A", negotiation, "end", 4)
    assess(org, "A", speaking, "start", 3)
    assess(org, "A", speaking, "end", 3)
    assess(org, "A", delegation, "start", 1, rater_role="mentor")  # the mentor's: not counted
    assess(org, "A", delegation, "end", 5, rater_role="mentor")
    assess(org, "B", negotiation, "start", 1)
    assess(org, "B", negotiation, "end", 2)
    assess(org, "B", delegation, "end", 4)  # no start rating: not counted
    assess(org, "C", delegation, "start", 2)  # no end rating: not counted
    assess(org, "E", negotiation, "start", 3)
    assess(org, "E", negotiation, "end", 5)
    assess(org, "X", negotiation, "start", 1)  # another program
    assess(org, "X", negotiation, "end", 5)

    # surveys: NPS answers (0–10) count; the rating question and unsubmitted answers don't
    s1 = Survey.objects.create(program=p1, title="Compass midpoint", trigger="midpoint")
    s1_nps = SurveyQuestion.objects.create(survey=s1, kind="nps", text="Recommend?", order=0)
    s1_rating = SurveyQuestion.objects.create(survey=s1, kind="rating", text="Useful?", order=1)
    answer(s1, org, "e1", "mentee", {s1_nps: 10, s1_rating: 5}, at(2025, 6, 1, 9))
    answer(s1, org, "e2", "mentee", {s1_nps: 9, s1_rating: 1}, at(2025, 6, 2, 9))
    answer(s1, org, "e3", "mentee", {s1_nps: 6}, at(2025, 6, 3, 9))
    answer(s1, org, "m1", "mentor", {s1_nps: 8}, at(2025, 6, 4, 9))
    answer(s1, org, "m2", "mentor", {s1_nps: 0}, at(2025, 6, 5, 9))
    answer(s1, org, "e4", "mentee", {s1_nps: 10}, None)  # asked, saved, never submitted
    s2 = Survey.objects.create(program=p2, title="Bridge check", trigger="first_checkin")
    s2_nps = SurveyQuestion.objects.create(survey=s2, kind="nps", text="Recommend?", order=0)
    answer(s2, org, "e7", "mentee", {s2_nps: 7}, at(2026, 2, 15, 9))
    answer(s2, org, "m3", "mentor", {s2_nps: 9}, at(2026, 2, 15, 10))
    s3 = Survey.objects.create(program=p3, title="Elsewhere", trigger="end")
    s3_nps = SurveyQuestion.objects.create(survey=s3, kind="nps", text="Recommend?", order=0)
    answer(s3, org, "x1", "mentee", {s3_nps: 0}, at(2026, 2, 15, 9))

    # objectives of Compass: the first objective of a KPI (by order) is its target
    ObjectiveFactory(program=p1, kpi="retention_12m", comparator="gte", target=90, order=0)
    ObjectiveFactory(program=p1, title="Later", kpi="retention_12m", target=10, order=5)
    ObjectiveFactory(program=p1, title="Meet", kpi="engagement", comparator="gte", target=50)
    ObjectiveFactory(program=p1, title="Finish", kpi="completion", comparator="lte", target=60)
    ObjectiveFactory(program=p1, title="Liked", kpi="satisfaction", comparator="lte", target=3)
    ObjectiveFactory(program=p1, title="Bench", kpi="pipeline", comparator="gte", target=4)
    ObjectiveFactory(program=p2, title="Bridge keeps", kpi="retention_12m", target=80)
    return org
