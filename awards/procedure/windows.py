"""The four-step procedure's access, in one place: "may this user do X on this TDP in this
phase now?"

Three layers, checked in this order:
1. Scope (households.access): who may change which TDP at all.
2. The dossier's state: approved → locked for everyone (only the office's "reopen", built on
   the review side, unlocks it); submitted → read-only for the TDP's own accounts; returned →
   editable again for the TDP (the office's return is the reopening, its comment is kept).
3. Step windows (R12): they bind TDP team accounts only. Administrators, the standing office
   and the command line are never blocked by a window. A WindowReopening row extends a step for
   one TDP (or all TDPs) until a date.

Every answer is a `Verdict` that is falsy when refused and carries the Vietnamese reason
(with the window's dates) for the screen. `submit_dossier` is the step-3 service."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from awards.models import Dossier, WindowReopening
from awards.procedure.errors import ProcedureError
from households.access import can_edit_tdp, is_ward_editor
from households.models import ResidentialGroup
from scoring.models import Phase, Step

STEP_NAMES = {
    Step.SELF_ASSESSMENT: "hộ gia đình tự chấm điểm",
    Step.TDP_SCORING: "tổ CĐS tổ dân phố chấm điểm",
    Step.SUBMISSION: "nộp hồ sơ",
    Step.REVIEW: "sơ kết, tổng kết",
}

LOCKED_STATES = (Dossier.State.SUBMITTED, Dossier.State.APPROVED)


def _d(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass(frozen=True)
class Verdict:
    """An answer with its reason: `if can_key_in(...)` reads naturally; `.reason` is shown."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


@dataclass(frozen=True)
class WindowState:
    """One step's window for one TDP on one day (R12)."""

    step: int
    opens: datetime.date
    closes: datetime.date | None
    today: datetime.date
    reopened_until: datetime.date | None = None

    @property
    def in_dates(self) -> bool:
        return self.opens <= self.today and (self.closes is None or self.today <= self.closes)

    @property
    def reopened(self) -> bool:
        return self.reopened_until is not None and self.today <= self.reopened_until

    @property
    def is_open(self) -> bool:
        return self.in_dates or self.reopened

    @property
    def not_yet_open(self) -> bool:
        return self.today < self.opens and not self.reopened

    @property
    def dates_text(self) -> str:
        """ "Bước 1 mở từ 31/08/2022 đến 04/09/2022" (the plan's window for this step)."""
        if self.closes is None:
            return f"Bước {self.step} mở từ {_d(self.opens)}"
        return f"Bước {self.step} mở từ {_d(self.opens)} đến {_d(self.closes)}"

    @property
    def short_text(self) -> str:
        """Compact form for lists: "Bước 1: 31/08/2022 – 04/09/2022"."""
        text = f"Bước {self.step}: {_d(self.opens)}"
        if self.closes is not None:
            text += f" – {_d(self.closes)}"
        if self.reopened_until is not None and self.reopened_until >= self.today:
            text += f" (mở lại đến {_d(self.reopened_until)})"
        return text

    @property
    def message(self) -> str:
        if self.reopened and not self.in_dates:
            return (
                f"{self.dates_text}; thường trực TĐKT đã mở lại đến hết ngày "
                f"{_d(self.reopened_until)}."
            )
        if self.in_dates:
            return f"{self.dates_text}."
        if self.not_yet_open:
            return f"{self.dates_text} — chưa đến thời hạn."
        return f"{self.dates_text} — đã hết hạn."


@dataclass
class ProcedureState:
    """What the procedure knows about one TDP in one phase (two queries, loaded once per
    request and passed to the `can_*` functions to keep query counts constant)."""

    tdp: ResidentialGroup
    phase: Phase
    today: datetime.date
    dossier: Dossier | None
    reopenings: list[WindowReopening] = field(default_factory=list)

    def window(self, step: int) -> WindowState:
        opens, closes = self.phase.window(step)
        until = max(
            (r.until for r in self.reopenings if r.step == step),
            default=None,
        )
        return WindowState(
            step=step, opens=opens, closes=closes, today=self.today, reopened_until=until
        )

    @property
    def dossier_state(self) -> str:
        return self.dossier.state if self.dossier else Dossier.State.IN_PROGRESS

    @property
    def locked_for_tdp(self) -> bool:
        return self.dossier_state in LOCKED_STATES

    @property
    def approved(self) -> bool:
        return self.dossier_state == Dossier.State.APPROVED

    @property
    def returned(self) -> bool:
        return self.dossier_state == Dossier.State.RETURNED


def procedure_state(tdp, phase: Phase, today: datetime.date | None = None) -> ProcedureState:
    today = today or timezone.localdate()
    dossier = Dossier.objects.filter(tdp=tdp, phase=phase).first()
    reopenings = list(
        WindowReopening.objects.filter(phase=phase).filter(Q(tdp=tdp) | Q(tdp__isnull=True))
    )
    return ProcedureState(
        tdp=tdp, phase=phase, today=today, dossier=dossier, reopenings=reopenings
    )


def window_state(phase: Phase, step: int, tdp, today: datetime.date | None = None) -> WindowState:
    """R12: is `step` open for `tdp` on `today` (plan dates or an office reopening)?"""
    return procedure_state(tdp, phase, today).window(step)


def _state(tdp, phase, today, state):
    if state is not None:
        return state
    return procedure_state(tdp, phase, today)


