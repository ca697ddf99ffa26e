"""Steps 1 and 2 as services: one household's sheet for a phase, saving the self-assessment
(step 1) or the TDP team's stage (step 2), and the register changes a TDP team makes while
keying in forms. Views call these and only render; every write is atomic and leaves a
history record with its reason (simple_history `_change_reason`)."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from households.models import Household, Resident
from households.text import nfc_clean
from scoring import rules
from scoring.models import CRITERIA, Assessment, Phase
from scoring.standings import counting_assessment_map

Stage = Assessment.Stage
STAGE_TEXT = {Stage.SELF: "Hộ tự chấm", Stage.TDP: "Tổ CĐS chấm", Stage.WARD: "Phường điều chỉnh"}


def source_text(assessment: Assessment | None, phase: Phase) -> str:
    """R11: where an assessment came from, for screens ("Giai đoạn 1 · Tổ CĐS chấm")."""
    if assessment is None:
        return ""
    number = assessment.phase.number
    text = f"Giai đoạn {number} · {STAGE_TEXT[assessment.stage]}"
    if number != phase.number:
        text += " (chuyển tiếp)"
    return text


def changed_criteria(a: tuple[bool, ...], b: tuple[bool, ...]) -> list[str]:
    return [f"TC{i + 1}" for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


@dataclass
class MemberRow:
    resident: Resident
    eligible: bool
    counting: Assessment | None = None  # R10 + R11
    self_a: Assessment | None = None  # this phase, step 1
    tdp_a: Assessment | None = None  # this phase, step 2
    ward_a: Assessment | None = None  # this phase, step 4
    prefill: Assessment | None = None  # what the form shows

    @property
    def counting_score(self) -> int | None:
        return self.counting.score if self.counting else None

    @property
    def digital_citizen(self) -> bool:
        return rules.is_digital_citizen(self.counting_score)  # R2

    @property
    def prefill_criteria(self) -> tuple[bool, ...]:
        return self.prefill.criteria if self.prefill else (False,) * len(CRITERIA)

    @property
    def prefill_score(self) -> int | None:
        return self.prefill.score if self.prefill else None

    @property
    def tdp_differs(self) -> list[str]:
        if self.tdp_a is None or self.self_a is None:
            return []
        return changed_criteria(self.self_a.criteria, self.tdp_a.criteria)


@dataclass
class HouseholdSheet:
    household: Household
    phase: Phase
    stage: int
    members: list[MemberRow] = field(default_factory=list)

    @property
    def eligible(self) -> list[MemberRow]:
        return [m for m in self.members if m.eligible]

    @property
    def result(self) -> rules.HouseholdResult:
        """R3 over the counting assessments (R10, R11)."""
        return rules.household_result((m.eligible, m.counting_score) for m in self.members)

    @property
    def unscored(self) -> list[MemberRow]:
        return [m for m in self.eligible if m.counting is None]

    @property
    def status(self) -> str:
        return household_status(
            len(self.eligible), self.result.digital_members, len(self.unscored)
        )

    @property
    def unconfirmed(self) -> list[MemberRow]:
        """Step 2 still to do: self-assessments the TDP team has not confirmed."""
        return [m for m in self.eligible if m.self_a is not None and m.tdp_a is None]


# Status chips of the household list (R1–R3).
STATUS_NOT_APPLICABLE = "not_applicable"
STATUS_UNSCORED = "unscored"
STATUS_PARTIAL = "partial"
STATUS_DIGITAL = "digital"
STATUS_NOT_DIGITAL = "not_digital"
STATUS_TEXT = {
    STATUS_NOT_APPLICABLE: "Không thuộc diện",
    STATUS_UNSCORED: "Chưa chấm",
    STATUS_PARTIAL: "Đang nhập",
    STATUS_DIGITAL: "Gia đình công dân số",
    STATUS_NOT_DIGITAL: "Chưa đạt",
}


def household_status(eligible: int, digital: int, unscored: int) -> str:
    if eligible == 0:
        return STATUS_NOT_APPLICABLE  # R3
    if unscored == eligible:
        return STATUS_UNSCORED
    if unscored:
        return STATUS_PARTIAL
    if digital == eligible:
        return STATUS_DIGITAL  # R3
    return STATUS_NOT_DIGITAL


def household_sheet(household: Household, phase: Phase, stage: int = Stage.SELF) -> HouseholdSheet:
    """Every member of the household (all statuses, oldest first) with R1 eligibility on the
    phase's reference date and their assessments. Three queries."""
    residents = list(household.residents.order_by("birth_date", "id"))
    ids = [r.id for r in residents]
    counting = counting_assessment_map(phase, ids)  # R10 + R11
    this_phase = {}
    for a in Assessment.objects.filter(resident_id__in=ids, phase=phase):
        a.phase = phase
        this_phase[(a.resident_id, a.stage)] = a
    sheet = HouseholdSheet(household=household, phase=phase, stage=stage)
    for r in residents:
        row = MemberRow(
            resident=r,
            eligible=rules.is_eligible(r.status, r.birth_date, phase.reference_date),  # R1
            counting=counting.get(r.id),
            self_a=this_phase.get((r.id, Stage.SELF)),
            tdp_a=this_phase.get((r.id, Stage.TDP)),
            ward_a=this_phase.get((r.id, Stage.WARD)),
        )
        if stage == Stage.SELF:
            row.prefill = row.self_a or row.counting
        else:
            row.prefill = row.tdp_a or row.self_a or row.counting
        sheet.members.append(row)
    return sheet


