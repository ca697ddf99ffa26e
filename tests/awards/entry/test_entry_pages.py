"""Steps 1–3 in the browser's requests: what a TDP team and the office see and do."""

import datetime
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Dossier, WindowReopening
from households.models import Household, Resident
from scoring.models import Assessment, CulturalHouseCheck
from tests.awards.entry.support import residents_of, set_windows
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, NINE_MET, make_household

SELF, TDP = Assessment.Stage.SELF, Assessment.Stage.TDP


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def form_data(resident, criteria, scored=True):
    data = {f"m{resident.pk}-shown": "1"}
    if scored:
        data[f"m{resident.pk}-scored"] = "1"
    for i, met in enumerate(criteria, start=1):
        if met:
            data[f"m{resident.pk}-tc{i}"] = "1"
    return data


def page(client, phase, household, view="entry_household"):
    return client.get(reverse(view, args=[phase.pk, household.pk]))


# --- step 1 ------------------------------------------------------------------------------


def test_step1_page_shows_criteria_score_and_state(client, team_user, open_phase, household8):
    client.force_login(team_user)
    html = page(client, open_phase, household8).content.decode()
    head, spouse, child = residents_of(household8)
    # The plan's wording (wide screens) and short labels (phones), ten per eligible adult.
    assert "Công dân có tài khoản trên Cổng dịch vụ công quốc gia." in html
    assert "Tài khoản Cổng DVC quốc gia" in html
    assert html.count(f'name="m{spouse.pk}-tc') == 10
    assert f'name="m{child.pk}-tc1"' not in html  # R1: a child gets no form
    assert "Chưa đủ 18 tuổi vào ngày 31/08/2022" in html
    assert "Chưa đạt" in html and "Công dân số" in html
    assert "Đã lưu: 2 người thuộc diện chấm, 1 công dân số" in html
    assert "Bước 1 mở từ" in html


def test_step1_save_writes_self_stage(client, team_user, open_phase, household8):
    client.force_login(team_user)
    head, spouse, child = residents_of(household8)
    data = form_data(spouse, ALL_MET) | form_data(child, ALL_MET)  # the child is ignored (R1)
    url = reverse("entry_household", args=[open_phase.pk, household8.pk])
    response = client.post(url, data, follow=True)
    assert "Hộ 007: Đã sửa 1 phiếu." in response.content.decode()
    a = Assessment.objects.get(resident=spouse, phase=open_phase, stage=SELF)
    assert a.score == 100 and a.recorded_by == team_user
    record = a.history.latest()
    assert record.history_change_reason == "Sửa phiếu hộ tự chấm (bước 1): TC9, TC10"
    assert record.history_user == team_user
    assert not Assessment.objects.filter(resident=child).exists()
    assert "Gia đình công dân số" in response.content.decode()


def test_unticking_the_form_removes_this_phase_self_assessment(
    client,
    team_user,
    open_phase,
    household8,
):
    client.force_login(team_user)
    _, spouse, _ = residents_of(household8)
    url = reverse("entry_household", args=[open_phase.pk, household8.pk])
    client.post(url, form_data(spouse, (False,) * 10, scored=False))
    assert not Assessment.objects.filter(resident=spouse, phase=open_phase).exists()
    # A recorded form with nothing met is an assessment scoring 0 (R2), not "chưa chấm".
    client.post(url, form_data(spouse, (False,) * 10, scored=True))
    assert Assessment.objects.get(resident=spouse, phase=open_phase).score == 0


def test_eligibility_on_the_reference_date_r1(client, team_user, open_phase, tdp):
    h = make_household(
        tdp, "020", [(datetime.date(2004, 8, 31), None), (datetime.date(2004, 9, 1), None)]
    )
    turns18, not_yet = residents_of(h)
    client.force_login(team_user)
    html = page(client, open_phase, h).content.decode()
    assert f'name="m{turns18.pk}-tc1"' in html  # 18 on 31/08/2022 itself
    assert f'name="m{not_yet.pk}-tc1"' not in html


