#!/usr/bin/env python
"""Load at a deadline: 32 logged-in clients against gunicorn + PostgreSQL (issue 11, item 1).

Builds a throw-away PostgreSQL database (named dongtam_load_<pid>, on --database-url's
server; loopback only), migrates it, loads the Đồng Tâm fixture, writes the demo ward with
`seed_demo` (--residents ≈ 9,000 by default; 75,000 for a city-sized ward), opens the
current phase's step-1 and step-2 windows on today (a deadline day), creates the client
accounts with `add_user` and starts gunicorn (2 workers × 4 threads, DEBUG off) on
127.0.0.1. Then --clients logged-in clients (28 TDP team members spread over the TDPs and 4
office accounts by default) each loop for --duration seconds, pausing --think seconds
(±50 %) between pages:

    TDP team: household entry page → its save (POST, one criterion toggled) → TDP household
              list → standings → TDP dashboard
    office:   ward dashboard → review list → standings → TDP dashboard (any TDP)

It prints p50 / p95 / p99 per page, throughput and errors (any status other than 200, or
302 after a save), with the machine's load average before and after. gunicorn is stopped and
the database dropped at the end, whatever happens.

    .venv/bin/python benchmarks/load.py                       # ~9,000 residents
    .venv/bin/python benchmarks/load.py --residents 75000     # ~75,000 residents

HTTP is the standard library's (http.client, one keep-alive connection per client), so the
benchmark needs nothing beyond the project's own dependencies and gunicorn.
"""

from __future__ import annotations

import argparse
import datetime
import html
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PASSWORD = "bench-load-Pw-2022"  # throw-away accounts of a throw-away database
RESIDENTS_PER_UNIT = 47.5  # residents per unit of seed_demo --households (measured: 165 → 7,839)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- database set-up ------------------------------------------------------------------------


def create_database(server_url: str) -> tuple[str, str]:
    import psycopg

    parsed = urlparse(server_url)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The load benchmark runs on loopback only (127.0.0.1).")
    name = f"dongtam_load_{os.getpid()}"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl(), admin


def drop_database(admin: str, url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, quiet=True):
    out = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    if not quiet:
        sys.stdout.write(out.stdout)
    return out.stdout


OPEN_WINDOWS = """
import datetime
from django.utils import timezone
from scoring.models import Phase
from scoring.phases import current_phase
today = timezone.localdate()
d = datetime.timedelta
phases = Phase.objects.select_related("campaign").order_by("campaign__year", "number")
phase = current_phase(list(phases))
phase.step1_opens, phase.step1_closes = today - d(days=3), today + d(days=3)
phase.step2_opens, phase.step2_closes = today - d(days=3), today + d(days=6)
phase.step3_opens, phase.step3_closes = today + d(days=7), today + d(days=9)
phase.step4_opens, phase.step4_closes = today + d(days=10), None
phase.save()
print(phase.pk)
"""


def build(env, residents: int, seed: int) -> int:
    manage(env, "migrate", "--noinput")
    manage(env, "loaddata", "dongtam")
    per_tdp = max(1, round(residents / RESIDENTS_PER_UNIT))
    manage(env, "seed_demo", "--households", str(per_tdp), "--phase2", "--force",
           "--seed", str(seed), quiet=False)  # fmt: skip
    return int(manage(env, "shell", "-c", OPEN_WINDOWS).strip().splitlines()[-1])


def ward_layout(url: str) -> dict:
    import psycopg

    with psycopg.connect(url) as conn:
        tdps = conn.execute(
            "SELECT id, code FROM households_residentialgroup ORDER BY sort_key, code"
        ).fetchall()
        households = {}
        for hid, tdp_id in conn.execute("SELECT id, tdp_id FROM households_household ORDER BY id"):
            households.setdefault(tdp_id, []).append(hid)
        residents = conn.execute(
            "SELECT count(*) FROM households_resident WHERE status = 'active'"
        ).fetchone()[0]
    return {"tdps": tdps, "households": households, "residents": residents}


def create_accounts(env, tdps, n_team: int, n_office: int) -> list[tuple[str, str, object]]:
    """(username, role, tdp (id, code) or None). TDPs with households get the team members."""
    accounts = []
    for i in range(n_team):
        tdp = tdps[i % len(tdps)]
        accounts.append((f"bench_team_{i:02d}", "tdp_team", tdp))
    for i in range(n_office):
        accounts.append((f"bench_office_{i}", "office", None))
    script = ["from django.core.management import call_command"]
    for username, role, tdp in accounts:
        extra = f", '--tdp', '{tdp[1]}'" if tdp else ""
        script.append(
            f"call_command('add_user', '{username}', '--role', '{role}'{extra}, "
            f"'--password', '{PASSWORD}', verbosity=0)"
        )
    manage(env, "shell", "-c", "\n".join(script))
    return accounts


# --- HTTP client ------------------------------------------------------------------------------


