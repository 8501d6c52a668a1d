"""The queue for real: a Celery worker process on the local Redis answers a task."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery

from mentorpath.core.tasks import ping

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_worker():
    redis.Redis.from_url(REDIS_URL).ping()
    queue = f"mentorpath-test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue,
         "--concurrency", "1", "--pool", "solo", "--without-gossip", "--without-mingle",
         "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        yield queue
    finally:
        worker.terminate()
        worker.wait(timeout=15)


@pytest.mark.xdist_group("redis")
def test_worker_on_redis_answers_ping(redis_worker):
    client = Celery("mentorpath-test-client", broker=REDIS_URL, backend=REDIS_URL)
    result = client.send_task(ping.name, queue=redis_worker)
    # The worker boots Django before it takes the task: on a loaded two-core machine that alone
    # has taken over 30 s, so the wait is generous (this tests the queue, not its speed).
    assert result.get(timeout=180) == "pong"