def test_carried_forward_assessment_prefills_phase2_r11(client, team_user, phase1, phase2, tdp):
    h = make_household(tdp, "030", [(ADULT, NINE_MET)], phase1, stage=TDP)
    (member,) = residents_of(h)
    today = timezone.localdate()
    set_windows(phase2, today, today)
    client.force_login(team_user)
    html = page(client, phase2, h).content.decode()
    assert "Giai đoạn 1 · Tổ CĐS chấm (chuyển tiếp)" in html
    assert html.count("checked") >= 9
    url = reverse("entry_household", args=[phase2.pk, h.pk])
    client.post(url, form_data(member, NINE_MET))  # unchanged: nothing to key in
    assert not Assessment.objects.filter(resident=member, phase=phase2).exists()
    client.post(url, form_data(member, ALL_MET))
    a = Assessment.objects.get(resident=member, phase=phase2)
    assert a.stage == SELF and a.score == 100
    # Never backwards: phase 1 keeps its own assessment.
    assert Assessment.objects.get(resident=member, phase=phase1).score == 90


def test_save_and_next_goes_to_next_household_in_code_order(
    client,
    team_user,
    open_phase,
    tdp,
    household8,
):
    later = make_household(tdp, "010", [(ADULT, None)])
    make_household(tdp, "009", [(ADULT, None)])
    client.force_login(team_user)
    url = reverse("entry_household", args=[open_phase.pk, household8.pk])
    response = client.post(url, {"save_next": ""})
    nxt = Household.objects.get(code="009")
    assert response["Location"] == reverse("entry_household", args=[open_phase.pk, nxt.pk])
    html = page(client, open_phase, nxt).content.decode()
    assert reverse("entry_household", args=[open_phase.pk, household8.pk]) in html
    assert reverse("entry_household", args=[open_phase.pk, later.pk]) in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_household_page_query_count_is_constant(
    client,
    team_user,
    open_phase,
    phase2,
    tdp,
    django_assert_num_queries,
):
    small = make_household(tdp, "101", [(ADULT, ALL_MET)], open_phase)
    big = make_household(
        tdp,
        "102",
        [(ADULT, ALL_MET), (ADULT, EIGHT_MET), (ADULT, None)] * 4 + [(CHILD, None)],
        open_phase,
    )
    for r in residents_of(big)[:4]:
        Assessment.objects.create(resident=r, phase=open_phase, stage=TDP, tc1=True)
    client.force_login(team_user)
    client.get("/")  # warm the session
    for view in ("entry_household", "entry_review"):
        n_small = _count(client, reverse(view, args=[open_phase.pk, small.pk]))
        n_big = _count(client, reverse(view, args=[open_phase.pk, big.pk]))
        assert n_small == n_big, view
    with django_assert_num_queries(n_big):
        client.get(reverse("entry_household", args=[open_phase.pk, big.pk]))


def test_tdp_list_query_count_is_constant_and_chips(client, team_user, open_phase, tdp):
    make_household(tdp, "001", [(ADULT, ALL_MET)], open_phase)
    client.force_login(team_user)
    url = reverse("entry_tdp_list", args=[open_phase.pk, tdp.pk])
    n1 = _count(client, url)
    make_household(tdp, "002", [(ADULT, EIGHT_MET)], open_phase)
    make_household(tdp, "003", [(ADULT, None), (ADULT, ALL_MET)], open_phase)
    make_household(tdp, "004", [(ADULT, None)], open_phase)
    make_household(tdp, "005", [(CHILD, None)], open_phase)
    assert _count(client, url) == n1
    html = client.get(url).content.decode()
    for chip in ("Gia đình công dân số", "Chưa đạt", "Đang nhập", "Chưa chấm", "Không thuộc diện"):
        assert chip in html


def test_search_by_name_or_code(client, team_user, open_phase, tdp, household8):
    make_household(tdp, "071", [(ADULT, None)])
    client.force_login(team_user)
    url = reverse("entry_tdp_list", args=[open_phase.pk, tdp.pk])
    response = client.get(url, {"q": "07"})
    assert response.status_code == 200 and "Hộ 071" in response.content.decode()
    response = client.get(url, {"q": "Nguyễn Văn 071"})  # a single match opens the household
    h = Household.objects.get(code="071")
    assert response["Location"] == reverse("entry_household", args=[open_phase.pk, h.pk])
    response = client.get(url, {"q": "không có ai"})
    assert "Không có hộ nào khớp" in response.content.decode()


