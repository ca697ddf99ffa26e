"""The dashboard's tables as .xlsx workbooks (one sheet each, header in row 1, dates as
real dates shown dd/mm/yyyy, percentages as numbers truncated as on screen — R4)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from awards.services_dashboard import Dashboard

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
    return Decimal(text.replace(",", ".")) if text else None


def standings_rows(dash: Dashboard):
    header = [
        "Hạng",
        "Mã tổ",
        "Tổ dân phố",
        "Nhân khẩu",
        "Từ 18 tuổi",
        "Công dân số",
        "Chưa chấm",
        "Số hộ",
        "Hộ thuộc diện",
        "Gia đình công dân số",
        "Tỷ lệ gia đình công dân số (%)",
        "Tổ dân phố chuyển đổi số",
        f"Đạt ngưỡng {dash.phase.award_threshold.normalize():f} %",
        "Đề nghị khen thưởng",
    ]
    tdps = dash.standings.tdps
    if dash.tdp is not None:
        tdps = [s for s in tdps if s.tdp.id == dash.tdp.id]
    rows = [
        [
            s.rank,
            s.code,
            s.name,
            s.residents,
            s.eligible_residents,
            s.digital_citizens,
            s.unscored_residents,
            s.households,
            s.eligible_households,
            s.digital_households,
            _number(s.ratio_percent),
            "Có" if s.digital_tdp else "Không",
            "Có" if s.meets_award_threshold else "Không",
            "Có" if s.award else "Không",
        ]
        for s in tdps
    ]
    return header, rows


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
    "standings": standings_rows,
    "progress": progress_rows,
    "adoption": adoption_rows,
    "households": household_rows,
}


def workbook_bytes(dash: Dashboard, table: str) -> bytes:
    header, rows = BUILDERS[table](dash)
    wb = Workbook()
    ws = wb.active
    ws.title = TABLES[table][:31]
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
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def filename(dash: Dashboard, table: str) -> str:
    scope = f"-to-{dash.tdp.code}" if dash.tdp else ""
    return f"{table}-{dash.phase.campaign.year}-gd{dash.phase.number}{scope}.xlsx"
