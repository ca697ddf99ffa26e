"""Bounds on roster workbooks (issue 8: "one small upload takes gigabytes"): each bomb is
refused before calamine parses it, with one Vietnamese line naming the limit and the file's
figure, and nothing is written. The bounds are lowered with settings so the bombs stay small;
benchmarks/import_bombs.py feeds the full-size ones and prints time and peak RSS."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from openpyxl.utils import get_column_letter

from households.models import Resident
from scoring.importing import import_roster
from scoring.importing.limits import Limits, WorkbookTooLarge, check_workbook
from tests.scoring.test_import_service import register_state, row, workbook

SMALL = Limits(
    max_bytes=200_000,
    max_unpacked_bytes=2_000_000,
    max_rows=50,
    max_columns=30,
    max_cell_chars=100,
)


def _xlsx_bomb(path, *, rows=0, cell_chars=0, columns=1):
    """A minimal .xlsx written part by part, as a bomb would be: `rows` identical rows, or one
    shared string of `cell_chars` characters."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            "</Types>",
        )
        with z.open("xl/sharedStrings.xml", "w") as handle:
            handle.write(b'<sst xmlns="x"><si><t>')
            for _ in range(cell_chars // 10_000):
                handle.write(b"A" * 10_000)
            handle.write(b"</t></si></sst>")
        with z.open("xl/worksheets/sheet1.xml", "w") as handle:
            handle.write(b'<worksheet xmlns="x"><sheetData>')
            letters = [get_column_letter(i) for i in range(1, columns + 1)]
            for n in range(1, rows + 1):
                cells = "".join(f'<c r="{c}{n}" t="s"><v>0</v></c>' for c in letters)
                handle.write(f'<row r="{n}">{cells}</row>'.encode())
            handle.write(b"</sheetData></worksheet>")
    return path


def _ods_with_repeated_rows(repeat: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "content.xml",
            "<office:document-content><office:body><office:spreadsheet>"
            '<table:table table:name="A">'
            '<table:table-row><table:table-cell office:value-type="string"><text:p>Tổ dân phố'
            "</text:p></table:table-cell></table:table-row>"
            f'<table:table-row table:number-rows-repeated="{repeat}">'
            '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
            "</table:table-row>"
            '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/>'
            "</table:table-row></table:table></office:spreadsheet></office:body>"
            "</office:document-content>",
        )
    return buffer.getvalue()


def test_one_huge_cell_is_refused_by_its_unpacked_size(tmp_path):
    path = _xlsx_bomb(tmp_path / "o-lon.xlsx", rows=1, cell_chars=3_000_000)
    assert path.stat().st_size < SMALL.max_bytes  # small on disk …
    with pytest.raises(WorkbookTooLarge, match=r"giải nén ra 2,9 MB, vượt giới hạn 1,9 MB"):
        check_workbook(path, SMALL)


def test_millions_of_rows_in_a_small_file_are_refused_before_parsing(tmp_path):
    path = _xlsx_bomb(tmp_path / "nhieu-dong.xlsx", rows=5_000)
    with pytest.raises(WorkbookTooLarge, match="hơn 50 dòng"):
        check_workbook(path, SMALL)


def test_too_many_columns_are_refused(tmp_path):
    path = _xlsx_bomb(tmp_path / "nhieu-cot.xlsx", rows=2, columns=40)
    with pytest.raises(WorkbookTooLarge, match="40 cột, vượt giới hạn 30 cột"):
        check_workbook(path, SMALL)


def test_a_file_over_the_size_limit_is_refused_by_its_size(tmp_path):
    path = tmp_path / "to.xlsx"
    path.write_bytes(b"PK" + b"\0" * 300_000)
    with pytest.raises(WorkbookTooLarge, match=r"Tệp nặng 0,3 MB, vượt giới hạn 0,2 MB"):
        check_workbook(path, SMALL)


def test_repeated_ods_rows_are_counted_but_trailing_empty_fill_is_not():
    with pytest.raises(WorkbookTooLarge, match="hơn 50 dòng"):
        check_workbook(_ods_with_repeated_rows(1_000_000), SMALL)
    check_workbook(_ods_with_repeated_rows(10), SMALL)  # 11 rows + empty fill: accepted


def test_an_ordinary_roster_passes_the_checks(tmp_path):
    path = workbook(tmp_path, [row(code=f"{i:03}", name=f"Người {i}") for i in range(40)])
    check_workbook(path, SMALL)
    check_workbook(path.read_bytes(), SMALL)
    with path.open("rb") as handle:
        handle.read(10)
        check_workbook(handle, SMALL)
        assert handle.tell() == 10  # the reader finds the file where it was


@override_settings(ROSTER_MAX_ROWS=50)
def test_import_refuses_a_bomb_with_one_line_and_writes_nothing(tmp_path, phase1, tdp):
    before = register_state()
    path = _xlsx_bomb(tmp_path / "bom.xlsx", rows=500)
    report = import_roster(path, phase=phase1, filename="bom.xlsx")
    assert [str(p) for p in report.errors] == [
        "Trang tính đầu tiên có hơn 50 dòng (giới hạn một lần nhập là 50 dòng): hãy chia "
        "danh sách thành nhiều tệp."
    ]
    assert register_state() == before


@override_settings(ROSTER_MAX_CELL_CHARS=20)
def test_an_overlong_cell_is_an_error_on_its_row_and_column(tmp_path, phase1, tdp):
    path = workbook(tmp_path, [row(), row(code="002", name="Nguyễn Văn Bình Minh Quang Huy")])
    report = import_roster(path, phase=phase1, filename="dai.xlsx")
    assert report.error_lines() == [
        "Dòng 3, cột Họ và tên: ô dài 30 ký tự, vượt giới hạn 20 ký tự."
    ]
    assert not Resident.objects.exists()


def test_error_lists_are_capped_with_the_rest_counted(tmp_path, phase1, tdp):
    path = workbook(tmp_path, [row(code=f"{i:03}", birth="không rõ") for i in range(12)])
    report = import_roster(path, phase=phase1, filename="loi.xlsx")
    lines = report.error_lines(limit=5)
    assert len(lines) == 6 and lines[-1] == "… và 7 lỗi khác."
    assert len(report.error_lines()) == 12  # the command line still lists every problem


@override_settings(ROSTER_MAX_ROWS=50)
def test_the_command_line_applies_the_same_bounds(tmp_path, phase1, tdp):
    path = _xlsx_bomb(tmp_path / "bom.xlsx", rows=500)
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), campaign="2022", phase=1)
    assert not Resident.objects.exists()
