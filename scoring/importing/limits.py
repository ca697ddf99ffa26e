"""Bounds on a roster workbook, checked before it is parsed into memory.

A workbook is a zip of XML (.xlsx, .xlsm, .ods) or a BIFF file (.xls). A small file may
unpack to gigabytes (one huge cell, millions of identical rows), and the reader (calamine)
materialises the whole first sheet, so the file is measured first, from what the zip's
directory declares and from a streamed count of the sheet's rows and columns, in a few MB of
memory whatever the file holds:

- the file itself (`ROSTER_UPLOAD_MAX_BYTES`);
- the unpacked size of every part of the zip (`ROSTER_MAX_UNPACKED_BYTES`);
- the rows and the columns of the first sheet (`ROSTER_MAX_ROWS`, `ROSTER_MAX_COLUMNS`);
- each cell's text (`ROSTER_MAX_CELL_CHARS`), checked as the rows are read.

Each refusal is one Vietnamese line naming the limit and the file's figure. The browser
upload and the command line apply the same bounds (scoring.importing.service)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

STREAM_CHUNK = 1 << 20  # bytes of XML read at a time while counting rows


class WorkbookTooLarge(Exception):
    """The workbook exceeds a bound; the message says which and by how much (Vietnamese)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.ROSTER_UPLOAD_MAX_BYTES,
            max_unpacked_bytes=settings.ROSTER_MAX_UNPACKED_BYTES,
            max_rows=settings.ROSTER_MAX_ROWS,
            max_columns=settings.ROSTER_MAX_COLUMNS,
            max_cell_chars=settings.ROSTER_MAX_CELL_CHARS,
        )


def megabytes(size: int) -> str:
    """1,572,864 → "1,5 MB" (Vietnamese decimal comma)."""
    value = size / (1024 * 1024)
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return text.replace(".", ",") + " MB"


def number(value: int) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def check_file_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise WorkbookTooLarge(
            f"Tệp nặng {megabytes(size)}, vượt giới hạn {megabytes(limits.max_bytes)} "
            "cho một lần nhập: hãy chia danh sách thành nhiều tệp (ví dụ theo tổ dân phố)."
        )


# --- zip-based workbooks (.xlsx, .xlsm, .ods) ------------------------------------------------

# The first worksheet of an .xlsx is normally xl/worksheets/sheet1.xml; the workbook's own
# relationships say which part it is when it is not.
_SHEET_PART = re.compile(rb'Target="/?(?:xl/)?(worksheets/[^"]+\.xml)"')
_XLSX_ROW = re.compile(rb"<(?:\w+:)?row[\s>]")
_XLSX_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d+"')
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*)>")
_ODS_REPEAT = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ODS_COL_REPEAT = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_VALUE = re.compile(rb"office:value-type=|<text:p")
_ODS_TABLE_END = b"</table:table>"


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "content.xml" in names:
        return "content.xml"
    rels = "xl/_rels/workbook.xml.rels"
    if rels in names:
        with archive.open(rels) as handle:
            match = _SHEET_PART.search(handle.read(1 << 20))
        if match and f"xl/{match.group(1).decode()}" in names:
            return f"xl/{match.group(1).decode()}"
    candidates = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    return candidates[0] if candidates else None


def _stream(archive: zipfile.ZipFile, part: str):
    """The part's bytes in chunks that overlap by a little, so a tag cut at a chunk's end is
    seen whole in the next one."""
    tail = b""
    with archive.open(part) as handle:
        while chunk := handle.read(STREAM_CHUNK):
            block = tail + chunk
            keep = block.rfind(b"<")
            if keep <= 0:
                keep = len(block)
            yield block[:keep]
            tail = block[keep:]
    if tail:
        yield tail


def _count_xlsx(archive, part, limits: Limits) -> tuple[int, int]:
    rows = columns = 0
    for block in _stream(archive, part):
        rows += len(_XLSX_ROW.findall(block))
        for letters in _XLSX_CELL_REF.findall(block):
            columns = max(columns, _column_number(letters))
        if rows > limits.max_rows or columns > limits.max_columns:
            break
    return rows, columns


def _count_ods(archive, part, limits: Limits) -> tuple[int, int]:
    """Rows of the first table; a trailing run of repeated empty rows (spreadsheets write one
    to fill the sheet) does not count, a repeated row that holds values does."""
    rows = columns = 0
    for block in _stream(archive, part):
        end = block.find(_ODS_TABLE_END)
        if end >= 0:
            block = block[:end]
        for segment in block.split(b"<table:table-row")[1:]:
            attrs = segment[: segment.find(b">") + 1]
            repeat = _ODS_REPEAT.search(attrs)
            count = int(repeat.group(1)) if repeat else 1
            has_value = bool(_ODS_VALUE.search(segment))
            if has_value:
                rows += count
                width = 0
                for cell_attrs, _ in _ODS_CELL.findall(segment):
                    col = _ODS_COL_REPEAT.search(cell_attrs)
                    width += int(col.group(1)) if col else 1
                columns = max(columns, width if width < 1 << 20 else 1 << 20)
        if end >= 0 or rows > limits.max_rows:
            break
    return rows, columns


def _check_zip(source, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the reader says the file is not a workbook
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.max_unpacked_bytes:
            raise WorkbookTooLarge(
                f"Tệp giải nén ra {megabytes(unpacked)}, vượt giới hạn "
                f"{megabytes(limits.max_unpacked_bytes)}: danh sách quá lớn cho một lần nhập "
                "hoặc có ô chứa quá nhiều chữ."
            )
        part = _first_sheet_part(archive)
        if part is None:
            return
        counter = _count_ods if part == "content.xml" else _count_xlsx
        rows, columns = counter(archive, part, limits)
    check_shape(rows, columns, limits)


def check_shape(rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.max_rows:
        raise WorkbookTooLarge(
            f"Trang tính đầu tiên có hơn {number(limits.max_rows)} dòng (giới hạn một lần "
            f"nhập là {number(limits.max_rows)} dòng): hãy chia danh sách thành nhiều tệp."
        )
    if columns > limits.max_columns:
        raise WorkbookTooLarge(
            f"Trang tính đầu tiên có {number(columns)} cột, vượt giới hạn "
            f"{number(limits.max_columns)} cột: danh sách chỉ cần các cột của tệp mẫu."
        )


def _size(source) -> int:
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    if isinstance(source, bytes | bytearray):
        return len(source)
    position = source.tell()
    size = source.seek(0, io.SEEK_END)
    source.seek(position)
    return size


def check_workbook(source, limits: Limits | None = None) -> None:
    """Raise WorkbookTooLarge when the workbook `source` (path, bytes or binary file) exceeds
    a bound. Reads the zip's directory and streams the first sheet's XML: never more than a
    few MB in memory."""
    limits = limits or Limits.from_settings()
    check_file_size(_size(source), limits)
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    position = None if isinstance(source, str | Path) else source.tell()
    try:
        _check_zip(source, limits)
    finally:
        if position is not None:
            source.seek(position)


def check_cell(text: str, limits: Limits) -> str | None:
    """The reason a cell's text is refused, or None."""
    if len(text) > limits.max_cell_chars:
        return (
            f"ô dài {number(len(text))} ký tự, vượt giới hạn {number(limits.max_cell_chars)} "
            "ký tự."
        )
    return None
