"""Retention and promotion of mentees against non-participants like them.

The comparison is honest about its limits: groups are matched on department, level and tenure
band at the program's start (not on motivation or manager), and every figure carries its
group sizes and a 95% interval so a reader can judge.

Every program in scope is measured by one SQL query (see `_strata`), whatever their number:
the participants of each program and the comparison group of each start date are counted in
the same aggregation, with the job history read through window functions.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import QuerySet

from mentorpath.analytics.kpis import OutcomeComparison, Rate, Scope
from mentorpath.analytics.periods import DAY, aware, quarter_bounds
from mentorpath.analytics.stats import Stratum, standardize, wilson
from mentorpath.mentoring.enums import STARTED_MENTORSHIP
from mentorpath.mentoring.models import Mentorship
from mentorpath.people.enums import JobChangeKind
from mentorpath.people.models import JobChange, Person
from mentorpath.programs.models import Program

HORIZON_DAYS = {6: 183, 12: 365}
"""Outcome horizons in days from the program's start: 6 months = 183 days, 12 = 365."""

TENURE_BANDS = ((1, "<1y"), (3, "1–3y"), (5, "3–5y"))
"""Tenure at the program's start, in years; 5 years and more is the last band."""

MEASURES = (("retention", 6), ("retention", 12), ("promotion", 12))

WORK_MEM = "64MB"
"""PostgreSQL memory for the comparison query's sorts and hashes (SET LOCAL, that query's
transaction only; within a caller's transaction, until its end): at 50k people its ≈ 235k
person × start-date rows spill a 14 MB sort to disk at the default 4MB (3.7 s → 2.2 s
measured under load). The dashboard's rollup unions use it too (`queries._months_and_total`);
its other queries keep the server's setting."""

COMPARISON_CACHE_SECONDS = 7 * 24 * 3600
"""How long a comparison group stays cached: it is looked up by a digest of the people data,
so it is never stale; this only bounds the memory a digest no longer in use holds."""

Strata = dict[tuple, dict[str, int]]
"""(department, level, tenure band) as of a start date → n and successes per measure."""

Outcomes = tuple[list[OutcomeComparison], list[str]]
"""The comparisons measured, and notes on what could not be."""


@dataclass
class _Cells:
    """Per stratum: [participants, successes, comparison, successes] for one outcome."""

    cells: dict[tuple, list[int]]
    participants: int = 0
    successes: int = 0

    def strata(self) -> list[Stratum]:
        return [Stratum(*v) for v in self.cells.values()]


def outcomes_of(*, scope: Scope, today: date) -> Outcomes:
    """Retention at 6 and 12 months and promotion within 12 months of the mentees of each
    program in scope, measured from the program's start date, against the people employed at
    that date who were never mentees, in the same department, level and tenure band (all as
    of that date). Programs without a start date, or whose horizon has not passed, are left
    out and named in the notes. Two queries, whatever the number of programs."""
    programs = list(
        Program.objects.filter(pk__in=scope.programs)
        .order_by("start_date", "pk")
        .values_list("pk", "name", "start_date")
    )
    starts = {pk: start for pk, _, start in programs if start is not None}
    first_horizon = timedelta(days=min(HORIZON_DAYS.values()))
    participants, comparison = _participants_and_comparison(
        starts, scope, measurable={day for day in starts.values() if day + first_horizon <= today}
    )
    pooled = {m: _Cells(cells=defaultdict(lambda: [0, 0, 0, 0])) for m in MEASURES}
    notes: list[str] = []
    for pk, name, start in programs:
        if start is None:
            notes.append(f"{name}: no start date, so retention and promotion are not measured.")
            continue
        strata = participants.get(pk)
        if not strata:
            continue
        others = comparison.get(start, {})
        for metric, months in MEASURES:
            horizon = start + timedelta(days=HORIZON_DAYS[months])
            if horizon > today:
                notes.append(
                    f"{name}: {metric} at {months} months is measurable from {horizon:%d %b %Y}."
                )
                continue
            key = f"{metric}_{months}"
            cells = pooled[(metric, months)]
            for stratum, counts in strata.items():
                cell = cells.cells[(pk, *stratum)]
                cell[0] += counts["n"]
                cell[1] += counts[key]
                cells.participants += counts["n"]
                cells.successes += counts[key]
                other = others.get(stratum)
                if other:
                    cell[2] += other["n"]
                    cell[3] += other[key]
    outcomes = []
    for (metric, months), cells in pooled.items():
        if cells.participants == 0:
            continue
        interval = wilson(cells.successes, cells.participants)
        result = standardize(cells.strata())
        outcomes.append(
            OutcomeComparison(
                metric=metric,
                months=months,
                participants=Rate(
                    n=cells.participants,
                    rate=cells.successes / cells.participants,
                    low=interval[0] if interval else None,
                    high=interval[1] if interval else None,
                ),
                comparison=Rate(
                    n=result.comparison_people,
                    rate=result.comparison_rate,
                    low=result.comparison_low,
                    high=result.comparison_high,
                ),
                matched=result.matched,
                difference=result.difference,
                difference_low=result.difference_low,
                difference_high=result.difference_high,
            )
        )
    return outcomes, notes


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


