"""Spreadsheets and downloads that are safe to open — the one helper every export uses.

A resident's name, a household code or an organisation typed as `=HYPERLINK(…)` or `+1+1`
must reach Excel as text, never as a live formula (OWASP "CSV injection"):

- .xlsx: every workbook is written through `workbook_bytes()`, which turns any cell that
  openpyxl would store as a formula into a text cell (numbers and dates stay what they are)
  and makes every sheet title valid whatever code it was built from; write-only workbooks,
  which cannot be revisited, build their cells with `cell()`.
- .csv: `csv_row()` prefixes text cells that start with `=`, `+`, `-`, `@`, tab or CR with an
  apostrophe, as OWASP advises; numbers stay numbers.
- downloads: `content_disposition()` writes the file name RFC 6266-style (`filename*=` in
  UTF-8, with an ASCII `filename=` fallback), whatever characters a code holds.
- the admin's import-export downloads: every admin derives from `SafeExportAdmin`, whose
  export formats escape data cells the same way."""

from __future__ import annotations

import io
import re
import unicodedata
from urllib.parse import quote

from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
_FILENAME_BAD = re.compile(r"[^A-Za-z0-9._-]+")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


# --- .xlsx -----------------------------------------------------------------------------------


def cell(ws, value, **style):
    """A write-only cell holding `value`, as text when it looks like a formula."""
    from openpyxl.cell import WriteOnlyCell

    result = WriteOnlyCell(ws, value=value)
    if result.data_type == "f":
        result.data_type = "s"
    for name, setting in style.items():
        if setting is not None:
            setattr(result, name, setting)
    return result


def cells(ws, values) -> list:
    """A row of write-only cells (`ws.append(cells(ws, values))`)."""
    return [value if hasattr(value, "data_type") else cell(ws, value) for value in values]


def sheet_title(text: str, taken=()) -> str:
    """A valid, unique sheet title from any text: no []:*?/\\, not blank, ≤ 31 characters."""
    title = _SHEET_TITLE_BAD.sub("-", unicodedata.normalize("NFC", str(text))).strip("' ")
    title = (title or "Trang")[:SHEET_TITLE_MAX]
    taken = {t.casefold() for t in taken}
    base, n = title, 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    return title


def neutralise(workbook) -> None:
    """Every formula cell of a (not write-only) workbook becomes a text cell; sheet titles are
    made valid. The app writes no formulas of its own, so any formula came from data."""
    titles: list[str] = []
    for ws in workbook.worksheets:
        safe = sheet_title(ws.title, titles)
        if safe != ws.title:
            ws.title = safe
        titles.append(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    c.data_type = "s"


def workbook_bytes(workbook) -> bytes:
    """The .xlsx file of `workbook`, neutralised (see `neutralise`)."""
    if not getattr(workbook, "write_only", False):
        neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- .csv ------------------------------------------------------------------------------------


def csv_value(value):
    return "'" + value if is_formula_like(value) else value


def csv_row(values) -> list:
    return [csv_value(v) for v in values]


# --- downloads -------------------------------------------------------------------------------


def ascii_filename(filename: str) -> str:
    """ "phiếu tự chấm – tổ 8/A.xlsx" → "phieu-tu-cham-to-8-A.xlsx" (the fallback name)."""
    text = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    stem = _FILENAME_BAD.sub("-", stem).strip("-.") or "tep"
    extension = _FILENAME_BAD.sub("", extension)
    return f"{stem}.{extension}" if extension else stem


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266: `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`."""
    kind = "inline" if inline else "attachment"
    clean = unicodedata.normalize("NFC", filename).replace("/", "-").replace("\\", "-")
    clean = "".join(ch for ch in clean if ch.isprintable())
    fallback = ascii_filename(clean)
    if clean == fallback:
        return f'{kind}; filename="{fallback}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean, safe='')}"


# --- the admin (django-import-export) --------------------------------------------------------


def _escape_dataset(dataset) -> None:
    for _ in range(len(dataset)):
        row = dataset.lpop()
        dataset.append([csv_value(v) for v in row])


def _safe_format(base):
    class Safe(base):
        def export_data(self, dataset, **kwargs):
            _escape_dataset(dataset)
            return super().export_data(dataset, **kwargs)

    Safe.__name__ = Safe.__qualname__ = f"Safe{base.__name__}"
    return Safe


SafeCSV = _safe_format(base_formats.CSV)
SafeXLSX = _safe_format(base_formats.XLSX)


class SafeExportAdmin(ImportExportModelAdmin):
    """ImportExportModelAdmin whose downloads neutralise formula-like cells."""

    export_formats = [SafeCSV, SafeXLSX]