def test_other_tdp_never_listed(client, team_user, open_phase, tdp, household9):
    client.force_login(team_user)
    html = client.get(reverse("entry_tdp_list", args=[open_phase.pk, tdp.pk])).content.decode()
    assert "901" not in html


# --- windows and dossier locks on the pages (R12) -----------------------------------------


def test_closed_window_refuses_team_allows_office(
    client,
    team_user,
    office_user,
    closed_phase,
    household8,
):
    _, spouse, _ = residents_of(household8)
    url = reverse("entry_household", args=[closed_phase.pk, household8.pk])
    client.force_login(team_user)
    html = client.get(url).content.decode()
    assert "Chỉ xem." in html and "đã hết hạn" in html and "<fieldset disabled>" in html
    response = client.post(url, form_data(spouse, ALL_MET))
    assert response.status_code == 403
    opens = closed_phase.step1_opens.strftime("%d/%m/%Y")
    closes = closed_phase.step1_closes.strftime("%d/%m/%Y")
    assert f"Bước 1 mở từ {opens} đến {closes} — đã hết hạn." in response.content.decode()
    assert Assessment.objects.get(resident=spouse).score == 80
    client.force_login(office_user)  # R12: the office is not bound by windows
    assert client.post(url, form_data(spouse, ALL_MET)).status_code == 302
    a = Assessment.objects.get(resident=spouse)
    assert a.score == 100 and a.history.latest().history_user == office_user


def test_reopening_lets_the_team_key_in_again(
    client,
    team_user,
    office_user,
    closed_phase,
    household8,
    tdp,
):
    _, spouse, _ = residents_of(household8)
    WindowReopening.objects.create(
        phase=closed_phase,
        tdp=tdp,
        step=1,
        until=timezone.localdate() + datetime.timedelta(days=1),
        reason="Bổ sung phiếu hộ vắng nhà",
        created_by=office_user,
    )
    client.force_login(team_user)
    url = reverse("entry_household", args=[closed_phase.pk, household8.pk])
    assert "thường trực TĐKT đã mở lại đến hết ngày" in client.get(url).content.decode()
    assert client.post(url, form_data(spouse, ALL_MET)).status_code == 302
    assert Assessment.objects.get(resident=spouse).score == 100


def test_submit_then_read_only_for_tdp(client, team_user, open_phase, household8, tdp):
    _, spouse, _ = residents_of(household8)
    client.force_login(team_user)
    summary = reverse("entry_tdp_summary", args=[open_phase.pk, tdp.pk])
    assert "Nộp hồ sơ về thường trực TĐKT" in client.get(summary).content.decode()
    response = client.post(reverse("entry_submit", args=[open_phase.pk, tdp.pk]), follow=True)
    html = response.content.decode()
    assert "Đã nộp hồ sơ của Tổ dân phố số 8 giai đoạn 1" in html
    assert "Trạng thái: <strong>Đã nộp</strong>" in html
    # Said once as the result of the act and once as the state — not a third time.
    assert html.count("đang chờ thường trực TĐKT xét") == 1
    dossier = Dossier.objects.get(tdp=tdp, phase=open_phase)
    assert dossier.state == "submitted" and dossier.submitted_by == team_user
    for view in ("entry_household", "entry_review"):
        url = reverse(view, args=[open_phase.pk, household8.pk])
        r = client.post(url, form_data(spouse, ALL_MET))
        assert r.status_code == 403 and "đã nộp" in r.content.decode()
    r = client.post(reverse("entry_member_add", args=[open_phase.pk, household8.pk]), {})
    assert r.status_code == 403
    assert Assessment.objects.get(resident=spouse).score == 80


def test_submit_outside_window_shows_dates(client, team_user, closed_phase, tdp):
    client.force_login(team_user)
    html = client.get(
        reverse("entry_tdp_summary", args=[closed_phase.pk, tdp.pk])
    ).content.decode()
    assert "Không thể nộp hồ sơ: Bước 3 mở từ" in html
    response = client.post(reverse("entry_submit", args=[closed_phase.pk, tdp.pk]))
    assert response.status_code == 403
    opens = closed_phase.step3_opens.strftime("%d/%m/%Y")
    closes = closed_phase.step3_closes.strftime("%d/%m/%Y")
    assert f"Bước 3 mở từ {opens} đến {closes} — đã hết hạn." in response.content.decode()
    assert not Dossier.objects.filter(tdp=tdp).exists()


