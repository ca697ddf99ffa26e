"""Steps 1–2 in the browser: TDP household list, one household per screen (self-assessment
and the TDP team's scoring), register changes, cultural-house checklist, TDP summary with
the step-3 submit button, and each household's change history.

Access: log-in for every page; objects of a TDP the user may not see answer 404; a role
that may read but never change a TDP gets 403 on writes (households.access); what the
procedure allows now (windows R12, dossier locks) comes from awards.procedure, whose
refusal is a 403 page stating the reason and the dates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import procedure
from awards.entry import services as svc
from awards.entry.forms import (
    CulturalHouseForm,
    HouseholdForm,
    MoveForm,
    ResidentForm,
    StatusForm,
)
from awards.models import Dossier
from awards.procedure.errors import ProcedureError, error_text
from households.access import (
    can_see_full_cccd,
    editable_tdp_ids,
    membership_of,
    require_tdp_editor,
    require_tdp_visible,
    visible_tdp_ids,
    visible_tdps,
)
from households.models import CulturalHouse, Household, Resident, ResidentialGroup
from scoring import rules
from scoring.criteria import CRITERIA_SHORT, CRITERIA_TEXT
from scoring.history import household_history
from scoring.models import CRITERIA, Assessment, CulturalHouseCheck, Phase
from scoring.phases import current_phase
from scoring.standings import (
    compute_standings,
    counting_score_subquery,
    criterion_adoption,
    household_standings,
)

Stage = Assessment.Stage
HOUSEHOLDS_PER_PAGE = 50


# --- lookups: 404 for what the user may not see ---------------------------------------------


def _ward_id(user) -> int:
    m = membership_of(user)
    if m is None:
        raise PermissionDenied("Tài khoản của bạn chưa được phân vai trò trong phường.")
    return m.ward_id


def _get_phase_for_user(user, phase_id) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("campaign"), pk=phase_id, campaign__ward_id=_ward_id(user)
    )


def _get_tdp_for_user(user, tdp_id) -> ResidentialGroup:
    tdp = get_object_or_404(ResidentialGroup, pk=tdp_id)
    require_tdp_visible(user, tdp.id)
    return tdp


def _get_household_for_user(user, household_id) -> Household:
    household = get_object_or_404(Household.objects.select_related("tdp"), pk=household_id)
    require_tdp_visible(user, household.tdp_id)
    return household


def _get_resident_for_user(user, resident_id) -> Resident:
    resident = get_object_or_404(Resident.objects.select_related("household__tdp"), pk=resident_id)
    require_tdp_visible(user, resident.household.tdp_id)
    return resident


def _refused(request, verdict, back_url: str, title: str = "Không thực hiện được"):
    """The procedure refuses (window closed, dossier locked): 403 with the reason."""
    return render(
        request,
        "awards/entry/refused.html",
        {"title": title, "reason": verdict.reason, "back_url": back_url},
        status=403,
    )


def _phases(user):
    return list(
        Phase.objects.select_related("campaign")
        .filter(campaign__ward_id=_ward_id(user))
        .order_by("campaign__year", "number")
    )


# --- entry point and household list ---------------------------------------------------------


@login_required
@require_safe
def entry_home(request):
    """Choose phase and TDP; a user with a single TDP goes straight to its list."""
    phases = _phases(request.user)
    if not phases:
        messages.warning(request, "Chưa có đợt thi đua nào được thiết lập.")
        return render(request, "awards/entry/home.html", {"tdps": [], "phases": []})
    phase = current_phase(phases)
    wanted = request.GET.get("phase")
    if wanted and wanted.isdigit():
        phase = next((p for p in phases if p.pk == int(wanted)), phase)
    tdps = list(visible_tdps(request.user))
    wanted_tdp = request.GET.get("tdp")
    if wanted_tdp and wanted_tdp.isdigit() and int(wanted_tdp) in {t.id for t in tdps}:
        return redirect("entry_tdp_list", phase_id=phase.pk, tdp_id=int(wanted_tdp))
    if len(tdps) == 1:
        return redirect("entry_tdp_list", phase_id=phase.pk, tdp_id=tdps[0].pk)
    # Progress of each TDP for the phase (standings: three queries; dossiers: one).
    ids = [t.id for t in tdps]
    standings = {s.tdp.id: s for s in compute_standings(phase, ids).tdps}
    dossiers = {d.tdp_id: d for d in Dossier.objects.filter(phase=phase, tdp_id__in=ids)}
    rows = [
        {"tdp": t, "standing": standings.get(t.id), "dossier": dossiers.get(t.id)} for t in tdps
    ]
    return render(
        request,
        "awards/entry/home.html",
        {"tdps": tdps, "rows": rows, "phases": phases, "phase": phase},
    )


def _procedure_context(request, tdp, phase, state):
    user = request.user
    return {
        "state": state,
        "windows": [state.window(s) for s in (1, 2, 3)],
        "can_key_in": procedure.can_key_in(user, tdp, phase, state=state),
        "can_tdp_score": procedure.can_tdp_score(user, tdp, phase, state=state),
        "can_edit_register": procedure.can_edit_register(user, tdp, phase, state=state),
        "can_submit": procedure.can_submit(user, tdp, phase, state=state),
        "is_editor": tdp.id in editable_tdp_ids(user),
        "phases": _phases(user),
        "user_tdps": list(visible_tdps(user)) if len(visible_tdp_ids(user)) > 1 else [],
    }


@login_required
@require_safe
def entry_tdp_list(request, phase_id, tdp_id):
    phase = _get_phase_for_user(request.user, phase_id)
    tdp = _get_tdp_for_user(request.user, tdp_id)
    q = request.GET.get("q", "").strip()
    households = (
        Household.objects.filter(tdp=tdp)
        .select_related("head")
        .prefetch_related(
            Prefetch(
                "residents",
                queryset=Resident.objects.active().order_by("birth_date", "id"),
                to_attr="active_members",
            )
        )
        .order_by("code")
    )
    if q:
        households = svc.search_households(households, tdp, q)
        exact = [h for h in households[:2]]
        if len(exact) == 1:
            return redirect("entry_household", phase_id=phase.pk, household_id=exact[0].pk)
    standing = {h.id: h for h in household_standings(phase, [tdp.id])}
    status_filter = request.GET.get("status", "")
    if status_filter in svc.STATUS_TEXT:
        households = households.filter(
            id__in=[
                s.id
                for s in standing.values()
                if svc.household_status(s.eligible_members, s.digital_members, s.unscored_members)
                == status_filter
            ]
        )
    else:
        status_filter = ""
    page = Paginator(households, HOUSEHOLDS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for h in page.object_list:
        s = standing.get(h.id)
        status = svc.household_status(s.eligible_members, s.digital_members, s.unscored_members)
        # The head's name, or the oldest active member's while no head is recorded.
        person = h.head or (h.active_members[0] if h.active_members else None)
        rows.append(
            {
                "household": h,
                "standing": s,
                "status": status,
                "status_text": svc.STATUS_TEXT[status],
                "name": person.full_name if person else "",
            }
        )
    state = procedure.procedure_state(tdp, phase)
    counts = {}
    for s in standing.values():
        key = svc.household_status(s.eligible_members, s.digital_members, s.unscored_members)
        counts[key] = counts.get(key, 0) + 1
    context = {
        "phase": phase,
        "tdp": tdp,
        "q": q,
        "status_filter": status_filter,
        "page": page,
        "rows": rows,
        "status_text": svc.STATUS_TEXT,
        "status_counts": [(k, svc.STATUS_TEXT[k], counts.get(k, 0)) for k in svc.STATUS_TEXT],
        **_procedure_context(request, tdp, phase, state),
    }
    return render(request, "awards/entry/tdp_list.html", context)


# --- one household per screen (steps 1 and 2) -------------------------------------------


def _neighbours(household: Household):
    siblings = Household.objects.filter(tdp_id=household.tdp_id)
    prev = siblings.filter(code__lt=household.code).order_by("-code").values("id", "code").first()
    nxt = siblings.filter(code__gt=household.code).order_by("code").values("id", "code").first()
    return prev, nxt


def _member_forms(sheet):
    for m in sheet.members:
        m.form_criteria = [
            {
                "name": name,
                "number": i + 1,
                "text": CRITERIA_TEXT[i],
                "short": CRITERIA_SHORT[i],
                "checked": m.prefill_criteria[i],
                "self_checked": m.self_a.criteria[i] if m.self_a else None,
            }
            for i, name in enumerate(CRITERIA)
        ]
        m.source = svc.source_text(m.prefill, sheet.phase)
        m.counting_source = svc.source_text(m.counting, sheet.phase)


def _sheet_view(request, phase_id, household_id, stage):
    user = request.user
    phase = _get_phase_for_user(user, phase_id)
    household = _get_household_for_user(user, household_id)
    tdp = household.tdp
    state = procedure.procedure_state(tdp, phase)
    check = procedure.can_key_in if stage == Stage.SELF else procedure.can_tdp_score
    view_name = "entry_household" if stage == Stage.SELF else "entry_review"
    here = reverse(view_name, args=[phase.pk, household.pk])

    if request.method == "POST":
        require_tdp_editor(user, tdp.id)
        verdict = check(user, tdp, phase, state=state)
        if not verdict:
            return _refused(request, verdict, here, "Không lưu được phiếu")
        sheet = svc.household_sheet(household, phase, stage)
        try:
            if stage == Stage.TDP and request.POST.get("action") == "confirm_all":
                result = svc.confirm_unchanged(sheet, user)
            else:
                only = request.POST.get("only")
                result = svc.save_sheet(
                    sheet, request.POST, user, only=int(only) if only and only.isdigit() else None
                )
        except IntegrityError:
            # Two people saved the same form at the same moment: nothing of this save was
            # written (atomic); the page reloads with what the other person saved.
            messages.error(
                request,
                f"Hộ {household.code}: một người khác vừa lưu phiếu của hộ này cùng lúc. "
                "Trang đã được tải lại, hãy kiểm tra và lưu lại.",
            )
            return redirect(here)
        messages.success(request, f"Hộ {household.code}: {result.message()}")
        if "save_next" in request.POST:
            _, nxt = _neighbours(household)
            if nxt:
                return redirect(view_name, phase_id=phase.pk, household_id=nxt["id"])
            messages.info(request, "Đây là hộ cuối cùng của tổ.")
        return redirect(here)

    sheet = svc.household_sheet(household, phase, stage)
    _member_forms(sheet)
    prev, nxt = _neighbours(household)
    head = next((m.resident for m in sheet.members if m.resident.id == household.head_id), None)
    context = {
        "phase": phase,
        "tdp": tdp,
        "household": household,
        "head": head,
        "sheet": sheet,
        "stage": stage,
        "is_review": stage == Stage.TDP,
        "editable": check(user, tdp, phase, state=state),
        "prev": prev,
        "next": nxt,
        "full_cccd": can_see_full_cccd(user),
        "status_text": svc.STATUS_TEXT[sheet.status],
        "threshold": rules.DIGITAL_CITIZEN_MIN_SCORE,
        "view_name": view_name,
        **_procedure_context(request, tdp, phase, state),
    }
    return render(request, "awards/entry/household.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_household(request, phase_id, household_id):
    """Step 1: key in the household's paper self-assessment form (SELF stage)."""
    return _sheet_view(request, phase_id, household_id, Stage.SELF)


