"""Procedure documents (plan III.2.3) as PDF and .xlsx: phiếu tự chấm điểm (step 1,
awards.documents.selfassessment), bảng tổng hợp of a TDP (steps 2–3, .summaries), bảng kết
quả toàn phường (step 4, .ward_results). Templates: templates/awards/documents/.

Access: ward roles see every document of their ward; TDP roles only their own TDPs' forms
and summaries (404 for another TDP's) and not the ward table (403). These views only pick
objects and formats."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from awards.documents import selfassessment, summaries
from awards.documents import ward_results as ward_table
from dongtam.formatting import file_response, vn_date
from households.access import (
    ALL_ROLES,
    WARD_ROLES,
    get_household_for_user,
    get_tdp_for_user,
    has_role,
    role_required,
    visible_tdps,
)
from households.models import Household
from households.text import nfc_clean
from scoring.phases import current_phase, get_phase_by_number_for_user, phases_for_user

FORMATS = ("pdf", "xlsx")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("Định dạng không hỗ trợ.")


def _document(fmt: str, data, render_pdf, render_workbook, filename: str):
    """The document as `fmt` (PDF opens in the browser, .xlsx downloads)."""
    content = render_pdf(data) if fmt == "pdf" else render_workbook(data)
    return file_response(content, f"{filename}.{fmt}", inline=True)


def _forms_document(fmt: str, forms, filename: str):
    return _document(
        fmt,
        forms,
        selfassessment.selfassessment_pdf,
        selfassessment.selfassessment_workbook,
        filename,
    )


def _prefilled_forms(request, phase, households, fmt: str, filename: str, nothing: str):
    """The pre-filled forms of `households`; without any (no adult, R1/R3), back to the
    documents of the phase with `nothing` as the reason."""
    forms = selfassessment.selfassessment_forms(phase, households)
    if not forms:
        messages.warning(request, nothing)
        return _back_to_index(phase)
    return _forms_document(fmt, forms, filename)


def _back_to_index(phase):
    return redirect("reports_index", year=phase.campaign.year, phase=phase.number)


@role_required(*ALL_ROLES)
def reports_home(request):
    """The documents of the current phase (scoring.phases.current_phase)."""
    phase = current_phase(phases_for_user(request.user))
    if phase is None:
        raise Http404("Chưa có đợt thi đua nào.")
    return _back_to_index(phase)


@role_required(*ALL_ROLES)
def reports_index(request, year: int, phase: int):
    phase = get_phase_by_number_for_user(request.user, year, phase)
    return render(
        request,
        "awards/documents/index.html",
        {
            "phase": phase,
            "campaign": phase.campaign,
            "tdps": visible_tdps(request.user),
            "ward_role": has_role(request.user, *WARD_ROLES),
            "phases": phase.campaign.phases.order_by("number"),
        },
    )


@role_required(*ALL_ROLES)
def selfassessment_blank(request, year: int, phase: int, fmt: str):
    _check_format(fmt)
    phase = get_phase_by_number_for_user(request.user, year, phase)
    code = nfc_clean(request.GET.get("to"))
    tdp = get_tdp_for_user(request.user, code=code) if code else None  # "TỔ DÂN PHỐ SỐ 8"
    forms = [selfassessment.blank_selfassessment_form(phase, tdp)]
    return _forms_document(fmt, forms, f"phieu-tu-cham-diem-mau-gd{phase.number}")


@role_required(*ALL_ROLES)
def selfassessment_household(request, year: int, phase: int, pk: int, fmt: str):
    _check_format(fmt)
    phase = get_phase_by_number_for_user(request.user, year, phase)
    household = get_household_for_user(request.user, pk)
    return _prefilled_forms(
        request,
        phase,
        Household.objects.filter(pk=household.pk),
        fmt,
        f"phieu-tu-cham-diem-ho-{household.code}-gd{phase.number}",
        f"Hộ {household.code} không có thành viên đủ 18 tuổi vào ngày "
        f"{vn_date(phase.reference_date)} (không thuộc diện, R3): không có phiếu để in.",
    )


@role_required(*ALL_ROLES)
def selfassessment_lookup(request, year: int, phase: int):
    """Find a household by its code, then open its pre-filled form."""
    phase = get_phase_by_number_for_user(request.user, year, phase)
    code = nfc_clean(request.GET.get("ma"))
    fmt = request.GET.get("fmt", "pdf")
    _check_format(fmt)
    household = selfassessment.household_by_code(request.user, phase, code)
    if household is None:
        messages.error(
            request,
            f"Không tìm thấy hộ có mã “{code}” trong phạm vi của bạn." if code else "Nhập mã hộ.",
        )
        return _back_to_index(phase)
    return redirect(
        "selfassessment_household", year=year, phase=phase.number, pk=household.pk, fmt=fmt
    )


@role_required(*ALL_ROLES)
def selfassessment_tdp(request, year: int, phase: int, code: str, fmt: str):
    _check_format(fmt)
    phase = get_phase_by_number_for_user(request.user, year, phase)
    tdp = get_tdp_for_user(request.user, code=code)
    return _prefilled_forms(
        request,
        phase,
        Household.objects.filter(tdp=tdp),
        fmt,
        f"phieu-tu-cham-diem-to-{tdp.code}-gd{phase.number}",
        f"{tdp.name} chưa có hộ nào có thành viên đủ 18 tuổi vào ngày "
        f"{vn_date(phase.reference_date)}: không có phiếu để in.",
    )


@role_required(*ALL_ROLES)
def tdp_summary(request, year: int, phase: int, code: str, fmt: str):
    _check_format(fmt)
    phase = get_phase_by_number_for_user(request.user, year, phase)
    tdp = get_tdp_for_user(request.user, code=code)
    return _document(
        fmt,
        summaries.tdp_summary(phase, tdp),
        summaries.tdp_summary_pdf,
        summaries.tdp_summary_workbook,
        f"bang-tong-hop-to-{tdp.code}-gd{phase.number}",
    )


@role_required(*WARD_ROLES)
def ward_results(request, year: int, phase: int, fmt: str):
    _check_format(fmt)
    phase = get_phase_by_number_for_user(request.user, year, phase)
    return _document(
        fmt,
        ward_table.ward_results(phase),
        ward_table.ward_results_pdf,
        ward_table.ward_results_workbook,
        f"bang-ket-qua-toan-phuong-gd{phase.number}",
    )
