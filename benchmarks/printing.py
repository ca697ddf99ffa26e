"""Benchmark: the project's certificate print against a bare WeasyPrint render, in ONE run.

    .venv/bin/python benchmarks/printing.py [--families 1000] [--big 10000] [--repeat 1]
                                            [--processes N] [--chunk-pages N] [--no-record]

1. bare: a fresh Python process renders N plain A4-landscape pages with the project's font
   (Liberation Serif from static/fonts, @font-face), no QR code, no frame: each page carries
   the same lines of text as a certificate, as plain paragraphs; ONE WeasyPrint document,
   one process (what "WeasyPrint on this machine" costs per page).
2. project: `manage.py print_certificates --campaign 2022 --phase 2 --output F` in a fresh
   process on a register of N digital families (issuing numbers included), as a user runs it:
   chunks rendered by worker processes (PRINT_PROCESSES / PRINT_CHUNK_PAGES) and streamed
   into one PDF.
3. with --big M: the project's print of M families (the register grown to M); the bare figure
   for M is 1,000's × M / 1,000 (a bare document of 10,000 pages would need ~6 GB: WeasyPrint
   keeps every page until it writes), and the ratio shows how the project's cost grows.

For each: wall, CPU (user + system of the process and every worker it waited for), pages/s,
peak RSS of every process (VmHWM polled from /proc every 0.1 s: the printing process and each
worker) and the project / bare ratios. The machine's load average is printed: on a shared box
wall time depends on it; CPU time is the steadier figure. Appends the figures to
benchmarks/README.md unless --no-record. Builds its own SQLite in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()  # noqa: SIM905
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Quang", "Thu", "Hữu", "Phương"]
GIVEN = "An Bình Cường Dũng Hải Hùng Hạnh Hương Lan Linh Mạnh Nga Nhung Thảo Tùng Yến".split()  # noqa: SIM905
FONTS = ROOT / "static" / "fonts"

# ---------------------------------------------------------------- the bare render (child)


def bare_html(pages: int) -> str:
    """N plain A4-landscape pages, the project's font, the text of a certificate."""
    face = (
        "@font-face { font-family: 'DongTam Serif'; "
        f"src: url('{(FONTS / 'LiberationSerif-Regular.ttf').as_uri()}'); }}"
    )
    rnd = random.Random(1)
    body = []
    for i in range(pages):
        name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        lines = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "ỦY BAN NHÂN DÂN PHƯỜNG ĐỒNG TÂM",
            "GIẤY CHỨNG NHẬN",
            "GIA ĐÌNH CÔNG DÂN SỐ",
            "Chứng nhận gia đình",
            f"Ông {name}",
            f"Chủ hộ, Tổ dân phố số {i % 16 + 1}, phường Đồng Tâm, thành phố Yên Bái",
            "Đạt danh hiệu “Gia đình công dân số” trong Phong trào thi đua “Chuyển đổi số” 2022",
            "(Tổng kết giai đoạn 2)",
            "Xác minh tại: http://127.0.0.1:8000/xac-minh/",
            f"K{i:07d}ABCDEFGHJKLMN/",
            f"Số: 2022-GĐCDS-{i + 1:06d}",
            "Ngày cấp: 05/11/2022",
            "Đồng Tâm, ngày 05 tháng 11 năm 2022",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Nguyễn Ngọc Hà",
        ]
        body.append("<section>" + "".join(f"<p>{line}</p>" for line in lines) + "</section>")
    css = (
        f"{face} @page {{ size: A4 landscape; margin: 9mm; }} "
        "html { font-family: 'DongTam Serif'; font-size: 13pt; } p { margin: 0 0 4pt 0; } "
        "section + section { break-before: page; }"
    )
    return (
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><style>{css}</style>"
        f"</head><body>{''.join(body)}</body></html>"
    )


def bare_main(pages: int, output: str) -> None:
    from weasyprint import HTML

    HTML(string=bare_html(pages)).write_pdf(output)


