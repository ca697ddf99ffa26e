"""What the print pages read besides the jobs themselves (awards.access.print_jobs_for_user):
which phases have frozen results, and a job's progress as the browser polls it."""

from __future__ import annotations

from django.urls import reverse

from awards.models import PrintJob
from scoring.models import StandingsSnapshot

RECENT_JOBS = 20


def frozen_phase_ids(ward_id: int) -> set[int]:
    """Phases of the ward whose results are approved and frozen (R13)."""
    return set(
        StandingsSnapshot.objects.filter(phase__campaign__ward_id=ward_id).values_list(
            "phase_id", flat=True
        )
    )


def job_status(job: PrintJob) -> dict:
    """The job's progress for the page that follows it (JSON)."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_display": job.get_status_display(),
        "stage": job.stage,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "error": job.error,
        "finished": job.status in (PrintJob.Status.DONE, PrintJob.Status.FAILED),
        "download_url": reverse("print_job_download", args=[job.pk])
        if job.status == PrintJob.Status.DONE and job.file
        else None,
    }
