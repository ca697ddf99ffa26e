"""Dates as Vietnamese administrative documents write them.

"Đồng Tâm, ngày 05 tháng 11 năm 2022": days under 10 and the months January and February take
a leading zero (so "ngày 01 tháng 02" cannot be altered into "ngày 11 tháng 12"); months 3–12
are written without one ("ngày 15 tháng 8 năm 2022")."""

from __future__ import annotations

import datetime


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


def vn_date_words(value) -> str:
    """ "ngày 05 tháng 11 năm 2022" (empty for no date)."""
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


def vn_date(value) -> str:
    """dd/mm/yyyy (screens and tables)."""
    d = _as_date(value)
    return d.strftime("%d/%m/%Y") if d else ""
