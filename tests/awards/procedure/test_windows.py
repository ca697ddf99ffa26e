"""awards.procedure: R12 step windows (bind TDP team accounts only), office reopenings, and
the dossier's lock (submitted → read-only for the TDP, returned → editable, approved → locked
for everyone)."""

import datetime

import pytest
from django.utils import timezone

from awards import procedure
from awards.models import Dossier, WindowReopening
from awards.procedure.errors import ProcedureError

D = datetime.date
# Phase 1 of 2022 from the fixture: step 1 31/08–04/09, step 2 04/09–07/09, step 3 04/09–08/09.
IN_STEP1 = D(2022, 9, 1)
AFTER_STEP1 = D(2022, 9, 6)  # step 1 closed, step 2 open
AFTER_ALL = D(2022, 9, 20)


def test_window_messages_show_the_plan_dates(phase1, tdp):
    w = procedure.window_state(phase1, 1, tdp, IN_STEP1)
    assert w.is_open and w.message == "Bước 1 mở từ 31/08/2022 đến 04/09/2022."
    w = procedure.window_state(phase1, 1, tdp, AFTER_STEP1)
    assert not w.is_open
    assert w.message == "Bước 1 mở từ 31/08/2022 đến 04/09/2022 — đã hết hạn."
    w = procedure.window_state(phase1, 1, tdp, D(2022, 8, 30))
    assert not w.is_open and w.not_yet_open and "chưa đến thời hạn" in w.message
    # Inclusive bounds.
    assert procedure.window_state(phase1, 1, tdp, D(2022, 8, 31)).is_open
    assert procedure.window_state(phase1, 1, tdp, D(2022, 9, 4)).is_open
    assert not procedure.window_state(phase1, 1, tdp, D(2022, 9, 5)).is_open


def test_windows_bind_the_tdp_team_only_r12(phase1, tdp, team_user, office_user, admin_user):
    v = procedure.can_key_in(team_user, tdp, phase1, AFTER_STEP1)
    assert not v and "Bước 1 mở từ 31/08/2022 đến 04/09/2022" in v.reason
    assert procedure.can_key_in(team_user, tdp, phase1, IN_STEP1)
    assert procedure.can_key_in(office_user, tdp, phase1, AFTER_ALL)
    assert procedure.can_key_in(admin_user, tdp, phase1, AFTER_ALL)
    # Step 2 has its own window.
    assert procedure.can_tdp_score(team_user, tdp, phase1, AFTER_STEP1)
    assert not procedure.can_tdp_score(team_user, tdp, phase1, IN_STEP1)
    # Register changes go with either keying-in window.
    assert procedure.can_edit_register(team_user, tdp, phase1, AFTER_STEP1)
    assert not procedure.can_edit_register(team_user, tdp, phase1, AFTER_ALL)


def test_scope_first(phase1, tdp, other_team_user, officer_user, chairman_user, staff_user):
    for user in (other_team_user, officer_user, chairman_user, staff_user):
        assert not procedure.can_key_in(user, tdp, phase1, IN_STEP1)
        assert not procedure.can_submit(user, tdp, phase1, D(2022, 9, 5))


def test_reopening_for_one_tdp_or_all(phase1, tdp, other_tdp, team_user, other_team_user):
    WindowReopening.objects.create(
        phase=phase1, tdp=tdp, step=1, until=D(2022, 9, 10), reason="Tổ 8 bổ sung phiếu"
    )
    v = procedure.window_state(phase1, 1, tdp, D(2022, 9, 10))
    assert v.is_open and "mở lại đến hết ngày 10/09/2022" in v.message
    assert procedure.can_key_in(team_user, tdp, phase1, D(2022, 9, 10))
    assert not procedure.can_key_in(team_user, tdp, phase1, D(2022, 9, 11))
    assert not procedure.can_key_in(other_team_user, other_tdp, phase1, D(2022, 9, 10))
    WindowReopening.objects.create(
        phase=phase1, tdp=None, step=1, until=D(2022, 9, 12), reason="Mở lại cho mọi tổ"
    )
    assert procedure.can_key_in(other_team_user, other_tdp, phase1, D(2022, 9, 12))
    # The later of the two reopenings applies to TDP 8.
    assert procedure.can_key_in(team_user, tdp, phase1, D(2022, 9, 12))
    # A reopening of step 1 does not open step 2.
    assert not procedure.can_tdp_score(team_user, tdp, phase1, D(2022, 9, 12))


