"""Plan an import in memory: parse and check every row against the file and the people
already stored, and work out what would change. Nothing here writes; `writing` applies a
plan that has no errors.

Everything is loaded once into dicts (people by employee id, departments and locations by
name), so checking 100,000 rows runs no query per row.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from mentorpath.hris.enums import PersonField
from mentorpath.hris.reading import Row, display
from mentorpath.people.enums import Gender, JobChangeKind
from mentorpath.people.models import Department, Location, Person
from mentorpath.privacy.tombstones import erased_employee_id_digests, identity_digest

F = PersonField
#: The person fields an import compares and writes, in the order changes are shown.
COMPARED = (
    "first_name",
    "last_name",
    "email",
    "title",
    "department",
    "location",
    "level",
    "manager_employee_id",
    "hire_date",
    "termination_date",
    "time_zone",
    "gender",
)
REQUIRED_FOR_NEW = ("first_name", "last_name", "email")
MAX_LENGTH = {
    "employee_id": 40,
    "first_name": 80,
    "last_name": 80,
    "email": 254,
    "title": 120,
    "department": 120,
    "manager_employee_id": 40,
}
GENDERS = {
    **{value: value for value in Gender.values},
    **{label.casefold(): value for value, label in Gender.choices},
    "f": Gender.WOMAN,
    "female": Gender.WOMAN,
    "w": Gender.WOMAN,
    "m": Gender.MAN,
    "male": Gender.MAN,
    "nb": Gender.NON_BINARY,
    "non-binary": Gender.NON_BINARY,
    "nonbinary": Gender.NON_BINARY,
    "x": Gender.NON_BINARY,
    "undisclosed": Gender.UNDISCLOSED,
    "prefer not to say": Gender.UNDISCLOSED,
}
SHOWN = 200  # rows of each kind of change kept for the dry-run page
MAX_ERRORS = 10_000  # errors kept; the count is always exact
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class Existing:
    """What is stored now: people by employee id, departments and locations by name."""

    people: dict[str, tuple[Any, ...]]  # employee id → PERSON_COLUMNS values
    emp_of_pk: dict[int, str]
    departments: dict[str, tuple[int, str]]  # casefolded name → (id, name)
    locations: dict[str, tuple[int, str, str]]  # casefolded name → (id, name, time zone)
    erased: frozenset[str] = frozenset()  # digests of the employee ids of erased people

    @property
    def department_names(self) -> dict[int, str]:
        return dict(self.departments.values())

    @property
    def location_names(self) -> dict[int, str]:
        return {pk: name for pk, name, _ in self.locations.values()}


PERSON_COLUMNS = (
    "pk",
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "title",
    "department_id",
    "location_id",
    "level",
    "manager_id",
    "hire_date",
    "termination_date",
    "time_zone",
    "gender",
)
P = {name: index for index, name in enumerate(PERSON_COLUMNS)}


def load_existing() -> Existing:
    people: dict[str, tuple[Any, ...]] = {}
    emp_of_pk: dict[int, str] = {}
    for values in Person.objects.order_by().values_list(*PERSON_COLUMNS).iterator(chunk_size=5000):
        people[values[1]] = values
        emp_of_pk[values[0]] = values[1]
    departments = {
        name.casefold(): (pk, name) for pk, name in Department.objects.values_list("pk", "name")
    }
    locations = {
        name.casefold(): (pk, name, tz)
        for pk, name, tz in Location.objects.values_list("pk", "name", "time_zone")
    }
    return Existing(people, emp_of_pk, departments, locations, erased_employee_id_digests())


@dataclass
class Plan:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    #: employee id → target values (COMPARED fields, plus row and effective_date)
    creates: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: employee id → (pk, target values, {field: (before, after)})
    updates: dict[str, tuple[int, dict[str, Any], dict[str, tuple[Any, Any]]]] = field(
        default_factory=dict
    )
    unchanged: int = 0
    terminated: list[str] = field(default_factory=list)
    job_changes: list[dict[str, Any]] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)
    #: rows of people erased on request, skipped (their employee ids are not kept)
    erased_rows: list[int] = field(default_factory=list)

    def add_error(self, row: int, column: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, reason))

    @property
    def counts(self) -> dict[str, int]:
        kinds = [change["kind"] for change in self.job_changes]
        return {
            "rows": self.rows,
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "terminated": len(self.terminated),
            "hires": kinds.count(JobChangeKind.HIRE),
            "job_changes": sum(
                kind not in (JobChangeKind.HIRE, JobChangeKind.TERMINATION) for kind in kinds
            ),
            "new_departments": len(self.new_departments),
            "erased_skipped": len(self.erased_rows),
            "errors": self.error_count,
        }

    def summary(self) -> dict[str, Any]:
        """What the dry-run page shows: a few rows of each kind of change (counts are exact)."""

        def person(emp: str, values: dict[str, Any]) -> dict[str, Any]:
            return {
                "row": values["row"],
                "employee_id": emp,
                "name": f"{values['first_name']} {values['last_name']}",
            }

        created = [
            {**person(emp, values), "title": values["title"], "department": values["department"]}
            for emp, values in list(self.creates.items())[:SHOWN]
        ]
        updated = [
            {
                **person(emp, values),
                "changes": [
                    {"field": name, "before": _shown(before), "after": _shown(after)}
                    for name, (before, after) in changed.items()
                ],
            }
            for emp, (_, values, changed) in list(self.updates.items())[:SHOWN]
        ]
        changes = [
            {
                **{k: _shown(v) for k, v in change.items() if k != "values"},
                "name": change["name"],
            }
            for change in self.job_changes
            if change["kind"] not in (JobChangeKind.HIRE,)
        ][:SHOWN]
        return {
            "created": created,
            "updated": updated,
            "job_changes": changes,
            "new_departments": self.new_departments[:SHOWN],
            "erased_rows": self.erased_rows[:SHOWN],
        }


def _shown(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


# Cell parsers: (value, error). An empty cell gives the field's "empty" value.


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    return display(raw)


def _date(raw: Any) -> tuple[date | None, str]:
    if raw is None:
        return None, ""
    if isinstance(raw, datetime):
        return raw.date(), ""
    if isinstance(raw, date):
        return raw, ""
    text = str(raw).strip()
    if not text:
        return None, ""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text), ""
    except ValueError:
        return None, f"“{text}” is not a date; write dates as YYYY-MM-DD (e.g. 2024-03-31)."


def _level(raw: Any) -> tuple[int | None, str]:
    text = _text(raw)
    if not text:
        return None, ""
    try:
        number = float(text)
    except ValueError:
        number = 0.5
    if not number.is_integer() or not 1 <= number <= 12:
        return None, f"“{text}” is not a level: use a whole number from 1 to 12."
    return int(number), ""


def parse_rows(
    rows: Iterable[Row], headers: list[str], mapping: list[str], existing: Existing, plan: Plan
) -> dict[str, dict[str, Any]]:
    """Each row's values by employee id, reporting every bad cell and duplicate id."""
    columns = [
        (index, name, headers[index]) for index, name in enumerate(mapping) if name != F.IGNORE
    ]
    column_of = {name: header for _, name, header in columns}
    id_index = mapping.index(F.EMPLOYEE_ID)
    time_zones = _time_zones()
    records: dict[str, dict[str, Any]] = {}
    emails: dict[str, int] = {}
    for number, cells in rows:
        plan.rows += 1
        width = len(cells)
        emp = _text(cells[id_index]) if id_index < width else ""
        if not emp:
            plan.add_error(number, headers[id_index], "The employee id is missing.")
            continue
        if len(emp) > 40:
            plan.add_error(number, headers[id_index], "An employee id has at most 40 characters.")
            continue
        if existing.erased and identity_digest(emp) in existing.erased:
            plan.erased_rows.append(number)
            continue
        if emp in records:
            plan.add_error(
                number,
                headers[id_index],
                f"Employee id {emp} is also on row {records[emp]['row']}.",
            )
            continue
        record: dict[str, Any] = {"row": number}
        bad: set[str] = set()
        for index, name, header in columns:
            if name == F.EMPLOYEE_ID:
                continue
            raw = cells[index] if index < width else None
            error = ""
            value: Any
            if name in (F.HIRE_DATE, F.TERMINATION_DATE, F.EFFECTIVE_DATE):
                value, error = _date(raw)
            elif name == F.LEVEL:
                value, error = _level(raw)
            else:
                value = _text(raw)
                limit = MAX_LENGTH.get(name)
                if limit and len(value) > limit:
                    error = f"At most {limit} characters."
                elif name in REQUIRED_FOR_NEW and not value and emp in existing.people:
                    error = f"The {F(name).label.lower()} is missing."
                elif name == F.EMAIL and value:
                    try:
                        validate_email(value)
                    except ValidationError:
                        error = f"“{value}” is not a valid email address."
                    else:
                        first = emails.setdefault(value.casefold(), number)
                        if first != number:
                            error = f"The email {value} is also on row {first}."
                elif name == F.LOCATION:
                    if value and value.casefold() not in existing.locations:
                        error = f"There is no location “{value}”; add it first or fix the name."
                    value = value or None
                elif name == F.DEPARTMENT or name == F.MANAGER_EMPLOYEE_ID:
                    value = value or None
                elif name == F.TIME_ZONE:
                    if value and value not in time_zones:
                        error = (
                            f"“{value}” is not a time zone; use an IANA name such as Europe/Berlin."
                        )
                    value = value or None
                elif name == F.GENDER:
                    gender = GENDERS.get(value.casefold()) if value else ""
                    if gender is None:
                        options = ", ".join(label for _, label in Gender.choices)
                        error = f"“{value}” is not a gender this app records ({options}, or empty)."
                    value = gender or ""
            if error:
                plan.add_error(number, header, error)
                bad.add(name)
            else:
                record[name] = value
        if emp not in existing.people:
            for name in REQUIRED_FOR_NEW:
                if not record.get(name) and name not in bad:
                    column = column_of.get(name) or f"{F(name).label} (no column mapped)"
                    plan.add_error(
                        number,
                        column,
                        f"The {F(name).label.lower()} is missing: {emp} is a new person.",
                    )
        records[emp] = record
    return records


