"""Check-in reminders go out exactly once with real Celery workers on Redis: the reminder task
run twice (on two workers at once), a worker killed while it emails the reminders, and a worker
killed in the middle of the reminder run itself. Nothing is sent twice and nothing is lost.

Reuses the worker harness of test_worker_exactly_once.py (real worker processes sharing the
test database, the slow file mail backend, kill -9 while a send is pausing). Each worker here
also gets its own default queue, so the email task each new reminder queues reaches this
test's worker and no other; optionally it runs those email tasks inline ("eager"), so the
reminder run itself is slow enough to be killed half-way.
"""

import email
import email.policy
import os
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from mentorpath.mentoring.models import Mentorship
from mentorpath.mentoring.notices import local_time
from mentorpath.mentoring.tasks import send_reminders
from mentorpath.notifications.models import Notification
from tests.factories import ProgramFactory
from tests.factories.mentoring import CheckInFactory, participant
from tests.notifications.test_worker_exactly_once import (
    REDIS_URL,
    ROOT,
    SWEEP,
    Workers,
)

PAIRS = 20
REMINDERS = send_reminders.name

pytestmark = [pytest.mark.xdist_group("redis"), pytest.mark.django_db(transaction=True)]


class ReminderWorkers(Workers):
    def start(self, *, delay: float = 0.0, queue: str | None = None, eager: bool = False) -> str:
        """A worker on `queue` that is also its default queue; `eager` runs the email tasks
        inside the task that queues them."""
        queue = queue or f"mentorpath-test-{uuid.uuid4().hex[:8]}"
        module = f"reminder_worker_settings_{uuid.uuid4().hex[:8]}"
        (self.tmp_path / f"{module}.py").write_text(
            "from tests.support.worker_settings import *  # noqa: F403\n"
            f"CELERY_TASK_DEFAULT_QUEUE = {queue!r}\n"
            f"CELERY_TASK_ALWAYS_EAGER = {eager!r}\n"
            "CELERY_RESULT_EXPIRES = 600  # the email tasks' results leave Redis by themselves\n"
        )
        return self.spawn(
            queue,
            delay=delay,
            PYTHONPATH=os.pathsep.join([str(self.tmp_path), str(ROOT)]),
            DJANGO_SETTINGS_MODULE=module,
        )

    def send(self, task: str, queue: str, **kwargs):
        result = self.client.send_task(task, kwargs=kwargs, queue=queue)
        self.results.append(result)
        return result

    def received(self) -> Counter:
        """(recipient, subject) → how many emails were written (headers unfolded)."""
        sent = Counter()
        for path in self.mail_dir.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            sent[(str(message["To"]), str(message["Subject"]))] += 1
        return sent

    def wait_for_emails(self, count: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while sum(self.received().values()) < count:
            assert time.monotonic() < deadline, f"fewer than {count} emails\n{self.logs()}"
            time.sleep(0.05)


@pytest.fixture
def workers(transactional_db, tmp_path):
    redis.Redis.from_url(REDIS_URL).ping()
    started = ReminderWorkers(tmp_path)
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def due(transactional_db) -> Counter:
    """PAIRS active pairs, each with a check-in in two hours: returns the reminder email each
    of the 2 × PAIRS people should get exactly once, as (recipient, subject) → 1."""
    program = ProgramFactory(name="Career Compass")
    starts_at = timezone.now().replace(microsecond=0) + timedelta(hours=2)
    expected = Counter()
    for n in range(PAIRS):
        mentor = participant(
            program, f"mentor{n}@example.com", "mentor", first_name="Mentor", last_name=f"No{n}"
        )
        mentee = participant(
            program, f"mentee{n}@example.com", "mentee", first_name="Mentee", last_name=f"No{n}"
        )
        pair = Mentorship.objects.create(
            program=program, mentor=mentor, mentee=mentee, status="active", source="override"
        )
        CheckInFactory(mentorship=pair, starts_at=starts_at, invitee_response="accepted")
        for person, partner in ((mentor.person, mentee.person), (mentee.person, mentor.person)):
            when = local_time(starts_at, person)
            expected[(person.email, f"Reminder: check-in with {partner.full_name}, {when}")] = 1
    return expected


def reminders_recorded() -> Counter:
    """(recipient, key) → how many reminder notices were recorded."""
    return Counter(
        Notification.objects.filter(kind="checkin_reminder").values_list("recipient__email", "key")
    )


def test_reminders_run_twice_on_two_workers_email_each_person_once(workers, due):
    first, second = workers.start(delay=0.02), workers.start(delay=0.02)
    workers.wait_ready(first, second)

    runs = [workers.send(REMINDERS, first), workers.send(REMINDERS, second)]
    created = [run.get(timeout=90) for run in runs]
    workers.wait_for_emails(2 * PAIRS)
    again = workers.send(REMINDERS, first).get(timeout=60)
    swept = workers.send(SWEEP, second, older_than_seconds=0).get(timeout=60)

    assert sum(created) == 2 * PAIRS, workers.logs()
    assert (again, swept) == (0, 0), workers.logs()
    assert workers.received() == due
    assert len(reminders_recorded()) == 2 * PAIRS
    assert set(reminders_recorded().values()) == {1}
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def owed() -> int:
    return Notification.objects.filter(emailed_at__isnull=True).count()


def test_a_worker_killed_while_emailing_reminders_loses_none_and_repeats_none(workers, due):
    queue = workers.start(delay=0.5)
    workers.wait_ready(queue)
    created = workers.send(REMINDERS, queue).get(timeout=90)
    workers.wait_until_pausing_after(5)
    workers.processes[0].kill()
    workers.processes[0].wait(timeout=5)
    on_disk = sum(workers.received().values())
    stamped = Notification.objects.filter(emailed_at__isnull=False).count()

    workers.start(queue=queue)
    workers.wait_ready(queue)  # queued behind the email tasks still waiting: they ran first
    again = workers.send(REMINDERS, queue).get(timeout=60)
    lost = owed()  # the email the killed worker was sending: its task died with it
    swept = workers.send(SWEEP, queue, older_than_seconds=0).get(timeout=60)

    assert created == 2 * PAIRS, workers.logs()
    assert on_disk == stamped
    assert 5 <= on_disk < 2 * PAIRS
    assert again == 0, workers.logs()
    assert swept == lost == 1, workers.logs()
    assert workers.received() == due
    assert set(reminders_recorded().values()) == {1}
    assert owed() == 0


def test_a_worker_killed_half_way_through_the_reminder_run_loses_none(workers, due):
    queue = workers.start(delay=0.5, eager=True)
    workers.wait_ready(queue)
    workers.send(REMINDERS, queue)
    workers.wait_until_pausing_after(5)
    workers.processes[0].kill()
    workers.processes[0].wait(timeout=5)
    on_disk = sum(workers.received().values())
    recorded = Notification.objects.filter(kind="checkin_reminder").count()
    stamped = Notification.objects.filter(emailed_at__isnull=False).count()

    workers.start(queue=queue)
    workers.wait_ready(queue)
    rest = workers.send(REMINDERS, queue).get(timeout=90)
    # Queued behind the email tasks of the rest, so it finds only what the kill left owed.
    swept = workers.send(SWEEP, queue, older_than_seconds=0).get(timeout=60)

    # Killed while emailing a reminder: the ones before it sent, the rest not yet recorded.
    assert on_disk == stamped
    assert 5 <= stamped < recorded < 2 * PAIRS, workers.logs()
    assert rest == 2 * PAIRS - recorded, workers.logs()
    assert swept == recorded - stamped == 1, workers.logs()
    assert workers.received() == due
    assert set(reminders_recorded().values()) == {1}
    assert owed() == 0
