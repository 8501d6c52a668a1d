"""The level and department as of a program's start, read from any job history.

`outcomes._strata` reads each person's history as segments of constant level and department
(window functions over the job changes). This checks it against the rule written out in
plain Python on random histories, with changes that set only some fields, several changes on
one day, and start dates before, on, between and after them."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorpath.analytics.kpis import Scope
from mentorpath.analytics.outcomes import _strata
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.models import JobChange
from tests.factories import DepartmentFactory, EnrollmentFactory, PersonFactory, ProgramFactory

DAYS = [date(2024, 1, 1) + timedelta(days=30 * i) for i in range(6)]
LONG_AGO = date(2010, 1, 1)  # everyone's tenure band is "5 years and more"
OLDEST_BAND = 3

_maybe_level = st.one_of(st.none(), st.integers(1, 4))
_maybe_department = st.one_of(st.none(), st.integers(0, 1))
_change = st.tuples(
    st.sampled_from(DAYS), _maybe_level, _maybe_level, _maybe_department, _maybe_department
)
_person = st.tuples(st.integers(1, 4), st.integers(0, 1), st.lists(_change, max_size=4))


def _as_of(history: list[tuple], start: date, field: int, today_value: int) -> int:
    """The rule, as the docstring of `_strata` states it: the `to_` value of the last change
    on or before the start that sets one (by date, then id); else the `from_` value of the
    first change after it that has one; else today's value."""
    to_index, from_index = field + 1, field
    done = [c for c in history if c[0] <= start and c[to_index] is not None]
    if done:
        return done[-1][to_index]
    later = [c for c in history if c[0] > start and c[from_index] is not None]
    if later:
        return later[0][from_index]
    return today_value


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(people=st.lists(_person, min_size=1, max_size=5), start=st.sampled_from(DAYS[1:-1]))
def test_level_and_department_as_of_the_start_follow_the_job_history(db, people, start):
    with transaction.atomic():
        departments = [DepartmentFactory(name="History A"), DepartmentFactory(name="History B")]
        program = ProgramFactory(start_date=start)
        mentee = PersonFactory(hire_date=LONG_AGO, department=departments[0], level=1)
        _started_pair(program, mentee)
        expected: Counter = Counter()
        for level, department, changes in people:
            person = PersonFactory(hire_date=LONG_AGO, department=departments[department],
                                   level=level)  # fmt: skip
            history = []
            for day, from_level, to_level, from_department, to_department in sorted(
                changes, key=lambda c: c[0]
            ):
                JobChange.objects.create(
                    person=person,
                    kind="lateral",
                    effective_date=day,
                    from_level=from_level,
                    to_level=to_level,
                    from_department=_pick(departments, from_department),
                    to_department=_pick(departments, to_department),
                )  # created in date order, so ids order the changes of one day
                history.append((day, from_level, to_level, from_department, to_department))
            level_then = _as_of(history, start, 1, level)
            department_then = _as_of(history, start, 3, department)
            expected[(departments[department_then].pk, level_then, OLDEST_BAND)] += 1

        _, comparison = _strata({program.pk: start}, Scope(programs=(program.pk,)), {start})

        counted = {stratum: counts["n"] for stratum, counts in comparison[start].items()}
        transaction.set_rollback(True)
    assert counted == dict(expected)


def _pick(departments: list, index: int | None):
    return None if index is None else departments[index]


def _started_pair(program, person) -> None:
    mentor = EnrollmentFactory(program=program, role="mentor", status="approved",
                               person=PersonFactory(hire_date=None))  # fmt: skip
    mentee = EnrollmentFactory(program=program, person=person, role="mentee", status="approved")
    Mentorship.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        status="active",
        source="matching",
        started_at=datetime.combine(program.start_date, time(9), tzinfo=UTC),
    )
