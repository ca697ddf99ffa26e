#!/usr/bin/env python
"""Standings at ward scale: query count and wall time of compute_standings (R1–R6, R11).

Builds, in a FRESH database, the ward of fixtures/dongtam.json with N households (default
12,000, about 50,000 residents) spread over its 16 TDPs, with self / TDP / ward-stage
assessments in phases 1 and 2, all by bulk_create; then times the standings engine, the JSON
document, the workbook export and a snapshot (R13), printing query counts and seconds.

    .venv/bin/python benchmarks/standings_queries.py                   # SQLite temp file
    .venv/bin/python benchmarks/standings_queries.py --households 2000
    .venv/bin/python benchmarks/standings_queries.py \\
        --database-url postgres://postgres@127.0.0.1:5432/dongtam_bench_standings

A PostgreSQL database named in --database-url is DROPPED and re-created (it must not be a
database you keep data in). Figures go to stdout; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def fresh_database(url: str | None, workdir: Path) -> str:
    if not url:
        return f"sqlite:///{workdir / 'bench-standings.sqlite3'}"
    parsed = urlparse(url)
    if parsed.scheme.startswith("postgres"):
        import psycopg

        name = parsed.path.lstrip("/")
        if not name.startswith(("dongtam_bench", "bench")):
            sys.exit(
                f"Refusing to drop database “{name}”: use a name starting with dongtam_bench."
            )
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return url
    if parsed.scheme == "sqlite":
        Path(parsed.path).unlink(missing_ok=True)
        return url
    sys.exit(f"Unsupported database URL: {url}")


def build_ward(n_households: int, seed: int) -> tuple[int, int]:
    """N households over the 16 TDPs; 1–7 members (≈ 4.2 on average); about 78 % adults;
    most adults self-assessed in phase 1, some re-scored by the TDP team or corrected by the
    ward, some re-assessed in phase 2; a few moved away or deceased."""
    from households.models import Household, Resident, ResidentialGroup, Ward
    from scoring.models import CRITERIA, Assessment, Phase

    rng = random.Random(seed)
    ward = Ward.objects.get()
    tdps = list(ResidentialGroup.objects.filter(ward=ward).in_code_order())
    phase1, phase2 = Phase.objects.order_by("number")[:2]
    households = Household.objects.bulk_create(
        [
            Household(tdp=tdps[i % len(tdps)], ward_id=ward.id, code=f"{i + 1:06d}")
            for i in range(n_households)
        ],
        batch_size=2000,
    )
    sizes = [1, 2, 3, 4, 4, 5, 5, 6, 7]
    residents = []
    for h in households:
        for j in range(rng.choice(sizes)):
            adult = j < 2 or rng.random() < 0.6
            birth = (
                datetime.date(rng.randint(1935, 2003), rng.randint(1, 12), rng.randint(1, 28))
                if adult
                else datetime.date(rng.randint(2005, 2021), rng.randint(1, 12), 1)
            )
            status = rng.choices(["active", "moved", "deceased"], [96, 3, 1])[0]
            residents.append(
                Resident(
                    household=h,
                    full_name=f"Nguyễn Văn {h.code}-{j}",
                    birth_date=birth,
                    status=status,
                )
            )
    Resident.objects.bulk_create(residents, batch_size=2000)

    def criteria():
        missed = rng.choices([0, 1, 2, 3], [55, 25, 12, 8])[0]
        flags = [True] * 10
        for k in rng.sample(range(10), missed):
            flags[k] = False
        return dict(zip(CRITERIA, flags, strict=True))

    assessments = []
    for r in residents:
        if r.birth_date.year > 2004 or rng.random() > 0.9:
            continue
        assessments.append(Assessment(resident=r, phase=phase1, stage=1, **criteria()))
        if rng.random() < 0.3:
            assessments.append(Assessment(resident=r, phase=phase1, stage=2, **criteria()))
        if rng.random() < 0.03:
            assessments.append(
                Assessment(resident=r, phase=phase1, stage=3, reason="Xác minh lại", **criteria())
            )
        if rng.random() < 0.4:
            assessments.append(Assessment(resident=r, phase=phase2, stage=1, **criteria()))
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    return len(residents), len(assessments)


def measure(label: str, fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        start, cpu_start = time.perf_counter(), time.process_time()
        result = fn()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    # wall time, and CPU time of this process (SQLite runs in-process; PostgreSQL's own
    # work shows in wall time only) — CPU time stays meaningful on a busy machine.
    print(
        f"  {label:<42} {len(ctx.captured_queries):>3} queries  {seconds:7.3f} s wall"
        f"  {cpu:7.3f} s cpu"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=12_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=86)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of compute_standings")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-standings-"))
    os.environ["DATABASE_URL"] = fresh_database(args.database_url, workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongtam.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from scoring import exports
    from scoring.models import Phase
    from scoring.snapshots import freeze
    from scoring.standings import compute_standings

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

    for number in (1, 2):
        phase = Phase.objects.select_related("campaign").get(number=number)
        print(f"phase {number}:")
        for i in range(args.repeat):
            standings = measure(
                f"compute_standings (run {i + 1})", lambda p=phase: compute_standings(p)
            )
        doc = measure("as_json(households=True)", lambda s=standings: s.as_json(households=True))
        data = measure(
            "standings_xlsx (with households sheet)",
            lambda d=doc: exports.standings_xlsx(d, households=True),
        )
        print(
            f"  workbook {len(data) / 1024:,.0f} KiB; top: "
            + ", ".join(f"{t['code']} {t['ratio_percent']} %" for t in doc["tdps"][:3])
        )
        measure("freeze (snapshot, R13)", lambda p=phase: freeze(p))


if __name__ == "__main__":
    main()
