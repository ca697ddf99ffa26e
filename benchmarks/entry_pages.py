#!/usr/bin/env python
"""Data-entry pages (steps 1–3) at ward scale: query count and time per request.

Builds a FRESH database (as standings_queries.py does: SQLite temp file by default, or a
PostgreSQL database whose name starts with dongtam_bench, which is DROPPED and re-created)
with N households over the 16 TDPs (default 12,000 ≈ 750 per TDP), then drives the pages a
TDP team uses through Django's test client, signed in as the team of TDP 8, and prints the
queries and wall / CPU time of each request (median of --repeat runs). Nothing is asserted.

    .venv/bin/python benchmarks/entry_pages.py
    .venv/bin/python benchmarks/entry_pages.py --households 2000 --repeat 5
    .venv/bin/python benchmarks/entry_pages.py \\
        --database-url postgres://postgres@127.0.0.1:5432/dongtam_bench_entry
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from standings_queries import build_ward, fresh_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=12_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=86)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-entry-"))
    os.environ["DATABASE_URL"] = fresh_database(args.database_url, workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongtam.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from households.accounts.services import save_account
    from households.models import Household, ResidentialGroup
    from scoring.models import Phase

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("loaddata", "dongtam", verbosity=0)
    start = time.perf_counter()
    n_residents, n_assessments = build_ward(args.households, args.seed)
    print(
        f"{connection.vendor}: {args.households:,} households, {n_residents:,} residents, "
        f"{n_assessments:,} assessments (built in {time.perf_counter() - start:.1f} s)"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    phase = Phase.objects.get(number=1)
    today = timezone.localdate()
    for step in (1, 2, 3):  # windows open today (R12) so the team's saves are accepted
        setattr(phase, f"step{step}_opens", today - datetime.timedelta(days=1))
        setattr(phase, f"step{step}_closes", today + datetime.timedelta(days=3))
    phase.save()
    tdp = ResidentialGroup.objects.get(code="8")
    user = save_account("bench8", "tdp_team", tdp_codes=["8"], password="bench-entry")
    client = Client()
    client.force_login(user)
    households = list(Household.objects.filter(tdp=tdp).order_by("code"))
    biggest = max(households, key=lambda h: h.residents.count())
    members = list(biggest.residents.order_by("birth_date", "id"))
    print(
        f"TDP 8: {len(households)} households; the household page uses {biggest.code} "
        f"({len(members)} members)"
    )

    def form(n_met):
        data = {}
        for m in members:
            data[f"m{m.pk}-shown"] = "1"
            data[f"m{m.pk}-scored"] = "1"
            for i in range(1, n_met + 1):
                data[f"m{m.pk}-tc{i}"] = "1"
        return data

    # Each timed save changes every adult's form (9 then 10 criteria met, alternately), so
    # every run writes rows and their history, as keying in a new form does.
    forms = [form(9), form(10)]
    turn = {"n": 0}

    def next_form():
        turn["n"] += 1
        return forms[turn["n"] % 2]

    def run(label, fn):
        walls, cpus, queries = [], [], 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                t0, c0 = time.perf_counter(), time.process_time()
                response = fn()
                walls.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
            queries = len(ctx.captured_queries)
            assert response.status_code in (200, 302), (label, response.status_code)
        print(
            f"  {label:<40} {queries:>3} queries  {statistics.median(walls) * 1000:7.1f} ms wall"
            f"  {statistics.median(cpus) * 1000:7.1f} ms cpu"
        )

    p, t, h = phase.pk, tdp.pk, biggest.pk
    print(f"median of {args.repeat} runs:")
    run(
        "household list (page 1 of TDP 8)",
        lambda: client.get(reverse("entry_tdp_list", args=[p, t])),
    )
    run(
        "household list, search by name",
        lambda: client.get(reverse("entry_tdp_list", args=[p, t]), {"q": "Văn 0000"}),
    )
    run("household page (step 1)", lambda: client.get(reverse("entry_household", args=[p, h])))
    run("household page (step 2)", lambda: client.get(reverse("entry_review", args=[p, h])))
    run(
        "save step 1 (every adult)",
        lambda: client.post(reverse("entry_household", args=[p, h]), next_form()),
    )
    run(
        "save step 2 (every adult)",
        lambda: client.post(reverse("entry_review", args=[p, h]), next_form()),
    )
    run("TDP summary", lambda: client.get(reverse("entry_tdp_summary", args=[p, t])))
    run("household history", lambda: client.get(reverse("entry_household_history", args=[h])))


if __name__ == "__main__":
    main()