def _current(
    values: tuple[Any, ...], existing: Existing, names: dict[str, dict[int, str]]
) -> dict[str, Any]:
    return {
        "first_name": values[P["first_name"]],
        "last_name": values[P["last_name"]],
        "email": values[P["email"]],
        "title": values[P["title"]],
        "department": names["department"].get(values[P["department_id"]]),
        "location": names["location"].get(values[P["location_id"]]),
        "level": values[P["level"]],
        "manager_employee_id": existing.emp_of_pk.get(values[P["manager_id"]]),
        "hire_date": values[P["hire_date"]],
        "termination_date": values[P["termination_date"]],
        "time_zone": values[P["time_zone"]],
        "gender": values[P["gender"]],
    }


def check_references(
    records: dict[str, dict[str, Any]],
    headers: list[str],
    mapping: list[str],
    existing: Existing,
    plan: Plan,
) -> None:
    """Emails taken by someone else, termination before hire, unknown managers, cycles."""
    column_of = {name: headers[index] for index, name in enumerate(mapping)}
    people = existing.people
    if F.EMAIL in column_of:
        owner = {values[P["email"]].casefold(): emp for emp, values in people.items()}
        for emp, record in records.items():
            email = record.get("email")
            if not email:
                continue
            holder = owner.get(email.casefold())
            if holder is None or holder == emp:
                continue
            moving = records.get(holder, {}).get("email")
            if moving is None or moving.casefold() == email.casefold():
                plan.add_error(
                    record["row"],
                    column_of[F.EMAIL],
                    f"The email {email} belongs to employee {holder}.",
                )
    if F.TERMINATION_DATE in column_of:
        for emp, record in records.items():
            ended = record.get("termination_date")
            hired = (
                record["hire_date"]
                if "hire_date" in record
                else (people[emp][P["hire_date"]] if emp in people else None)
            )
            if ended and hired and ended < hired:
                plan.add_error(
                    record["row"],
                    column_of[F.TERMINATION_DATE],
                    f"The termination date {ended.isoformat()} is before the hire date "
                    f"{hired.isoformat()}.",
                )
    if F.MANAGER_EMPLOYEE_ID not in column_of:
        return
    header = column_of[F.MANAGER_EMPLOYEE_ID]
    manager_of: dict[str, str | None] = {
        emp: existing.emp_of_pk.get(values[P["manager_id"]]) for emp, values in people.items()
    }
    for emp, record in records.items():
        manager = record.get("manager_employee_id")
        if manager is None:
            manager_of[emp] = None
            continue
        if manager == emp:
            plan.add_error(record["row"], header, "A person cannot be their own manager.")
            manager_of[emp] = None
        elif manager not in records and identity_digest(manager) in existing.erased:
            plan.add_error(
                record["row"],
                header,
                f"Employee {manager} was erased on request and is not imported: leave the "
                "manager empty or name another.",
            )
            manager_of[emp] = None
        elif manager not in records and manager not in people:
            plan.add_error(
                record["row"],
                header,
                f"There is no employee {manager}, in the file or already stored.",
            )
            manager_of[emp] = None
        else:
            manager_of[emp] = manager
    # Walk each reporting line up once: a line that comes back to itself is a loop.
    state: dict[str, int] = {}  # 1 on the current walk, 2 done
    for start in records:
        path: list[str] = []
        cursor: str | None = start
        while cursor is not None and cursor not in state:
            state[cursor] = 1
            path.append(cursor)
            cursor = manager_of.get(cursor)
        if cursor is not None and state.get(cursor) == 1:
            loop = path[path.index(cursor) :]
            described = " → ".join([*loop, loop[0]])
            for member in loop:
                if member in records:
                    plan.add_error(
                        records[member]["row"],
                        header,
                        f"The reporting line loops: {described}.",
                    )
        for member in path:
            state[member] = 2


