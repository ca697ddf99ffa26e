"""Steps 1–2 in the browser: TDP household list, one household per screen (self-assessment
and the TDP team's scoring), register changes, cultural-house checklist, TDP summary with
the step-3 submit button, and each household's change history.

Access: log-in for every page; objects of a TDP the user may not see answer 404 (the shared
lookups of households.access and scoring.phases); a role that may read but never change a TDP
gets 403 on writes; what the procedure allows now (windows R12, dossier locks) comes from
awards.procedure, whose refusal is a 403 page stating the reason and the dates. Queries and
writes are in awards.entry.services and households.register.

Every form carries the versions of what it edits (awards.entry.versions): a save from a stale
page writes nothing and answers 409 with the conflicts. The household sheet and the member
add also answer JSON (`Accept: application/json`), for static/js/entry.js and the offline
queue (static/js/offline.js; the worker and manifest are awards.entry.offline)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import procedure
from awards.entry import services as svc
from awards.entry.forms import CulturalHouseForm
from awards.entry.versions import StaleSave, version_of
from awards.models import Dossier
from awards.procedure.errors import ProcedureError, error_text, show_error
from households.access import (
    can_see_full_cccd,
    editable_tdp_ids,
    get_household_for_user,
    get_resident_for_user,
    get_tdp_for_user,
    require_tdp_editor,
    visible_tdp_ids,
    visible_tdps,
)
from households.forms import HouseholdForm, MoveForm, ResidentForm, StatusForm
from households.models import Household, Resident
from scoring import glossary
from scoring.history import household_history
from scoring.models import Assessment
from scoring.phases import chosen_phase, current_phase, get_phase_for_user, phases_for_user

Stage = Assessment.Stage


def _wants_json(request) -> bool:
    """A save sent by entry.js (online, or from the offline queue) asks for JSON."""
    return request.headers.get("Accept", "").startswith("application/json")


def _refused(request, verdict, back_url: str, title: str = "Không thực hiện được"):
    """The procedure refuses (window closed, dossier locked): 403 with the reason."""
    if _wants_json(request):
        return JsonResponse({"ok": False, "refused": True, "message": verdict.reason}, status=403)
    return render(
        request,
        "awards/entry/refused.html",
        {"title": title, "reason": verdict.reason, "back_url": back_url},
        status=403,
    )


def _procedure_context(request, tdp, phase, state):
    """What every TDP page shows of the procedure: windows, what the user may do now, and
    the phase and TDP switchers."""
    user = request.user
    return {
        "state": state,
        "windows": [state.window(s) for s in (1, 2, 3)],
        "can_key_in": procedure.can_key_in(user, tdp, phase, state=state),
        "can_tdp_score": procedure.can_tdp_score(user, tdp, phase, state=state),
        "can_edit_register": procedure.can_edit_register(user, tdp, phase, state=state),
        "can_submit": procedure.can_submit(user, tdp, phase, state=state),
        "is_editor": tdp.id in editable_tdp_ids(user),
        "phases": phases_for_user(user),
        "user_tdps": list(visible_tdps(user)) if len(visible_tdp_ids(user)) > 1 else [],
    }


def _phase_and_tdp(request, phase_id, tdp_id):
    return get_phase_for_user(request.user, phase_id), get_tdp_for_user(request.user, tdp_id)


# --- entry point and household list ---------------------------------------------------------


@login_required
@require_safe
def entry_home(request):
    """Choose phase and TDP; a user with a single TDP goes straight to its list."""
    phases = phases_for_user(request.user)
    if not phases:
        messages.warning(request, "Chưa có đợt thi đua nào được thiết lập.")
        return render(request, "awards/entry/home.html", {"tdps": [], "phases": []})
    phase = chosen_phase(phases, request.GET.get("phase"))
    tdps = list(visible_tdps(request.user))
    wanted_tdp = request.GET.get("tdp")
    if wanted_tdp and wanted_tdp.isdigit() and int(wanted_tdp) in {t.id for t in tdps}:
        return redirect("entry_tdp_list", phase_id=phase.pk, tdp_id=int(wanted_tdp))
    if len(tdps) == 1:
        return redirect("entry_tdp_list", phase_id=phase.pk, tdp_id=tdps[0].pk)
    rows = svc.tdp_progress(phase, tdps)
    return render(
        request,
        "awards/entry/home.html",
        {"tdps": tdps, "rows": rows, "phases": phases, "phase": phase},
    )


@login_required
@require_safe
def entry_tdp_list(request, phase_id, tdp_id):
    """The TDP's households: search, status chips, one page at a time."""
    phase, tdp = _phase_and_tdp(request, phase_id, tdp_id)
    get = request.GET
    listing = svc.tdp_household_list(
        phase, tdp, get.get("q", ""), get.get("status", ""), get.get("page")
    )
    if listing.single_match:
        return redirect("entry_household", phase_id=phase.pk, household_id=listing.single_match.pk)
    state = procedure.procedure_state(tdp, phase)
    context = {
        "phase": phase,
        "tdp": tdp,
        **listing.as_context(),
        **_procedure_context(request, tdp, phase, state),
    }
    return render(request, "awards/entry/tdp_list.html", context)