def test_returned_comment_shown_prominently(client, team_user, closed_phase, tdp):
    Dossier.objects.create(
        tdp=tdp,
        phase=closed_phase,
        state=Dossier.State.RETURNED,
        return_comment="Thiếu phiếu của hộ 012, đề nghị bổ sung.",
        returned_at=timezone.now(),
    )
    client.force_login(team_user)
    html = client.get(
        reverse("entry_tdp_summary", args=[closed_phase.pk, tdp.pk])
    ).content.decode()
    assert "Hồ sơ bị trả lại để bổ sung" in html
    assert "Thiếu phiếu của hộ 012, đề nghị bổ sung." in html
    assert "Nộp lại hồ sơ" in html  # returned: correct and resubmit even after the windows


# --- step 2 -------------------------------------------------------------------------------


def test_step2_confirm_all_then_correct(client, team_user, open_phase, household8):
    head, spouse, _ = residents_of(household8)
    client.force_login(team_user)
    url = reverse("entry_review", args=[open_phase.pk, household8.pk])
    html = client.get(url).content.decode()
    assert "2 phiếu hộ tự chấm chưa được tổ xác nhận" in html
    client.post(url, {"action": "confirm_all"})
    tdp_stage = Assessment.objects.filter(phase=open_phase, stage=TDP)
    assert {a.resident_id: a.score for a in tdp_stage} == {head.pk: 100, spouse.pk: 80}
    assert tdp_stage.get(resident=spouse).history.latest().history_change_reason == (
        "Tổ CĐS xác nhận phiếu hộ tự chấm (bước 2)"
    )
    # Correct one member: the TDP stage changes, the household's own form stays (R10).
    client.post(url, form_data(spouse, NINE_MET), follow=True)
    assert tdp_stage.get(resident=spouse).score == 90
    assert Assessment.objects.get(resident=spouse, stage=SELF).score == 80
    html = client.get(url).content.decode()
    assert "khác phiếu hộ ở TC9" in html


def test_step2_confirm_one_member_only(client, team_user, open_phase, household8):
    head, spouse, _ = residents_of(household8)
    client.force_login(team_user)
    url = reverse("entry_review", args=[open_phase.pk, household8.pk])
    data = form_data(head, ALL_MET) | form_data(spouse, NINE_MET) | {"only": str(spouse.pk)}
    client.post(url, data)
    a = Assessment.objects.get(resident=spouse, stage=TDP)
    assert a.score == 90
    assert a.history.latest().history_change_reason == (
        "Tổ CĐS chấm lại (bước 2), khác phiếu hộ: TC9"
    )
    assert not Assessment.objects.filter(resident=head, stage=TDP).exists()


def test_step2_window_is_its_own(client, team_user, phase1, household8):
    today = timezone.localdate()
    set_windows(phase1, today, today)
    phase1.step2_opens = phase1.step2_closes = today + datetime.timedelta(days=1)
    phase1.save()
    client.force_login(team_user)
    response = client.post(
        reverse("entry_review", args=[phase1.pk, household8.pk]), {"action": "confirm_all"}
    )
    assert response.status_code == 403 and "chưa đến thời hạn" in response.content.decode()


def test_cultural_house_checklist_r7(client, team_user, open_phase, tdp):
    client.force_login(team_user)
    url = reverse("entry_cultural_house", args=[open_phase.pk, tdp.pk])
    html = client.get(url).content.decode()
    assert "Sổ tay đảng viên điện tử" in html
    three = {"has_internet": "on", "has_tv_and_device": "on", "runs_digital_skills_sessions": "on"}
    client.post(url, three)
    check = CulturalHouseCheck.objects.get(house__tdp=tdp, phase=open_phase)
    assert not check.is_digital and check.recorded_by == team_user
    client.post(url, three | {"party_cell_uses_e_handbook": "on"})
    check.refresh_from_db()
    assert check.is_digital
    summary = client.get(reverse("entry_tdp_summary", args=[open_phase.pk, tdp.pk]))
    assert "đủ 4 tiêu chí" in summary.content.decode()


