"""The review and dashboard pages in headless Chromium at 1280 and 360 px: they fit the phone
(only tables scroll inside their own box), bars are drawn, and bulk approval works by
ticking boxes."""

import pytest

from awards.models import Dossier
from tests.awards.review_helpers import submitted
from tests.browser.support import DESKTOP, PHONE, has_horizontal_overflow, login, screenshot
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, NINE_MET, PASSWORD, make_household

pytestmark = pytest.mark.browser


@pytest.fixture
def ward_data(phase1, tdp, other_tdp):
    make_household(tdp, "801", [(ADULT, ALL_MET), (CHILD, None)], phase1)
    make_household(tdp, "802", [(ADULT, NINE_MET)], phase1)
    make_household(other_tdp, "901", [(ADULT, EIGHT_MET), (ADULT, None)], phase1)
    return phase1


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_ward_dashboard_fits_and_draws_bars(new_page, viewport, office_user, ward_data):
    page = new_page(viewport)
    login(page, "thuongtruc", PASSWORD)
    page.goto(f"/dashboard/?phase={ward_data.id}")
    assert page.locator("h1").inner_text().startswith("Bảng điều khiển phường")
    assert not has_horizontal_overflow(page)
    widths = page.locator(".standings-chart .chart-bar").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert len(widths) == 16
    assert widths[0] > widths[1] > 0  # TDP 8 (100 %) before TDP 9 (0 %, a 1 px stub)
    assert page.locator("#tieu-chi-can-van-dong").is_visible()
    screenshot(page, "dashboard")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_review_list_bulk_approve(new_page, viewport, office_user, ward_data, tdp, other_tdp):
    a, b = submitted(ward_data, tdp), submitted(ward_data, other_tdp, late=True)
    page = new_page(viewport)
    login(page, "thuongtruc", PASSWORD)
    page.goto(f"/review/?phase={ward_data.id}")
    assert not has_horizontal_overflow(page)
    screenshot(page, "review-list")
    page.check("#chon-tat-ca")
    page.click("text=Duyệt các hồ sơ đã chọn")
    page.wait_for_load_state("networkidle")
    # The confirmation page: nothing is approved until the explicit tick.
    assert "Tôi xác nhận duyệt các hồ sơ đã chọn" in page.content()
    assert not Dossier.objects.filter(state="approved").exists()
    assert not has_horizontal_overflow(page)
    page.check("#id_confirmed")
    page.click("text=Duyệt các hồ sơ này")
    page.wait_for_load_state("networkidle")
    assert "Đã duyệt 2 hồ sơ" in page.content()
    assert set(Dossier.objects.filter(pk__in=[a.pk, b.pk]).values_list("state", flat=True)) == {
        "approved"
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_dossier_return_with_comment(new_page, viewport, office_user, ward_data, tdp):
    submitted(ward_data, tdp)
    page = new_page(viewport)
    login(page, "thuongtruc", PASSWORD)
    page.goto(f"/review/{ward_data.id}/tdp/{tdp.id}/")
    assert not has_horizontal_overflow(page)
    screenshot(page, "review-dossier")
    page.fill("#id_comment", "Bổ sung phiếu hộ 802")
    page.click("text=Trả lại hồ sơ")
    page.wait_for_load_state("networkidle")
    assert page.locator("#trang-thai").inner_text() == "Trả lại để bổ sung"
    assert "Bổ sung phiếu hộ 802" in page.content()


def test_tdp_dashboard_on_a_phone(new_page, team_user, ward_data):
    page = new_page(PHONE)
    login(page, "totruong8", PASSWORD)
    page.goto("/dashboard/")
    assert "Tổ dân phố số 8" in page.locator("h1").inner_text()
    assert not has_horizontal_overflow(page)
    screenshot(page, "dashboard-tdp")
