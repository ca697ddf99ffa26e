"""Background printing (django-tasks; the worker is `manage.py db_worker`).

`start_print_job` records a PrintJob and enqueues `run_print_job` with the job's primary key
only; the task prints in chunks on every core (awards.printing.chunked) into a temporary file,
reporting progress on the job row as chunks finish (which the browser polls), and stores the
PDF in PrintJob.file. A failed chunk fails the job (status "failed", with the error)."""

from __future__ import annotations

import logging
import tempfile
import time

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from awards.certificates.services import print_family_certificates
from awards.decisions.merit import print_merit_certificates
from awards.models import Decision, PrintJob
from awards.printing.pdf import NothingToPrint
from households.models import ResidentialGroup
from scoring.models import Phase

logger = logging.getLogger(__name__)

# The browser polls every 2 s; writing progress more often than this is wasted work.
PROGRESS_INTERVAL_SECONDS = 1.0


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class _Progress:
    """Writes stage / done / total to the job row, throttled (a change of stage and the last
    page of a stage are always written)."""

    def __init__(self, job: PrintJob, noun: str):
        self.job_id = job.pk
        self.noun = noun
        self.last_write = 0.0
        self.last_stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if (
            stage == self.last_stage
            and done < total
            and now - self.last_write < PROGRESS_INTERVAL_SECONDS
        ):
            return
        if stage == "issued":
            text = f"Đã chuẩn bị {_n(total)} {self.noun}; bắt đầu dàn trang"
            done = 0
        elif stage == "layout":
            text = f"Đang dàn trang {_n(done)}/{_n(total)}"
        else:
            text = f"Đang ghi tệp PDF ({_n(total)} trang)"
            done = total
        PrintJob.objects.filter(pk=self.job_id).update(done=done, total=total, stage=text)
        self.last_write, self.last_stage = now, stage


def _filename(job: PrintJob) -> str:
    if job.kind == PrintJob.Kind.FAMILY_CERTIFICATES:
        phase = Phase.objects.select_related("campaign").get(pk=job.params["phase_id"])
        name = f"giay-chung-nhan-gdcds-{phase.campaign.year}-gd{phase.number}"
        if job.params.get("tdp_id"):
            name += "-to-" + slugify(ResidentialGroup.objects.get(pk=job.params["tdp_id"]).code)
        else:
            name += "-toan-phuong"
    else:
        decision = Decision.objects.get(pk=job.params["decision_id"])
        name = f"giay-khen-qd-{decision.number}-{decision.year}"
    return f"{name}-{job.pk}.pdf"


def _render(job: PrintJob, output) -> int:
    """Print the job into `output` (a binary file); returns the number of pages."""
    if job.kind == PrintJob.Kind.FAMILY_CERTIFICATES:
        phase = Phase.objects.select_related("campaign__ward").get(pk=job.params["phase_id"])
        tdp_id = job.params.get("tdp_id")
        tdp = ResidentialGroup.objects.get(pk=tdp_id) if tdp_id else None
        issued = print_family_certificates(
            phase, tdp, output, progress=_Progress(job, "giấy chứng nhận")
        )
        return len(issued.items)
    if job.kind == PrintJob.Kind.MERIT_CERTIFICATES:
        decision = Decision.objects.get(pk=job.params["decision_id"])
        return print_merit_certificates(decision, output, progress=_Progress(job, "Giấy khen"))
    raise ValueError(f"Unknown print job kind {job.kind!r}")


@task()
def run_print_job(job_id: int) -> str:
    """Render the job's PDF and store it; the job row says how it went."""
    job = PrintJob.objects.get(pk=job_id)
    if job.status == PrintJob.Status.DONE:
        return job.status  # a retried task never prints twice
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJob.Status.RUNNING, stage="Đang chuẩn bị dữ liệu", error=""
    )
    try:
        with tempfile.TemporaryFile() as output:
            pages = _render(job, output)
            output.seek(0)
            job.refresh_from_db()
            job.file.save(_filename(job), File(output), save=False)
        job.status = PrintJob.Status.DONE
        job.total = job.done = pages
        job.stage = f"— đã in {_n(pages)} trang"
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "total", "done", "stage", "finished_at"])
    except NothingToPrint as exc:
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintJob.Status.FAILED, error=str(exc), stage="", finished_at=timezone.now()
        )
    except Exception as exc:
        logger.exception("Print job %s failed", job_id)
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintJob.Status.FAILED,
            error=f"Lỗi khi in ({type(exc).__name__}): {exc}",
            stage="",
            finished_at=timezone.now(),
        )
        raise
    return PrintJob.objects.values_list("status", flat=True).get(pk=job.pk)


def start_print_job(kind: str, params: dict, user) -> PrintJob:
    """Record the job, then queue it (after the row is committed, so the worker sees it)."""
    with transaction.atomic():
        job = PrintJob.objects.create(kind=kind, params=params, created_by=user)
    result = run_print_job.enqueue(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job
