"""A phase's standings — citizens, households, TDPs, ward — in a fixed number of queries.

The database applies R1 (who is eligible), R2 (score) and R10/R11 (which assessment counts)
and sums per household; the household → TDP → ward roll-up (R3–R6) runs in Python with
exact fractions. Query count: 3 whatever the size of the ward (asserted in tests).

Per-TDP pieces (households with their counts, criterion adoption) are kept by scoring/cache.py
under each TDP's version: when nothing changed a call costs one query and O(number of TDPs)
work; a TDP that changed is recomputed alone. The figures are always those of a fresh
computation (`scoring.cache.disabled()` gives one; tests compare them after every write)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, Value, When

from dongtam.formatting import threshold_number
from households.models import Household, Resident, ResidentialGroup
from scoring import cache, rules
from scoring.models import CRITERIA, Assessment, Phase


def counting_assessments_subquery(phase: Phase, resident_ref: str = "pk"):
    """R10 + R11: the assessment that counts for `phase`, per resident (a correlated
    subquery: the latest stage of the latest phase ≤ this one in the same campaign)."""
    return Assessment.objects.filter(
        rules.may_count_q(phase.campaign_id, phase.number), resident=OuterRef(resident_ref)
    ).order_by(*rules.counting_order_by())


def counting_score_subquery(phase: Phase, resident_ref: str = "pk") -> Subquery:
    return Subquery(
        counting_assessments_subquery(phase, resident_ref)
        .annotate(points=rules.score_expression())
        .values("points")[:1],
        output_field=IntegerField(),
    )


def counting_assessments(phase: Phase, residents=None):
    """The Assessment rows that count for `phase` (one per scored resident), as a queryset.
    `residents` narrows the residents (default: every active resident of the ward)."""
    if residents is None:
        residents = Resident.objects.active().filter(household__ward_id=phase.campaign.ward_id)
    ids = residents.annotate(
        counting_id=Subquery(counting_assessments_subquery(phase).values("id")[:1])
    ).values("counting_id")
    return Assessment.objects.filter(id__in=ids)


def counting_assessment_map(phase: Phase, resident_ids) -> dict[int, Assessment]:
    """R10 + R11 for a handful of residents (one household, one screen): resident id → the
    assessment that counts, with its phase loaded so screens can say where it came from."""
    candidates = (
        Assessment.objects.filter(
            rules.may_count_q(phase.campaign_id, phase.number),
            resident_id__in=list(resident_ids),
        )
        .select_related("phase")
        .order_by()
    )
    by_resident: dict[int, list[Assessment]] = {}
    for a in candidates:
        a.phase_number = a.phase.number
        by_resident.setdefault(a.resident_id, []).append(a)
    return {
        rid: rules.counting_assessment(items, phase.number) for rid, items in by_resident.items()
    }


@dataclass(frozen=True, slots=True)
class HouseholdStanding:
    """Immutable: the cached pieces share these between requests (scoring/cache.py)."""

    id: int
    code: str
    tdp_id: int
    residents: int = 0
    eligible_members: int = 0
    digital_members: int = 0
    unscored_members: int = 0

    @property
    def result(self) -> rules.HouseholdResult:
        return rules.HouseholdResult(self.eligible_members, self.digital_members)

    @property
    def digital_family(self) -> bool | None:
        return self.result.digital_family  # R3

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "eligible_members": self.eligible_members,
            "digital_members": self.digital_members,
            "digital_family": self.digital_family,
        }


@dataclass
class TdpStanding:
    tdp: ResidentialGroup
    households_detail: list[HouseholdStanding] = field(default_factory=list)
    ratio: Fraction | None = None
    rank: int | None = None
    award: bool = False
    digital_tdp: bool = False
    meets_award_threshold: bool = False
    # The sums below, computed once with the cached piece (None: summed on each access).
    totals: dict | None = field(default=None, repr=False, compare=False)

    @property
    def code(self) -> str:
        return self.tdp.code

    @property
    def name(self) -> str:
        return self.tdp.name

    def _sum(self, attr: str) -> int:
        if self.totals is not None:
            return self.totals[attr]
        return sum(getattr(h, attr) for h in self.households_detail)

    @property
    def residents(self) -> int:
        return self._sum("residents")

    @property
    def eligible_residents(self) -> int:
        return self._sum("eligible_members")

    @property
    def digital_citizens(self) -> int:
        return self._sum("digital_members")

    @property
    def unscored_residents(self) -> int:
        return self._sum("unscored_members")

    @property
    def households(self) -> int:
        return len(self.households_detail)

    @property
    def eligible_households(self) -> int:
        if self.totals is not None:
            return self.totals["eligible_households"]
        return sum(1 for h in self.households_detail if h.result.applicable)

    @property
    def digital_households(self) -> int:
        if self.totals is not None:
            return self.totals["digital_households"]
        return sum(1 for h in self.households_detail if h.digital_family)

    @property
    def ratio_percent(self) -> str | None:
        return rules.ratio_percent_text(self.ratio)  # R4

    def as_json(self, households: bool = False) -> dict:
        data = {
            "code": self.code,
            "name": self.name,
            "residents": self.residents,
            "eligible_residents": self.eligible_residents,
            "digital_citizens": self.digital_citizens,
            "unscored_residents": self.unscored_residents,
            "households": self.households,
            "eligible_households": self.eligible_households,
            "digital_households": self.digital_households,
            "ratio_percent": self.ratio_percent,
            "digital_tdp": self.digital_tdp,
            "meets_award_threshold": self.meets_award_threshold,
            "rank": self.rank,
            "award": self.award,
        }
        if households:
            data["households_detail"] = [h.as_json() for h in self.households_detail]
        return data


@dataclass
class Standings:
    phase: Phase
    tdps: list[TdpStanding]
    award_tdps: list[str]
    award_tie: bool

    @property
    def ward_totals(self) -> dict:
        return ward_totals([t.as_json() for t in self.tdps])

    def as_json(self, households: bool = False) -> dict:
        return {
            "campaign": self.phase.campaign.code,
            "phase": self.phase.number,
            "reference_date": self.phase.reference_date.isoformat(),
            "award_threshold_percent": threshold_number(self.phase.award_threshold),
            "tdps": [t.as_json(households) for t in self.tdps],
            "award_tdps": self.award_tdps,
            "award_tie": self.award_tie,
        }


SUMMED_COUNTS = (
    "residents",
    "eligible_residents",
    "digital_citizens",
    "unscored_residents",
    "households",
    "eligible_households",
    "digital_households",
)


def ward_totals(tdps: list[dict]) -> dict:
    """The ward's row from TDP rows of the standings document (live or frozen): the summed
    counts, the ward's exact ratio of digital families and of digital citizens (R4, with
    their truncated percent text) and the number of digital TDPs (R5)."""
    totals = {k: sum(t[k] for t in tdps) for k in SUMMED_COUNTS}
    ratio = rules.tdp_ratio(totals["digital_households"], totals["eligible_households"])
    citizen_ratio = rules.tdp_ratio(totals["digital_citizens"], totals["eligible_residents"])
    totals["ratio"] = ratio
    totals["ratio_percent"] = rules.ratio_percent_text(ratio)
    totals["citizen_ratio"] = citizen_ratio
    totals["digital_citizen_percent"] = rules.ratio_percent_text(citizen_ratio)
    totals["digital_tdps"] = sum(1 for t in tdps if t["digital_tdp"])
    return totals


def household_standings(phase: Phase, tdp_ids=None) -> list[HouseholdStanding]:
    """Every household of the ward (or of `tdp_ids`) with its R1/R2/R10/R11 member counts,
    TDP by TDP in code order, by household code within a TDP. One query when nothing
    changed, three otherwise."""
    tdps = _tdps(phase, tdp_ids)
    found = _household_pieces(phase, _versions(tdps))
    return [h for t in tdps for h in found[t.id].households]


def _tdps(phase: Phase, tdp_ids=None) -> list[ResidentialGroup]:
    """The ward's TDPs (or those of `tdp_ids`) in code order, with their versions. One query."""
    tdps = cache.with_versions(ResidentialGroup.objects.filter(ward_id=phase.campaign.ward_id))
    if tdp_ids is not None:
        tdps = tdps.filter(id__in=list(tdp_ids))
    return list(tdps.in_code_order())


