"""Benchmark: the roster import service on a 50,000-row workbook, against a default
django-import-export ModelResource (run on demand; prints figures, asserts nothing).

    .venv/bin/python benchmarks/import_roster_50k.py [--rows 50000] [--households 12000]
                                                     [--iie-slice 5000] [--keep]

Uses DATABASE_URL when set (it must be an empty, disposable database: the script migrates and
loads the ward fixture into it, and clears the register tables between runs); otherwise a
fresh SQLite file in a temporary folder. Targets (issue): service < 60 s and < 300 MB peak,
at least 5× faster than django-import-export.

Steps
1. generate a realistic workbook (17 columns; households over the 16 TDPs; TDP codes written
   as "8", "08", "Tổ 8", "Tổ dân phố số 8"; CCCDs for people born before 2008; TC cells);
2. import it with scoring.importing.import_roster into the empty register: wall and CPU
   time, query count, peak RSS (ru_maxrss); then the same file again (all unchanged); with
   --tracemalloc, once more from an empty register under tracemalloc for the Python heap peak
   (calamine's own buffers are Rust allocations and show only in RSS);
3. the bare limit, in the same run: python-calamine reads the sheet and a bare bulk_create
   writes the same rows into households, residents and self-assessments (no checks, no
   identity matching, no history) — each of "bare" and "service" runs in a fresh child
   process (--repeat times, alternating, into an empty register) so that peak RSS is that
   import's own; the project / bare ratios of wall time and peak RSS are printed (target
   ≤ 1.5× wall, ≤ 1.3× RSS, issue 11);
4. import the same file with a default ModelResource for Resident (household resolved by a
   ForeignKeyWidget on the household code; households created beforehand, untimed): first
   a slice (default 5,000 rows); when that extrapolates to more than 10 minutes for the whole
   file, the figure is extrapolated and marked so, otherwise the whole file is imported too.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đàm",
    "Lò",
    "Hà",
]
MIDDLE_M = ["Văn", "Đức", "Quang", "Minh", "Hữu", "Công", "Thành", "Xuân"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Phương", "Mai"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khang",
    "Long",
    "Mạnh",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Thắng",
    "Tùng",
    "Việt",
]
GIVEN_F = [
    "Anh",
    "Bích",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Ly",
    "Nga",
    "Nhung",
    "Oanh",
    "Thảo",
    "Yến",
]
TDPS = [*range(1, 13), 14, 15, 16, 18]


def tdp_cell(code: int, rnd: random.Random):
    return rnd.choice([str(code), f"{code:02d}", f"Tổ {code}", f"Tổ dân phố số {code}", code])


def generate(path: Path, rows: int, households: int, seed: int = 86) -> None:
    """Write the workbook with openpyxl in write-only mode (streams rows to disk)."""
    from openpyxl import Workbook

    from scoring.importing import HEADERS

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(list(HEADERS))
    # Spread `rows` people over `households` households (at least one each).
    sizes = [1] * households
    for _ in range(rows - households):
        sizes[rnd.randrange(households)] += 1
    serial = 0
    for h, size in enumerate(sizes):
        tdp = TDPS[h % len(TDPS)]
        code = f"{tdp:02d}{h:05d}"
        family = rnd.choice(FAMILY)
        for member in range(size):
            female = rnd.random() < 0.5
            if member < 2:
                birth = datetime.date(
                    rnd.randint(1940, 1995), rnd.randint(1, 12), rnd.randint(1, 28)
                )
            else:
                birth = datetime.date(
                    rnd.randint(1975, 2021), rnd.randint(1, 12), rnd.randint(1, 28)
                )
            name = " ".join(
                [
                    family,
                    rnd.choice(MIDDLE_F if female else MIDDLE_M),
                    rnd.choice(GIVEN_F if female else GIVEN_M),
                ]
            )
            cccd = ""
            if birth.year < 2008:
                serial += 1
                century = 0 if birth.year < 2000 else 2
                cccd = f"015{century + female}{birth.year % 100:02d}{serial:06d}"
            adult = birth <= datetime.date(2004, 8, 31)
            if not adult or rnd.random() < 0.05:
                tcs = [""] * 10
            else:
                missed = rnd.choice([0, 0, 0, 0, 0, 0, 0, 1, 1, 3])
                misses = set(rnd.sample(range(10), missed))
                tcs = [
                    "" if i in misses else rnd.choice(["x", "x", "x", "1", "Có"])
                    for i in range(10)
                ]
            birth_cell = birth if rnd.random() < 0.8 else birth.strftime("%d/%m/%Y")
            ws.append(
                [
                    tdp_cell(tdp, rnd),
                    code,
                    "x" if member == 0 else "",
                    name,
                    birth_cell,
                    "Nữ" if female else "Nam",
                    cccd,
                    *tcs,
                ]
            )
    wb.save(path)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def clear_register() -> None:
    from django.db import connection

    tables = [
        "scoring_historicalassessment",
        "scoring_assessment",
        "households_historicalresident",
        "households_historicalhousehold",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("UPDATE households_household SET head_id = NULL")
        cursor.execute("DELETE FROM households_resident")
        cursor.execute("DELETE FROM households_household")


def run_service(path: Path, phase, *, trace: bool):
    from django.db import connection

    from scoring.importing import import_roster

    counter = QueryCounter()
    gc.collect()
    if trace:
        tracemalloc.start()
    start, cpu_start = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        report = import_roster(path, phase=phase, filename=path.name)
    elapsed = time.perf_counter() - start
    report.cpu_seconds = time.process_time() - cpu_start
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
    if not report.ok:
        raise SystemExit("service import failed:\n" + "\n".join(report.error_lines()[:20]))
    return report, elapsed, counter.count, peak


def run_bare(path: Path, phase) -> tuple[float, float, dict]:
    """The bare limit: calamine + bulk_create of the same rows (households, residents,
    self-assessments), nothing else."""
    import python_calamine
    from django.db import transaction

    from households.accounts import normalise_tdp_code
    from households.models import Household, Resident, ResidentialGroup
    from scoring.importing.service import BATCH_SIZE
    from scoring.models import CRITERIA, Assessment

    gc.collect()
    start, cpu_start = time.perf_counter(), time.process_time()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    tdps = {t.code: t.id for t in ResidentialGroup.objects.filter(ward=phase.campaign.ward)}
    ward_id = phase.campaign.ward_id
    tdp_of_cell: dict = {}
    households: dict[str, Household] = {}
    residents, assessments = [], []
    for cells in rows[1:]:
        tdp_cell_value, code, _head, name, birth, sex, cccd, *tcs = cells[:17]
        tdp_id = tdp_of_cell.get(tdp_cell_value)
        if tdp_id is None:
            tdp_id = tdp_of_cell[tdp_cell_value] = tdps[normalise_tdp_code(tdp_cell_value)]
        code = str(code)
        household = households.get(code)
        if household is None:
            household = households[code] = Household(ward_id=ward_id, tdp_id=tdp_id, code=code)
        if isinstance(birth, str):
            birth = datetime.datetime.strptime(birth, "%d/%m/%Y").date()
        elif isinstance(birth, datetime.datetime):
            birth = birth.date()
        resident = Resident(
            household=household,
            full_name=name,
            birth_date=birth,
            sex="F" if sex == "Nữ" else "M",
            cccd=str(cccd) if cccd else None,
        )
        residents.append(resident)
        if any(tcs):
            assessments.append(
                Assessment(
                    resident=resident,
                    phase=phase,
                    stage=Assessment.Stage.SELF,
                    **{name: bool(v) for name, v in zip(CRITERIA, tcs, strict=True)},
                )
            )
    with transaction.atomic():
        Household.objects.bulk_create(list(households.values()), batch_size=BATCH_SIZE)
        Resident.objects.bulk_create(residents, batch_size=BATCH_SIZE)
        Assessment.objects.bulk_create(assessments, batch_size=BATCH_SIZE)
    wrote = {"households": len(households), "residents": len(residents),
             "assessments": len(assessments)}  # fmt: skip
    return time.perf_counter() - start, time.process_time() - cpu_start, wrote


def child(kind: str, path: Path) -> None:
    """One measured import in this (fresh) process, into an empty register; prints JSON."""
    import json

    from scoring.models import Phase

    phase = Phase.objects.select_related("campaign__ward").get(campaign__year=2022, number=1)
    clear_register()
    gc.collect()
    rss_before = maxrss_mb()
    if kind == "bare":
        wall, cpu, wrote = run_bare(path, phase)
    else:
        report, wall, _, _ = run_service(path, phase, trace=False)
        cpu = report.cpu_seconds
        wrote = {"households": report.households_created,
                 "residents": report.residents_created,
                 "assessments": report.assessments_created}  # fmt: skip
    print(json.dumps({"wall": wall, "cpu": cpu, "rss": maxrss_mb(), "rss_before": rss_before,
                      "load": os.getloadavg()[0], **wrote}))  # fmt: skip


def compare_with_bare(path: Path, repeat: int) -> None:
    """Bare and service imports alternately, each in its own process; medians and ratios."""
    import json
    import statistics
    import subprocess

    runs: dict[str, list[dict]] = {"bare": [], "service": []}
    for _ in range(repeat):
        for kind in ("bare", "service"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind, "--workbook", str(path)],
                capture_output=True, text=True, env=os.environ, check=False,
            )  # fmt: skip
            if out.returncode != 0:
                raise SystemExit(f"{kind} import failed:\n{out.stdout}{out.stderr}")
            runs[kind].append(json.loads(out.stdout.strip().splitlines()[-1]))

    def med(kind, key):
        return statistics.median(r[key] for r in runs[kind])

    print(f"\nBare limit vs service, {repeat} alternating run(s) each in a fresh process "
          "(medians):")  # fmt: skip
    print(f"  {'':22} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'load':>6}")
    for kind, label in (("bare", "calamine + bulk_create"), ("service", "import_roster")):
        print(f"  {label:22} {med(kind, 'wall'):8.1f} {med(kind, 'cpu'):8.1f} "
              f"{med(kind, 'rss'):12.0f} {med(kind, 'load'):6.1f}")  # fmt: skip
    b, sv = runs["bare"][0], runs["service"][0]
    print(f"  wrote (bare)    {b['households']:,} households, {b['residents']:,} residents, "
          f"{b['assessments']:,} assessments")  # fmt: skip
    print(f"  wrote (service) {sv['households']:,} households, {sv['residents']:,} residents, "
          f"{sv['assessments']:,} assessments")  # fmt: skip
    wall = med("service", "wall") / med("bare", "wall")
    cpu = med("service", "cpu") / med("bare", "cpu")
    rss = med("service", "rss") / med("bare", "rss")
    print(f"  project / bare:  wall {wall:.2f}× (target ≤ 1.5×), CPU {cpu:.2f}×, "
          f"peak RSS {rss:.2f}× (target ≤ 1.3×)")  # fmt: skip


def make_resource():
    from import_export import fields, resources, widgets

    from households.models import Household, Resident

    class ResidentResource(resources.ModelResource):
        """A straightforward default resource: household by its code via ForeignKeyWidget."""

        household = fields.Field(
            column_name="Mã hộ",
            attribute="household",
            widget=widgets.ForeignKeyWidget(Household, field="code"),
        )
        full_name = fields.Field(column_name="Họ và tên", attribute="full_name")
        birth_date = fields.Field(
            column_name="Ngày sinh", attribute="birth_date", widget=widgets.DateWidget("%d/%m/%Y")
        )
        sex = fields.Field(column_name="Giới tính", attribute="sex")
        cccd = fields.Field(column_name="Số CCCD", attribute="cccd")

        class Meta:
            model = Resident
            fields = ("household", "full_name", "birth_date", "sex", "cccd")
            import_id_fields = ("household", "full_name", "birth_date")

        def before_import_row(self, row, **kwargs):
            # Values the model expects (the default widgets would store "Nam" in a 1-char field).
            row["Giới tính"] = {"Nam": "M", "Nữ": "F"}.get(row.get("Giới tính"), "")
            row["Số CCCD"] = row.get("Số CCCD") or None

    return ResidentResource()


def run_import_export(path: Path, rows: int | None):
    import tablib

    from households.models import Household, ResidentialGroup

    # Households must exist for the ForeignKeyWidget (created untimed, like a prior step).
    clear_register()
    start = time.perf_counter()
    with open(path, "rb") as fh:
        dataset = tablib.Dataset().load(fh.read(), format="xlsx")
    load_time = time.perf_counter() - start
    if rows is not None:
        dataset = dataset.subset(rows=list(range(rows)))
    tdps = {t.code: t for t in ResidentialGroup.objects.all()}
    from households.accounts.services import normalise_tdp_code

    codes = {}
    for tdp_cell_value, code in zip(dataset["Tổ dân phố"], dataset["Mã hộ"], strict=True):
        codes.setdefault(str(code), tdps[normalise_tdp_code(tdp_cell_value)])
    ward_id = next(iter(tdps.values())).ward_id
    Household.objects.bulk_create(
        [Household(ward_id=ward_id, tdp=t, code=c) for c, t in codes.items()], batch_size=1000
    )
    # Dates: tablib gives datetime cells; the DateWidget takes those as they are.
    resource_ = make_resource()
    start, cpu_start = time.perf_counter(), time.process_time()
    result = resource_.import_data(dataset, dry_run=False, raise_errors=False)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    if result.has_errors() or result.has_validation_errors():
        first = result.row_errors()[:1] or result.invalid_rows[:1]
        print(f"  django-import-export reported errors, first: {first}")
    return elapsed, cpu, load_time, len(dataset)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--households", type=int, default=12_000)
    parser.add_argument("--iie-slice", type=int, default=5_000)
    parser.add_argument("--skip-iie", action="store_true")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also import once under tracemalloc (slow)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the workbook and SQLite file")
    parser.add_argument("--repeat", type=int, default=3, help="bare/service runs to compare")
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--only-bare", action="store_true", help="only the bare comparison")
    parser.add_argument("--child", choices=["bare", "service"], help=argparse.SUPPRESS)
    parser.add_argument(
        "--workbook", help="reuse this workbook (generated there and kept when missing)"
    )
    args = parser.parse_args()

    if args.child:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongtam.settings")
        os.environ.setdefault("TASKS_BACKEND", "immediate")
        import django

        django.setup()
        child(args.child, Path(args.workbook))
        return

    # Production conditions: DEBUG off (with DEBUG on Django also records every statement).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "k" * 40)
    workdir = Path(tempfile.mkdtemp(prefix="dongtam-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongtam.settings")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from scoring.models import Phase

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    call_command("loaddata", "dongtam", verbosity=0)
    phase = Phase.objects.select_related("campaign__ward").get(campaign__year=2022, number=1)

    path = Path(args.workbook) if args.workbook else workdir / "roster-50k.xlsx"
    start = time.perf_counter()
    if not path.exists():
        generate(path, args.rows, args.households)
    print(
        f"Workbook: {args.rows:,} rows × 17 columns, {args.households:,} households, "
        f"{path.stat().st_size / 1e6:.1f} MB, generated in {time.perf_counter() - start:.1f} s"
    )

    if not args.skip_bare:
        connection.close()
        compare_with_bare(path, args.repeat)
        if args.only_bare:
            if not args.keep and not args.workbook:
                path.unlink(missing_ok=True)
            return
        clear_register()

    gc.collect()
    rss_before = maxrss_mb()
    report, elapsed, queries, _ = run_service(path, phase, trace=False)
    rss_after = maxrss_mb()
    print("\nService (scoring.importing.import_roster), empty register:")
    print(f"  wall time        {elapsed:8.1f} s   (target < 60 s)")
    print(
        f"  CPU time         {report.cpu_seconds:8.1f} s   (this process; SQLite runs in it, "
        "a PostgreSQL server does not)"
    )
    print(
        f"  machine load     {os.getloadavg()[0]:8.1f}     "
        f"(1-min load average, {os.cpu_count()} CPUs)"
    )
    print(f"  queries          {queries:8,d}")
    print(f"  peak RSS         {rss_after:8.0f} MB  (process; {rss_before:.0f} MB before import)")
    print(
        f"  wrote            {report.households_created:,} households, "
        f"{report.residents_created:,} residents, {report.assessments_created:,} assessments"
    )

    again, reimport_time, reimport_queries, _ = run_service(path, phase, trace=False)
    print(
        f"  re-import same file: {reimport_time:.1f} s wall, {again.cpu_seconds:.1f} s CPU, "
        f"{reimport_queries} queries, "
        f"{again.residents_unchanged:,} unchanged, {again.residents_created} created"
    )

    if args.tracemalloc:
        clear_register()
        _, traced_time, _, py_peak = run_service(path, phase, trace=True)
        print(
            f"  tracemalloc peak {py_peak:8.0f} MB  (Python heap; target < 300 MB; "
            f"{traced_time:.1f} s under tracing)"
        )

    if not args.skip_iie:
        print("\ndjango-import-export 4 (default ModelResource for Resident, ForeignKeyWidget):")
        slice_time, slice_cpu, load_time, n = run_import_export(path, args.iie_slice)
        scale = args.rows / n
        print(
            f"  {n:,}-row slice   {slice_time:8.1f} s wall, {slice_cpu:.1f} s CPU "
            f"(+ {load_time:.1f} s tablib load of the file)"
        )
        if slice_time * scale > 600:
            iie_time, iie_cpu = slice_time * scale, slice_cpu * scale
            how = f"EXTRAPOLATED ×{scale:.0f} from the slice (whole file > 10 min)"
        else:
            iie_time, iie_cpu, load_time, n = run_import_export(path, None)
            how = "measured on the whole file"
        print(f"  {args.rows:,} rows    {iie_time:8.1f} s wall, {iie_cpu:.1f} s CPU — {how}")
        print(
            f"\nSpeed ratio: service is {iie_time / elapsed:.1f}× faster in wall time, "
            f"{iie_cpu / report.cpu_seconds:.1f}× in CPU time (target ≥ 5×)"
        )
    if args.keep:
        print(f"Kept: {workdir}")
    elif not args.workbook:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
