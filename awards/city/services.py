"""Figures of every ward for one campaign year and phase number, read from the same engines
the wards use (scoring.snapshots.phase_results for R13 snapshot-or-live, scoring.targets for
R8, scoring.standings for adoption) — nothing is recomputed here. A fixed number of queries
per ward."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from awards.models import Dossier, WardTarget
from dongtam.formatting import percent
from households.models import ResidentialGroup, Ward
from scoring import rules
from scoring import targets as r8
from scoring.criteria import CRITERIA_SHORT
from scoring.models import CRITERIA, Campaign, Phase
from scoring.phases import current_phase
from scoring.snapshots import phase_results
from scoring.standings import criterion_adoption, ward_totals


@dataclass
class WardColumn:
    ward: Ward
    phase: Phase | None
    totals: dict = field(default_factory=dict)
    tdps: int = 0
    dossiers: Counter = field(default_factory=Counter)
    targets: list[r8.TargetResult] = field(default_factory=list)
    adoption: dict = field(default_factory=dict)
    frozen: bool = False

    @property
    def targets_met(self) -> int:
        return sum(1 for t in self.targets if t.met)

    @property
    def team_award(self) -> bool:
        return r8.ward_team_met(self.targets)  # R8

    @property
    def submitted(self) -> int:
        return self.dossiers[Dossier.State.SUBMITTED] + self.dossiers[Dossier.State.APPROVED]

    @property
    def approved(self) -> int:
        return self.dossiers[Dossier.State.APPROVED]


@dataclass
class CriterionRow:
    code: str
    label: str
    per_ward: list[tuple[int, int]]  # (residents meeting it, eligible residents) per ward

    @property
    def percents(self) -> list[str]:
        """Adoption per ward as people read it, truncated like R4 ("85,71 %")."""
        return [percent(rules.ratio_percent_text(rules.tdp_ratio(m, e))) for m, e in self.per_ward]


@dataclass
class CityComparison:
    year: int
    number: int
    wards: list[WardColumn]
    criteria: list[CriterionRow]


def campaign_years() -> list[int]:
    return sorted(set(Campaign.objects.values_list("year", flat=True)), reverse=True)


def current_number(year: int) -> int:
    """The phase number the wards are working on in `year` (scoring.phases.current_phase)."""
    phases = Phase.objects.select_related("campaign").filter(campaign__year=year)
    phase = current_phase(phases)
    return phase.number if phase else 1


def phase_numbers(year: int) -> list[int]:
    return sorted(set(Phase.objects.filter(campaign__year=year).values_list("number", flat=True)))


def _column(ward: Ward, phase: Phase | None, tdp_counts: dict, dossiers: dict) -> WardColumn:
    column = WardColumn(ward=ward, phase=phase, tdps=tdp_counts.get(ward.id, 0))
    if phase is None:
        return column
    results = phase_results(phase)
    column.frozen = results.frozen
    column.totals = ward_totals(results.standings_json["tdps"])
    column.dossiers = dossiers.get(phase.id, Counter())
    actuals = r8.ward_actuals(phase, results)
    column.targets = r8.evaluate_targets(
        WardTarget.objects.filter(campaign_id=phase.campaign_id).order_by("id"), actuals
    )
    column.adoption = criterion_adoption(phase)
    return column


def city_comparison(year: int, number: int) -> CityComparison:
    wards = list(Ward.objects.order_by("name"))
    phases = {
        p.campaign.ward_id: p
        for p in Phase.objects.select_related("campaign__ward").filter(
            campaign__year=year, number=number
        )
    }
    tdp_counts = Counter(ResidentialGroup.objects.values_list("ward_id", flat=True))
    dossiers: dict[int, Counter] = {}
    for phase_id, state in Dossier.objects.filter(phase__in=list(phases.values())).values_list(
        "phase_id", "state"
    ):
        dossiers.setdefault(phase_id, Counter())[state] += 1
    columns = [_column(w, phases.get(w.id), tdp_counts, dossiers) for w in wards]
    criteria = [
        CriterionRow(
            code=name,
            label=CRITERIA_SHORT[i],
            per_ward=[(c.adoption.get(name, 0), c.adoption.get("eligible", 0)) for c in columns],
        )
        for i, name in enumerate(CRITERIA)
    ]
    return CityComparison(year=year, number=number, wards=columns, criteria=criteria)


def get_ward_campaign(ward_id, year: int) -> Campaign:
    """The campaign `year` of ward `ward_id`, for the city's target pages; 404 otherwise."""
    from django.http import Http404

    campaign = Campaign.objects.select_related("ward").filter(ward_id=ward_id, year=year).first()
    if campaign is None:
        raise Http404("Phường chưa có đợt thi đua năm này.")
    return campaign


def ward_targets(campaign: Campaign, phase: Phase | None) -> list[r8.TargetResult]:
    """The campaign's targets with the ward's actual values in `phase` (R8)."""
    targets = WardTarget.objects.filter(campaign=campaign).order_by("id")
    if phase is None:
        return []
    return r8.evaluate_targets(targets, r8.ward_actuals(phase))


def save_target(campaign: Campaign, form, user) -> WardTarget:
    target = form.save(commit=False)
    target.campaign = campaign
    target._change_reason = f"Thành phố giao chỉ tiêu ({user.get_username()})"
    target.save()
    return target