@dataclass(frozen=True)
class Posted:
    """One member's form as posted: recorded at all, and the ten criteria."""

    scored: bool
    criteria: tuple[bool, ...]


def parse_posted(data, members: list[MemberRow]) -> dict[int, Posted]:
    """Read `m<id>-scored` and `m<id>-tc1`…`tc10` for the eligible members only (R1 is
    enforced here, whatever the browser sends). A ticked criterion makes it an assessment (R2)."""
    posted = {}
    for m in members:
        if not m.eligible:
            continue
        prefix = f"m{m.resident.id}-"
        if f"{prefix}shown" not in data:
            continue
        criteria = tuple(bool(data.get(f"{prefix}{name}")) for name in CRITERIA)
        scored = bool(data.get(f"{prefix}scored")) or any(criteria)
        posted[m.resident.id] = Posted(scored, criteria)
    return posted


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def message(self) -> str:
        if not self.changed:
            return "Không có thay đổi."
        parts = []
        if self.created:
            parts.append(f"ghi mới {self.created} phiếu")
        if self.updated:
            parts.append(f"sửa {self.updated} phiếu")
        if self.deleted:
            parts.append(f"xoá {self.deleted} phiếu")
        return "Đã " + ", ".join(parts) + "."


def _write(assessment: Assessment, criteria, user, reason: str) -> None:
    for name, met in zip(CRITERIA, criteria, strict=True):
        setattr(assessment, name, met)
    assessment.recorded_by = user
    assessment._change_reason = reason
    assessment.save()


def _delete(assessment: Assessment, reason: str) -> None:
    assessment._change_reason = reason
    assessment.delete()


@transaction.atomic
def save_sheet(sheet: HouseholdSheet, data, user, only: int | None = None) -> SaveResult:
    """Save the posted forms of `sheet` at its stage (R10).

    Step 1 (SELF): a member's form is written when it differs from what the page showed
    (this phase's self-assessment, or the carried-forward one, R11); unticking "có phiếu"
    removes this phase's self-assessment. Step 2 (TDP): every shown form that is recorded
    becomes the TDP stage — as it stands, that is the team confirming the household's
    form; changed criteria are named in the reason. `only` restricts to one resident."""
    result = SaveResult()
    posted = parse_posted(data, sheet.members)
    phase = sheet.phase
    for m in sheet.eligible:
        p = posted.get(m.resident.id)
        if p is None or (only is not None and m.resident.id != only):
            continue
        if sheet.stage == Stage.SELF:
            _save_self(m, p, phase, user, result)
        else:
            _save_tdp(m, p, phase, user, result)
    return result


