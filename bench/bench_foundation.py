"""Foundation benchmark: seed a 5,000-person organization and time the busiest pages.

Runs on a throw-away SQLite database, or on BENCH_DATABASE_URL (a PostgreSQL database that
is dropped and created anew). Prints one line per figure; timings are the median of several
requests through Django's test client (no network, no gunicorn).
"""

import os
import statistics
import time

import _django  # noqa: F401 -- a throw-away database, then django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "5000"))
REPEAT = 7


def timed(label: str, client: Client, url: str) -> None:
    client.get(url)
    durations = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        durations.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    print(f"{label:<42} {statistics.median(durations) * 1000:7.1f} ms  {len(queries):3d} queries")


def main() -> None:
    print(f"database: {connection.vendor}, people: {PEOPLE}")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", people=PEOPLE, seed=1, stdout=quiet)
    print(f"{'seed_demo':<42} {time.perf_counter() - start:7.2f} s")
    manager, mentee = Client(), Client()
    manager.login(email="manager@example.com", password="mentorpath-demo")
    mentee.login(email="mentee@example.com", password="mentorpath-demo")
    timed("home (mentee)", mentee, "/")
    timed("program catalog (mentee)", mentee, "/programs/")
    timed("program detail (mentee)", mentee, "/programs/career-compass/")
    timed("profile with skills (mentee)", mentee, "/people/me/")
    timed("skill search as you type (mentee)", mentee, "/people/me/skills/search/?q=dat")
    timed("enrollment review, page 1 (manager)", manager, "/programs/career-compass/enrollments/")
    timed(
        "enrollment review, search (manager)",
        manager,
        "/programs/career-compass/enrollments/?q=an&status=pending",
    )
    timed("people directory, page 1 (manager)", manager, "/people/")
    timed("people directory, search (manager)", manager, "/people/?q=engineer")
    timed(
        "API: program enrollments (manager)", manager, "/api/v1/programs/career-compass/enrollments"
    )
    timed("API: people list (manager)", manager, "/api/v1/people")


if __name__ == "__main__":
    main()
