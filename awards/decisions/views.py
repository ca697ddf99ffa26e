"""Award decisions (Quyết định số …/QĐ-UBND): the campaign's list, issuing one from the lines
the Chairman approved, its detail, its list of awards as .xlsx / PDF, and its Giấy khen
(rendered now, or as a background print job for a large decision).

Roles (households.access): decisions are recorded by the office, an administrator or the
Chairman (DECISION_RECORDERS); ward roles read; Giấy khen are printed by MERIT_PRINTERS.
Work: awards.decisions.services (decisions), awards.decisions.merit (Giấy khen).
Templates: templates/awards/decisions/."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from awards.access import award_abilities, get_decision_for_user
from awards.decisions import services as svc
from awards.decisions.forms import DecisionForm, decision_initial
from awards.decisions.merit import approved_awards, render_merit_certificates
from awards.models import PrintJob
from awards.printing.pdf import NothingToPrint
from awards.printing.tasks import start_print_job
from awards.procedure.errors import ProcedureError, show_error
from dongtam.formatting import file_response
from households.access import AWARD_READERS, DECISION_RECORDERS, MERIT_PRINTERS, role_required
from scoring.phases import get_campaign_for_user, get_phase_by_number_for_user


@role_required(*AWARD_READERS)
def decisions_list(request, year: int):
    campaign = get_campaign_for_user(request.user, year)
    return render(
        request,
        "awards/decisions/list.html",
        {
            "campaign": campaign,
            "decisions": svc.campaign_decisions(campaign),
            "ready": svc.ready_by_phase(campaign),
            "phases": campaign.phases.order_by("number"),
            **award_abilities(request.user),
        },
    )


@role_required(*DECISION_RECORDERS)
def decision_create(request, year: int, phase: int):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    ward, today = phase.campaign.ward, timezone.localdate()
    form = DecisionForm(
        request.POST or None,
        phase=phase,
        lines=svc.lines_ready(phase),
        initial=decision_initial(phase, ward, today),
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = svc.create_decision(
                phase, **form.header(), lines=form.award_lines(), user=request.user
            )
        except ProcedureError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, svc.issued_summary(decision))
            return redirect("decision_detail", pk=decision.pk)
    return render(
        request,
        "awards/decisions/form.html",
        {
            "form": form,
            "phase": phase,
            "campaign": phase.campaign,
            "next_number": svc.next_decision_number(ward, today.year),
        },
    )


@role_required(*AWARD_READERS)
def decision_detail(request, pk: int):
    decision = get_decision_for_user(request.user, pk)
    awards = list(svc.decision_awards(decision))
    total = sum((a.amount or 0) for a in awards)
    return render(
        request,
        "awards/decisions/detail.html",
        {
            "decision": decision,
            "campaign": decision.campaign,
            "awards": awards,
            "total": total,
            "total_text": svc.format_dong(total),
            "merit_pdf_url": reverse("decision_merit_pdf", args=[decision.pk]),
            **award_abilities(request.user),
        },
    )


@role_required(*AWARD_READERS)
def decision_list_pdf(request, pk: int):
    decision = get_decision_for_user(request.user, pk)
    return file_response(
        svc.decision_list_pdf(decision),
        f"danh-sach-quyet-dinh-{decision.number}-{decision.year}.pdf",
        inline=True,
    )


@role_required(*AWARD_READERS)
def decision_xlsx(request, pk: int):
    decision = get_decision_for_user(request.user, pk)
    return file_response(
        svc.decision_workbook(decision), f"quyet-dinh-{decision.number}-{decision.year}.xlsx"
    )


# --- the decision's Giấy khen ----------------------------------------------------------------


@role_required(*MERIT_PRINTERS)
@require_GET
def decision_merit_pdf(request, pk):
    """The decision's Giấy khen, rendered now (small decisions); big ones: the job below."""
    decision = get_decision_for_user(request.user, pk)
    try:
        pdf = render_merit_certificates(decision)
    except NothingToPrint as exc:
        messages.error(request, str(exc))
        return redirect("print_job_list")
    return file_response(pdf, f"giay-khen-qd-{decision.number}-{decision.year}.pdf", inline=True)


@role_required(*MERIT_PRINTERS)
@require_POST
def decision_merit_print(request, pk):
    """Print a decision's Giấy khen in the background (large decisions)."""
    decision = get_decision_for_user(request.user, pk)
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
