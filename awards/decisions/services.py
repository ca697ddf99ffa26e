"""Award decisions (Quyết định số …/QĐ-UBND): group lines the Chairman approved, each with
its amount (đồng, state budget) and gold-book number (số sổ vàng).

Rules kept here:
- a decision number never repeats within a ward's year (database constraint, and a
  Vietnamese form error that suggests the next free number);
- a gold-book number is unique within the ward's year;
- only approved lines not yet in a decision can be grouped; once grouped (the decision is
  issued) a line is locked: neither the Chairman's decision nor its amount changes.

The decision's list of awards as .xlsx and PDF is here too; its Giấy khen are
awards.decisions.merit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum

from awards.documents.common import agency_lines
from awards.documents.workbooks import admin_sheet, workbook_bytes
from awards.models import AwardProposal, Decision
from awards.printing.pdf import render_pdf
from awards.procedure.errors import ProcedureError
from dongtam.formatting import vn_date
from households.models import Ward
from households.text import nfc_clean
from scoring.models import Campaign, Phase


def format_dong(amount) -> str:
    """1500000 → "1.500.000 đ" (Vietnamese thousands separator)."""
    if amount is None:
        return "—"
    return f"{int(amount):,}".replace(",", ".") + " đ"


def next_decision_number(ward: Ward | int, year: int) -> int:
    """The next free decision number of the ward's year (one more than the highest)."""
    ward_id = ward.pk if isinstance(ward, Ward) else ward
    top = Decision.objects.filter(ward_id=ward_id, year=year).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


def duplicate_number_message(number: int, year: int, ward_id: int) -> str:
    return (
        f"Số quyết định {number}/QĐ-UBND năm {year} đã được dùng. "
        f"Số tiếp theo còn trống: {next_decision_number(ward_id, year)}."
    )


def number_taken(ward_id: int, year: int, number: int) -> bool:
    return Decision.objects.filter(ward_id=ward_id, year=year, number=number).exists()


def decision_total(decision: Decision) -> Decimal:
    return decision.awards.aggregate(t=Sum("amount"))["t"] or Decimal(0)


def lines_ready(phase: Phase):
    """Approved lines of `phase` not yet in a decision (what a new decision may group)."""
    return (
        AwardProposal.objects.for_phase(phase)
        .ready_for_decision()
        .select_related("tdp")
        .order_by("category", "id")
    )


@dataclass
class AwardLine:
    proposal_id: int
    amount: Decimal
    gold_book_number: str = ""


@transaction.atomic
def create_decision(
    phase: Phase,
    *,
    number: int,
    signed_on: datetime.date,
    signer_name: str,
    signer_title: str,
    title: str,
    lines: list[AwardLine],
    user=None,
) -> Decision:
    """Issue a decision grouping `lines` (approved, undecided lines of `phase`)."""
    campaign = phase.campaign
    ward_id = campaign.ward_id
    year = signed_on.year
    errors: dict[str, list[str]] = {}
    if not lines:
        errors.setdefault("__all__", []).append(
            "Chọn ít nhất một đề nghị đã được Chủ tịch duyệt để đưa vào quyết định."
        )
    if number_taken(ward_id, year, number):
        errors.setdefault("number", []).append(duplicate_number_message(number, year, ward_id))

    ids = [line.proposal_id for line in lines]
    proposals = {
        p.pk: p
        for p in AwardProposal.objects.select_for_update().filter(
            pk__in=ids, phase=phase, campaign=campaign
        )
    }
    seen_books: dict[str, int] = {}
    for line in lines:
        p = proposals.get(line.proposal_id)
        if p is None:
            errors.setdefault("__all__", []).append(
                f"Đề nghị số {line.proposal_id} không thuộc giai đoạn này."
            )
            continue
        if p.status != AwardProposal.Status.APPROVED:
            errors.setdefault("__all__", []).append(
                f"“{p.recipient_name}” chưa được Chủ tịch duyệt: không đưa vào quyết định được."
            )
        if p.decision_id:
            errors.setdefault("__all__", []).append(
                f"“{p.recipient_name}” đã thuộc một quyết định khác."
            )
        if line.amount is None or line.amount < 0:
            errors.setdefault(f"amount_{p.pk}", []).append(
                f"Mức thưởng của “{p.recipient_name}” phải là số tiền không âm (đồng)."
            )
        book = nfc_clean(line.gold_book_number)
        line.gold_book_number = book
        if book:
            if book in seen_books:
                errors.setdefault(f"gold_book_{p.pk}", []).append(
                    f"Số sổ vàng {book} bị trùng trong quyết định này."
                )
            seen_books[book] = p.pk
    if seen_books:
        taken = AwardProposal.objects.filter(
            decision__ward_id=ward_id,
            decision__year=year,
            gold_book_number__in=list(seen_books),
        ).select_related("decision")
        for other in taken:
            errors.setdefault(f"gold_book_{seen_books[other.gold_book_number]}", []).append(
                f"Số sổ vàng {other.gold_book_number} đã dùng cho “{other.recipient_name}” "
                f"trong {other.decision} năm {year}."
            )
    if errors:
        raise ProcedureError(errors)

    decision = Decision(
        ward_id=ward_id,
        campaign=campaign,
        phase=phase,
        number=number,
        year=year,
        signed_on=signed_on,
        signer_name=nfc_clean(signer_name),
        signer_title=nfc_clean(signer_title),
        title=nfc_clean(title),
        created_by=user,
    )
    decision._change_reason = "Ban hành quyết định"
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:  # a concurrent decision took the number
        raise ProcedureError(
            {"number": [duplicate_number_message(number, year, ward_id)]}
        ) from exc

    for line in lines:
        p = proposals[line.proposal_id]
        p.decision = decision
        p.amount = line.amount
        p.gold_book_number = line.gold_book_number
        p._change_reason = f"Đưa vào {decision}"
        p.save()
    return decision


