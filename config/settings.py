"""Reconnect settings: one file, read from the environment.

RECONNECT_ENV selects the profile: "development" (default: DEBUG on, embedded SQLite under var/),
"test", or "production" (refuses to start without a real SECRET_KEY; secure cookies, HSTS).
DATABASE_URL switches to PostgreSQL (or another SQLite file).
"""

import os
from pathlib import Path
from typing import TypedDict

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """Return an environment variable as a string."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return an environment variable as a boolean ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Return an environment variable as an integer."""
    value = os.environ.get(name)
    return int(value) if value else default


RECONNECT_ENV = env_str("RECONNECT_ENV", "development")
PRODUCTION = RECONNECT_ENV == "production"
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production-0123456789abcdef"  # noqa: S105

SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (
    len(SECRET_KEY) < 50
    or SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "Production needs a real SECRET_KEY (at least 50 random characters) in the environment."
    )

# Field encryption keys (see reconnect/core/crypto.py): "id:base64key,..."; the first encrypts.
FIELD_ENCRYPTION_KEYS = env_str("RECONNECT_FIELD_KEYS")
if PRODUCTION and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("Production needs RECONNECT_FIELD_KEYS (see README, Encryption).")

DEBUG = env_bool("DEBUG", default=RECONNECT_ENV == "development")
ALLOWED_HOSTS = [h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "reconnect.core",
    "reconnect.people",
    "reconnect.access",
    "reconnect.accounts",
    "reconnect.journal",
    "reconnect.safety",
    "reconnect.measures",
    "reconnect.radar",
    "reconnect.relational",
    "reconnect.contact",
    "reconnect.notifications",
    "reconnect.conversations",
    "reconnect.groups",
    "reconnect.consent",
    "reconnect.supporters",
    "reconnect.records",
    "reconnect.home",
    "reconnect.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /healthz answers here: before host validation (a proxy probes it by address) and sessions.
    "reconnect.core.middleware.HealthProbeMiddleware",
    "reconnect.core.middleware.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "reconnect.people.middleware.SessionLimitsMiddleware",
    "reconnect.people.middleware.StaffTwoFactorMiddleware",
    # Every time and day a person sees is in their own time zone (people/timezones.py).
    "reconnect.people.timezones.TimeZoneMiddleware",
    # A client who chose a discreet look sees "Journal" everywhere (core/appearance.py).
    "reconnect.contact.middleware.DiscreetLookMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "reconnect.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "csp.context_processors.nonce",
                "reconnect.core.context.site",
            ],
            "builtins": ["reconnect.core.templatetags.links"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------------
VAR_DIR = Path(env_str("RECONNECT_VAR_DIR", str(BASE_DIR / "var")))
SQLITE_OPTIONS = {
    # Durability and concurrency (security-reference #29): asserted on every connection by a
    # system check and by reconnect.core.db on connection_created. secure_delete overwrites
    # removed content in the file, so a deleted account leaves no readable trace (#28).
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
        "PRAGMA busy_timeout=20000; PRAGMA secure_delete=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "reconnect.sqlite3"),
        }
    }
if "sqlite" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": env_str("RECONNECT_TEST_SQLITE") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "reconnect.people.backends.MemberBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "reconnect.people.passwords.MaximumLengthValidator"},
]
LOGIN_URL = "accounts:sign_in"
# Welcome and password-reset links work once, within 24 hours.
PASSWORD_RESET_TIMEOUT = 24 * 3600
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"

