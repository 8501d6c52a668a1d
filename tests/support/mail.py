"""Test-only email backends.

`SlowFileBackend` is what a real Celery worker in the tests sends through: one `.eml` file per
message in $MENTORPATH_TEST_MAIL_DIR, each written after sleeping $MENTORPATH_TEST_MAIL_DELAY
seconds, so a test can kill the worker while it is "talking to the mail server". A `.sending`
marker appears when each pause begins, so the test knows when the worker is in one.
"""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

MAIL_DIR_ENV = "MENTORPATH_TEST_MAIL_DIR"
DELAY_ENV = "MENTORPATH_TEST_MAIL_DELAY"


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        directory = Path(os.environ[MAIL_DIR_ENV])
        delay = float(os.environ.get(DELAY_ENV, "0"))
        for message in email_messages:
            name = uuid.uuid4().hex
            (directory / f"{name}.sending").touch()
            time.sleep(delay)
            # Written whole, then renamed: a reader never sees half a message.
            partial = directory / f".{name}.tmp"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(directory / f"{name}.eml")
        return len(email_messages)


class FailingForBackend(LocmemBackend):
    """locmem, except that sending to an address in settings.MAIL_FAIL_FOR raises OSError
    (as a refused SMTP recipient does)."""

    def send_messages(self, messages) -> int:
        for message in messages:
            if set(message.recipients()) & set(getattr(settings, "MAIL_FAIL_FOR", [])):
                raise OSError(f"mail server refused {message.recipients()}")
        return super().send_messages(messages)
