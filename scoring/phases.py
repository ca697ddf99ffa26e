"""Which phase a page works on — one answer for every page, form, export and command.

- `phases_for_user(user)`: the phases a user may see (their ward's), newest campaign first.
- `current_phase(phases)`: the phase people are working on when none is asked for.
- `chosen_phase(phases, raw)`: the phase asked for (`?phase=<id>`) if visible, else current.
- `previous_year_phase(phase)`: the same phase number of the ward's previous campaign.
- `requested_phase(user, raw)`: the phase asked for (404 if not visible), else current.
- `get_phase_for_user(user, pk)` / `get_phase_by_number_for_user(user, year, number)` /
  `get_campaign_for_user(user, year)` (or `pk=`): one object of the user's ward, 404
  otherwise."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone

from households.access import ward_id_of
from scoring.models import Campaign, Phase


def ward_phases(ward_id: int) -> list[Phase]:
    """Every phase of the ward, newest campaign first, phases in order (one query)."""
    return list(
        Phase.objects.filter(campaign__ward_id=ward_id)
        .select_related("campaign", "campaign__ward")
        .order_by("-campaign__year", "number")
    )


def phases_for_user(user) -> list[Phase]:
    """The phases the user may see: every phase of their ward, newest campaign first."""
    return ward_phases(ward_id_of(user))


def current_phase(phases, today: datetime.date | None = None) -> Phase | None:
    """The phase people are working on: the one whose step 1 opened most recently (so the
    final review takes over from the preliminary one as soon as its forms open, and a new
    year's campaign as soon as its first forms open); before any has opened, the earliest."""
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


def previous_year_phase(phase: Phase) -> Phase | None:
    """The same phase number in the ward's previous campaign (the latest earlier year), or
    None: "last year" of a year-over-year comparison (R15)."""
    return (
        Phase.objects.select_related("campaign__ward")
        .filter(
            campaign__ward_id=phase.campaign.ward_id,
            campaign__year__lt=phase.campaign.year,
            number=phase.number,
        )
        .order_by("-campaign__year")
        .first()
    )


def get_phase_for_user(user, phase_id, phases=None) -> Phase:
    """The phase `phase_id` (an id, possibly as typed in a URL) of the user's ward; 404 for
    another ward's or a bad id. `phases`, the user's phases already loaded for a chooser
    (`phases_for_user`), saves the query."""
    try:
        phase_id = int(phase_id)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy giai đoạn này.") from None
    if phases is not None:
        phase = next((p for p in phases if p.pk == phase_id), None)
    else:
        phase = (
            Phase.objects.select_related("campaign__ward")
            .filter(pk=phase_id, campaign__ward_id=ward_id_of(user))
            .first()
        )
    if phase is None:
        raise Http404("Không tìm thấy giai đoạn này.")
    return phase


def requested_phase(user, raw, phases=None) -> Phase | None:
    """The phase a page or download works on: the one asked for (`?phase=<id>`, 404 when the
    user may not see it), else the current one (None when the ward has no phase)."""
    if raw not in (None, ""):
        return get_phase_for_user(user, raw, phases)
    return current_phase(phases if phases is not None else phases_for_user(user))


def get_phase_by_number_for_user(user, year: int, number: int) -> Phase:
    phase = (
        Phase.objects.select_related("campaign__ward")
        .filter(campaign__ward_id=ward_id_of(user), campaign__year=year, number=number)
        .first()
    )
    if phase is None:
        raise Http404("Không tìm thấy giai đoạn này.")
    return phase


def get_campaign_for_user(user, year: int | None = None, *, pk: int | None = None) -> Campaign:
    """The campaign of `year` (or with id `pk`) of the user's ward; 404 otherwise."""
    lookup = {"pk": pk} if pk is not None else {"year": year}
    campaign = (
        Campaign.objects.select_related("ward").filter(ward_id=ward_id_of(user), **lookup).first()
    )
    if campaign is None:
        raise Http404("Không tìm thấy đợt thi đua này.")
    return campaign
