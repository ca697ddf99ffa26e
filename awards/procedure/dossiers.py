"""Step 3: a TDP submits its dossier (the review side's acts on it are in awards.review)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from awards.models import Dossier
from awards.procedure.errors import ProcedureError
from awards.procedure.permissions import can_submit
from awards.procedure.state import procedure_state
from dongtam.formatting import vn_date
from households.access import is_ward_editor
from scoring.models import Phase, Step


@transaction.atomic
def submit_dossier(user, tdp, phase: Phase, today: datetime.date | None = None) -> Dossier:
    """Step 3: submit the TDP's dossier for the phase. From then on it is read-only for the
    TDP. Refused (ProcedureError, with the window's dates) outside the step-3 window for
    the TDP's own accounts; the office may submit late on the TDP's behalf, which is marked
    `submitted_late` — late against the window in force (a reopening of step 3 for the TDP
    moves the deadline). The change is kept in the dossier's history with its reason."""
    today = today or timezone.localdate()
    dossier, _ = Dossier.objects.select_for_update().get_or_create(tdp=tdp, phase=phase)
    state = procedure_state(tdp, phase, today)
    state.dossier = dossier
    verdict = can_submit(user, tdp, phase, state=state)
    if not verdict:
        raise ProcedureError(verdict.reason)
    resubmission = dossier.state == Dossier.State.RETURNED
    # R12: a reopened step 3 is the window in force — lateness is judged against it.
    window = state.window(Step.SUBMISSION)
    late = window.is_late(today)
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
        reason += f" (sau hạn {vn_date(window.deadline)})"
    dossier._change_reason = reason
    dossier.save()
    return dossier
