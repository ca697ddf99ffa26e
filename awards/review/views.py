"""Step 4 — review by the standing office (office and admin act; chairman and staff read).
Thin views: lookups from the shared `get_*_for_user`, the work in awards.review.services,
refusals shown by awards.procedure's `show_error`."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from awards import procedure
from awards.access import get_dossier_for_user
from awards.models import Dossier
from awards.procedure.errors import ProcedureError, show_error
from awards.review import services
from awards.review.forms import (
    CONFIRM_REQUIRED,
    ApproveForm,
    BulkApproveForm,
    CorrectionForm,
    FreezeForm,
    ReasonForm,
    ReopenWindowForm,
    ReturnForm,
    form_errors_text,
)
from dongtam.formatting import vn_date
from households.access import WARD_EDITORS, WARD_ROLES, get_tdp_for_user, has_role, role_required
from scoring.phases import chosen_phase, get_phase_for_user, phases_for_user


def _dossier_context(user, phase_id, tdp_id):
    """(phase, TDP, dossier) for a review action; 404 for what the user may not see."""
    phase = get_phase_for_user(user, phase_id)
    tdp = get_tdp_for_user(user, tdp_id)
    return phase, tdp, get_dossier_for_user(user, phase, tdp)


def _dossier_url(phase, tdp) -> str:
    return reverse("review_dossier", args=[phase.id, tdp.id])


def _list_url(phase) -> str:
    return reverse("review_list") + f"?phase={phase.id}"


def _windows_url(phase, tdp) -> str:
    return reverse("review_dossier_windows", args=[phase.id, tdp.id])


def _confirm(request, phase, form, **page):
    """The confirmation page of an act that locks or freezes data (approve, bulk approve,
    freeze): what it will do, and a form with the explicit "Tôi xác nhận…" box (400 when it
    came back unticked)."""
    page.setdefault("cancel_url", _list_url(phase))
    context = {"phase": phase, "form": form, "confirm_required": CONFIRM_REQUIRED, **page}
    status = 400 if "confirmed" in request.POST else 200
    return render(request, "awards/review/confirm.html", context, status=status)


def _act(request, back: str, act, success):
    """Run a service; its refusal (ProcedureError) or `success(result)` becomes the message
    shown on `back`."""
    try:
        result = act()
    except ProcedureError as exc:
        show_error(request, exc)
    else:
        messages.success(request, success(result))
    return redirect(back)


# --- the list of every TDP ----------------------------------------------------------------


@role_required(*WARD_ROLES)
def review_list(request):
    phases = phases_for_user(request.user)
    phase = chosen_phase(phases, request.GET.get("phase"))
    context = {
        "phases": phases,
        "phase": phase,
        "overview": services.review_overview(phase) if phase else None,
        "can_edit": has_role(request.user, *WARD_EDITORS),
        "submission_window": procedure.window_state(phase, 3) if phase else None,
        "unfreeze_form": ReasonForm(prefix="unfreeze"),
        "reopen_form": ReopenWindowForm(initial={"scope": "all"}),
    }
    return render(request, "awards/review/list.html", context)


@require_POST
@role_required(*WARD_EDITORS)
def review_bulk_approve(request, phase_id):
    """The list's ticked dossiers: first a confirmation page, then (confirmed) approved."""
    phase = get_phase_for_user(request.user, phase_id)
    choices = Dossier.objects.filter(phase=phase, state=Dossier.State.SUBMITTED)
    form = BulkApproveForm(request.POST, choices=list(choices.values_list("id", flat=True)))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["dossiers"]))
        return redirect(_list_url(phase))
    if not form.is_confirmed():
        chosen = choices.filter(pk__in=form.cleaned_data["dossiers"]).select_related("tdp")
        return _confirm(
            request,
            phase,
            form,
            title=f"Duyệt {len(chosen)} hồ sơ",
            action=reverse("review_bulk_approve", args=[phase.id]),
            items=[d.tdp.name for d in chosen.order_by("tdp__sort_key", "tdp__code")],
            hidden=[("dossiers", d.id) for d in chosen],
            submit_label="Duyệt các hồ sơ này",
        )
    return _act(
        request,
        _list_url(phase),
        lambda: services.bulk_approve(phase, form.cleaned_data["dossiers"], request.user),
        lambda done: f"Đã duyệt {len(done)} hồ sơ: {', '.join(d.tdp.name for d in done)}.",
    )


