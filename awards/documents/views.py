"""Procedure documents (plan III.2.3) as PDF and .xlsx: phiếu tự chấm điểm (step 1), bảng
tổng hợp of a TDP (steps 2–3), bảng kết quả toàn phường (step 4).

Access: ward roles see every document of their ward; TDP roles only their own TDPs' forms
and summaries (404 for another TDP's) and not the ward table (403). Data come from
awards.documents.services; these views only pick objects and formats."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from awards.documents import services as reports
from households.access import (
    ALL_ROLES,
    WARD_ROLES,
    membership_of,
    role_required,
    visible_tdp_ids,
    visible_tdps,
)
from households.models import Household, ResidentialGroup
from households.text import nfc_clean
from scoring.models import Phase

FORMATS = {"pdf": "application/pdf", "xlsx": reports.XLSX_CONTENT_TYPE}


def _get_phase_for_user(user, year: int, number: int) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("campaign__ward"),
        campaign__ward_id=membership_of(user).ward_id,
        campaign__year=year,
        number=number,
    )


def _get_tdp_for_user(user, code: str) -> ResidentialGroup:
    tdp = get_object_or_404(
        ResidentialGroup.objects.select_related("ward"),
        ward_id=membership_of(user).ward_id,
        code=code,
    )
    if tdp.id not in visible_tdp_ids(user):
        raise Http404("Không có tổ dân phố này trong phạm vi của bạn.")
    return tdp


def _get_household_for_user(user, pk: int) -> Household:
    household = get_object_or_404(
        Household.objects.select_related("tdp__ward"), pk=pk, ward_id=membership_of(user).ward_id
    )
    if household.tdp_id not in visible_tdp_ids(user):
        raise Http404("Không có hộ gia đình này trong phạm vi của bạn.")
    return household


def _file(content: bytes, fmt: str, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    disposition = "inline" if inline and fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    return response


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("Định dạng không hỗ trợ.")


@role_required(*ALL_ROLES)
def reports_index(request, year: int, phase: int):
    phase = _get_phase_for_user(request.user, year, phase)
    m = membership_of(request.user)
    return render(
        request,
        "awards/reports/index.html",
        {
            "phase": phase,
            "campaign": phase.campaign,
            "tdps": visible_tdps(request.user),
            "ward_role": m.role in WARD_ROLES,
            "phases": phase.campaign.phases.order_by("number"),
        },
    )


@role_required(*ALL_ROLES)
def selfassessment_blank(request, year: int, phase: int, fmt: str):
    _check_format(fmt)
    phase = _get_phase_for_user(request.user, year, phase)
    code = nfc_clean(request.GET.get("to"))
    tdp = _get_tdp_for_user(request.user, code) if code else None  # header "TỔ DÂN PHỐ SỐ 8"
    forms = [reports.blank_selfassessment_form(phase, tdp)]
    content = (
        reports.selfassessment_pdf(forms)
        if fmt == "pdf"
        else reports.selfassessment_workbook(forms)
    )
    return _file(content, fmt, f"phieu-tu-cham-diem-mau-gd{phase.number}")


@role_required(*ALL_ROLES)
def selfassessment_household(request, year: int, phase: int, pk: int, fmt: str):
    _check_format(fmt)
    phase = _get_phase_for_user(request.user, year, phase)
    household = _get_household_for_user(request.user, pk)
    forms = reports.selfassessment_forms(phase, Household.objects.filter(pk=household.pk))
    if not forms:
        messages.warning(
            request,
            f"Hộ {household.code} không có thành viên đủ 18 tuổi vào ngày "
            f"{phase.reference_date:%d/%m/%Y} (không thuộc diện, R3): không có phiếu để in.",
        )
        return redirect("reports_index", year=year, phase=phase.number)
    content = (
        reports.selfassessment_pdf(forms)
        if fmt == "pdf"
        else reports.selfassessment_workbook(forms)
    )
    return _file(content, fmt, f"phieu-tu-cham-diem-ho-{household.code}-gd{phase.number}")


@role_required(*ALL_ROLES)
def selfassessment_lookup(request, year: int, phase: int):
    """Find a household by its code, then open its pre-filled form."""
    phase = _get_phase_for_user(request.user, year, phase)
    code = nfc_clean(request.GET.get("ma"))
    fmt = request.GET.get("fmt", "pdf")
    _check_format(fmt)
    household = (
        Household.objects.filter(
            ward_id=phase.campaign.ward_id,
            code=code,
            tdp_id__in=visible_tdp_ids(request.user),
        ).first()
        if code
        else None
    )
    if household is None:
        messages.error(
            request,
            f"Không tìm thấy hộ có mã “{code}” trong phạm vi của bạn." if code else "Nhập mã hộ.",
        )
        return redirect("reports_index", year=year, phase=phase.number)
    return redirect(
        "selfassessment_household", year=year, phase=phase.number, pk=household.pk, fmt=fmt
    )


@role_required(*ALL_ROLES)
def selfassessment_tdp(request, year: int, phase: int, code: str, fmt: str):
    _check_format(fmt)
    phase = _get_phase_for_user(request.user, year, phase)
    tdp = _get_tdp_for_user(request.user, code)
    forms = reports.selfassessment_forms(phase, Household.objects.filter(tdp=tdp))
    if not forms:
        messages.warning(
            request,
            f"{tdp.name} chưa có hộ nào có thành viên đủ 18 tuổi vào ngày "
            f"{phase.reference_date:%d/%m/%Y}: không có phiếu để in.",
        )
        return redirect("reports_index", year=year, phase=phase.number)
    content = (
        reports.selfassessment_pdf(forms)
        if fmt == "pdf"
        else reports.selfassessment_workbook(forms)
    )
    return _file(content, fmt, f"phieu-tu-cham-diem-to-{tdp.code}-gd{phase.number}")


@role_required(*ALL_ROLES)
def tdp_summary(request, year: int, phase: int, code: str, fmt: str):
    _check_format(fmt)
    phase = _get_phase_for_user(request.user, year, phase)
    tdp = _get_tdp_for_user(request.user, code)
    summary = reports.tdp_summary(phase, tdp)
    content = (
        reports.tdp_summary_pdf(summary) if fmt == "pdf" else reports.tdp_summary_workbook(summary)
    )
    return _file(content, fmt, f"bang-tong-hop-to-{tdp.code}-gd{phase.number}")


@role_required(*WARD_ROLES)
def ward_results(request, year: int, phase: int, fmt: str):
    _check_format(fmt)
    phase = _get_phase_for_user(request.user, year, phase)
    results = reports.ward_results(phase)
    content = (
        reports.ward_results_pdf(results)
        if fmt == "pdf"
        else reports.ward_results_workbook(results)
    )
    return _file(content, fmt, f"bang-ket-qua-toan-phuong-gd{phase.number}")


@role_required(*ALL_ROLES)
def reports_home(request):
    """The documents of the current phase: the latest campaign's latest phase whose
    reference date has come, else its first phase."""
    today = timezone.localdate()
    phases = list(
        Phase.objects.filter(campaign__ward_id=membership_of(request.user).ward_id)
        .select_related("campaign")
        .order_by("-campaign__year", "number")
    )
    if not phases:
        raise Http404("Chưa có đợt thi đua nào.")
    year = phases[0].campaign.year
    current = [p for p in phases if p.campaign.year == year]
    reached = [p for p in current if p.reference_date <= today]
    phase = reached[-1] if reached else current[0]
    return redirect("reports_index", year=year, phase=phase.number)
