"""The print job page in headless Chromium: it polls the status endpoint every 2 s (no CDN),
shows the worker's progress as it moves, and offers the download once the PDF is there."""

import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from awards.models import PrintJob
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture
def page(live_server, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing (Debian chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="vi-VN"
        )
        context.set_default_timeout(15_000)
        requests = []
        context.on("request", lambda r: requests.append(r.url))
        p = context.new_page()
        p.requests = requests
        yield p
        context.close()
        browser.close()


def test_job_page_follows_progress_then_offers_download(page, live_server, staff_user):
    staff_user.set_password(PASSWORD)
    staff_user.save()
    job = PrintJob.objects.create(
        kind=PrintJob.Kind.FAMILY_CERTIFICATES,
        params={"phase_id": 1},
        created_by=staff_user,
        status=PrintJob.Status.QUEUED,
    )
    page.goto("/accounts/login/")
    page.fill("#id_username", staff_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"/in-an/{job.pk}/")
    assert page.locator("#job-queued-hint").is_visible()
    assert not page.locator("#job-download").is_visible()

    # The worker picks the job up and reports layout progress.
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJob.Status.RUNNING, total=400, done=100, stage="Đang dàn trang 100/400"
    )
    page.wait_for_function("document.getElementById('job-bar').textContent === '25%'")
    assert page.locator("#job-stage").inner_text() == "Đang dàn trang 100/400"
    assert not page.locator("#job-queued-hint").is_visible()

    # Done: the file is stored, the page shows the download without a reload.
    job.refresh_from_db()
    job.file.save("gcn.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    job.status, job.done, job.stage = PrintJob.Status.DONE, 400, "— đã in 400 trang"
    job.save()
    page.locator("#job-download").wait_for(state="visible")
    assert page.locator("#job-bar").inner_text() == "100%"
    assert page.locator("#job-status").inner_text() == "Hoàn thành"
    with page.expect_download() as download:
        page.click("#job-download")
    assert download.value.suggested_filename.endswith(".pdf")
    # Everything came from the app itself (ward offices have unreliable Internet).
    assert all(url.startswith(live_server.url) for url in page.requests), page.requests
