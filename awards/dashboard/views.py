"""Dashboards: the ward level for ward roles, one TDP for everyone who may see it (TDP roles
land on their own TDP). Figures come from awards.dashboard.services; tables export to xlsx
(awards.dashboard.exports)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from awards.dashboard import exports
from awards.dashboard.services import tdp_dashboard, ward_dashboard
from dongtam.formatting import file_response
from households.access import WARD_ROLES, get_tdp_for_user, has_role, visible_tdps
from scoring.phases import chosen_phase, phases_for_user


def _phases(request):
    """(the user's phases, the one asked for or the current one); 403 without a role."""
    phases = phases_for_user(request.user)
    return phases, chosen_phase(phases, request.GET.get("phase"))


@login_required
def dashboard(request):
    phases, phase = _phases(request)
    if not has_role(request.user, *WARD_ROLES):
        first = visible_tdps(request.user).first()
        if first is None:
            raise PermissionDenied("Tài khoản chưa được gán tổ dân phố nào.")
        url = reverse("dashboard_tdp", args=[first.id])
        if request.GET.get("phase"):
            url += f"?phase={request.GET['phase']}"
        return redirect(url)
    context = {
        "phases": phases,
        "phase": phase,
        "dash": ward_dashboard(phase) if phase else None,
        "tdp_choices": list(visible_tdps(request.user)),
    }
    return render(request, "awards/dashboard/ward.html", context)


@login_required
def dashboard_tdp(request, tdp_id):
    phases, phase = _phases(request)
    tdp = get_tdp_for_user(request.user, tdp_id)
    context = {
        "phases": phases,
        "phase": phase,
        "tdp": tdp,
        "dash": tdp_dashboard(phase, tdp) if phase else None,
        "is_ward_role": has_role(request.user, *WARD_ROLES),
        "tdp_choices": list(visible_tdps(request.user)),
    }
    return render(request, "awards/dashboard/tdp.html", context)


@login_required
def dashboard_export(request, table):
    """?phase=<id>[&tdp=<id>]: one dashboard table as .xlsx. Ward roles export the ward;
    a TDP role exports its own TDP only."""
    phases, phase = _phases(request)
    if table not in exports.TABLES:
        raise Http404("Không có bảng này.")
    if phase is None:
        raise Http404("Chưa có giai đoạn nào.")
    tdp_id = request.GET.get("tdp")
    if tdp_id:
        if not tdp_id.isdigit():
            raise Http404("Không tìm thấy tổ dân phố.")
        dash = tdp_dashboard(phase, get_tdp_for_user(request.user, tdp_id))
    else:
        if not has_role(request.user, *WARD_ROLES):
            raise PermissionDenied("Chỉ cán bộ phường xuất được số liệu toàn phường.")
        if table == "households":
            raise Http404("Danh sách hộ được xuất theo từng tổ dân phố.")
        dash = ward_dashboard(phase)
    return file_response(exports.workbook_bytes(dash, table), exports.filename(dash, table))
