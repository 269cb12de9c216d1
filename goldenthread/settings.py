"""Settings for Golden Thread, read from the environment.

Every secret may also come from a file named by ``<NAME>_FILE`` (for container secrets).
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """An environment value, or the contents of the file named by ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name!r} ({exc})") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: str = "false") -> bool:
    return (env(name, default) or "").strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value or default)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = envbool("DEBUG")
TESTING = "pytest" in sys.modules or envbool("GOLDENTHREAD_TESTING")

# GOLDENTHREAD_ENV=production refuses to start without real secrets; development (the default,
# for `make run` and tests) falls back to a key that `check --deploy` rejects.
PRODUCTION = (env("GOLDENTHREAD_ENV", "development") or "").lower() == "production"
_INSECURE_DEV_KEY = "django-insecure-development-only-key-never-use-in-production-5f3a9c"
SECRET_KEY = env("SECRET_KEY") or (None if PRODUCTION else _INSECURE_DEV_KEY)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is not set (GOLDENTHREAD_ENV=production needs it)")


ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "goldenthread.web",  # before allauth, so its templates wear the site's layout
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "goldenthread.core",
    "goldenthread.access",
    "goldenthread.audit",
    "goldenthread.governance",
    "goldenthread.referrals",
    "goldenthread.casework",
    "goldenthread.disclosures",
    "goldenthread.legal",
    "goldenthread.legalservices",
    "goldenthread.conferencing",
    "goldenthread.planning",
    "goldenthread.evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "goldenthread.access.middleware.SessionLifetimeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "goldenthread.web.csp.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "goldenthread.access.middleware.ActorMiddleware",
    "goldenthread.access.middleware.MfaRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "goldenthread.web.middleware.OnceMiddleware",
    "goldenthread.web.middleware.OutOfRangeIdMiddleware",
]

ROOT_URLCONF = "goldenthread.urls"
WSGI_APPLICATION = "goldenthread.wsgi.application"

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
                "goldenthread.web.context.shell",
            ],
        },
    }
]


def _database() -> dict[str, Any]:
    url = env("DATABASE_URL")
    if url is None and PRODUCTION:
        raise ImproperlyConfigured("DATABASE_URL is not set (GOLDENTHREAD_ENV=production needs it)")
    if url is None:
        path = Path(
            env("GOLDENTHREAD_SQLITE", str(BASE_DIR / "var" / "goldenthread.sqlite3")) or ""
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    try:
        # Persistent connections (docs/adr/0007-persistent-database-connections.md): a new
        # connection per request costs PostgreSQL a backend and cold caches every time.
        parsed = dj_database_url.parse(
            url,
            conn_max_age=envint("DB_CONN_MAX_AGE", 60),
            conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", "true"),
        )
        config: dict[str, Any] = dict(parsed)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL we can read ({exc})"
        ) from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL names no database engine we support")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with psycopg's C timestamp loader (goldenthread/core/postgresql).
        config["ENGINE"] = "goldenthread.core.postgresql"
        # Values bound on the server, so a statement's text repeats and psycopg prepares it
        # on its second run: parsed and planned once per connection (docs/adr/0014).
        if envbool("DB_SERVER_BINDING", "true"):
            config.setdefault("OPTIONS", {})["server_side_binding"] = True
            config["OPTIONS"]["prepare_threshold"] = envint("DB_PREPARE_THRESHOLD", 2)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on busy_timeout instead of failing half-way with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
                " PRAGMA foreign_keys=ON;"
            ),
        }
    return config


DATABASES = {"default": _database()}
# A kept PostgreSQL connection that made a cursor less than this many seconds ago skips the
# health check's SELECT 1 at a request's first query (docs/adr/0007, addendum; 0 checks always).
DB_HEALTH_CHECK_IDLE_SECONDS = envint("DB_HEALTH_CHECK_IDLE_SECONDS", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    # ASVS 5.0 level 2: at least 12 characters, checked against common passwords, no rotation.
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# Queries kept compiled per connection (core.compiled, ADR 15). Under test, every run of one
# is also built the plain way and must give the same SQL and parameters.
COMPILED_QUERIES = envbool("COMPILED_QUERIES", default="true")
COMPILED_QUERIES_CHECK = TESTING

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's and allauth's own, reading the user with a kept query (access/backends.py).
    "goldenthread.access.backends.ModelBackend",
    "goldenthread.access.backends.AccountBackend",
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_ADAPTER = "goldenthread.access.adapters.ClosedSignupAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_VERIFICATION = "none"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Golden Thread"
# Activity ("last seen" on My sessions) is written by SessionLifetimeMiddleware, at most once
# per SESSION_TOUCH_SECONDS, rather than by allauth on every request.
USERSESSIONS_TRACK_ACTIVITY = False

# Login throttling keyed on the username *and* address together, so nobody can lock another
# person out by failing on their username from elsewhere.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "goldenthread.access.adapters.axes_username"
# allauth's own limit on failed logins is keyed on the account too, which would let anyone lock
# an account; keep only its per-address limit and leave per-account throttling to axes.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = envbool("AXES_ENABLED", "true")

# HIPAA automatic logoff: an idle timeout, plus an absolute lifetime. Activity renews the
# session at most once a minute (SESSION_TOUCH_SECONDS), not with a write on every request.
# The database store, its session read kept compiled (ADR 15).
SESSION_ENGINE = "goldenthread.access.sessions"
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_TOUCH_SECONDS = envint("SESSION_TOUCH_SECONDS", 60)
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE = PRODUCTION
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and envbool("SECURE_SSL_REDIRECT", "true")
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if envbool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# English only: the project has no translations. With translation on, every URL reversed and
# every number a template writes asked asgiref's context-local for the active language: 8 to
# 9 % of a caseload request's samples in gunicorn (py-spy), gone with it off.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")) or "")
# The largest scan of a signed consent form accepted, in MB (disclosures: consent scans).
CONSENT_SCAN_MAX_MB = envint("CONSENT_SCAN_MAX_MB", 10)

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "goldenthread@localhost")
# For EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (legal-services reminders,
# warm hand-off notices).
EMAIL_HOST = env("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# models.W040: SQLite keeps no non-key columns in an index. The legal events' index of the site
# and analysis date carries them for PostgreSQL's index-only scan (evaluation.models); on
# SQLite the index works without them.
SILENCED_SYSTEM_CHECKS: list[str] = ["models.W040"]


def _derived_key(purpose: str) -> str:
    """Development and test only: a key derived from SECRET_KEY (docs/encryption.md)."""
    digest = hashlib.sha256(f"goldenthread {purpose}\x00{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Encryption at rest (docs/encryption.md): Fernet keys, comma-separated, the first encrypts
# and every one decrypts; `goldenthread rotate_keys` re-encrypts under the first. Identifier
# hash keys likewise (the first hashes, every one is tried in lookups).
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEYS")
IDENTIFIER_HASH_KEYS = envlist("IDENTIFIER_HASH_KEYS")
ENCRYPTION_KEYS_DERIVED = not (FIELD_ENCRYPTION_KEYS and IDENTIFIER_HASH_KEYS)
for _name, _value in (
    ("FIELD_ENCRYPTION_KEYS", FIELD_ENCRYPTION_KEYS),
    ("IDENTIFIER_HASH_KEYS", IDENTIFIER_HASH_KEYS),
):
    if PRODUCTION and not _value:
        raise ImproperlyConfigured(f"{_name} is not set (GOLDENTHREAD_ENV=production needs it)")
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_derived_key("field encryption")]
IDENTIFIER_HASH_KEYS = IDENTIFIER_HASH_KEYS or [_derived_key("identifier hash")]
