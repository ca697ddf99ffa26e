"""The standings page and its workbook download (R1–R6, R11, R13). Every role sees the
ward's standings — ratios and counts, no personal data; the household sheet of the
download is limited to the TDPs the user may see (households.access)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from households import access
from scoring import exports
from scoring.models import Phase, StandingsSnapshot
from scoring.phases import current_phase
from scoring.standings import compute_standings

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_phase_for_user(user, pk, phases: list[Phase] | None = None) -> Phase:
    """The phase `pk` of a campaign of the user's ward; 404 for another ward's or bad ids.
    `phases`, the ward's phases already loaded for a chooser, saves the query."""
    membership = access.membership_of(user)
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404("Giai đoạn không hợp lệ.") from exc
    if phases is not None:
        for phase in phases:
            if phase.pk == pk:
                return phase
        raise Http404("Không có giai đoạn này trong phường của bạn.")
    return get_object_or_404(
        Phase.objects.select_related("campaign", "campaign__ward"),
        pk=pk,
        campaign__ward_id=membership.ward_id,
    )


def _document(phase: Phase, want_live: bool, households: bool = False):
    """(standings document, snapshot or None, frozen?) — the frozen snapshot of an approved
    phase unless live figures are asked for (R13)."""
    snapshot = StandingsSnapshot.objects.filter(phase=phase).select_related("created_by").first()
    if snapshot is not None and not want_live:
        doc = snapshot.data["standings"]
        if not households:
            doc = {**doc, "tdps": [_without_detail(t) for t in doc["tdps"]]}
        return doc, snapshot, True
    return compute_standings(phase).as_json(households=households), snapshot, False


def _without_detail(tdp: dict) -> dict:
    return {k: v for k, v in tdp.items() if k != "households_detail"}


@access.role_required(*access.ALL_ROLES)
def standings(request):
    membership = access.membership_of(request.user)
    phases = list(exports.phases_of_ward(membership.ward_id))
    if "phase" in request.GET:
        phase = _get_phase_for_user(request.user, request.GET["phase"], phases)
    else:
        phase = current_phase(phases)
    if phase is None:
        return render(request, "scoring/standings.html", {"phases": phases, "phase": None})

    want_live = request.GET.get("view") == "live"
    doc, snapshot, frozen = _document(phase, want_live)
    own_codes = set()
    if membership.is_tdp_role:  # highlight the user's own TDPs (all ratios stay visible)
        own_codes = set(access.visible_tdps(request.user).values_list("code", flat=True))
    rows = []
    for t in doc["tdps"]:
        rows.append(
            {
                **t,
                "ratio_display": exports.percent_display(t["ratio_percent"]),
                "own": t["code"] in own_codes,
            }
        )
    totals = exports.ward_totals(doc)
    totals["ratio_display"] = exports.percent_display(totals["ratio_percent"])
    totals["citizen_display"] = exports.percent_display(totals["digital_citizen_percent"])
    award_names = [t["name"] for t in doc["tdps"] if t["award"]]
    top = next((t for t in doc["tdps"] if t["rank"] == 1), None)
    return render(
        request,
        "scoring/standings.html",
        {
            "phases": phases,
            "phase": phase,
            "doc": doc,
            "rows": rows,
            "totals": totals,
            "award_names": award_names,
            "top": top,
            "top_display": exports.percent_display(top["ratio_percent"]) if top else "",
            "tie_note": exports.TIE_NOTE,
            "snapshot": snapshot,
            "frozen": frozen,
            "threshold_display": exports.percent_display(doc["award_threshold_percent"]),
        },
    )


@access.role_required(*access.ALL_ROLES)
def standings_xlsx(request):
    """The page's table as a workbook ("Xếp hạng"), with the households of the TDPs the user
    may see on a second sheet ("Hộ gia đình")."""
    phase = _get_phase_for_user(request.user, request.GET.get("phase"))
    doc, _snapshot, frozen = _document(phase, request.GET.get("view") == "live", households=True)
    visible = set(
        access.visible_tdps(request.user).values_list("code", flat=True)
    )  # households sheet: own TDPs only for TDP roles
    data = exports.standings_xlsx(doc, households=True, tdp_codes=visible)
    suffix = "-da-chot" if frozen else ""
    filename = f"bang-xep-hang-{phase.campaign.year}-giai-doan-{phase.number}{suffix}.xlsx"
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
