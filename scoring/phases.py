"""Which phase a page opens on when none is asked for — one answer for every page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from scoring.models import Phase


def ward_phases(ward_id: int) -> list[Phase]:
    """Every phase of the ward, newest campaign first, phases in order (one query)."""
    return list(
        Phase.objects.filter(campaign__ward_id=ward_id)
        .select_related("campaign", "campaign__ward")
        .order_by("-campaign__year", "number")
    )


def current_phase(phases, today: datetime.date | None = None) -> Phase | None:
    """The phase people are working on: the one whose step 1 opened most recently (so the
    final review takes over from the preliminary one as soon as its forms open); before
    any has opened, the earliest one."""
    phases = list(phases)
    if not phases:
        return None
    today = today or timezone.localdate()
    opened = [p for p in phases if p.step1_opens <= today]
    if opened:
        return max(opened, key=lambda p: (p.step1_opens, p.campaign.year, p.number))
    return min(phases, key=lambda p: (p.step1_opens, p.campaign.year, p.number))


def chosen_phase(phases, raw, today: datetime.date | None = None) -> Phase | None:
    """The phase asked for by id (`?phase=`) when it is one of `phases`, else the current."""
    phases = list(phases)
    if raw not in (None, ""):
        try:
            wanted = int(raw)
        except (TypeError, ValueError):
            wanted = None
        for p in phases:
            if p.id == wanted:
                return p
    return current_phase(phases, today)