def _members(program_ids: list[int], scope: Scope) -> tuple[str, tuple]:
    """(program, person) of the mentees of the pairs of these programs that started (in the
    cohort's quarter and the date range when the scope has them)."""
    pairs = Mentorship.objects.filter(program__in=program_ids, status__in=STARTED_MENTORSHIP)
    if scope.cohort:
        start, end = quarter_bounds(scope.cohort)
        pairs = pairs.filter(started_at__gte=start, started_at__lt=end)
    if scope.date_from:
        pairs = pairs.filter(started_at__gte=aware(scope.date_from))
    if scope.date_to:
        pairs = pairs.filter(started_at__lt=aware(scope.date_to + DAY))
    return _sql(pairs.values_list("program_id", "mentee__person_id").distinct().order_by())


def _participants_and_comparison(
    starts: dict[int, date], scope: Scope, measurable: set[date]
) -> tuple[dict[int, Strata], dict[date, Strata]]:
    """`_strata`, reused while the people data it was counted from has not changed (see
    `_people_fingerprint`): the whole result for the same programs and filters, and else the
    comparison group of each start date, which is most of the work and the same for every
    filter but the department. Comparison groups are counted only at the `measurable` start
    dates (whose first horizon has passed): no figure compares with the others."""
    fingerprint = _people_fingerprint()
    whole_key = f"analytics:strata:v2:{fingerprint}:{_scope_key(starts, scope, measurable)}"
    if fingerprint is not None and (found := cache.get(whole_key)) is not None:
        return found
    keys = {
        day: f"analytics:comparison:v1:{day}:{scope.department_id or 0}:{fingerprint}"
        for day in set(starts.values()) & measurable
    }
    known: dict[date, Strata] = {}
    if fingerprint is not None:
        known = {day: found for day, key in keys.items() if (found := cache.get(key)) is not None}
    participants, comparison = _strata(starts, scope, compare=set(keys) - set(known))
    if fingerprint is not None:
        measured = {starts[pk] for pk in participants}  # a day without participants is skipped
        for day in measured & (set(keys) - set(known)):
            cache.set(keys[day], dict(comparison.get(day, {})), COMPARISON_CACHE_SECONDS)
    result = dict(participants), {**comparison, **known}
    if fingerprint is not None:
        cache.set(whole_key, result, COMPARISON_CACHE_SECONDS)
    return result


def _scope_key(starts: dict[int, date], scope: Scope, measurable: set[date]) -> str:
    """What, besides the people data, decides who the participants and the comparison
    groups are."""
    described = (sorted(starts.items()), sorted(measurable), scope.department_id, scope.cohort,
                 scope.date_from, scope.date_to)  # fmt: skip
    return hashlib.sha256(repr(described).encode()).hexdigest()[:32]


def _people_fingerprint() -> str | None:
    """A digest of everything the participants and a comparison group are counted from:
    each person's department, level and dates, the job history, and the started pairs (their
    program, start and mentee). Any change to them gives another digest (sums of 64-bit
    hashes of each row as text, NULLs included: one pass over each table, 40–70 ms at 50,000
    people). PostgreSQL only; elsewhere nothing is kept."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT
                (SELECT count(*) || ':' || COALESCE(sum(hashtextextended(ROW(
                    id, department_id, level, hire_date, termination_date)::text, 0)), 0)
                 FROM people_person),
                (SELECT count(*) || ':' || COALESCE(sum(hashtextextended(ROW(
                    id, person_id, kind, effective_date, from_level, to_level,
                    from_department_id, to_department_id)::text, 0)), 0)
                 FROM people_jobchange),
                (SELECT count(*) || ':' || COALESCE(sum(hashtextextended(ROW(
                    m.id, m.program_id, m.started_at, e.person_id)::text, 0)), 0)
                 FROM mentoring_mentorship m JOIN programs_enrollment e ON e.id = m.mentee_id
                 WHERE m.status = ANY(%s))
            """,
            [list(STARTED_MENTORSHIP)],
        )
        row = cursor.fetchone()
    return hashlib.sha256("/".join(row).encode()).hexdigest()[:32]


