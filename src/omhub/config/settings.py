"""omhub settings, read from the environment so that one code base runs on a laptop and in a region.

OMHUB_ENV picks the profile: ``development`` (what ``make run`` uses: debug pages, demo accounts,
a generated secret), ``test`` (what the test suite uses) or ``production`` (the default, so that a
forgotten variable fails safe: no debug pages, secure cookies, a secret key and allowed hosts required).
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = Path(os.environ.get("OMHUB_PROJECT_DIR", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("OMHUB_VAR_DIR", PROJECT_DIR / "var"))

ENVIRONMENT = os.environ.get("OMHUB_ENV", "production")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"OMHUB_ENV must be development, test or production, not {ENVIRONMENT!r}")
IS_PRODUCTION = ENVIRONMENT == "production"

DEBUG = ENVIRONMENT == "development" and os.environ.get("OMHUB_DEBUG", "1") == "1"

# Demo accounts share a published password, so they may only ever sign in away from production.
DEMO_ACCOUNTS_ALLOWED = ENVIRONMENT in {"development", "test"}


def _secret_key() -> str:
    if key := os.environ.get("OMHUB_SECRET_KEY"):
        return key
    if IS_PRODUCTION:
        raise ImproperlyConfigured("Set OMHUB_SECRET_KEY: production needs a secret key of its own.")
    if ENVIRONMENT == "test":
        return "omhub-test-only-secret-key-not-for-use-anywhere-else"
    key_file = VAR_DIR / "development-secret-key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

_hosts = os.environ.get("OMHUB_ALLOWED_HOSTS")
if _hosts:
    ALLOWED_HOSTS = [host.strip() for host in _hosts.split(",") if host.strip()]
elif IS_PRODUCTION:
    raise ImproperlyConfigured("Set OMHUB_ALLOWED_HOSTS to the comma-separated host names omhub serves.")
else:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("OMHUB_CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "omhub.core",
    "omhub.accounts",
    "omhub.audit",
    "omhub.people",
    "omhub.casework",
    "omhub.calculations",
    "omhub.notifications",
    "omhub.jobeval",
    "omhub.home",
    "omhub.demo",
]

MIDDLEWARE = [
    "omhub.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "omhub.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "omhub.core.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "omhub.config.urls"
WSGI_APPLICATION = "omhub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "omhub.home.context_processors.service",
            ],
            "builtins": ["omhub.core.templatetags.govuk"],
        },
    }
]


def _databases() -> dict:
    default_sqlite = f"sqlite:///{VAR_DIR / 'omhub.sqlite3'}"
    url = os.environ.get("DATABASE_URL", default_sqlite)
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("OMHUB_DB_CONN_MAX_AGE", "60")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True) if config["NAME"] != ":memory:" else None
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock when a
            # transaction starts, so two writers queue instead of failing half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return {"default": config}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["omhub.accounts.backends.StaffBackend"]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout: this many failures in a row lock the account for this many minutes.
OMHUB_LOGIN_MAX_FAILURES = int(os.environ.get("OMHUB_LOGIN_MAX_FAILURES", "5"))
OMHUB_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("OMHUB_LOGIN_LOCKOUT_MINUTES", "15"))
# API tokens expire after this many days unless a shorter life is asked for.
OMHUB_API_TOKEN_DAYS = int(os.environ.get("OMHUB_API_TOKEN_DAYS", "30"))

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SECURE_HSTS_SECONDS = int(os.environ.get("OMHUB_HSTS_SECONDS", "31536000"))
    SECURE_SSL_REDIRECT = os.environ.get("OMHUB_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if os.environ.get("OMHUB_BEHIND_PROXY", "1") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("OMHUB_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [PROJECT_DIR / "frontend" / "dist"]
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": os.environ.get("OMHUB_MEDIA_ROOT", str(VAR_DIR / "files"))}},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


def _attachment_storage() -> dict:
    """Where work item attachments are kept: outside the database, in a storage chosen by configuration
    (local files by default; S3-compatible object storage through django-storages, with no code change)."""
    backend = os.environ.get("OMHUB_ATTACHMENT_STORAGE", "django.core.files.storage.FileSystemStorage")
    try:
        options = json.loads(os.environ.get("OMHUB_ATTACHMENT_STORAGE_OPTIONS", "") or "{}")
    except ValueError as error:
        raise ImproperlyConfigured(f"OMHUB_ATTACHMENT_STORAGE_OPTIONS must be a JSON object: {error}") from error
    if not isinstance(options, dict):
        raise ImproperlyConfigured('OMHUB_ATTACHMENT_STORAGE_OPTIONS must be a JSON object, like {"bucket_name": "x"}')
    if backend == "django.core.files.storage.FileSystemStorage":
        options.setdefault("location", os.environ.get("OMHUB_ATTACHMENT_ROOT", str(VAR_DIR / "attachments")))
        options.setdefault("file_permissions_mode", 0o640)
        options.setdefault("directory_permissions_mode", 0o750)
    return {"BACKEND": backend, "OPTIONS": options}


STORAGES["attachments"] = _attachment_storage()
# Attachments larger than this are refused (the allowed types are in omhub.casework.file_checks).
OMHUB_ATTACHMENT_MAX_MB = int(os.environ.get("OMHUB_ATTACHMENT_MAX_MB", "20"))
if OMHUB_ATTACHMENT_MAX_MB < 1:
    raise ImproperlyConfigured("OMHUB_ATTACHMENT_MAX_MB must be a whole number of megabytes, 1 or more")

# Development prints emails on the console unless OMHUB_EMAIL_BACKEND says otherwise; elsewhere, SMTP.
EMAIL_BACKEND = os.environ.get("OMHUB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
                               if ENVIRONMENT == "development" else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("OMHUB_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("OMHUB_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("OMHUB_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("OMHUB_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("OMHUB_EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("OMHUB_EMAIL_FROM", "omhub@localhost")
# Seconds to wait on the mail server before giving up (the email is retried by a later run).
EMAIL_TIMEOUT = int(os.environ.get("OMHUB_EMAIL_TIMEOUT", "30"))
# The address people reach omhub at, for the links in emails (default: the first allowed host).
OMHUB_BASE_URL = os.environ.get("OMHUB_BASE_URL") or (
    f"https://{ALLOWED_HOSTS[0]}" if IS_PRODUCTION else "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "omhub.core.request_context.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("OMHUB_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Background work: Django's tasks framework (the django-tasks backport until Django 6) with its queue in
# the database, so no broker is needed. `omhub worker` runs the tasks and the schedule below.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Jobs the worker enqueues on a schedule: name -> task and the local time each day it is due.
OMHUB_SCHEDULE = {
    "verify-audit-chain": {
        "task": "omhub.audit.tasks.verify_audit_chain",
        "daily_at": os.environ.get("OMHUB_AUDIT_VERIFY_AT", "02:00"),
    },
    "bring-forward-diary": {
        "task": "omhub.casework.tasks.run_diary",
        "daily_at": os.environ.get("OMHUB_DIARY_AT", "06:00"),
    },
    "confirmed-dates-check": {
        "task": "omhub.calculations.tasks.check_confirmed_dates",
        "daily_at": os.environ.get("OMHUB_CONFIRMED_CHECK_AT", "03:00"),
    },
    "casework-reminders": {
        "task": "omhub.casework.tasks.send_reminders",
        "daily_at": os.environ.get("OMHUB_REMINDERS_AT", "07:00"),
    },
}
# The diary still opens work counted after a key date (a referral after sentence) this many days late.
OMHUB_DIARY_CATCH_UP_DAYS = int(os.environ.get("OMHUB_DIARY_CATCH_UP_DAYS", "28"))

SERVICE_NAME = "Offender Management Hub"
SERVICE_PHASE = "beta"