class Client:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, data: dict | list | None = None):
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                content = resp.read()
                break
            except (ConnectionError, OSError):
                self.conn.close()
                self.conn = HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        for value in resp.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return resp.status, resp.headers, content.decode("utf-8", "replace")

    def login(self, username: str) -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        token = csrf_token(page)
        status, headers, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        if status != 302:
            raise RuntimeError(f"login of {username} failed: {status}")


INPUT_RE = re.compile(r"<input\b[^>]*>", re.I)
ATTR_RE = re.compile(r'([a-zA-Z_:-]+)(?:="([^"]*)")?')


def csrf_token(page: str) -> str:
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not m:
        raise RuntimeError("no CSRF token on the page")
    return m.group(1)


def sheet_post(page: str, rnd: random.Random) -> list[tuple[str, str]] | None:
    """What the browser posts for the household form, with one criterion toggled."""
    start = page.find('id="sheet-form"')
    if start < 0:
        return None
    form = page[start : page.find("</form>", start)]
    fields, boxes = [], []
    for tag in INPUT_RE.findall(form):
        attrs = {k.lower(): html.unescape(v or "") for k, v in ATTR_RE.findall(tag[6:])}
        name = attrs.get("name")
        if not name or "disabled" in attrs:
            continue
        kind = attrs.get("type", "text").lower()
        if kind == "checkbox":
            if re.search(r"-tc\d+$", name):
                boxes.append(name)
            if "checked" in attrs:
                fields.append((name, attrs.get("value", "on")))
        else:
            fields.append((name, attrs.get("value", "")))
    if not boxes:
        return None
    flip = rnd.choice(boxes)
    if any(n == flip for n, _ in fields):
        fields = [(n, v) for n, v in fields if n != flip]
    else:
        fields.append((flip, "1"))
    fields.append(("save", ""))
    return fields


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.error_samples: list[str] = []

    def record(self, page: str, seconds: float, ok: bool, detail: str = ""):
        with self.lock:
            self.times.setdefault(page, []).append(seconds)
            if not ok:
                self.errors[page] = self.errors.get(page, 0) + 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{page}: {detail}")


def timed(rec: Recorder, client: Client, page: str, method: str, path: str, data=None, ok=(200,)):
    t0 = time.perf_counter()
    try:
        status, headers, body = client.request(method, path, data)
    except Exception as exc:  # noqa: BLE001 — a benchmark counts every failure
        rec.record(page, time.perf_counter() - t0, False, repr(exc))
        return None
    elapsed = time.perf_counter() - t0
    good = status in ok
    rec.record(page, elapsed, good, f"{status} {path}")
    return body if good else None


def run_client(account, layout, phase_id, port, deadline, think, rec: Recorder, seed):
    username, role, tdp = account
    rnd = random.Random(seed)
    client = Client(port)
    client.login(username)

    def pause():
        if time.monotonic() < deadline:
            time.sleep(min(think * rnd.uniform(0.5, 1.5), max(0, deadline - time.monotonic())))

    all_tdps = [t for t, _ in layout["tdps"]]
    while time.monotonic() < deadline:
        if role == "tdp_team":
            tdp_id = tdp[0]
            households = layout["households"].get(tdp_id) or []
            if households:
                hid = rnd.choice(households)
                path = f"/nhap-lieu/{phase_id}/ho/{hid}/"
                page = timed(rec, client, "household page", "GET", path)
                pause()
                fields = sheet_post(page, rnd) if page else None
                if fields and time.monotonic() < deadline:
                    timed(rec, client, "household save", "POST", path, fields, ok=(302,))
                    pause()
            steps = [
                ("TDP household list", f"/nhap-lieu/{phase_id}/to/{tdp_id}/"),
                ("standings", "/xep-hang/"),
                ("TDP dashboard", f"/dashboard/tdp/{tdp_id}/"),
            ]
        else:
            steps = [
                ("ward dashboard", "/dashboard/"),
                ("review list", "/review/"),
                ("standings", "/xep-hang/"),
                ("TDP dashboard", f"/dashboard/tdp/{rnd.choice(all_tdps)}/"),
            ]
        for name, path in steps:
            if time.monotonic() >= deadline:
                break
            timed(rec, client, name, "GET", path)
            pause()


def alone(accounts, layout, phase_id, port, repeat: int) -> dict[str, float]:
    """Median ms of each page requested `repeat` times in a row by one client, nothing else
    running against the server (the cost of the page itself, after a first warm request)."""
    team = next(a for a in accounts if a[1] == "tdp_team")
    office = next(a for a in accounts if a[1] == "office")
    tdp_id = team[2][0]
    hid = layout["households"][tdp_id][0]
    rec = Recorder()
    rnd = random.Random(1)
    c = Client(port)
    c.login(team[0])
    path = f"/nhap-lieu/{phase_id}/ho/{hid}/"
    for i in range(repeat + 1):
        page = timed(rec, c, "household page", "GET", path)
        fields = sheet_post(page, rnd) if page else None
        if fields:
            timed(rec, c, "household save", "POST", path, fields, ok=(302,))
        timed(rec, c, "TDP household list", "GET", f"/nhap-lieu/{phase_id}/to/{tdp_id}/")
        if i == 0:
            rec.times.clear()
    o = Client(port)
    o.login(office[0])
    for i in range(repeat + 1):
        for name, url in (
            ("standings", "/xep-hang/"),
            ("ward dashboard", "/dashboard/"),
            ("TDP dashboard", f"/dashboard/tdp/{tdp_id}/"),
            ("review list", "/review/"),
        ):
            t0 = time.perf_counter()
            o.request("GET", url)
            if i:
                rec.times.setdefault(name, []).append(time.perf_counter() - t0)
    return {k: statistics.median(v) * 1000 for k, v in rec.times.items()}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