def test_tdp_summary_figures(client, officer_user, open_phase, tdp):
    make_household(tdp, "001", [(ADULT, ALL_MET)], open_phase)
    make_household(tdp, "002", [(ADULT, NINE_MET), (CHILD, None)], open_phase)
    unscored = make_household(tdp, "003", [(ADULT, EIGHT_MET), (ADULT, None)], open_phase)
    make_household(tdp, "004", [(CHILD, None)], open_phase)
    client.force_login(officer_user)  # the official in charge reads the summary
    html = client.get(reverse("entry_tdp_summary", args=[open_phase.pk, tdp.pk])).content.decode()
    assert "66,66 %" in html  # R4: 2/3 truncated, never rounded to 66.67
    assert "Công dân chưa chấm (1)" in html
    member = residents_of(unscored)[1]
    assert reverse("entry_household", args=[open_phase.pk, unscored.pk]) + f"#m{member.pk}" in html
    assert "<strong>TC10</strong>" in html and 'data-width="50"' in html  # TC10: 2 of 4
    assert "Nộp hồ sơ về thường trực" not in html  # the officer reads, does not submit


# --- register ---------------------------------------------------------------------------


def test_add_household_code_unique_in_ward(client, team_user, open_phase, tdp, household9):
    client.force_login(team_user)
    url = reverse("entry_household_add", args=[open_phase.pk, tdp.pk])
    response = client.post(url, {"code": "901"})
    assert "Mã hộ “901” đã được dùng trong phường." in response.content.decode()
    response = client.post(url, {"code": " 060 ", "address": "Tổ 8, phường Đồng Tâm"})
    h = Household.objects.get(code="060")
    assert h.tdp == tdp
    # Next: the household's page, whose inline form adds the members (issue 9).
    here = reverse("entry_household", args=[open_phase.pk, h.pk])
    assert response["Location"] == f"{here}#them-nguoi"
    assert h.history.latest().history_change_reason == "Thêm hộ gia đình"


def test_add_member_nfc_dates_and_cccd(client, team_user, open_phase, household8):
    client.force_login(team_user)
    url = reverse("entry_member_add", args=[open_phase.pk, household8.pk])
    decomposed = unicodedata.normalize("NFD", "Trần Thị Hường")
    r = client.post(url, {"full_name": decomposed, "birth_date": "31/02/1990", "cccd": "12345"})
    html = r.content.decode()
    assert "Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm" in html
    assert "Số CCCD phải gồm đúng 12 chữ số (đã nhập 5 ký tự)." in html
    # A province code that does not exist: saved, with a warning shown.
    r = client.post(
        url,
        {"full_name": decomposed, "birth_date": "5/3/1990", "sex": "F", "cccd": "999190012345"},
        follow=True,
    )
    html = r.content.decode()
    assert "Đã thêm Trần Thị Hường vào hộ 007." in html
    assert "Mã tỉnh 999 trong số CCCD không có trong danh mục." in html
    member = Resident.objects.get(cccd="999190012345")
    assert member.full_name == "Trần Thị Hường" and unicodedata.is_normalized(
        "NFC", member.full_name
    )
    assert member.birth_date == datetime.date(1990, 3, 5)
    # The same CCCD twice is refused.
    r = client.post(url, {"full_name": "Khác", "birth_date": "01/01/1991", "cccd": "999190012345"})
    assert "Số CCCD này đã được ghi cho một nhân khẩu khác." in r.content.decode()


def test_cccd_masked_except_for_office(client, team_user, office_user, open_phase, household8):
    head = residents_of(household8)[0]
    head.cccd = "015080001234"
    head.save()
    client.force_login(team_user)
    html = page(client, open_phase, household8).content.decode()
    assert "015080001234" not in html and "•••••••••234" in html
    client.force_login(office_user)
    assert "015080001234" in page(client, open_phase, household8).content.decode()