# django-axes: lock the (username, IP) pair, so an attacker cannot lock out the real user
# from elsewhere (security-reference #17, ASVS 6.1.1); and the account as a whole after a
# higher number, so guessing spread over many addresses is bounded too
# (reconnect/accounts/lockout.py). Every "password again" form counts toward the same limits.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
RECONNECT_ACCOUNT_FAILURE_LIMIT = env_int("RECONNECT_ACCOUNT_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "reconnect.accounts.lockout.AccountLockoutHandler"
AXES_LOCKOUT_CALLABLE = "reconnect.accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "reconnect.accounts.lockout.attempted_username"
AXES_CLIENT_STR_CALLABLE = "reconnect.accounts.lockout.client_str"
# Guesses made while paused are not counted: one address can add at most AXES_FAILURE_LIMIT to
# the account's count, so pausing the account takes guesses from several addresses.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The client address comes from one function (trusted proxies only) for axes and the audit trail.
RECONNECT_TRUSTED_PROXIES = env_str("RECONNECT_TRUSTED_PROXIES", "0")
AXES_CLIENT_IP_CALLABLE = "reconnect.core.network.client_ip"

OTP_TOTP_ISSUER = "Reconnect"
OTP_TOTP_THROTTLE_FACTOR = 1

# Session limits (security-reference #18): idle sign-out for staff and for everyone else, and an
# absolute limit after which everyone signs in again.
STAFF_IDLE_MINUTES = env_int("RECONNECT_STAFF_IDLE_MINUTES", 15)
CLIENT_IDLE_MINUTES = env_int("RECONNECT_CLIENT_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = env_int("RECONNECT_SESSION_ABSOLUTE_HOURS", 12)
SESSION_IDLE_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "reconnect.core.views.csrf_failure"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Security headers ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health probe comes over plain loopback
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- Cache --------------------------------------------------------------------------------------
# The API rate limits are counted in the default cache, so every server process must share it:
# gunicorn runs several workers, and an in-memory cache each would multiply every limit.
# RECONNECT_CACHE: "locmem" (one process: development and tests), "database" (a table in the
# database, production's default; `reconnect serve` creates it) or "file:/path".
RECONNECT_CACHE = env_str("RECONNECT_CACHE", "database" if PRODUCTION else "locmem").strip()
CACHE_TABLE = "reconnect_cache"


def _cache(spec: str) -> dict[str, str]:
    if spec == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if spec == "database":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    if spec.startswith("file:") and spec[5:].strip():
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": spec[5:].strip(),
        }
    raise ImproperlyConfigured(
        f"RECONNECT_CACHE must be locmem, database or file:/path (it is {spec!r})."
    )


CACHES = {"default": _cache(RECONNECT_CACHE)}

# --- Static files, email, tasks, logging --------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles"))) if PRODUCTION else None
# Outside production, static files are found where they lie and looked up when asked for, not
# listed when a server (or a test's client) starts; production lists its collected files once.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where Django's file-based email backend writes each email (browser tests read them there).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# The console backend prints every email, sign-in links included, into the logs: production
# refuses it (reconnect.E010) unless this is set on purpose.
ALLOW_CONSOLE_EMAIL = env_bool("RECONNECT_ALLOW_CONSOLE_EMAIL", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Reconnect <no-reply@reconnect.invalid>")
# The SMTP relay for the smtp backend; TLS by default whenever a password is sent.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=bool(EMAIL_HOST_PASSWORD))
EMAIL_TIMEOUT = 10

# Embedded run: tasks start at once on a background thread (reconnect.core.tasks_backend);
# tests run them inline; production queues them in the database for `reconnect db_worker`
# (which `reconnect serve` runs), so no task is lost with a web process.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if RECONNECT_ENV == "test"
            else "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "reconnect.core.tasks_backend.InProcessBackend",
        ),
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# Phone numbers (reconnect/contact): read as US numbers unless written with +country, stored E.164.
PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Logs carry ids only: never names, free text or answers (security-reference #14).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Sign-in, reset and invitation links never reach a log: their tokens are blanked.
    "filters": {
        "no_link_tokens": {"()": "reconnect.core.logfilters.RedactLinkTokens"},
        "one_line": {"()": "reconnect.core.logfilters.OneLine"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_link_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Anyone can send a Host that is not ours: a line each, not a traceback each.
        "django.security.DisallowedHost": {"filters": ["one_line"]},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # The provider library logs each request's URL and headers at INFO: keep them out.
        "twilio": {"level": "WARNING"},
    },
}

SILENCED_SYSTEM_CHECKS: list[str] = []


class ReconnectSettings(TypedDict):
    """The project's own settings, one type per key (Django reads only upper-case names)."""

    PROGRAM_NAME: str
    QUICK_EXIT_URL: str
    DEMO: bool
    AUDITC_ENABLED: bool
    RC_PARAMS: str
    TRANSCRIPT_DAYS: int
    RELATIONAL_MODEL: str
    EMERGENCY_DAILY_LIMIT: int
    TOKEN_DAYS: int
    STAFF_TOKEN_DAYS: int
    API_RATE_PER_TOKEN: str
    API_RATE_PER_IP: str
    BACKUP_DIR: Path
    BACKUP_KEEP: int
    DAILY_AT: str
    SMS_BACKEND: str
    SMS_DAILY_LIMIT: int
    QUIET_HOURS: str
    PUBLIC_URL: str
    GROUP_POSTS_HELD: int
    GROUP_LINKS: bool


RECONNECT: ReconnectSettings = {
    "PROGRAM_NAME": env_str("RECONNECT_PROGRAM_NAME", "Reconnect"),
    "QUICK_EXIT_URL": env_str("RECONNECT_QUICK_EXIT_URL", "https://www.weather.gov/"),
    "DEMO": env_bool("RECONNECT_DEMO", default=not PRODUCTION),
    # AUDIT-C's licence is unclear for commercial use (clinical-reference §9): off by default.
    "AUDITC_ENABLED": env_bool("RECONNECT_ENABLE_AUDITC", default=False),
    # Reliable-change parameters (SD, reliability); default: reconnect/measures/rc_params.json.
    "RC_PARAMS": env_str("RECONNECT_RC_PARAMS"),
    # Session transcripts are purged after this many days; analysis summaries stay.
    "TRANSCRIPT_DAYS": env_int("RECONNECT_TRANSCRIPT_DAYS", 30),
    # Which relational model codes the sessions clinicians upload: "default" or "strong".
    "RELATIONAL_MODEL": env_str("RECONNECT_RELATIONAL_MODEL", "default"),
    # Break-glass: records one clinician may open in an emergency in any 24 hours.
    "EMERGENCY_DAILY_LIMIT": env_int("RECONNECT_EMERGENCY_DAILY_LIMIT", 3),
    # API tokens: how long they last (staff at most STAFF_TOKEN_DAYS), and the rate limits per
    # token and per client address ("count/period"; empty turns one off). Counted in the
    # default cache (RECONNECT_CACHE, shared by every server process in production). The test
    # profile leaves them off (the in-memory cache outlives each test); tests of the limits
    # set them.
    "TOKEN_DAYS": env_int("RECONNECT_TOKEN_DAYS", 90),
    "STAFF_TOKEN_DAYS": env_int("RECONNECT_STAFF_TOKEN_DAYS", 30),
    "API_RATE_PER_TOKEN": env_str(
        "RECONNECT_API_RATE_PER_TOKEN", "" if RECONNECT_ENV == "test" else "600/m"
    ),
    "API_RATE_PER_IP": env_str(
        "RECONNECT_API_RATE_PER_IP", "" if RECONNECT_ENV == "test" else "3000/m"
    ),
    # `reconnect serve` backs up daily into this folder and keeps the newest BACKUP_KEEP;
    # /healthz reports the age of the newest.
    "BACKUP_DIR": Path(env_str("RECONNECT_BACKUP_DIR", str(VAR_DIR / "backups"))),
    "BACKUP_KEEP": env_int("RECONNECT_BACKUP_KEEP", 14),
    # Local time (TIME_ZONE) of the daily jobs: radar refresh, transcript purge, backup.
    "DAILY_AT": env_str("RECONNECT_DAILY_AT", "02:30"),
    # Peer groups: a new member's first posts wait for a facilitator (clinical-reference §4.2),
    # and links in posts are plain text unless the program allows them.
    "GROUP_POSTS_HELD": env_int("RECONNECT_GROUP_POSTS_HELD", 3),
    "GROUP_LINKS": env_bool("RECONNECT_GROUP_LINKS", default=False),
    # Texts (README, Text messages): "outbox" keeps them in a table and sends nothing;
    # "twilio" sends them with the TWILIO_* account below.
    "SMS_BACKEND": env_str("RECONNECT_SMS_BACKEND", "outbox"),
    # At most this many texts we start to one client in their day (replies to theirs aside).
    "SMS_DAILY_LIMIT": env_int("RECONNECT_SMS_DAILY_LIMIT", 3),
    # Notifications wait out these hours in the recipient's time zone ("" for none); what the
    # client asked for (a reminder at their time) and urgent items to staff do not wait.
    "QUIET_HOURS": env_str("RECONNECT_QUIET_HOURS", "21:00-08:00"),
    # The address people reach Reconnect at (https://…): links in texts and emails, and the
    # provider's status callbacks, which are signed over this address.
    "PUBLIC_URL": env_str("RECONNECT_PUBLIC_URL").rstrip("/"),
}

# The text provider's account (RECONNECT_SMS_BACKEND=twilio). TWILIO_API_BASE replaces
# https://api.twilio.com, only for tests and staging.
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN")
TWILIO_FROM_NUMBER = env_str("TWILIO_FROM_NUMBER")
TWILIO_API_BASE = env_str("TWILIO_API_BASE")
