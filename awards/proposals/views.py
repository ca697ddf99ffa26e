"""Proposals (R6, R8, R9), the pledge list, the Chairman's decisions and award decisions.

Roles (households.access): the standing office and administrators compile (AWARD_COMPILERS),
the Chairman approves or rejects (AWARD_DECIDERS), decisions are recorded by the office, an
administrator or the Chairman (DECISION_RECORDERS); ward staff read and print; TDP roles get
403 everywhere here. Views stay thin: the work is in awards.proposals.services and
awards.decisions.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from awards.decisions import services as decisions_svc
from awards.documents.services import XLSX_CONTENT_TYPE
from awards.models import AwardProposal, Decision, Pledge, WardTarget
from awards.procedure.errors import ProcedureError, show_error
from awards.proposals import services as svc
from awards.proposals.forms import (
    DecideForm,
    DecisionForm,
    NominationForm,
    PledgeForm,
    WardTargetForm,
    decision_initial,
)
from households.access import (
    AWARD_COMPILERS,
    AWARD_DECIDERS,
    AWARD_READERS,
    DECISION_RECORDERS,
    has_role,
    membership_of,
    role_required,
)
from scoring.models import Campaign, Phase, StandingsSnapshot

Category = AwardProposal.Category
Status = AwardProposal.Status
NOMINATIONS = (Category.INDIVIDUAL, Category.COLLECTIVE)


# --- objects the user may see (404 otherwise) ------------------------------------------------


def _ward_id(user) -> int:
    return membership_of(user).ward_id


def _get_campaign_for_user(user, year: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.select_related("ward"), ward_id=_ward_id(user), year=year
    )


def _get_phase_for_user(user, year: int, number: int) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("campaign__ward"),
        campaign__ward_id=_ward_id(user),
        campaign__year=year,
        number=number,
    )


def _get_proposal_for_user(user, pk: int) -> AwardProposal:
    return get_object_or_404(
        AwardProposal.objects.select_related(
            "campaign__ward", "phase__campaign__ward", "tdp", "decision", "decided_by"
        ),
        pk=pk,
        campaign__ward_id=_ward_id(user),
    )


def _get_decision_for_user(user, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("ward", "campaign", "phase"),
        pk=pk,
        ward_id=_ward_id(user),
    )


def _get_target_for_user(user, campaign: Campaign, pk: int) -> WardTarget:
    return get_object_or_404(WardTarget, pk=pk, campaign=campaign)


def _get_pledge_for_user(user, campaign: Campaign, pk: int) -> Pledge:
    return get_object_or_404(Pledge, pk=pk, campaign=campaign)


def _permissions(user) -> dict:
    return {
        "can_compile": has_role(user, *AWARD_COMPILERS),
        "can_decide": has_role(user, *AWARD_DECIDERS),
        "can_record": has_role(user, *DECISION_RECORDERS),
    }


def _phase_url(name: str, phase: Phase) -> str:
    return reverse(name, args=[phase.campaign.year, phase.number])


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- index, proposals list -------------------------------------------------------------------


@role_required(*AWARD_READERS)
def proposals_index(request):
    campaigns = (
        Campaign.objects.filter(ward_id=_ward_id(request.user))
        .prefetch_related("phases")
        .order_by("-year")
    )
    return render(request, "awards/proposals/index.html", {"campaigns": campaigns})


@role_required(*AWARD_READERS)
def proposals_list(request, year: int, phase: int):
    phase = _get_phase_for_user(request.user, year, phase)
    lines = list(
        AwardProposal.objects.for_phase(phase)
        .select_related("tdp", "decision", "decided_by")
        .order_by("category", "tdp__sort_key", "id")
    )
    groups = []
    for value, label in Category.choices:
        items = [p for p in lines if p.category == value]
        groups.append({"category": value, "label": label, "lines": items})
    counts = {s: sum(1 for p in lines if p.status == s) for s in Status.values}
    context = {
        "phase": phase,
        "campaign": phase.campaign,
        "groups": groups,
        "lines": lines,
        "counts": counts,
        "status_labels": dict(Status.choices),
        "ready_count": sum(1 for p in lines if p.status == Status.APPROVED and not p.decision_id),
        "frozen": StandingsSnapshot.objects.filter(phase=phase).exists(),
        "decide_form": DecideForm(),
        **_permissions(request.user),
    }
    return render(request, "awards/proposals/list.html", context)


@require_POST
@role_required(*AWARD_COMPILERS)
def proposals_generate(request, year: int, phase: int):
    phase = _get_phase_for_user(request.user, year, phase)
    result = svc.generate_proposals(phase, request.user)
    messages.success(request, result.summary())
    for note in result.notes:
        messages.warning(request, note)
    return redirect(_phase_url("proposals_list", phase))


# --- nominations (R9) -------------------------------------------------------------------------


@role_required(*AWARD_COMPILERS)
def proposal_nominate(request, year: int, phase: int):
    phase = _get_phase_for_user(request.user, year, phase)
    form = NominationForm(request.POST or None, ward=phase.campaign.ward)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = svc.save_nomination(phase, form.cleaned_data, request.user)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, f"Đã thêm đề nghị khen thưởng “{proposal.recipient_name}”.")
            if "add_another" in request.POST:
                return redirect(_phase_url("proposal_nominate", phase))
            return redirect(_phase_url("proposals_list", phase))
    return render(
        request,
        "awards/proposals/nomination_form.html",
        {"form": form, "phase": phase, "campaign": phase.campaign, "proposal": None},
    )


@role_required(*AWARD_COMPILERS)
def proposal_edit(request, pk: int):
    proposal = _get_proposal_for_user(request.user, pk)
    phase = proposal.phase
    if proposal.category not in NOMINATIONS:
        messages.error(
            request,
            "Dòng đề xuất này do phần mềm tính theo quy định: bấm “Tính đề xuất” để "
            "cập nhật, không sửa tay.",
        )
        return redirect("proposal_detail", pk=proposal.pk)
    try:
        svc.ensure_editable(proposal)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("proposal_detail", pk=proposal.pk)
    form = NominationForm(request.POST or None, instance=proposal, ward=proposal.campaign.ward)
    if request.method == "POST" and form.is_valid():
        try:
            svc.save_nomination(phase, form.cleaned_data, request.user, proposal=proposal)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Đã lưu đề nghị.")
            return redirect(_phase_url("proposals_list", phase))
    return render(
        request,
        "awards/proposals/nomination_form.html",
        {"form": form, "phase": phase, "campaign": proposal.campaign, "proposal": proposal},
    )


@require_POST
@role_required(*AWARD_COMPILERS)
def proposal_delete(request, pk: int):
    proposal = _get_proposal_for_user(request.user, pk)
    phase = proposal.phase
    if proposal.category not in NOMINATIONS:
        messages.error(request, "Chỉ xóa được đề nghị cá nhân, tập thể do đơn vị đề xuất.")
        return redirect("proposal_detail", pk=proposal.pk)
    try:
        svc.delete_proposal(proposal)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("proposal_detail", pk=proposal.pk)
    messages.success(request, f"Đã xóa đề nghị “{proposal.recipient_name}”.")
    return redirect(_phase_url("proposals_list", phase))


@role_required(*AWARD_READERS)
def proposal_detail(request, pk: int):
    proposal = _get_proposal_for_user(request.user, pk)
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
            **_permissions(request.user),
        },
    )


# --- the Chairman decides -----------------------------------------------------------------------


@require_POST
@role_required(*AWARD_DECIDERS)
def proposal_decide(request, pk: int):
    proposal = _get_proposal_for_user(request.user, pk)
    form = DecideForm(request.POST)
    back = request.POST.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    target = back if back and safe else reverse("proposal_detail", args=[proposal.pk])
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"“{proposal.recipient_name}”: {errors}")
        return redirect(target)
    approve = form.cleaned_data["action"] == "approve"
    try:
        svc.decide(proposal, request.user, approve, form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        verb = "duyệt" if approve else "không duyệt"
        messages.success(request, f"Đã {verb} đề nghị “{proposal.recipient_name}”.")
    return redirect(target)


@require_POST
@role_required(*AWARD_DECIDERS)
def proposals_bulk_approve(request, year: int, phase: int):
    phase = _get_phase_for_user(request.user, year, phase)
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
    phase = _get_phase_for_user(request.user, year, phase)
    assessment = svc.ward_team_assessment(phase)
    return render(
        request,
        "awards/proposals/targets.html",
        {
            "phase": phase,
            "campaign": phase.campaign,
            "assessment": assessment,
            **_permissions(request.user),
        },
    )


@role_required(*AWARD_COMPILERS)
def ward_target_form(request, year: int, phase: int, pk: int | None = None):
    phase = _get_phase_for_user(request.user, year, phase)
    target = _get_target_for_user(request.user, phase.campaign, pk) if pk else None
    form = WardTargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.campaign = phase.campaign
        obj._change_reason = "Sửa chỉ tiêu" if target else "Thêm chỉ tiêu"
        obj.save()
        messages.success(request, f"Đã lưu chỉ tiêu “{obj}”.")
        return redirect(_phase_url("ward_targets", phase))
    return render(
        request,
        "awards/proposals/target_form.html",
        {"form": form, "phase": phase, "campaign": phase.campaign, "target": target},
    )


@require_POST
@role_required(*AWARD_COMPILERS)
def ward_target_delete(request, year: int, phase: int, pk: int):
    phase = _get_phase_for_user(request.user, year, phase)
    target = _get_target_for_user(request.user, phase.campaign, pk)
    target._change_reason = "Xóa chỉ tiêu"
    target.delete()
    messages.success(request, f"Đã xóa chỉ tiêu “{target}”.")
    return redirect(_phase_url("ward_targets", phase))


# --- pledge list -------------------------------------------------------------------------------


@role_required(*AWARD_READERS)
def pledges(request, year: int):
    campaign = _get_campaign_for_user(request.user, year)
    return render(
        request,
        "awards/proposals/pledges.html",
        {
            "campaign": campaign,
            "pledges": Pledge.objects.filter(campaign=campaign),
            "phases": campaign.phases.order_by("number"),
            **_permissions(request.user),
        },
    )


@role_required(*AWARD_COMPILERS)
def pledge_form(request, year: int, pk: int | None = None):
    campaign = _get_campaign_for_user(request.user, year)
    pledge = _get_pledge_for_user(request.user, campaign, pk) if pk else None
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
    campaign = _get_campaign_for_user(request.user, year)
    pledge = _get_pledge_for_user(request.user, campaign, pk)
    svc.move_pledge(pledge, -1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("pledges", args=[campaign.year]) + f"#pledge-{pledge.pk}")


@require_POST
@role_required(*AWARD_COMPILERS)
def pledge_delete(request, year: int, pk: int):
    campaign = _get_campaign_for_user(request.user, year)
    pledge = _get_pledge_for_user(request.user, campaign, pk)
    svc.delete_pledge(pledge)
    messages.success(request, f"Đã xóa “{pledge.organisation}” khỏi danh sách ký cam kết.")
    return redirect("pledges", year=campaign.year)


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*AWARD_READERS)
def pledges_pdf(request, year: int):
    campaign = _get_campaign_for_user(request.user, year)
    response = HttpResponse(svc.pledges_pdf(campaign), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="danh-sach-ky-cam-ket-{year}.pdf"'
    return response


@role_required(*AWARD_READERS)
def pledges_xlsx(request, year: int):
    campaign = _get_campaign_for_user(request.user, year)
    return _xlsx_response(svc.pledges_workbook(campaign), f"danh-sach-ky-cam-ket-{year}.xlsx")


# --- decisions -----------------------------------------------------------------------------------


@role_required(*AWARD_READERS)
def decisions_list(request, year: int):
    campaign = _get_campaign_for_user(request.user, year)
    items = (
        Decision.objects.filter(campaign=campaign)
        .select_related("phase")
        .annotate(n_awards=Count("awards"), total=Sum("awards__amount"))
        .order_by("-year", "-number")
    )
    ready = (
        AwardProposal.objects.filter(campaign=campaign)
        .ready_for_decision()
        .values("phase__number")
        .annotate(n=Count("id"))
        .order_by("phase__number")
    )
    return render(
        request,
        "awards/proposals/decisions.html",
        {
            "campaign": campaign,
            "decisions": items,
            "ready": ready,
            "phases": campaign.phases.order_by("number"),
            **_permissions(request.user),
        },
    )


@role_required(*DECISION_RECORDERS)
def decision_create(request, year: int, phase: int):
    phase = _get_phase_for_user(request.user, year, phase)
    ward = phase.campaign.ward
    lines = list(decisions_svc.lines_ready(phase))
    today = timezone.localdate()
    form = DecisionForm(
        request.POST or None,
        phase=phase,
        lines=lines,
        initial=decision_initial(phase, ward, today),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = decisions_svc.create_decision(
                phase,
                number=data["number"],
                signed_on=data["signed_on"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                title=data["title"],
                lines=[
                    decisions_svc.AwardLine(p.pk, amount, book)
                    for p, amount, book in data["picked"]
                ],
                user=request.user,
            )
        except ProcedureError as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request,
                f"Đã ban hành {decision} ngày {decision.signed_on:%d/%m/%Y} — tổng mức thưởng "
                f"{decisions_svc.format_dong(decisions_svc.decision_total(decision))}.",
            )
            return redirect("decision_detail", pk=decision.pk)
    return render(
        request,
        "awards/proposals/decision_form.html",
        {
            "form": form,
            "phase": phase,
            "campaign": phase.campaign,
            "next_number": decisions_svc.next_decision_number(ward, today.year),
        },
    )


def merit_pdf_url(decision: Decision) -> str | None:
    """The Giấy khen PDF of the decision, when the documents module provides it."""
    try:
        return reverse("decision_merit_pdf", args=[decision.pk])
    except NoReverseMatch:
        return None


@role_required(*AWARD_READERS)
def decision_detail(request, pk: int):
    decision = _get_decision_for_user(request.user, pk)
    awards = list(decisions_svc.decision_awards(decision))
    total = sum((a.amount or 0) for a in awards)
    return render(
        request,
        "awards/proposals/decision_detail.html",
        {
            "decision": decision,
            "campaign": decision.campaign,
            "awards": awards,
            "total": total,
            "total_text": decisions_svc.format_dong(total),
            "merit_pdf_url": merit_pdf_url(decision),
            **_permissions(request.user),
        },
    )


@role_required(*AWARD_READERS)
def decision_list_pdf(request, pk: int):
    decision = _get_decision_for_user(request.user, pk)
    response = HttpResponse(
        decisions_svc.decision_list_pdf(decision), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="danh-sach-quyet-dinh-{decision.number}-{decision.year}.pdf"'
    )
    return response


@role_required(*AWARD_READERS)
def decision_xlsx(request, pk: int):
    decision = _get_decision_for_user(request.user, pk)
    return _xlsx_response(
        decisions_svc.decision_workbook(decision),
        f"quyet-dinh-{decision.number}-{decision.year}.xlsx",
    )
