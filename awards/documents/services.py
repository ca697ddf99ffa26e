"""Documents of the four-step procedure (plan III.2.3), as data and as files.

(a) phiếu tự chấm điểm (step 1): blank, or pre-filled with a household's adults eligible on
    the phase's reference date (R1); a whole TDP as one batch;
(b) bảng tổng hợp of a TDP (steps 2–3): households, eligible and digital members, digital
    family (R3), totals and ratio (R4), cultural house (R7);
(c) bảng kết quả toàn phường (step 4): standings per TDP with rank and award (R5, R6).

Figures come from scoring.snapshots.phase_results (the frozen snapshot once approved, R13)
and scoring.rules; nothing here recomputes a rule. Every document exists as PDF (through the
awards.printing.pdf render service) and as .xlsx (openpyxl, administrative layout)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from households.models import CulturalHouse, Household, Resident, ResidentialGroup, Ward
from scoring import rules
from scoring.criteria import CRITERIA_SHORT, CRITERIA_TEXT, SCORING_NOTES
from scoring.models import CulturalHouseCheck, Phase
from scoring.snapshots import PhaseResults, phase_results
from scoring.standings import ward_totals

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_NAME = "Times New Roman"
CHECKBOX = "☐"

HOUSE_CONDITION_LABELS = tuple(
    CulturalHouseCheck._meta.get_field(name).verbose_name for name in CulturalHouseCheck.CONDITIONS
)


def percent_vi(text: str | None) -> str:
    """R4 text ("92.50") with a Vietnamese decimal comma ("92,50 %")."""
    return "—" if text is None else text.replace(".", ",") + " %"


def threshold_vi(value) -> str:
    return format(value.normalize(), "f").replace(".", ",") + " %"


def family_text(digital_family: bool | None) -> str:
    """R3 in words."""
    if digital_family is None:
        return "Không thuộc diện"
    return "Đạt" if digital_family else "Chưa đạt"


def phase_label(phase: Phase) -> str:
    return (
        f"Giai đoạn {phase.number} ({phase.get_kind_display().lower()}) — "
        f"ngày chốt số liệu {phase.reference_date:%d/%m/%Y}"
    )


def agency_lines(ward: Ward, tdp: ResidentialGroup | None = None) -> tuple[str, str]:
    """(parent, agency) of the header block's left column."""
    if tdp is not None:
        return f"UBND PHƯỜNG {ward.name.upper()}", tdp.name.upper()
    city = f"THÀNH PHỐ {ward.city.upper()}" if ward.city else ""
    return city and f"UBND {city}", f"UBND PHƯỜNG {ward.name.upper()}"


def _heads(households: Sequence[Household]) -> dict[int, Resident | None]:
    """Head of each household; without a recorded head, its oldest active member
    (INTERFACES). One query for the households lacking a head."""
    heads = {h.id: h.head for h in households}
    missing = [h.id for h in households if h.head_id is None]
    if missing:
        for r in (
            Resident.objects.active()
            .filter(household_id__in=missing)
            .order_by("household_id", "birth_date", "id")
        ):
            if heads.get(r.household_id) is None:
                heads[r.household_id] = r
    return heads


# --- (a) phiếu tự chấm điểm -------------------------------------------------------------


@dataclass
class FormMember:
    name: str
    birth_date: datetime.date | None
    sex: str
    is_head: bool = False

    @property
    def birth_text(self) -> str:
        return f"{self.birth_date:%d/%m/%Y}" if self.birth_date else ""


@dataclass
class SelfAssessmentForm:
    """One household's phiếu tự chấm điểm (or a blank one)."""

    ward: Ward
    phase: Phase
    tdp: ResidentialGroup | None
    household_code: str = ""
    head_name: str = ""
    address: str = ""
    members: list[FormMember] = field(default_factory=list)
    spare_rows: int = 2

    @property
    def rows(self) -> list[FormMember | None]:
        """Members then empty rows (None) for people the register lacks."""
        return list(self.members) + [None] * self.spare_rows

    @property
    def blank(self) -> bool:
        return not self.household_code


BLANK_FORM_ROWS = 8


