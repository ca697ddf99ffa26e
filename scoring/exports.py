"""Standings as tables for people — rows shared by the `standings` command (csv, xlsx) and
the standings page (HTML table, xlsx download).

Everything here reads the standings *document* (the JSON of INTERFACES.md, as produced by
`Standings.as_json()` or kept in a snapshot, R13), so live and frozen figures print alike.
No rule is decided here: ratios, ranks and awards come from scoring.standings / rules."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from dongtam import spreadsheets
from dongtam.formatting import percent, threshold, vn_date
from households.models import Ward
from scoring import rules, standings
from scoring.models import Campaign, Phase

TIE_NOTE = "đồng hạng — trình Hội đồng xét"  # R6
WARD_TOTAL_LABEL = "Toàn phường"

YES, NO = "Có", "Không"
NOT_APPLICABLE = "Không thuộc diện"  # R3


class PhaseLookupError(LookupError):
    """No such ward / campaign / phase; the message is for the user (Vietnamese)."""


def find_phase(year, number, ward_code: str | None = None) -> Phase:
    """The phase `number` of the campaign of `year`, campaign and ward loaded.

    A campaign is identified by its year within a ward: `ward_code` picks the ward (city
    deployments hold several); without it, the only ward — or, with several, the first
    ward (by code) that runs a campaign that year."""
    try:
        year = int(str(year).strip())
        number = int(str(number).strip())
    except ValueError as exc:
        raise PhaseLookupError(
            "Năm đợt thi đua và số giai đoạn phải là số (ví dụ: --campaign 2022 --phase 1)."
        ) from exc

    if ward_code is not None:
        ward = Ward.objects.filter(code=ward_code.strip()).first()
        if ward is None:
            raise PhaseLookupError(f"Không có phường mã “{ward_code}”.")
        campaign = Campaign.objects.filter(ward=ward, year=year).select_related("ward").first()
        if campaign is None:
            raise PhaseLookupError(f"Phường {ward.name} không có đợt thi đua năm {year}.")
    else:
        campaign = (
            Campaign.objects.filter(year=year)
            .select_related("ward")
            .order_by("ward__code", "ward_id")
            .first()
        )
        if campaign is None:
            wards = list(Ward.objects.order_by("code")[:2])
            where = f" ở phường {wards[0].name}" if len(wards) == 1 else ""
            raise PhaseLookupError(f"Không có đợt thi đua năm {year}{where}.")

    phase = (
        Phase.objects.select_related("campaign", "campaign__ward")
        .filter(campaign=campaign, number=number)
        .first()
    )
    if phase is None:
        numbers = list(
            Phase.objects.filter(campaign=campaign)
            .order_by("number")
            .values_list("number", flat=True)
        )
        known = ", ".join(str(n) for n in numbers) or "chưa có giai đoạn nào"
        raise PhaseLookupError(
            f"Đợt thi đua năm {year} (phường {campaign.ward.name}) không có giai đoạn {number} "
            f"(các giai đoạn: {known})."
        )
    return phase


def wards_with_campaign(year: int) -> int:
    return Campaign.objects.filter(year=year).values("ward_id").distinct().count()


# --- formatting -----------------------------------------------------------------------


def yes_no(value: bool) -> str:
    return YES if value else NO


def award_text(tdp: dict, tie: bool) -> str:
    """R6: the proposal, with ties flagged for the council."""
    if not tdp["award"]:
        return ""
    return f"Đề nghị khen thưởng ({TIE_NOTE})" if tie else "Đề nghị khen thưởng"


def family_text(digital_family: bool | None) -> str:
    """R3: digital family / not / not applicable."""
    if digital_family is None:
        return NOT_APPLICABLE
    return yes_no(digital_family)


# --- the people's table ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    numeric: bool = False
    width: int = 12


COLUMNS = (
    Column("rank", "Xếp hạng", numeric=True, width=9),
    Column("code", "Mã tổ", width=7),
    Column("name", "Tổ dân phố", width=20),
    Column("residents", "Nhân khẩu", numeric=True, width=10),
    Column("eligible_residents", "Nhân khẩu từ 18 tuổi", numeric=True),
    Column("digital_citizens", "Công dân số", numeric=True),
    Column("unscored_residents", "Chưa chấm", numeric=True, width=10),
    Column("households", "Số hộ", numeric=True, width=8),
    Column("eligible_households", "Hộ thuộc diện", numeric=True),
    Column("digital_households", "Gia đình công dân số", numeric=True, width=14),
    Column("ratio_percent", "Tỷ lệ gia đình công dân số (%)", numeric=True, width=16),
    Column("digital_tdp", "Tổ dân phố chuyển đổi số", width=14),
    Column("meets_award_threshold", "Đạt ngưỡng khen thưởng", width=14),
    Column("award", "Đề nghị khen thưởng", width=30),
)
HEADERS = tuple(c.header for c in COLUMNS)
RATIO_HEADER = next(c.header for c in COLUMNS if c.key == "ratio_percent")

HOUSEHOLD_COLUMNS = (
    Column("tdp_code", "Mã tổ", width=7),
    Column("tdp_name", "Tổ dân phố", width=20),
    Column("code", "Mã hộ", width=12),
    Column("eligible_members", "Thành viên từ 18 tuổi", numeric=True, width=14),
    Column("digital_members", "Công dân số", numeric=True),
    Column("digital_family", "Gia đình công dân số", width=18),
)
HOUSEHOLD_HEADERS = tuple(c.header for c in HOUSEHOLD_COLUMNS)


def ward_totals(doc: dict) -> dict:
    """The ward's row of a standings document, with the number of TDPs proposed (R6)."""
    return {**standings.ward_totals(doc["tdps"]), "award_tdps": len(doc["award_tdps"])}