@require_http_methods(["GET", "POST"])
@role_required(*WARD_EDITORS)
def review_freeze(request, phase_id):
    """R13: a confirmation page (with the TDPs not yet approved), then the freeze."""
    phase = get_phase_for_user(request.user, phase_id)
    form = FreezeForm(request.POST if request.method == "POST" else None)
    if not form.is_confirmed():
        pending = services.review_overview(phase).not_approved_with_data
        return _confirm(
            request,
            phase,
            form,
            title=f"Chốt kết quả {phase.name}",
            action=reverse("review_freeze", args=[phase.id]),
            items=[f"{r.tdp.name}: chưa được duyệt hồ sơ" for r in pending],
            items_heading="Tổ dân phố có số liệu nhưng chưa được duyệt hồ sơ" if pending else "",
            force_field=form["confirm"] if pending else None,
            submit_label="Chốt kết quả giai đoạn",
        )
    return _act(
        request,
        _list_url(phase),
        lambda: services.freeze_phase(phase, request.user, confirm=form.cleaned_data["confirm"]),
        lambda snapshot: (
            f"Đã chốt kết quả {phase.name} lúc {services.snapshot_time(snapshot)}: "
            "khen thưởng và giấy chứng nhận của giai đoạn dựa trên số liệu đã chốt."
        ),
    )


@require_POST
@role_required(*WARD_EDITORS)
def review_unfreeze(request, phase_id):
    phase = get_phase_for_user(request.user, phase_id)
    form = ReasonForm(request.POST, prefix="unfreeze")
    if not form.is_valid():
        messages.error(request, "Hủy chốt kết quả cần ghi lý do: vui lòng nhập lý do.")
        return redirect(_list_url(phase))
    return _act(
        request,
        _list_url(phase),
        lambda: services.unfreeze_phase(phase, request.user, form.cleaned_data["reason"]),
        lambda _: f"Đã hủy chốt kết quả {phase.name}; số liệu trực tiếp áp dụng.",
    )


@require_POST
@role_required(*WARD_EDITORS)
def review_reopen_window(request, phase_id, tdp_id=None):
    """R12: reopen a closed step for one TDP or for all TDPs."""
    phase = get_phase_for_user(request.user, phase_id)
    tdp = get_tdp_for_user(request.user, tdp_id) if tdp_id is not None else None
    back = _windows_url(phase, tdp) if tdp else _list_url(phase)
    form = ReopenWindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chưa mở lại được thời hạn. " + form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    target = tdp if data["scope"] == "tdp" else None
    return _act(
        request,
        back,
        lambda: services.reopen_window(
            phase, data["step"], data["until"], data["reason"], request.user, tdp=target
        ),
        lambda w: (
            f"Đã mở lại bước {w.step} cho "
            f"{w.tdp.name if w.tdp else 'tất cả tổ dân phố'} đến hết ngày {vn_date(w.until)}."
        ),
    )


# --- one TDP's dossier ------------------------------------------------------------------


def _render_dossier(request, phase, tdp, status=200, page="review", **forms):
    """The dossier's two pages: `review` (figures, households, approve / return) and
    `windows` (reopen the dossier, reopen a step's window, the reopenings so far)."""
    context = {
        "phase": phase,
        "tdp": tdp,
        "detail": services.dossier_detail(phase, tdp, request.GET.get("show", "all")),
        "filters": services.HOUSEHOLD_FILTERS,
        "can_edit": has_role(request.user, *WARD_EDITORS),
        "page": page,
        "return_form": forms.get("return_form") or ReturnForm(),
        "reopen_form": forms.get("reopen_form") or ReasonForm(prefix="reopen"),
        "window_form": ReopenWindowForm(),
    }
    template = "awards/review/dossier.html" if page == "review" else "awards/review/windows.html"
    return render(request, template, context, status=status)


@role_required(*WARD_ROLES)
def review_dossier(request, phase_id, tdp_id):
    phase = get_phase_for_user(request.user, phase_id)
    return _render_dossier(request, phase, get_tdp_for_user(request.user, tdp_id))


