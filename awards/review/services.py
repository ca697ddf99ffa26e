"""Step 4 — the standing office's review of the TDP dossiers (plan III.2.3).

Every function here is one deliberate act of the office: return a dossier with a comment,
approve one or several, reopen a dossier or a closed step window (reason required), correct
an assessment at ward stage (R10, reason required), freeze or unfreeze a phase's results
(R13). Each writes in one transaction and leaves a django-simple-history record naming who
acted and why. Refusals are awards.procedure.errors.ProcedureError."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from awards import procedure
from awards.models import Dossier, WindowReopening
from awards.procedure.errors import ProcedureError
from dongtam.formatting import percent, vn_date
from households.access import get_resident_for_user
from households.models import Resident, ResidentialGroup
from households.register import tdp_households
from households.text import nfc_clean
from scoring import glossary, rules
from scoring.models import CRITERIA, Assessment, Phase, StandingsSnapshot, Step
from scoring.snapshots import freeze, snapshot_of
from scoring.standings import compute_standings, counting_assessment_map

State = Dossier.State


# --- reading: the state of every TDP's dossier -------------------------------------------


@dataclass
class _DossierStateMixin:
    """A dossier's state for the review pages, all from awards.procedure (templates map
    `state` to a colour)."""

    dossier: Dossier | None

    @property
    def state(self) -> str:
        return procedure.state_of(self.dossier)

    @property
    def state_label(self) -> str:
        return procedure.state_label(self.state)

    @property
    def can_approve(self) -> bool:
        """Approve or return: only a submitted dossier."""
        return procedure.awaits_review(self.dossier)

    @property
    def can_reopen(self) -> bool:
        """Reopen: a submitted or approved dossier (locked for the TDP)."""
        return procedure.is_locked_for_tdp(self.dossier)

    @property
    def approved(self) -> bool:
        return procedure.is_approved(self.dossier)

    @property
    def late(self) -> bool:
        return bool(self.dossier and self.dossier.submitted_at and self.dossier.submitted_late)


@dataclass
class ReviewRow(_DossierStateMixin):
    tdp: ResidentialGroup
    standing: object  # scoring.standings.TdpStanding

    @property
    def has_data(self) -> bool:
        return self.standing.households > 0


@dataclass
class ReviewOverview:
    phase: Phase
    rows: list[ReviewRow]
    snapshot: StandingsSnapshot | None

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(state, label, count) for every state, in procedure order."""
        counter = Counter(r.state for r in self.rows)
        return [(s, procedure.state_label(s), counter.get(s, 0)) for s in procedure.DOSSIER_STATES]

    @property
    def late_count(self) -> int:
        return sum(1 for r in self.rows if r.late)

    @property
    def not_approved_with_data(self) -> list[ReviewRow]:
        return [r for r in self.rows if r.has_data and not r.approved]

    @property
    def ready_to_freeze(self) -> bool:
        """R13: every TDP that has data has its dossier approved."""
        return not self.not_approved_with_data


def review_overview(phase: Phase) -> ReviewOverview:
    """Every TDP of the ward with its dossier and live figures. Constant query count."""
    standings = compute_standings(phase)
    dossiers = {
        d.tdp_id: d
        for d in Dossier.objects.filter(phase=phase).select_related("submitted_by", "approved_by")
    }
    rows = [
        ReviewRow(tdp=s.tdp, dossier=dossiers.get(s.tdp.id), standing=s) for s in standings.tdps
    ]
    # What needs the office first: sent, returned, in progress, not started, approved last.
    rows.sort(key=lambda r: (procedure.action_rank(r.state), r.tdp.sort_key, r.tdp.code))
    snapshot = snapshot_of(phase, data=False)
    return ReviewOverview(phase=phase, rows=rows, snapshot=snapshot)


# --- acts on a dossier ----------------------------------------------------------------------


def _required_text(value, what: str) -> str:
    text = nfc_clean(value)
    if not text:
        raise ProcedureError(f"Vui lòng nhập {what}.")
    return text


