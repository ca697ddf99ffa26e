"""Award proposals of a phase (R6 TDP award, R8 ward team, R9 nominations), the Chairman's
decision on each line, the ward's targets (R8) and the campaign's pledge list.

Roles (households.access): the standing office and administrators compile (AWARD_COMPILERS),
the Chairman approves or rejects (AWARD_DECIDERS); ward staff read; TDP roles get 403
everywhere here. Work: awards.proposals.services; forms: awards.proposals.forms; templates:
templates/awards/proposals/. Decisions are awards.decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from awards.access import (
    award_abilities,
    get_pledge_for_user,
    get_proposal_for_user,
    get_target_for_user,
)
from awards.models import Pledge
from awards.procedure.errors import ProcedureError, show_error
from awards.proposals import services as svc
from awards.proposals.forms import DecideForm, NominationForm, PledgeForm, WardTargetForm
from dongtam.formatting import file_response
from households.access import (
    AWARD_COMPILERS,
    AWARD_DECIDERS,
    AWARD_READERS,
    role_required,
    ward_id_of,
)
from scoring.phases import get_campaign_for_user, get_phase_by_number_for_user


def _phase_url(name: str, phase) -> str:
    return reverse(name, args=[phase.campaign.year, phase.number])


def _next_or(request, default: str) -> str:
    """The form's `next` address when it is on this site, else `default`."""
    back = request.POST.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return back if back and safe else default


# --- index, proposals list -------------------------------------------------------------------


@role_required(*AWARD_READERS)
def proposals_index(request):
    campaigns = svc.ward_campaigns(ward_id_of(request.user))
    return render(request, "awards/proposals/index.html", {"campaigns": campaigns})


@role_required(*AWARD_READERS)
def proposals_list(request, year: int, phase: int):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    context = {
        "phase": phase,
        "campaign": phase.campaign,
        **svc.phase_proposals(phase),
        "decide_form": DecideForm(),
        **award_abilities(request.user),
    }
    return render(request, "awards/proposals/list.html", context)


@require_POST
@role_required(*AWARD_COMPILERS)
def proposals_generate(request, year: int, phase: int):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    result = svc.generate_proposals(phase, request.user)
    messages.success(request, result.summary())
    for note in result.notes:
        messages.warning(request, note)
    return redirect(_phase_url("proposals_list", phase))


# --- nominations (R9) -------------------------------------------------------------------------


def _nomination_page(request, form, phase, proposal=None):
    return render(
        request,
        "awards/proposals/nomination_form.html",
        {"form": form, "phase": phase, "campaign": phase.campaign, "proposal": proposal},
    )


@role_required(*AWARD_COMPILERS)
def proposal_nominate(request, year: int, phase: int):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    form = NominationForm(request.POST or None, ward=phase.campaign.ward)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = svc.save_nomination(phase, form.cleaned_data, request.user)
        except ValidationError as exc:  # ProcedureError, or the model's own validation
            show_error(request, exc, form)
        else:
            messages.success(request, f"Đã thêm đề nghị khen thưởng “{proposal.recipient_name}”.")
            if "add_another" in request.POST:
                return redirect(_phase_url("proposal_nominate", phase))
            return redirect(_phase_url("proposals_list", phase))
    return _nomination_page(request, form, phase)


@role_required(*AWARD_COMPILERS)
def proposal_edit(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk)
    try:
        svc.ensure_nomination(proposal)
        svc.ensure_editable(proposal)
    except ProcedureError as exc:
        show_error(request, exc)
        return redirect("proposal_detail", pk=proposal.pk)
    form = NominationForm(request.POST or None, instance=proposal, ward=proposal.campaign.ward)
    if request.method == "POST" and form.is_valid():
        try:
            svc.save_nomination(proposal.phase, form.cleaned_data, request.user, proposal)
        except ValidationError as exc:  # ProcedureError, or the model's own validation
            show_error(request, exc, form)
        else:
            messages.success(request, "Đã lưu đề nghị.")
            return redirect(_phase_url("proposals_list", proposal.phase))
    return _nomination_page(request, form, proposal.phase, proposal)


@require_POST
@role_required(*AWARD_COMPILERS)
def proposal_delete(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk)
    try:
        svc.delete_proposal(proposal)
    except ProcedureError as exc:
        show_error(request, exc)
        return redirect("proposal_detail", pk=proposal.pk)
    messages.success(request, f"Đã xóa đề nghị “{proposal.recipient_name}”.")
    return redirect(_phase_url("proposals_list", proposal.phase))


@role_required(*AWARD_READERS)
def proposal_detail(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk)
    history = proposal.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "awards/proposals/detail.html",
        {
            "proposal": proposal,
            "phase": proposal.phase,
            "campaign": proposal.campaign,
            "history": history,
            "decide_form": DecideForm(),
            **award_abilities(request.user),
        },
    )


