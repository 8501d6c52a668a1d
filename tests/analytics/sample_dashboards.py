"""Hand-built dashboards for the page, CSV and PDF tests: known figures, some groups small.

`sample()` has every kind of figure: KPIs with and without targets (on and off target), a KPI
standing on 3 people, outcomes (one within the margin of error, one clearly higher, one on a
small group), trends with a small month, breakdowns with a small row and skills.
"""

from decimal import Decimal

from mentorpath.analytics.kpis import (
    KPI_ORDER,
    Breakdown,
    BreakdownRow,
    Dashboard,
    KpiValue,
    OutcomeComparison,
    Rate,
    Scope,
    Series,
    SkillGrowthRow,
    Target,
)

KPI_KEYS = list(KPI_ORDER)

RETENTION_TARGET = Target(
    objective="Keep our early talent",
    comparator="gte",
    value=Decimal("90"),
    text="Mentee 12-month retention (%) at least 90",
)
ENGAGEMENT_TARGET = Target(
    objective="Pairs keep meeting",
    comparator="gte",
    value=Decimal("80"),
    text="Pairs meeting on cadence (%) at least 80",
)

# key: (label, value, unit, n, target)
FIGURES = {
    "mentors": ("Mentors", 23, "", 23, None),
    "mentees": ("Mentees", 41, "", 41, None),
    "mentee_ratio": ("Mentees per mentor", 1.78, "", 23, None),
    "waiting": ("Mentees waiting for a match", 6, "", 41, None),
    "match_rate": ("Mentees matched", 85.4, "%", 41, None),
    "time_to_match": ("Days to a match", 12.5, "days", 35, None),
    "acceptance_rate": ("Proposals accepted", 91.7, "%", 36, None),
    "checkins_per_pair_month": ("Check-ins", 1.6, "per pair per month", 33, None),
    "engagement": ("Pairs meeting within their rhythm", 72.7, "%", 33, ENGAGEMENT_TARGET),
    "goal_completion": ("Goals achieved", 38.2, "%", 55, None),
    "goal_progress": ("Average goal progress", 57.3, "%", 55, None),
    "satisfaction": ("Satisfaction", 4.3, "/5", 29, None),
    "nps": ("Net promoter score", 42.0, "NPS", 29, None),
    "skill_growth": ("Skill growth", 0.8, "levels", 3, None),  # a small group
    "completion": ("Pairs completing", 66.7, "%", 12, None),
    "retention_6m": ("Mentee 6-month retention", 95.1, "%", 41, None),
    "retention_12m": ("Mentee 12-month retention", 92.6, "%", 27, RETENTION_TARGET),
    "promotion_rate": ("Mentees promoted within 12 months", 18.5, "%", 27, None),
    "mentor_hours": ("Mentor hours", 148.5, "hours", 23, None),
    "mentor_response_hours": ("Mentor response time", 20.0, "hours", 23, None),
    "mentor_response_rate": ("Mentor invitations answered", 96.0, "%", 23, None),
}


def kpis() -> tuple[KpiValue, ...]:
    return tuple(
        KpiValue(key, label, value, unit, n, target)
        for key, (label, value, unit, n, target) in FIGURES.items()
    )


OUTCOMES = (
    OutcomeComparison(
        metric="retention",
        months=6,
        participants=Rate(n=41, rate=0.951, low=0.839, high=0.987),
        comparison=Rate(n=380, rate=0.912, low=0.881, high=0.943),
        matched=40,
        difference=0.039,
        difference_low=-0.031,
        difference_high=0.109,
    ),
    OutcomeComparison(
        metric="retention",
        months=12,
        participants=Rate(n=27, rate=0.926, low=0.766, high=0.979),
        comparison=Rate(n=300, rate=0.781, low=0.735, high=0.827),
        matched=27,
        difference=0.145,
        difference_low=0.038,
        difference_high=0.252,
    ),
    OutcomeComparison(
        metric="promotion",
        months=12,
        participants=Rate(n=4, rate=0.5, low=0.15, high=0.85),
        comparison=Rate(n=300, rate=0.12, low=0.083, high=0.157),
        matched=4,
        difference=0.38,
        difference_low=-0.11,
        difference_high=0.87,
    ),
)

LABELS = ("2025-05", "2025-06", "2025-07", "2025-08")
TRENDS = (
    Series("pairs_started", "Pairs started", "", LABELS, (7.0, 12.0, 3.0, 0.0), (7, 12, 3, 0)),
    Series("checkins_held", "Check-ins held", "", LABELS, (9.0, 25.0, 31.0, 28.0), (9, 25, 31, 28)),
    Series(
        "pulse_average",
        "Average check-in rating",
        "/5",
        LABELS,
        (4.4, 4.1, 3.5, None),
        (6, 14, 2, 0),
    ),
)

BREAKDOWNS = (
    Breakdown(
        "department",
        "Department",
        (
            BreakdownRow("Engineering", 10, 18),
            BreakdownRow("Sales", 9, 19),
            BreakdownRow("Legal", 4, 4),  # small: hidden from executives
        ),
    ),
    Breakdown("level", "Level", (BreakdownRow("2", 0, 25), BreakdownRow("6", 23, 16))),
    Breakdown(
        "location", "Location", (BreakdownRow("Berlin", 12, 20), BreakdownRow("Lisbon", 11, 21))
    ),
    Breakdown(
        "gender",
        "Gender",
        (
            BreakdownRow("Woman", 12, 22),
            BreakdownRow("Man", 10, 17),
            BreakdownRow("Not recorded", 1, 2),
        ),
    ),
)

SKILLS = (
    SkillGrowthRow("Negotiation", 12, 2.1, 3.0),
    SkillGrowthRow("Public speaking", 2, 1.5, 3.5),  # small
)


def sample(programs: tuple[int, ...] = (1,), **scope) -> Dashboard:
    return Dashboard(
        scope=Scope(programs=programs, **scope),
        kpis=kpis(),
        outcomes=OUTCOMES,
        trends=TRENDS,
        breakdowns=BREAKDOWNS,
        notes=("Survey figures count answers from the last 12 months.",),
        skills=SKILLS,
    )
