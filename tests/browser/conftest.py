"""Fixtures of the browser tests in this folder: phase 1 under way today. The Playwright
fixtures every folder's browser tests share (`browser`, `new_page`) are in tests/conftest.py,
the helpers (login, screenshot, set_windows, …) in tests/browser/support.py."""

import pytest
from django.utils import timezone

from tests.browser.support import DAY, set_windows


@pytest.fixture
def current_phase(phase1, phase2):
    """Phase 1 under way today (django.utils.timezone.localdate(), which the live server
    thread uses too): steps 1–3 open, step 3 until the day after tomorrow; phase 2 a month
    later, so every page's "current phase" is phase 1."""
    today = timezone.localdate()
    set_windows(
        phase1,
        (today - 3 * DAY, today + 1 * DAY),
        (today - 1 * DAY, today + 2 * DAY),
        (today - 1 * DAY, today + 2 * DAY),
        today + 3 * DAY,
    )
    later = today + 30 * DAY
    set_windows(phase2, (later, later), (later, later), (later, later), later + DAY)
    return phase1
