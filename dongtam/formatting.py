"""How every page, export and document writes figures, dates and files — one place.

- Percentages: the R4 text ("92.68", truncated, never rounded — scoring.rules) shown with the
  Vietnamese decimal comma ("92,68 %"); a threshold ("85", "87.5") likewise.
- Dates: dd/mm/yyyy on screens and tables; "ngày 05 tháng 11 năm 2022" on documents (Nghị
  định 30/2020/NĐ-CP: days under 10 and the months January and February take a leading zero).
  The one list of accepted input formats is `DATE_INPUT_FORMATS` (dongtam/formats/vi).
- File responses: the content types and the Content-Disposition of every download.

Nothing here decides a rule; it only writes what scoring has decided."""

from __future__ import annotations

import datetime
from decimal import Decimal

from dongtam.formats.vi.formats import DATE_INPUT_FORMATS

__all__ = [
    "DATE_INPUT_FORMATS",
    "CONTENT_TYPES",
    "XLSX_CONTENT_TYPE",
    "percent",
    "threshold",
    "threshold_number",
    "parse_date",
    "vn_date",
    "vn_date_words",
    "vn_date_long",
    "file_response",
]

NO_FIGURE = "—"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": XLSX_CONTENT_TYPE,
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


# --- figures ---------------------------------------------------------------------------------


def percent(text: str | None) -> str:
    """ "92.68" (the R4 text of scoring.rules.ratio_percent_text) → "92,68 %"; None → "—"."""
    if text in (None, ""):
        return NO_FIGURE
    return str(text).replace(".", ",") + " %"


def threshold_number(value) -> str:
    """A threshold as written in data and INTERFACES.md: 85.00 → "85", 87.50 → "87.5"."""
    return format(Decimal(value).normalize(), "f")


def threshold(value) -> str:
    """A threshold for people: 85.00 → "85 %", 87.50 → "87,5 %"."""
    return threshold_number(value).replace(".", ",") + " %"


# --- dates -----------------------------------------------------------------------------------


def parse_date(text: str) -> datetime.date | None:
    """A date typed by a person in any accepted format (`DATE_INPUT_FORMATS`), or None."""
    text = (text or "").strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _as_date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"Expected a date, got {value!r}")


def vn_date(value) -> str:
    """dd/mm/yyyy (screens and tables); empty for no date."""
    d = _as_date(value)
    return d.strftime("%d/%m/%Y") if d else ""


def vn_date_words(value) -> str:
    """ "ngày 05 tháng 11 năm 2022" (empty for no date): a leading zero on days under 10 and
    on months 1–2, so "ngày 01 tháng 02" cannot be altered into "ngày 11 tháng 12"."""
    d = _as_date(value)
    if d is None:
        return ""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def vn_date_long(value, place: str = "") -> str:
    """ "Đồng Tâm, ngày 05 tháng 11 năm 2022"; without a place just the date words."""
    words = vn_date_words(value)
    if not words:
        return ""
    place = (place or "").strip()
    return f"{place}, {words}" if place else words


# --- files -----------------------------------------------------------------------------------


def file_response(content: bytes, filename: str, *, inline: bool = False):
    """A download: the content type from the file name's extension; PDFs may open inline;
    the name RFC 6266-encoded whatever characters it holds (dongtam.spreadsheets)."""
    from django.http import HttpResponse

    from dongtam.spreadsheets import content_disposition

    extension = filename.rsplit(".", 1)[-1].lower()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    inline = inline and extension == "pdf"
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response
