"""The standings page and its workbook download (R1–R6, R11, R13). Every role sees the
ward's standings — ratios and counts, no personal data; the household sheet of the
download is limited to the TDPs the user may see (households.access). The figures are
scoring.snapshots.standings_document's: frozen once approved, unless `?view=live`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from dongtam.formatting import file_response
from households import access
from scoring import exports
from scoring.phases import phases_for_user, requested_phase
from scoring.snapshots import standings_document


def _visible_codes(user) -> set[str]:
    return set(access.visible_tdps(user).values_list("code", flat=True))


@access.role_required(*access.ALL_ROLES)
def standings(request):
    phases = phases_for_user(request.user)
    phase = requested_phase(request.user, request.GET.get("phase"), phases)
    if phase is None:
        return render(request, "scoring/standings.html", {"phases": phases, "phase": None})
    shown = standings_document(phase, live=request.GET.get("view") == "live")
    # A TDP role's own TDPs are highlighted (every TDP's ratio stays visible).
    own = _visible_codes(request.user) if access.membership_of(request.user).is_tdp_role else ()
    return render(
        request,
        "scoring/standings.html",
        {
            "phases": phases,
            "phase": phase,
            "snapshot": shown.snapshot,
            "frozen": shown.frozen,
            **exports.page_rows(shown.doc, own),
        },
    )


@access.role_required(*access.ALL_ROLES)
def standings_xlsx(request):
    """The page's table as a workbook ("Xếp hạng"), with the households of the TDPs the user
    may see on a second sheet ("Hộ gia đình")."""
    phase = requested_phase(request.user, request.GET.get("phase"))
    if phase is None:
        raise Http404("Phường chưa có giai đoạn nào.")
    live = request.GET.get("view") == "live"
    shown = standings_document(phase, live=live, households=True)
    data = exports.standings_xlsx(
        shown.doc, households=True, tdp_codes=_visible_codes(request.user)
    )
    suffix = "-da-chot" if shown.frozen else ""
    filename = f"bang-xep-hang-{phase.campaign.year}-giai-doan-{phase.number}{suffix}.xlsx"
    return file_response(data, filename)