@role_required(*WARD_ROLES)
def review_dossier_windows(request, phase_id, tdp_id):
    """Window management of one TDP: reopen its dossier or a step, see the reopenings."""
    phase = get_phase_for_user(request.user, phase_id)
    return _render_dossier(request, phase, get_tdp_for_user(request.user, tdp_id), page="windows")


def _dossier_act(
    request, phase_id, tdp_id, act, success: str, form=None, form_key="", page="review"
):
    """One act on a TDP's dossier: `act(dossier, form)` once the form (if any) is valid — an
    invalid one goes back on its page (400); `success` may name {tdp}."""
    phase, tdp, dossier = _dossier_context(request.user, phase_id, tdp_id)
    if form is not None and not form.is_valid():
        return _render_dossier(request, phase, tdp, status=400, page=page, **{form_key: form})
    return _act(
        request,
        _dossier_url(phase, tdp),
        lambda: act(dossier, form),
        lambda _: success.format(tdp=tdp),
    )


@require_POST
@role_required(*WARD_EDITORS)
def review_return(request, phase_id, tdp_id):
    return _dossier_act(
        request,
        phase_id,
        tdp_id,
        lambda d, form: services.return_dossier(d, request.user, form.cleaned_data["comment"]),
        "Đã trả lại hồ sơ {tdp.name} kèm ý kiến.",
        form=ReturnForm(request.POST),
        form_key="return_form",
    )


@require_http_methods(["GET", "POST"])
@role_required(*WARD_EDITORS)
def review_approve(request, phase_id, tdp_id):
    """A confirmation page with the TDP's figures, then (confirmed) the approval."""
    phase, tdp, dossier = _dossier_context(request.user, phase_id, tdp_id)
    form = ApproveForm(request.POST if request.method == "POST" else None)
    if not form.is_confirmed():
        return _confirm(
            request,
            phase,
            form,
            title=f"Duyệt hồ sơ {tdp.name}",
            action=reverse("review_approve", args=[phase.id, tdp.id]),
            items=services.approval_summary(phase, tdp),
            submit_label="Duyệt hồ sơ",
            cancel_url=_dossier_url(phase, tdp),
        )
    return _act(
        request,
        _dossier_url(phase, tdp),
        lambda: services.approve_dossier(dossier, request.user),
        lambda _: f"Đã duyệt hồ sơ {tdp.name}; số liệu của tổ đã được khóa.",
    )


@require_POST
@role_required(*WARD_EDITORS)
def review_reopen(request, phase_id, tdp_id):
    return _dossier_act(
        request,
        phase_id,
        tdp_id,
        lambda d, form: services.reopen_dossier(d, request.user, form.cleaned_data["reason"]),
        "Đã mở lại hồ sơ {tdp.name} (trạng thái: "
        + procedure.state_label(Dossier.State.IN_PROGRESS).lower()
        + ").",
        form=ReasonForm(request.POST, prefix="reopen"),
        form_key="reopen_form",
        page="windows",
    )


@role_required(*WARD_ROLES)
def review_audit(request, phase_id, tdp_id):
    phase = get_phase_for_user(request.user, phase_id)
    tdp = get_tdp_for_user(request.user, tdp_id)
    context = {"phase": phase, "tdp": tdp, "entries": services.dossier_audit(phase, tdp)}
    return render(request, "awards/review/audit.html", context)


# --- R10: the ward's correction of one resident's assessment -----------------------------


@role_required(*WARD_EDITORS)
def review_correct(request, phase_id, resident_id):
    phase = get_phase_for_user(request.user, phase_id)
    page = services.correction_page(request.user, phase, resident_id)
    resident = page.resident
    if request.method != "POST":
        return _render_correction(request, page, CorrectionForm(initial=page.initial))
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.correct_assessment(
                resident, phase, form.criteria(), form.cleaned_data["reason"], request.user
            )
        except ProcedureError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"Đã ghi điều chỉnh của phường cho {resident.full_name}.")
            return redirect(_dossier_url(phase, page.tdp) + f"#ho-{resident.household_id}")
    return _render_correction(request, page, form, status=400)


def _render_correction(request, page, form, status=200):
    context = {
        "phase": page.phase,
        "tdp": page.tdp,
        "resident": page.resident,
        "current": page.current,
        "eligible": page.eligible,
        "form": form,
    }
    return render(request, "awards/review/correct.html", context, status=status)
