"""The analytics API: who may read KPIs, over which programs, in which copy, and its filters.

The fixture: Career Compass started 400 days ago; its one pair started 60 days ago and held
two 45-minute check-ins, rated 4 by the mentee and 2 by the mentor. The mentee (Engineering,
level 2, hired 1,000 days ago) is still employed; of four non-participants like her, one left
100 days after the program's start."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorpath.analytics.permissions import REFUSED
from mentorpath.analytics.stats import Stratum, standardize, wilson
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import Person
from mentorpath.programs.models import Program
from tests.factories import (
    DepartmentFactory,
    ObjectiveFactory,
    PersonFactory,
    ProgramFactory,
    PulseRatingFactory,
)
from tests.factories.feedback import held_checkin

pytestmark = pytest.mark.django_db

KPIS = "/analytics/kpis"
PARTICIPANTS_AND_OUTSIDERS = ["mentor_user", "mentee_user", "outsider_user"]
SATISFACTION_TARGET = {
    "objective": "Useful check-ins",
    "comparator": "gte",
    "value": 4.0,
    "text": "Participant satisfaction (1–5) at least 4",
}
RETENTION_TARGET = {
    "objective": "Keep early-career talent",
    "comparator": "gte",
    "value": 95.0,
    "text": "Mentee 12-month retention (%) at least 95",
}


@pytest.fixture
def history(program, pair, mentee_user):
    today = timezone.localdate()
    start = today - timedelta(days=400)
    Program.objects.filter(pk=program.pk).update(start_date=start)
    Mentorship.objects.filter(pk=pair.pk).update(started_at=timezone.now() - timedelta(days=60))
    hired = today - timedelta(days=1000)
    mentee = mentee_user.person
    Person.objects.filter(pk=mentee.pk).update(hire_date=hired)
    for i in range(4):
        PersonFactory(
            department=mentee.department,
            level=2,
            hire_date=hired,
            termination_date=start + timedelta(days=100) if i == 0 else None,
        )
    first, second = held_checkin(pair, days_ago=40), held_checkin(pair, days_ago=10)
    PulseRatingFactory(checkin=first, rating=4)
    PulseRatingFactory(checkin=second, person=pair.mentor.person, role="mentor", rating=2)
    ObjectiveFactory(
        program=program, title="Useful check-ins", kpi="satisfaction", comparator="gte", target=4
    )
    return program


def kpi(body: dict, key: str) -> dict:
    return next(item for item in body["kpis"] if item["key"] == key)


def brief(item: dict) -> tuple:
    return (item["value"], item["n"], item["on_target"], item["suppressed"])


def outcome(body: dict, metric: str, months: int) -> dict:
    return next(o for o in body["outcomes"] if (o["metric"], o["months"]) == (metric, months))


def rate(n, value, interval) -> dict:
    low, high = interval
    return {"n": n, "rate": value, "low": pytest.approx(low), "high": pytest.approx(high)}


def comparison(successes: int, n: int, *, participants: int = 1, participant_successes: int = 1):
    return standardize([Stratum(participants, participant_successes, n, successes)])


# --- who may read ------------------------------------------------------------------------------


def test_kpis_are_401_anonymously(api_as):
    response = api_as(None).get(KPIS)

    assert response.status_code == 401


@pytest.mark.parametrize("persona", PARTICIPANTS_AND_OUTSIDERS)
def test_kpis_are_403_for_participants_and_outsiders(request, api_as, history, persona):
    response = api_as(request.getfixturevalue(persona)).get(KPIS)

    assert response.status_code == 403
    assert response.json() == {"detail": REFUSED, "errors": {}}


def test_an_admin_reads_the_programs_figures_with_their_targets(api_as, history, admin_user):
    response = api_as(admin_user).get(KPIS, program="career-compass")

    body = response.json()
    assert response.status_code == 200
    assert body["scope"] == {
        "programs": [{"id": history.pk, "slug": "career-compass", "name": "Career Compass"}],
        "department_id": None,
        "cohort": None,
        "date_from": None,
        "date_to": None,
    }
    assert body["suppressed"] is False
    assert [item["key"] for item in body["kpis"]][:4] == [
        "mentors",
        "mentees",
        "mentee_ratio",
        "waiting",
    ]
    assert len(body["kpis"]) == 22  # the 21 of the program and "pipeline", for an admin
    assert kpi(body, "mentors") == {
        "key": "mentors",
        "label": "Mentors",
        "value": 1.0,
        "unit": "",
        "n": 1,
        "target": None,
        "on_target": None,
        "suppressed": False,
    }
    assert brief(kpi(body, "match_rate")) == (100.0, 1, None, False)
    assert brief(kpi(body, "mentor_hours")) == (1.5, 1, None, False)
    assert kpi(body, "satisfaction") == {
        "key": "satisfaction",
        "label": "Average check-in rating",
        "value": 3.0,
        "unit": "/5",
        "n": 2,
        "target": SATISFACTION_TARGET,
        "on_target": False,
        "suppressed": False,
    }
    assert kpi(body, "retention_12m")["target"] == RETENTION_TARGET
    assert brief(kpi(body, "retention_12m")) == (100.0, 1, True, False)
    assert brief(kpi(body, "promotion_rate")) == (0.0, 1, None, False)
    assert brief(kpi(body, "nps")) == (None, 0, None, False)
    assert body["notes"] == []


def test_outcomes_compare_the_mentees_with_people_like_them(api_as, history, admin_user):
    body = api_as(admin_user).get(KPIS, program="career-compass").json()

    stayed = comparison(3, 4)
    assert [(o["metric"], o["months"]) for o in body["outcomes"]] == [
        ("retention", 6),
        ("retention", 12),
        ("promotion", 12),
    ]
    assert outcome(body, "retention", 6) == {
        "metric": "retention",
        "months": 6,
        "participants": rate(1, 1.0, wilson(1, 1)),
        "comparison": rate(4, 0.75, (stayed.comparison_low, stayed.comparison_high)),
        "matched": 1,
        "difference": pytest.approx(0.25),
        "difference_low": pytest.approx(stayed.difference_low),
        "difference_high": pytest.approx(stayed.difference_high),
        "suppressed": False,
    }
    promoted = outcome(body, "promotion", 12)
    assert (promoted["participants"]["rate"], promoted["comparison"]["rate"]) == (0.0, 0.0)
    assert promoted["difference"] == 0.0


def test_a_manager_reads_only_the_programs_they_manage(api_as, history, manager_user, admin_user):
    ProgramFactory(name="Another program", slug="another")

    mine = api_as(manager_user).get(KPIS).json()
    everything = api_as(admin_user).get(KPIS).json()

    assert [p["slug"] for p in mine["scope"]["programs"]] == ["career-compass"]
    assert [p["slug"] for p in everything["scope"]["programs"]] == [
        "another",
        "career-compass",
    ]
    assert brief(kpi(mine, "satisfaction")) == (3.0, 2, False, False)
    # Targets belong to one program: with several in scope there are none.
    assert kpi(everything, "satisfaction")["target"] is None


@pytest.mark.parametrize("slug", ["another", "no-such-program"])
def test_a_manager_asking_for_a_program_not_theirs_gets_400(api_as, history, manager_user, slug):
    ProgramFactory(name="Another program", slug="another")

    response = api_as(manager_user).get(KPIS, program=slug)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "No program of yours has this slug.",
        "errors": {"program": "No program of yours has this slug."},
    }


def test_executives_read_every_program_in_the_suppressed_copy(api_as, history, executive_user):
    ProgramFactory(name="Another program", slug="another")

    response = api_as(executive_user).get(KPIS)

    body = response.json()
    assert response.status_code == 200
    assert body["suppressed"] is True
    assert [p["slug"] for p in body["scope"]["programs"]] == ["another", "career-compass"]
    assert kpi(body, "mentors") == {
        "key": "mentors",
        "label": "Mentors",
        "value": None,
        "unit": "",
        "n": None,
        "target": None,
        "on_target": None,
        "suppressed": True,
    }
    assert brief(kpi(body, "satisfaction")) == (None, None, None, True)
    # A figure standing on nobody is not a small group: it stays, empty.
    assert brief(kpi(body, "nps")) == (None, 0, None, False)
    hidden = {"n": None, "rate": None, "low": None, "high": None}
    assert outcome(body, "retention", 6) == {
        "metric": "retention",
        "months": 6,
        "participants": hidden,
        "comparison": hidden,
        "matched": None,
        "difference": None,
        "difference_low": None,
        "difference_high": None,
        "suppressed": True,
    }


def test_an_executive_who_manages_the_program_still_reads_the_suppressed_copy(
    api_as, history, executive_user
):
    history.managers.add(executive_user)

    body = api_as(executive_user).get(KPIS, program="career-compass").json()

    assert body["suppressed"] is True
    assert brief(kpi(body, "satisfaction")) == (None, None, None, True)


def test_kpis_work_with_an_api_token(token_api, history, manager_user):
    response = token_api(manager_user).get(KPIS)

    assert response.status_code == 200


# --- filters -----------------------------------------------------------------------------------


def test_the_department_filter_counts_its_people_only(api_as, history, admin_user, mentee_user):
    sales = DepartmentFactory(name="Sales")

    own = api_as(admin_user).get(KPIS, department=mentee_user.person.department_id).json()
    other = api_as(admin_user).get(KPIS, department=sales.pk).json()

    assert own["scope"]["department_id"] == mentee_user.person.department_id
    assert brief(kpi(own, "mentees")) == (1.0, 1, None, False)
    assert brief(kpi(other, "mentees")) == (0.0, 0, None, False)
    assert brief(kpi(other, "satisfaction")) == (None, 0, None, False)


def test_a_cohort_without_pairs_has_no_pair_figures(api_as, history, admin_user):
    body = api_as(admin_user).get(KPIS, program="career-compass", cohort="2001-Q1").json()

    assert body["scope"]["cohort"] == "2001-Q1"
    assert brief(kpi(body, "satisfaction")) == (None, 0, None, False)
    assert brief(kpi(body, "mentor_hours"))[1] == 0


def test_a_period_before_the_checkins_has_no_ratings(api_as, history, admin_user):
    today = timezone.localdate()
    earlier = {
        "date_from": (today - timedelta(days=100)).isoformat(),
        "date_to": (today - timedelta(days=50)).isoformat(),
    }

    body = api_as(admin_user).get(KPIS, program="career-compass", **earlier).json()

    assert (body["scope"]["date_from"], body["scope"]["date_to"]) == (
        earlier["date_from"],
        earlier["date_to"],
    )
    assert brief(kpi(body, "satisfaction")) == (None, 0, None, False)


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"department": 999999}, {"department": "No department has this id."}),
        (
            {"date_from": "2025-03-01", "date_to": "2025-02-01"},
            {"date_to": "The end date is before the start date."},
        ),
        ({"date_from": "1900-01-01"}, {"date_from": "Choose a date between 1990 and 2100."}),
        ({"cohort": "0001-Q1"}, {"cohort": "Give a quarter such as 2025-Q3."}),
        (
            {"program": "nope", "department": 999999},
            {
                "program": "No program of yours has this slug.",
                "department": "No department has this id.",
            },
        ),
    ],
)
def test_filters_that_make_no_sense_are_400(api_as, history, admin_user, params, errors):
    response = api_as(admin_user).get(KPIS, **params)

    assert response.status_code == 400
    assert response.json()["errors"] == errors


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cohort": "2025-Q5"}, "cohort"),
        ({"date_to": "2025-02-30"}, "date_to"),
        ({"department": "sales"}, "department"),
        ({"program": "a b"}, "program"),
    ],
)
def test_malformed_filters_are_422(api_as, history, admin_user, params, field):
    response = api_as(admin_user).get(KPIS, **params)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_a_refused_caller_learns_nothing_from_bad_filters(api_as, history, outsider_user):
    response = api_as(outsider_user).get(KPIS, program="career-compass", department=999999)

    assert response.status_code == 403
