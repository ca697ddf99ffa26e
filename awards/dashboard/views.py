"""Dashboards: the ward level for ward roles, one TDP for everyone who may see it (TDP roles
land on their own TDP). Figures come from awards.dashboard.services; tables export to xlsx."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from awards.dashboard import exports as exports_dashboard
from awards.dashboard.services import (
    tdp_dashboard,
    vi_percent,
    ward_dashboard,
)
from households.access import WARD_ROLES, can_view_tdp, has_role, membership_of, visible_tdps
from households.models import ResidentialGroup
from scoring.phases import chosen_phase, ward_phases

NO_ROLE = "Tài khoản chưa được gán vai trò trong phường: liên hệ quản trị phường."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _membership_or_403(user):
    m = membership_of(user)
    if m is None:
        raise PermissionDenied(NO_ROLE)
    return m


def _get_tdp_for_user(user, tdp_id) -> ResidentialGroup:
    if not can_view_tdp(user, int(tdp_id)):
        raise Http404("Không tìm thấy tổ dân phố.")
    return get_object_or_404(ResidentialGroup, pk=tdp_id)


def _phase_context(request, membership):
    phases = ward_phases(membership.ward_id)
    phase = chosen_phase(phases, request.GET.get("phase"))
    return phases, phase


@login_required
def dashboard(request):
    m = _membership_or_403(request.user)
    if not has_role(request.user, *WARD_ROLES):
        first = visible_tdps(request.user).first()
        if first is None:
            raise PermissionDenied("Tài khoản chưa được gán tổ dân phố nào.")
        url = reverse("dashboard_tdp", args=[first.id])
        if request.GET.get("phase"):
            url += f"?phase={request.GET['phase']}"
        return redirect(url)
    phases, phase = _phase_context(request, m)
    dash = ward_dashboard(phase) if phase else None
    return render(
        request,
        "awards/dashboard/ward.html",
        {
            "phases": phases,
            "phase": phase,
            "dash": dash,
            "totals_text": _totals_text(dash) if dash else None,
            "tdp_choices": list(visible_tdps(request.user)),
        },
    )


def _totals_text(dash) -> dict:
    t = dash.totals
    return {
        "families": vi_percent(t["ratio_percent"]),
        "citizens": vi_percent(t["digital_citizen_percent"]),
    }


@login_required
def dashboard_tdp(request, tdp_id):
    m = _membership_or_403(request.user)
    tdp = _get_tdp_for_user(request.user, tdp_id)
    phases, phase = _phase_context(request, m)
    dash = tdp_dashboard(phase, tdp) if phase else None
    return render(
        request,
        "awards/dashboard/tdp.html",
        {
            "phases": phases,
            "phase": phase,
            "tdp": tdp,
            "dash": dash,
            "is_ward_role": m.role in WARD_ROLES,
            "tdp_choices": list(visible_tdps(request.user)),
        },
    )


@login_required
def dashboard_export(request, table):
    """?phase=<id>[&tdp=<id>]: one dashboard table as .xlsx. Ward roles export the ward;
    a TDP role exports its own TDP only."""
    m = _membership_or_403(request.user)
    if table not in exports_dashboard.TABLES:
        raise Http404("Không có bảng này.")
    phases, phase = _phase_context(request, m)
    if phase is None:
        raise Http404("Chưa có giai đoạn nào.")
    tdp_id = request.GET.get("tdp")
    if tdp_id:
        if not tdp_id.isdigit():
            raise Http404("Không tìm thấy tổ dân phố.")
        dash = tdp_dashboard(phase, _get_tdp_for_user(request.user, tdp_id))
    else:
        if m.role not in WARD_ROLES:
            raise PermissionDenied("Chỉ cán bộ phường xuất được số liệu toàn phường.")
        if table == "households":
            raise Http404("Danh sách hộ được xuất theo từng tổ dân phố.")
        dash = ward_dashboard(phase)
    response = HttpResponse(exports_dashboard.workbook_bytes(dash, table), content_type=XLSX)
    name = exports_dashboard.filename(dash, table)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