# --- one household per screen (steps 1 and 2) -------------------------------------------


def _sheet_view(request, phase_id, household_id, stage):
    phase = get_phase_for_user(request.user, phase_id)
    household = get_household_for_user(request.user, household_id)
    state = procedure.procedure_state(household.tdp, phase)
    if request.method == "POST":
        return _sheet_save(request, phase, household, stage, state)
    return _sheet_page(request, phase, household, stage, state)


def _sheet_rules(stage):
    """(the procedure's check, the page's URL name) of step 1 or step 2."""
    if stage == Stage.SELF:
        return procedure.can_key_in, "entry_household"
    return procedure.can_tdp_score, "entry_review"


def _sheet_save(request, phase, household, stage, state):
    user, tdp = request.user, household.tdp
    check, view_name = _sheet_rules(stage)
    here = reverse(view_name, args=[phase.pk, household.pk])
    require_tdp_editor(user, tdp.id)
    verdict = check(user, tdp, phase, state=state)
    if not verdict:
        return _refused(request, verdict, here, "Không lưu được phiếu")
    try:
        result = svc.save_posted(household, phase, stage, request.POST, user)
    except StaleSave as exc:
        if _wants_json(request):
            return _conflict_json(exc, here)
        messages.error(request, str(exc))
        return _sheet_page(
            request, phase, household, stage, state, request.POST, exc.conflicts, status=409
        )
    except IntegrityError:
        return _simultaneous(request, household, here)
    text = f"Hộ {household.code}: {result.message()}"
    return _saved(request, household, phase, view_name, here, text)


def _simultaneous(request, household, here):
    """Two people saved the same form at the same moment: nothing of this save was written
    (atomic); the page reloads with what the other person saved."""
    text = (
        f"Hộ {household.code}: một người khác vừa lưu phiếu của hộ này cùng lúc. "
        "Trang đã được tải lại, hãy kiểm tra và lưu lại."
    )
    if _wants_json(request):
        body = {"ok": False, "conflict": True, "message": text, "url": here}
        return JsonResponse(body, status=409)
    messages.error(request, text)
    return redirect(here)


def _saved(request, household, phase, view_name, here, text):
    """After a sheet save: JSON for entry.js, else the page (or the next household still
    to key in, for "Lưu, sang hộ tiếp")."""
    target = here
    if "save_next" in request.POST:
        nxt = svc.next_to_key_in(household, phase)
        if nxt:
            target = reverse(view_name, args=[phase.pk, nxt["id"]])
        else:
            text += " Đây là hộ cuối cùng của tổ."
    if not request.headers.get("X-Entry-Queue"):
        messages.success(request, text)  # shown by the next page (not for the offline queue)
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": text, "url": target})
    return redirect(target)


def _conflict_json(exc: StaleSave, here: str):
    conflicts = [c.as_dict() for c in exc.conflicts]
    body = {"ok": False, "conflict": True, "message": str(exc), "conflicts": conflicts}
    return JsonResponse({**body, "url": here}, status=409)


