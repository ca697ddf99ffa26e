"""R13: approved results are frozen — the one place that chooses "snapshot or live".

- `freeze` / `unfreeze`: store (or drop) the phase's standings document, its digital
  families and the cultural-house checklists behind it; `snapshot_of`: the stored one.
- `phase_results(phase)`: what awards, decisions and certificates of the phase read.
- `standings_document(phase, live=False, households=False)`: the INTERFACES.md standings
  document shown by the standings page, its workbook and the `standings` command.
Both prefer the snapshot once the phase is approved and fall back to live figures before;
a standings document may also be asked for live."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from households.models import Household, Resident
from scoring import rules
from scoring.models import CulturalHouseCheck, Phase, StandingsSnapshot
from scoring.standings import compute_standings


@dataclass(frozen=True)
class DigitalFamily:
    household_id: int
    household_code: str
    tdp_code: str
    tdp_name: str
    head_name: str
    head_sex: str

    def as_json(self) -> dict:
        return self.__dict__.copy()


def _live_digital_families(phase: Phase, standings) -> list[DigitalFamily]:
    ids = [h.id for t in standings.tdps for h in t.households_detail if h.digital_family]
    households = (
        Household.objects.filter(id__in=ids)
        .select_related("tdp", "head")
        .order_by("tdp__sort_key", "tdp__code", "code")
    )
    # A household without a recorded head takes its oldest active member (INTERFACES).
    missing_head = [h.id for h in households if h.head_id is None]
    oldest = {}
    for r in (
        Resident.objects.active()
        .filter(household_id__in=missing_head)
        .order_by("household_id", "birth_date", "id")
    ):
        oldest.setdefault(r.household_id, r)
    families = []
    for h in households:
        head = h.head or oldest.get(h.id)
        families.append(
            DigitalFamily(
                household_id=h.id,
                household_code=h.code,
                tdp_code=h.tdp.code,
                tdp_name=h.tdp.name,
                head_name=head.full_name if head else "",
                head_sex=head.sex if head else "",
            )
        )
    return families


def _live_cultural_houses(phase: Phase) -> list[dict]:
    """R7 per cultural house with a checklist in `phase`: {"tdp_code", "digital"}. One query."""
    checks = (
        CulturalHouseCheck.objects.filter(phase=phase, house__tdp__ward_id=phase.campaign.ward_id)
        .order_by("house__tdp__sort_key", "house__tdp__code")
        .values_list("house__tdp__code", *CulturalHouseCheck.CONDITIONS)
    )
    return [
        {"tdp_code": code, "digital": rules.is_digital_cultural_house(*conditions)}
        for code, *conditions in checks
    ]


@dataclass
class PhaseResults:
    phase: Phase
    standings_json: dict  # INTERFACES.md standings document, with households_detail
    digital_families: list[DigitalFamily]
    frozen: bool
    # R7 checklists behind the "digital cultural houses" indicator (R8), frozen too.
    cultural_houses: list[dict] = field(default_factory=list)


def live_results(phase: Phase) -> PhaseResults:
    standings = compute_standings(phase)
    return PhaseResults(
        phase=phase,
        standings_json=standings.as_json(households=True),
        digital_families=_live_digital_families(phase, standings),
        frozen=False,
        cultural_houses=_live_cultural_houses(phase),
    )


def snapshot_of(phase: Phase, *, data: bool = True) -> StandingsSnapshot | None:
    """R13: the phase's frozen snapshot (with who froze it), or None while its results are
    live — the one place that asks. `data=False` leaves the stored figures unread (for pages
    that only say whether and when the results were frozen)."""
    snapshots = StandingsSnapshot.objects.filter(phase=phase).select_related("created_by")
    if not data:
        snapshots = snapshots.defer("data")
    return snapshots.first()


def phase_results(phase: Phase) -> PhaseResults:
    """The phase's results: the frozen snapshot once approved (R13), else live figures."""
    snapshot = snapshot_of(phase)
    if snapshot is None:
        return live_results(phase)
    return PhaseResults(
        phase=phase,
        standings_json=snapshot.data["standings"],
        digital_families=[DigitalFamily(**f) for f in snapshot.data["digital_families"]],
        frozen=True,
        cultural_houses=snapshot.data.get("cultural_houses", []),
    )


@dataclass(frozen=True)
class StandingsDocument:
    doc: dict  # the INTERFACES.md standings document
    frozen: bool  # the approved snapshot's figures (else live ones)
    snapshot: StandingsSnapshot | None  # the phase's snapshot, also when live was asked for


def standings_document(
    phase: Phase, live: bool = False, households: bool = False
) -> StandingsDocument:
    """The standings document of `phase`, with `households_detail` when `households`: the
    frozen one once the phase is approved unless `live` figures are asked for (R13)."""
    snapshot = snapshot_of(phase, data=not live)
    if snapshot is None or live:
        doc = compute_standings(phase).as_json(households=households)
        return StandingsDocument(doc, frozen=False, snapshot=snapshot)
    doc = snapshot.data["standings"]
    if not households:
        doc = {**doc, "tdps": [_without_detail(t) for t in doc["tdps"]]}
    return StandingsDocument(doc, frozen=True, snapshot=snapshot)


def _without_detail(tdp: dict) -> dict:
    return {k: v for k, v in tdp.items() if k != "households_detail"}


@transaction.atomic
def freeze(phase: Phase, user=None) -> StandingsSnapshot:
    """R13: freeze the phase's figures and lists. Refreshing an existing snapshot is
    deliberate (the office re-approves after reopening) and replaces it."""
    results = live_results(phase)
    data = {
        "standings": results.standings_json,
        "digital_families": [f.as_json() for f in results.digital_families],
        "cultural_houses": results.cultural_houses,
    }
    snapshot, _ = StandingsSnapshot.objects.update_or_create(
        phase=phase, defaults={"data": data, "created_by": user}
    )
    return snapshot


def unfreeze(phase: Phase) -> None:
    StandingsSnapshot.objects.filter(phase=phase).delete()
