"""Settings for a real Celery worker started by a test: the test settings (its database comes
from DATABASE_URL, set by the test to the test database) with a file-writing, slow mail backend."""

from config.settings_test import *  # noqa: F403

EMAIL_BACKEND = "tests.support.mail.SlowFileBackend"
