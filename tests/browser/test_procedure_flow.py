"""The whole four-step procedure of one phase in headless Chromium, as the people do it:

a TDP 8 team member on a 360 px phone keys in the households' self-assessment forms (step 1),
confirms them as the TDP team (step 2) and submits the dossier (step 3); the standing office
on a 1,280 px screen returns it with a comment, the team corrects an assessment and resubmits,
the office approves (step 4), and the standings page shows TDP 8's ratio (R4).

Windows are phase data (R12): like the office would in the campaign set-up, the tests set
phase 1's windows around today's date (django.utils.timezone.localdate(), which the live
server thread also uses) and move phase 2 after it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Dossier
from households.models import Household, Resident
from scoring.models import Assessment
from tests.browser.support import (
    DAY,
    DESKTOP,
    PHONE,
    has_horizontal_overflow,
    login,
    screenshot,
    set_windows,
)
from tests.support import ADULT, ALL_MET, CHILD, PASSWORD

pytestmark = pytest.mark.browser


def _dmy(d: datetime.date) -> str:
    return d.strftime("%d/%m/%Y")


def add_household(tdp, code, members, address=""):
    """members: (full name, birth date, sex) — the head first. No assessment yet: the team
    keys in the paper forms in the browser."""
    household = Household.objects.create(tdp=tdp, code=code, address=address)
    residents = [
        Resident.objects.create(household=household, full_name=name, birth_date=born, sex=sex)
        for name, born, sex in members
    ]
    household.head = residents[0]
    household.save()
    return household, residents


@pytest.fixture
def tdp8_households(current_phase, tdp):
    """Four households of TDP 8 as the register holds them before step 1: three with adults
    (the R4 denominator) and one of children only ("không thuộc diện", R3)."""
    h801, (an, binh, _) = add_household(
        tdp,
        "801",
        [
            ("Nguyễn Văn An", ADULT, "M"),
            ("Trần Thị Bình", datetime.date(1984, 2, 29), "F"),
            ("Nguyễn Minh Châu", CHILD, "F"),
        ],
        "Số 12, ngõ 5, đường Đinh Tiên Hoàng",
    )
    h802, (dung,) = add_household(tdp, "802", [("Lê Thị Dung", datetime.date(1956, 9, 1), "F")])
    h803, (em,) = add_household(tdp, "803", [("Phạm Văn Em", datetime.date(1990, 12, 3), "M")])
    h804, _ = add_household(tdp, "804", [("Hoàng Gia Phúc", datetime.date(2008, 3, 4), "M")])
    return {
        "households": (h801, h802, h803, h804),
        "an": an,
        "binh": binh,
        "dung": dung,
        "em": em,
    }


def tick(page, resident, numbers):
    """Tick criteria TC<n> of one member's card by tapping their labels (large targets)."""
    for n in numbers:
        page.locator(f"label[for=m{resident.id}-tc{n}]").click()


