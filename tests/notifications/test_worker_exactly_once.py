"""Exactly-once email with real Celery workers on Redis, sharing the test's database.

The workers send through tests.support.mail.SlowFileBackend: one file per email in a
directory, each written after a pause, so a worker can be killed (SIGKILL, no clean-up) while
it is "talking to the mail server". Runs on SQLite (the test database is a file, see
config/settings_test.py) and on PostgreSQL (DATABASE_URL points the worker at the test
database).
"""

import email
import json
import os
import shlex
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery import Celery
from django.db import connection

from mentorpath.core.tasks import ping
from mentorpath.notifications.enums import NotificationKind
from mentorpath.notifications.models import Notification
from mentorpath.notifications.tasks import deliver_pending_notifications
from tests.factories import UserFactory
from tests.support.mail import DELAY_ENV, MAIL_DIR_ENV

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]
SWEEP = deliver_pending_notifications.name
PEOPLE, PER_PERSON = 3, 10
WORKER_ARGS = shlex.split(
    "-m celery -A config worker --concurrency 1 --pool solo"
    " --without-gossip --without-mingle --without-heartbeat --loglevel WARNING"
)

pytestmark = [pytest.mark.xdist_group("redis"), pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    """The URL of the database this test is using (the test database, not the real one)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        assert "mode=memory" not in name and name != ":memory:", "workers need a file database"
        return f"sqlite:///{Path(name).resolve()}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}"


class Workers:
    """Celery worker processes this test started, each on its own queue; all are stopped
    (and only they) when the test ends."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.processes: list[subprocess.Popen] = []
        self.queues: list[str] = []
        self.logs_open: list = []
        self.results: list = []
        self.client = Celery("mentorpath-test-client", broker=REDIS_URL, backend=REDIS_URL)

    def start(self, *, delay: float = 0.0, queue: str | None = None) -> str:
        queue = queue or f"mentorpath-test-{uuid.uuid4().hex[:8]}"
        return self.spawn(queue, delay=delay)

    def spawn(self, queue: str, *, delay: float, **env_extra: str) -> str:
        """Start one worker process consuming `queue`; `env_extra` overrides its environment."""
        env = {
            **os.environ,
            "REDIS_URL": REDIS_URL,
            "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
            "DATABASE_URL": _database_url(),
            MAIL_DIR_ENV: str(self.mail_dir),
            DELAY_ENV: str(delay),
            **env_extra,
        }
        log = (self.tmp_path / f"worker-{len(self.processes)}.log").open("wb")
        self.logs_open.append(log)
        self.processes.append(
            subprocess.Popen(
                [sys.executable, *WORKER_ARGS, "-Q", queue],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        self.queues.append(queue)
        return queue

    def sweep(self, queue: str):
        result = self.client.send_task(SWEEP, kwargs={"older_than_seconds": 0}, queue=queue)
        self.results.append(result)
        return result

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.tmp_path.glob("worker-*.log"))

    def emails(self) -> Counter:
        """(recipient, subject) → how many emails were written."""
        sent = Counter()
        for path in self.mail_dir.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes())
            sent[(message["To"], message["Subject"])] += 1
        return sent

    def wait_ready(self, *queues: str) -> None:
        """Until each worker answers a ping: starting one can take seconds on a busy machine."""
        pings = [self.client.send_task(ping.name, queue=queue) for queue in queues]
        self.results.extend(pings)
        for result in pings:
            assert result.get(timeout=90) == "pong", self.logs()

    def wait_until_pausing_after(self, count: int, timeout: float = 30) -> int:
        """Until at least `count` emails are written and the worker is pausing before the next
        one (its marker is there, its email is not). Returns how many emails were written.

        The worker sends one at a time, so the next send begins only after the previous
        email's row committed: killed now, no written email lacks its `emailed_at`.
        Markers are counted before emails, so an email written in between is never missed.
        """
        deadline = time.monotonic() + timeout
        while True:
            started = len(list(self.mail_dir.glob("*.sending")))
            written = len(list(self.mail_dir.glob("*.eml")))
            if written >= count and started == written + 1:
                return written
            assert time.monotonic() < deadline, f"no pause after {count} emails\n{self.logs()}"
            time.sleep(0.01)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for log in self.logs_open:
            log.close()
        self._forget_queues()

    def _forget_queues(self) -> None:
        """Leave nothing of ours in Redis: results, our queues, and the message a killed worker
        held unacknowledged (Redis would otherwise put it back on our queue an hour later)."""
        broker = redis.Redis.from_url(REDIS_URL)
        for result in self.results:
            result.forget()
        for tag, raw in broker.hgetall("unacked").items():
            if json.loads(raw)[2] in self.queues:
                broker.hdel("unacked", tag)
                broker.zrem("unacked_index", tag)
        for queue in self.queues:
            broker.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


@pytest.fixture
def workers(transactional_db, tmp_path):
    redis.Redis.from_url(REDIS_URL).ping()
    started = Workers(tmp_path)
    try:
        yield started
    finally:
        started.stop()


def _owed_notifications() -> list[Notification]:
    """PEOPLE x PER_PERSON notices whose immediate email task never ran (all owed an email)."""
    people = [UserFactory(email=f"person{p}@example.com") for p in range(PEOPLE)]
    return Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=NotificationKind.CHECKIN_REMINDER,
            key=f"reminder:{n}",
            subject=f"Reminder {n}",
            body="Your check-in is tomorrow.",
            url="/mentorships/",
            email_wanted=True,
        )
        for person in people
        for n in range(PER_PERSON)
    )


def _each_once() -> Counter:
    """Every (recipient, subject) exactly once."""
    return Counter(
        (f"person{p}@example.com", f"Reminder {n}")
        for p in range(PEOPLE)
        for n in range(PER_PERSON)
    )


def test_two_sweeps_on_two_workers_send_each_email_once(workers):
    _owed_notifications()
    first, second = workers.start(delay=0.03), workers.start(delay=0.03)
    workers.wait_ready(first, second)

    results = [workers.sweep(first), workers.sweep(second)]
    sent = [result.get(timeout=60) for result in results]

    assert sum(sent) == PEOPLE * PER_PERSON, workers.logs()
    assert workers.emails() == _each_once()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_worker_killed_mid_sweep_loses_nothing_and_repeats_nothing(workers):
    _owed_notifications()
    queue = workers.start(delay=0.5)
    workers.wait_ready(queue)
    workers.sweep(queue)
    written = workers.wait_until_pausing_after(5)
    workers.processes[0].kill()
    workers.processes[0].wait(timeout=5)
    on_disk = sum(workers.emails().values())
    stamped = Notification.objects.filter(emailed_at__isnull=False).count()

    workers.start(queue=queue)
    workers.wait_ready(queue)
    resent = workers.sweep(queue).get(timeout=60)

    assert on_disk == stamped == written
    assert 5 <= written < PEOPLE * PER_PERSON
    assert resent == PEOPLE * PER_PERSON - written, workers.logs()
    assert workers.emails() == _each_once()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