def diff(
    records: dict[str, dict[str, Any]], existing: Existing, plan: Plan, *, today: date
) -> None:
    """Creates, updates (field by field), terminations, job changes and new departments."""
    names = {"department": existing.department_names, "location": existing.location_names}
    new_departments: dict[str, str] = {}

    def department(name: str | None) -> str | None:
        if name is None:
            return None
        key = name.casefold()
        found = existing.departments.get(key)
        if found:
            return found[1]
        if key not in new_departments:
            new_departments[key] = name
            plan.new_departments.append(name)
        return new_departments[key]

    def location(name: str | None) -> tuple[str | None, str | None]:
        if name is None:
            return None, None
        found = existing.locations.get(name.casefold())
        return (found[1], found[2]) if found else (name, None)

    for emp, record in records.items():
        row = record["row"]
        stored = existing.people.get(emp)
        location_name, location_tz = location(record.get("location"))
        if stored is None:
            values = {
                "row": row,
                "first_name": record.get("first_name", ""),
                "last_name": record.get("last_name", ""),
                "email": record.get("email", ""),
                "title": record.get("title", ""),
                "department": department(record.get("department")),
                "location": location_name,
                "level": record.get("level") or 1,
                "manager_employee_id": record.get("manager_employee_id"),
                "hire_date": record.get("hire_date"),
                "termination_date": record.get("termination_date"),
                "time_zone": record.get("time_zone") or location_tz or "UTC",
                "gender": record.get("gender", ""),
            }
            plan.creates[emp] = values
            if values["hire_date"]:
                plan.job_changes.append(
                    _change(emp, values, JobChangeKind.HIRE, values["hire_date"], None, values)
                )
            if values["termination_date"]:
                plan.terminated.append(emp)
                plan.job_changes.append(
                    _change(
                        emp,
                        values,
                        JobChangeKind.TERMINATION,
                        values["termination_date"],
                        values,
                        values,
                    )
                )
            continue
        before = _current(stored, existing, names)
        after = dict(before)
        for name in COMPARED:
            if name not in record:
                continue
            value = record[name]
            if name == "department":
                value = department(value)
            elif name == "location":
                value = location_name
            elif name in ("level", "time_zone") and value is None:
                continue  # empty: keep what is stored
            after[name] = value
        changed = {
            name: (before[name], after[name]) for name in COMPARED if before[name] != after[name]
        }
        if not changed:
            plan.unchanged += 1
            continue
        after["row"] = row
        plan.updates[emp] = (stored[P["pk"]], after, changed)
        kind = None
        if "level" in changed:
            kind = (
                JobChangeKind.PROMOTION
                if after["level"] > before["level"]
                else JobChangeKind.DEMOTION
            )
        elif "department" in changed:
            kind = JobChangeKind.LATERAL
        elif "title" in changed:
            kind = JobChangeKind.TITLE
        if kind:
            plan.job_changes.append(
                _change(emp, after, kind, record.get("effective_date") or today, before, after)
            )
        if before["termination_date"] is None and after["termination_date"] is not None:
            plan.terminated.append(emp)
            plan.job_changes.append(
                _change(
                    emp, after, JobChangeKind.TERMINATION, after["termination_date"], after, after
                )
            )


def _change(
    emp: str,
    values: dict[str, Any],
    kind: str,
    effective: date,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> dict[str, Any]:
    return {
        "row": values["row"],
        "employee_id": emp,
        "name": f"{values['first_name']} {values['last_name']}",
        "kind": str(kind),
        "effective_date": effective,
        "from_title": before["title"] if before else "",
        "to_title": after["title"],
        "from_level": before["level"] if before else None,
        "to_level": after["level"],
        "from_department": before["department"] if before else None,
        "to_department": after["department"],
    }


def plan_import(
    rows: Iterable[Row],
    *,
    headers: list[str],
    mapping: list[str],
    existing: Existing,
    today: date,
) -> Plan:
    plan = Plan()
    records = parse_rows(rows, headers, mapping, existing, plan)
    check_references(records, headers, mapping, existing, plan)
    plan.errors.sort(
        key=lambda error: (
            error.row,
            headers.index(error.column) if error.column in headers else len(headers),
        )
    )
    if not plan.error_count:
        diff(records, existing, plan, today=today)
    return plan
