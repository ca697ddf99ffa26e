"""dongtam.spreadsheets: formula-like text reaches Excel as text, numbers stay numbers, sheet
titles and download names survive any code (issue 8, "formula injection")."""

import io
from decimal import Decimal

import openpyxl
import tablib
from django.contrib import admin
from import_export.admin import ImportExportMixinBase

from dongtam.formatting import file_response
from dongtam.spreadsheets import (
    SafeCSV,
    SafeExportAdmin,
    SafeXLSX,
    cells,
    content_disposition,
    csv_row,
    sheet_title,
    workbook_bytes,
)

NASTY = ['=HYPERLINK("http://x","y")', "=1+1", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _read_back(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets


def test_formula_like_text_is_written_as_text_and_numbers_stay_numbers():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([*NASTY, 42, Decimal("92.68"), -5])
    (sheet,) = _read_back(workbook_bytes(wb))
    row = next(sheet.iter_rows())
    # XML stores a carriage return as a line feed; what matters is that it stays text.
    assert [c.value for c in row[: len(NASTY)]] == [v.replace("\r", "\n") for v in NASTY]
    assert all(c.data_type == "s" for c in row[: len(NASTY)])
    assert [c.value for c in row[len(NASTY) :]] == [42, 92.68, -5]
    assert all(c.data_type == "n" for c in row[len(NASTY) :])


def test_write_only_workbooks_build_text_cells():
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("A")
    ws.append(cells(ws, ["=1+1", 7]))
    (sheet,) = _read_back(workbook_bytes(wb))
    a, b = next(sheet.iter_rows())
    assert (a.value, a.data_type, b.value, b.data_type) == ("=1+1", "s", 7, "n")


def test_sheet_titles_survive_any_code():
    assert sheet_title("Hộ 12/3:A*?[x]") == "Hộ 12-3-A---x-"
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("Hộ 1", ["hộ 1"]) == "Hộ 1 (2)"
    assert sheet_title("") == "Trang"
    wb = openpyxl.Workbook()
    wb.active.title = "ok"
    wb.create_sheet("tạm")
    wb.worksheets[1].title = "x"  # openpyxl refuses bad titles itself; codes go via sheet_title
    assert [s.title for s in _read_back(workbook_bytes(wb))] == ["ok", "x"]


def test_csv_cells_are_prefixed_as_owasp_advises():
    assert csv_row([*NASTY, 12, "Nguyễn Văn An", "007"]) == [
        *["'" + v for v in NASTY],
        12,
        "Nguyễn Văn An",
        "007",
    ]


def test_download_names_are_rfc_6266_with_an_ascii_fallback():
    assert content_disposition("ket-qua.xlsx") == 'attachment; filename="ket-qua.xlsx"'
    header = content_disposition('phiếu tổ 8/A"b.pdf', inline=True)
    assert header.startswith("inline; filename=\"phieu-to-8-A-b.pdf\"; filename*=UTF-8''")
    assert "%E1%BA%BF" in header and "/" not in header.split("filename*=")[1]
    response = file_response(b"x", "đồng tâm.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="dong-tam.xlsx"')


def test_every_admin_export_escapes_formulae():
    exporting = [a for a in admin.site._registry.values() if isinstance(a, ImportExportMixinBase)]
    assert exporting
    for model_admin in exporting:
        assert isinstance(model_admin, SafeExportAdmin), type(model_admin).__name__
    data = tablib.Dataset(["=1+1", "An", 3], headers=["a", "b", "c"])
    assert SafeCSV().export_data(data).splitlines()[1] == "'=1+1,An,3"
    data = tablib.Dataset(['=HYPERLINK("x")', 3], headers=["a", "b"])
    (sheet,) = _read_back(SafeXLSX().export_data(data))
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("x")', "s")