def card(page, resident):
    return page.locator(f"#m{resident.id}")


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def test_phase_procedure_return_resubmit_approve_standings(
    new_page, current_phase, tdp8_households, tdp, team_user, office_user
):
    phase = current_phase
    people = tdp8_households
    h801, h802, h803, h804 = people["households"]

    # --- Step 1 on the phone: the TDP team keys in the paper forms -------------------------
    team = new_page(PHONE)
    login(team, "totruong8", PASSWORD)
    # A TDP account starts on its TDP's summary for the current phase.
    assert team.url.endswith(f"/nhap-lieu/{phase.pk}/to/{tdp.pk}/tong-hop/")
    expect(team.locator("h1")).to_have_text("Tổng hợp Tổ dân phố số 8")
    click_and_wait(team, team.get_by_role("link", name="‹ Danh sách hộ"))
    assert not has_horizontal_overflow(team)
    screenshot(team, "flow-1-household-list")
    click_and_wait(team, team.locator(".household-list a", has_text="Hộ 801"))
    expect(team.locator("h1")).to_have_text("Hộ 801")
    expect(team.locator("#household-status")).to_have_text("Chưa chấm")

    an, binh = people["an"], people["binh"]
    expect(card(team, an).locator(".js-citizen")).to_have_text("Chưa chấm")
    expect(card(team, an).locator(".js-score")).to_have_text("–")
    tick(team, an, range(1, 10))  # TC1–TC9: 90 points, R2
    expect(card(team, an).locator(".js-score")).to_have_text("90")
    expect(card(team, an).locator(".js-citizen")).to_have_text("Công dân số")
    expect(team.locator(".js-household")).to_have_text(
        "1/2 người đạt Công dân số — còn 1 người chưa chấm"
    )
    tick(team, binh, range(1, 9))  # 80: not yet
    expect(card(team, binh).locator(".js-score")).to_have_text("80")
    expect(card(team, binh).locator(".js-citizen")).to_have_text("Chưa đạt")
    expect(team.locator(".js-household")).to_have_text(
        "1/2 người đạt Công dân số — chưa đạt Gia đình công dân số"
    )
    tick(team, binh, [10])  # the tenth box makes her a digital citizen
    expect(card(team, binh).locator(".js-score")).to_have_text("90")
    expect(card(team, binh).locator(".js-citizen")).to_have_text("Công dân số")
    expect(team.locator(".js-household")).to_have_text(
        "2/2 người đạt Công dân số — Gia đình công dân số"
    )
    # The child is shown but not scored (R1).
    assert (
        "không thuộc diện chấm"
        in card(team, Resident.objects.get(full_name="Nguyễn Minh Châu")).inner_text()
    )
    assert not has_horizontal_overflow(team)
    screenshot(team, "flow-2-household-801-keyed")
    click_and_wait(team, team.locator("button[name=save_next]"))

    # "Lưu, sang hộ tiếp" saved 801 and opened the next household.
    expect(team.locator("h1")).to_have_text("Hộ 802")
    expect(team.locator(".alert-success", has_text="Hộ 801")).to_be_visible()
    dung = people["dung"]
    tick(team, dung, [1, 2, 3, 4, 5, 6, 7, 8])  # CCCD (TC9) and VNeID (TC10) not ticked
    expect(card(team, dung).locator(".js-citizen")).to_have_text("Chưa đạt")
    click_and_wait(team, team.locator("button[name=save_next]"))

    expect(team.locator("h1")).to_have_text("Hộ 803")
    em = people["em"]
    tick(team, em, [1, 2, 5, 8, 9, 10, 3])  # 70 points
    expect(card(team, em).locator(".js-score")).to_have_text("70")
    click_and_wait(team, team.locator("button[name=save]"))
    expect(team.locator("#household-status")).to_have_text("Chưa đạt")

    saved = {
        a.resident_id: a.score
        for a in Assessment.objects.filter(phase=phase, stage=Assessment.Stage.SELF)
    }
    assert saved == {an.id: 90, binh.id: 90, dung.id: 80, em.id: 70}
    assert Assessment.objects.filter(phase=phase, recorded_by=team_user).count() == 4

    # --- Step 2: the TDP team confirms the forms ----------------------------------------
    team.goto(f"/nhap-lieu/{phase.pk}/ho/{h801.pk}/")
    click_and_wait(team, team.get_by_role("link", name="Bước 2 Tổ CĐS chấm"))
    assert team.url.endswith(f"/nhap-lieu/{phase.pk}/ho/{h801.pk}/cham-to/")
    expect(card(team, an)).to_contain_text("Chưa xác nhận")
    screenshot(team, "flow-3-step2-801")
    for code in ("801", "802", "803"):
        expect(team.locator("h1")).to_have_text(f"Hộ {code}")
        click_and_wait(team, team.get_by_role("button", name="Xác nhận tất cả phiếu chưa sửa"))
        expect(team.locator(".alert-success", has_text=f"Hộ {code}")).to_be_visible()
        if code != "803":
            click_and_wait(team, team.get_by_role("link", name="Hộ sau"))
    assert set(
        Assessment.objects.filter(phase=phase, stage=Assessment.Stage.TDP).values_list(
            "resident_id", flat=True
        )
    ) == {an.id, binh.id, dung.id, em.id}

    # --- Step 3: the TDP summary and the submission -----------------------------------
    team.goto(f"/nhap-lieu/{phase.pk}/to/{tdp.pk}/tong-hop/")
    figures = team.locator(".summary-figures").inner_text()
    assert "Số hộ\n4" in figures and "Hộ thuộc diện\n3" in figures  # 804: children only
    assert "Gia đình công dân số\n1" in figures
    assert re.search(r"\b33[.,]33 ?%", figures), figures  # R4: 1/3, truncated
    expect(team.get_by_text("Mọi công dân thuộc diện đã có phiếu.")).to_be_visible()
    assert not has_horizontal_overflow(team)
    screenshot(team, "flow-4-summary-before-submit")
    team.once("dialog", lambda dialog: dialog.accept())  # "Nộp hồ sơ …? Sau khi nộp …"
    click_and_wait(team, team.get_by_role("button", name="Nộp hồ sơ về thường trực TĐKT"))
    expect(team.locator(".alert-success")).to_contain_text(
        "Đã nộp hồ sơ của Tổ dân phố số 8 giai đoạn 1."
    )
    expect(team.locator(".entry-context .alert-info")).to_contain_text("đang chờ thường trực")
    dossier = Dossier.objects.get(tdp=tdp, phase=phase)
    assert dossier.state == Dossier.State.SUBMITTED and not dossier.submitted_late
    screenshot(team, "flow-5-summary-submitted")
    # Submitted: read-only for the TDP.
    team.goto(f"/nhap-lieu/{phase.pk}/ho/{h802.pk}/cham-to/")
    expect(team.locator(".alert-warning", has_text="Chỉ xem.")).to_be_visible()
    assert team.locator("button[name=save]").count() == 0

    # --- Step 4 at the office: review list, return with a comment ------------------------
    office = new_page(DESKTOP)
    login(office, "thuongtruc", PASSWORD)
    office.goto(f"/review/?phase={phase.pk}")
    row = office.locator("tbody tr", has_text="Tổ dân phố số 8")
    expect(row).to_contain_text("Đã nộp")
    expect(row).to_contain_text("Đúng hạn")
    expect(row).to_contain_text("33,33 %")
    assert not has_horizontal_overflow(office)
    screenshot(office, "flow-6-review-list")
    click_and_wait(office, row.get_by_role("link", name="Tổ dân phố số 8"))
    expect(office.locator("h1")).to_contain_text("Hồ sơ Tổ dân phố số 8")
    expect(office.locator("#trang-thai")).to_have_text("Đã nộp")
    expect(office.locator("#ho-" + str(h802.pk))).to_contain_text("Chưa đạt: TC9, TC10")
    comment = (
        "Hộ 802: bà Lê Thị Dung đã có CCCD gắn chip và VNeID mức 2 — tổ kiểm tra lại TC9, TC10."
    )
    office.fill("#id_comment", comment)
    assert not has_horizontal_overflow(office)
    screenshot(office, "flow-7-review-dossier")
    click_and_wait(office, office.get_by_role("button", name="Trả lại hồ sơ"))
    expect(office.locator("#trang-thai")).to_have_text("Trả lại để bổ sung")
    expect(office.locator(".return-comment")).to_have_text(comment)

    # --- The team sees the comment, corrects and resubmits ------------------------------
    team.goto("/")
    assert team.url.endswith(f"/nhap-lieu/{phase.pk}/to/{tdp.pk}/tong-hop/")
    returned = team.locator(".alert-danger", has_text="Hồ sơ bị trả lại để bổ sung")
    expect(returned).to_be_visible()
    expect(returned.locator(".return-comment")).to_have_text(comment)
    # Prominent: the first thing under the heading and the context bar, at the top of the
    # phone's first screen.
    assert returned.bounding_box()["y"] < PHONE["height"]
    screenshot(team, "flow-8-summary-returned")
    team.goto(f"/nhap-lieu/{phase.pk}/ho/{h802.pk}/cham-to/")
    expect(team.locator(".alert-warning", has_text="Ý kiến trả lại")).to_contain_text(comment)
    tick(team, dung, [9, 10])
    expect(card(team, dung).locator(".js-score")).to_have_text("100")
    expect(card(team, dung).locator(".js-citizen")).to_have_text("Công dân số")
    # The boxes the team changed against the household's own form are marked.
    expect(card(team, dung).locator(".criterion-row.differs")).to_have_count(2)
    assert not has_horizontal_overflow(team)
    screenshot(team, "flow-9-step2-802-corrected")
    click_and_wait(team, team.locator("button[name=save]"))
    expect(team.locator("#household-status")).to_have_text("Gia đình công dân số")
    counting = Assessment.objects.get(resident=dung, phase=phase, stage=Assessment.Stage.TDP)
    assert counting.score == 100 and counting.recorded_by == team_user  # R10: step 2 counts

    team.goto(f"/nhap-lieu/{phase.pk}/to/{tdp.pk}/tong-hop/")
    figures = team.locator(".summary-figures").inner_text()
    assert re.search(r"\b66[.,]66 ?%", figures), figures  # R4: 2/3 truncated, not 66,67
    team.once("dialog", lambda dialog: dialog.accept())
    click_and_wait(team, team.get_by_role("button", name="Nộp lại hồ sơ"))
    expect(team.locator(".alert-success")).to_contain_text("Đã nộp hồ sơ")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED
    assert dossier.return_comment == comment  # kept for the record

    # --- The office approves; the standings show the ratio ------------------------------
    office.goto(f"/review/{phase.pk}/tdp/{tdp.pk}/")
    expect(office.locator("#trang-thai")).to_have_text("Đã nộp")
    click_and_wait(office, office.get_by_role("link", name="Duyệt hồ sơ…"))
    office.check("#id_confirmed")  # the explicit confirmation of what locks the data
    click_and_wait(office, office.get_by_role("button", name="Duyệt hồ sơ"))
    expect(office.locator("#trang-thai")).to_have_text("Đã duyệt")
    expect(office.locator(".alert-success")).to_contain_text(
        "Đã duyệt hồ sơ Tổ dân phố số 8; số liệu của tổ đã được khóa."
    )
    screenshot(office, "flow-10-review-approved")
    office.goto(f"/xep-hang/?phase={phase.pk}")
    headers = office.locator("#standings-table thead th").all_inner_texts()
    cells = office.locator("#standings-table tr[data-tdp='8']").locator("td, th")
    tdp8 = dict(zip(headers, (c.strip() for c in cells.all_inner_texts()), strict=True))
    assert tdp8["Tổ dân phố"] == "Tổ dân phố số 8"
    assert tdp8["Hạng"] == "1"
    assert (tdp8["Số hộ"], tdp8["Hộ thuộc diện"], tdp8["Gia đình công dân số"]) == ("4", "3", "2")
    assert tdp8["Tỷ lệ"] == "66,66 %"  # R4: 2/3 truncated, never rounded up to 66,67
    assert tdp8["Chưa chấm"] == "0"
    # Below the phase-1 threshold (85 %, R6): no TDP award, and the page says so.
    expect(office.locator("#award-summary")).to_contain_text(
        "Chưa có tổ dân phố đạt ngưỡng khen thưởng 85 %: tỷ lệ cao nhất là 66,66 %"
    )
    # Other TDPs have no eligible household: no ratio, not ranked (R4).
    tdp9 = office.locator("#standings-table tr[data-tdp='9']").locator("td, th")
    assert dict(zip(headers, tdp9.all_inner_texts(), strict=True))["Hạng"].strip() == "—"
    assert not has_horizontal_overflow(office)
    screenshot(office, "flow-11-standings")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.APPROVED and dossier.approved_by == office_user

    # Approved: locked for the TDP (the form is read-only with the reason).
    team.goto(f"/nhap-lieu/{phase.pk}/to/{tdp.pk}/tong-hop/")
    expect(team.locator(".entry-context .alert-success")).to_have_text(
        "Hồ sơ đã được duyệt: dữ liệu giai đoạn này đã khóa."
    )
    assert team.get_by_role("button", name="Nộp lại hồ sơ").count() == 0
    team.goto(f"/nhap-lieu/{phase.pk}/ho/{h803.pk}/")
    expect(team.locator(".alert-warning", has_text="Chỉ xem.")).to_contain_text("đã được duyệt")
    assert team.locator("#sheet-form fieldset[disabled]").count() == 1
    screenshot(team, "flow-12-household-locked")