def _save_with_history(obj, user, reason: str, update_fields=None):
    obj._history_user = user
    obj._change_reason = reason
    obj.save(update_fields=update_fields)


def _locked_dossier(dossier_id: int) -> Dossier:
    return Dossier.objects.select_for_update().select_related("tdp", "phase").get(pk=dossier_id)


@transaction.atomic
def return_dossier(dossier: Dossier, user, comment: str) -> Dossier:
    """Step 4: send a submitted dossier back to its TDP with a comment the TDP sees."""
    comment = _required_text(comment, "ý kiến gửi tổ dân phố khi trả lại hồ sơ")
    dossier = _locked_dossier(dossier.pk)
    if not procedure.awaits_review(dossier):
        raise ProcedureError(
            f"Chỉ trả lại được hồ sơ đã nộp; hồ sơ {dossier.tdp} đang ở trạng thái "
            f"“{dossier.get_state_display()}”."
        )
    dossier.state = State.RETURNED
    dossier.return_comment = comment
    dossier.returned_at = timezone.now()
    _save_with_history(dossier, user, f"Trả lại: {comment}")
    return dossier


def _approve(dossier: Dossier, user, now) -> None:
    dossier.state = State.APPROVED
    dossier.approved_at = now
    dossier.approved_by = user
    _save_with_history(dossier, user, "Duyệt hồ sơ")


@transaction.atomic
def approve_dossier(dossier: Dossier, user) -> Dossier:
    """Step 4: approve a submitted dossier; its data is then locked for the TDP."""
    dossier = _locked_dossier(dossier.pk)
    if not procedure.awaits_review(dossier):
        raise ProcedureError(
            f"Chỉ duyệt được hồ sơ đã nộp; hồ sơ {dossier.tdp} đang ở trạng thái "
            f"“{dossier.get_state_display()}”."
        )
    _approve(dossier, user, timezone.now())
    return dossier


@transaction.atomic
def bulk_approve(phase: Phase, dossier_ids, user) -> list[Dossier]:
    """Approve several submitted dossiers of `phase` at once (all or nothing)."""
    ids = {int(i) for i in dossier_ids}
    if not ids:
        raise ProcedureError("Chưa chọn hồ sơ nào để duyệt.")
    dossiers = list(
        Dossier.objects.select_for_update()
        .filter(phase=phase, pk__in=ids)
        .select_related("tdp")
        .order_by("tdp__sort_key", "tdp__code")
    )
    if len(dossiers) != len(ids):
        raise ProcedureError("Có hồ sơ được chọn không thuộc giai đoạn này.")
    not_submitted = [d for d in dossiers if not procedure.awaits_review(d)]
    if not_submitted:
        names = ", ".join(f"{d.tdp} ({d.get_state_display()})" for d in not_submitted)
        raise ProcedureError(f"Chỉ duyệt được hồ sơ đã nộp. Không duyệt được: {names}.")
    now = timezone.now()
    for d in dossiers:
        _approve(d, user, now)
    return dossiers


@transaction.atomic
def reopen_dossier(dossier: Dossier, user, reason: str) -> Dossier:
    """Send a submitted or approved dossier back to "in progress" so the TDP (or the office)
    may change it again; the reason is kept."""
    reason = _required_text(reason, "lý do mở lại hồ sơ")
    dossier = _locked_dossier(dossier.pk)
    if not procedure.is_locked_for_tdp(dossier):
        raise ProcedureError(
            f"Hồ sơ {dossier.tdp} đang ở trạng thái “{dossier.get_state_display()}”: "
            "không cần mở lại."
        )
    dossier.state = State.IN_PROGRESS
    dossier.approved_at = None
    dossier.approved_by = None
    _save_with_history(dossier, user, f"Mở lại hồ sơ: {reason}")
    return dossier