def _sheet_page(request, phase, household, stage, state, posted=None, conflicts=None, status=200):
    user, tdp = request.user, household.tdp
    check, view_name = _sheet_rules(stage)
    sheet = svc.sheet_page(household, phase, stage, posted, conflicts)
    prev, nxt = svc.neighbours(household)
    context = {
        "phase": phase,
        "tdp": tdp,
        "household": household,
        "head": sheet.head,
        "sheet": sheet,
        "stage": stage,
        "is_review": stage == Stage.TDP,
        "editable": check(user, tdp, phase, state=state),
        "prev": prev,
        "next": nxt,
        "full_cccd": can_see_full_cccd(user),
        "status_text": sheet.status_text,
        "live": svc.live_score_numbers(),
        "sex_choices": Resident.Sex.choices,
        "view_name": view_name,
        **_procedure_context(request, tdp, phase, state),
    }
    return render(request, "awards/entry/household.html", context, status=status)


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


# --- register changes (households.register, under the procedure's R12 rules) --------------


def _register_write(request, tdp, phase, back_url):
    """None when the user may change the register of `tdp` now, else the refusal page."""
    require_tdp_editor(request.user, tdp.id)
    verdict = procedure.can_edit_register(request.user, tdp, phase)
    if not verdict:
        return _refused(request, verdict, back_url, "Không sửa được danh sách nhân khẩu")
    return None


def _form_page(request, form, phase, back, title, submit_label, **extra):
    """One register form on its own page (awards/entry/form_page.html); 409 when it shows
    the conflicts of a stale save."""
    context = {"title": title, "form": form, "back_url": back, "submit_label": submit_label}
    status = 409 if getattr(form, "conflicts", None) else 200
    return render(
        request,
        "awards/entry/form_page.html",
        {**context, "phase": phase, **extra},
        status=status,
    )


def _write_posted(request, form, write):
    """On a valid POST, `write(cleaned_data)` and its result; a ValidationError it raises
    (households.register, ProcedureError) goes onto the form through show_error; a stale
    save (StaleSave) leaves the form with its `conflicts` and the stored version, so saving
    again is the member's choice. None when nothing was written (GET, invalid, refused)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(dict(form.cleaned_data))
    except ValidationError as exc:
        show_error(request, exc, form)
    except StaleSave as exc:
        form.data = form.data.copy()
        form.data["version"] = exc.version
        form.conflicts = exc.conflicts
        form.add_error(None, str(exc))
    return None


def _cccd_warnings(request, resident, warnings) -> None:
    for w in warnings:
        messages.warning(request, f"Lưu ý về số CCCD của {resident.full_name}: {w}")


@login_required
@require_http_methods(["GET", "POST"])
def entry_household_add(request, phase_id, tdp_id):
    phase, tdp = _phase_and_tdp(request, phase_id, tdp_id)
    back = reverse("entry_tdp_list", args=[phase.pk, tdp.pk])
    refusal = _register_write(request, tdp, phase, back)
    if refusal:
        return refusal
    form = HouseholdForm(request.POST or None, initial={"code": svc.next_household_code(tdp)})
    household = _write_posted(request, form, lambda data: svc.add_household(tdp, data))
    if household:
        messages.success(request, f"Đã thêm hộ {household.code}. Hãy thêm các thành viên.")
        here = reverse("entry_household", args=[phase.pk, household.pk])
        return redirect(f"{here}#them-nguoi")
    return _form_page(request, form, phase, back, f"Thêm hộ gia đình — {tdp.name}", "Thêm hộ")


def _household_register_view(view):
    """A view changing one household's register (GET shows its form, POST writes): log-in,
    404 outside the user's TDPs, the refusal page when the procedure closes the register
    (R12). Called as view(request, phase, household, back address)."""

    @wraps(view)
    @login_required
    @require_http_methods(["GET", "POST"])
    def wrapper(request, phase_id, household_id):
        phase = get_phase_for_user(request.user, phase_id)
        household = get_household_for_user(request.user, household_id)
        back = reverse("entry_household", args=[phase.pk, household.pk])
        refusal = _register_write(request, household.tdp, phase, back)
        return refusal or view(request, phase, household, back)

    return wrapper


@_household_register_view
def entry_household_edit(request, phase, household, back):
    """Correct a household's code or address (versioned: a stale page is refused)."""
    initial = {**HouseholdForm.initial_for(household), "version": version_of(household)}
    form = HouseholdForm(request.POST or None, initial=initial)
    if _write_posted(request, form, lambda data: svc.update_household(household, data)):
        messages.success(request, f"Đã lưu thông tin hộ {household.code}.")
        return redirect(back)
    title = f"Sửa thông tin hộ {household.code}"
    return _form_page(request, form, phase, back, title, "Lưu thông tin hộ")