def _versions(tdps: list[ResidentialGroup]) -> dict[int, str | None]:
    return {t.id: cache.version_of(t.results_counter, t.results_token) for t in tdps}


@dataclass(frozen=True)
class _HouseholdPiece:
    """One TDP's households with their counts and the TDP's sums (cached, shared)."""

    households: tuple[HouseholdStanding, ...]
    totals: dict


def _household_pieces(phase: Phase, versions: dict) -> dict[int, _HouseholdPiece]:
    return cache.pieces(
        "households", phase, versions, lambda ids: _compute_household_pieces(phase, ids)
    )


def _compute_household_pieces(phase: Phase, tdp_ids: list[int]) -> dict[int, _HouseholdPiece]:
    """R1/R2/R10/R11 member counts of every household of `tdp_ids`. Two queries."""
    ward_id = phase.campaign.ward_id
    households = Household.objects.filter(ward_id=ward_id, tdp_id__in=tdp_ids)
    residents = Resident.objects.active().filter(
        household__ward_id=ward_id, household__tdp_id__in=tdp_ids
    )
    rows = {h["id"]: h for h in households.order_by("code", "id").values("id", "code", "tdp_id")}
    eligible = rules.eligible_q(phase.reference_date)  # R1
    counts = (
        residents.annotate(tally=_counting_tally_subquery(phase))
        .values("household_id")
        .annotate(
            n_residents=Count("id"),
            n_eligible=Count("id", filter=eligible),
            tally=Sum("tally", filter=eligible),
        )
        .order_by()
    )
    by_household = {c["household_id"]: c for c in counts}
    per_tdp: dict[int, list[HouseholdStanding]] = {tdp_id: [] for tdp_id in tdp_ids}
    for hid, h in rows.items():
        c = by_household.get(hid)
        if c is None:
            standing = HouseholdStanding(id=hid, code=h["code"], tdp_id=h["tdp_id"])
        else:
            scored, digital = _split_tally(c["tally"])
            standing = HouseholdStanding(
                id=hid,
                code=h["code"],
                tdp_id=h["tdp_id"],
                residents=c["n_residents"],
                eligible_members=c["n_eligible"],
                digital_members=digital,
                unscored_members=c["n_eligible"] - scored,
            )
        per_tdp[h["tdp_id"]].append(standing)
    return {tdp_id: _piece(items) for tdp_id, items in per_tdp.items()}


