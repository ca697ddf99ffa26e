# ruff: noqa: F811
"""Offline entry (issue 9, item 2) in headless Chromium with the context set offline: two
households keyed in without a connection wait in the browser with a visible count, go out
by themselves when the connection returns (no reload) and are stored once; one that met a
newer change on the server is shown as a conflict, not applied; an update of the worker
keeps the cached households; log-out leaves nothing of the user behind."""

import pytest

from scoring.models import Assessment
from tests.awards.entry.support import residents_of
from tests.browser.support import login, wait_until
from tests.support import ADULT, EIGHT_MET, PASSWORD, make_household

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}

WORKER_VERSION = """() => navigator.serviceWorker.ready.then((r) => new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = (e) => resolve(e.data.version);
    (navigator.serviceWorker.controller || r.active).postMessage({type: "version"}, [ch.port2]);
}))"""

CACHES = """() => caches.keys().then((keys) => Promise.all(keys.map((k) =>
    caches.open(k).then((c) => c.keys()).then((rs) => [k, rs.map((r) => r.url)]))))"""

QUEUE = """() => new Promise((resolve) => {
    const open = indexedDB.open("dongtam-entry", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("queue",
        {keyPath: "id", autoIncrement: true}).createIndex("user", "user");
    open.onsuccess = () => {
        const req = open.result.transaction("queue").objectStore("queue").getAll();
        req.onsuccess = () => { resolve(req.result); open.result.close(); };
    };
})"""


def _page_caches(page):
    return {k: urls for k, urls in page.evaluate(CACHES) if k.startswith("entry-pages-")}


def test_offline_entry_queue_conflict_worker_update_and_logout(
    new_page, team_user, open_phase, tdp, settings
):
    h1 = make_household(tdp, "101", [(ADULT, None)])
    h2 = make_household(tdp, "102", [(ADULT, EIGHT_MET)], open_phase)
    (m1,), (m2,) = residents_of(h1), residents_of(h2)
    url1 = f"/nhap-lieu/{open_phase.pk}/ho/{h1.pk}/"
    url2 = f"/nhap-lieu/{open_phase.pk}/ho/{h2.pk}/"
    page = new_page(PHONE)
    context = page.context
    login(page, "totruong8", PASSWORD)
    # Online: the TDP's list; the worker keeps every household listed.
    page.goto(f"/nhap-lieu/{open_phase.pk}/to/{tdp.pk}/")
    wait_until(page, "document.documentElement.dataset.precached === '2'")
    cached = _page_caches(page)
    assert list(cached) == [f"entry-pages-u{team_user.pk}"]
    first_version = page.evaluate(WORKER_VERSION)

    context.set_offline(True)
    page.goto(url1)  # never opened before: from the worker's cache
    assert page.locator("h1").inner_text() == "Hộ 101"
    page.locator(f"#m{m1.pk} [data-all-met]").click()
    page.click("button[name=save]")
    wait_until(
        page, "document.querySelector('.queue-badge')?.textContent.startsWith('1 phiếu chờ gửi')"
    )
    page.goto(url2)
    page.click(f"label[for=m{m2.pk}-tc9]")
    page.click("button[name=save]")
    wait_until(
        page, "document.querySelector('.queue-badge')?.textContent.startsWith('2 phiếu chờ gửi')"
    )
    assert not Assessment.objects.filter(resident=m1).exists()  # nothing reached the server
    # Meanwhile another team member changes household 102's form on the server.
    other = Assessment.objects.get(resident=m2, stage=Assessment.Stage.SELF)
    other.tc10 = True
    other.save()

    loads = []
    page.on("load", lambda _: loads.append(1))
    context.set_offline(False)  # the queue goes out by itself
    page.wait_for_selector(".queue-problem[data-queue-problem=conflict]", timeout=30_000)
    wait_until(page, "!document.querySelector('.queue-badge')")
    assert not loads  # no reload
    saved = Assessment.objects.get(resident=m1)
    assert saved.score == 100 and saved.recorded_by == team_user
    assert Assessment.history.filter(resident_id=m1.pk, history_type="+").count() == 1  # once
    other.refresh_from_db()
    assert other.tc10 and not other.tc9  # the conflict was not applied
    problem = page.locator(".queue-problem").inner_text()
    assert "Hộ 102" in problem
    assert "bạn nhập: 90 điểm (thiếu TC10)" in problem
    assert "đang lưu: 90 điểm (thiếu TC9)" in problem

    # An update of the worker keeps the households cached before it.
    settings.ENTRY_SW_BUILD = "update-2"
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    for _ in range(60):
        if page.evaluate(WORKER_VERSION) != first_version:
            break
        page.wait_for_timeout(250)
    assert page.evaluate(WORKER_VERSION) != first_version
    after = _page_caches(page)
    assert set(after) == set(cached) and set(cached[next(iter(cached))]) <= set(
        after[next(iter(after))]
    )
    context.set_offline(True)
    page.goto(url2)
    assert page.locator("h1").inner_text() == "Hộ 102"
    context.set_offline(False)

    # Log-out: the user's pages, queue and note are gone; the next user sees nothing.
    page.goto(f"/nhap-lieu/{open_phase.pk}/to/{tdp.pk}/")
    wait_until(page, "document.documentElement.dataset.precached === '2'")
    with page.expect_navigation():
        page.evaluate(
            "document.querySelector('form[action$=\"/accounts/logout/\"]').requestSubmit()"
        )
    page.wait_for_timeout(500)
    keys = [k for k, _ in page.evaluate(CACHES)]
    assert not [k for k in keys if k.startswith("entry-pages-") or k == "entry-meta"], keys
    assert page.evaluate(QUEUE) == []


def test_a_save_queued_while_the_session_expired_waits_for_the_next_log_in(
    new_page, team_user, other_team_user, open_phase, tdp
):
    from django.contrib.sessions.models import Session

    h1 = make_household(tdp, "101", [(ADULT, None)])
    (m1,) = residents_of(h1)
    page = new_page(PHONE)
    context = page.context
    login(page, "totruong8", PASSWORD)
    page.goto(f"/nhap-lieu/{open_phase.pk}/to/{tdp.pk}/")
    wait_until(page, "document.documentElement.dataset.precached === '1'")
    context.set_offline(True)
    page.goto(f"/nhap-lieu/{open_phase.pk}/ho/{h1.pk}/")
    page.locator(f"#m{m1.pk} [data-all-met]").click()
    page.click("button[name=save]")
    page.wait_for_selector(".queue-badge")
    Session.objects.all().delete()  # the session expires while offline
    context.set_offline(False)
    wait_until(
        page,
        "document.querySelector('.queue-badge')?.textContent.includes('đăng nhập lại')",
        timeout=30_000,
    )
    assert not Assessment.objects.filter(resident=m1).exists()
    assert len(page.evaluate(QUEUE)) == 1  # kept, never dropped
    # Another user on the same phone neither sees nor sends it.
    login(page, "totruong9", PASSWORD)
    page.goto("/nhap-lieu/")
    page.wait_for_timeout(500)
    assert page.locator(".queue-badge").count() == 0
    assert not Assessment.objects.filter(resident=m1).exists()
    # The member logs in again: it goes out by itself.
    page.context.clear_cookies()
    login(page, "totruong8", PASSWORD)
    page.goto(f"/nhap-lieu/{open_phase.pk}/to/{tdp.pk}/")
    wait_until(page, "!document.querySelector('.queue-badge')", timeout=30_000)
    assert Assessment.objects.get(resident=m1).score == 100