def test_team_cannot_open_another_tdps_household(
    new_page, current_phase, tdp, other_tdp, team_user
):
    """A TDP 8 account typing TDP 9's addresses gets the 404 the app answers for other TDPs'
    objects, with nothing of TDP 9's people on the page."""
    h901, (head, _) = add_household(
        other_tdp,
        "901",
        [("Vũ Thị Hạnh", ADULT, "F"), ("Đỗ Văn Khoa", ADULT, "M")],
        "Số 3, tổ 9",
    )
    Assessment.objects.create(
        resident=head,
        phase=current_phase,
        stage=Assessment.Stage.SELF,
        **{f"tc{n + 1}": v for n, v in enumerate(ALL_MET)},
    )
    page = new_page(PHONE)
    login(page, "totruong8", PASSWORD)
    p = current_phase.pk
    for url in (
        f"/nhap-lieu/{p}/ho/{h901.pk}/",
        f"/nhap-lieu/{p}/ho/{h901.pk}/cham-to/",
        f"/nhap-lieu/ho/{h901.pk}/lich-su/",
        f"/nhap-lieu/{p}/nhan-khau/{head.pk}/tinh-trang/",
        f"/nhap-lieu/{p}/to/{other_tdp.pk}/",
        f"/nhap-lieu/{p}/to/{other_tdp.pk}/tong-hop/",
    ):
        response = page.goto(url)
        assert response.status == 404, url
        text = page.locator("body").inner_text()
        for secret in ("Vũ Thị Hạnh", "Đỗ Văn Khoa", "Số 3, tổ 9", "901"):
            assert secret not in text, (url, secret)
    screenshot(page, "flow-other-tdp-refused")
    # A forged POST is refused the same way and changes nothing.
    status = page.evaluate(
        """async ([url, field]) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const body = new URLSearchParams({csrfmiddlewaretoken: token, save: "1"});
            body.append(field, "1");
            return (await fetch(url, {method: "POST", body})).status;
        }""",
        [f"/nhap-lieu/{p}/ho/{h901.pk}/", f"m{head.pk}-scored"],
    )
    assert status == 404
    assert Assessment.objects.filter(resident__household=h901).count() == 1