@transaction.atomic
def reopen_window(
    phase: Phase, step: int, until: datetime.date, reason: str, user, tdp=None
) -> WindowReopening:
    """R12: reopen a step's window for one TDP (or all TDPs when `tdp` is None) until a date
    (inclusive), with the reason kept."""
    reason = _required_text(reason, "lý do mở lại thời hạn")
    if step not in Step.values:
        raise ProcedureError("Bước không hợp lệ: chọn bước 1, 2, 3 hoặc 4.")
    today = timezone.localdate()
    if until < today:
        raise ProcedureError(
            f"Ngày mở đến ({vn_date(until)}) đã qua: chọn từ hôm nay ({vn_date(today)}) trở đi."
        )
    if tdp is not None and tdp.ward_id != phase.campaign.ward_id:
        raise ProcedureError("Tổ dân phố không thuộc phường của đợt thi đua này.")
    return WindowReopening.objects.create(
        phase=phase, tdp=tdp, step=step, until=until, reason=reason, created_by=user
    )


# --- R10: ward-stage correction -----------------------------------------------------------


@transaction.atomic
def correct_assessment(
    resident: Resident, phase: Phase, criteria: dict[str, bool], reason: str, user
) -> Assessment:
    """R10: the office corrects a resident's score for `phase` at ward stage, with a reason.
    The ward stage is the latest, so it counts; earlier stages stay as recorded. Refused
    while the TDP's dossier is approved (reopen it first)."""
    reason = _required_text(reason, "lý do điều chỉnh (bắt buộc khi phường điều chỉnh điểm)")
    if resident.household.ward_id != phase.campaign.ward_id:
        raise ProcedureError("Nhân khẩu không thuộc phường của đợt thi đua này.")
    tdp = resident.household.tdp
    verdict = procedure.can_correct_at_ward(
        tdp, phase, state=procedure.procedure_state(tdp, phase, for_update=True)
    )
    if not verdict:
        raise ProcedureError(verdict.reason)
    values = {name: bool(criteria.get(name)) for name in CRITERIA}
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .filter(resident=resident, phase=phase, stage=Assessment.Stage.WARD)
        .first()
    )
    if assessment is None:
        assessment = Assessment(resident=resident, phase=phase, stage=Assessment.Stage.WARD)
    for name, met in values.items():
        setattr(assessment, name, met)
    assessment.reason = reason
    assessment.recorded_by = user
    _save_with_history(assessment, user, reason)
    return assessment


# --- R13: freezing a phase's results -----------------------------------------------------


def snapshot_time(snapshot: StandingsSnapshot) -> str:
    """When the results were frozen: "14:05 05/11/2022"."""
    return timezone.localtime(snapshot.created_at).strftime("%H:%M %d/%m/%Y")


@transaction.atomic
def freeze_phase(phase: Phase, user, confirm: bool = False) -> StandingsSnapshot:
    """R13: freeze the phase's figures. Without `confirm`, refused while a TDP with data
    has no approved dossier (the office may confirm deliberately)."""
    if not confirm:
        pending = review_overview(phase).not_approved_with_data
        if pending:
            names = ", ".join(r.tdp.name for r in pending)
            raise ProcedureError(
                f"Còn {len(pending)} tổ dân phố chưa được duyệt hồ sơ ({names}). "
                "Đánh dấu “Vẫn chốt” để chốt kết quả khi chưa duyệt đủ."
            )
    snapshot = freeze(phase, user)
    reason = "Chốt kết quả giai đoạn" + ("" if not confirm else " (xác nhận chốt)")
    record = snapshot.history.order_by("-history_date", "-history_id").first()
    record.history_user = user
    record.history_change_reason = reason
    record.save(update_fields=["history_user", "history_change_reason"])
    return snapshot


@transaction.atomic
def unfreeze_phase(phase: Phase, user, reason: str) -> None:
    """R13: lift the frozen results (the live figures apply again), reason kept."""
    reason = _required_text(reason, "lý do hủy chốt kết quả")
    snapshot = StandingsSnapshot.objects.select_for_update().filter(phase=phase).first()
    if snapshot is None:
        raise ProcedureError("Kết quả giai đoạn này chưa được chốt.")
    snapshot._history_user = user
    snapshot._change_reason = f"Hủy chốt: {reason}"
    snapshot.delete()


# --- reading: one TDP's dossier -------------------------------------------------------------


