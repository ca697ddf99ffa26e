"""Settings come from the environment through strict parsers (dongtam/settings.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dongtam.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on", "True"])
def test_env_bool_true(monkeypatch, raw):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", " OFF "])
def test_env_bool_false(monkeypatch, raw):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", True) is False


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_or_empty_gives_default(monkeypatch, default):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", default) is default
    monkeypatch.setenv("X_FLAG", "")
    assert env_bool("X_FLAG", default) is default


@pytest.mark.parametrize("raw", ["2", "y", "n", "tru", "enabled", "có", "-1", "1.0"])
def test_env_bool_rejects_anything_else(monkeypatch, raw):
    """A typo must not silently turn DEBUG on or off."""
    monkeypatch.setenv("X_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be a boolean"):
        env_bool("X_FLAG", False)


def test_env_list(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example , ,b.example,")
    assert env_list("X_LIST", ["d"]) == ["a.example", "b.example"]
    monkeypatch.setenv("X_LIST", "  ")
    assert env_list("X_LIST", ["d"]) == ["d"]
    monkeypatch.delenv("X_LIST")
    assert env_list("X_LIST", ["d"]) == ["d"]


def test_env_int(monkeypatch):
    monkeypatch.setenv("X_INT", "600")
    assert env_int("X_INT", 0) == 600
    monkeypatch.setenv("X_INT", "")
    assert env_int("X_INT", 7) == 7
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_INT must be an integer"):
        env_int("X_INT", 0)


def load_settings(**env):
    """Imports the settings in a fresh interpreter with `env` on top of a clean base."""
    base = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS}
    base.update(env)
    code = (
        "import dongtam.settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.TASKS['default']['BACKEND'], "
        "s.ALLOWED_HOSTS, s.SITE_URL, s.MERIT_CERTIFICATE_PAGE_SIZE, "
        "s.MERIT_CERTIFICATE_TEXT_ONLY, sep='|')"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True
    )


_SETTINGS_VARS = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "TASKS_BACKEND",
    "MERIT_CERTIFICATE_PAGE_SIZE",
    "MERIT_CERTIFICATE_TEXT_ONLY",
}


def test_development_defaults():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    debug, engine, tasks, hosts, site, page, text_only = result.stdout.strip().split("|")
    assert debug == "True"
    assert engine == "django.db.backends.sqlite3"
    assert tasks == "django_tasks_db.DatabaseBackend"
    assert "127.0.0.1" in hosts
    assert site == "http://127.0.0.1:8000"
    assert (page, text_only) == ("A4 landscape", "False")


def test_production_values_are_read():
    result = load_settings(
        DEBUG="0",
        SECRET_KEY="s" * 50,
        DATABASE_URL="postgres://u:p@db.example:5432/dongtam",
        ALLOWED_HOSTS="cds.dongtam.example, www.cds.dongtam.example",
        SITE_URL="https://cds.dongtam.example/",
        TASKS_BACKEND="immediate",
        MERIT_CERTIFICATE_PAGE_SIZE="A3 landscape",
        MERIT_CERTIFICATE_TEXT_ONLY="yes",
    )
    assert result.returncode == 0, result.stderr
    debug, engine, tasks, hosts, site, page, text_only = result.stdout.strip().split("|")
    assert debug == "False"
    assert engine == "django.db.backends.postgresql"
    assert tasks == "django_tasks.backends.immediate.ImmediateBackend"
    assert hosts == "['cds.dongtam.example', 'www.cds.dongtam.example']"
    assert site == "https://cds.dongtam.example"  # no trailing slash in printed links
    assert (page, text_only) == ("A3 landscape", "True")


def test_secret_key_required_without_debug():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_bad_debug_value_stops_start_up():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_bad_tasks_backend_stops_start_up():
    result = load_settings(TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be 'db' or 'immediate'" in result.stderr
