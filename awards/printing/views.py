"""Print jobs in the browser: print the family certificates of a TDP or of the whole ward as
a background job (awards.printing.tasks), follow its progress, download it; the list of jobs
with the decisions whose Giấy khen may be printed (awards.decisions prints those).
Templates: templates/awards/printing/."""

from __future__ import annotations

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from awards.access import get_print_job_for_user, print_jobs_for_user
from awards.certificates.services import record_certificate_decision
from awards.decisions.services import decisions_to_print
from awards.models import PrintJob
from awards.printing import services as svc
from awards.printing.forms import PrintCertificatesForm
from awards.printing.tasks import start_print_job
from awards.procedure.errors import ProcedureError, show_error
from households.access import (
    CERTIFICATE_PRINTERS,
    JOB_READERS,
    MERIT_PRINTERS,
    has_role,
    role_required,
    ward_id_of,
)


@role_required(*CERTIFICATE_PRINTERS)
@require_http_methods(["GET", "POST"])
def certificate_print(request):
    """Choose a phase and a TDP (or the whole ward); the print runs as a background job."""
    data = request.POST if request.method == "POST" else None
    form = PrintCertificatesForm(data, user=request.user, wanted_phase=request.GET.get("phase"))
    if form.is_valid():
        try:
            if decision := form.decision():
                record_certificate_decision(form.cleaned_data["phase"], *decision, request.user)
        except ProcedureError as exc:
            show_error(request, exc, form)
        else:
            kind = PrintJob.Kind.FAMILY_CERTIFICATES
            job = start_print_job(kind, form.job_params(), request.user)
            return redirect("print_job_detail", pk=job.pk)
    frozen = svc.frozen_phase_ids(ward_id_of(request.user))
    jobs = print_jobs_for_user(request.user).filter(kind=PrintJob.Kind.FAMILY_CERTIFICATES)
    return render(
        request,
        "awards/printing/certificate_print.html",
        {
            "form": form,
            "phases": [(p, p.pk in frozen) for p in form.phases],
            "jobs": jobs[: svc.RECENT_JOBS],
        },
    )


@role_required(*JOB_READERS)
@require_GET
def print_job_list(request):
    decisions = None
    if has_role(request.user, *MERIT_PRINTERS):
        decisions = decisions_to_print(ward_id_of(request.user))
    return render(
        request,
        "awards/printing/print_job_list.html",
        {"jobs": print_jobs_for_user(request.user)[:50], "decisions": decisions},
    )


@role_required(*JOB_READERS)
@require_GET
def print_job_detail(request, pk):
    job = get_print_job_for_user(request.user, pk)
    return render(
        request,
        "awards/printing/print_job_detail.html",
        {"job": job, "status_url": reverse("print_job_status", args=[job.pk])},
    )


@role_required(*JOB_READERS)
@require_GET
def print_job_status(request, pk):
    job = get_print_job_for_user(request.user, pk)
    response = JsonResponse(svc.job_status(job))
    response["Cache-Control"] = "no-store"
    return response


@role_required(*JOB_READERS)
@require_GET
def print_job_download(request, pk):
    job = get_print_job_for_user(request.user, pk)
    if job.status != PrintJob.Status.DONE or not job.file:
        raise Http404("Tệp in chưa sẵn sàng.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp in trên máy chủ.") from exc
    filename = job.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
