"""Dashboard benchmark: the analytics dashboards of a large generated organization.

Issue 6: with 50k people, 10k pairs, 500k check-ins and 200k survey responses on PostgreSQL,
the organization dashboard and a program dashboard each render in ≤ 1 s with a fixed number
of queries (no N+1), KPIs computed by SQL aggregation.

1. Generates the organization (``bench/_dashboard_data.py``: numpy draws written by COPY) into
   a PostgreSQL database of its own — BENCH_DATABASE_URL, default ``mentorpath_bench_dash`` —
   dropped and created anew; ``--reuse`` (BENCH_DASH_REUSE=1) keeps a database generated
   earlier with the same sizes and generator version (migrations are still applied to it).
2. Times ``analytics.queries.dashboard(scope=...)`` for the organization (every program) and
   for one program (the one with the most pairs, or ``--program``): best and median of
   ``--repeat`` runs after one warm-up, and the SQL queries of each run; then the same through
   the pages ``/analytics/`` and ``/analytics/program/<slug>/`` (django.test.Client, logged in
   as an org admin) once those URLs exist.
3. Runs the same measurements on a 10× smaller organization (``--compare-people``, in
   ``<database>_small``) in a child process: equal query counts at both sizes show that no
   query runs per program, pair or person.
4. When a dashboard takes more than a second (or with ``--explain N``), prints its slowest
   queries with EXPLAIN (ANALYZE, BUFFERS).

The timings are wall-clock on a shared machine: the load average is printed beside them.
Server settings can be tried without code, e.g. ``PGOPTIONS="-c jit=off"``.

Figures are printed, never asserted. PostgreSQL only: ``make bench`` runs it once (see
``POSTGRES_ONLY``). Sizes: ``--people`` (BENCH_DASH_PEOPLE, default 50,000); pairs, check-ins
and responses scale with it unless given (``--pairs``, ``--checkins``, ``--responses`` or
BENCH_DASH_PAIRS, BENCH_DASH_CHECKINS, BENCH_DASH_RESPONSES). Quick run:
``.venv/bin/python bench/bench_dashboard.py --people 5000 --compare-people 0``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Read by the Makefile: this benchmark runs once, on PostgreSQL.
POSTGRES_ONLY = True
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mentorpath_bench_dash"
TARGET_SECONDS = 1.0
ORG_PAGE = "/analytics/"
PROGRAM_PAGE = "/analytics/program/{slug}/"


def _env_int(name: str, default: int | None) -> int | None:
    value = os.environ.get(name)
    return int(value) if value else default


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=_env_int("BENCH_DASH_PEOPLE", 50_000))
    parser.add_argument("--pairs", type=int, default=_env_int("BENCH_DASH_PAIRS", None))
    parser.add_argument("--checkins", type=int, default=_env_int("BENCH_DASH_CHECKINS", None))
    parser.add_argument("--responses", type=int, default=_env_int("BENCH_DASH_RESPONSES", None))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse",
        action="store_true",
        default=os.environ.get("BENCH_DASH_REUSE", "").lower() in ("1", "true", "yes"),
        help="keep the database when it was generated with the same sizes (BENCH_DASH_REUSE=1)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL,
        help="a PostgreSQL database of its own (BENCH_DATABASE_URL)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs after one warm-up")
    parser.add_argument(
        "--compare-people",
        type=int,
        default=_env_int("BENCH_DASH_COMPARE_PEOPLE", 5_000),
        help="also count queries on an organization this size (0: skip)",
    )
    parser.add_argument("--program", help="slug of the program dashboard (default: most pairs)")
    parser.add_argument(
        "--explain",
        type=int,
        default=None,
        help="EXPLAIN ANALYZE this many slowest queries (default: 5 when over a second)",
    )
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--counts-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# ---- the database, before Django


def _split_url(url: str) -> tuple[str, str]:
    base, name = url.rsplit("/", 1)
    return base, name


def prepare_database(url: str, fingerprint: str, reuse: bool) -> dict[str, Any] | None:
    """Drop and create the database, unless `reuse` and it holds this generation already:
    then its record (the database's comment) is returned."""
    import psycopg

    base, name = _split_url(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
        if reuse and row and row[0]:
            try:
                record = json.loads(row[0])
            except ValueError:
                record = {}
            if record.get("sizes") == fingerprint:
                return record
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return None


def record_generation(url: str, record: dict[str, Any]) -> None:
    """Mark the database as holding a complete generation (read back by `--reuse`)."""
    import psycopg
    from psycopg import sql

    base, name = _split_url(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(json.dumps(record))
            )
        )


def drop_database(url: str) -> None:
    import psycopg

    base, name = _split_url(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)  # tasks run eagerly, in this process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.db.backends.signals import connection_created

    connection_created.connect(capture_beside)


# ---- measuring


@dataclass
class Measure:
    label: str
    people: int
    best: float = 0.0
    median: float = 0.0
    queries: int = 0
    sql: float = 0.0  # seconds in the database (as Django times its queries), median run
    query_counts: list[int] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    skipped: str = ""

    def row(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "slowest"}


BESIDE: list[dict[str, str]] = []
"""The queries of the threads that count outcomes beside a dashboard, on connections of
their own (`outcomes.outcomes_begun`): CaptureQueriesContext sees only this thread's."""


def record_beside(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
) -> Any:
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        BESIDE.append({"sql": sql, "time": f"{time.perf_counter() - start:.3f}"})


def capture_beside(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On every connection opened outside the main thread, record each query as
    CaptureQueriesContext does (once: a thread's connection object is reopened)."""
    import threading

    if threading.current_thread() is threading.main_thread():
        return
    if record_beside not in connection.execute_wrappers:
        connection.execute_wrappers.append(record_beside)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def statements(captured: list[dict[str, str]]) -> list[dict[str, str]]:
    """The SQL statements of a capture, without the transaction control Django logs beside
    them (which the other threads' wrappers never see)."""
    return [q for q in captured if not q["sql"].startswith(TRANSACTION_CONTROL)]


def measure(label: str, people: int, run: Callable[[], object], repeat: int) -> Measure:
    """One warm-up, then `repeat` timed runs; the SQL of every run is captured, in this
    thread and beside it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Measure(label, people)
    BESIDE.clear()
    with CaptureQueriesContext(connection) as warm_up:
        run()
    warm_up_count = len(statements(warm_up.captured_queries)) + len(BESIDE)
    durations, counts, in_sql = [], [], []
    captured: list[dict[str, str]] = []
    for _ in range(repeat):
        BESIDE.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            run()
            durations.append(time.perf_counter() - start)
        captured = [*statements(queries.captured_queries), *BESIDE]
        counts.append(len(captured))
        in_sql.append(sum(float(q["time"]) for q in captured))
    result.best, result.median = min(durations), statistics.median(durations)
    result.queries = counts[-1]
    result.query_counts = [warm_up_count, *counts]
    result.slowest = sorted(((float(q["time"]), q["sql"]) for q in captured), reverse=True)
    result.sql = statistics.median(in_sql)
    return result


def load_dashboard() -> tuple[Callable[..., Any] | None, str]:
    try:
        from mentorpath.analytics.queries import dashboard
    except Exception as exc:  # not written yet, or half-written: say so and carry on
        return None, f"{type(exc).__name__}: {exc}"
    return dashboard, ""


def url_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


COLD = "cold"
LEGEND = f"""\
"{COLD}": nothing cached, as on the first view after the people data changed (an HRIS import,
a new hire, a pair started); the rows without it reuse the comparison groups of retention and
promotion, counted once while the people data stays the same, and compute everything else
(check-ins, pulses and surveys included) afresh: a view on any other occasion, such as after
the 5-minute figure cache has expired. "figures cached": within those 5 minutes.
"in SQL" and "queries" count every connection: retention and promotion (and the pulse ratings,
when that thread is free first) are counted on a second one while the rest is computed
(ANALYTICS_PARALLEL), so the time in SQL can exceed the time taken."""


def run_measurements(args: argparse.Namespace, people: int) -> list[Measure]:
    from django.core.cache import cache
    from django.test import Client

    from mentorpath.accounts.models import User
    from mentorpath.analytics.kpis import Scope
    from mentorpath.programs.models import Program

    programs = tuple(Program.objects.order_by("pk").values_list("pk", flat=True))
    if args.program:
        program = Program.objects.get(slug=args.program)
    else:
        program = max(Program.objects.all(), key=lambda p: (p.mentorships.count(), -p.pk))
    org_label = f"organization ({len(programs)} programs)"
    program_label = f"program {program.slug}"
    results: list[Measure] = []

    dashboard, why = load_dashboard()
    for label, scope in (
        (org_label, Scope(programs=programs)),
        (program_label, Scope(programs=(program.pk,))),
    ):
        if dashboard is None:
            results.append(Measure(f"dashboard(): {label}", people, skipped=why))
            continue

        def cold(scope: Scope = scope) -> None:
            cache.clear()
            dashboard(scope=scope)

        results.append(measure(f"dashboard(): {label}, {COLD}", people, cold, args.repeat))
        results.append(
            measure(
                f"dashboard(): {label}", people, lambda s=scope: dashboard(scope=s), args.repeat
            )
        )

    client = Client()
    client.force_login(User.objects.get(email="admin@bench.example.com"))
    for path in (ORG_PAGE, PROGRAM_PAGE.format(slug=program.slug)):
        if not url_exists(path):
            results.append(Measure(f"page {path}", people, skipped="no such URL yet"))
            continue

        def get(path: str = path, clear: bool = False) -> None:
            if clear:
                cache.clear()
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")

        for suffix, clear in ((f", {COLD}", True), ("", False)):
            try:
                results.append(
                    measure(f"page {path}{suffix}", people, partial(get, clear=clear), args.repeat)
                )
            except Exception as exc:  # a page being written: report, don't stop the benchmark
                skipped = f"{type(exc).__name__}: {exc}"
                results.append(Measure(f"page {path}{suffix}", people, skipped=skipped))
    results += _cached_pages(client, people, program.slug, args.repeat)
    return results


def _cached_pages(client: Any, people: int, slug: str, repeat: int) -> list[Measure]:
    """The same pages as a second viewer sees them within ANALYTICS_CACHE_SECONDS (the
    warm-up run computes and stores the figures; the timed runs reuse them)."""
    from django.core.cache import cache
    from django.test import override_settings

    results = []
    with override_settings(ANALYTICS_CACHE_SECONDS=300):
        cache.clear()
        for path in (ORG_PAGE, PROGRAM_PAGE.format(slug=slug)):

            def get(path: str = path) -> None:
                if client.get(path).status_code != 200:
                    raise RuntimeError(f"{path} failed")

            results.append(measure(f"page {path} (figures cached)", people, get, repeat))
    return results


def explain(slowest: list[tuple[float, str]], count: int) -> None:
    from django.db import connection

    for seconds, sql in slowest[:count]:
        print(f"\n-- {seconds * 1000:.1f} ms: {sql[:300]}{'…' if len(sql) > 300 else ''}")
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            for (line,) in cursor.fetchall():
                print(f"   {line}")


def queries_by_scope(people: int) -> list[Measure]:
    """The dashboard's query count for the first 1, 2, … programs in scope: what grows with
    the programs (not with people, pairs or check-ins)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mentorpath.analytics.kpis import Scope
    from mentorpath.programs.models import Program

    dashboard, _ = load_dashboard()
    if dashboard is None:
        return []
    programs = tuple(Program.objects.order_by("pk").values_list("pk", flat=True))
    counts = []
    for k in range(1, len(programs) + 1):
        cache.clear()
        BESIDE.clear()
        with CaptureQueriesContext(connection) as queries:
            dashboard(scope=Scope(programs=programs[:k]))
        count = len(statements(queries.captured_queries)) + len(BESIDE)
        counts.append(Measure(f"{k} programs", people, queries=count))
    return counts


def compare_at(args: argparse.Namespace, people: int) -> tuple[list[Measure], list[Measure]]:
    """The same measurements on a smaller organization of the same shape, in a child process
    and a database of its own."""
    ratio = people / args.people
    sizes = {
        "--pairs": args.pairs,
        "--checkins": args.checkins,
        "--responses": args.responses,
    }
    command = [
        sys.executable,
        __file__,
        "--counts-only",
        "--people",
        str(people),
        "--database-url",
        f"{args.database_url}_small",
        "--repeat",
        str(args.repeat),
        "--seed",
        str(args.seed),
        "--compare-people",
        "0",
    ]
    if args.program:
        command += ["--program", args.program]
    if args.reuse:
        command.append("--reuse")
    for flag, value in sizes.items():
        if value is not None:
            command += [flag, str(round(value * ratio))]
    child = subprocess.run(command, capture_output=True, text=True, check=False)
    sys.stderr.write(child.stderr)
    if child.returncode != 0:
        print(f"comparison at {people:,} people failed (exit {child.returncode})")
        return [], []
    rows = json.loads(child.stdout.strip().splitlines()[-1])
    return [Measure(**row) for row in rows["measures"]], [
        Measure(**row) for row in rows["by_scope"]
    ]


# ---- the run


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not args.database_url.startswith("postgres"):
        print(f"PostgreSQL only, skipped: {args.database_url}")
        return
    log = (lambda line: print(line, file=sys.stderr)) if args.counts_only else print
    setup_django(args.database_url)  # connects only when first used, below

    import _dashboard_data as data

    sizes = data.Sizes.scaled(
        args.people,
        pairs=args.pairs,
        checkins=args.checkins,
        responses=args.responses,
        seed=args.seed,
    )
    record = prepare_database(args.database_url, sizes.fingerprint(), args.reuse)
    from django.core.management import call_command
    from django.db import connection

    log(f"database: {connection.settings_dict['NAME']} (PostgreSQL), {sizes.label()}")
    call_command("migrate", verbosity=0)
    if record is None:
        log("generating:")
        start = time.perf_counter()
        counts = data.generate(sizes, log=log)
        seconds = time.perf_counter() - start
        record = {"sizes": sizes.fingerprint(), "generated_in": round(seconds, 1), "rows": counts}
        record_generation(args.database_url, record)
        log(f"  {'generation, total':<46} {seconds:6.1f} s")
    else:
        log(f"reused: generated earlier in {record['generated_in']} s (--reuse)")
    rows = data.table_counts()
    log("rows: " + ", ".join(f"{label.split('.')[1]} {n:,}" for label, n in rows.items()))

    load_before = os.getloadavg()[0]
    results = run_measurements(args, sizes.people)
    load = f"load average {load_before:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    by_scope = queries_by_scope(sizes.people) if args.counts_only or not args.compare_people else []
    if args.counts_only:
        rows_out = {"measures": [r.row() for r in results], "by_scope": [r.row() for r in by_scope]}
        print(json.dumps(rows_out))
        return
    compared: list[Measure] = []
    if args.compare_people:
        compared, by_scope = compare_at(args, args.compare_people)

    print(f"\nmeasured with a {load} (other work on the machine slows every figure)")
    print(LEGEND)
    print(f"{'':<58} {'people':>7} {'best':>9} {'median':>9} {'in SQL':>9} {'queries':>8}  ≤ 1 s")
    for r in results + compared:
        if r.skipped:
            print(f"{r.label:<58} {r.people:>7,} skipped: {r.skipped}")
            continue
        steady = "" if len(set(r.query_counts)) == 1 else f"  (per run: {r.query_counts})"
        verdict = "yes" if r.median <= TARGET_SECONDS else "NO"
        print(
            f"{r.label:<58} {r.people:>7,} {r.best * 1000:7.0f}ms {r.median * 1000:7.0f}ms"
            f" {r.sql * 1000:7.0f}ms {r.queries:>8}  {verdict}{steady}"
        )
    by_label = {r.label: r for r in compared if not r.skipped}
    for r in results:
        other = by_label.get(r.label)
        if r.skipped or other is None:
            continue
        same = "the same" if other.queries == r.queries else "DIFFERENT: a query per row?"
        print(
            f"queries at {r.people:,} and {other.people:,} people, {r.label}: "
            f"{r.queries} and {other.queries}, {same}"
        )
    if by_scope:
        counts = ", ".join(f"{r.queries}" for r in by_scope)
        print(
            f"dashboard() queries with the first 1…{len(by_scope)} programs in scope "
            f"({by_scope[0].people:,} people): {counts}"
        )
    measured = [r for r in results if not r.skipped]
    if measured:
        print("\nslowest queries (last run):")
        for r in measured:
            top = ", ".join(f"{s * 1000:.0f}" for s, _ in r.slowest[:5])
            print(f"  {r.label:<48} {top} ms")
    count = args.explain
    if count is None:
        count = 5 if any(r.median > TARGET_SECONDS for r in measured) else 0
    for r in measured:
        if count:
            print(f"\n== EXPLAIN ANALYZE, {r.label}: the {count} slowest queries")
            explain(r.slowest, count)
    if args.drop:
        connection.close()
        drop_database(args.database_url)


if __name__ == "__main__":
    main()