@dataclass
class MemberLine:
    resident: Resident
    eligible: bool
    assessment: Assessment | None

    @property
    def score(self) -> int | None:
        return self.assessment.score if self.assessment else None

    @property
    def digital(self) -> bool:
        return rules.is_digital_citizen(self.score)  # R2

    @property
    def missed(self) -> list[int]:
        """Criterion numbers not met by the counting assessment."""
        if self.assessment is None:
            return []
        return [i + 1 for i, met in enumerate(self.assessment.criteria) if not met]


@dataclass
class HouseholdLine:
    household: object
    members: list[MemberLine]
    standing: object  # HouseholdStanding

    @property
    def digital_family(self) -> bool | None:
        return self.standing.digital_family if self.standing else None  # R3

    @property
    def unscored(self) -> int:
        return sum(1 for m in self.members if m.eligible and m.assessment is None)

    @property
    def status(self) -> str:
        """The household's status key, as on the TDP's own pages (scoring.glossary)."""
        eligible = [m for m in self.members if m.eligible]
        digital = sum(1 for m in eligible if m.digital)
        return glossary.household_status(len(eligible), digital, self.unscored)

    @property
    def status_text(self) -> str:
        return glossary.HOUSEHOLD_STATUS_TEXT[self.status]


@dataclass
class DossierDetail(_DossierStateMixin):
    phase: Phase
    tdp: ResidentialGroup
    standing: object  # TdpStanding
    households: list[HouseholdLine]
    reopenings: list[WindowReopening]
    filter: str

    procedure_state: procedure.ProcedureState | None = None

    @property
    def submission_window(self) -> procedure.WindowState:
        """Step 3 as in force for this TDP (a reopening moves its deadline, R12)."""
        state = self.procedure_state or procedure.procedure_state(self.tdp, self.phase)
        return state.window(Step.SUBMISSION)

    @property
    def correctable(self) -> bool:
        """R10: the office may correct scores (the procedure's lock, awards.procedure)."""
        state = self.procedure_state
        return bool(procedure.can_correct_at_ward(self.tdp, self.phase, state=state))


def approval_summary(phase: Phase, tdp: ResidentialGroup) -> list[str]:
    """What approving the TDP's dossier locks, in two lines for the confirmation page."""
    s = compute_standings(phase, tdp_ids=[tdp.id]).tdps[0]
    return [
        f"{glossary.DIGITAL_FAMILY}: {s.digital_households}/{s.eligible_households} hộ thuộc "
        f"diện — tỷ lệ {percent(s.ratio_percent)}",
        f"{glossary.DIGITAL_CITIZEN}: {s.digital_citizens}/{s.eligible_residents} người từ 18 "
        f"tuổi; {glossary.UNSCORED.lower()}: {s.unscored_residents}",
    ]


HOUSEHOLD_FILTERS = {
    "all": "Tất cả hộ",
    "not_digital": "Hộ chưa đạt gia đình công dân số",
    "unscored": "Hộ còn người chưa chấm",
}


def dossier_detail(phase: Phase, tdp: ResidentialGroup, show: str = "all") -> DossierDetail:
    """A TDP's figures (R1–R5 from scoring.standings), its households with each member's
    counting assessment (R10/R11) and the phase's window reopenings. Constant query count."""
    if show not in HOUSEHOLD_FILTERS:
        show = "all"
    standing = compute_standings(phase, tdp_ids=[tdp.id]).tdps[0]
    by_household = {h.id: h for h in standing.households_detail}
    households = list(tdp_households(tdp))
    resident_ids = [r.id for h in households for r in h.active_residents]
    counting = counting_assessment_map(phase, resident_ids)
    lines = []
    for h in households:
        members = [
            MemberLine(
                resident=r,
                eligible=rules.is_eligible(r.status, r.birth_date, phase.reference_date),  # R1
                assessment=counting.get(r.id),
            )
            for r in h.active_residents
        ]
        line = HouseholdLine(household=h, members=members, standing=by_household.get(h.id))
        if show == "not_digital" and line.digital_family is not False:
            continue
        if show == "unscored" and not line.unscored:
            continue
        lines.append(line)
    state = procedure.procedure_state(tdp, phase)
    return DossierDetail(
        phase=phase,
        tdp=tdp,
        dossier=state.dossier,
        standing=standing,
        households=lines,
        reopenings=state.reopenings,
        filter=show,
        procedure_state=state,
    )