def standings_rows(doc: dict) -> list[list]:
    """One row per TDP in the document's order (rank order, unranked last), typed values:
    int for counts, the truncated percent string (R4) or None, text for yes/no."""
    rows = []
    for t in doc["tdps"]:
        rows.append(
            [
                t["rank"],
                t["code"],
                t["name"],
                t["residents"],
                t["eligible_residents"],
                t["digital_citizens"],
                t["unscored_residents"],
                t["households"],
                t["eligible_households"],
                t["digital_households"],
                t["ratio_percent"],
                yes_no(t["digital_tdp"]),
                yes_no(t["meets_award_threshold"]),
                award_text(t, doc["award_tie"]),
            ]
        )
    return rows


def totals_row(doc: dict) -> list:
    w = ward_totals(doc)
    return [
        None,
        "",
        WARD_TOTAL_LABEL,
        w["residents"],
        w["eligible_residents"],
        w["digital_citizens"],
        w["unscored_residents"],
        w["households"],
        w["eligible_households"],
        w["digital_households"],
        w["ratio_percent"],
        f"{w['digital_tdps']} tổ",
        "",
        "",
    ]


def household_rows(doc: dict, tdp_codes=None) -> list[list]:
    """One row per household of the document's `households_detail` (TDP rank order, then
    household code); `tdp_codes` narrows to some TDPs (a TDP team's own)."""
    rows = []
    for t in doc["tdps"]:
        if tdp_codes is not None and t["code"] not in tdp_codes:
            continue
        for h in t.get("households_detail", ()):
            rows.append(
                [
                    t["code"],
                    t["name"],
                    h["code"],
                    h["eligible_members"],
                    h["digital_members"],
                    family_text(h["digital_family"]),
                ]
            )
    return rows


def title_lines(doc: dict, ward_name: str = "") -> list[str]:
    reference_date = datetime.date.fromisoformat(doc["reference_date"])
    where = f" — phường {ward_name}" if ward_name else ""
    return [
        f"Bảng xếp hạng tổ dân phố — đợt thi đua năm {doc['campaign']}, "
        f"giai đoạn {doc['phase']}{where}",
        f"Ngày chốt số liệu: {vn_date(reference_date)}; ngưỡng khen thưởng: "
        f"{threshold(doc['award_threshold_percent'])}",
    ]


