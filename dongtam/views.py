from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from households.access import CITY_ROLES, WARD_ROLES, membership_of, visible_tdps
from scoring.phases import current_phase, ward_phases


def _tdp_start_url(user, ward_id) -> str | None:
    """A TDP role's natural start: its TDP's summary for the current phase (data entry),
    else the entry home, else its TDP's dashboard."""
    tdp = visible_tdps(user).first()
    if tdp is None:
        return None
    phase = current_phase(ward_phases(ward_id))
    candidates = [("entry_home", [])]
    if phase is not None:
        candidates.insert(0, ("entry_tdp_summary", [phase.id, tdp.id]))
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return reverse("dashboard_tdp", args=[tdp.id])


@login_required
def home(request):
    """Send each role to where its work starts: ward roles to the ward dashboard, TDP roles
    to their TDP. Accounts without a role (or TDP) see a short explanation."""
    m = membership_of(request.user)
    if m is not None:
        if m.role in WARD_ROLES:
            return redirect("dashboard")
        if m.role in CITY_ROLES:
            return redirect("city_overview")
        url = _tdp_start_url(request.user, m.ward_id)
        if url:
            return redirect(url)
    return render(request, "home.html", {"membership": m})
