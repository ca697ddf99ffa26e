# ruff: noqa: F811
"""Issues 8 and 9 in headless Chromium at 360 px: two team members of TDP 8 on the same
household (the stale save is refused, the conflict shown, the first save kept), and keying a
household in quickly (all ten met, same as above, date mask, members added inline)."""

import pytest

from households.accounts.services import save_account
from households.models import Household, Resident
from scoring.models import Assessment
from tests.awards.entry.support import residents_of
from tests.browser.support import login, wait_until
from tests.support import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def second_member(ward):
    return save_account("totruong8b", "tdp_team", tdp_codes=["8"], password=PASSWORD)


def test_two_members_stale_save_shows_the_conflict_and_keeps_the_first(
    new_page, team_user, second_member, open_phase, household8
):
    spouse = residents_of(household8)[1]
    url = f"/nhap-lieu/{open_phase.pk}/ho/{household8.pk}/"
    a, b = new_page(PHONE), new_page(PHONE)  # two contexts: two sessions
    login(a, "totruong8", PASSWORD)
    login(b, "totruong8b", PASSWORD)
    a.goto(url)
    b.goto(url)  # B's page is now stale-to-be
    a.click(f"label[for=m{spouse.pk}-tc9]")
    with a.expect_navigation():
        a.click("button[name=save]")
    assert "sửa 1 phiếu" in a.content()
    b.click(f"label[for=m{spouse.pk}-tc10]")
    with b.expect_navigation():
        b.click("button[name=save]")
    card = b.locator(f"#m{spouse.pk}")
    assert card.locator(".conflict").is_visible()
    assert "Người khác vừa sửa phiếu này" in card.inner_text()
    assert "totruong8" in card.locator(".conflict").inner_text()
    assert card.locator(".js-conflict-theirs").inner_text().startswith("90 điểm")
    assert card.locator(".js-conflict-mine").inner_text().startswith("90 điểm (thiếu TC9)")
    stored = Assessment.objects.get(resident=spouse, phase=open_phase, stage=1)
    assert stored.tc9 and not stored.tc10  # A's value kept
    # B takes the stored form: the boxes show it, and saving keeps it.
    card.locator("label:has-text('Lấy bản đang lưu')").click()
    assert card.locator(f"#m{spouse.pk}-tc9").is_checked()
    assert not card.locator(f"#m{spouse.pk}-tc10").is_checked()
    with b.expect_navigation():
        b.click("button[name=save]")
    stored.refresh_from_db()
    assert stored.tc9 and not stored.tc10


def test_keying_a_household_quickly(new_page, team_user, open_phase, tdp):
    Household.objects.create(tdp=tdp, code="08-007")
    page = new_page(PHONE)
    login(page, "totruong8", PASSWORD)
    page.goto(f"/nhap-lieu/{open_phase.pk}/to/{tdp.pk}/them-ho/")
    assert page.input_value("#id_code") == "08-008"  # the next free code, proposed
    with page.expect_navigation():
        page.click("button[name=save]")
    assert page.evaluate("document.activeElement.id") == "id_full_name"
    loads = []
    page.on("load", lambda _: loads.append(1))
    for name, digits in (("Lê Văn Một", "15031980"), ("Lê Thị Hai", "1/2/1982")):
        page.keyboard.type(name)
        page.keyboard.press("Enter")  # to the date
        page.keyboard.type(digits)
        if digits.isdigit():
            assert page.input_value("#id_birth_date") == "15/03/1980"  # slashes as you type
        page.keyboard.press("Enter")  # adds the member
        wait_until(
            page,
            f"document.querySelectorAll('.member-card').length === "
            f"{1 if name.endswith('Một') else 2}",
        )
    assert not loads  # no page load for the members
    h = Household.objects.get(code="08-008")
    assert [r.full_name for r in Resident.objects.filter(household=h).order_by("id")] == [
        "Lê Văn Một",
        "Lê Thị Hai",
    ]
    cards = page.locator(".member-card[data-eligible]")
    first, second = cards.nth(0), cards.nth(1)
    assert not first.locator("[data-same-as-above]").is_visible()
    first.locator("[data-all-met]").click()
    assert first.locator(".js-score").inner_text() == "100"
    second.locator("[data-same-as-above]").click()
    assert second.locator(".js-score").inner_text() == "100"
    # Keyboard: Tab to a criterion, Enter unticks it like Space.
    second.locator("input.criterion").nth(9).focus()
    page.keyboard.press("Enter")
    assert second.locator(".js-score").inner_text() == "90"
    assert "2/2 người đạt Công dân số" in page.locator(".js-household").inner_text()  # R2: 90
    with page.expect_navigation():
        page.click("button[name=save_next]")
    scores = sorted(a.score for a in Assessment.objects.filter(resident__household=h))
    assert scores == [90, 100]
