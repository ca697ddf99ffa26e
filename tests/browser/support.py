"""Helpers for the browser tests of every folder: headless Chromium (Debian's /usr/bin/chromium,
never a downloaded browser) driven by Playwright against pytest-django's live server; screenshots
go to test-output/screenshots/. The fixtures (`browser`, `new_page`) are in tests/conftest.py."""

import datetime
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PHONE = {"width": 360, "height": 740}
DAY = datetime.timedelta(days=1)
DESKTOP = {"width": 1280, "height": 900}

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


def set_windows(phase, step1, step2, step3, step4_opens):
    """Each stepN is an (opens, closes) pair of inclusive dates (R12: windows are phase data,
    set by the office in the campaign set-up)."""
    for n, (opens, closes) in enumerate((step1, step2, step3), start=1):
        setattr(phase, f"step{n}_opens", opens)
        setattr(phase, f"step{n}_closes", closes)
    phase.step4_opens = step4_opens
    phase.step4_closes = None
    phase.save()
    return phase


def login(page, username, password):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation(wait_until="load"):
        page.click("button[type=submit]")


def screenshot(page, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def has_horizontal_overflow(page) -> bool:
    """A page is usable at 360 px when nothing but tables (which scroll inside their own
    .table-responsive box) is wider than the viewport."""
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")


def wide_elements(page, limit: int = 8) -> list[str]:
    """What sticks out past the right edge (outside boxes that scroll on their own), to name
    the culprit when has_horizontal_overflow() fails."""
    return page.evaluate(
        """(limit) => {
            const scrolls = (e) => {
                for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                    const x = getComputedStyle(p).overflowX;
                    if (x === "auto" || x === "scroll" || x === "hidden") return true;
                }
                return false;
            };
            return [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
                .filter((e) => !scrolls(e))
                .slice(0, limit)
                .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}` +
                    `${e.className && typeof e.className === "string" ?
                        "." + e.className.trim().split(/\\s+/).join(".") : ""}`);
        }""",
        limit,
    )


__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DAY",
    "DESKTOP",
    "PHONE",
    "has_horizontal_overflow",
    "login",
    "screenshot",
    "set_windows",
    "wide_elements",
]


def wait_until(page, expression: str, timeout: float = 15_000) -> None:
    """Wait until the JavaScript `expression` is true on the page. Playwright's own
    wait_for_function builds its predicate with eval, which the site's Content-Security-Policy
    refuses; page.evaluate goes through the debugger protocol, which the policy allows."""
    import time

    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout / 1000:.0f} s: {expression}")
        page.wait_for_timeout(100)
