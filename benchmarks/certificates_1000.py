"""Benchmark: "Gia đình công dân số" certificates for 1,000 digital families, printed in this
process by `render_family_certificates` (now chunked on every core: see benchmarks/printing.py,
which measures the print against a bare WeasyPrint render and every process's memory). Run on
demand; prints figures, asserts nothing, and appends them to benchmarks/README.md unless
--no-record.

    .venv/bin/python benchmarks/certificates_1000.py [--families 1000] [--tracemalloc]
                                                     [--keep PDF] [--no-record]

Uses DATABASE_URL when set (an empty, disposable database: the script migrates and loads the
ward fixture into it); otherwise a fresh SQLite file in a temporary folder.

Measured
1. issuing: numbers and verification codes for every family (awards.certificates.services);
2. rendering: HTML (with one inline-SVG QR code per page) → layout → PDF, in one document;
   pages per second over the whole print (issue + render + write);
3. peak memory: the process's peak RSS (ru_maxrss: Python, Pango, cairo, fonts) and, with
   --tracemalloc (slower), the Python heap peak.
Then the PDF is checked: page count, every font embedded, size in MB.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()  # noqa: SIM905
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Quang", "Thu", "Hữu", "Phương"]
GIVEN = "An Bình Cường Dũng Hải Hùng Hạnh Hương Lan Linh Mạnh Nga Nhung Thảo Tùng Yến".split()  # noqa: SIM905


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongtam.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "dongtam", verbosity=0)


def build_register(families: int, seed: int = 2022):
    """`families` households spread over the 16 TDPs, each head an adult meeting all ten
    criteria in phase 2 (so every household is a digital family, R3)."""
    from households.models import Household, Resident, ResidentialGroup
    from scoring.models import Assessment, Phase

    rnd = random.Random(seed)
    phase = Phase.objects.select_related("campaign").get(campaign__year=2022, number=2)
    tdps = list(ResidentialGroup.objects.in_code_order())
    households = Household.objects.bulk_create(
        [
            Household(tdp=tdps[i % len(tdps)], ward_id=tdps[0].ward_id, code=f"{i + 1:05d}")
            for i in range(families)
        ]
    )
    residents = Resident.objects.bulk_create(
        [
            Resident(
                household=h,
                full_name=f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}",
                birth_date=datetime.date(1950 + rnd.randrange(50), 1 + rnd.randrange(12), 1),
                sex=rnd.choice("MF"),
            )
            for h in households
        ]
    )
    for h, r in zip(households, residents, strict=True):
        h.head = r
    Household.objects.bulk_update(households, ["head"], batch_size=1000)
    Assessment.objects.bulk_create(
        [
            Assessment(resident=r, phase=phase, stage=1, **{f"tc{n}": True for n in range(1, 11)})
            for r in residents
        ],
        batch_size=1000,
    )
    return phase


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--tracemalloc", action="store_true", help="also the Python heap peak")
    parser.add_argument("--keep", help="write the PDF to this file")
    parser.add_argument("--no-record", action="store_true", help="do not append to README.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from pypdf import PdfReader

        from awards.certificates.services import issue_certificates, render_family_certificates
        from awards.models import FamilyCertificate

        t0 = time.perf_counter()
        phase = build_register(args.families)
        t_build = time.perf_counter() - t0
        rss_before = peak_rss_mb()

        t0 = time.perf_counter()
        issue_certificates(phase)
        t_issue = time.perf_counter() - t0
        FamilyCertificate.objects.all().delete()  # the timed print below issues afresh

        stages = {}

        def progress(stage, done, total):
            stages.setdefault(stage, time.perf_counter())

        if args.tracemalloc:
            tracemalloc.start()
        t0, c0 = time.perf_counter(), time.process_time()
        pdf, issued = render_family_certificates(phase, progress=progress)
        t_total, cpu_total = time.perf_counter() - t0, time.process_time() - c0
        heap_peak = None
        if args.tracemalloc:
            heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        rss_peak = peak_rss_mb()

        reader = PdfReader(io.BytesIO(pdf))
        pages = len(reader.pages)
        fonts = {}
        for page in reader.pages[:3]:
            for ref in (page["/Resources"].get("/Font") or {}).values():
                font = ref.get_object()
                desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                fonts[str(font["/BaseFont"])] = "/FontFile2" in desc
        if args.keep:
            Path(args.keep).write_bytes(pdf)

        t_layout = stages.get("pdf", t0) - stages.get("issued", t0)
        t_write = t0 + t_total - stages.get("pdf", t0 + t_total)
        lines = [
            f"families / pages            {args.families} / {pages}",
            f"register built (untimed)    {t_build:.1f} s",
            f"issue numbers alone         {t_issue:.2f} s",
            f"print total (wall)          {t_total:.1f} s  →  {pages / t_total:.1f} pages/s",
            f"print total (CPU)           {cpu_total:.1f} s  →  {pages / cpu_total:.1f} pages/s",
            f"  of which HTML + layout    {t_layout:.1f} s",
            f"  of which PDF writing      {t_write:.1f} s",
            f"peak RSS (process)          {rss_peak:.0f} MB (before printing {rss_before:.0f} MB)",
        ]
        if heap_peak is not None:
            lines.append(f"Python heap peak            {heap_peak:.0f} MB (tracemalloc)")
        lines += [
            f"PDF size                    {len(pdf) / 2**20:.1f} MB",
            f"fonts embedded              {', '.join(f'{k} {v}' for k, v in fonts.items())}",
            f"issued in order             {issued.certificates[0].number} … "
            f"{issued.certificates[-1].number}",
        ]
        print("\n".join(lines))

    if not args.no_record:
        load = os.getloadavg()[0]
        machine = (
            f"{platform.machine()}, {os.cpu_count()} CPUs, load {load:.1f}, "
            f"Python {platform.python_version()}"
        )
        db = "SQLite" if "sqlite" in os.environ["DATABASE_URL"] else "PostgreSQL"
        entry = (
            f"\n#### certificates_1000.py — {datetime.date.today():%d/%m/%Y} "
            f"({machine}, {db}{', tracemalloc on' if args.tracemalloc else ''})\n\n"
            "```\n" + "\n".join(lines) + "\n```\n"
        )
        readme = ROOT / "benchmarks" / "README.md"
        text = readme.read_text(encoding="utf-8") if readme.exists() else ""
        marker = "## Certificates — `certificates_1000.py`"
        if marker in text:
            # Newest figures first, right under the section's "Figures:" line.
            head, _, rest = text.partition(marker)
            section, figures, tail = rest.partition("\nFigures:\n")
            text = head + marker + section + figures + entry + tail if figures else text + entry
        else:
            text += entry
        readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
