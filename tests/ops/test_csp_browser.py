"""The Content-Security-Policy as Chromium applies it: an inline script or style is refused
(and reported), so the watcher in tests/conftest.py's new_page catches any left over."""

import pytest

pytestmark = pytest.mark.browser

PROBE = """<!doctype html><html><head><title>probe</title></head><body>
<div id="styled" style="color: rgb(255, 0, 0)">x</div>
<script>document.title = "inline ran";</script>
<div id="bar" data-width="42.5"></div>
<script src="/static/js/app.js"></script>
</body></html>"""


def test_chromium_refuses_inline_script_and_style_under_the_policy(browser, live_server, ward):
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        policy = page.goto("/accounts/login/").headers["content-security-policy"]
        messages = []
        page.on("console", lambda m: messages.append(m.text))

        def fulfil(route):
            route.fulfill(
                status=200,
                body=PROBE,
                headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            )

        page.route("**/__csp_probe__", fulfil)
        page.goto("/__csp_probe__")
        assert page.title() == "probe"  # the inline script did not run
        color = page.eval_on_selector("#styled", "e => getComputedStyle(e).color")
        assert color != "rgb(255, 0, 0)"
        assert any("Content Security Policy" in m for m in messages), messages
        # Sizes come from data-width through static/js/app.js (the CSSOM is allowed).
        assert page.eval_on_selector("#bar", "e => e.style.width") == "42.5%"
    finally:
        context.close()
