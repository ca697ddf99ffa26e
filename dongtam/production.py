"""Pre-flight check of the production environment, run by bin/serve before it touches the
database: `python -m dongtam.production` prints one line per problem, each naming its
variable, and exits 1; silent with exit 0 when the server may start.

It refuses DEBUG on (unset means on), and a missing SECRET_KEY, ALLOWED_HOSTS or SITE_URL,
or a SITE_URL on a loopback address — a certificate printed with such a QR code can be
opened by nobody. WEB_CONCURRENCY and TASK_WORKERS, read by bin/serve and
dongtam/gunicorn.conf.py, must be positive integers and ADDRESS a host:port.
"""

import importlib
import ipaddress
import os
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def is_loopback(host: str) -> bool:
    """localhost, 127.0.0.0/8, ::1 (also written [::1] or as ::ffff:127.0.0.1), and the
    unspecified 0.0.0.0 / :: — none of them reaches this server from another machine."""
    host = host.strip().strip("[]").rstrip(".").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_loopback or address.is_unspecified


def _positive_int(environ: Mapping[str, str], name: str) -> str | None:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        return f"{name} must be a positive integer, got {raw!r}"
    return None


def _address(environ: Mapping[str, str]) -> str | None:
    raw = (environ.get("ADDRESS") or "").strip()
    if not raw:
        return None
    host, sep, port = raw.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return f"ADDRESS must be host:port (e.g. 0.0.0.0:8000), got {raw!r}"
    return None


def production_problems(settings, environ: Mapping[str, str]) -> list[str]:
    """What forbids starting in production, given the loaded settings module and the
    environment it was loaded from (which says what was set rather than defaulted)."""
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on (unset means on): set DEBUG=0 on a server")
    if not (environ.get("SECRET_KEY") or "").strip():
        problems.append("SECRET_KEY must be set (50 random characters)")
    if not (environ.get("ALLOWED_HOSTS") or "").strip():
        problems.append("ALLOWED_HOSTS must be set (the server's host names, comma-separated)")
    if not (environ.get("SITE_URL") or "").strip():
        problems.append("SITE_URL must be set (the public https:// address)")
    else:
        host = urlsplit(settings.SITE_URL).hostname or ""
        if is_loopback(host):
            problems.append(
                f"SITE_URL must be the public address, not the loopback {settings.SITE_URL!r}: "
                "the QR codes printed on certificates would open nowhere"
            )
    for name in ("WEB_CONCURRENCY", "TASK_WORKERS"):
        problem = _positive_int(environ, name)
        if problem:
            problems.append(problem)
    problem = _address(environ)
    if problem:
        problems.append(problem)
    return problems


def main(environ: Mapping[str, str] | None = None) -> int:
    from django.core.exceptions import ImproperlyConfigured

    environ = os.environ if environ is None else environ
    module = environ.get("DJANGO_SETTINGS_MODULE", "dongtam.settings")
    try:
        settings = importlib.import_module(module)
    except ImproperlyConfigured as exc:
        problems = [str(exc)]
    else:
        problems = production_problems(settings, environ)
    for problem in problems:
        print(f"bin/serve: {problem}", file=sys.stderr)
    if problems:
        print("bin/serve: not started (README.md, “Production”).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