def blank_selfassessment_form(phase: Phase, tdp: ResidentialGroup | None = None):
    return SelfAssessmentForm(
        ward=phase.campaign.ward, phase=phase, tdp=tdp, spare_rows=BLANK_FORM_ROWS
    )


def selfassessment_forms(phase: Phase, households) -> list[SelfAssessmentForm]:
    """Pre-filled forms for `households` (a queryset): each lists its active members who are
    18 on the phase's reference date (R1), head first, then by birth date. Households with no
    such member get no form (they are "không thuộc diện", R3). Three queries."""
    households = list(households.select_related("tdp").order_by("tdp__sort_key", "code"))
    heads = _heads(households)
    adults: dict[int, list[Resident]] = {}
    for r in (
        Resident.objects.filter(household_id__in=[h.id for h in households])
        .filter(rules.eligible_q(phase.reference_date))  # R1
        .order_by("household_id", "birth_date", "id")
    ):
        adults.setdefault(r.household_id, []).append(r)
    forms = []
    ward = phase.campaign.ward
    for h in households:
        members = adults.get(h.id)
        if not members:
            continue
        head = heads.get(h.id)
        members.sort(key=lambda r: (head is None or r.id != head.id, r.birth_date, r.id))
        forms.append(
            SelfAssessmentForm(
                ward=ward,
                phase=phase,
                tdp=h.tdp,
                household_code=h.code,
                head_name=head.full_name if head else "",
                address=h.address,
                members=[
                    FormMember(
                        r.full_name,
                        r.birth_date,
                        r.get_sex_display(),
                        head is not None and r.id == head.id,
                    )
                    for r in members
                ],
            )
        )
    return forms


def criteria_legend() -> list[tuple[str, str]]:
    return [(f"TC{i}", text) for i, text in enumerate(CRITERIA_TEXT, start=1)]


def selfassessment_context(forms: list[SelfAssessmentForm]) -> dict:
    legend = criteria_legend()
    half = (len(legend) + 1) // 2
    return {
        "forms": forms,
        "criteria_numbers": [f"TC{i}" for i in range(1, len(CRITERIA_TEXT) + 1)],
        "criteria_legend": legend,
        # Two columns as a table (CSS multi-column layout doubles WeasyPrint's time).
        "legend_columns": [legend[:half], legend[half:]],
        "scoring_notes": SCORING_NOTES,
        "checkbox": CHECKBOX,
    }


# --- (b) bảng tổng hợp của tổ dân phố -------------------------------------------------------


@dataclass
class SummaryRow:
    number: int
    code: str
    head_name: str
    eligible_members: int
    digital_members: int
    digital_family: bool | None

    @property
    def family_text(self) -> str:
        return family_text(self.digital_family)


@dataclass
class HouseStatus:
    """R7 checklist of the TDP's cultural house in the phase (None: not checked)."""

    name: str
    conditions: list[tuple[str, bool]] | None

    @property
    def checked(self) -> bool:
        return self.conditions is not None

    @property
    def is_digital(self) -> bool:
        return bool(self.conditions) and rules.is_digital_cultural_house(
            *(met for _, met in self.conditions)
        )

    @property
    def status_text(self) -> str:
        if not self.checked:
            return "Chưa chấm tiêu chí"
        return "Đạt nhà văn hóa số" if self.is_digital else "Chưa đạt nhà văn hóa số"


def _house_statuses(phase: Phase, tdp_ids) -> dict[int, HouseStatus]:
    """R7 per TDP id. Two queries."""
    houses = {h.tdp_id: h for h in CulturalHouse.objects.filter(tdp_id__in=list(tdp_ids))}
    checks = {
        c.house_id: c
        for c in CulturalHouseCheck.objects.filter(
            phase=phase, house_id__in=[h.id for h in houses.values()]
        )
    }
    statuses = {}
    for tdp_id in tdp_ids:
        house = houses.get(tdp_id)
        if house is None:
            statuses[tdp_id] = HouseStatus("", None)
            continue
        check = checks.get(house.id)
        conditions = (
            None
            if check is None
            else [
                (label, getattr(check, name))
                for label, name in zip(
                    HOUSE_CONDITION_LABELS, CulturalHouseCheck.CONDITIONS, strict=True
                )
            ]
        )
        statuses[tdp_id] = HouseStatus(house.name, conditions)
    return statuses


