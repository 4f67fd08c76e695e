"""Driehoek settings: one module, read from the environment.

Local use needs no configuration at all (SQLite under var/, console e-mail, DEBUG on).
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and EMAIL_URL;
`manage.py check --deploy` is then clean.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from driehoek.lib.email_url import parse_email_url
from driehoek.lib.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("DRIEHOEK_HOME", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("DRIEHOEK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Local use: a random key kept under var/ so sessions survive a restart.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Our apps first so their templates override Django's (login, password reset).
    "driehoek.accounts",
    "driehoek.roster",
    "driehoek.audit",
    "driehoek.front",
    "driehoek.api",
    "driehoek.roster_import",
    "driehoek.triangle",
    "driehoek.involvement",
    "driehoek.conversations",
    "driehoek.profiles",
    "driehoek.messaging",
    "driehoek.signals",
    "driehoek.care",
    "driehoek.privacy",
    "driehoek.operations",
    "driehoek.glossary",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "driehoek.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "driehoek.urls"
WSGI_APPLICATION = "driehoek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "driehoek.accounts.context_processors.roles",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------
# SQLite under var/ by default; DATABASE_URL=postgres://… selects PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'driehoek.sqlite3'}"
_database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
if _database["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database["OPTIONS"] = {
        # WAL lets readers continue while a write is in progress; IMMEDIATE avoids
        # "database is locked" errors when two requests upgrade to writers at once.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security --------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:home"
LOGOUT_REDIRECT_URL = "front:landing"

# Lock-out after repeated failures (django-axes): per e-mail address and IP address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form's field is "username" (axes would otherwise look for USERNAME_FIELD,
# "email", find nothing and lock out everyone behind the same IP address).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "driehoek.accounts.lockout.username_for_lockout"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None

# Invitations expire after this many days; staff must use two-factor authentication.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = "Driehoek"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "driehoek.front.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content security policy: everything from our own origin; scripts need a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- E-mail --------------------------------------------------------------------
for _name, _value in parse_email_url(env_str("EMAIL_URL", "console://")).items():
    globals()[_name] = _value
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Driehoek <noreply@driehoek.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work (django-tasks) -----------------------------------------------
# Immediate by default (nothing to run locally); TASKS_BACKEND=database queues in the
# database for `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_str("TASKS_BACKEND", "immediate") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "nl"
# Families read Driehoek in six languages; staff-only pages stay Dutch/English
# (docs/languages.md). Arabic is right-to-left (Django's LANGUAGES_BIDI has "ar").
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
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
MEDIA_ROOT = VAR_DIR / "media"
# In development the finders serve static files; production runs collectstatic first.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

ADMINS = [("Driehoek", a) for a in env_list("ADMIN_EMAILS")]

# --- Operations: cache, persistent connections, logs (see docs/deploy.md) ---------------
# Load-balancer probes of /healthz and /readyz may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# A cache shared by every worker and server: Redis when REDIS_URL is set (sessions then
# read through it, with the database as the record: cached_db), else the database
# (`migrate` creates the table). Locally and in tests: process memory. CACHE=locmem|database.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "driehoek",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif env_str("CACHE", "locmem" if DEBUG else "database") == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "driehoek_cache",
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# JSON log lines with e-mail addresses and phone numbers masked; one line per request
# with the route template (no ids, no user, no IP address). LOG_FORMAT=json|text.
from driehoek.operations.logs import logging_config  # noqa: E402

LOGGING = logging_config(
    level=env_str("LOG_LEVEL", "INFO"),
    json_lines=env_str("LOG_FORMAT", "text" if DEBUG else "json") == "json",
)
if env_bool("LOG_REQUESTS", not DEBUG):
    MIDDLEWARE.insert(1, "driehoek.operations.middleware.RequestLogMiddleware")
