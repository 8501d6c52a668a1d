"""HRIS import benchmark: a 100,000-row people file checked and imported, then a second
file with 5 % of the people changed (promotions, moves, title changes, terminations).

Issue 8: 100k rows import in ≤ 60 s on PostgreSQL.

1. Writes a CSV of ``--rows`` people (BENCH_IMPORT_ROWS, default 100,000): a reporting tree
   (each person's manager drawn among the people before them), 40 departments, 8 locations;
   the rows shuffled so most managers come after their reports.
2. Times the dry run and the import of that file (all creates), through the same service
   calls as the pages (``import_job_create`` → ``import_job_start`` → ``import_job_apply``).
3. Writes the file again with ``--changed`` (default 5 %) of the rows changed — promotions,
   department moves, title changes and terminations — and times its dry run and import.
4. Imports the second file once more: it must change nothing (the counts are printed).

Prints wall-clock seconds, rows per second, the CPU seconds of this process (Python's share
of the work, less sensitive to a busy machine than the wall clock; the database server's
time is not in it) and the process's peak memory (ru_maxrss) after each step; never asserts.
Runs on a throw-away SQLite database, or on BENCH_DATABASE_URL (a PostgreSQL database
dropped and created anew); ``make bench`` runs it on both. PostgreSQL:
``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorpath_bench_import
.venv/bin/python bench/bench_import.py``. Quick run: ``--rows 10000``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import _django  # noqa: F401 -- a throw-away database, then django.setup()
from django.core.files import File
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from mentorpath.hris import services
from mentorpath.people.models import Location

TARGET_SECONDS = 60.0
HEADER = [
    "Employee ID",
    "First name",
    "Last name",
    "Email",
    "Job title",
    "Department",
    "Location",
    "Level",
    "Manager ID",
    "Start date",
    "Termination date",
    "Effective date",
]
TITLES = ["Engineer", "Analyst", "Designer", "Consultant", "Specialist", "Manager", "Director"]
CITIES = [
    ("Berlin", "Europe/Berlin"),
    ("Lisbon", "Europe/Lisbon"),
    ("London", "Europe/London"),
    ("New York", "America/New_York"),
    ("Toronto", "America/Toronto"),
    ("Singapore", "Asia/Singapore"),
    ("Sydney", "Australia/Sydney"),
    ("São Paulo", "America/Sao_Paulo"),
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    )
    parser.add_argument("--changed", type=float, default=0.05, help="share of rows changed")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def people(rows: int, rng: random.Random) -> list[dict[str, str]]:
    start = date(2010, 1, 1)
    made = []
    for n in range(rows):
        level = 12 if n == 0 else max(1, min(11, int(rng.gauss(4, 2))))
        made.append(
            {
                "Employee ID": f"E{n:06d}",
                "First name": f"First{n}",
                "Last name": f"Last{n}",
                "Email": f"person{n}@example.com",
                "Job title": rng.choice(TITLES),
                "Department": f"Department {rng.randrange(40):02d}",
                "Location": rng.choice(CITIES)[0],
                "Level": str(level),
                # A tree: each manager drawn among the people listed before (0 is the root).
                "Manager ID": ""
                if n == 0
                else f"E{rng.randrange(max(1, n // 4), n) if n > 3 else 0:06d}",
                "Start date": (start + timedelta(days=rng.randrange(5000))).isoformat(),
                "Termination date": "",
                "Effective date": "",
            }
        )
    return made


def change(rows: list[dict[str, str]], share: float, rng: random.Random) -> dict[str, int]:
    kinds = {"promotion": 0, "move": 0, "title": 0, "termination": 0}
    for row in rng.sample(rows[1:], int(len(rows) * share)):
        kind = rng.choice(list(kinds))
        if kind == "promotion" and int(row["Level"]) < 12:
            row["Level"] = str(int(row["Level"]) + 1)
            row["Effective date"] = "2025-04-01"
        elif kind == "move":
            row["Department"] = f"Department {(int(row['Department'][-2:]) + 1) % 40:02d}"
        elif kind == "title":
            row["Job title"] = row["Job title"] + " II"
        else:
            kind = "termination"
            row["Termination date"] = "2025-03-31"
        kinds[kind] += 1
    return kinds


def write(path: Path, rows: list[dict[str, str]], rng: random.Random) -> None:
    shuffled = rows[:]
    rng.shuffle(shuffled)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(shuffled)


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def timed(label: str, rows: int, step: Callable[[], Any]) -> tuple[Any, float]:
    start, cpu = time.perf_counter(), time.process_time()
    job = step()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<34} {seconds:7.2f} s  {rows / seconds:9,.0f} rows/s  "
        f"(this process's CPU {cpu:6.2f} s)  peak RSS {peak_mb():6.0f} MB  → {job.status}",
        flush=True,
    )
    return job, seconds


def import_file(path: Path, rows: int, label: str) -> tuple[float, dict]:
    with path.open("rb") as handle:
        job = services.import_job_create(upload=File(handle, name=path.name), by=None)
    job, checked = timed(
        f"{label}: dry run", rows, lambda: services.import_job_start(job=job, by=None)
    )
    if job.error_count:
        print(f"  {job.error_count} errors, e.g. {job.errors[:3]}")
        return checked, job.counts
    job, applied = timed(
        f"{label}: import", rows, lambda: services.import_job_apply(job=job, by=None)
    )
    counts = {k: v for k, v in job.counts.items() if v and k != "rows"}
    print(f"  {counts}")
    return checked + applied, job.counts


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    print(
        f"database: {connection.vendor}, rows: {args.rows:,}, "
        f"load average: {os.getloadavg()[0]:.1f}"
    )
    call_command("migrate", verbosity=0)
    Location.objects.bulk_create(
        [Location(name=name, country="", time_zone=tz) for name, tz in CITIES]
    )
    folder = Path(tempfile.mkdtemp(prefix="mentorpath-bench-import-"))
    rows = people(args.rows, rng)
    first, second = folder / "people.csv", folder / "people-changed.csv"
    write(first, rows, rng)
    print(f"file: {first.stat().st_size / 1e6:.1f} MB")
    with override_settings(MEDIA_ROOT=str(folder / "media"), HRIS_IMPORT_INLINE_ROWS=10**9):
        total, _ = import_file(first, args.rows, "first import (all new)")
        print(
            f"{'first import, dry run + import':<34} {total:7.2f} s  "
            f"(target ≤ {TARGET_SECONDS:.0f} s)"
        )
        kinds = change(rows, args.changed, rng)
        write(second, rows, rng)
        print(f"second file: {kinds}")
        total, _ = import_file(second, args.rows, "second import (changes)")
        print(f"{'second import, dry run + import':<34} {total:7.2f} s")
        _, counts = import_file(second, args.rows, "same file again")
        print(
            f"  re-import: {counts.get('updated', 0)} updated, {counts.get('created', 0)} created"
        )


if __name__ == "__main__":
    main()
