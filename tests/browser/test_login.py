import pytest

from tests.browser.support import DESKTOP, PHONE, has_horizontal_overflow, login, screenshot
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_login_page_in_vietnamese_and_fits(new_page, viewport, ward):
    page = new_page(viewport)
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert not has_horizontal_overflow(page)
    screenshot(page, "login")


def test_wrong_password_message(new_page, office_user):
    page = new_page(PHONE)
    login(page, "thuongtruc", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.content()


def test_office_logs_in_and_out(new_page, office_user):
    page = new_page(DESKTOP)
    login(page, "thuongtruc", PASSWORD)
    assert "/accounts/login/" not in page.url
    page.click("#user-menu")
    page.click("text=Đăng xuất")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url
