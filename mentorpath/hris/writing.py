"""Write a checked plan: new departments, people created, people updated, then the job
changes. The caller holds one transaction around all of it.

On PostgreSQL new people get their ids from the sequence first and are written by COPY with
their managers already linked; updates are one UPDATE … FROM (VALUES …) per batch. Elsewhere
(SQLite) bulk_create in batches, then a second pass links new people to managers created in
the same import; updates there too by UPDATE … FROM (VALUES …) (SQLite ≥ 3.33), which unlike
bulk_update's CASE per row stays linear in the batch size."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from mentorpath.hris.planning import Existing, Plan
from mentorpath.people.models import Department, JobChange, Location, Person

BATCH = 2000
UPDATED_FIELDS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "title": "title",
    "department": "department_id",
    "location": "location_id",
    "level": "level",
    "manager_employee_id": "manager_id",
    "hire_date": "hire_date",
    "termination_date": "termination_date",
    "time_zone": "time_zone",
    "gender": "gender",
}


def write_plan(plan: Plan, existing: Existing) -> None:
    if plan.new_departments:
        Department.objects.bulk_create([Department(name=name) for name in plan.new_departments])
    departments = {name.casefold(): pk for pk, name in Department.objects.values_list("pk", "name")}
    locations = {name.casefold(): pk for pk, name in Location.objects.values_list("pk", "name")}
    pk_of = {emp: values[0] for emp, values in existing.people.items()}

    def ids(values: dict[str, Any]) -> dict[str, Any]:
        department, location = values["department"], values["location"]
        return {
            "first_name": values["first_name"],
            "last_name": values["last_name"],
            "email": values["email"],
            "title": values["title"],
            "department_id": departments[department.casefold()] if department else None,
            "location_id": locations[location.casefold()] if location else None,
            "level": values["level"],
            "hire_date": values["hire_date"],
            "termination_date": values["termination_date"],
            "time_zone": values["time_zone"],
            "gender": values["gender"],
        }

    now = timezone.now()
    fast = connection.vendor == "postgresql"
    creates = list(plan.creates.items())
    if fast and creates:
        # Ids drawn from the sequence first, so managers link in the same pass as the rows.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Person._meta.db_table, len(creates)],
            )
            pk_of.update(
                zip((emp for emp, _ in creates), (row[0] for row in cursor.fetchall()), strict=True)
            )
        copy_rows(
            Person,
            (
                {
                    "id": pk_of[emp],
                    "employee_id": emp,
                    "manager_id": pk_of[values["manager_employee_id"]]
                    if values["manager_employee_id"]
                    else None,
                    "created_at": now,
                    "updated_at": now,
                    **ids(values),
                }
                for emp, values in creates
            ),
        )
    elif creates:
        created = [
            Person(
                employee_id=emp,
                manager_id=pk_of.get(values["manager_employee_id"] or ""),
                **ids(values),
            )
            for emp, values in creates
        ]
        Person.objects.bulk_create(created, batch_size=BATCH)
        pk_of.update((person.employee_id, person.pk) for person in created)
        set_managers(
            (pk_of[emp], pk_of[values["manager_employee_id"]])
            for emp, values in creates
            if values["manager_employee_id"]
            and values["manager_employee_id"] not in existing.people
        )

    updated: list[Person] = []
    fields: set[str] = set()
    for emp, (pk, values, changed) in plan.updates.items():
        manager = values["manager_employee_id"]
        updated.append(
            Person(
                pk=pk,
                employee_id=emp,
                manager_id=pk_of[manager] if manager else None,
                updated_at=now,
                **ids(values),
            )
        )
        fields.update(UPDATED_FIELDS[name] for name in changed)
    # Emails may move between people in one file (A's old address becomes B's): free them
    # first, as the unique index is checked row by row within a statement.
    moving = [
        (pk, f"~import-{pk}") for pk, _, changed in plan.updates.values() if "email" in changed
    ]
    if moving and connection.vendor in ("postgresql", "sqlite"):
        update_rows(Person, ["email"], moving)
    elif moving:
        Person.objects.bulk_update([Person(pk=pk, email=email) for pk, email in moving], ["email"])
    if updated and connection.vendor in ("postgresql", "sqlite"):
        columns = sorted(fields | {"updated_at"})
        update_rows(Person, columns, [(p.pk, *(getattr(p, c) for c in columns)) for p in updated])
    elif updated:
        Person.objects.bulk_update(updated, sorted(fields | {"updated_at"}), batch_size=BATCH // 2)

    def department_id(name: str | None) -> int | None:
        return departments[name.casefold()] if name else None

    changes = (
        {
            "person_id": pk_of[change["employee_id"]],
            "effective_date": change["effective_date"],
            "kind": change["kind"],
            "from_title": change["from_title"] or "",
            "to_title": change["to_title"] or "",
            "from_level": change["from_level"],
            "to_level": change["to_level"],
            "from_department_id": department_id(change["from_department"]),
            "to_department_id": department_id(change["to_department"]),
        }
        for change in plan.job_changes
    )
    if fast:
        copy_rows(JobChange, changes)
    else:
        JobChange.objects.bulk_create((JobChange(**row) for row in changes), batch_size=BATCH)


def copy_rows(model: type[Model], rows: Iterable[dict[str, Any]]) -> None:
    """PostgreSQL COPY of whole rows: given values by column, every other column its field's
    default (so a new field with a default needs nothing here). The primary key is written
    only when given."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in first)
    ]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in first}
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    sql = (
        f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        "FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in itertools.chain([first], iterator):
            copy.write_row([row[name] if name in row else defaults[name] for name in names])


def update_rows(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Set `columns` (attnames) of each row (pk, *values): one UPDATE … FROM (VALUES …) per
    batch (PostgreSQL, and SQLite ≥ 3.33 whose VALUES columns are named column1, column2…)."""
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in [meta.pk.attname, *columns]]
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    if connection.vendor == "postgresql":
        casts = [
            f.target_field.db_type(connection) if f.is_relation else f.db_type(connection)
            for f in fields
        ]
        row_sql = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
        names = [quote(f.column) for f in fields]
        alias = f"v ({', '.join(names)})"
        value_of = {f.column: f"v.{name}" for f, name in zip(fields, names, strict=True)}
    else:
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        alias = "v"
        value_of = {f.column: f"v.column{n}" for n, f in enumerate(fields, start=1)}
    sets = ", ".join(f"{quote(f.column)} = {value_of[f.column]}" for f in fields[1:])
    per_batch = max(1, 30_000 // len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_batch):
            batch = rows[start : start + per_batch]
            cursor.execute(
                f"UPDATE {table} SET {sets} "
                f"FROM (VALUES {', '.join([row_sql] * len(batch))}) AS {alias} "
                f"WHERE {table}.{pk} = {value_of[meta.pk.column]}",
                [value for row in batch for value in row],
            )


def set_managers(links: Iterable[tuple[int, int]]) -> None:
    """Point each person (pk) at their manager (pk): the second pass that links people
    created in this import to managers created with them (SQLite and others)."""
    pairs = list(links)
    if connection.vendor == "sqlite":
        update_rows(Person, ["manager_id"], pairs)
    else:
        Person.objects.bulk_update(
            [Person(pk=pk, manager_id=manager) for pk, manager in pairs],
            ["manager"],
            batch_size=BATCH // 2,
        )