@_household_register_view
def entry_member_add(request, phase, household, back):
    """Add a member: its own page, or inline on the household page (entry.js posts the same
    form asking for JSON and gets the member's card back, without a page load)."""
    form = ResidentForm(request.POST or None)
    saved = _write_posted(request, form, lambda data: svc.add_member(household, data))
    if _wants_json(request):
        return _member_added_json(request, phase, household, form, saved)
    if saved:
        resident, warnings = saved
        messages.success(request, f"Đã thêm {resident.full_name} vào hộ {household.code}.")
        _cccd_warnings(request, resident, warnings)
        if "inline" in request.POST:
            return redirect(f"{back}#them-nguoi")
        if "add_another" in request.POST:
            return redirect("entry_member_add", phase_id=phase.pk, household_id=household.pk)
        return redirect(back)
    title = f"Thêm nhân khẩu — hộ {household.code}"
    another = "Lưu và thêm người nữa"
    return _form_page(request, form, phase, back, title, "Lưu nhân khẩu", another_label=another)


def _member_added_json(request, phase, household, form, saved):
    """The inline add's answer: the new member's card (the household page's own fragment),
    or the form's errors by field."""
    if not saved:
        errors = {k: [str(e) for e in v] for k, v in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    resident, warnings = saved
    card = svc.member_card(household, phase, resident)
    html = render_to_string(
        "awards/entry/_member_card.html",
        {
            "m": card,
            "household": Household.objects.get(pk=household.pk),
            "phase": phase,
            "editable": procedure.can_key_in(request.user, household.tdp, phase),
            "can_edit_register": True,
            "full_cccd": can_see_full_cccd(request.user),
            "is_review": False,
        },
        request=request,
    )
    warn = [f"Lưu ý về số CCCD của {resident.full_name}: {w}" for w in warnings]
    message = f"Đã thêm {resident.full_name} vào hộ {household.code}."
    return JsonResponse(
        {"ok": True, "id": resident.pk, "html": html, "message": message, "warnings": warn}
    )


def _member_register_view(view):
    """A view changing one member (GET shows its form, POST writes): log-in, 404 outside the
    user's TDPs, the refusal page when the procedure closes the register (R12). The view is
    called as view(request, phase, resident, back address)."""

    @wraps(view)
    @login_required
    @require_http_methods(["GET", "POST"])
    def wrapper(request, phase_id, resident_id):
        phase = get_phase_for_user(request.user, phase_id)
        resident = get_resident_for_user(request.user, resident_id)
        household = resident.household
        back = reverse("entry_household", args=[phase.pk, household.pk])
        refusal = _register_write(request, household.tdp, phase, back)
        return refusal or view(request, phase, resident, back)

    return wrapper


def _where(household) -> str:
    return f"Hộ {household.code}, {household.tdp.name}"


@_member_register_view
def entry_member_edit(request, phase, resident, back):
    """Correct a member's name, birth date, sex or CCCD (history keeps the old values)."""
    initial = {**ResidentForm.initial_for(resident), "version": version_of(resident)}
    full = can_see_full_cccd(request.user)
    form = ResidentForm(request.POST or None, initial=initial, resident=resident, full_cccd=full)
    saved = _write_posted(
        request, form, lambda data: svc.update_member(resident, data, full_cccd=full)
    )
    if saved:
        resident, warnings = saved
        messages.success(request, f"Đã lưu thông tin của {resident.full_name}.")
        _cccd_warnings(request, resident, warnings)
        return redirect(f"{back}#m{resident.pk}")
    title = f"Sửa thông tin — {resident.full_name}"
    subtitle = _where(resident.household)
    return _form_page(request, form, phase, back, title, "Lưu thông tin", subtitle=subtitle)


@_member_register_view
def entry_member_move(request, phase, resident, back):
    """Move a member to another household of a TDP the user may change (R12 on both)."""
    source = resident.household
    form = MoveForm(request.POST or None, initial={"version": version_of(resident)})
    target = _write_posted(
        request, form, lambda data: svc.move_member(request.user, resident, phase, data)
    )
    if target:
        messages.success(request, f"Đã chuyển {resident.full_name} sang hộ {target.code}.")
        return redirect("entry_household", phase_id=phase.pk, household_id=target.pk)
    title = f"Chuyển hộ — {resident.full_name}"
    subtitle = f"Đang ở hộ {source.code}, {source.tdp.name}"
    return _form_page(request, form, phase, back, title, "Chuyển hộ", subtitle=subtitle)


@_member_register_view
def entry_member_status(request, phase, resident, back):
    """Mark a member moved away or deceased (with the date), or active again (R1)."""
    initial = {**StatusForm.initial_for(resident), "version": version_of(resident)}
    form = StatusForm(request.POST or None, initial=initial)
    saved = _write_posted(request, form, lambda data: svc.set_member_status(resident, data))
    if saved:
        status = saved.get_status_display().lower()
        messages.success(request, f"{resident.full_name}: {status}.")
        return redirect(back)
    title = f"Tình trạng cư trú — {resident.full_name}"
    subtitle = f"{_where(resident.household)}. Chỉ nhân khẩu đang cư trú mới được tính."
    return _form_page(request, form, phase, back, title, "Lưu tình trạng", subtitle=subtitle)


# --- history ---------------------------------------------------------------------------


@login_required
@require_safe
def entry_household_history(request, household_id):
    household = get_household_for_user(request.user, household_id)
    entries = household_history(household, full_cccd=can_see_full_cccd(request.user))
    return render(
        request,
        "awards/entry/history.html",
        {
            "household": household,
            "tdp": household.tdp,
            "entries": entries,
            "phase": current_phase(phases_for_user(request.user)),
        },
    )


# --- step 2: cultural house, TDP summary; step 3: submit ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_cultural_house(request, phase_id, tdp_id):
    """R7 checklist of the TDP's cultural house for the phase (step 2)."""
    user = request.user
    phase, tdp = _phase_and_tdp(request, phase_id, tdp_id)
    house, check = svc.cultural_house_of(tdp, phase)
    state = procedure.procedure_state(tdp, phase)
    verdict = procedure.can_tdp_score(user, tdp, phase, state=state)
    if request.method == "POST":
        require_tdp_editor(user, tdp.id)
        if not verdict:
            here = reverse("entry_cultural_house", args=[phase.pk, tdp.pk])
            return _refused(request, verdict, here, "Không lưu được tiêu chí nhà văn hóa")
    form = CulturalHouseForm.versioned(request.POST or None, check, editable=bool(verdict))
    saved = _write_posted(
        request, form, lambda data: svc.save_cultural_house(data, tdp, phase, user)
    )
    if saved:
        verdict_text = glossary.met_text(saved.is_digital).lower()
        messages.success(request, f"Đã lưu. Nhà văn hóa số: {verdict_text}.")
        return redirect("entry_tdp_summary", phase_id=phase.pk, tdp_id=tdp.pk)
    context = {"phase": phase, "tdp": tdp, "house": house, "check": check, "form": form}
    return render(
        request,
        "awards/entry/cultural_house.html",
        {**context, "editable": verdict, **_procedure_context(request, tdp, phase, state)},
        status=409 if getattr(form, "conflicts", None) else 200,
    )


@login_required
@require_safe
def entry_tdp_summary(request, phase_id, tdp_id):
    """Step 2's result for the TDP and the step-3 submit button."""
    phase, tdp = _phase_and_tdp(request, phase_id, tdp_id)
    summary = svc.tdp_summary(phase, tdp)
    state = procedure.procedure_state(tdp, phase)
    context = {
        "phase": phase,
        "tdp": tdp,
        **summary.as_context(),
        "dossier": state.dossier,
        "Dossier": Dossier,
        **_procedure_context(request, tdp, phase, state),
    }
    return render(request, "awards/entry/tdp_summary.html", context)


@login_required
@require_POST
def entry_submit(request, phase_id, tdp_id):
    """Step 3: submit the TDP's dossier (awards.procedure.submit_dossier)."""
    phase, tdp = _phase_and_tdp(request, phase_id, tdp_id)
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
    "entry_household_edit",
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