PAGES = (
    "household page",
    "household save",
    "TDP household list",
    "standings",
    "ward dashboard",
    "TDP dashboard",
    "review list",
)
TARGET_MS = {"household page": 150, "household save": 150, "TDP household list": 300}


def report(rec: Recorder, duration: float, layout, args, loads, alone_ms=None) -> None:
    total = sum(len(v) for v in rec.times.values())
    errors = sum(rec.errors.values())
    print()
    print(
        f"{layout['residents']:,} residents, {sum(map(len, layout['households'].values())):,} "
        f"households, {len(layout['tdps'])} TDPs; {args.clients} clients "
        f"({args.clients - args.office} TDP team, {args.office} office), think {args.think} s, "
        f"gunicorn {args.workers}×{args.threads}, {duration:.0f} s"
    )
    print(f"load average before: {loads[0]}   after: {loads[1]}   ({os.cpu_count()} CPUs)")
    alone_ms = alone_ms or {}
    print(f"{'page':<20} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'err':>4}  "
          f"{'alone':>6}  target")  # fmt: skip
    for page in PAGES:
        values = rec.times.get(page)
        if not values:
            continue
        p50, p95, p99 = (percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99))
        target = TARGET_MS.get(page, 300)
        verdict = "ok" if p95 <= target and not rec.errors.get(page) else "MISSED"
        solo = f"{alone_ms[page]:6.0f}" if page in alone_ms else f"{'–':>6}"
        print(
            f"{page:<20} {len(values):>5} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} "
            f"{rec.errors.get(page, 0):>4}  {solo}  p95 ≤ {target} ms {verdict}"
        )
    every = [t for v in rec.times.values() for t in v]
    print(f"throughput: {total / duration:.1f} req/s; requests {total}; errors {errors}")
    print("alone = median of --alone sequential requests by one client before the load")
    if every:
        print(f"all pages: p50 {statistics.median(every) * 1000:.0f} ms")
    for sample in rec.error_samples:
        print("  error:", sample)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL server (loopback); a throw-away database is created",
    )
    parser.add_argument("--residents", type=int, default=9000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--office", type=int, default=4, help="office accounts among clients")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the database (debugging)")
    parser.add_argument("--alone", type=int, default=5, help="sequential requests per page")
    args = parser.parse_args()

    url, admin = create_database(args.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-load-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://example.invalid",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
        "TASKS_BACKEND": "immediate",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    server = None
    try:
        t0 = time.perf_counter()
        phase_id = build(env, args.residents, args.seed)
        layout = ward_layout(url)
        tdps_with_households = [t for t in layout["tdps"] if layout["households"].get(t[0])]
        accounts = create_accounts(
            env, tdps_with_households, args.clients - args.office, args.office
        )
        print(f"database built in {time.perf_counter() - t0:.0f} s: {url}")
        port = free_port()
        server = subprocess.Popen(
            [
                GUNICORN,
                "dongtam.wsgi",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        # Warm each worker a little (imports, templates) before the clock starts.
        warm = Client(port)
        warm.login(accounts[-1][0])
        for _ in range(4):
            warm.request("GET", "/xep-hang/")

        alone_ms = alone(accounts, layout, phase_id, port, args.alone) if args.alone else {}
        print("alone (median ms): " + ", ".join(f"{k} {v:.0f}" for k, v in alone_ms.items()))
        rec = Recorder()
        load_before = load_average()
        start = time.monotonic()
        deadline = start + args.duration
        threads = []
        for i, account in enumerate(accounts):
            th = threading.Thread(
                target=run_client,
                args=(account, layout, phase_id, port, deadline, args.think, rec, args.seed + i),
                daemon=True,
            )
            th.start()
            threads.append(th)
            time.sleep(args.think / len(accounts))  # stagger the starts over one think time
        for th in threads:
            th.join(timeout=args.duration + 300)
        elapsed = time.monotonic() - start
        report(rec, elapsed, layout, args, (load_before, load_average()), alone_ms)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if not args.keep:
            drop_database(admin, url)
        print(f"finished {datetime.datetime.now():%d/%m/%Y %H:%M}; database "
              f"{'kept' if args.keep else 'dropped'}")  # fmt: skip


if __name__ == "__main__":
    main()
