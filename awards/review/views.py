"""Step 4 — review by the standing office (office and admin act; chairman and staff read).
Thin views: the work is in awards.review.services."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from awards.models import Dossier
from awards.procedure.errors import ProcedureError, show_error
from awards.review.forms import (
    BulkApproveForm,
    CorrectionForm,
    FreezeForm,
    ReasonForm,
    ReopenWindowForm,
    ReturnForm,
)
from awards.review.services import (
    HOUSEHOLD_FILTERS,
    approve_dossier,
    bulk_approve,
    correct_assessment,
    dossier_audit,
    dossier_detail,
    freeze_phase,
    reopen_dossier,
    reopen_window,
    return_dossier,
    review_overview,
    unfreeze_phase,
)
from households.access import (
    WARD_EDITORS,
    WARD_ROLES,
    can_view_tdp,
    has_role,
    membership_of,
    role_required,
)
from households.models import Resident, ResidentialGroup
from scoring import rules
from scoring.models import CRITERIA, Phase
from scoring.phases import chosen_phase, ward_phases
from scoring.standings import counting_assessment_map

# --- lookups that answer 404 for what the user may not see ---------------------------------


def _get_phase_for_user(user, phase_id) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("campaign"),
        pk=phase_id,
        campaign__ward_id=membership_of(user).ward_id,
    )


def _get_tdp_for_user(user, tdp_id) -> ResidentialGroup:
    if not can_view_tdp(user, int(tdp_id)):
        raise Http404("Không tìm thấy tổ dân phố.")
    return get_object_or_404(ResidentialGroup, pk=tdp_id)


def _get_dossier_for_user(user, phase, tdp) -> Dossier:
    dossier = Dossier.objects.filter(phase=phase, tdp=tdp).select_related("tdp").first()
    if dossier is None:
        raise Http404("Tổ dân phố chưa có hồ sơ của giai đoạn này.")
    return dossier


def _get_dossier_context_for_user(user, phase_id, tdp_id):
    """(phase, TDP, dossier) for a review action; 404 for what the user may not see."""
    phase = _get_phase_for_user(user, phase_id)
    tdp = _get_tdp_for_user(user, tdp_id)
    return phase, tdp, _get_dossier_for_user(user, phase, tdp)


def _get_resident_for_user(user, resident_id) -> Resident:
    resident = get_object_or_404(
        Resident.objects.active().select_related("household__tdp"), pk=resident_id
    )
    if not can_view_tdp(user, resident.household.tdp_id):
        raise Http404("Không tìm thấy nhân khẩu.")
    return resident


def _dossier_url(phase, tdp) -> str:
    return reverse("review_dossier", args=[phase.id, tdp.id])


def _list_url(phase) -> str:
    return reverse("review_list") + f"?phase={phase.id}"


# --- the list of every TDP ----------------------------------------------------------------


@role_required(*WARD_ROLES)
def review_list(request):
    phases = ward_phases(membership_of(request.user).ward_id)
    phase = chosen_phase(phases, request.GET.get("phase"))
    overview = review_overview(phase) if phase else None
    return render(
        request,
        "awards/review/list.html",
        {
            "phases": phases,
            "phase": phase,
            "overview": overview,
            "can_edit": has_role(request.user, *WARD_EDITORS),
            "freeze_form": FreezeForm(),
            "unfreeze_form": ReasonForm(prefix="unfreeze"),
            "reopen_form": ReopenWindowForm(initial={"scope": "all"}),
        },
    )


@require_POST
@role_required(*WARD_EDITORS)
def review_bulk_approve(request, phase_id):
    phase = _get_phase_for_user(request.user, phase_id)
    choices = Dossier.objects.filter(phase=phase, state=Dossier.State.SUBMITTED).values_list(
        "id", flat=True
    )
    form = BulkApproveForm(request.POST, choices=list(choices))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["dossiers"]))
        return redirect(_list_url(phase))
    try:
        approved = bulk_approve(phase, form.cleaned_data["dossiers"], request.user)
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        names = ", ".join(d.tdp.name for d in approved)
        messages.success(request, f"Đã duyệt {len(approved)} hồ sơ: {names}.")
    return redirect(_list_url(phase))


@require_POST
@role_required(*WARD_EDITORS)
def review_freeze(request, phase_id):
    phase = _get_phase_for_user(request.user, phase_id)
    form = FreezeForm(request.POST)
    form.is_valid()
    try:
        snapshot = freeze_phase(phase, request.user, confirm=form.cleaned_data.get("confirm"))
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            f"Đã chốt kết quả {phase.name} lúc {snapshot_time(snapshot)}: "
            "khen thưởng và giấy chứng nhận của giai đoạn dựa trên số liệu đã chốt.",
        )
    return redirect(_list_url(phase))


def snapshot_time(snapshot) -> str:
    return timezone.localtime(snapshot.created_at).strftime("%H:%M %d/%m/%Y")


@require_POST
@role_required(*WARD_EDITORS)
def review_unfreeze(request, phase_id):
    phase = _get_phase_for_user(request.user, phase_id)
    form = ReasonForm(request.POST, prefix="unfreeze")
    if not form.is_valid():
        messages.error(request, "Hủy chốt kết quả cần ghi lý do: vui lòng nhập lý do.")
        return redirect(_list_url(phase))
    try:
        unfreeze_phase(phase, request.user, form.cleaned_data["reason"])
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"Đã hủy chốt kết quả {phase.name}; số liệu trực tiếp áp dụng.")
    return redirect(_list_url(phase))


@require_POST
@role_required(*WARD_EDITORS)
def review_reopen_window(request, phase_id, tdp_id=None):
    """R12: reopen a closed step for one TDP or for all TDPs."""
    phase = _get_phase_for_user(request.user, phase_id)
    tdp = _get_tdp_for_user(request.user, tdp_id) if tdp_id is not None else None
    back = _dossier_url(phase, tdp) if tdp else _list_url(phase)
    form = ReopenWindowForm(request.POST)
    if not form.is_valid():
        errors = [f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()]
        messages.error(request, "Chưa mở lại được thời hạn. " + " ".join(errors))
        return redirect(back)
    target = tdp if form.cleaned_data["scope"] == "tdp" else None
    try:
        w = reopen_window(
            phase,
            form.cleaned_data["step"],
            form.cleaned_data["until"],
            form.cleaned_data["reason"],
            request.user,
            tdp=target,
        )
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        scope = w.tdp.name if w.tdp else "tất cả tổ dân phố"
        messages.success(
            request, f"Đã mở lại bước {w.step} cho {scope} đến hết ngày {w.until:%d/%m/%Y}."
        )
    return redirect(back)


# --- one TDP's dossier ------------------------------------------------------------------


def _render_dossier(request, phase, tdp, status=200, **forms):
    show = request.GET.get("show", "all")
    detail = dossier_detail(phase, tdp, show)
    context = {
        "phase": phase,
        "tdp": tdp,
        "detail": detail,
        "filters": HOUSEHOLD_FILTERS,
        "can_edit": has_role(request.user, *WARD_EDITORS),
        "return_form": forms.get("return_form") or ReturnForm(),
        "reopen_form": forms.get("reopen_form") or ReasonForm(prefix="reopen"),
        "window_form": ReopenWindowForm(),
    }
    return render(request, "awards/review/dossier.html", context, status=status)


@role_required(*WARD_ROLES)
def review_dossier(request, phase_id, tdp_id):
    phase = _get_phase_for_user(request.user, phase_id)
    tdp = _get_tdp_for_user(request.user, tdp_id)
    return _render_dossier(request, phase, tdp)


@require_POST
@role_required(*WARD_EDITORS)
def review_return(request, phase_id, tdp_id):
    phase, tdp, dossier = _get_dossier_context_for_user(request.user, phase_id, tdp_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_dossier(request, phase, tdp, status=400, return_form=form)
    try:
        return_dossier(dossier, request.user, form.cleaned_data["comment"])
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"Đã trả lại hồ sơ {tdp.name} kèm ý kiến.")
    return redirect(_dossier_url(phase, tdp))


@require_POST
@role_required(*WARD_EDITORS)
def review_approve(request, phase_id, tdp_id):
    phase, tdp, dossier = _get_dossier_context_for_user(request.user, phase_id, tdp_id)
    try:
        approve_dossier(dossier, request.user)
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"Đã duyệt hồ sơ {tdp.name}; số liệu của tổ đã được khóa.")
    return redirect(_dossier_url(phase, tdp))


@require_POST
@role_required(*WARD_EDITORS)
def review_reopen(request, phase_id, tdp_id):
    phase, tdp, dossier = _get_dossier_context_for_user(request.user, phase_id, tdp_id)
    form = ReasonForm(request.POST, prefix="reopen")
    if not form.is_valid():
        return _render_dossier(request, phase, tdp, status=400, reopen_form=form)
    try:
        reopen_dossier(dossier, request.user, form.cleaned_data["reason"])
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"Đã mở lại hồ sơ {tdp.name} (trạng thái: đang thực hiện).")
    return redirect(_dossier_url(phase, tdp))


@role_required(*WARD_ROLES)
def review_audit(request, phase_id, tdp_id):
    phase = _get_phase_for_user(request.user, phase_id)
    tdp = _get_tdp_for_user(request.user, tdp_id)
    return render(
        request,
        "awards/review/audit.html",
        {"phase": phase, "tdp": tdp, "entries": dossier_audit(phase, tdp)},
    )


# --- R10: the ward's correction of one resident's assessment -----------------------------


@role_required(*WARD_EDITORS)
def review_correct(request, phase_id, resident_id):
    phase = _get_phase_for_user(request.user, phase_id)
    resident = _get_resident_for_user(request.user, resident_id)
    tdp = resident.household.tdp
    current = counting_assessment_map(phase, [resident.id]).get(resident.id)
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                correct_assessment(
                    resident, phase, form.criteria(), form.cleaned_data["reason"], request.user
                )
            except ProcedureError as exc:
                show_error(request, exc, form)
            else:
                messages.success(
                    request, f"Đã ghi điều chỉnh của phường cho {resident.full_name}."
                )
                return redirect(_dossier_url(phase, tdp) + f"#ho-{resident.household_id}")
        status = 400
    else:
        initial = {name: getattr(current, name) for name in CRITERIA} if current else {}
        form = CorrectionForm(initial=initial)
        status = 200
    return render(
        request,
        "awards/review/correct.html",
        {
            "phase": phase,
            "tdp": tdp,
            "resident": resident,
            "current": current,
            "eligible": rules.is_eligible(
                resident.status, resident.birth_date, phase.reference_date
            ),
            "form": form,
        },
        status=status,
    )
