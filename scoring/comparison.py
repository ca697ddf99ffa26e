"""Year over year (R15: a ward's years compared side by side): each TDP's ratio (R4) and each
criterion's adoption in a phase beside the same phase number of the ward's previous campaign.

"Last year" is `scoring.phases.previous_year_phase`; its figures come from
`scoring.snapshots.phase_results` (R13: frozen once approved), this year's from the document
the page already shows. TDPs are matched by code (the register is one for all years). The
change is computed from the exact ratios (R4) and truncated toward zero, like every figure."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from dongtam.formatting import percent
from scoring import rules
from scoring.criteria import CRITERIA_SHORT
from scoring.models import CRITERIA, Phase
from scoring.phases import previous_year_phase
from scoring.snapshots import phase_results
from scoring.standings import criterion_adoption


def _ratio(digital: int, whole: int) -> Fraction | None:
    return rules.tdp_ratio(digital, whole)


def change_text(now: Fraction | None, before: Fraction | None) -> str:
    """The change in percentage points, truncated toward zero: "+3,20", "−1,05", "0,00"; "—"
    when either year has no figure."""
    if now is None or before is None:
        return "—"
    delta = (now - before) * 100
    hundredths = abs(delta.numerator) * 100 // delta.denominator
    sign = "+" if delta > 0 and hundredths else ("−" if delta < 0 and hundredths else "")
    return f"{sign}{hundredths // 100},{hundredths % 100:02d}"


@dataclass(frozen=True)
class Pair:
    """One figure this year and last year (exact ratios, R4)."""

    now: Fraction | None
    before: Fraction | None

    @property
    def now_text(self) -> str:
        return percent(rules.ratio_percent_text(self.now))

    @property
    def before_text(self) -> str:
        return percent(rules.ratio_percent_text(self.before))

    @property
    def now_percent(self) -> str | None:
        return rules.ratio_percent_text(self.now)

    @property
    def before_percent(self) -> str | None:
        return rules.ratio_percent_text(self.before)

    @property
    def change(self) -> str:
        return change_text(self.now, self.before)

    @property
    def direction(self) -> str:
        """ "up", "down" or "" (for a colour)."""
        if self.now is None or self.before is None or self.now == self.before:
            return ""
        return "up" if self.now > self.before else "down"


@dataclass(frozen=True)
class TdpLine:
    code: str
    name: str
    ratio: Pair


@dataclass(frozen=True)
class CriterionLine:
    number: int
    short: str
    adoption: Pair


@dataclass
class YearOverYear:
    phase: Phase
    previous: Phase
    tdps: list[TdpLine]
    criteria: list[CriterionLine]
    ward: Pair
    previous_frozen: bool = False

    @property
    def previous_year(self) -> int:
        return self.previous.campaign.year

    def for_code(self, code: str) -> TdpLine | None:
        return next((t for t in self.tdps if t.code == code), None)


def _ratios(doc: dict) -> dict[str, Fraction | None]:
    return {
        t["code"]: _ratio(t["digital_households"], t["eligible_households"]) for t in doc["tdps"]
    }


def _adoption(phase: Phase) -> dict[str, Fraction | None]:
    a = criterion_adoption(phase)
    return {name: _ratio(a[name] or 0, a["scored"] or 0) for name in CRITERIA}


def _ward_ratio(doc: dict) -> Fraction | None:
    digital = sum(t["digital_households"] for t in doc["tdps"])
    return _ratio(digital, sum(t["eligible_households"] for t in doc["tdps"]))


def year_over_year(phase: Phase, this_doc: dict | None = None) -> YearOverYear | None:
    """`phase` beside the same phase of the ward's previous campaign; None without one.
    `this_doc` is this year's standings document when the caller has it (the dashboard's
    live figures), else the phase's results (R13)."""
    previous = previous_year_phase(phase)
    if previous is None:
        return None
    now = this_doc if this_doc is not None else phase_results(phase).standings_json
    previous_results = phase_results(previous)
    before = previous_results.standings_json
    last = _ratios(before)
    tdps = [
        TdpLine(t["code"], t["name"], Pair(ratio, last.get(t["code"])))
        for t, ratio in zip(now["tdps"], _ratios(now).values(), strict=True)
    ]
    adoption_now, adoption_before = _adoption(phase), _adoption(previous)
    criteria = [
        CriterionLine(i + 1, CRITERIA_SHORT[i], Pair(adoption_now[name], adoption_before[name]))
        for i, name in enumerate(CRITERIA)
    ]
    return YearOverYear(
        phase=phase,
        previous=previous,
        tdps=tdps,
        criteria=criteria,
        ward=Pair(_ward_ratio(now), _ward_ratio(before)),
        previous_frozen=previous_results.frozen,
    )
