"""Settings, read from the environment with strict parsers (safe development defaults).

DATABASE_URL  SQLite file in the project root when unset; postgres://… in production.
SECRET_KEY    required when DEBUG is off.
DEBUG         "1"/"true"/"yes" or "0"/"false"/"no" (default: on for development).
ALLOWED_HOSTS comma-separated; required when DEBUG is off.
SITE_URL      base address printed on certificates (QR verification links); required when
              DEBUG is off (no loopback default on a server).
TASKS_BACKEND "db" (a worker runs `manage.py db_worker`) or "immediate" (tests, one-off runs).

With DEBUG off the app assumes a TLS-terminating proxy in front (README, "Production"):
secure cookies, HSTS, SSL redirect and X-Forwarded-Proto are on, each switchable off.
"""

import datetime
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dongtam.formats.vi import formats as _vi_formats

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def env_site_url(name: str, default: str | None) -> str:
    """An http(s) base address without a trailing slash; required when default is None."""
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        if default is None:
            raise ImproperlyConfigured(
                f"{name} must be set when DEBUG is off: the public address (https://…) "
                "printed under certificate QR codes"
            )
        return default
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// address, got {raw!r}")
    return raw.rstrip("/")


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-dongtam"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000" if DEBUG else None)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "households",
    "scoring",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dongtam.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "households.sessions.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dongtam.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the Vietnamese lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dongtam.urls"
WSGI_APPLICATION = "dongtam.wsgi.application"

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
                "households.context_processors.current_role",
            ],
        },
    },
]

# Persistent connections on a server, each checked before a request reuses it: after a
# PostgreSQL restart the first request gets a fresh connection instead of an error.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (web + task worker) share one SQLite file in development.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's four validators with Vietnamese messages (households/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "households.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "households.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "households.passwords.CommonPasswordValidator"},
    {"NAME": "households.passwords.NumericPasswordValidator"},
]
# Log-in throttling (django-axes): AXES_FAILURE_LIMIT wrong passwords lock the account
# (whatever the address) and the address (whatever the account) for AXES_COOLOFF_MINUTES.
# Unlock early with `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` (README).
AUTHENTICATION_BACKENDS = [
    "dongtam.auth.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [
    # "username,ip_address": each on its own; "ip_address+username": only the pair.
    [part.strip() for part in item.split("+")]
    for item in env_list("AXES_LOCKOUT_PARAMETERS", ["username", "ip_address"])
]
for _combination in AXES_LOCKOUT_PARAMETERS:
    for _part in _combination:
        if _part not in {"username", "ip_address", "user_agent"}:
            raise ImproperlyConfigured(
                "AXES_LOCKOUT_PARAMETERS takes username, ip_address, user_agent "
                f"(comma-separated, + for a pair), got {_part!r}"
            )
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "dongtam.ratelimit.client_ip"
# Proxies in front of the app that append to X-Forwarded-For (nginx, Caddy: 1). Their count
# decides which address is the client's; 0 trusts only the socket's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0 if DEBUG else 1, minimum=0)

# Sessions end after SESSION_IDLE_TIMEOUT minutes without a request (shared office
# computers): the session's expiry is moved forward by requests, at most once a minute
# (households/sessions.py), so pages do not write the session each time.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30, minimum=2)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT * 60

# One cache shared by every app server and worker (the rate limits of dongtam/ratelimit.py
# must count across processes): a table in the same database, made by
# `manage.py createcachetable` (bin/run, bin/serve; the test database gets it by itself).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "dongtam_cache",
    }
}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are shown dd/mm/yyyy everywhere (Vietnamese administrative usage).
FORMAT_MODULE_PATH = ["dongtam.formats"]
DATE_INPUT_FORMATS = _vi_formats.DATE_INPUT_FORMATS

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Where `manage.py backup` writes its archives when no --output is given.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
# With DEBUG off static files are served by WhiteNoise from `collectstatic`'s output, with
# hashed names and compressed copies (bin/serve runs collectstatic). Development and tests
# serve them from the source folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: a 50,000-row workbook is a few MB; keep a generous but finite cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Roster workbooks are bounded before they are parsed (scoring/importing/limits.py): a ward's
# 50,000-row roster is ~3 MB packed, ~40 MB unpacked, 17 columns.
ROSTER_UPLOAD_MAX_BYTES = env_int("ROSTER_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
ROSTER_MAX_UNPACKED_BYTES = env_int("ROSTER_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
ROSTER_MAX_ROWS = env_int("ROSTER_MAX_ROWS", 100_000)
ROSTER_MAX_COLUMNS = env_int("ROSTER_MAX_COLUMNS", 60)
ROSTER_MAX_CELL_CHARS = env_int("ROSTER_MAX_CELL_CHARS", 1_000)
# The browser lists the first problems of a refused file, then "và M lỗi khác".
ROSTER_MAX_ERRORS_SHOWN = env_int("ROSTER_MAX_ERRORS_SHOWN", 200)
# The public certificate check (/xac-minh/): requests per address per minute.
VERIFY_RATE_PER_MINUTE = env_int("VERIFY_RATE_PER_MINUTE", 30)

TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
if TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'db' or 'immediate'")

# Printing: page size of the Giấy khen ("A4 landscape" by default; "A3 landscape" for
# pre-printed blanks) and whether to print only the variable fields on a pre-printed form.
MERIT_CERTIFICATE_PAGE_SIZE = os.environ.get("MERIT_CERTIFICATE_PAGE_SIZE", "A4 landscape")
MERIT_CERTIFICATE_TEXT_ONLY = env_bool("MERIT_CERTIFICATE_TEXT_ONLY", False)
# Text-only mode: where each variable field goes on the blank, in mm from the sheet's top-left
# corner, as JSON, e.g. {"recipient": {"x": 40, "y": 120, "width": 340, "size": 28}}. Fields:
# recipient, position, achievement, decision, gold_book, place_date, signer_title,
# signer_name; those not given keep defaults drawn for A4 landscape, scaled to the page
# (awards/pdf/merit.py).
try:
    MERIT_CERTIFICATE_FIELD_POSITIONS = json.loads(
        os.environ.get("MERIT_CERTIFICATE_FIELD_POSITIONS") or "{}"
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"MERIT_CERTIFICATE_FIELD_POSITIONS must be JSON: {exc}") from exc

# Batch printing (awards/printing/chunked.py): pages per chunk (one WeasyPrint document each,
# which bounds a process's memory) and worker processes (0 = one per CPU available).
PRINT_CHUNK_PAGES = env_int("PRINT_CHUNK_PAGES", 200)
PRINT_PROCESSES = env_int("PRINT_PROCESSES", 0)
if PRINT_CHUNK_PAGES < 1 or PRINT_PROCESSES < 0:
    raise ImproperlyConfigured("PRINT_CHUNK_PAGES must be ≥ 1 and PRINT_PROCESSES ≥ 0")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Security headers and TLS -----------------------------------------------------------
# Content-Security-Policy (django-csp): no inline script or style anywhere — templates use
# static/js and static/css only (PDF templates are rendered by WeasyPrint, not browsers).
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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Permissions-Policy (dongtam/middleware.py): the camera for a later QR scanner, nothing else.
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "camera=(self), geolocation=(), microphone=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()",
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Error pages: templates/400.html, 403.html, 403_csrf.html (Django's CSRF failure view uses
# it), 404.html, 500.html and 503.html (database unreachable), all in Vietnamese.

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if env_bool("SECURE_PROXY_SSL_HEADER", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Change reasons carry people's words (a return comment, a correction's reason): a text
# column, not django-simple-history's default varchar(100), which PostgreSQL enforces.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
