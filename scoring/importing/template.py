"""The blank roster workbook people download, fill in and upload (written with openpyxl:
calamine only reads). Sheet 1 has the INTERFACES.md header row and one example row; sheet
"Tiêu chí" is the legend: the ten criteria in the plan's wording and its scoring notes."""

from __future__ import annotations

import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dongtam import spreadsheets
from scoring.criteria import CRITERIA_TEXT, SCORING_NOTES
from scoring.importing.columns import COLUMNS, HEADERS

EXAMPLE_HOUSEHOLD = "VD-001"
EXAMPLE_NAME = "Nguyễn Văn Ví Dụ"
EXAMPLE_ROW = (
    "8",
    EXAMPLE_HOUSEHOLD,
    "x",
    EXAMPLE_NAME,
    datetime.date(1980, 5, 17),
    "Nam",
    "015080001234",
    *("x",) * 9,
    "",
)
LEGEND_SHEET = "Tiêu chí"
WIDTHS = {
    "Tổ dân phố": 12,
    "Mã hộ": 12,
    "Chủ hộ": 8,
    "Họ và tên": 28,
    "Ngày sinh": 12,
    "Giới tính": 10,
    "Số CCCD": 16,
}


def build_template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(list(HEADERS))
    ws.append(list(EXAMPLE_ROW))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    example_font = Font(italic=True, color="808080")
    for cell in ws[2]:
        cell.font = example_font
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = WIDTHS.get(column.header, 6)
        if column.header in ("Mã hộ", "Số CCCD", "Tổ dân phố"):
            # Text cells keep leading zeros: "007" and "7" are different households.
            for row in range(2, 2001):
                ws.cell(row=row, column=index).number_format = "@"
        if column.header == "Ngày sinh":
            for row in range(2, 2001):
                ws.cell(row=row, column=index).number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    sex_list = DataValidation(type="list", formula1='"Nam,Nữ"', allow_blank=True)
    sex_col = get_column_letter(HEADERS.index("Giới tính") + 1)
    sex_list.add(f"{sex_col}2:{sex_col}20000")
    ws.add_data_validation(sex_list)

    legend = wb.create_sheet(LEGEND_SHEET)
    legend.append(["Tiêu chí", "Nội dung (Kế hoạch số 86/KHPH-UBND, phụ lục tiêu chí)"])
    for number, text in enumerate(CRITERIA_TEXT, start=1):
        legend.append([f"TC{number}", text])
    legend.append([])
    legend.append(["Cách tính điểm"])
    for note in SCORING_NOTES:
        legend.append(["", note])
    legend.append([])
    legend.append(["Cách ghi"])
    for line in GUIDE:
        legend.append(["", line])
    for cell in legend[1]:
        cell.font = bold
        cell.fill = fill
    legend.column_dimensions["A"].width = 16
    legend.column_dimensions["B"].width = 110
    for row in legend.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[0].font = bold

    return spreadsheets.workbook_bytes(wb)


GUIDE = (
    "Mỗi nhân khẩu một dòng; dòng 1 là tiêu đề cột, thứ tự cột tùy ý. Xóa dòng ví dụ "
    f"(hộ {EXAMPLE_HOUSEHOLD}) trước khi nhập.",
    "Tổ dân phố: 8, 08, Tổ 8 hoặc Tổ dân phố số 8 đều là tổ số 8.",
    "Mã hộ: duy nhất trong phường; ghi dạng văn bản để giữ số 0 ở đầu (007 khác 7).",
    "Chủ hộ: ghi x ở dòng của chủ hộ; hộ chưa có chủ hộ sẽ lấy người nhiều tuổi nhất.",
    "Ngày sinh: ô kiểu ngày hoặc chữ dd/mm/yyyy. Giới tính: Nam hoặc Nữ.",
    "Số CCCD: đúng 12 chữ số, ghi dạng văn bản.",
    "TC1–TC10: đạt ghi x, 1, Có hoặc TRUE; không đạt để trống, 0, Không hoặc FALSE. "
    "Dòng để trống cả 10 ô TC là chưa chấm (giữ nguyên phiếu đã có nếu có).",
)