@dataclass
class TdpSummary:
    phase: Phase
    tdp: ResidentialGroup
    rows: list[SummaryRow]
    standing: dict  # the TDP's entry of the standings document
    house: HouseStatus
    frozen: bool

    @property
    def eligible_households(self) -> int:
        return self.standing["eligible_households"]

    @property
    def digital_households(self) -> int:
        return self.standing["digital_households"]

    @property
    def eligible_residents(self) -> int:
        return self.standing["eligible_residents"]

    @property
    def digital_citizens(self) -> int:
        return self.standing["digital_citizens"]

    @property
    def not_applicable_households(self) -> int:
        return sum(1 for r in self.rows if r.digital_family is None)

    @property
    def ratio_text(self) -> str:
        return percent_vi(self.standing["ratio_percent"])  # R4, truncated

    @property
    def digital_tdp_text(self) -> str:
        if self.standing["ratio_percent"] is None:
            return "Chưa có hộ thuộc diện"
        return "Đạt" if self.standing["digital_tdp"] else "Chưa đạt"  # R5


def tdp_summary(
    phase: Phase, tdp: ResidentialGroup, results: PhaseResults | None = None
) -> TdpSummary:
    """(b) for one TDP. Constant query count (phase results + households + R7)."""
    results = results or phase_results(phase)
    standing = next(
        (t for t in results.standings_json["tdps"] if t["code"] == tdp.code),
        None,
    )
    if standing is None:  # a TDP created after the snapshot
        standing = {
            "code": tdp.code,
            "name": tdp.name,
            "eligible_households": 0,
            "digital_households": 0,
            "eligible_residents": 0,
            "digital_citizens": 0,
            "ratio_percent": None,
            "digital_tdp": False,
            "rank": None,
            "award": False,
            "households_detail": [],
        }
    detail = standing.get("households_detail", [])
    households = list(
        Household.objects.filter(ward_id=tdp.ward_id, code__in=[h["code"] for h in detail])
        .select_related("head")
        .order_by()
    )
    heads = _heads(households)
    name_of = {h.code: (heads.get(h.id).full_name if heads.get(h.id) else "") for h in households}
    rows = [
        SummaryRow(
            number=i,
            code=h["code"],
            head_name=name_of.get(h["code"], ""),
            eligible_members=h["eligible_members"],
            digital_members=h["digital_members"],
            digital_family=h["digital_family"],
        )
        for i, h in enumerate(detail, start=1)
    ]
    house = _house_statuses(phase, [tdp.id])[tdp.id]
    return TdpSummary(phase, tdp, rows, standing, house, results.frozen)


# --- (c) bảng kết quả toàn phường -----------------------------------------------------------


@dataclass
class WardRow:
    standing: dict
    house: HouseStatus

    @property
    def ratio_text(self) -> str:
        return percent_vi(self.standing["ratio_percent"])

    @property
    def rank_text(self) -> str:
        return str(self.standing["rank"]) if self.standing["rank"] else "—"


@dataclass
class WardResults:
    phase: Phase
    rows: list[WardRow]
    award_names: list[str]
    award_tie: bool
    frozen: bool

    @property
    def totals(self) -> dict:
        totals = ward_totals([r.standing for r in self.rows])
        totals["ratio_text"] = percent_vi(totals["ratio_percent"])
        totals["citizen_ratio_text"] = percent_vi(totals["digital_citizen_percent"])
        totals["digital_houses"] = sum(1 for r in self.rows if r.house.is_digital)
        return totals

    @property
    def threshold_text(self) -> str:
        return threshold_vi(self.phase.award_threshold)


def ward_results(phase: Phase, results: PhaseResults | None = None) -> WardResults:
    """(c) the ward table in rank order (unranked last), as the standings give it."""
    results = results or phase_results(phase)
    doc = results.standings_json
    codes = [t["code"] for t in doc["tdps"]]
    ids = dict(
        ResidentialGroup.objects.filter(
            ward_id=phase.campaign.ward_id, code__in=codes
        ).values_list("code", "id")
    )
    houses = _house_statuses(phase, list(ids.values()))
    rows = [WardRow(t, houses.get(ids.get(t["code"]), HouseStatus("", None))) for t in doc["tdps"]]
    names = {t["code"]: t["name"] for t in doc["tdps"]}
    return WardResults(
        phase=phase,
        rows=rows,
        award_names=[names[c] for c in doc["award_tdps"]],
        award_tie=bool(doc["award_tie"]),
        frozen=results.frozen,
    )


