"""Mentorpath settings, driven by the environment (12-factor).

SQLite under var/ is the embedded default; set DATABASE_URL for PostgreSQL. With no
REDIS_URL, Celery tasks run eagerly in-process so the demo needs nothing but Python.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="insecure-dev-only-key-change-me" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "mentorpath.audit.apps.AuditedAdminConfig",  # django.contrib.admin, audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",
    "mentorpath.core",
    "mentorpath.accounts",
    "mentorpath.people",
    "mentorpath.programs",
    "mentorpath.matching",
    "mentorpath.mentoring",
    "mentorpath.feedback",
    "mentorpath.learning",
    "mentorpath.recognition",
    "mentorpath.succession",
    "mentorpath.announcements",
    "mentorpath.hris",
    "mentorpath.scim",
    "mentorpath.sso",
    "mentorpath.webhooks",
    "mentorpath.analytics",
    "mentorpath.notifications",
    "mentorpath.integrations",
    "mentorpath.exports",
    "mentorpath.privacy",
    "mentorpath.audit",
    "mentorpath.api",
    "mentorpath.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mentorpath.core.middleware.PersonTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mentorpath.core.periodic.EmbeddedBeatMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentorpath.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mentorpath.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "PG_JIT", default=False
):
    # PostgreSQL's JIT compiles the dashboard's costly-looking aggregates for longer than they
    # run (measured: 630-970 ms of compiling for a 300 ms query at 50k people); off halves the
    # organization dashboard. PG_JIT=true brings it back.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Single sign-on with OpenID Connect (docs/sso.md): on when OIDC_ISSUER and
# OIDC_CLIENT_ID are set. OIDC_CLIENT_SECRET empty means a public client (PKCE alone).
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_BUTTON_LABEL = env.str("OIDC_BUTTON_LABEL", default="single sign-on")
OIDC_CREATE_USERS = env.bool("OIDC_CREATE_USERS", default=True)
OIDC_TIMEOUT_SECONDS = env.float("OIDC_TIMEOUT_SECONDS", default=10.0)
# Logging out of an SSO session also ends it at the provider (RP-Initiated Logout 1.0).
OIDC_LOGOUT_AT_PROVIDER = env.bool("OIDC_LOGOUT_AT_PROVIDER", default=True)
# False: no password form, password login and reset refused, admin login sends to SSO.
LOCAL_LOGIN_ENABLED = env.bool("LOCAL_LOGIN_ENABLED", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mentorpath <noreply@example.com>")

# Security: strict by default, relaxed only where DEBUG serves plain http on localhost.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Celery: Redis when REDIS_URL is set; otherwise tasks run eagerly in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# One cache for every web and worker process when Redis is there (computed dashboards and
# comparison groups are shared); else each process keeps its own in memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "expire-mentor-requests": {
        "task": "mentorpath.matching.tasks.expire_requests",
        "schedule": 15 * 60,
    },
    "deliver-pending-notifications": {
        "task": "mentorpath.notifications.tasks.deliver_pending_notifications",
        "schedule": 5 * 60,
    },
    "mentoring-reminders": {
        "task": "mentorpath.mentoring.tasks.send_reminders",
        "schedule": 15 * 60,
    },
    "close-ended-programs": {
        "task": "mentorpath.mentoring.tasks.close_ended_programs",
        "schedule": 60 * 60,
    },
    "privacy-notes-retention": {
        "task": "mentorpath.privacy.tasks.purge_expired_notes",
        "schedule": 24 * 60 * 60,
    },
    "feedback-sweep": {
        "task": "mentorpath.feedback.tasks.send_feedback_requests",
        "schedule": 15 * 60,
    },
    "recognition-badges": {
        "task": "mentorpath.recognition.tasks.award_badges",
        "schedule": 30 * 60,
    },
    # Every minute, in seconds: webhook retries are due 1 min to 12 h after a failed attempt.
    "webhooks-sweep": {
        "task": "mentorpath.webhooks.tasks.send_due_webhooks",
        "schedule": 60,
    },
    "announcements-sweep": {
        "task": "mentorpath.announcements.tasks.send_due_announcements",
        "schedule": 5 * 60,
    },
    # Hourly, in seconds (the embedded beat runs plain intervals only, not crontabs): the
    # service sends each manager's digest once per ISO week, from Monday 07:00 their time.
    "weekly-digest": {
        "task": "mentorpath.analytics.tasks.send_weekly_digests",
        "schedule": 60 * 60,
    },
    # Every 2 minutes: a digest of the people data (60 ms at 50k people) and, when it has
    # changed (an HRIS import, SCIM, a pair started), retention's comparison groups counted
    # again (0.5 s), so the next dashboard does not wait for them.
    "analytics-outcomes": {
        "task": "mentorpath.analytics.tasks.count_outcomes",
        "schedule": 2 * 60,
    },
}

# Without a broker there is no beat: the web process runs due periodic jobs itself.
EMBEDDED_BEAT = env.bool("EMBEDDED_BEAT", default=not REDIS_URL)

# Let webhook endpoints be on private, loopback or link-local addresses (refused by default,
# so an endpoint cannot reach internal services or the cloud metadata address).
WEBHOOK_ALLOW_PRIVATE_NETWORKS = env.bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", default=False)

# Seconds a computed dashboard is reused for the same filters (0: compute on every view).
ANALYTICS_CACHE_SECONDS = env.int("ANALYTICS_CACHE_SECONDS", default=300)
# Compute a dashboard's heaviest parts (retention and promotion, pulse ratings) on database
# connections of their own, in parallel with the rest (PostgreSQL; see analytics.parallel).
ANALYTICS_PARALLEL = env.bool("ANALYTICS_PARALLEL", default=True)
# Notes of pairs in programs closed more than this many days ago are deleted by a daily sweep
# (mentorpath.privacy). 0 keeps them forever.
NOTES_RETENTION_DAYS = env.int("NOTES_RETENTION_DAYS", default=365)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

VAR_DIR.mkdir(exist_ok=True)
