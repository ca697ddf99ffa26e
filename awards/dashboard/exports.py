"""The dashboard's tables as .xlsx workbooks (one sheet each, header in row 1, dates as
real dates shown dd/mm/yyyy, percentages as numbers truncated as on screen — R4)."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from awards.dashboard.services import Dashboard
from dongtam import spreadsheets
from scoring.exports import standings_xlsx

TABLES = {
    "standings": "Xếp hạng tổ dân phố",
    "progress": "Tiến độ bốn bước",
    "adoption": "Tỷ lệ đạt từng tiêu chí",
    "households": "Danh sách hộ",
}


def _yes_no(value) -> str:
    if value is None:
        return "Không thuộc diện"
    return "Có" if value else "Không"


def _number(text: str | None):
    """The R4 text ("85.71") as a number for the sheet."""
    return Decimal(text) if text else None


def progress_rows(dash: Dashboard):
    header = ["Bước", "Từ ngày", "Đến ngày", "Tình trạng", "Đã thực hiện", "Tổng", "Tỷ lệ (%)",
              "Nội dung", "Ghi chú"]  # fmt: skip
    rows = [
        [
            s.label,
            s.opens,
            s.closes,
            s.status,
            s.done,
            s.total,
            _number(s.percent),
            s.unit,
            s.note,
        ]
        for s in dash.steps
    ]
    return header, rows


def adoption_rows(dash: Dashboard):
    header = ["Tiêu chí", "Nội dung", "Đạt", "Chưa đạt", "Đã chấm", "Tỷ lệ đạt (%)"]
    rows = [
        [f"TC{a.number}", a.text, a.met, a.not_met, a.scored, _number(a.percent)]
        for a in dash.adoption
    ]
    return header, rows


def household_rows(dash: Dashboard):
    header = ["Mã hộ", "Chủ hộ", "Nhân khẩu", "Từ 18 tuổi", "Công dân số", "Chưa chấm",
              "Gia đình công dân số"]  # fmt: skip
    rows = [
        [
            h["code"],
            h["head"],
            h["residents"],
            h["eligible"],
            h["digital"],
            h["unscored"],
            _yes_no(h["digital_family"]),
        ]
        for h in dash.households
    ]
    return header, rows


BUILDERS = {
    "progress": progress_rows,
    "adoption": adoption_rows,
    "households": household_rows,
}


def workbook_bytes(dash: Dashboard, table: str) -> bytes:
    if table == "standings":
        # The same workbook as `manage.py standings --format xlsx` (scoring.exports), for
        # the ward or narrowed to the one TDP of a TDP-level dashboard.
        doc = dash.standings.as_json()
        if dash.tdp is not None:
            doc["tdps"] = [t for t in doc["tdps"] if t["code"] == dash.tdp.code]
        return standings_xlsx(doc)
    header, rows = BUILDERS[table](dash)
    wb = Workbook()
    ws = wb.active
    ws.title = spreadsheets.sheet_title(TABLES[table])
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    widths = [len(str(h)) for h in header]
    for row in ws.iter_rows(min_row=2):
        for i, cell in enumerate(row):
            if hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
            widths[i] = max(widths[i], min(60, len(str(cell.value or ""))))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(60, w + 2))
    ws.freeze_panes = "A2"
    return spreadsheets.workbook_bytes(wb)


def filename(dash: Dashboard, table: str) -> str:
    scope = f"-to-{dash.tdp.code}" if dash.tdp else ""
    return f"{table}-{dash.phase.campaign.year}-gd{dash.phase.number}{scope}.xlsx"