def test_submit_in_window_locks_the_tdp(phase1, tdp, team_user, office_user):
    day = D(2022, 9, 5)
    assert procedure.can_submit(team_user, tdp, phase1, day)
    dossier = procedure.submit_dossier(team_user, tdp, phase1, today=day)
    assert dossier.state == Dossier.State.SUBMITTED
    assert dossier.submitted_by == team_user and dossier.submitted_at is not None
    assert not dossier.submitted_late
    record = dossier.history.latest()
    assert record.history_change_reason == "Tổ dân phố nộp hồ sơ"
    # Read-only for the TDP, even inside the windows; the office still corrects (R12).
    v = procedure.can_tdp_score(team_user, tdp, phase1, day)
    assert not v and "đã nộp" in v.reason
    assert not procedure.can_key_in(team_user, tdp, phase1, D(2022, 9, 1))
    assert procedure.can_tdp_score(office_user, tdp, phase1, day)
    assert not procedure.can_submit(team_user, tdp, phase1, day)
    with pytest.raises(ProcedureError, match="đã nộp"):
        procedure.submit_dossier(team_user, tdp, phase1, today=day)


def test_submit_outside_window_refused_with_dates(phase1, tdp, team_user):
    with pytest.raises(ProcedureError) as exc:
        procedure.submit_dossier(team_user, tdp, phase1, today=D(2022, 9, 9))
    assert "Bước 3 mở từ 04/09/2022 đến 08/09/2022 — đã hết hạn" in str(exc.value)
    with pytest.raises(ProcedureError, match="chưa đến thời hạn"):
        procedure.submit_dossier(team_user, tdp, phase1, today=D(2022, 9, 1))
    assert not Dossier.objects.filter(tdp=tdp, phase=phase1).exists()  # rolled back


def test_office_submits_late_on_behalf(phase1, tdp, office_user):
    dossier = procedure.submit_dossier(office_user, tdp, phase1, today=D(2022, 9, 12))
    assert dossier.state == Dossier.State.SUBMITTED and dossier.submitted_late
    reason = dossier.history.latest().history_change_reason
    assert "Thường trực TĐKT nộp hồ sơ thay" in reason and "sau hạn 08/09/2022" in reason


def test_returned_dossier_is_editable_again_and_resubmitted(phase1, tdp, team_user):
    procedure.submit_dossier(team_user, tdp, phase1, today=D(2022, 9, 5))
    Dossier.objects.filter(tdp=tdp, phase=phase1).update(
        state=Dossier.State.RETURNED,
        return_comment="Bổ sung phiếu hộ 007",
        returned_at=timezone.now(),
    )
    later = D(2022, 9, 15)  # every window closed: the return itself reopens the dossier
    assert procedure.can_key_in(team_user, tdp, phase1, later)
    assert procedure.can_tdp_score(team_user, tdp, phase1, later)
    dossier = procedure.submit_dossier(team_user, tdp, phase1, today=later)
    assert dossier.state == Dossier.State.SUBMITTED and dossier.submitted_late
    assert dossier.history.latest().history_change_reason.startswith("Nộp lại hồ sơ")


def test_approved_dossier_locked_for_everyone(phase1, tdp, team_user, office_user, admin_user):
    Dossier.objects.create(
        tdp=tdp, phase=phase1, state=Dossier.State.APPROVED, approved_at=timezone.now()
    )
    for user in (team_user, office_user, admin_user):
        v = procedure.can_key_in(user, tdp, phase1, IN_STEP1)
        assert not v and "đã được duyệt" in v.reason
        assert not procedure.can_submit(user, tdp, phase1, D(2022, 9, 5))