def _strata(
    starts: dict[int, date], scope: Scope, compare: set[date]
) -> tuple[dict[int, Strata], dict[date, Strata]]:
    """The participants of each program (by program) and the comparison group of each start
    date (by date), counted per stratum as of that date, in one query.

    Who: participants are the mentees of the program's started pairs; the comparison group is
    everyone who never was the mentee of a started pair (counted only at the start dates of
    programs with participants). Both are cut to the scope's
    department (today's) and to the people employed on the start date (hired on or before it,
    not left by it).

    As of the start: the level (and the department) is the `to_` value of the person's last
    job change on or before it that sets one (by date, then id); else the `from_` value of
    the first change after it that has one; else today's value. The job history is read
    once into segments, per person, between the days of their changes, each with the level
    and department it holds (window functions over one sort), so the state as of a date is
    one range join. Tenure band: hired after the date 1, 3 or 5 years before the start (28
    February for 29 February).

    How it stays fast: people without job changes (most of them) are counted in groups of
    one department and level whose hire and termination dates fall between the same two of
    the dates the strata and outcomes compare with (`_bucket`), so they cost one row per
    group and start date, not per person; people with changes, and participants, get a row
    per start date. Comparison groups are counted only at `compare`, the dates someone will
    compare with.

    Outcomes: retained at 6 or 12 months = not left by the horizon (a termination date is the
    first day not employed); promoted = a promotion after the start, up to the 12-month
    horizon included."""
    if not starts:
        return {}, {}
    ops = connection.ops
    days = sorted(set(starts.values()))
    start_rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(days))
    start_params: list[Any] = []
    for day in days:
        start_params += [
            ops.adapt_datefield_value(d)
            for d in (
                day,
                day + timedelta(days=HORIZON_DAYS[6]),
                day + timedelta(days=HORIZON_DAYS[12]),
                *(_years_before(day, years) for years, _ in TENURE_BANDS),
            )
        ]
    program_rows = ", ".join(["(%s, %s)"] * len(starts))
    program_params: list[Any] = []
    for pk, day in starts.items():
        program_params += [pk, ops.adapt_datefield_value(day)]
    members, member_params = _members(list(starts), scope)
    mentees, mentee_params = _sql(
        Mentorship.objects.filter(status__in=STARTED_MENTORSHIP)
        .values_list("mentee__person_id")
        .order_by()
    )
    q = ops.quote_name
    person, change = q(Person._meta.db_table), q(JobChange._meta.db_table)
    department, department_params = "", []
    if scope.department_id:
        department, department_params = "AND p.department_id = %s", [scope.department_id]

    compared, compare_params = "1 = 0", []
    hire_thresholds: set[date] = set()
    leave_thresholds: set[date] = set()
    for day in compare:
        hire_thresholds |= {day, *(_years_before(day, years) for years, _ in TENURE_BANDS)}
        leave_thresholds |= {day, *(day + timedelta(days=d) for d in HORIZON_DAYS.values())}
    if compare:
        compared = f"s.start_day IN ({', '.join(['%s'] * len(compare))})"
        compare_params = [ops.adapt_datefield_value(day) for day in sorted(compare)]
    tenure = """CASE
            WHEN c.hire_date > c.hired_1y THEN 0
            WHEN c.hire_date > c.hired_3y THEN 1
            WHEN c.hire_date > c.hired_5y THEN 2
            ELSE 3
        END"""
    retained_6 = (
        "CASE WHEN c.termination_date IS NULL OR c.termination_date > c.day_6m THEN 1 ELSE 0 END"
    )
    retained_12 = (
        "CASE WHEN c.termination_date IS NULL OR c.termination_date > c.day_12m THEN 1 ELSE 0 END"
    )

    def participants(changed: bool) -> str:
        """The participants, one row per program, whose job history has or has not any
        change; with their department and level at the program's start."""
        if changed:
            then = """COALESCE(g.department_id, p.department_id) AS department_then,
        COALESCE(g.level, p.level) AS level_then"""
            history = f"JOIN segments g ON g.person_id = p.id AND {held_then('g')}"
        else:
            then = "p.department_id AS department_then, p.level AS level_then"
            history = "AND NOT EXISTS (SELECT 1 FROM changed WHERE changed.person_id = p.id)"
        return f"""
    SELECT pr.program_id, s.*, p.id AS person_id, {then}, p.hire_date, p.termination_date
    FROM members m
    JOIN programs pr ON pr.program_id = m.program_id
    JOIN starts s ON s.start_day = pr.start_day
    JOIN {person} p ON p.id = m.person_id
        AND p.hire_date <= s.start_day
        AND (p.termination_date IS NULL OR p.termination_date > s.start_day)
        {department}
    {history}
"""

    def employed_then(rows: str, held: str = "") -> str:
        """`rows` (with hire and termination dates) beside each start date compared at which
        they were employed (and `held`, when given)."""
        return f"""
    SELECT s.*, c.*
    FROM starts s CROSS JOIN {rows} c
    WHERE {compared}
        AND EXISTS (
            SELECT 1 FROM members m JOIN programs pr ON pr.program_id = m.program_id
            WHERE pr.start_day = s.start_day
        )
        AND c.hire_date <= s.start_day
        AND (c.termination_date IS NULL OR c.termination_date > s.start_day)
        {f"AND {held}" if held else ""}
"""

    def last(column: str, frame: str) -> str:
        """The value of `column` in the frame's last step that has one: steps and values
        packed into one integer so that one sort serves every carried value."""
        return f"MAX(step * {_STEP} + {column}) OVER {frame} %% {_STEP}"

    def first(column: str, frame: str) -> str:
        return f"MIN(step * {_STEP} + {column}) OVER {frame} %% {_STEP}"

    def held_then(segment: str) -> str:
        """The `segment` (a row with `since` and `until`) holds on the start date."""
        return f"""({segment}.since IS NULL OR {segment}.since <= s.start_day)
        AND ({segment}.until IS NULL OR {segment}.until > s.start_day)"""

    never_mentee = "NOT EXISTS (SELECT 1 FROM mentees WHERE mentees.person_id = p.id)"
    hire_bucket, hire_params = _bucket("p.hire_date", hire_thresholds)
    leave_bucket, leave_params = _bucket("p.termination_date", leave_thresholds)

    sql = f"""
WITH starts (start_day, day_6m, day_12m, hired_1y, hired_3y, hired_5y) AS (
    VALUES {start_rows}
),
programs (program_id, start_day) AS (VALUES {program_rows}),
members (program_id, person_id) AS ({members}),
mentees (person_id) AS ({mentees}),
changed (person_id) AS (SELECT DISTINCT person_id FROM {change}),
ordered AS (
    SELECT person_id, effective_date, to_level, from_level, to_department_id,
        from_department_id,
        ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY effective_date, id) AS step
    FROM {change}
),
steps AS (
    SELECT person_id, effective_date, step = 1 AS opens, from_level, from_department_id,
        LEAD(effective_date) OVER done AS next_day,
        {last("to_level", "done")} AS level_to,
        {last("to_department_id", "done")} AS department_to,
        {first("from_level", "later")} AS level_from_next,
        {first("from_department_id", "later")} AS department_from_next
    FROM ordered
    WINDOW done AS (PARTITION BY person_id ORDER BY step),
        later AS (done ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
),
segments (person_id, since, until, level, department_id) AS (
    SELECT person_id, CAST(NULL AS date), effective_date,
        COALESCE(from_level, level_from_next), COALESCE(from_department_id, department_from_next)
    FROM steps WHERE opens
    UNION ALL
    SELECT person_id, effective_date, next_day, COALESCE(level_to, level_from_next),
        COALESCE(department_to, department_from_next)
    FROM steps WHERE next_day IS NULL OR next_day > effective_date
),
others_changed AS (
    SELECT p.id AS person_id, COALESCE(g.department_id, p.department_id) AS department_then,
        COALESCE(g.level, p.level) AS level_then, p.hire_date, p.termination_date, g.since,
        g.until
    FROM {person} p JOIN segments g ON g.person_id = p.id
    WHERE {never_mentee}
        {department}
),
cases_changed AS (
    {participants(changed=True)}
    UNION ALL
    SELECT NULL, c.start_day, c.day_6m, c.day_12m, c.hired_1y, c.hired_3y, c.hired_5y,
        c.person_id, c.department_then, c.level_then, c.hire_date, c.termination_date
    FROM ({employed_then("others_changed", held_then("c"))}) c
),
cases_unchanged AS ({participants(changed=False)}),
others_unchanged AS (
    SELECT p.department_id, p.level, MIN(p.hire_date) AS hire_date,
        MIN(p.termination_date) AS termination_date, COUNT(*) AS n
    FROM {person} p
    WHERE {never_mentee}
        AND NOT EXISTS (SELECT 1 FROM changed WHERE changed.person_id = p.id)
        {department}
    GROUP BY p.department_id, p.level, {hire_bucket}, {leave_bucket}
),
promoted (person_id, start_day) AS (
    SELECT DISTINCT j.person_id, s.start_day
    FROM {change} j JOIN starts s
        ON j.effective_date > s.start_day AND j.effective_date <= s.day_12m
    WHERE j.kind = %s
),
people AS (
    SELECT
        c.program_id,
        c.start_day,
        c.department_then,
        c.level_then,
        {tenure} AS tenure,
        1 AS n,
        {retained_6} AS retention_6,
        {retained_12} AS retention_12,
        CASE WHEN pm.person_id IS NULL THEN 0 ELSE 1 END AS promotion_12
    FROM cases_changed c
    LEFT JOIN promoted pm ON pm.person_id = c.person_id AND pm.start_day = c.start_day
    UNION ALL
    SELECT c.program_id, c.start_day, c.department_then, c.level_then, {tenure}, COUNT(*),
        SUM({retained_6}), SUM({retained_12}), 0
    FROM cases_unchanged c
    GROUP BY c.program_id, c.start_day, c.department_then, c.level_then, {tenure}
    UNION ALL
    SELECT NULL, c.start_day, c.department_id, c.level, {tenure}, SUM(c.n),
        SUM(c.n * {retained_6}), SUM(c.n * {retained_12}), 0
    FROM ({employed_then("others_unchanged")}) c
    GROUP BY c.start_day, c.department_id, c.level, {tenure}
)
SELECT program_id, start_day, department_then, level_then, tenure, CAST(SUM(n) AS bigint),
    CAST(SUM(retention_6) AS bigint), CAST(SUM(retention_12) AS bigint),
    CAST(SUM(promotion_12) AS bigint)
FROM people
GROUP BY program_id, start_day, department_then, level_then, tenure
ORDER BY COALESCE(department_then, 0), COALESCE(level_then, 0), tenure
"""
    params = (
        *start_params,
        *program_params,
        *member_params,
        *mentee_params,
        *department_params,  # others_changed
        *department_params,  # cases_changed: participants
        *compare_params,
        *department_params,  # cases_unchanged
        *department_params,  # others_unchanged
        *hire_params,
        *leave_params,
        JobChangeKind.PROMOTION.value,
        *compare_params,
    )
    participants: dict[int, Strata] = defaultdict(dict)
    comparison: dict[date, Strata] = defaultdict(dict)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute(sql, params)
        for program_id, day, dept, level, tenure, n, r6, r12, promoted in cursor.fetchall():
            counts = {"n": n, "retention_6": r6, "retention_12": r12, "promotion_12": promoted}
            if program_id is None:
                comparison[_date(day)][(dept, level, tenure)] = counts
            else:
                participants[program_id][(dept, level, tenure)] = counts
    return participants, comparison


_STEP = 2**32
"""Packs a job change's step and a level (a positive small integer) or a department id (below
2³²) into one integer: ordered by step, and the value back as the remainder."""


def _bucket(column: str, after: set[date]) -> tuple[str, list[Any]]:
    """SQL numbering the interval that `column` falls in between the days after the dates of
    `after`: all dates in one interval compare alike with each of those dates (`column > d`,
    `column <= d`), so people of one department and level in one interval can be counted as
    a group. NULL stays NULL."""
    bounds = sorted(day + DAY for day in after)
    ops = connection.ops
    if connection.vendor == "postgresql":
        return f"width_bucket({column}, %s::date[])", [bounds]
    if not bounds:
        return "NULL", []  # not 0, which GROUP BY would read as a column's position
    terms = " + ".join([f"({column} >= %s)"] * len(bounds))
    return f"({terms})", [ops.adapt_datefield_value(day) for day in bounds]


def _date(value: date | str) -> date:
    """A date read back from a raw query (SQLite returns its text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)