# ---------------------------------------------------------------- measuring a process tree


def _children(pid: int) -> list[int]:
    """Children of every thread of the process."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                found += [int(p) for p in f.read().split()]
        except OSError:
            pass
    return found


def _hwm_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _role(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"
    if "resource_tracker" in cmd:
        return "tracker"
    if "spawn_main" in cmd:
        return "worker"
    return "main"


def run_measured(args: list[str], env: dict) -> dict:
    """Run a command; wall, CPU of it and its waited-for children, peak RSS per process."""
    peaks: dict[int, tuple[str, float]] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    stop = threading.Event()

    def poll():
        # The printing process and its direct children (the pool's workers); helpers they
        # start briefly (ldconfig…) are not counted.
        while not stop.is_set():
            for pid in [proc.pid, *_children(proc.pid)]:
                hwm = _hwm_mib(pid)
                if hwm is not None:
                    role = _role(pid)  # again each time: a new child shows its parent's
                    # command line until it has exec'd
                    peaks[pid] = (role, max(hwm, peaks.get(pid, ("", 0.0))[1]))
            stop.wait(0.1)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    poller.join()
    out = proc.stdout.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{out}")
    main = peaks.get(proc.pid, ("main", usage.ru_maxrss / 1024))[1]
    workers = [v for r, v in peaks.values() if r == "worker"]
    if os.environ.get("BENCH_DEBUG"):
        print({pid: (r, round(v)) for pid, (r, v) in peaks.items()}, file=sys.stderr)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_main": main,
        "rss_workers": workers,
        "out": out,
    }


# ---------------------------------------------------------------- the register


def setup_django(tmp: Path) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongtam.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "dongtam", verbosity=0)
    return dict(os.environ)


def grow_register(families: int, seed: int = 2022) -> None:
    """Households up to `families`, spread over the 16 TDPs, each head an adult meeting all
    ten criteria in phase 2 (so every household is a digital family, R3)."""
    from households.models import Household, Resident, ResidentialGroup
    from scoring.models import Assessment, Phase

    rnd = random.Random(seed + families)
    phase = Phase.objects.get(campaign__year=2022, number=2)
    tdps = list(ResidentialGroup.objects.in_code_order())
    start = Household.objects.count()
    households = Household.objects.bulk_create(
        [
            Household(tdp=tdps[i % len(tdps)], ward_id=tdps[0].ward_id, code=f"{i + 1:05d}")
            for i in range(start, families)
        ],
        batch_size=1000,
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
        ],
        batch_size=1000,
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


def check_pdf(path: Path) -> dict:
    from pypdf import PdfReader

    pages = len(PdfReader(path).pages)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    return {
        "pages": pages,
        "size": path.stat().st_size / 2**20,
        "fonts": len(rows),
        "embedded": all(r[-5] == "yes" for r in rows),
    }


# ---------------------------------------------------------------- main


def fmt(name: str, m: dict, pages: int) -> str:
    workers = m["rss_workers"]
    rss = f"main {m['rss_main']:.0f}"
    if workers:
        rss += f", {len(workers)} workers max {max(workers):.0f}"
    return (
        f"{name:<26}{m['wall']:7.1f} s wall {m['cpu']:7.1f} s CPU "
        f"{pages / m['wall']:6.1f} pages/s  peak RSS MiB: {rss}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--big", type=int, default=0, help="also print this many (e.g. 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="best of R (bare and project)")
    parser.add_argument("--processes", type=int, help="PRINT_PROCESSES for the project")
    parser.add_argument("--chunk-pages", type=int, help="PRINT_CHUNK_PAGES for the project")
    parser.add_argument(
        "--project-root", help="run print_certificates of another checkout (e.g. the old code)"
    )
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--bare-child", nargs=2, metavar=("PAGES", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_child:
        bare_main(int(args.bare_child[0]), args.bare_child[1])
        return

    python = sys.executable
    lines = []
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = setup_django(tmp)
        if args.processes:
            env["PRINT_PROCESSES"] = str(args.processes)
        if args.chunk_pages:
            env["PRINT_CHUNK_PAGES"] = str(args.chunk_pages)
        n = args.families
        grow_register(n)
        project_root = Path(args.project_root).resolve() if args.project_root else ROOT

        def project(count: int) -> tuple[dict, dict]:
            out = tmp / f"project-{count}.pdf"
            m = run_measured(
                [python, str(project_root / "manage.py"), "print_certificates",
                 "--campaign", "2022", "--phase", "2", "--output", str(out)],
                env,
            )  # fmt: skip
            return m, check_pdf(out)

        bare, proj = None, None
        for _ in range(args.repeat):
            out = tmp / "bare.pdf"
            b = run_measured([python, __file__, "--bare-child", str(n), str(out)], env)
            bare_pdf = check_pdf(out)
            bare = b if bare is None or b["wall"] < bare["wall"] else bare
            loads.append(os.getloadavg()[0])
            p, proj_pdf = project(n)
            proj = p if proj is None or p["wall"] < proj["wall"] else proj
            loads.append(os.getloadavg()[0])
        assert proj_pdf["pages"] == n and bare_pdf["pages"] == n
        lines += [
            fmt(f"bare WeasyPrint {n:,}", bare, n),
            fmt(f"print_certificates {n:,}", proj, n),
            f"{'ratio project / bare':<26}{proj['wall'] / bare['wall']:7.2f}× wall "
            f"{proj['cpu'] / bare['cpu']:7.2f}× CPU",
            f"{'PDF':<26}project {proj_pdf['size']:.1f} MiB, {proj_pdf['fonts']} font "
            f"subsets, all embedded: {proj_pdf['embedded']}; bare {bare_pdf['size']:.1f} MiB",
        ]
        if args.big:
            from awards.models import FamilyCertificate

            FamilyCertificate.objects.all().delete()  # issue afresh, as for the first print
            grow_register(args.big)
            big, big_pdf = project(args.big)
            loads.append(os.getloadavg()[0])
            assert big_pdf["pages"] == args.big
            k = args.big / n
            lines += [
                fmt(f"print_certificates {args.big:,}", big, args.big),
                f"{'growth ' + f'{args.big:,} / {n:,}':<26}{big['wall'] / proj['wall']:7.2f}× "
                f"wall {big['cpu'] / proj['cpu']:7.2f}× CPU (linear: {k:.0f}×)",
                f"{'ratio vs bare × ' + f'{k:.0f}':<26}{big['wall'] / (bare['wall'] * k):7.2f}× "
                f"wall {big['cpu'] / (bare['cpu'] * k):7.2f}× CPU",
                f"{'PDF':<26}project {big_pdf['size']:.1f} MiB, {big_pdf['fonts']} font "
                f"subsets, all embedded: {big_pdf['embedded']}",
            ]
    load = f"load {min(loads):.1f}–{max(loads):.1f}"
    settings_line = (
        f"PRINT_PROCESSES={env.get('PRINT_PROCESSES', 'default')}, "
        f"PRINT_CHUNK_PAGES={env.get('PRINT_CHUNK_PAGES', 'default')}"
    )
    if args.project_root:
        settings_line += f", project code from {args.project_root}"
    lines.insert(0, f"{platform.machine()}, {len(os.sched_getaffinity(0))} CPUs, {load}, "
                 f"{settings_line}")  # fmt: skip
    print("\n".join(lines))
    if not args.no_record:
        entry = (
            f"\n#### printing.py — {datetime.datetime.now():%d/%m/%Y %H:%M}\n\n```\n"
            + "\n".join(lines)
            + "\n```\n"
        )
        readme = ROOT / "benchmarks" / "README.md"
        text = readme.read_text(encoding="utf-8")
        marker = "\nPrinting figures:\n"
        text = text.replace(marker, marker + entry, 1) if marker in text else text + entry
        readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