def _piece(items: list[HouseholdStanding]) -> _HouseholdPiece:
    totals = {
        attr: sum(getattr(h, attr) for h in items)
        for attr in ("residents", "eligible_members", "digital_members", "unscored_members")
    }
    totals["eligible_households"] = sum(1 for h in items if h.result.applicable)
    totals["digital_households"] = sum(1 for h in items if h.digital_family)
    return _HouseholdPiece(tuple(items), totals)


# The counting assessment of each resident is looked up ONCE per resident: the subquery
# yields 1 for a scored resident plus _DIGITAL_WEIGHT for a digital citizen (R2), NULL for
# an unscored one; the household's sum splits back into (scored, digital). Referring to a
# score subquery in several aggregates would make the database run it once per aggregate.
_DIGITAL_WEIGHT = 1_000_000  # far above any household's member count


def _counting_tally_subquery(phase: Phase) -> Subquery:
    """R2 + R10 + R11 per resident: NULL (unscored), 1 (scored, not digital) or
    1 + _DIGITAL_WEIGHT (digital citizen)."""
    return Subquery(
        counting_assessments_subquery(phase)
        .annotate(points=rules.score_expression())
        .annotate(
            tally=Case(
                When(
                    points__gte=rules.DIGITAL_CITIZEN_MIN_SCORE,
                    then=Value(1 + _DIGITAL_WEIGHT),
                ),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .values("tally")[:1],
        output_field=IntegerField(),
    )


def _split_tally(tally: int | None) -> tuple[int, int]:
    """(scored, digital) eligible members from a household's summed tally."""
    digital, scored = divmod(tally or 0, _DIGITAL_WEIGHT)
    return scored, digital


def compute_standings(phase: Phase, tdp_ids=None) -> Standings:
    """R1–R6 for `phase` over the register as it is now (R13). One query when no TDP
    changed since the last call in this process, three otherwise; the phase's campaign
    should be select_related by the caller (otherwise one more)."""
    tdps = _tdps(phase, tdp_ids)
    versions = _versions(tdps)
    found = _household_pieces(phase, versions)
    by_tdp = {
        t.id: TdpStanding(
            tdp=t, households_detail=list(found[t.id].households), totals=found[t.id].totals
        )
        for t in tdps
    }

    for s in by_tdp.values():
        s.ratio = rules.tdp_ratio(s.digital_households, s.eligible_households)  # R4
        s.digital_tdp = rules.is_digital_tdp(s.ratio)  # R5
        s.meets_award_threshold = rules.meets_threshold(s.ratio, phase.award_threshold)  # R6

    ratios = {s.tdp.id: s.ratio for s in by_tdp.values()}
    ranks = rules.dense_ranks(ratios)  # R6
    winners, tie = rules.award_tdps(ratios, phase.award_threshold)  # R6
    for tdp_id, s in by_tdp.items():
        s.rank = ranks[tdp_id]
        s.award = tdp_id in winners

    ordered = sorted(
        by_tdp.values(),
        key=lambda s: (s.rank is None, s.rank or 0, s.tdp.sort_key, s.tdp.code),
    )
    award_codes = [s.code for s in ordered if s.award]
    return Standings(phase=phase, tdps=ordered, award_tdps=award_codes, award_tie=tie)


def criterion_adoption(phase: Phase, tdp_ids=None) -> dict:
    """Per criterion, how many eligible residents meet it by their counting assessment
    (where to campaign). Returns {"eligible": n, "scored": n, "tc1": n, … "tc10": n}
    for the ward or the given TDPs. One query when nothing changed, three otherwise."""
    counts = _adoption_totals(phase, tdp_ids)
    adoption = {"scored": counts["scored"], **{name: counts[name] for name in CRITERIA}}
    adoption["eligible"] = counts["eligible"]
    return adoption


def checked_residents(phase: Phase, tdp_ids=None) -> int:
    """Step 2 progress: eligible residents (R1) of the ward or `tdp_ids` whose counting
    assessment (R10/R11) is a TDP or ward stage of `phase` itself."""
    return _adoption_totals(phase, tdp_ids)["checked"]


_ADOPTION_KEYS = ("eligible", "scored", "checked", *CRITERIA)


def _adoption_totals(phase: Phase, tdp_ids) -> dict:
    versions = cache.tdp_versions(phase.campaign.ward_id, tdp_ids)
    found = cache.pieces(
        "adoption", phase, versions, lambda ids: _compute_adoption_pieces(phase, ids)
    )
    return {k: sum(piece[k] for piece in found.values()) for k in _ADOPTION_KEYS}


def _compute_adoption_pieces(phase: Phase, tdp_ids: list[int]) -> dict[int, dict]:
    """Criterion adoption counts per TDP of `tdp_ids`. Two queries."""
    residents = Resident.objects.active().filter(
        rules.eligible_q(phase.reference_date),
        household__ward_id=phase.campaign.ward_id,
        household__tdp_id__in=tdp_ids,
    )
    pieces = {tdp_id: dict.fromkeys(_ADOPTION_KEYS, 0) for tdp_id in tdp_ids}
    for row in residents.values("household__tdp_id").annotate(n=Count("id")).order_by():
        pieces[row["household__tdp_id"]]["eligible"] = row["n"]
    counts = (
        counting_assessments(phase, residents)
        .values("resident__household__tdp_id")
        .annotate(
            scored=Count("id"),
            checked=Count("id", filter=Q(phase_id=phase.id, stage__gte=2)),
            **{name: Count("id", filter=Q(**{name: True})) for name in CRITERIA},
        )
        .order_by()
    )
    for row in counts:
        piece = pieces[row.pop("resident__household__tdp_id")]
        piece.update(row)
    return pieces
