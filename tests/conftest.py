"""Fixtures for every folder: the ward of fixtures/dongtam.json (loaded once per test database),
named users per role, the 2022 campaign's phases and TDPs 8 and 9, the fast password hasher,
and the Playwright browser shared by the browser tests of every folder. Builders and constants
(make_household, ADULT, PASSWORD, …) are in tests/support.py, browser helpers in
tests/browser/support.py."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection

from households.accounts.services import save_account
from households.models import ResidentialGroup, Ward
from scoring.models import Campaign, Phase
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, DESKTOP
from tests.support import PASSWORD

WARD_CODE = "dong-tam"  # the ward of fixtures/dongtam.json


def load_ward():
    call_command("loaddata", "dongtam", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The ward fixture is loaded once, right after the test database is migrated: every test
    runs in a transaction that is rolled back, so the ward stays as loaded."""
    with django_db_blocker.unblock():
        load_ward()


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
    """The ward. Transactional tests (live server, browser) empty the database when they end,
    so for the tests after them the fixture is loaded again."""
    found = Ward.objects.filter(code=WARD_CODE).first()
    if found is None:
        load_ward()
        found = Ward.objects.get(code=WARD_CODE)
    return found


@pytest.fixture
def empty_database(db):
    """For tests of what happens before `loaddata dongtam`: the ward loaded once per test
    database is removed inside this test's transaction (and is back when it is rolled back)."""
    connection.ops.execute_sql_flush(sql_flush(no_style(), connection))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every user fixture sets a password; the production hasher (PBKDF2, 1–2 s on a loaded CI
    machine) is replaced in tests by a fast one (logging in and check_password work the same)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


# --- Browser tests: one headless Chromium (Debian's, never a downloaded one) per session ---

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
    """new_page(viewport=PHONE) → a page in a fresh context (own cookies) on the live server.

    Every browser test also checks the Content-Security-Policy (dongtam/settings.py): a
    page that logs a violation (an inline script or style left in a template) fails it."""
    contexts = []
    violations = []

    def watch(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def make(viewport=DESKTOP):
        context = browser.new_context(
            viewport=viewport,
            base_url=live_server.url,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(15_000)
        context.on("console", watch)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
