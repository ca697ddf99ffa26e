"""The home page: sends each role to where its work starts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from households.access import CITY_ROLES, WARD_ROLES, membership_of, visible_tdps
from scoring.phases import current_phase, phases_for_user


def _tdp_start_url(user) -> str | None:
    """A TDP role's natural start: its TDP's summary for the current phase (data entry),
    else (no phase yet) the entry home; None without a TDP."""
    tdp = visible_tdps(user).first()
    if tdp is None:
        return None
    phase = current_phase(phases_for_user(user))
    if phase is None:
        return reverse("entry_home")
    return reverse("entry_tdp_summary", args=[phase.id, tdp.id])


@login_required
def home(request):
    """Ward roles go to the ward dashboard, the city's office to its overview, TDP roles to
    their TDP. Accounts without a role (or TDP) see a short explanation."""
    m = membership_of(request.user)
    if m is not None:
        if m.role in WARD_ROLES:
            return redirect("dashboard")
        if m.role in CITY_ROLES:
            return redirect("city_overview")
        url = _tdp_start_url(request.user)
        if url:
            return redirect(url)
    return render(request, "home.html", {"membership": m})