# --- xlsx in the administrative layout --------------------------------------------------------

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
        ws.title = sheet_title[:31]
    else:
        ws = workbook.create_sheet(sheet_title[:31])
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def selfassessment_workbook(forms: list[SelfAssessmentForm]) -> bytes:
    """(a) as .xlsx: one sheet per form (a blank form is one sheet with empty rows)."""
    headers = ("STT", "Họ và tên", "Ngày sinh", *[f"TC{i}" for i in range(1, 11)], "Tổng điểm")
    widths = (5, 28, 12, *[6] * 10, 9)
    workbook = None
    for form in forms:
        rows = []
        for i, member in enumerate(form.rows, start=1):
            name = member.name if member else ""
            birth = member.birth_text if member else ""
            rows.append((i, name, birth, *[CHECKBOX] * 10, ""))
        if form.blank:
            household = "Chủ hộ: ………………………… Mã hộ: ………… Tổ dân phố: …………"
        else:
            household = (
                f"Chủ hộ: {form.head_name} — Mã hộ: {form.household_code} — "
                f"{form.tdp.name if form.tdp else ''}"
            )
        footer = [
            "Đánh dấu “x” vào ô tiêu chí đạt. Tiêu chí:",
            *[f"{code}: {text}" for code, text in criteria_legend()],
            *[f"- {note}" for note in SCORING_NOTES],
            "",
            "Chủ hộ (ký, ghi rõ họ tên): ……………………………     "
            "Tổ CĐS cộng đồng tổ dân phố (ký, ghi rõ họ tên): ……………………………",
        ]
        workbook, _ = admin_sheet(
            ward=form.ward,
            agency=agency_lines(form.ward, form.tdp),
            title="PHIẾU TỰ CHẤM ĐIỂM CÔNG DÂN SỐ",
            subtitle=f"{household}\n{phase_label(form.phase)}",
            headers=headers,
            widths=widths,
            rows=rows,
            footer=footer,
            workbook=workbook,
            sheet_title=f"Hộ {form.household_code}" if form.household_code else "Phiếu",
            landscape=True,
        )
    if workbook is None:  # no household with an eligible member
        workbook = Workbook()
    return workbook_bytes(workbook)


def tdp_summary_workbook(summary: TdpSummary) -> bytes:
    """(b) as .xlsx."""
    rows = [
        (r.number, r.code, r.head_name, r.eligible_members, r.digital_members, r.family_text)
        for r in summary.rows
    ]
    footer = [
        f"Số hộ thuộc diện: {summary.eligible_households}; số hộ gia đình công dân số: "
        f"{summary.digital_households}; tỷ lệ: {summary.ratio_text}; "
        f"tổ dân phố chuyển đổi số (≥ 90 %): {summary.digital_tdp_text}.",
        f"Số công dân đủ 18 tuổi: {summary.eligible_residents}; số công dân số: "
        f"{summary.digital_citizens}.",
        f"Nhà văn hóa: {summary.house.name or '—'} — {summary.house.status_text}.",
    ]
    if summary.house.conditions:
        footer += [f"  {'☑' if met else '☐'} {label}" for label, met in summary.house.conditions]
    if not summary.frozen:
        footer.append("(Số liệu tạm tính: kết quả giai đoạn chưa được chốt.)")
    workbook, _ = admin_sheet(
        ward=summary.tdp.ward,
        agency=agency_lines(summary.tdp.ward, summary.tdp),
        title=f"BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM — {summary.tdp.name.upper()}",
        subtitle=phase_label(summary.phase),
        headers=(
            "STT",
            "Mã hộ",
            "Chủ hộ",
            "Số người từ đủ 18 tuổi",
            "Số công dân số",
            "Gia đình công dân số",
        ),
        widths=(6, 12, 30, 14, 12, 20),
        rows=rows,
        totals=(
            "",
            "Cộng",
            f"{len(summary.rows)} hộ",
            summary.eligible_residents,
            summary.digital_citizens,
            f"{summary.digital_households}/{summary.eligible_households} hộ",
        ),
        footer=footer,
        sheet_title=f"Tổ {summary.tdp.code}",
    )
    return workbook_bytes(workbook)


