"""Shared fixtures: the ward from fixtures/dongtam.json, named users per role, and a small
builder for households with scored members."""

import datetime
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from households.accounts import save_account
from households.models import Household, Resident, ResidentialGroup, Ward
from scoring.models import Assessment, Campaign, Phase

PASSWORD = "matkhau-thu-nghiem"


@pytest.fixture(autouse=True)
def _fresh_figures_cache():
    """Each test starts with no cached figures (scoring/cache.py), so query counts do not
    depend on the order tests run in."""
    from scoring import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ward(db):
    call_command("loaddata", "dongtam", verbosity=0)
    return Ward.objects.get()


@pytest.fixture
def campaign(ward):
    return Campaign.objects.get(ward=ward, year=2022)


@pytest.fixture
def phase1(campaign):
    return Phase.objects.select_related("campaign").get(campaign=campaign, number=1)


@pytest.fixture
def phase2(campaign):
    return Phase.objects.select_related("campaign").get(campaign=campaign, number=2)


@pytest.fixture
def tdp(ward):
    """TDP 8 (the plan's model TDP)."""
    return ResidentialGroup.objects.get(ward=ward, code="8")


@pytest.fixture
def other_tdp(ward):
    return ResidentialGroup.objects.get(ward=ward, code="9")


def _user(username, role, tdps=()):
    return save_account(username, role, tdp_codes=tdps, password=PASSWORD)


@pytest.fixture
def admin_user(ward):
    return _user("quantri", "admin")


@pytest.fixture
def office_user(ward):
    return _user("thuongtruc", "office")


@pytest.fixture
def chairman_user(ward):
    return _user("chutich", "chairman")


@pytest.fixture
def staff_user(ward):
    return _user("vanphong", "staff")


@pytest.fixture
def team_user(ward):
    """Community DT team member of TDP 8 (the "owner" of TDP 8's data)."""
    return _user("totruong8", "tdp_team", ["8"])


@pytest.fixture
def other_team_user(ward):
    """Team member of TDP 9: an outsider to TDP 8."""
    return _user("totruong9", "tdp_team", ["9"])


@pytest.fixture
def officer_user(ward):
    return _user("canbo8", "tdp_officer", ["8"])


ALL_MET = (True,) * 10
NINE_MET = (True,) * 9 + (False,)
EIGHT_MET = (True,) * 8 + (False, False)


def make_household(tdp, code, members, phase=None, stage=Assessment.Stage.SELF):
    """members: (birth_date, criteria or None, status) tuples; criteria None = unscored."""
    household = Household.objects.create(tdp=tdp, code=code)
    for i, member in enumerate(members):
        birth, criteria, *rest = member
        status = rest[0] if rest else Resident.Status.ACTIVE
        resident = Resident.objects.create(
            household=household,
            full_name=f"Nguyễn Văn {code}-{i}",
            birth_date=birth,
            status=status,
        )
        if criteria is not None and phase is not None:
            Assessment.objects.create(
                resident=resident,
                phase=phase,
                stage=stage,
                **{f"tc{n + 1}": bool(v) for n, v in enumerate(criteria)},
            )
    return household


ADULT = datetime.date(1980, 5, 17)
CHILD = datetime.date(2010, 1, 1)


# --- Browser tests: one headless Chromium (Debian's, never a downloaded one) per session ---

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API keeps an event loop in the main thread once started; the ORM calls
# the tests make themselves stay synchronous and are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the set-up (bin/test) installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(viewport=PHONE) → a page in a fresh context (own cookies) on the live server."""
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(
            viewport=viewport,
            base_url=live_server.url,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