def issued_summary(decision: Decision) -> str:
    """What the office is told once a decision is issued."""
    return (
        f"Đã ban hành {decision} ngày {vn_date(decision.signed_on)} — tổng mức thưởng "
        f"{format_dong(decision_total(decision))}."
    )


def decision_awards(decision: Decision):
    return decision.awards.select_related("tdp").order_by("category", "id")


def campaign_decisions(campaign: Campaign):
    """The campaign's decisions, newest first, each with its number of awards and total."""
    return (
        Decision.objects.filter(campaign=campaign)
        .select_related("phase")
        .annotate(n_awards=Count("awards"), total=Sum("awards__amount"))
        .order_by("-year", "-number")
    )


def ready_by_phase(campaign: Campaign):
    """Per phase number, how many approved lines wait for a decision."""
    return (
        AwardProposal.objects.filter(campaign=campaign)
        .ready_for_decision()
        .values("phase__number")
        .annotate(n=Count("id"))
        .order_by("phase__number")
    )


def decisions_to_print(ward_id: int, limit: int = 20):
    """The ward's latest decisions with their number of approved awards (Giấy khen to print)."""
    return (
        Decision.objects.filter(ward_id=ward_id)
        .select_related("campaign")
        .annotate(approved=Count("awards", filter=Q(awards__status=AwardProposal.Status.APPROVED)))
        .order_by("-year", "-number")[:limit]
    )


def decision_workbook(decision: Decision) -> bytes:
    """The decision's list of awards as .xlsx (amounts in đồng, total row)."""
    awards = list(decision_awards(decision))
    rows = []
    for i, a in enumerate(awards, start=1):
        name = a.recipient_name
        if a.recipient_sex:
            name = f"{a.get_recipient_sex_display()} {name}"
        rows.append(
            (
                i,
                name,
                a.recipient_position,
                a.get_category_display(),
                a.achievement,
                a.gold_book_number,
                int(a.amount or 0),
            )
        )
    total = sum(int(a.amount or 0) for a in awards)
    workbook, ws = admin_sheet(
        ward=decision.ward,
        title=f"DANH SÁCH KHEN THƯỞNG KÈM THEO QUYẾT ĐỊNH SỐ {decision.reference}",
        subtitle=(
            f"ngày {vn_date(decision.signed_on)} của Chủ tịch UBND phường {decision.ward.name}"
            + (f" — {decision.title}" if decision.title else "")
        ),
        headers=(
            "STT",
            "Tên tập thể / cá nhân",
            "Chức vụ, đơn vị",
            "Hình thức",
            "Thành tích",
            "Số sổ vàng",
            "Mức thưởng (đồng)",
        ),
        widths=(6, 28, 24, 20, 45, 12, 16),
        rows=rows,
        totals=("", "Tổng cộng", "", "", "", "", total),
        footer=(f"Kinh phí khen thưởng từ nguồn ngân sách nhà nước: {format_dong(total)}.",),
        sheet_title=f"QĐ {decision.number}-{decision.year}",
        landscape=True,
    )
    money = "#,##0"
    for row in ws.iter_rows(min_col=7, max_col=7):
        for cell in row:
            if isinstance(cell.value, int):
                cell.number_format = money
    return workbook_bytes(workbook)


def decision_list_pdf(decision: Decision) -> bytes:
    """The annex of the decision (danh sách kèm theo) as PDF, signed by the decision's
    signer; amounts in đồng and the total."""
    awards = list(decision_awards(decision))
    for a in awards:
        a.amount_text = format_dong(a.amount).removesuffix(" đ")
    total = sum((a.amount or 0) for a in awards)
    parent, agency = agency_lines(decision.ward)
    return render_pdf(
        "awards/decisions/list_pdf.html",
        {
            "decision": decision,
            "awards": awards,
            "total_text": format_dong(total).removesuffix(" đ"),
            "agency_parent": parent,
            "agency": agency,
        },
    )
