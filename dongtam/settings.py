"""Settings, read from the environment with strict parsers (safe development defaults).

DATABASE_URL  SQLite file in the project root when unset; postgres://… in production.
SECRET_KEY    required when DEBUG is off.
DEBUG         "1"/"true"/"yes" or "0"/"false"/"no" (default: on for development).
ALLOWED_HOSTS comma-separated.
SITE_URL      base address printed on certificates (QR verification links).
TASKS_BACKEND "db" (a worker runs `manage.py db_worker`) or "immediate" (tests, one-off runs).
"""

import json
import os
from pathlib import Path

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


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-dongtam"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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
    "households",
    "scoring",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (web + task worker) share one SQLite file in development.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: a 50,000-row workbook is a few MB; keep a generous but finite cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ROSTER_UPLOAD_MAX_BYTES = env_int("ROSTER_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)

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

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
