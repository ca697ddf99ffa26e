"""Printing and certificates in the browser: print family certificates for a TDP or the whole
ward as a background job, follow its progress, download it; list and revoke certificates;
a decision's Giấy khen; the public verification page behind the QR code."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.certificates import services as certificate_service
from awards.decisions.merit import approved_awards, render_merit_certificates
from awards.models import AwardProposal, Decision, FamilyCertificate, PrintJob
from awards.printing.pdf import NothingToPrint
from awards.printing.tasks import start_print_job
from dongtam.forms import empty_choice
from households.access import (
    CERTIFICATE_PRINTERS,
    CERTIFICATE_REVOKERS,
    MERIT_PRINTERS,
    has_role,
    membership_of,
    role_required,
)
from households.models import ResidentialGroup
from households.text import nfc_clean
from scoring.models import Phase, StandingsSnapshot

JOB_READERS = tuple(dict.fromkeys(CERTIFICATE_PRINTERS + MERIT_PRINTERS))
RECENT_JOBS = 20


# ---------------------------------------------------------------- helpers (404 outside scope)


def _ward_id(user) -> int:
    return membership_of(user).ward_id


def _phases_for_user(user):
    return (
        Phase.objects.filter(campaign__ward_id=_ward_id(user))
        .select_related("campaign")
        .order_by("-campaign__year", "number")
    )


def _get_certificate_for_user(user, pk) -> FamilyCertificate:
    return get_object_or_404(
        FamilyCertificate.objects.select_related("phase__campaign", "household__tdp"),
        pk=pk,
        phase__campaign__ward_id=_ward_id(user),
    )


def _get_decision_for_user(user, pk) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("ward", "campaign"), pk=pk, ward_id=_ward_id(user)
    )


def _jobs_for_user(user):
    """Jobs of the user's ward that the user's role may print."""
    kinds = []
    if has_role(user, *CERTIFICATE_PRINTERS):
        kinds.append(PrintJob.Kind.FAMILY_CERTIFICATES)
    if has_role(user, *MERIT_PRINTERS):
        kinds.append(PrintJob.Kind.MERIT_CERTIFICATES)
    return PrintJob.objects.filter(
        kind__in=kinds, created_by__membership__ward_id=_ward_id(user)
    ).select_related("created_by")


def _get_print_job_for_user(user, pk) -> PrintJob:
    return get_object_or_404(_jobs_for_user(user), pk=pk)


# ---------------------------------------------------------------- family certificates


class PrintCertificatesForm(forms.Form):
    phase = forms.ModelChoiceField(
        queryset=Phase.objects.none(), label="Giai đoạn", empty_label=empty_choice("giai đoạn")
    )
    tdp = forms.ModelChoiceField(
        queryset=ResidentialGroup.objects.none(),
        required=False,
        empty_label="Toàn phường",
        label="Tổ dân phố",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = _phases_for_user(user)
        self.fields["phase"].error_messages["invalid_choice"] = "Giai đoạn không hợp lệ."
        self.fields["phase"].error_messages["required"] = "Hãy chọn giai đoạn."
        self.fields["tdp"].queryset = ResidentialGroup.objects.filter(
            ward_id=_ward_id(user)
        ).in_code_order()
        self.fields["tdp"].error_messages["invalid_choice"] = "Tổ dân phố không hợp lệ."


@role_required(*CERTIFICATE_PRINTERS)
@require_http_methods(["GET", "POST"])
def certificate_print(request):
    """Choose a phase and a TDP (or the whole ward); the print runs as a background job."""
    if request.method == "POST":
        form = PrintCertificatesForm(request.POST, user=request.user)
        if form.is_valid():
            phase, tdp = form.cleaned_data["phase"], form.cleaned_data["tdp"]
            job = start_print_job(
                PrintJob.Kind.FAMILY_CERTIFICATES,
                {"phase_id": phase.pk, "tdp_id": tdp.pk if tdp else None},
                request.user,
            )
            return redirect("print_job_detail", pk=job.pk)
    else:
        phases = list(_phases_for_user(request.user))
        initial = {"phase": phases[-1].pk} if phases else {}
        form = PrintCertificatesForm(initial=initial, user=request.user)
    frozen = set(
        StandingsSnapshot.objects.filter(
            phase__campaign__ward_id=_ward_id(request.user)
        ).values_list("phase_id", flat=True)
    )
    jobs = _jobs_for_user(request.user).filter(kind=PrintJob.Kind.FAMILY_CERTIFICATES)[
        :RECENT_JOBS
    ]
    return render(
        request,
        "awards/documents/certificate_print.html",
        {
            "form": form,
            "phases": [(p, p.pk in frozen) for p in form.fields["phase"].queryset],
            "jobs": jobs,
        },
    )


@role_required(*CERTIFICATE_PRINTERS)
@require_GET
def certificate_list(request):
    """Issued certificates of a phase, searchable by number or head's name, by TDP."""
    phases = list(_phases_for_user(request.user))
    phase = None
    if phases:
        wanted = request.GET.get("phase")
        phase = next((p for p in phases if str(p.pk) == wanted), phases[-1])
    tdps = list(ResidentialGroup.objects.filter(ward_id=_ward_id(request.user)).in_code_order())
    tdp = next((t for t in tdps if str(t.pk) == request.GET.get("tdp")), None)
    q = nfc_clean(request.GET.get("q", ""))
    status = request.GET.get("status", "")
    certificates = FamilyCertificate.objects.none()
    if phase is not None:
        certificates = FamilyCertificate.objects.filter(phase=phase).select_related(
            "household__tdp"
        )
        if tdp is not None:
            certificates = certificates.filter(household__tdp=tdp)
        if q:
            certificates = certificates.filter(
                Q(number__icontains=q) | Q(head_name__icontains=q) | Q(household__code=q)
            )
        if status == "valid":
            certificates = certificates.filter(revoked_at__isnull=True)
        elif status == "revoked":
            certificates = certificates.filter(revoked_at__isnull=False)
        certificates = certificates.order_by("number")
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/documents/certificate_list.html",
        {
            "phases": phases,
            "phase": phase,
            "tdps": tdps,
            "tdp": tdp,
            "q": q,
            "status": status,
            "page": page,
            "query": query.urlencode(),
            "can_revoke": has_role(request.user, *CERTIFICATE_REVOKERS),
        },
    )


