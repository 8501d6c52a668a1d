"""Product matching benchmark: a program matched end to end through the product.

Seeds a 5,000-person organization (``seed_demo --people 5000``) into a throw-away database
— SQLite, or BENCH_DATABASE_URL (a PostgreSQL database dropped and created anew) — and times
``matching.services.match_run_start`` until the run is done, as a manager's click does it:
load the pool from the database, score, solve, explain every pair and every unmatched
mentee, persist the proposals (Celery runs eagerly in-process here, as without REDIS_URL).
The phases are read from the run's own progress steps.

Two runs:

1. the seeded program with the most approved participants, as seeded;
2. the same program grown to ``BENCH_PROGRAM_PARTICIPANTS`` (default 5,000) participants —
   every other person gets an approved enrollment (level 6 and up as mentors with capacity
   2, the others as mentees), bypassing the eligibility rules, which only this fixture
   needs to — for the issue's "5k-participant program ... in ≤ 15 s".
"""

import itertools
import logging
import os
import time

import _django  # noqa: F401 -- a throw-away database, then django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from mentorpath.accounts.models import User
from mentorpath.matching import services
from mentorpath.matching.enums import RunStatus
from mentorpath.people.models import Person
from mentorpath.programs.enums import EnrollmentRole, EnrollmentStatus, ProgramStatus
from mentorpath.programs.models import Enrollment, Program

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "5000"))
PARTICIPANTS = int(os.environ.get("BENCH_PROGRAM_PARTICIPANTS", "5000"))
TARGET_SECONDS = 15.0
#: The run's progress steps (see pipeline.match_program) and the phase each one starts.
PHASES = {5: "load", 30: "score + solve", 80: "explain", 95: "persist"}
APPROVED = Q(enrollments__status=EnrollmentStatus.APPROVED)


def largest_program() -> Program:
    return (
        Program.objects.annotate(participants=Count("enrollments", filter=APPROVED))
        .order_by("-participants", "pk")
        .first()
    )


def describe(program: Program) -> str:
    approved = program.enrollments.filter(status=EnrollmentStatus.APPROVED)
    mentees = approved.filter(role=EnrollmentRole.MENTEE).count()
    mentors = approved.filter(role=EnrollmentRole.MENTOR)
    seats = mentors.aggregate(seats=Sum("capacity"))["seats"] or 0
    return f"{mentees:,} mentees, {mentors.count():,} mentors, {seats:,} seats"


def grow(program: Program, participants: int) -> int:
    """Approve enrollments for people not yet in the program until it has ``participants``
    approved participants (or everyone is in). Returns how many were added."""
    have = program.enrollments.filter(status=EnrollmentStatus.APPROVED).count()
    enrolled = program.enrollments.filter(
        status__in=[EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED]
    ).values("person_id")
    pending = program.enrollments.filter(status=EnrollmentStatus.PENDING)
    now = timezone.now()
    added = pending.update(status=EnrollmentStatus.APPROVED, decided_at=now)
    people = Person.objects.exclude(pk__in=enrolled).order_by("pk")
    people = people[: max(0, participants - have - added)]
    rows = [
        Enrollment(
            program=program,
            person=person,
            role=EnrollmentRole.MENTOR if person.level >= 6 else EnrollmentRole.MENTEE,
            status=EnrollmentStatus.APPROVED,
            capacity=2 if person.level >= 6 else None,
            decided_at=now,
        )
        for person in people
    ]
    Enrollment.objects.bulk_create(rows, batch_size=1000)
    return added + len(rows)


def timed_run(label: str, program: Program, manager: User) -> None:
    marks: list[tuple[float, int]] = []
    original = services._set_progress

    def record(run, percent: int, message: str) -> None:  # type: ignore[no-untyped-def]
        marks.append((time.perf_counter(), percent))
        original(run, percent, message)

    services._set_progress = record
    try:
        started = time.perf_counter()
        run = services.match_run_start(program=program, by=manager)
        run.refresh_from_db()
        finished = time.perf_counter()
    finally:
        services._set_progress = original
    assert run.status == RunStatus.DONE, (run.status, run.error)
    total = finished - started
    stats = run.stats
    print(f"{label}: {describe(program)}")
    print(
        f"  matched {stats['matched']:,}, unmatched {stats['unmatched']:,}, solver "
        f"{stats['solver']}, optimal {stats['optimal']}, {stats['candidates']:,} pairs considered"
    )
    edges = [(started, "start (create run, queue)")]
    edges += [(at, PHASES[p]) for at, p in marks if p in PHASES]
    edges.append((finished, "done"))
    for (begin, phase), (end, _) in itertools.pairwise(edges):
        print(f"  {phase:<28} {end - begin:7.2f} s")
    verdict = "met" if total <= TARGET_SECONDS else "MISSED"
    target = f"target ≤ {TARGET_SECONDS:.0f} s: {verdict}"
    print(f"  {'total, start to done':<28} {total:7.2f} s   ({target})")


def main() -> None:
    logging.getLogger("celery").setLevel(logging.WARNING)  # no per-task log lines
    print(f"database: {connection.vendor}, people: {PEOPLE}")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", people=PEOPLE, seed=1, no_mentorships=True, stdout=quiet)
    print(f"seed_demo: {time.perf_counter() - start:.2f} s")
    manager = User.objects.get(email="manager@example.com")
    program = largest_program()
    if program.status not in services.MATCHABLE:
        Program.objects.filter(pk=program.pk).update(status=ProgramStatus.MATCHING)
        program.refresh_from_db()
    timed_run(f"{program.name} as seeded", program, manager)
    added = grow(program, PARTICIPANTS)
    program.refresh_from_db()
    timed_run(
        f"{program.name} grown by {added:,} to {PARTICIPANTS:,} participants", program, manager
    )


if __name__ == "__main__":
    main()
