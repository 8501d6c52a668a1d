"""Export benchmark: the check-ins export of ``--rows`` check-ins (BENCH_EXPORT_ROWS, default
500,000) downloaded as CSV and as XLSX by an org admin, through the export page's view.

1. Writes 1,000 pairs (one program) and their check-ins (bulk_create, not timed), each with
   an agenda, and a private note on every 100th check-in.
2. Downloads the CSV (a StreamingHttpResponse) and reads it to the end; prints seconds, rows
   per second and MB. Then again under tracemalloc: the peak of Python memory while
   streaming, which stays flat whatever the number of rows (rows are read 2,000 at a time).
3. The same for XLSX (XlsxWriter's constant-memory workbook zipped into a temporary file).

Prints figures, never asserts. Runs on a throw-away SQLite database, or on
BENCH_DATABASE_URL (a PostgreSQL database dropped and created anew); ``make bench`` runs it on
both. Quick run: ``--rows 50000``.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

import _django  # noqa: F401 -- a throw-away database, then django.setup()
from django.core.management import call_command
from django.test import Client

from mentorpath.accounts.enums import OrgRole
from mentorpath.accounts.models import User
from mentorpath.mentoring.models import CheckIn, Mentorship, Note
from mentorpath.people.models import Person
from mentorpath.programs.models import Enrollment, Program

PAIRS = 1000
BATCH = 10_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=int(os.environ.get("BENCH_EXPORT_ROWS", "500000"))
    )
    return parser.parse_args(argv)


def seed(rows: int) -> User:
    admin = User.objects.create_user(
        email="admin@example.com", password="bench-password", org_role=OrgRole.ADMIN
    )
    program = Program.objects.create(name="Bench", slug="bench", program_type="career")
    people = Person.objects.bulk_create(
        Person(employee_id=f"B{n:06d}", first_name="Bench", last_name=f"P{n}", email=f"p{n}@x.test")
        for n in range(2 * PAIRS)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            program=program,
            person=person,
            role="mentor" if n % 2 == 0 else "mentee",
            status="approved",
            capacity=2 if n % 2 == 0 else None,
        )
        for n, person in enumerate(people)
    )
    pairs = Mentorship.objects.bulk_create(
        Mentorship(
            program=program,
            mentor=enrollments[2 * n],
            mentee=enrollments[2 * n + 1],
            status="active",
            source="matching",
        )
        for n in range(PAIRS)
    )
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    for first in range(0, rows, BATCH):
        checkins = CheckIn.objects.bulk_create(
            CheckIn(
                mentorship=pairs[n % PAIRS],
                starts_at=start + timedelta(hours=n),
                time_zone="Europe/Berlin",
                status="held",
                held_minutes=45,
                agenda=f"Agenda {n}: career plans, feedback, next steps",
            )
            for n in range(first, min(first + BATCH, rows))
        )
        Note.objects.bulk_create(
            Note(
                mentorship=checkin.mentorship,
                checkin=checkin,
                author=checkin.mentorship.mentor.person,
                visibility="private",
                body="private",
            )
            for checkin in checkins[::100]
        )
    return admin


def download(client: Client, fmt: str) -> tuple[float, int, int]:
    """Seconds to the last byte, bytes, chunks."""
    started = time.perf_counter()
    response = client.get(f"/exports/download/?dataset=checkins&format={fmt}")
    assert response.status_code == 200, response.status_code
    size = chunks = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        chunks += 1
    response.close()
    return time.perf_counter() - started, size, chunks


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    admin = seed(args.rows)
    print(f"seeded {args.rows:,} check-ins in {time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(admin)
    for fmt in ("csv", "xlsx"):  # warm up: imports and URL resolution are not timed
        client.get(f"/exports/download/?dataset=checkins&format={fmt}&date_to=2000-01-01")
    for fmt in ("csv", "xlsx"):
        seconds, size, chunks = download(client, fmt)
        print(
            f"{fmt:<5} {args.rows:>9,} rows  {seconds:7.2f} s  {args.rows / seconds:>9,.0f} rows/s"
            f"  {size / 1e6:6.1f} MB in {chunks:,} chunks"
        )
        tracemalloc.start()
        download(client, fmt)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{fmt:<5} peak Python memory while exporting: {peak / 1e6:.1f} MB")
    print(f"process peak RSS (seeding included): {resource.getrusage(0).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