def ward_results_workbook(results: WardResults) -> bytes:
    """(c) as .xlsx."""
    rows = [
        (
            r.rank_text,
            r.standing["name"],
            r.standing["households"],
            r.standing["eligible_households"],
            r.standing["digital_households"],
            r.ratio_text,
            r.standing["eligible_residents"],
            r.standing["digital_citizens"],
            "Đạt" if r.standing["digital_tdp"] else "",
            "Đạt" if r.house.is_digital else "",
            "Đề nghị khen" if r.standing["award"] else "",
        )
        for r in results.rows
    ]
    t = results.totals
    footer = [
        f"Ngưỡng khen thưởng giai đoạn: {results.threshold_text}.",
        (
            "Đề nghị khen thưởng: " + ", ".join(results.award_names)
            if results.award_names
            else "Không có tổ dân phố đạt ngưỡng khen thưởng."
        ),
    ]
    if results.award_tie:
        footer.append("Các tổ dân phố đồng hạng: đề nghị Hội đồng thi đua khen thưởng xem xét.")
    if not results.frozen:
        footer.append("(Số liệu tạm tính: kết quả giai đoạn chưa được chốt.)")
    workbook, _ = admin_sheet(
        ward=results.phase.campaign.ward,
        title="BẢNG KẾT QUẢ THI ĐUA CHUYỂN ĐỔI SỐ TOÀN PHƯỜNG",
        subtitle=phase_label(results.phase),
        headers=(
            "Xếp hạng",
            "Tổ dân phố",
            "Số hộ",
            "Hộ thuộc diện",
            "Hộ gia đình công dân số",
            "Tỷ lệ",
            "Công dân đủ 18 tuổi",
            "Công dân số",
            "TDP chuyển đổi số",
            "Nhà văn hóa số",
            "Khen thưởng",
        ),
        widths=(9, 20, 8, 10, 12, 10, 11, 10, 12, 11, 13),
        rows=rows,
        totals=(
            "",
            "Toàn phường",
            t["households"],
            t["eligible_households"],
            t["digital_households"],
            t["ratio_text"],
            t["eligible_residents"],
            t["digital_citizens"],
            t["digital_tdps"],
            t["digital_houses"],
            "",
        ),
        footer=footer,
        sheet_title="Kết quả toàn phường",
        landscape=True,
    )
    return workbook_bytes(workbook)


# --- PDF -------------------------------------------------------------------------------------


def _pdf(template: str, context: dict) -> bytes:
    from awards.printing.pdf import render_pdf

    return render_pdf(template, context)


def selfassessment_pdf(forms: list[SelfAssessmentForm]) -> bytes:
    return _pdf("awards/reports/selfassessment.html", selfassessment_context(forms))


def tdp_summary_pdf(summary: TdpSummary) -> bytes:
    parent, agency = agency_lines(summary.tdp.ward, summary.tdp)
    return _pdf(
        "awards/reports/tdp_summary.html",
        {
            "s": summary,
            "agency_parent": parent,
            "agency": agency,
            "phase_label": phase_label(summary.phase),
        },
    )


def ward_results_pdf(results: WardResults) -> bytes:
    from awards.printing.pdf import vn_date_long

    ward = results.phase.campaign.ward
    parent, agency = agency_lines(ward)
    return _pdf(
        "awards/reports/ward_results.html",
        {
            "r": results,
            "totals": results.totals,
            "agency_parent": parent,
            "agency": agency,
            "phase_label": phase_label(results.phase),
            "place_date": vn_date_long(datetime.date.today(), ward.name),
        },
    )


__all__ = [
    "CRITERIA_SHORT",
    "XLSX_CONTENT_TYPE",
    "admin_sheet",
    "blank_selfassessment_form",
    "selfassessment_forms",
    "selfassessment_pdf",
    "selfassessment_workbook",
    "tdp_summary",
    "tdp_summary_pdf",
    "tdp_summary_workbook",
    "ward_results",
    "ward_results_pdf",
    "ward_results_workbook",
]
