"""(b) Bảng tổng hợp of a TDP (steps 2–3): its households, eligible and digital members,
digital family (R3), totals and ratio (R4), cultural house (R7); as PDF and as .xlsx.
Figures from scoring.snapshots.phase_results (the frozen snapshot once approved, R13)."""

from __future__ import annotations

from dataclasses import dataclass

from awards.documents.common import (
    HouseStatus,
    agency_lines,
    family_text,
    house_statuses,
    household_heads,
    phase_label,
)
from awards.documents.workbooks import admin_sheet, workbook_bytes
from awards.printing.pdf import render_pdf
from dongtam.formatting import percent
from households.models import Household, ResidentialGroup
from scoring.models import Phase
from scoring.snapshots import PhaseResults, phase_results


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
        return percent(self.standing["ratio_percent"])  # R4, truncated

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
    heads = household_heads(households)
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
    house = house_statuses(phase, [tdp.id])[tdp.id]
    return TdpSummary(phase, tdp, rows, standing, house, results.frozen)


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


def tdp_summary_pdf(summary: TdpSummary) -> bytes:
    parent, agency = agency_lines(summary.tdp.ward, summary.tdp)
    return render_pdf(
        "awards/documents/tdp_summary.html",
        {
            "s": summary,
            "agency_parent": parent,
            "agency": agency,
            "phase_label": phase_label(summary.phase),
        },
    )