def page_rows(doc: dict, own_codes=frozenset()) -> dict:
    """What the standings page shows of a document: one row per TDP (its ratio written for
    people, `own` for the user's own TDPs), the ward's totals, the proposal (R6) and the
    marks it is measured against (R5, the phase's threshold)."""
    rows = [
        {**t, "ratio_display": percent(t["ratio_percent"]), "own": t["code"] in own_codes}
        for t in doc["tdps"]
    ]
    totals = ward_totals(doc)
    totals["ratio_display"] = percent(totals["ratio_percent"])
    totals["citizen_display"] = percent(totals["digital_citizen_percent"])
    top = next((t for t in doc["tdps"] if t["rank"] == 1), None)
    return {
        "doc": doc,
        "rows": rows,
        "totals": totals,
        "award_names": [t["name"] for t in doc["tdps"] if t["award"]],
        "top": top,
        "top_display": percent(top["ratio_percent"]) if top else "",
        "tie_note": TIE_NOTE,
        "threshold_display": threshold(doc["award_threshold_percent"]),
        "digital_tdp_display": threshold(rules.DIGITAL_TDP_MIN_PERCENT),
    }


# --- files ------------------------------------------------------------------------------


def standings_csv(doc: dict) -> bytes:
    """The people's table as CSV: UTF-8 with a byte-order mark so that Excel shows the
    Vietnamese headers; the ratio is the truncated string of R4 written for people
    ("89,99"), empty when the TDP has no ratio. One header row, then one row per TDP (no
    totals row: the sums are one formula away)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(spreadsheets.csv_row(HEADERS))
    ratio = HEADERS.index(RATIO_HEADER)
    for row in standings_rows(doc):
        # For people: the R4 text with the Vietnamese decimal comma ("89,99"); JSON keeps
        # INTERFACES.md's "89.99".
        cells = ["" if v is None else v for v in row]
        if cells[ratio] != "":
            cells[ratio] = str(cells[ratio]).replace(".", ",")
        writer.writerow(spreadsheets.csv_row(cells))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def standings_xlsx(doc: dict, households: bool = False, tdp_codes=None) -> bytes:
    """The people's table as a workbook: sheet "Xếp hạng" (header row 1, one row per TDP,
    then the ward's totals in bold and a few notes) and, with `households`, sheet "Hộ gia
    đình" (one row per household, limited to `tdp_codes` when given). Written in openpyxl's
    streaming mode: a ward of 12,000 households stays quick and small in memory."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    award_fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook(write_only=True)

    def styled(ws, value, font=None, fill=None, number_format=None, alignment=None):
        cell = spreadsheets.cell(ws, value)  # formula-like text stays text
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if number_format is not None:
            cell.number_format = number_format
        if alignment is not None:
            cell.alignment = alignment
        return cell

    def sheet(title, columns, freeze):
        ws = wb.create_sheet(title)
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = freeze
        ws.append([styled(ws, c.header, font=bold, fill=header_fill) for c in columns])
        return ws

    def row_cells(ws, columns, values, font=None, fill=None):
        cells = []
        for col, value in zip(columns, values, strict=True):
            cells.append(
                styled(
                    ws,
                    _cell_value(col, value),
                    font=font,
                    fill=fill,
                    number_format="0.00" if col.key == "ratio_percent" else None,
                    alignment=wrap if col.key == "award" else None,
                )
            )
        return cells

    ws = sheet("Xếp hạng", COLUMNS, "D2")
    for t, values in zip(doc["tdps"], standings_rows(doc), strict=True):
        ws.append(row_cells(ws, COLUMNS, values, fill=award_fill if t["award"] else None))
    ws.append(row_cells(ws, COLUMNS, totals_row(doc), font=bold))
    ws.append([])
    notes = title_lines(doc) + [
        "Tỷ lệ = gia đình công dân số ÷ hộ thuộc diện (hộ có ít nhất một người từ 18 tuổi), "
        "cắt (không làm tròn) đến hai chữ số thập phân.",
    ]
    if doc["award_tie"]:
        notes.append(f"Có nhiều tổ cùng tỷ lệ cao nhất: {TIE_NOTE}.")
    for line in notes:
        ws.append([styled(ws, line, font=Font(italic=True))])

    if households:
        hs = sheet("Hộ gia đình", HOUSEHOLD_COLUMNS, "A2")
        for values in household_rows(doc, tdp_codes):
            hs.append(spreadsheets.cells(hs, values))

    return spreadsheets.workbook_bytes(wb)


def _cell_value(column: Column, value):
    """Numbers stay numbers in the workbook; the truncated percent is written as its exact
    decimal value (89.99), never re-rounded."""
    if column.key == "ratio_percent" and value is not None:
        return Decimal(value)
    return value
