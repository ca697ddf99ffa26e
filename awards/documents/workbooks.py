"""The .xlsx of every document in the administrative layout (agency and national motto on
top, bold title, bordered table, totals and notes), and its bytes."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from awards.documents.common import agency_lines
from dongtam import spreadsheets
from dongtam.spreadsheets import sheet_title as safe_sheet_title
from households.models import Ward

FONT_NAME = "Times New Roman"
CHECKBOX = "☐"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _font(**kw) -> Font:
    return Font(name=FONT_NAME, size=kw.pop("size", 12), **kw)


def admin_sheet(
    *,
    ward: Ward,
    title: str,
    subtitle: str = "",
    headers: Sequence[str],
    widths: Sequence[float],
    rows,
    agency: tuple[str, str] | None = None,
    totals: Sequence | None = None,
    footer: Sequence[str] = (),
    workbook: Workbook | None = None,
    sheet_title: str = "Bảng",
    landscape: bool = False,
):
    """A sheet laid out like a Vietnamese administrative table: agency and national
    name/motto on top, bold centred title, bordered table with a header row, optional totals
    row and notes underneath. Returns (workbook, sheet); the header row is the row whose
    first cell is headers[0]."""
    if workbook is None:
        workbook = Workbook()
        ws = workbook.active
        ws.title = safe_sheet_title(sheet_title)
    else:
        ws = workbook.create_sheet(safe_sheet_title(sheet_title, workbook.sheetnames))
    ncols = len(headers)
    split = max(1, ncols * 2 // 5)
    parent, name = agency or agency_lines(ward)
    last = get_column_letter(ncols)

    def merged(row, first_col, last_col, value, font, align="center"):
        if last_col > first_col:
            ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
        cell = ws.cell(row=row, column=first_col, value=value)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        return cell

    merged(1, 1, split, parent, _font())
    merged(2, 1, split, name, _font(bold=True))
    merged(1, split + 1, ncols, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _font(bold=True))
    merged(
        2, split + 1, ncols, "Độc lập - Tự do - Hạnh phúc", _font(bold=True, underline="single")
    )
    merged(4, 1, ncols, title, _font(bold=True, size=14))
    if subtitle:
        merged(5, 1, ncols, subtitle, _font(italic=True))
        ws.row_dimensions[5].height = 30
    header_row = 7
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = _font(bold=True)
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[header_row].height = 45
    row_no = header_row
    for values in rows:
        row_no += 1
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row_no, column=col, value=value)
            cell.font = _font()
            cell.border = BOX
            horizontal = "right" if isinstance(value, int | float) else None
            if isinstance(value, str) and (value == CHECKBOX or len(value) <= 3):
                horizontal = "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
    if totals is not None:
        row_no += 1
        for col, value in enumerate(totals, start=1):
            cell = ws.cell(row=row_no, column=col, value=value)
            cell.font = _font(bold=True)
            cell.border = BOX
            cell.alignment = Alignment(
                horizontal="right" if isinstance(value, int | float) else "center",
                vertical="top",
                wrap_text=True,
            )
    row_no += 1
    for line in footer:
        row_no += 1
        merged(row_no, 1, ncols, line, _font(italic=line.startswith("(")), align="left")
        ws.row_dimensions[row_no].height = 15 * max(1, len(line) // (sum(widths) or 1) + 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_area = f"A1:{last}{row_no}"
    return workbook, ws


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file, safe to open: formula-like text as text (dongtam.spreadsheets)."""
    return spreadsheets.workbook_bytes(workbook)
