"""Test settings: the real settings with fast hashing and http cookies for the test client."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Uploaded files of the tests (and of the demo seeds they run) in a temporary folder, never in
# var/media; set in the environment so the worker processes some tests start share it.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="mentorpath-test-media-"))

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than memory, so a real Celery worker process can share the test database
    # (tests/notifications/test_worker_exactly_once.py); one per test process, so runs never meet.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"mentorpath-test-{os.getpid()}.sqlite3")
    }
EMBEDDED_BEAT = False  # tests run periodic jobs explicitly
ANALYTICS_CACHE_SECONDS = 0  # each test computes the figures of its own data
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # per process