def _revise(current, p: Posted, user, result: SaveResult, drop_reason: str, edit_reason: str):
    """An existing stage form: dropped when the form is now empty, rewritten (naming the
    criteria that changed) when it differs, left alone otherwise (R10 history keeps it all)."""
    if not p.scored:
        _delete(current, drop_reason)
        result.deleted += 1
    elif p.criteria != current.criteria:
        changed = ", ".join(changed_criteria(current.criteria, p.criteria))
        _write(current, p.criteria, user, f"{edit_reason}: {changed}")
        result.updated += 1


def _save_self(m: MemberRow, p: Posted, phase: Phase, user, result: SaveResult) -> None:
    current = m.self_a
    if current is not None:
        _revise(
            current,
            p,
            user,
            result,
            "Bỏ phiếu hộ tự chấm (bước 1)",
            "Sửa phiếu hộ tự chấm (bước 1)",
        )
        return
    if not p.scored:
        return
    if m.counting is not None and p.criteria == m.counting.criteria:
        return  # unchanged carried-forward form: R11 already counts it, nothing to key in
    new = Assessment(resident=m.resident, phase=phase, stage=Stage.SELF)
    _write(new, p.criteria, user, "Nhập phiếu hộ tự chấm (bước 1)")
    result.created += 1


def _save_tdp(m: MemberRow, p: Posted, phase: Phase, user, result: SaveResult) -> None:
    current = m.tdp_a
    base = m.self_a.criteria if m.self_a else None
    if current is not None:
        _revise(
            current,
            p,
            user,
            result,
            "Tổ CĐS bỏ kết quả chấm (bước 2)",
            "Tổ CĐS sửa kết quả chấm (bước 2)",
        )
        return
    if not p.scored:
        return
    if base is not None and p.criteria == base:
        reason = "Tổ CĐS xác nhận phiếu hộ tự chấm (bước 2)"
    elif base is not None:
        reason = "Tổ CĐS chấm lại (bước 2), khác phiếu hộ: " + ", ".join(
            changed_criteria(base, p.criteria)
        )
    else:
        reason = "Tổ CĐS chấm (bước 2), hộ chưa có phiếu tự chấm giai đoạn này"
    new = Assessment(resident=m.resident, phase=phase, stage=Stage.TDP)
    _write(new, p.criteria, user, reason)
    result.created += 1


@transaction.atomic
def confirm_unchanged(sheet: HouseholdSheet, user) -> SaveResult:
    """Step 2: copy every self-assessment of the phase that the team has not yet scored to
    the TDP stage unchanged (R10)."""
    result = SaveResult()
    for m in sheet.unconfirmed:
        new = Assessment(resident=m.resident, phase=sheet.phase, stage=Stage.TDP)
        _write(new, m.self_a.criteria, user, "Tổ CĐS xác nhận phiếu hộ tự chấm (bước 2)")
        result.created += 1
    return result


# --- search ------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics ("Nguyễn Đức" → "nguyen duc"): people type
    names on a phone without the marks."""
    decomposed = unicodedata.normalize("NFD", nfc_clean(text).lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_households(households, tdp, term: str):
    """Households of `tdp` matching `term` by household code or member name: exact spelling
    first (in the database); if nothing matches, the same without diacritics, by scanning
    the TDP's names once (one query, bounded by the size of a TDP)."""
    term = nfc_clean(term)
    found = households.search(term)
    if found.exists():
        return found
    folded = fold(term)
    if not folded:
        return found
    ids = {
        household_id
        for household_id, name in Resident.objects.filter(household__tdp=tdp).values_list(
            "household_id", "full_name"
        )
        if folded in fold(name)
    }
    return households.filter(id__in=ids)


# --- register changes ------------------------------------------------------------------


@transaction.atomic
def create_household(tdp, code: str, address: str = "") -> Household:
    code = nfc_clean(code)
    if not code:
        raise ValidationError({"code": "Chưa nhập mã hộ."})
    if Household.objects.filter(ward_id=tdp.ward_id, code=code).exists():
        raise ValidationError({"code": f"Mã hộ “{code}” đã được dùng trong phường."})
    household = Household(tdp=tdp, code=code, address=nfc_clean(address))
    household._change_reason = "Thêm hộ gia đình"
    household.save()
    return household


