"""(a) Phiếu tự chấm điểm (step 1): blank, or pre-filled with a household's adults eligible
on the phase's reference date (R1); a whole TDP as one batch; as PDF and as .xlsx."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from openpyxl import Workbook

from awards.documents.common import agency_lines, household_heads, phase_label
from awards.documents.workbooks import CHECKBOX, admin_sheet, workbook_bytes
from awards.printing.pdf import render_pdf
from dongtam.formatting import vn_date
from households.access import visible_tdp_ids
from households.models import Household, Resident, ResidentialGroup, Ward
from scoring import rules
from scoring.criteria import CRITERIA_TEXT, SCORING_NOTES
from scoring.models import Phase


@dataclass
class FormMember:
    name: str
    birth_date: datetime.date | None
    sex: str
    is_head: bool = False

    @property
    def birth_text(self) -> str:
        return vn_date(self.birth_date)


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
    heads = household_heads(households)
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


def household_by_code(user, phase: Phase, code: str) -> Household | None:
    """The household of the phase's ward with this code, if the user may see its TDP."""
    if not code:
        return None
    return Household.objects.filter(
        ward_id=phase.campaign.ward_id, code=code, tdp_id__in=visible_tdp_ids(user)
    ).first()


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


def selfassessment_pdf(forms: list[SelfAssessmentForm]) -> bytes:
    return render_pdf("awards/documents/selfassessment.html", selfassessment_context(forms))