@role_required(*CERTIFICATE_PRINTERS)
@require_GET
def certificate_pdf(request, pk):
    """One certificate again (lost or damaged paper): same number and verification code."""
    certificate = _get_certificate_for_user(request.user, pk)
    try:
        pdf = certificate_service.render_one_certificate(certificate)
    except NothingToPrint as exc:
        messages.error(request, str(exc))
        return redirect(reverse("certificate_list") + f"?phase={certificate.phase_id}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-{certificate.pk}.pdf"'
    return response


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=True,
        error_messages={"required": "Phải nhập lý do thu hồi giấy chứng nhận."},
    )


@role_required(*CERTIFICATE_REVOKERS)
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk):
    certificate = _get_certificate_for_user(request.user, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_service.revoke(certificate, request.user, form.cleaned_data["reason"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"Đã thu hồi giấy chứng nhận số {certificate.number}.")
            return redirect(
                reverse("certificate_list") + f"?phase={certificate.phase_id}&status=revoked"
            )
    return render(
        request,
        "awards/documents/certificate_revoke.html",
        {"certificate": certificate, "form": form},
    )


# ---------------------------------------------------------------- public verification


@require_GET
def verify_lookup(request):
    """For people without a scanner: type the code printed beneath the QR code."""
    code = "".join((request.GET.get("ma") or "").split())
    if code:
        if code.startswith("http"):
            code = code.rstrip("/").rsplit("/", 1)[-1]
        return redirect("verify_certificate", code=code)
    return render(request, "awards/documents/verify_lookup.html")


@require_GET
def verify_certificate(request, code):
    """Public (no log-in), behind the QR code: only what is needed to trust the paper —
    head's name, TDP, campaign, issue date, valid or revoked. Nothing else personal."""
    certificate = (
        FamilyCertificate.objects.select_related("phase__campaign__ward")
        .only(
            "number",
            "head_name",
            "tdp_name",
            "issued_on",
            "revoked_at",
            "phase__number",
            "phase__kind",
            "phase__campaign__name",
            "phase__campaign__year",
            "phase__campaign__ward__name",
        )
        .filter(verification_code=code)
        .first()
    )
    if certificate is None:
        response = render(
            request, "awards/documents/verify_unknown.html", {"code": code}, status=404
        )
    else:
        response = render(request, "awards/documents/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# ---------------------------------------------------------------- print jobs


@role_required(*JOB_READERS)
@require_GET
def print_job_list(request):
    jobs = _jobs_for_user(request.user)[:50]
    decisions = None
    if has_role(request.user, *MERIT_PRINTERS):
        decisions = (
            Decision.objects.filter(ward_id=_ward_id(request.user))
            .select_related("campaign")
            .annotate(
                approved=Count("awards", filter=Q(awards__status=AwardProposal.Status.APPROVED))
            )
            .order_by("-year", "-number")[:20]
        )
    return render(
        request,
        "awards/documents/print_job_list.html",
        {"jobs": jobs, "decisions": decisions},
    )


@role_required(*JOB_READERS)
@require_GET
def print_job_detail(request, pk):
    job = _get_print_job_for_user(request.user, pk)
    return render(
        request,
        "awards/documents/print_job_detail.html",
        {"job": job, "status_url": reverse("print_job_status", args=[job.pk])},
    )


def job_status_json(job: PrintJob) -> dict:
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


@role_required(*JOB_READERS)
@require_GET
def print_job_status(request, pk):
    job = _get_print_job_for_user(request.user, pk)
    response = JsonResponse(job_status_json(job))
    response["Cache-Control"] = "no-store"
    return response


@role_required(*JOB_READERS)
@require_GET
def print_job_download(request, pk):
    job = _get_print_job_for_user(request.user, pk)
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


# ---------------------------------------------------------------- Giấy khen of a decision


@role_required(*MERIT_PRINTERS)
@require_GET
def decision_merit_pdf(request, pk):
    """The decision's Giấy khen, rendered now (small decisions); big ones: the job below."""
    decision = _get_decision_for_user(request.user, pk)
    try:
        pdf = render_merit_certificates(decision)
    except NothingToPrint as exc:
        messages.error(request, str(exc))
        return redirect("print_job_list")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="giay-khen-qd-{decision.number}-{decision.year}.pdf"'
    )
    return response


@role_required(*MERIT_PRINTERS)
@require_POST
def decision_merit_print(request, pk):
    """Print a decision's Giấy khen in the background (large decisions)."""
    decision = _get_decision_for_user(request.user, pk)
    if not approved_awards(decision):
        messages.error(
            request,
            f"Quyết định số {decision.reference} chưa có khen thưởng nào được duyệt để in.",
        )
        return redirect("print_job_list")
    job = start_print_job(
        PrintJob.Kind.MERIT_CERTIFICATES, {"decision_id": decision.pk}, request.user
    )
    return redirect("print_job_detail", pk=job.pk)