@login_required
@require_http_methods(["GET", "POST"])
def entry_review(request, phase_id, household_id):
    """Step 2: the TDP team confirms or corrects each self-assessment (TDP stage, R10)."""
    return _sheet_view(request, phase_id, household_id, Stage.TDP)


# --- register changes ------------------------------------------------------------------


def _register_write(request, tdp, phase, back_url):
    """None when the user may change the register of `tdp` now, else the refusal page."""
    require_tdp_editor(request.user, tdp.id)
    verdict = procedure.can_edit_register(request.user, tdp, phase)
    if not verdict:
        return _refused(request, verdict, back_url, "Không sửa được danh sách nhân khẩu")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def entry_household_add(request, phase_id, tdp_id):
    phase = _get_phase_for_user(request.user, phase_id)
    tdp = _get_tdp_for_user(request.user, tdp_id)
    back = reverse("entry_tdp_list", args=[phase.pk, tdp.pk])
    refusal = _register_write(request, tdp, phase, back)
    if refusal:
        return refusal
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = svc.create_household(tdp, **form.cleaned_data)
        except ValidationError as exc:
            for fieldname, errors in exc.message_dict.items():
                form.add_error(fieldname if fieldname in form.fields else None, errors)
        else:
            messages.success(request, f"Đã thêm hộ {household.code}. Hãy thêm các thành viên.")
            return redirect("entry_member_add", phase_id=phase.pk, household_id=household.pk)
    return render(
        request,
        "awards/entry/form_page.html",
        {
            "title": f"Thêm hộ gia đình — {tdp.name}",
            "form": form,
            "back_url": back,
            "submit_label": "Thêm hộ",
            "phase": phase,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_member_add(request, phase_id, household_id):
    phase = _get_phase_for_user(request.user, phase_id)
    household = _get_household_for_user(request.user, household_id)
    back = reverse("entry_household", args=[phase.pk, household.pk])
    refusal = _register_write(request, household.tdp, phase, back)
    if refusal:
        return refusal
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resident, warnings = svc.add_resident(household, **form.cleaned_data)
        except ValidationError as exc:
            for fieldname, errors in exc.message_dict.items():
                form.add_error(fieldname if fieldname in form.fields else None, errors)
        else:
            messages.success(request, f"Đã thêm {resident.full_name} vào hộ {household.code}.")
            for w in warnings:
                messages.warning(request, f"Lưu ý về số CCCD của {resident.full_name}: {w}")
            if "add_another" in request.POST:
                return redirect("entry_member_add", phase_id=phase.pk, household_id=household.pk)
            return redirect(back)
    return render(
        request,
        "awards/entry/form_page.html",
        {
            "title": f"Thêm nhân khẩu — hộ {household.code}",
            "form": form,
            "back_url": back,
            "submit_label": "Lưu nhân khẩu",
            "another_label": "Lưu và thêm người nữa",
            "phase": phase,
        },
    )


def _member_for_register_write(request, phase_id, resident_id):
    """(phase, resident, back address, refusal or None) for a view changing one member: 404
    outside the user's TDPs, a refusal when the procedure closes the register (R12)."""
    phase = _get_phase_for_user(request.user, phase_id)
    resident = _get_resident_for_user(request.user, resident_id)
    household = resident.household
    back = reverse("entry_household", args=[phase.pk, household.pk])
    return phase, resident, back, _register_write(request, household.tdp, phase, back)


@login_required
@require_http_methods(["GET", "POST"])
def entry_member_edit(request, phase_id, resident_id):
    """Correct a member's name, birth date, sex or CCCD (history keeps the old values)."""
    phase, resident, back, refusal = _member_for_register_write(request, phase_id, resident_id)
    if refusal:
        return refusal
    household = resident.household
    initial = {
        "full_name": resident.full_name,
        "birth_date": resident.birth_date.strftime("%d/%m/%Y"),
        "sex": resident.sex,
        "cccd": resident.cccd or "",
        "is_head": household.head_id == resident.pk,
    }
    form = ResidentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resident, warnings = svc.update_resident(resident, **form.cleaned_data)
        except ValidationError as exc:
            for fieldname, errors in exc.message_dict.items():
                form.add_error(fieldname if fieldname in form.fields else None, errors)
        else:
            messages.success(request, f"Đã lưu thông tin của {resident.full_name}.")
            for w in warnings:
                messages.warning(request, f"Lưu ý về số CCCD của {resident.full_name}: {w}")
            return redirect(f"{back}#m{resident.pk}")
    return render(
        request,
        "awards/entry/form_page.html",
        {
            "title": f"Sửa thông tin — {resident.full_name}",
            "subtitle": f"Hộ {household.code}, {household.tdp.name}",
            "form": form,
            "back_url": back,
            "submit_label": "Lưu thông tin",
            "phase": phase,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_member_move(request, phase_id, resident_id):
    user = request.user
    phase, resident, back, refusal = _member_for_register_write(request, phase_id, resident_id)
    if refusal:
        return refusal
    source = resident.household
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["target_code"]
        target = (
            Household.objects.select_related("tdp")
            .filter(ward_id=source.ward_id, code=code, tdp_id__in=editable_tdp_ids(user))
            .first()
        )
        if target is None:
            form.add_error(
                "target_code", f"Không tìm thấy hộ mã “{code}” trong các tổ dân phố bạn phụ trách."
            )
        elif not (verdict := procedure.can_edit_register(user, target.tdp, phase)):
            form.add_error("target_code", verdict.reason)
        else:
            try:
                svc.move_resident(resident, target, form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error("target_code", exc.messages)
            else:
                messages.success(request, f"Đã chuyển {resident.full_name} sang hộ {target.code}.")
                return redirect("entry_household", phase_id=phase.pk, household_id=target.pk)
    return render(
        request,
        "awards/entry/form_page.html",
        {
            "title": f"Chuyển hộ — {resident.full_name}",
            "subtitle": f"Đang ở hộ {source.code}, {source.tdp.name}",
            "form": form,
            "back_url": back,
            "submit_label": "Chuyển hộ",
            "phase": phase,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_member_status(request, phase_id, resident_id):
    phase, resident, back, refusal = _member_for_register_write(request, phase_id, resident_id)
    if refusal:
        return refusal
    household = resident.household
    initial = {"status": resident.status, "on_date": resident.status_changed_on}
    form = StatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        svc.set_resident_status(
            resident,
            form.cleaned_data["status"],
            form.cleaned_data["on_date"],
            form.cleaned_data["reason"],
        )
        messages.success(
            request, f"{resident.full_name}: {resident.get_status_display().lower()}."
        )
        return redirect(back)
    return render(
        request,
        "awards/entry/form_page.html",
        {
            "title": f"Tình trạng cư trú — {resident.full_name}",
            "subtitle": f"Hộ {household.code}, {household.tdp.name}. Chỉ nhân khẩu đang cư "
            "trú mới được tính.",
            "form": form,
            "back_url": back,
            "submit_label": "Lưu tình trạng",
            "phase": phase,
        },
    )


# --- history ---------------------------------------------------------------------------


@login_required
@require_safe
def entry_household_history(request, household_id):
    household = _get_household_for_user(request.user, household_id)
    entries = household_history(household, full_cccd=can_see_full_cccd(request.user))
    phases = _phases(request.user)
    return render(
        request,
        "awards/entry/history.html",
        {
            "household": household,
            "tdp": household.tdp,
            "entries": entries,
            "phase": current_phase(phases),
        },
    )


# --- step 2: cultural house, TDP summary; step 3: submit ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_cultural_house(request, phase_id, tdp_id):
    """R7 checklist of the TDP's cultural house for the phase (step 2)."""
    user = request.user
    phase = _get_phase_for_user(user, phase_id)
    tdp = _get_tdp_for_user(user, tdp_id)
    here = reverse("entry_cultural_house", args=[phase.pk, tdp.pk])
    house = CulturalHouse.objects.filter(tdp=tdp).first()
    check = CulturalHouseCheck.objects.filter(house=house, phase=phase).first() if house else None
    state = procedure.procedure_state(tdp, phase)
    verdict = procedure.can_tdp_score(user, tdp, phase, state=state)
    if request.method == "POST":
        require_tdp_editor(user, tdp.id)
        if not verdict:
            return _refused(request, verdict, here, "Không lưu được tiêu chí nhà văn hóa")
    form = CulturalHouseForm(request.POST or None, instance=check)
    if request.method == "POST" and form.is_valid():
        if house is None:
            house = CulturalHouse.objects.create(tdp=tdp, name=f"Nhà văn hóa {tdp.name}")
        obj = form.save(commit=False)
        obj.house = house
        obj.phase = phase
        obj.recorded_by = user
        obj._change_reason = "Tổ CĐS chấm tiêu chí nhà văn hóa số (bước 2)"
        obj.save()
        verdict_text = "đạt" if obj.is_digital else "chưa đạt"
        messages.success(request, f"Đã lưu. Nhà văn hóa số: {verdict_text}.")
        return redirect("entry_tdp_summary", phase_id=phase.pk, tdp_id=tdp.pk)
    if not verdict:
        for f in form.fields.values():
            f.disabled = True
    return render(
        request,
        "awards/entry/cultural_house.html",
        {
            "phase": phase,
            "tdp": tdp,
            "house": house,
            "check": check,
            "form": form,
            "editable": verdict,
            **_procedure_context(request, tdp, phase, state),
        },
    )


@login_required
@require_safe
def entry_tdp_summary(request, phase_id, tdp_id):
    user = request.user
    phase = _get_phase_for_user(user, phase_id)
    tdp = _get_tdp_for_user(user, tdp_id)
    standing = compute_standings(phase, [tdp.id]).tdps[0]
    adoption = criterion_adoption(phase, [tdp.id])
    eligible = adoption["eligible"]
    bars = [
        {
            "number": i + 1,
            "short": CRITERIA_SHORT[i],
            "text": CRITERIA_TEXT[i],
            "count": adoption[name],
            "percent": rules.ratio_percent_text(rules.tdp_ratio(adoption[name], eligible)),
            "width": (adoption[name] * 100 // eligible) if eligible else 0,
        }
        for i, name in enumerate(CRITERIA)
    ]
    unscored = list(
        Resident.objects.active()
        .filter(rules.eligible_q(phase.reference_date), household__tdp=tdp)  # R1
        .annotate(points=counting_score_subquery(phase))  # R10 + R11
        .filter(points__isnull=True)
        .select_related("household")
        .order_by("household__code", "birth_date")
    )
    confirmed = Assessment.objects.filter(
        resident=OuterRef("resident"), phase=phase, stage=Stage.TDP
    )
    unconfirmed = (
        Assessment.objects.filter(phase=phase, stage=Stage.SELF, resident__household__tdp=tdp)
        .filter(rules.eligible_q(phase.reference_date, prefix="resident__"))
        .exclude(Exists(confirmed))
        .count()
    )
    house_check = (
        CulturalHouseCheck.objects.filter(house__tdp=tdp, phase=phase)
        .select_related("house")
        .first()
    )
    state = procedure.procedure_state(tdp, phase)
    context = {
        "phase": phase,
        "tdp": tdp,
        "standing": standing,
        "bars": bars,
        "adoption": adoption,
        "unscored": unscored,
        "unconfirmed": unconfirmed,
        "house_check": house_check,
        "dossier": state.dossier,
        "Dossier": Dossier,
        **_procedure_context(request, tdp, phase, state),
    }
    return render(request, "awards/entry/tdp_summary.html", context)


@login_required
@require_POST
def entry_submit(request, phase_id, tdp_id):
    """Step 3: submit the TDP's dossier (awards.procedure.submit_dossier)."""
    phase = _get_phase_for_user(request.user, phase_id)
    tdp = _get_tdp_for_user(request.user, tdp_id)
    require_tdp_editor(request.user, tdp.id)
    back = reverse("entry_tdp_summary", args=[phase.pk, tdp.pk])
    try:
        dossier = procedure.submit_dossier(request.user, tdp, phase)
    except ProcedureError as exc:
        return _refused(
            request, procedure.Verdict(False, error_text(exc)), back, "Không nộp được hồ sơ"
        )
    late = " (sau hạn)" if dossier.submitted_late else ""
    messages.success(
        request,
        f"Đã nộp hồ sơ của {tdp.name} giai đoạn {phase.number}{late}. "
        "Từ nay tổ chỉ xem, không sửa được; thường trực TĐKT sẽ xét.",
    )
    return redirect(back)


__all__ = [
    "entry_cultural_house",
    "entry_home",
    "entry_household",
    "entry_household_add",
    "entry_household_history",
    "entry_member_add",
    "entry_member_edit",
    "entry_member_move",
    "entry_member_status",
    "entry_review",
    "entry_submit",
    "entry_tdp_list",
    "entry_tdp_summary",
]
