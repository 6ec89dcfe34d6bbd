"""Settings for Casus, read from the environment (every variable is listed in the README).

Development defaults apply only when DEBUG is on; production (DEBUG off) refuses to start
without its secrets and hosts.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_int(name, default):
    value = os.environ.get(name)
    return default if not value else int(value)


DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("DEMO", False)

# Development-only fallbacks. They are public, so they are refused when DEBUG is off.
_DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"  # noqa: S105
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLWxvbmc="  # 32 bytes, base64
_DEV_INDEX_KEY = "ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyYnl0ZXM="
_DEV_AUDIT_KEY = "ZGV2LW9ubHktYXVkaXQtaG1hYy1rZXktMzItYnl0ZXM="
_DEV_CHECK_KEY = "ZGV2LW9ubHktbGFuZGVsaWprZS1jaGVjay1rZXktMzI="


def _secret(name, dev_default):
    value = env(name)
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")


SECRET_KEY = _secret("SECRET_KEY", _DEV_SECRET_KEY)
# Field encryption (AES-GCM) key, base64 of 32 bytes; earlier keys for rotation, comma-separated.
FIELD_ENCRYPTION_KEY = _secret("FIELD_ENCRYPTION_KEY", _DEV_FIELD_KEY)
FIELD_ENCRYPTION_OLD_KEYS = [k for k in env("FIELD_ENCRYPTION_OLD_KEYS", "").split(",") if k]
# Blind index (HMAC-SHA256) key for exact BSN lookups, base64 of 32 bytes.
BLIND_INDEX_KEY = _secret("BLIND_INDEX_KEY", _DEV_INDEX_KEY)
# HMAC key for the audit hash chain; never stored in the database.
AUDIT_HMAC_KEY = _secret("AUDIT_HMAC_KEY", _DEV_AUDIT_KEY)
# Key shared by the houses taking part in the landelijke check (pseudonym = HMAC over the BSN).
LANDELIJKE_CHECK_KEY = _secret("LANDELIJKE_CHECK_KEY", _DEV_CHECK_KEY)


def _refuse_weak_keys():
    """Production refuses the published development keys and keys that are not base64 of
    32 bytes; the message names the variable, never its value."""
    from core.crypto import decode_key

    if SECRET_KEY == _DEV_SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY is the published development key.")
    published = {_DEV_FIELD_KEY, _DEV_INDEX_KEY, _DEV_AUDIT_KEY, _DEV_CHECK_KEY}
    for name, value in (
        ("FIELD_ENCRYPTION_KEY", FIELD_ENCRYPTION_KEY),
        *(("FIELD_ENCRYPTION_OLD_KEYS", key) for key in FIELD_ENCRYPTION_OLD_KEYS),
        ("BLIND_INDEX_KEY", BLIND_INDEX_KEY),
        ("AUDIT_HMAC_KEY", AUDIT_HMAC_KEY),
        ("LANDELIJKE_CHECK_KEY", LANDELIJKE_CHECK_KEY),
    ):
        if value in published:
            raise ImproperlyConfigured(f"{name} is a published development key.")
        try:
            decode_key(value, name)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be base64 of 32 bytes.") from None


if not DEBUG:
    _refuse_weak_keys()

_hosts = [h.strip() for h in env("ALLOWED_HOSTS", "").split(",") if h.strip()]
if not _hosts:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
    _hosts = ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS = _hosts
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "partners.admin_apps.CasusAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "guardian",
    "axes",
    "auditlog",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "audit",
    "partners",
    "casus",
    "aanmelding",
    "privacy",
    "landelijke_check",
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.NoStoreMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partners.middleware.SessionLimitMiddleware",
    "partners.middleware.SecondFactorRequiredMiddleware",
    "partners.middleware.TenantMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "audit.middleware.DenialAuditMiddleware",
]

# The Django admin: off in production unless asked for. Where on, it shows no second-factor
# devices and every write is audited (partners/admin_site.py).
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", DEBUG)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.context_processors.current",
            ],
        },
    }
]

# PostgreSQL in tests, CI and production; SQLite only when DATABASE_URL is unset (make demo).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Every view runs in one transaction of its own (audit.transaction.audited_view, applied to
# every URL in config/urls.py), not ATOMIC_REQUESTS: its audit rows commit or roll back with its
# work, and the audit chain is locked only for the last step before commit, after rendering.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo database. Several requests write at once (runserver's threads, a page and the
    # browser's own requests): WAL lets readers go on beside the one writer, and every
    # transaction takes the write lock at BEGIN IMMEDIATE, so a writer that finds it taken
    # waits (SQLite's busy timeout, `timeout` seconds) instead of failing with "database is
    # locked" when its read transaction later tries to become a write. The audit recorder's
    # process lock is taken only inside such a transaction, so always after the write lock
    # (the reasoning is at `_sqlite_lock` in audit/recorder.py).
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partners.Medewerker"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "partners.password_validation.MinimaleLengteValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A start password (set by a beheerder or `maak_beheerder`) stops working after this many days.
START_PASSWORD_DAYS = env_int("START_PASSWORD_DAYS", 7)
LOGIN_URL = "partners:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "partners:login"

# Sessions: inactivity timeout and an absolute limit, both in minutes.
SESSION_INACTIVITY_MINUTES = env_int("SESSION_INACTIVITY_MINUTES", 15)
SESSION_ABSOLUTE_MINUTES = env_int("SESSION_ABSOLUTE_MINUTES", 600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# django-otp
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Casus")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_BACKUP_CODES = 10

# django-axes: lockout after 5 failed attempts per username *and* address, so that nobody can
# lock another person out from elsewhere, and a shared office address (NAT) is not locked for
# everyone. Across addresses a username is slowed down (partners/vertraging.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Attempts against a locked pair neither extend its lockout nor count for the slow-down: one
# address cannot keep slowing an account down for everyone.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_SLOWDOWN_AFTER = env_int("LOGIN_SLOWDOWN_AFTER", 5)
LOGIN_SLOWDOWN_MAX_SECONDS = env_int("LOGIN_SLOWDOWN_MAX_SECONDS", 60)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "partners/lockout.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# django-guardian: no anonymous user object; grants go to organisation groups.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = True

# django-auditlog: the audit issue masks encrypted fields and protects its table.
AUDITLOG_INCLUDE_ALL_MODELS = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files whitenoise answers at the site's root before any other middleware runs: the browser's
# own /favicon.ico request never opens a session, a transaction or an audit row.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
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

# Security headers. A strict CSP: no inline script, no external origins.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe the health check over plain HTTP and count a redirect as a failure.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Audit log: signed checkpoints are written outside the database.
AUDIT_CHECKPOINT_DIR = Path(
    env("AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints"))
)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 5 * 365)
# Lets Django's TRUNCATE-based flush empty the audit tables; the test suite alone sets it.
AUDIT_ALLOW_FLUSH = False

# Background jobs (casus/tasks.py) on django-tasks with its database backend: `manage.py
# taken_inplannen` enqueues them (a systemd timer, deploy/systemd/), `manage.py db_worker`
# runs them; several workers on several machines each claim a task row with
# SELECT ... FOR UPDATE SKIP LOCKED, so every queued run is done once (README).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# The address users reach Casus at, for the link in notification mails (no trailing slash).
# In production it defaults to https:// and the first of ALLOWED_HOSTS.
CASUS_BASIS_URL = env(
    "CASUS_BASIS_URL",
    f"http://127.0.0.1:{env('PORT', '8000')}" if DEBUG else f"https://{ALLOWED_HOSTS[0]}",
).rstrip("/")

# Mail (notification mails only). Development and the demo print mails to the console (in the
# demo: the worker's log, var/demo-worker.log); production sends through SMTP.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Casus <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}