def test_late_submission_is_refused_with_the_window_dates(
    new_page, current_phase, tdp8_households, tdp, team_user
):
    """R12: after the step-3 deadline the team's submit is refused, the reason naming the
    window in dd/mm/yyyy; the dossier stays unsubmitted."""
    phase = current_phase
    page = new_page(PHONE)
    login(page, "totruong8", PASSWORD)
    page.goto(f"/nhap-lieu/{phase.pk}/to/{tdp.pk}/tong-hop/")
    submit = page.get_by_role("button", name="Nộp hồ sơ về thường trực TĐKT")
    expect(submit).to_be_visible()

    # The deadline passes while the page is open (the office's campaign data says so).
    today = timezone.localdate()
    step3 = (today - 6 * DAY, today - 2 * DAY)
    set_windows(
        phase,
        (today - 9 * DAY, today - 7 * DAY),
        (today - 7 * DAY, today - 5 * DAY),
        step3,
        today - DAY,
    )
    window = f"Bước 3 mở từ {_dmy(step3[0])} đến {_dmy(step3[1])} — đã hết hạn."
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation() as navigation:
        submit.click()
    assert navigation.value.status == 403
    expect(page.locator("h1")).to_have_text("Không nộp được hồ sơ")
    expect(page.locator(".alert-danger")).to_have_text(f"Không thể nộp hồ sơ: {window}")
    assert not has_horizontal_overflow(page)
    screenshot(page, "flow-late-refused")
    assert not Dossier.objects.filter(tdp=tdp, phase=phase, state="submitted").exists()

    # Coming back to the summary: no button, the reason with the dates instead.
    click_and_wait(page, page.get_by_role("link", name="‹ Quay lại"))
    assert page.get_by_role("button", name="Nộp hồ sơ về thường trực TĐKT").count() == 0
    expect(page.locator(".alert-secondary", has_text="Không thể nộp hồ sơ")).to_have_text(
        f"Không thể nộp hồ sơ: {window}"
    )
    expect(page.locator(".window-list")).to_contain_text(
        f"Bước 3: {_dmy(step3[0])} – {_dmy(step3[1])}"
    )
    screenshot(page, "flow-late-summary")
