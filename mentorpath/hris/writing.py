"""Write a checked plan: new departments, people created in batches, people updated in
batches, then the manager links that point at people created in this import, then the job
changes. The caller holds one transaction around all of it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
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

    created = [
        Person(
            employee_id=emp,
            manager_id=pk_of.get(values["manager_employee_id"] or ""),
            **ids(values),
        )
        for emp, values in plan.creates.items()
    ]
    Person.objects.bulk_create(created, batch_size=BATCH)
    pk_of.update((person.employee_id, person.pk) for person in created)

    now = timezone.now()
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
    if updated:
        Person.objects.bulk_update(updated, sorted(fields | {"updated_at"}), batch_size=BATCH // 2)

    links = [
        (pk_of[emp], pk_of[values["manager_employee_id"]])
        for emp, values in plan.creates.items()
        if values["manager_employee_id"] and values["manager_employee_id"] not in existing.people
    ]
    set_managers(links)

    JobChange.objects.bulk_create(
        (
            JobChange(
                person_id=pk_of[change["employee_id"]],
                effective_date=change["effective_date"],
                kind=change["kind"],
                from_title=change["from_title"] or "",
                to_title=change["to_title"] or "",
                from_level=change["from_level"],
                to_level=change["to_level"],
                from_department_id=(
                    departments[change["from_department"].casefold()]
                    if change["from_department"]
                    else None
                ),
                to_department_id=(
                    departments[change["to_department"].casefold()]
                    if change["to_department"]
                    else None
                ),
            )
            for change in plan.job_changes
        ),
        batch_size=BATCH,
    )


def set_managers(links: Iterable[tuple[int, int]]) -> None:
    """Point each person (pk) at their manager (pk): one UPDATE … FROM (VALUES …) per batch
    on PostgreSQL, Django's bulk_update elsewhere."""
    pairs = list(links)
    if not pairs:
        return
    if connection.vendor != "postgresql":
        Person.objects.bulk_update(
            [Person(pk=pk, manager_id=manager) for pk, manager in pairs],
            ["manager"],
            batch_size=BATCH // 2,
        )
        return
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), BATCH * 2):
            batch = pairs[start : start + BATCH * 2]
            values = ", ".join(["(%s::bigint, %s::bigint)"] * len(batch))
            cursor.execute(
                f"UPDATE {table} AS p SET manager_id = v.manager_id "
                f"FROM (VALUES {values}) AS v (id, manager_id) WHERE p.id = v.id",
                [number for pair in batch for number in pair],
            )