@transaction.atomic
def add_resident(
    household: Household,
    *,
    full_name: str,
    birth_date: datetime.date,
    sex: str = "",
    cccd: str | None = None,
    is_head: bool = False,
) -> tuple[Resident, list[str]]:
    """Add a member; returns it with the CCCD warnings (never blocking)."""
    cccd = (cccd or "").strip() or None
    if cccd and Resident.objects.filter(cccd=cccd).exists():
        raise ValidationError({"cccd": "Số CCCD này đã được ghi cho một nhân khẩu khác."})
    resident = Resident(
        household=household,
        full_name=nfc_clean(full_name),
        birth_date=birth_date,
        sex=sex,
        cccd=cccd,
    )
    resident._change_reason = "Thêm nhân khẩu"
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        raise ValidationError(
            "Không lưu được nhân khẩu: dữ liệu trùng hoặc không hợp lệ."
        ) from exc
    if is_head or household.head_id is None:
        household.head = resident
        household._change_reason = f"Chủ hộ: {resident.full_name}"
        household.save(update_fields=["head"])
    return resident, resident.cccd_warnings()


@transaction.atomic
def update_resident(
    resident: Resident,
    *,
    full_name: str,
    birth_date: datetime.date,
    sex: str = "",
    cccd: str | None = None,
    is_head: bool = False,
) -> tuple[Resident, list[str]]:
    """Correct a member's details (a typo in the name, the birth date, the CCCD); the old
    values stay in the history. Returns the CCCD warnings (never blocking)."""
    cccd = (cccd or "").strip() or None
    if cccd and Resident.objects.filter(cccd=cccd).exclude(pk=resident.pk).exists():
        raise ValidationError({"cccd": "Số CCCD này đã được ghi cho một nhân khẩu khác."})
    resident.full_name = nfc_clean(full_name)
    resident.birth_date = birth_date
    resident.sex = sex
    resident.cccd = cccd
    resident._change_reason = "Sửa thông tin nhân khẩu"
    resident.save()
    household = resident.household
    if is_head and household.head_id != resident.pk:
        household.head = resident
        household._change_reason = f"Chủ hộ: {resident.full_name}"
        household.save(update_fields=["head"])
    return resident, resident.cccd_warnings()


@transaction.atomic
def move_resident(resident: Resident, target: Household, reason: str = "") -> Resident:
    source = resident.household
    if target.pk == source.pk:
        raise ValidationError({"target": "Nhân khẩu đã ở hộ này."})
    resident.household = target
    resident._change_reason = (
        nfc_clean(reason) or f"Chuyển từ hộ {source.code} sang hộ {target.code}"
    )
    resident.save()
    if source.head_id == resident.pk:
        source.head = None
        source._change_reason = (
            f"{resident.full_name} chuyển sang hộ {target.code}: hộ chưa có chủ hộ"
        )
        source.save(update_fields=["head"])
    if target.head_id is None:
        target.head = resident
        target._change_reason = f"Chủ hộ: {resident.full_name}"
        target.save(update_fields=["head"])
    return resident


@transaction.atomic
def set_resident_status(
    resident: Resident, status: str, on_date: datetime.date | None, reason: str = ""
) -> Resident:
    """Mark moved away / deceased (with the date), or active again. R1: only active members
    count."""
    if status not in Resident.Status.values:
        raise ValidationError({"status": "Tình trạng không hợp lệ."})
    if status != Resident.Status.ACTIVE and on_date is None:
        raise ValidationError({"on_date": "Cần ghi ngày chuyển đi / ngày mất."})
    label = Resident.Status(status).label
    resident.status = status
    resident.status_changed_on = on_date if status != Resident.Status.ACTIVE else None
    when = f" ngày {on_date:%d/%m/%Y}" if on_date and status != Resident.Status.ACTIVE else ""
    resident._change_reason = f"{label}{when}" + (f": {nfc_clean(reason)}" if reason else "")
    resident.save()
    return resident
