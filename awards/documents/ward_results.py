"""(c) Bảng kết quả toàn phường (step 4): the standings per TDP with rank and award (R5, R6)
as scoring.snapshots.phase_results gives them (R13), with each cultural house (R7) and, where
the ward has a previous campaign, each TDP's ratio and each criterion's adoption last year
(scoring.comparison, R15); as PDF and as .xlsx."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from awards.documents.common import HouseStatus, agency_lines, house_statuses, phase_label
from awards.documents.workbooks import admin_sheet, workbook_bytes
from awards.printing.pdf import render_pdf
from dongtam.formatting import percent, threshold, vn_date_long
from households.models import ResidentialGroup
from scoring.comparison import Pair, YearOverYear, year_over_year
from scoring.models import Phase
from scoring.snapshots import PhaseResults, phase_results
from scoring.standings import ward_totals


@dataclass
class WardRow:
    standing: dict
    house: HouseStatus
    last_year: Pair | None = None  # the TDP's ratio this year and last (R15)

    @property
    def ratio_text(self) -> str:
        return percent(self.standing["ratio_percent"])

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
    comparison: YearOverYear | None = None

    @property
    def totals(self) -> dict:
        totals = ward_totals([r.standing for r in self.rows])
        totals["ratio_text"] = percent(totals["ratio_percent"])
        totals["citizen_ratio_text"] = percent(totals["digital_citizen_percent"])
        totals["digital_houses"] = sum(1 for r in self.rows if r.house.is_digital)
        return totals

    @property
    def threshold_text(self) -> str:
        return threshold(self.phase.award_threshold)


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
    houses = house_statuses(phase, list(ids.values()))
    comparison = year_over_year(phase, doc)
    rows = []
    for t in doc["tdps"]:
        line = comparison.for_code(t["code"]) if comparison else None
        house = houses.get(ids.get(t["code"]), HouseStatus("", None))
        rows.append(WardRow(t, house, line.ratio if line else None))
    names = {t["code"]: t["name"] for t in doc["tdps"]}
    return WardResults(
        phase=phase,
        rows=rows,
        award_names=[names[c] for c in doc["award_tdps"]],
        award_tie=bool(doc["award_tie"]),
        frozen=results.frozen,
        comparison=comparison,
    )


def _compare_cells(results: WardResults, pair: Pair | None) -> tuple:
    """The two year-over-year cells of a row (none without a previous campaign)."""
    if results.comparison is None:
        return ()
    return (pair.before_text, pair.change) if pair else ("—", "—")


def ward_results_workbook(results: WardResults) -> bytes:
    """(c) as .xlsx; with a previous campaign, last year's ratio and the change beside this
    year's, and a second sheet of the criteria this year and last."""
    c = results.comparison
    compare_headers = (f"Tỷ lệ năm {c.previous_year}", "Thay đổi (điểm %)") if c else ()
    rows = [
        (
            r.rank_text,
            r.standing["name"],
            r.standing["households"],
            r.standing["eligible_households"],
            r.standing["digital_households"],
            r.ratio_text,
            *_compare_cells(results, r.last_year),
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
    if c:
        footer.append(
            f"So với năm {c.previous_year}: cùng giai đoạn {c.previous.number}"
            + ("" if c.previous_frozen else " (kết quả năm trước chưa chốt)")
            + "; thay đổi tính bằng điểm phần trăm, cắt đến hai chữ số thập phân."
        )
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
            *compare_headers,
            "Công dân đủ 18 tuổi",
            "Công dân số",
            "TDP chuyển đổi số",
            "Nhà văn hóa số",
            "Khen thưởng",
        ),
        widths=(9, 20, 8, 10, 12, 10, *(10, 10)[: len(compare_headers)], 11, 10, 12, 11, 13),
        rows=rows,
        totals=(
            "",
            "Toàn phường",
            t["households"],
            t["eligible_households"],
            t["digital_households"],
            t["ratio_text"],
            *_compare_cells(results, c.ward if c else None),
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
    if c:
        admin_sheet(
            ward=results.phase.campaign.ward,
            title="TỶ LỆ ĐẠT TỪNG TIÊU CHÍ SO VỚI NĂM TRƯỚC",
            subtitle=phase_label(results.phase),
            headers=(
                "Tiêu chí",
                "Nội dung",
                f"Năm {results.phase.campaign.year}",
                f"Năm {c.previous_year}",
                "Thay đổi (điểm %)",
            ),
            widths=(9, 40, 12, 12, 14),
            rows=[
                (
                    f"TC{k.number}",
                    k.short,
                    k.adoption.now_text,
                    k.adoption.before_text,
                    k.adoption.change,
                )
                for k in c.criteria
            ],  # fmt: skip
            footer=("Tỷ lệ đạt = số người đạt tiêu chí ÷ số người từ 18 tuổi đã chấm.",),
            workbook=workbook,
            sheet_title="Tiêu chí so với năm trước",
        )
    return workbook_bytes(workbook)


def ward_results_pdf(results: WardResults) -> bytes:
    ward = results.phase.campaign.ward
    parent, agency = agency_lines(ward)
    return render_pdf(
        "awards/documents/ward_results.html",
        {
            "r": results,
            "totals": results.totals,
            "agency_parent": parent,
            "agency": agency,
            "phase_label": phase_label(results.phase),
            "place_date": vn_date_long(datetime.date.today(), ward.name),
        },
    )