def test_mark_deceased_and_moved(client, team_user, open_phase, household8):
    _, spouse, _ = residents_of(household8)
    client.force_login(team_user)
    url = reverse("entry_member_status", args=[open_phase.pk, spouse.pk])
    r = client.post(url, {"status": "deceased"})
    assert "Cần ghi ngày chuyển đi hoặc ngày mất" in r.content.decode()
    client.post(url, {"status": "deceased", "on_date": "02/09/2022", "reason": "Giấy báo tử"})
    spouse.refresh_from_db()
    assert spouse.status == "deceased" and spouse.status_changed_on == datetime.date(2022, 9, 2)
    assert spouse.history.latest().history_change_reason == "Đã mất ngày 02/09/2022: Giấy báo tử"
    html = page(client, open_phase, household8).content.decode()
    assert "Đã mất ngày 02/09/2022 — không tính." in html
    assert "Gia đình công dân số" in html  # the remaining adult scores 100 (R3)


def test_move_member_within_own_tdp(client, team_user, open_phase, household8, tdp):
    head, _, _ = residents_of(household8)
    target = make_household(tdp, "040", [])
    client.force_login(team_user)
    r = client.post(
        reverse("entry_member_move", args=[open_phase.pk, head.pk]), {"target_code": "040"}
    )
    assert r["Location"] == reverse("entry_household", args=[open_phase.pk, target.pk])
    household8.refresh_from_db()
    target.refresh_from_db()
    assert household8.head_id is None and target.head_id == head.pk
    assert head.history.latest().history_change_reason == "Chuyển từ hộ 007 sang hộ 040"


# --- history -----------------------------------------------------------------------------


def test_household_history_page(client, team_user, open_phase, household8, tdp):
    head, spouse, _ = residents_of(household8)
    head.cccd = "015080001234"
    head._change_reason = "Bổ sung số CCCD"
    head.save()
    client.force_login(team_user)
    client.post(
        reverse("entry_household", args=[open_phase.pk, household8.pk]),
        form_data(spouse, NINE_MET),
    )
    target = make_household(tdp, "041", [])
    client.post(
        reverse("entry_member_move", args=[open_phase.pk, spouse.pk]),
        {"target_code": target.code, "reason": "Tách hộ"},
    )
    html = client.get(reverse("entry_household_history", args=[household8.pk])).content.decode()
    assert "Lịch sử thay đổi — hộ 007" in html
    assert "Sửa phiếu hộ tự chấm (bước 1): TC9" in html
    assert "80/100" in html and "90/100" in html and "totruong8" in html
    assert "Tách hộ" in html and "Hộ 007" in html and "Hộ 041" in html
    assert "Bổ sung số CCCD" in html and "•••••••••234" in html
    assert "015080001234" not in html  # masked for a TDP team
    # Newest first: the move comes before the assessment change.
    assert html.index("Tách hộ") < html.index("Sửa phiếu hộ tự chấm")


def test_tdp_list_filters_by_status(client, team_user, open_phase, tdp):
    make_household(tdp, "001", [(ADULT, ALL_MET)], open_phase)
    make_household(tdp, "002", [(ADULT, None)], open_phase)
    client.force_login(team_user)
    url = reverse("entry_tdp_list", args=[open_phase.pk, tdp.pk])
    html = client.get(url, {"status": "unscored"}).content.decode()
    assert "Hộ 002" in html and "Hộ 001" not in html
    html = client.get(url, {"status": "digital"}).content.decode()
    assert "Hộ 001" in html and "Hộ 002" not in html


def test_tdp_summary_query_count_is_constant(client, team_user, open_phase, tdp):
    make_household(tdp, "001", [(ADULT, ALL_MET)], open_phase)
    client.force_login(team_user)
    url = reverse("entry_tdp_summary", args=[open_phase.pk, tdp.pk])
    n1 = _count(client, url)
    for i in range(6):
        make_household(tdp, f"1{i}", [(ADULT, None), (ADULT, NINE_MET)], open_phase)
    assert _count(client, url) == n1


