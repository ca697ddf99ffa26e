"""Production start (INTERFACES.md, "Production"): the pre-flight check of bin/serve,
`check --deploy` with the documented environment, and bin/serve itself."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from dongtam.production import is_loopback, production_problems

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_VARS = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "TASKS_BACKEND",
    "ADDRESS",
    "WEB_CONCURRENCY",
    "TASK_WORKERS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "MEDIA_ROOT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by tests/conftest.py for Playwright; never on a server
}


def production_env(**overrides):
    """The production environment README.md documents, on top of a clean base."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48)[:50],
        ALLOWED_HOSTS="cds.dongtam.example",
        SITE_URL="https://cds.dongtam.example",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST",
        "app.localhost",
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "[::1]",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "localhost.",
    ],
)
def test_loopback_hosts(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["cds.dongtam.example", "10.0.0.5", "203.0.113.9", "2001:db8::1"])
def test_reachable_hosts(host):
    assert not is_loopback(host)


def _settings(debug=False, site_url="https://cds.dongtam.example"):
    return SimpleNamespace(DEBUG=debug, SITE_URL=site_url)


FULL = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "a.example", "SITE_URL": "https://a.example"}


def test_complete_environment_has_no_problem():
    assert production_problems(_settings(), FULL) == []


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
def test_each_missing_variable_is_named(missing):
    env = {k: v for k, v in FULL.items() if k != missing}
    problems = production_problems(_settings(), env)
    assert len(problems) == 1 and problems[0].startswith(f"{missing} must be set")


def test_debug_and_loopback_site_url_are_named():
    problems = production_problems(_settings(True, "http://127.0.0.1:8000"), FULL)
    assert problems[0].startswith("DEBUG is on")
    assert problems[1].startswith("SITE_URL must be the public address")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEB_CONCURRENCY", "0"),
        ("WEB_CONCURRENCY", "four"),
        ("TASK_WORKERS", "-1"),
        ("ADDRESS", "8000"),
        ("ADDRESS", "0.0.0.0:http"),
    ],
)
def test_bad_numbers_and_address_are_named(name, value):
    problems = production_problems(_settings(), {**FULL, name: value})
    assert len(problems) == 1 and problems[0].startswith(name)


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"DEBUG": None}, "DEBUG is on"),
        ({"DEBUG": "1"}, "DEBUG is on"),
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set"),
        ({"SITE_URL": None}, "SITE_URL must be set"),
        ({"SITE_URL": "http://localhost:8000"}, "SITE_URL must be the public address"),
        ({"SITE_URL": "https://[::1]/"}, "SITE_URL must be the public address"),
        ({"SITE_URL": "ftp://cds.example"}, "SITE_URL must be an http:// or https://"),
    ],
)
def test_preflight_refuses_naming_the_variable(overrides, named):
    result = run([sys.executable, "-m", "dongtam.production"], production_env(**overrides))
    assert result.returncode == 1
    assert named in result.stderr
    assert "Traceback" not in result.stderr


def test_preflight_passes_with_the_documented_environment():
    result = run([sys.executable, "-m", "dongtam.production"], production_env())
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_the_documented_environment():
    """INTERFACES.md: `check --deploy --fail-level WARNING` passes with DEBUG=0, a
    50-character SECRET_KEY, ALLOWED_HOSTS and an https:// SITE_URL."""
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_security_settings_switch_off_from_the_environment():
    code = (
        "import dongtam.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, getattr(s, 'SECURE_PROXY_SSL_HEADER', None), s.STORAGES"
        "['staticfiles']['BACKEND'], sep='|')"
    )
    on = run([sys.executable, "-c", code], production_env()).stdout.strip().split("|")
    assert on == [
        "True",
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]
    off_env = production_env(
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="no",
        SECURE_HSTS_PRELOAD="off",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="0",
        SECURE_PROXY_SSL_HEADER="0",
    )
    off = run([sys.executable, "-c", code], off_env).stdout.strip().split("|")
    assert off[:7] == ["False", "0", "False", "False", "False", "False", "None"]
    bad = run([sys.executable, "-c", code], production_env(SECURE_SSL_REDIRECT="sometimes"))
    assert bad.returncode != 0 and "SECURE_SSL_REDIRECT must be a boolean" in bad.stderr


def test_site_url_has_no_loopback_default_without_debug():
    code = "import dongtam.settings"
    result = run([sys.executable, "-c", code], production_env(SITE_URL=None))
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr
    result = run([sys.executable, "-c", code], production_env(ALLOWED_HOSTS=None))
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


# --- bin/serve itself ---------------------------------------------------------------------


def test_serve_refuses_debug_on():
    result = run(["bash", "bin/serve"], production_env(DEBUG="1"), timeout=300)
    assert result.returncode != 0
    assert "DEBUG is on" in result.stderr
    assert "Migrating" not in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, headers):
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.skipif(shutil.which("nproc") is None, reason="needs coreutils")
def test_serve_starts_the_stack_and_stops_it_on_term(tmp_path):
    """bin/serve on an SQLite file: gunicorn answers behind a TLS proxy (X-Forwarded-Proto),
    plain http is redirected to https, hashed static files are served, and one TERM stops
    gunicorn and the task worker together."""
    port = _free_port()
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        ADDRESS=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        TASK_WORKERS="1",
    )
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        ["bash", "bin/serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    proxied = {"Host": "cds.dongtam.example", "X-Forwarded-Proto": "https"}
    try:
        deadline = time.monotonic() + 180
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, headers, body = _get(base + "/accounts/login/", proxied)
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, (tmp_path / "serve.log").read_text()
        assert "Đăng nhập" in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Secure" in headers["Set-Cookie"]
        css = next(part for part in body.split('"') if "/static/css/app." in part)
        assert css != "/static/css/app.css"  # hashed name from the manifest
        assert _get(base + css, proxied)[0] == 200
        plain = _get(base + "/accounts/login/", {"Host": "cds.dongtam.example"})
        assert plain[0] == 301
        assert plain[1]["Location"] == "https://cds.dongtam.example/accounts/login/"
        children = subprocess.run(
            ["pgrep", "-s", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) >= 4  # bash, gunicorn master and worker, db_worker
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        finally:
            log.close()
    left = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True)
    assert left.stdout.split() == [], (tmp_path / "serve.log").read_text()
    assert proc.returncode != 0  # stopped by a signal
