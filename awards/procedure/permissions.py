""" "May this user do X on this TDP in this phase now?" — the `can_*` answers of the procedure.

Three layers, checked in this order:
1. Scope (households.access): who may change which TDP at all.
2. The dossier's state: approved → locked for everyone (only the office's "reopen", built on
   the review side, unlocks it); submitted → read-only for the TDP's own accounts; returned →
   editable again for the TDP (the office's return is the reopening, its comment is kept).
3. Step windows (R12): they bind TDP team accounts only. Administrators, the standing office
   and the command line are never blocked by a window. A WindowReopening row extends a step for
   one TDP (or all TDPs) until a date.

Every answer is a `Verdict` that is falsy when refused and carries the Vietnamese reason
(with the window's dates) for the screen."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from awards.models import Dossier
from awards.procedure.state import ProcedureState, procedure_state
from dongtam.formatting import vn_date
from households.access import can_edit_tdp, is_ward_editor
from scoring.models import Phase, Step


@dataclass(frozen=True)
class Verdict:
    """An answer with its reason: `if can_key_in(...)` reads naturally; `.reason` is shown."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def _state(tdp, phase, today, state):
    if state is not None:
        return state
    return procedure_state(tdp, phase, today)


def _approved_refusal(state: ProcedureState) -> Verdict:
    d = state.dossier
    return Verdict(
        False,
        f"Hồ sơ của {state.tdp.name} giai đoạn {state.phase.number} đã được duyệt"
        f"{' ngày ' + vn_date(timezone.localdate(d.approved_at)) if d.approved_at else ''}: "
        "dữ liệu đã khóa. Chỉ thường trực TĐKT có thể mở lại.",
    )


def _dossier_refusal(state: ProcedureState, user) -> Verdict | None:
    d = state.dossier
    if state.approved:
        return _approved_refusal(state)
    if state.locked_for_tdp and not is_ward_editor(user):
        when = f" ngày {vn_date(timezone.localdate(d.submitted_at))}" if d.submitted_at else ""
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


def can_correct_at_ward(tdp, phase: Phase, today=None, state: ProcedureState | None = None):
    """Step 4, R10: the office corrects a resident's score at ward stage at any time (not
    bound by windows, R12) except while the TDP's dossier is approved (reopen it first)."""
    state = _state(tdp, phase, today, state)
    if state.approved:
        return Verdict(
            False,
            f"Hồ sơ {tdp} đã được duyệt, số liệu đã khóa: "
            "mở lại hồ sơ (ghi lý do) trước khi điều chỉnh.",
        )
    return ALLOWED
