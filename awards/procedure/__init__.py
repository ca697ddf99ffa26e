"""The four-step procedure's rules of conduct (R12): who may do what, when, on which dossier.

- `state.py`: what the procedure knows about a TDP in a phase — the dossier's state, label
  and locks (`procedure_state`, `state_of`, `state_label`, `is_approved`, `awaits_review`, …)
  and each step's window, for a TDP or ward-wide (`window_state`, `step_windows`,
  `WindowState`, `WindowStatus`, `reopenings_for`).
- `permissions.py`: the `can_*` answers (`Verdict`: falsy when refused, with the reason),
  `can_correct_at_ward` (R10 corrections) included.
- `dossiers.py`: step 3, `submit_dossier` (the review's acts are in awards.review).
- `errors.py`: `ProcedureError`, the one refusal, and `show_error`, the one way to show it.

The names are re-exported here: `from awards import procedure; procedure.can_key_in(...)`."""

from awards.procedure.dossiers import submit_dossier
from awards.procedure.errors import ProcedureError, error_text, show_error
from awards.procedure.permissions import (
    ALLOWED,
    Verdict,
    can_correct_at_ward,
    can_edit_register,
    can_key_in,
    can_submit,
    can_tdp_score,
)
from awards.procedure.state import (
    ACTION_ORDER,
    DOSSIER_STATES,
    LOCKED_STATES,
    NOT_STARTED,
    ProcedureState,
    WindowState,
    WindowStatus,
    action_rank,
    awaits_review,
    is_approved,
    is_locked_for_tdp,
    procedure_state,
    reopenings_for,
    state_label,
    state_of,
    step_windows,
    window_state,
)

__all__ = [
    "ACTION_ORDER",
    "ALLOWED",
    "DOSSIER_STATES",
    "LOCKED_STATES",
    "NOT_STARTED",
    "ProcedureError",
    "ProcedureState",
    "Verdict",
    "WindowState",
    "WindowStatus",
    "action_rank",
    "awaits_review",
    "can_correct_at_ward",
    "can_edit_register",
    "can_key_in",
    "can_submit",
    "can_tdp_score",
    "error_text",
    "is_approved",
    "is_locked_for_tdp",
    "procedure_state",
    "reopenings_for",
    "show_error",
    "state_label",
    "state_of",
    "step_windows",
    "submit_dossier",
    "window_state",
]
