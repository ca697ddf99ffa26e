"""The print job page in headless Chromium: it polls the status endpoint every 2 s (no CDN),
shows the worker's progress as it moves, and offers the download once the PDF is there."""

import os

import pytest
from django.core.files.base import ContentFile

from awards.models import PrintJob
from tests.support import PASSWORD

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(new_page, settings, tmp_path):
    """A 360 px page (the session's shared headless Chromium) that records every request."""
    settings.MEDIA_ROOT = tmp_path
    p = new_page({"width": 360, "height": 740})
    requests = []
    p.context.on("request", lambda r: requests.append(r.url))
    p.requests = requests
    return p


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
    # A function, not an expression string: Playwright evaluates a bare expression with
    # eval(), which the Content-Security-Policy (no 'unsafe-eval') refuses.
    page.wait_for_function("() => document.getElementById('job-bar').textContent === '25%'")
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