# --- audit of one dossier ----------------------------------------------------------------


@dataclass
class AuditEntry:
    when: datetime.datetime
    who: object
    what: str
    detail: str
    reason: str


def dossier_audit(phase: Phase, tdp: ResidentialGroup) -> list[AuditEntry]:
    """Who did what to the TDP's dossier of `phase`, newest first: its state changes, the
    window reopenings that concern it, and the ward's corrections (R10) of its residents."""
    entries = []
    history_type = {"+": "Tạo hồ sơ", "~": "Cập nhật hồ sơ", "-": "Xóa hồ sơ"}
    for rec in (
        Dossier.history.filter(phase_id=phase.id, tdp_id=tdp.id)
        .select_related("history_user")
        .order_by("-history_date")
    ):
        detail = f"Trạng thái: {procedure.state_label(rec.state)}"
        if rec.state == State.RETURNED and rec.return_comment:
            detail += f" — ý kiến: {rec.return_comment}"
        entries.append(
            AuditEntry(
                when=rec.history_date,
                who=rec.history_user,
                what=history_type.get(rec.history_type, rec.history_type),
                detail=detail,
                reason=rec.history_change_reason or "",
            )
        )
    for w in procedure.reopenings_for(phase, tdp):
        scope = "tổ này" if w.tdp_id else "mọi tổ dân phố"
        entries.append(
            AuditEntry(
                when=w.created_at,
                who=w.created_by,
                what=f"Mở lại bước {w.step}",
                detail=f"Cho {scope}, đến hết ngày {vn_date(w.until)}",
                reason=w.reason,
            )
        )
    for rec in (
        Assessment.history.filter(
            phase_id=phase.id,
            stage=Assessment.Stage.WARD,
            resident__household__tdp_id=tdp.id,
        )
        .select_related("history_user", "resident__household")
        .order_by("-history_date")
    ):
        criteria = [getattr(rec, name) for name in CRITERIA]
        met = [str(i + 1) for i, ok in enumerate(criteria) if ok]
        score = rules.citizen_score(criteria)  # R2
        resident = rec.resident
        who_is = f"{resident.full_name} (hộ {resident.household.code})" if resident else "—"
        entries.append(
            AuditEntry(
                when=rec.history_date,
                who=rec.history_user,
                what="Phường điều chỉnh điểm" if rec.history_type != "-" else "Xóa điều chỉnh",
                detail=f"{who_is}: {score} điểm; đạt TC {', '.join(met) or '—'}",
                reason=rec.history_change_reason or rec.reason,
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


# --- R10: the correction page of one resident ----------------------------------------------


@dataclass
class CorrectionPage:
    phase: Phase
    resident: Resident
    current: Assessment | None  # the counting assessment (R10/R11)

    @property
    def tdp(self) -> ResidentialGroup:
        return self.resident.household.tdp

    @property
    def eligible(self) -> bool:
        r = self.resident
        return rules.is_eligible(r.status, r.birth_date, self.phase.reference_date)  # R1

    @property
    def initial(self) -> dict[str, bool]:
        """The counting assessment's criteria, to start the correction from."""
        if self.current is None:
            return {}
        return {name: getattr(self.current, name) for name in CRITERIA}


def correction_page(user, phase: Phase, resident_id) -> CorrectionPage:
    """An active resident of the user's scope (404 otherwise) with the assessment that counts."""
    resident = get_resident_for_user(user, resident_id)
    if resident.status != Resident.Status.ACTIVE:
        raise Http404("Không tìm thấy nhân khẩu này trong phạm vi của bạn.")
    current = counting_assessment_map(phase, [resident.id]).get(resident.id)
    return CorrectionPage(phase=phase, resident=resident, current=current)
