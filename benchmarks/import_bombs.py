"""Benchmark: workbook bombs fed to the roster import (issue 8, "one small upload takes
gigabytes"). Run on demand; prints figures, asserts nothing.

    .venv/bin/python benchmarks/import_bombs.py [--keep] [--only NAME]

Each bomb is written part by part (never held in memory), then imported by a fresh process
(`manage.py import_roster FILE --campaign 2022 --phase 1 --dry-run`, the same service and
bounds as the browser upload) into a throw-away SQLite database with the ward fixture. For
each: file size, what the import answered (its first line), wall time and the child's peak
RSS. A control row imports the 50,000-row roster of benchmarks/import_roster_50k.py, which
the default bounds must accept.

Bombs (the figures measured before the bounds existed are in benchmarks/README.md):
- huge-cell:    a ~1 MB .xlsx whose one shared string is 1 GB of text;
- many-rows:    a ~4 MB .xlsx of 5,000,000 identical rows;
- million-rows: 1,000,000 valid roster rows (a realistic but oversized file);
- wide:         a .xlsx of 3 rows × 16,384 columns."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl.utils import get_column_letter  # noqa: E402

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
HEADER = [
    "Tổ dân phố", "Mã hộ", "Chủ hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD",
    *[f"TC{i}" for i in range(1, 11)],
]  # fmt: skip


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _zip(path: Path, sheet_writer, shared: bytes | None = None, shared_repeat: int = 0):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
                handle.write(b'<sst xmlns="x"><si><t>')
                for _ in range(shared_repeat):
                    handle.write(shared)
                handle.write(b"</t></si></sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            handle.write(b'<worksheet xmlns="x"><sheetData>')
            sheet_writer(handle)
            handle.write(b"</sheetData></worksheet>")


def huge_cell(path: Path) -> None:
    def sheet(handle):
        handle.write(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')

    _zip(path, sheet, shared=b"A" * (1 << 20), shared_repeat=1024)  # 1 GiB of "A"


def many_rows(path: Path, rows: int = 5_000_000) -> None:
    def sheet(handle):
        row = b'<row><c t="s"><v>0</v></c></row>' * 1000  # no row numbers: packs tightly
        for _ in range(rows // 1000):
            handle.write(row)

    _zip(path, sheet, shared=b"8", shared_repeat=1)


def million_rows(path: Path, rows: int = 1_000_000) -> None:
    def sheet(handle):
        cells = "".join(_inline(f"{get_column_letter(i + 1)}1", h) for i, h in enumerate(HEADER))
        handle.write(f'<row r="1">{cells}</row>'.encode())
        for n in range(2, rows + 2):
            values = [str(n % 16 + 1), f"H{n // 4:07d}", "", f"Nguyễn Văn {n}", "17/05/1980",
                      "Nam", "", *["x"] * 10]  # fmt: skip
            cells = "".join(
                _inline(f"{get_column_letter(i + 1)}{n}", v) for i, v in enumerate(values) if v
            )
            handle.write(f'<row r="{n}">{cells}</row>'.encode())

    _zip(path, sheet)


def wide(path: Path, columns: int = 16_384) -> None:
    def sheet(handle):
        for n in (1, 2, 3):
            refs = (f"{get_column_letter(i)}{n}" for i in range(1, columns + 1))
            cells = "".join(f'<c r="{ref}"><v>1</v></c>' for ref in refs)
            handle.write(f'<row r="{n}">{cells}</row>'.encode())

    _zip(path, sheet)


def control(path: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dongtam.settings")
    django.setup()
    from benchmarks.import_roster_50k import generate

    generate(path, 50_000, 12_000)


BOMBS = {
    "huge-cell": huge_cell,
    "many-rows": many_rows,
    "million-rows": million_rows,
    "wide": wide,
    "control-50k": control,
}


def prepare_database(folder: Path) -> dict:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder / 'bombs.sqlite3'}", DEBUG="1")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "loaddata", "dongtam", "-v0"], env=env, check=True, cwd=ROOT)
    return env


# The child reports its own peak RSS as it exits (RUSAGE_CHILDREN would give the largest child
# so far, not this one).
CHILD = (
    "import atexit, resource, runpy, sys\n"
    "atexit.register(lambda: sys.stderr.write("
    "'MAXRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "sys.argv = ['manage.py', *sys.argv[1:]]\n"
    "runpy.run_path('manage.py', run_name='__main__')\n"
)


def run_import(path: Path, env: dict) -> tuple[float, float, str, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "import_roster", str(path), "--campaign", "2022",
         "--phase", "1", "--dry-run"],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    lines = (done.stderr + done.stdout).splitlines()
    peak = next((int(ln.split()[1]) for ln in lines if ln.startswith("MAXRSS ")), 0)
    answer = next((ln for ln in lines if ln.startswith(("Dòng", "Tệp", "Trang"))), "")
    return wall, peak / 1024, answer or (lines[-1] if lines else ""), done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--only", choices=sorted(BOMBS), action="append")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dongtam-bombs-"))
    try:
        env = prepare_database(folder)
        print(f"{'bomb':<14} {'file':>9} {'wall':>8} {'peak RSS':>9}  exit  answer")
        for name in args.only or list(BOMBS):
            path = folder / f"{name}.xlsx"
            BOMBS[name](path)
            wall, peak, answer, code = run_import(path, env)
            size = path.stat().st_size / (1 << 20)
            print(f"{name:<14} {size:>7.1f}MB {wall:>7.1f}s {peak:>7.0f}MB  {code:>4}  {answer}")
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
