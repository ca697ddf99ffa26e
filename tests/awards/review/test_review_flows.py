"""Step 4 flows: return with a comment, approve (one and in bulk), reopen with a reason,
ward corrections with a required reason (R10), window reopenings (R12), freeze and unfreeze
of a phase's results (R13) — and what the office sees of each in the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Dossier, WindowReopening
from awards.procedure.errors import ProcedureError
from awards.review import services as svc
from scoring.models import Assessment, StandingsSnapshot
from scoring.snapshots import phase_results
from scoring.standings import compute_standings
from tests.awards.review_helpers import submitted
from tests.support import ADULT, ALL_MET, EIGHT_MET, NINE_MET, make_household

State = Dossier.State


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


def _page(response) -> str:
    return response.content.decode()


# --- the list ------------------------------------------------------------------------------


def test_list_shows_every_state_and_lateness(office, phase1, tdp, other_tdp, ward):
    submitted(phase1, tdp, late=True)
    Dossier.objects.create(phase=phase1, tdp=other_tdp, state=State.IN_PROGRESS)
    page = _page(office.get(reverse("review_list") + f"?phase={phase1.id}"))
    assert "Đã nộp: 1" in page
    assert "Đang thực hiện: 1" in page
    assert "Chưa thực hiện: 14" in page  # 16 TDPs, 2 with a dossier row
    assert "Nộp muộn: 1" in page
    assert "Tổ dân phố số 18" in page


# --- return -------------------------------------------------------------------------------


def test_return_with_comment_is_kept_and_shown(office, office_user, phase1, tdp):
    dossier = submitted(phase1, tdp)
    url = reverse("review_return", args=[phase1.id, tdp.id])
    response = office.post(url, {"comment": "  Hộ 001 thiếu phiếu của bà Lan.  "}, follow=True)
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED
    assert dossier.return_comment == "Hộ 001 thiếu phiếu của bà Lan."
    assert "Đã trả lại hồ sơ" in _page(response)
    record = dossier.history.first()
    assert record.history_user == office_user
    assert record.history_change_reason == "Trả lại: Hộ 001 thiếu phiếu của bà Lan."


def test_return_without_comment_is_refused_in_vietnamese(office, phase1, tdp):
    dossier = submitted(phase1, tdp)
    response = office.post(reverse("review_return", args=[phase1.id, tdp.id]), {"comment": "  "})
    assert response.status_code == 400
    assert "Vui lòng nhập ý kiến gửi tổ dân phố" in _page(response)
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED


def test_returned_comment_is_prominent_on_the_tdp_dashboard(client, team_user, phase1, tdp):
    dossier = submitted(phase1, tdp)
    svc.return_dossier(dossier, None, "Bổ sung phiếu hộ 007")
    client.force_login(team_user)
    page = _page(client.get(reverse("dashboard_tdp", args=[tdp.id]) + f"?phase={phase1.id}"))
    assert "Hồ sơ bị trả lại để bổ sung" in page
    assert "Bổ sung phiếu hộ 007" in page


def test_only_submitted_dossiers_can_be_returned_or_approved(office_user, phase1, tdp):
    dossier = Dossier.objects.create(phase=phase1, tdp=tdp, state=State.IN_PROGRESS)
    with pytest.raises(ProcedureError, match="Chỉ trả lại được hồ sơ đã nộp"):
        svc.return_dossier(dossier, office_user, "x")
    with pytest.raises(ProcedureError, match="Chỉ duyệt được hồ sơ đã nộp"):
        svc.approve_dossier(dossier, office_user)


# --- approve, bulk approve --------------------------------------------------------------------


def test_approve_locks_the_dossier(office, office_user, phase1, tdp):
    dossier = submitted(phase1, tdp)
    office.post(reverse("review_approve", args=[phase1.id, tdp.id]), {"confirmed": "on"})
    dossier.refresh_from_db()
    assert dossier.state == State.APPROVED
    assert dossier.approved_by == office_user
    assert dossier.approved_at is not None
    from awards.procedure import procedure_state

    assert procedure_state(tdp, phase1).approved


def test_approved_data_is_locked_for_the_team(phase1, tdp, team_user, office_user):
    from awards.procedure import can_key_in

    dossier = submitted(phase1, tdp)
    svc.approve_dossier(dossier, office_user)
    verdict = can_key_in(team_user, tdp, phase1, today=phase1.step1_opens)
    assert not verdict
    assert "đã được duyệt" in verdict.reason


def test_bulk_approve(office, phase1, tdp, other_tdp, ward):
    a, b = submitted(phase1, tdp), submitted(phase1, other_tdp)
    response = office.post(
        reverse("review_bulk_approve", args=[phase1.id]),
        {"dossiers": [a.id, b.id], "confirmed": "on"},
        follow=True,
    )
    assert "Đã duyệt 2 hồ sơ" in _page(response)
    assert set(Dossier.objects.values_list("state", flat=True)) == {State.APPROVED}
    assert all(d.history.first().history_change_reason == "Duyệt hồ sơ" for d in (a, b))


def test_bulk_approve_refuses_dossiers_not_submitted(office, phase1, tdp, other_tdp):
    a = submitted(phase1, tdp)
    b = Dossier.objects.create(phase=phase1, tdp=other_tdp, state=State.IN_PROGRESS)
    response = office.post(
        reverse("review_bulk_approve", args=[phase1.id]),
        {"dossiers": [a.id, b.id], "confirmed": "on"},
        follow=True,
    )
    assert "không còn ở trạng thái “Đã nộp”" in _page(response)
    a.refresh_from_db()
    assert a.state == State.SUBMITTED  # all or nothing


def test_bulk_approve_with_nothing_chosen(office, phase1):
    response = office.post(reverse("review_bulk_approve", args=[phase1.id]), {}, follow=True)
    assert "Chưa chọn hồ sơ nào để duyệt" in _page(response)


# --- reopen a dossier, reopen a window ---------------------------------------------------------


def test_reopen_dossier_needs_a_reason(office, phase1, tdp, office_user):
    dossier = submitted(phase1, tdp)
    svc.approve_dossier(dossier, office_user)
    url = reverse("review_reopen", args=[phase1.id, tdp.id])
    response = office.post(url, {"reopen-reason": ""})
    assert response.status_code == 400
    assert "Vui lòng nhập lý do" in _page(response)
    dossier.refresh_from_db()
    assert dossier.state == State.APPROVED

    office.post(url, {"reopen-reason": "Tổ báo sai một hộ"})
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROGRESS
    assert dossier.approved_at is None
    assert dossier.history.first().history_change_reason == "Mở lại hồ sơ: Tổ báo sai một hộ"


def test_reopen_window_for_one_tdp(office, office_user, phase1, tdp):
    until = timezone.localdate() + datetime.timedelta(days=3)
    url = reverse("review_reopen_window", args=[phase1.id, tdp.id])
    response = office.post(
        url,
        {"step": 3, "scope": "tdp", "until": until.strftime("%d/%m/%Y"), "reason": "Tổ trưởng ốm"},
        follow=True,
    )
    assert f"Đã mở lại bước 3 cho {tdp.name} đến hết ngày {until:%d/%m/%Y}" in _page(response)
    w = WindowReopening.objects.get()
    assert (w.tdp, w.step, w.until, w.reason, w.created_by) == (
        tdp,
        3,
        until,
        "Tổ trưởng ốm",
        office_user,
    )
    from awards.procedure import window_state

    assert window_state(phase1, 3, tdp).is_open


def test_reopen_window_needs_reason_and_a_future_date(office, phase1, tdp):
    url = reverse("review_reopen_window_all", args=[phase1.id])
    response = office.post(
        url, {"step": 1, "scope": "all", "until": "31/12/2099", "reason": ""}, follow=True
    )
    assert "Vui lòng nhập lý do mở lại thời hạn" in _page(response)
    response = office.post(
        url, {"step": 1, "scope": "all", "until": "31/13/2099", "reason": "Bão"}, follow=True
    )
    assert "phải theo dạng dd/mm/yyyy" in _page(response)
    response = office.post(
        url, {"step": 1, "scope": "all", "until": "01/01/2020", "reason": "Bão"}, follow=True
    )
    assert "đã qua" in _page(response)
    assert not WindowReopening.objects.exists()
    office.post(url, {"step": 1, "scope": "all", "until": "31/12/2099", "reason": "Bão"})
    assert WindowReopening.objects.get().tdp is None


@pytest.mark.parametrize("typed", ["31.12.2099", "31-12-2099", "31122099", "2099-12-31"])
def test_reopen_window_accepts_every_date_format(office, phase1, typed):
    """The one list of accepted date formats (settings.DATE_INPUT_FORMATS) holds here too."""
    url = reverse("review_reopen_window_all", args=[phase1.id])
    office.post(url, {"step": 1, "scope": "all", "until": typed, "reason": "Bão"})
    assert WindowReopening.objects.get().until == datetime.date(2099, 12, 31)


# --- R10 corrections ------------------------------------------------------------------------


@pytest.fixture
def household(phase1, tdp):
    return make_household(tdp, "001", [(ADULT, EIGHT_MET), (ADULT, ALL_MET)], phase1)


def _criteria_post(criteria, reason):
    data = {f"tc{i + 1}": "on" for i, met in enumerate(criteria) if met}
    data["reason"] = reason
    return data


def test_correction_requires_a_reason(office, phase1, household):
    resident = household.residents.order_by("id").first()
    url = reverse("review_correct", args=[phase1.id, resident.id])
    response = office.post(url, _criteria_post(NINE_MET, "   "))
    assert response.status_code == 400
    assert "Phường điều chỉnh điểm phải ghi lý do" in _page(response)
    assert not Assessment.objects.filter(stage=Assessment.Stage.WARD).exists()


def test_correction_counts_and_is_audited(office, office_user, phase1, tdp, household):
    before = compute_standings(phase1, tdp_ids=[tdp.id]).tdps[0]
    assert before.digital_households == 0
    resident = household.residents.order_by("id").first()
    url = reverse("review_correct", args=[phase1.id, resident.id])
    form = _page(office.get(url))
    assert "80/100" in form  # the counting assessment is shown
    response = office.post(url, _criteria_post(NINE_MET, "Đã kiểm tra VNeID tại nhà"))
    assert response.status_code == 302
    ward_stage = Assessment.objects.get(stage=Assessment.Stage.WARD)
    assert ward_stage.reason == "Đã kiểm tra VNeID tại nhà"
    assert ward_stage.recorded_by == office_user
    # R10: the ward stage counts; the self-assessment stays as it was.
    assert Assessment.objects.filter(stage=Assessment.Stage.SELF, resident=resident).exists()
    after = compute_standings(phase1, tdp_ids=[tdp.id]).tdps[0]
    assert after.digital_households == 1
    audit = _page(office.get(reverse("review_audit", args=[phase1.id, tdp.id])))
    assert "Phường điều chỉnh điểm" in audit
    assert "Đã kiểm tra VNeID tại nhà" in audit
    assert resident.full_name in audit


def test_second_correction_updates_with_history(office_user, phase1, household):
    resident = household.residents.order_by("id").first()
    crit = dict.fromkeys((f"tc{i}" for i in range(1, 11)), True)
    svc.correct_assessment(resident, phase1, crit, "Lần 1", office_user)
    crit["tc1"] = False
    a = svc.correct_assessment(resident, phase1, crit, "Lần 2", office_user)
    assert Assessment.objects.filter(stage=Assessment.Stage.WARD).count() == 1
    reasons = list(
        a.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Lần 1", "Lần 2"]


def test_correction_refused_while_approved(office_user, phase1, tdp, household):
    dossier = submitted(phase1, tdp)
    svc.approve_dossier(dossier, office_user)
    resident = household.residents.first()
    with pytest.raises(ProcedureError, match="đã được duyệt"):
        svc.correct_assessment(resident, phase1, {}, "Sửa", office_user)


def test_chairman_sees_dossier_without_action_buttons(
    client, chairman_user, phase1, tdp, household
):
    submitted(phase1, tdp)
    client.force_login(chairman_user)
    page = _page(client.get(reverse("review_dossier", args=[phase1.id, tdp.id])))
    assert "Hộ 001" in page
    assert "Duyệt hồ sơ</button>" not in page
    assert "review_correct" not in page and "/correct/" not in page


def test_dossier_page_lists_members_with_counting_stage(office, phase1, tdp, household):
    page = _page(office.get(reverse("review_dossier", args=[phase1.id, tdp.id])))
    assert "Hộ 001" in page
    assert "Hộ tự chấm" in page
    assert "Chưa đạt: TC9, TC10" in page
    assert f"/review/{phase1.id}/resident/" in page  # the office may correct
    page = _page(
        office.get(reverse("review_dossier", args=[phase1.id, tdp.id]) + "?show=unscored")
    )
    assert "Hộ 001" not in page


def test_dossier_page_query_count_is_constant(office, phase1, tdp, django_assert_max_num_queries):
    url = reverse("review_dossier", args=[phase1.id, tdp.id])
    make_household(tdp, "A0", [(ADULT, ALL_MET)], phase1)
    office.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scoring import cache

    # Both requests computed afresh (the figures cache would serve the first from memory).
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        office.get(url)
    for i in range(30):
        make_household(tdp, f"B{i}", [(ADULT, ALL_MET), (ADULT, NINE_MET)], phase1)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        office.get(url)
    assert len(large) == len(small)


# --- R13 freeze / unfreeze ------------------------------------------------------------------


def test_freeze_refused_until_all_with_data_are_approved(office, phase1, tdp, household):
    url = reverse("review_freeze", args=[phase1.id])
    response = office.post(url, {"confirmed": "on"}, follow=True)
    assert "chưa được duyệt hồ sơ" in _page(response)
    assert not StandingsSnapshot.objects.exists()
    response = office.post(url, {"confirm": "on", "confirmed": "on"}, follow=True)
    assert StandingsSnapshot.objects.filter(phase=phase1).exists()
    assert "Kết quả giai đoạn đã chốt" in _page(response)


def test_freeze_allowed_when_all_approved(office, office_user, phase1, tdp, household):
    dossier = submitted(phase1, tdp)
    svc.approve_dossier(dossier, office_user)
    office.post(reverse("review_freeze", args=[phase1.id]), {"confirmed": "on"})
    snapshot = StandingsSnapshot.objects.get(phase=phase1)
    assert snapshot.created_by == office_user
    record = snapshot.history.first()
    assert record.history_user == office_user
    assert record.history_change_reason == "Chốt kết quả giai đoạn"
    # R13: frozen figures do not move when the register changes later.
    make_household(tdp, "002", [(ADULT, ALL_MET)], phase1)
    frozen = phase_results(phase1)
    assert frozen.frozen
    tdp8 = next(t for t in frozen.standings_json["tdps"] if t["code"] == "8")
    assert tdp8["digital_households"] == 0


def test_unfreeze_needs_reason(office, office_user, phase1, household):
    svc.freeze_phase(phase1, office_user, confirm=True)
    url = reverse("review_unfreeze", args=[phase1.id])
    response = office.post(url, {"unfreeze-reason": ""}, follow=True)
    assert "cần ghi lý do" in _page(response)
    assert StandingsSnapshot.objects.exists()
    office.post(url, {"unfreeze-reason": "Phát hiện sai sót hộ 001"})
    assert not StandingsSnapshot.objects.exists()
    deleted = StandingsSnapshot.history.filter(history_type="-").get()
    assert deleted.history_change_reason == "Hủy chốt: Phát hiện sai sót hộ 001"
    assert deleted.history_user == office_user


# --- audit -------------------------------------------------------------------------------


def test_audit_shows_states_who_and_reasons(office, office_user, phase1, tdp):
    from awards.procedure import submit_dossier

    submit_dossier(office_user, tdp, phase1)
    dossier = Dossier.objects.get()
    svc.return_dossier(dossier, office_user, "Thiếu biên bản")
    svc.reopen_window(phase1, 3, timezone.localdate(), "Cho nộp lại", office_user, tdp=tdp)
    page = _page(office.get(reverse("review_audit", args=[phase1.id, tdp.id])))
    assert "Thường trực TĐKT nộp hồ sơ thay tổ dân phố" in page
    assert "Trả lại: Thiếu biên bản" in page
    assert "Mở lại bước 3" in page
    assert "Cho nộp lại" in page
    assert office_user.username in page


# --- the procedure's answers the review relies on ---------------------------------------


def test_state_labels_come_from_the_model():
    from awards import procedure

    assert [procedure.state_label(s) for s in procedure.DOSSIER_STATES] == [
        "Chưa thực hiện",
        *State.labels,
    ]
    assert procedure.state_of(None) == procedure.NOT_STARTED


def test_locks_for_the_review(phase1, tdp, office_user):
    from awards import procedure

    dossier = submitted(phase1, tdp)
    assert procedure.awaits_review(dossier) and procedure.is_locked_for_tdp(dossier)
    assert procedure.can_correct_at_ward(tdp, phase1)
    svc.approve_dossier(dossier, office_user)
    dossier.refresh_from_db()
    assert not procedure.awaits_review(dossier) and procedure.is_approved(dossier)
    verdict = procedure.can_correct_at_ward(tdp, phase1)
    assert not verdict and "mở lại hồ sơ (ghi lý do)" in verdict.reason


def test_ward_wide_windows_ignore_one_tdp_reopenings(phase1, tdp, office_user):
    from awards import procedure

    day = phase1.step3_closes + datetime.timedelta(days=3)
    WindowReopening.objects.create(
        phase=phase1, tdp=tdp, step=3, until=day, reason="Ốm", created_by=office_user
    )
    assert procedure.window_state(phase1, 3, tdp, today=day).is_open
    assert not procedure.window_state(phase1, 3, today=day).is_open
    w = procedure.step_windows(phase1, tdp, today=day)[2]
    assert (w.status, w.last_day, w.days_left) == ("open", day, 0)


def test_correct_page_of_a_moved_resident_is_404(office, phase1, household):
    from households.models import Resident

    resident = household.residents.order_by("id").first()
    Resident.objects.filter(pk=resident.pk).update(status=Resident.Status.MOVED)
    assert office.get(reverse("review_correct", args=[phase1.id, resident.id])).status_code == 404


def test_snapshot_of_is_the_one_r13_question(phase1, office_user, household):
    from scoring.snapshots import snapshot_of

    assert snapshot_of(phase1) is None
    svc.freeze_phase(phase1, office_user, confirm=True)
    assert snapshot_of(phase1, data=False).created_by == office_user
    assert phase_results(phase1).frozen