def test_edit_member_details_keeps_old_values_in_history(
    client, team_user, open_phase, household8
):
    _, spouse, _ = residents_of(household8)
    client.force_login(team_user)
    url = reverse("entry_member_edit", args=[open_phase.pk, spouse.pk])
    assert 'value="17/05/1980"' in client.get(url).content.decode()
    client.post(
        url,
        {"full_name": "Nguyễn Thị Lan", "birth_date": "18/05/1980", "sex": "F", "is_head": "on"},
    )
    spouse.refresh_from_db()
    household8.refresh_from_db()
    assert spouse.full_name == "Nguyễn Thị Lan" and spouse.birth_date == datetime.date(1980, 5, 18)
    assert household8.head_id == spouse.pk
    html = client.get(reverse("entry_household_history", args=[household8.pk])).content.decode()
    assert "Sửa thông tin nhân khẩu" in html and "17/05/1980" in html and "18/05/1980" in html


def test_office_keeps_register_current_after_approval_r13(
    client, office_user, team_user, open_phase, household8, tdp
):
    Dossier.objects.create(tdp=tdp, phase=open_phase, state=Dossier.State.APPROVED)
    url = reverse("entry_member_add", args=[open_phase.pk, household8.pk])
    data = {"full_name": "Cháu mới sinh", "birth_date": "01/09/2022"}
    client.force_login(team_user)
    assert client.post(url, data).status_code == 403
    client.force_login(office_user)
    assert client.post(url, data).status_code == 302
    # Assessments of an approved phase stay locked for everyone.
    spouse = residents_of(household8)[1]
    r = client.post(
        reverse("entry_household", args=[open_phase.pk, household8.pk]),
        form_data(spouse, ALL_MET),
    )
    assert r.status_code == 403 and "đã được duyệt" in r.content.decode()


def test_entry_home_lists_each_tdp_progress(client, office_user, open_phase, tdp, household8):
    Dossier.objects.create(tdp=tdp, phase=open_phase, state=Dossier.State.SUBMITTED)
    client.force_login(office_user)
    html = client.get(reverse("entry_home")).content.decode()
    assert "Tổ dân phố số 8" in html and "1 hộ · 0/1 gia đình công dân số (0,00 %)" in html
    assert "Đã nộp" in html and html.count("Chưa nộp") == 15


def test_simultaneous_save_is_reported_not_a_crash(
    client, team_user, open_phase, tdp, monkeypatch
):
    from awards.entry import services as svc

    h = make_household(tdp, "300", [(ADULT, None)])
    (member,) = residents_of(h)
    stale = svc.household_sheet(h, open_phase)  # loaded before the other person saved
    Assessment.objects.create(resident=member, phase=open_phase, stage=SELF, tc1=True)
    monkeypatch.setattr(svc, "household_sheet", lambda *args, **kwargs: stale)
    client.force_login(team_user)
    url = reverse("entry_household", args=[open_phase.pk, h.pk])
    response = client.post(url, form_data(member, ALL_MET), follow=True)
    assert "một người khác vừa lưu phiếu của hộ này cùng lúc" in response.content.decode()
    assert Assessment.objects.get(resident=member).score == 10


def test_search_without_diacritics(client, team_user, open_phase, tdp, household9):
    h = make_household(tdp, "070", [(ADULT, None)])
    member = residents_of(h)[0]
    member.full_name = "Đỗ Thị Hường"
    member.save()
    client.force_login(team_user)
    url = reverse("entry_tdp_list", args=[open_phase.pk, tdp.pk])
    response = client.get(url, {"q": "do thi huong"})
    assert response["Location"] == reverse("entry_household", args=[open_phase.pk, h.pk])
    # Another TDP's names are never searched.
    response = client.get(url, {"q": "nguyen van 901"})
    assert "Không có hộ nào khớp" in response.content.decode()


# --- one source for the rules' numbers, the words and the date formats -------------------