def _dossier_refusal(state: ProcedureState, user) -> Verdict | None:
    d = state.dossier
    if state.approved:
        return Verdict(
            False,
            f"Hồ sơ của {state.tdp.name} giai đoạn {state.phase.number} đã được duyệt"
            f"{' ngày ' + _d(timezone.localdate(d.approved_at)) if d.approved_at else ''}: "
            "dữ liệu đã khóa. Chỉ thường trực TĐKT có thể mở lại.",
        )
    if state.locked_for_tdp and not is_ward_editor(user):
        when = f" ngày {_d(timezone.localdate(d.submitted_at))}" if d.submitted_at else ""
        return Verdict(
            False,
            f"Hồ sơ của {state.tdp.name} đã nộp{when}: tổ chỉ được xem, không sửa được nữa. "
            "Nếu cần bổ sung, đề nghị thường trực TĐKT trả lại hồ sơ.",
        )
    return None


def _may_write(
    user, tdp, state: ProcedureState, steps: tuple[int, ...], register: bool = False
) -> Verdict:
    if not can_edit_tdp(user, tdp.id):
        return Verdict(False, f"Tài khoản của bạn không được sửa dữ liệu của {tdp.name}.")
    if register and is_ward_editor(user):
        # R13: the register stays current after approval (the snapshot keeps the approved
        # figures), so the office and administrators keep it up to date at any time.
        return ALLOWED
    refusal = _dossier_refusal(state, user)
    if refusal is not None:
        return refusal
    if is_ward_editor(user):
        return ALLOWED  # R12: the office and administrators are not bound by windows
    if state.returned:
        return ALLOWED  # the office returned the dossier for correction: editable again
    windows = [state.window(s) for s in steps]
    if any(w.is_open for w in windows):
        return ALLOWED
    return Verdict(False, " ".join(w.message for w in windows))


def can_key_in(user, tdp, phase: Phase, today=None, state: ProcedureState | None = None):
    """Step 1: key in households' self-assessment forms (R12 window of step 1)."""
    return _may_write(user, tdp, _state(tdp, phase, today, state), (Step.SELF_ASSESSMENT,))


def can_tdp_score(user, tdp, phase: Phase, today=None, state: ProcedureState | None = None):
    """Step 2: the team confirms / corrects assessments and fills the cultural-house
    checklist (R10, R7; R12 window of step 2)."""
    return _may_write(user, tdp, _state(tdp, phase, today, state), (Step.TDP_SCORING,))


def can_edit_register(user, tdp, phase: Phase, today=None, state: ProcedureState | None = None):
    """Add a household or member, move a member, mark moved / deceased: part of keying in the
    forms (step 1) and checking them (step 2), so either window lets the team do it."""
    return _may_write(
        user,
        tdp,
        _state(tdp, phase, today, state),
        (Step.SELF_ASSESSMENT, Step.TDP_SCORING),
        register=True,
    )


def can_submit(user, tdp, phase: Phase, today=None, state: ProcedureState | None = None):
    """Step 3: the TDP's team (or the office on its behalf) submits the dossier."""
    state = _state(tdp, phase, today, state)
    if not can_edit_tdp(user, tdp.id):
        return Verdict(False, f"Tài khoản của bạn không được nộp hồ sơ của {tdp.name}.")
    if state.approved:
        return Verdict(False, f"Hồ sơ của {tdp.name} đã được duyệt.")
    if state.dossier_state == Dossier.State.SUBMITTED:
        return Verdict(False, f"Hồ sơ của {tdp.name} đã nộp, đang chờ thường trực TĐKT xét.")
    if is_ward_editor(user) or state.returned:
        return ALLOWED  # R12; a returned dossier goes back once corrected
    window = state.window(Step.SUBMISSION)
    if window.is_open:
        return ALLOWED
    return Verdict(False, f"Không thể nộp hồ sơ: {window.message}")


@transaction.atomic
def submit_dossier(user, tdp, phase: Phase, today: datetime.date | None = None) -> Dossier:
    """Step 3: submit the TDP's dossier for the phase. From then on it is read-only for the
    TDP. Refused (ProcedureError, with the window's dates) outside the step-3 window for
    the TDP's own accounts; the office may submit late on the TDP's behalf, which is marked
    `submitted_late`. The change is kept in the dossier's history with its reason."""
    today = today or timezone.localdate()
    dossier, _ = Dossier.objects.select_for_update().get_or_create(tdp=tdp, phase=phase)
    state = procedure_state(tdp, phase, today)
    state.dossier = dossier
    verdict = can_submit(user, tdp, phase, state=state)
    if not verdict:
        raise ProcedureError(verdict.reason)
    resubmission = dossier.state == Dossier.State.RETURNED
    late = today > phase.step3_closes
    dossier.state = Dossier.State.SUBMITTED
    dossier.submitted_at = timezone.now()
    dossier.submitted_by = user
    dossier.submitted_late = late
    if resubmission:
        reason = "Nộp lại hồ sơ sau khi bổ sung theo ý kiến trả lại"
    elif is_ward_editor(user):
        reason = "Thường trực TĐKT nộp hồ sơ thay tổ dân phố"
    else:
        reason = "Tổ dân phố nộp hồ sơ"
    if late:
        reason += f" (sau hạn {_d(phase.step3_closes)})"
    dossier._change_reason = reason
    dossier.save()
    return dossier
