"""Giấy chứng nhận "Gia đình công dân số" in the browser: the list of a phase's certificates
(search, TDP, valid / revoked), one certificate's PDF again, revoking one, and the public
verification page behind the QR code (`/xac-minh/`, no log-in).

Printing a whole TDP or ward is a print job (awards.printing). Work:
awards.certificates.services; templates: templates/awards/certificates/."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from awards.access import get_certificate_for_user
from awards.certificates import services as svc
from awards.certificates.forms import RevokeForm
from awards.printing.pdf import NothingToPrint
from awards.procedure.errors import ProcedureError, show_error
from dongtam.formatting import file_response
from dongtam.ratelimit import hit
from households.access import (
    CERTIFICATE_PRINTERS,
    CERTIFICATE_REVOKERS,
    has_role,
    role_required,
    ward_id_of,
)
from households.models import ResidentialGroup
from households.text import nfc_clean
from scoring.phases import chosen_phase, phases_for_user

PAGE_SIZE = 50


def _list_url(certificate, query: str = "") -> str:
    return reverse("certificate_list") + f"?phase={certificate.phase_id}{query}"


@role_required(*CERTIFICATE_PRINTERS)
@require_GET
def certificate_list(request):
    """Issued certificates of a phase (the current one unless `?phase=`), searchable by
    number or head's name, by TDP, valid or revoked."""
    phases = phases_for_user(request.user)
    phase = chosen_phase(phases, request.GET.get("phase"))
    tdps = list(ResidentialGroup.objects.filter(ward_id=ward_id_of(request.user)).in_code_order())
    tdp = next((t for t in tdps if str(t.pk) == request.GET.get("tdp")), None)
    q, status = nfc_clean(request.GET.get("q", "")), request.GET.get("status", "")
    certificates = svc.search_certificates(phase, tdp, q, status)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/certificates/list.html",
        {
            "phases": phases,
            "phase": phase,
            "tdps": tdps,
            "tdp": tdp,
            "q": q,
            "status": status,
            "page": Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "can_revoke": has_role(request.user, *CERTIFICATE_REVOKERS),
        },
    )


@role_required(*CERTIFICATE_PRINTERS)
@require_GET
def certificate_pdf(request, pk):
    """One certificate again (lost or damaged paper): same number and verification code."""
    certificate = get_certificate_for_user(request.user, pk)
    try:
        pdf = svc.render_one_certificate(certificate)
    except NothingToPrint as exc:
        messages.error(request, str(exc))
        return redirect(_list_url(certificate))
    return file_response(pdf, f"giay-chung-nhan-{certificate.pk}.pdf", inline=True)


@role_required(*CERTIFICATE_REVOKERS)
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk):
    certificate = get_certificate_for_user(request.user, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.revoke(certificate, request.user, form.cleaned_data["reason"])
        except ProcedureError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"Đã thu hồi giấy chứng nhận số {certificate.number}.")
            return redirect(_list_url(certificate, "&status=revoked"))
    return render(
        request,
        "awards/certificates/revoke.html",
        {"certificate": certificate, "form": form},
    )


# --- public verification ---------------------------------------------------------------------


def _too_many(request):
    """The public check is rate-limited per address (settings.VERIFY_RATE_PER_MINUTE), so the
    codes cannot be guessed by brute force; None while within the limit."""
    if hit(request, "verify", limit=settings.VERIFY_RATE_PER_MINUTE, window=60):
        return None
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
def verify_lookup(request):
    """For people without a scanner: type the code printed beneath the QR code."""
    if refused := _too_many(request):
        return refused
    typed = request.GET.get("ma")
    code = svc.verification_code_from(typed)
    if code:
        return redirect("verify_certificate", code=code)
    error = "Mã xác minh không hợp lệ: hãy nhập dãy ký tự in dưới mã QR." if typed else ""
    return render(request, "awards/certificates/verify_lookup.html", {"error": error})


@require_GET
def verify_certificate(request, code):
    """Public (no log-in), behind the QR code: only what is needed to trust the paper —
    head's name, TDP, campaign, issue date, valid or revoked. Nothing else personal."""
    if refused := _too_many(request):
        return refused
    canonical = svc.verification_code_from(code)
    if canonical and canonical != code:  # typed in lower case, with spaces…
        return redirect("verify_certificate", code=canonical)
    certificate = svc.certificate_for_verification(code)
    if certificate is None:
        response = render(
            request, "awards/certificates/verify_unknown.html", {"code": code}, status=404
        )
    else:
        response = render(request, "awards/certificates/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