def test_live_score_numbers_come_from_the_rules(client, team_user, open_phase, household8):
    """static/js/entry.js scores from the form's data attributes: they are scoring.rules' R2
    constants and scoring.glossary's words, never numbers of its own."""
    import re

    from scoring import glossary, rules

    client.force_login(team_user)
    html = page(client, open_phase, household8).content.decode()
    form_tag = re.search(r'<form method="post" id="sheet-form"[^>]*>', html).group(0)
    attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', form_tag))
    assert int(attrs["points-per-criterion"]) == rules.POINTS_PER_CRITERION
    assert int(attrs["digital-min-score"]) == rules.DIGITAL_CITIZEN_MIN_SCORE
    assert attrs["label-unscored"] == glossary.UNSCORED
    assert attrs["label-digital-citizen"] == glossary.DIGITAL_CITIZEN
    assert attrs["label-not-met"] == glossary.NOT_MET
    assert attrs["label-digital-family"] == glossary.DIGITAL_FAMILY
    assert attrs["label-not-applicable"] == glossary.NOT_APPLICABLE
    from django.conf import settings

    script = (settings.BASE_DIR / "static" / "js" / "entry.js").read_text()
    assert not re.search(r"\b90\b|\* ?10\b", script)  # no score rule of its own


def test_summary_marks_come_from_the_rules(client, officer_user, open_phase, tdp):
    """R5's 90 % and the phase threshold are written by dongtam.formatting from the data."""
    make_household(tdp, "001", [(ADULT, ALL_MET)], open_phase)
    open_phase.award_threshold = "87.50"
    open_phase.save()
    client.force_login(officer_user)
    html = client.get(reverse("entry_tdp_summary", args=[open_phase.pk, tdp.pk])).content.decode()
    assert "ngưỡng khen thưởng 87,5 %" in html
    assert "đạt Tổ dân phố CĐS (≥ 90 %)" in html  # 1/1 households
    assert '<span class="badge text-bg-secondary">Chưa chấm</span>' in html  # no R7 check yet


def test_register_dates_accept_the_one_list_of_formats(client, team_user, open_phase, household8):
    """Every format of settings.DATE_INPUT_FORMATS, as for every other date of the app."""
    _, spouse, _ = residents_of(household8)
    client.force_login(team_user)
    url = reverse("entry_member_status", args=[open_phase.pk, spouse.pk])
    for typed in ("2/9/2022", "02.09.2022", "02-09-2022", "02092022"):
        client.post(url, {"status": "moved", "on_date": typed})
        spouse.refresh_from_db()
        assert spouse.status_changed_on == datetime.date(2022, 9, 2), typed
        client.post(url, {"status": "active"})
    client.post(url, {"status": "moved", "on_date": "02.09.2022"})
    # The saved date is shown back as dd/mm/yyyy, and saving the form unchanged keeps it.
    assert 'value="02/09/2022"' in client.get(url).content.decode()
    assert client.post(url, {"status": "moved", "on_date": "02/09/2022"}).status_code == 302


def test_register_forms_have_no_date_formats_of_their_own():
    from django.conf import settings

    from households.forms import ResidentForm, StatusForm

    for field in (ResidentForm().fields["birth_date"], StatusForm().fields["on_date"]):
        assert list(field.input_formats) == list(settings.DATE_INPUT_FORMATS)


def test_move_member_to_its_own_household_is_refused(client, team_user, open_phase, household8):
    head, _, _ = residents_of(household8)
    client.force_login(team_user)
    url = reverse("entry_member_move", args=[open_phase.pk, head.pk])
    html = client.post(url, {"target_code": "007"}).content.decode()
    assert "Nhân khẩu đã ở hộ này." in html
    head.refresh_from_db()
    assert head.household_id == household8.pk


def test_move_member_into_a_locked_tdp_is_refused(client, open_phase, household8, other_tdp):
    """R12 on the target's TDP too: a team of TDPs 8 and 9 cannot move a member into TDP 9
    once TDP 9's dossier is submitted; the refusal stands beside the field."""
    from households.accounts.services import save_account

    team = save_account("totruong89", "tdp_team", tdp_codes=["8", "9"], password="mat-khau-to-89")
    target = make_household(other_tdp, "950", [])
    Dossier.objects.create(tdp=other_tdp, phase=open_phase, state=Dossier.State.SUBMITTED)
    head, _, _ = residents_of(household8)
    client.force_login(team)
    url = reverse("entry_member_move", args=[open_phase.pk, head.pk])
    response = client.post(url, {"target_code": target.code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "tổ chỉ được xem, không sửa được nữa" in html and "invalid-feedback" in html
    head.refresh_from_db()
    assert head.household_id == household8.pk