# --- the Chairman decides -----------------------------------------------------------------------


@require_POST
@role_required(*AWARD_DECIDERS)
def proposal_decide(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk)
    form = DecideForm(request.POST)
    target = _next_or(request, reverse("proposal_detail", args=[proposal.pk]))
    if not form.is_valid():
        messages.error(request, f"“{proposal.recipient_name}”: {form.error_text()}")
        return redirect(target)
    approve = form.cleaned_data["action"] == "approve"
    try:
        svc.decide(proposal, request.user, approve, form.cleaned_data["reason"])
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        verb = "duyệt" if approve else "không duyệt"
        messages.success(request, f"Đã {verb} đề nghị “{proposal.recipient_name}”.")
    return redirect(target)


@require_POST
@role_required(*AWARD_DECIDERS)
def proposals_bulk_approve(request, year: int, phase: int):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    if not ids:
        messages.error(request, "Chưa chọn dòng đề nghị nào để duyệt.")
    else:
        n = svc.bulk_approve(phase, ids, request.user)
        messages.success(request, f"Đã duyệt {n} đề nghị.")
    return redirect(_phase_url("proposals_list", phase))


# --- R8 targets ---------------------------------------------------------------------------------


@role_required(*AWARD_READERS)
def ward_targets(request, year: int, phase: int):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    return render(
        request,
        "awards/proposals/targets.html",
        {
            "phase": phase,
            "campaign": phase.campaign,
            "assessment": svc.ward_team_assessment(phase),
            **award_abilities(request.user),
        },
    )


@role_required(*AWARD_COMPILERS)
def ward_target_form(request, year: int, phase: int, pk: int | None = None):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    target = get_target_for_user(request.user, phase.campaign, pk) if pk else None
    form = WardTargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        saved = svc.save_target(phase.campaign, form.save(commit=False), new=target is None)
        messages.success(request, f"Đã lưu chỉ tiêu “{saved}”.")
        return redirect(_phase_url("ward_targets", phase))
    return render(
        request,
        "awards/proposals/target_form.html",
        {"form": form, "phase": phase, "campaign": phase.campaign, "target": target},
    )


@require_POST
@role_required(*AWARD_COMPILERS)
def ward_target_delete(request, year: int, phase: int, pk: int):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    target = get_target_for_user(request.user, phase.campaign, pk)
    svc.delete_target(target)
    messages.success(request, f"Đã xóa chỉ tiêu “{target}”.")
    return redirect(_phase_url("ward_targets", phase))


# --- pledge list -------------------------------------------------------------------------------


@role_required(*AWARD_READERS)
def pledges(request, year: int):
    campaign = get_campaign_for_user(request.user, year)
    return render(
        request,
        "awards/proposals/pledges.html",
        {
            "campaign": campaign,
            "pledges": Pledge.objects.filter(campaign=campaign),
            "phases": campaign.phases.order_by("number"),
            **award_abilities(request.user),
        },
    )


@role_required(*AWARD_COMPILERS)
def pledge_form(request, year: int, pk: int | None = None):
    campaign = get_campaign_for_user(request.user, year)
    pledge = get_pledge_for_user(request.user, campaign, pk) if pk else None
    form = PledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid():
        svc.save_pledge(campaign, form.cleaned_data, pledge)
        messages.success(request, "Đã lưu danh sách ký cam kết.")
        return redirect("pledges", year=campaign.year)
    return render(
        request,
        "awards/proposals/pledge_form.html",
        {"form": form, "campaign": campaign, "pledge": pledge},
    )


@require_POST
@role_required(*AWARD_COMPILERS)
def pledge_move(request, year: int, pk: int):
    campaign = get_campaign_for_user(request.user, year)
    pledge = get_pledge_for_user(request.user, campaign, pk)
    svc.move_pledge(pledge, -1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("pledges", args=[campaign.year]) + f"#pledge-{pledge.pk}")


@require_POST
@role_required(*AWARD_COMPILERS)
def pledge_delete(request, year: int, pk: int):
    campaign = get_campaign_for_user(request.user, year)
    pledge = get_pledge_for_user(request.user, campaign, pk)
    svc.delete_pledge(pledge)
    messages.success(request, f"Đã xóa “{pledge.organisation}” khỏi danh sách ký cam kết.")
    return redirect("pledges", year=campaign.year)


@role_required(*AWARD_READERS)
def pledges_pdf(request, year: int):
    campaign = get_campaign_for_user(request.user, year)
    filename = f"danh-sach-ky-cam-ket-{year}.pdf"
    return file_response(svc.pledges_pdf(campaign), filename, inline=True)


@role_required(*AWARD_READERS)
def pledges_xlsx(request, year: int):
    campaign = get_campaign_for_user(request.user, year)
    return file_response(svc.pledges_workbook(campaign), f"danh-sach-ky-cam-ket-{year}.xlsx")
