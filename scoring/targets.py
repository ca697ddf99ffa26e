"""R8: the ward's actual value of each indicator the app knows, and met / not met per target.

Targets themselves are data of the awards layer (awards.models.WardTarget); this module only
sees plain values (indicator code, target value, manual actual) so the layers stay
households ← scoring ← awards. Actual values come from the phase's results
(scoring.snapshots.phase_results: the frozen snapshot once approved, R13) and are exact
fractions; percentages are shown truncated like R4 so a shown figure never reaches a target
that the exact value misses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring import rules
from scoring.models import Phase
from scoring.snapshots import PhaseResults, phase_results

DIGITAL_CITIZEN_PERCENT = "digital_citizen_percent"
DIGITAL_FAMILY_PERCENT = "digital_family_percent"
DIGITAL_TDPS = "digital_tdps"
DIGITAL_CULTURAL_HOUSES = "digital_cultural_houses"
OTHER = "other"

PERCENT_INDICATORS = (DIGITAL_CITIZEN_PERCENT, DIGITAL_FAMILY_PERCENT)
COUNT_INDICATORS = (DIGITAL_TDPS, DIGITAL_CULTURAL_HOUSES)
COMPUTED_INDICATORS = PERCENT_INDICATORS + COUNT_INDICATORS


@dataclass(frozen=True)
class WardActuals:
    """What the ward achieved in a phase, with the counts behind each percentage."""

    eligible_residents: int
    digital_citizens: int
    eligible_households: int
    digital_households: int
    digital_tdps: int
    ranked_tdps: int
    digital_cultural_houses: int
    checked_cultural_houses: int
    frozen: bool

    @property
    def digital_citizen_percent(self) -> Fraction | None:
        ratio = rules.tdp_ratio(self.digital_citizens, self.eligible_residents)
        return None if ratio is None else ratio * 100

    @property
    def digital_family_percent(self) -> Fraction | None:
        ratio = rules.tdp_ratio(self.digital_households, self.eligible_households)  # R4
        return None if ratio is None else ratio * 100

    def value(self, indicator: str) -> Fraction | int | None:
        if indicator in COMPUTED_INDICATORS:
            return getattr(self, indicator)
        return None

    def basis(self, indicator: str) -> str:
        """The counts behind a value, in Vietnamese (shown beside the figure)."""
        if indicator == DIGITAL_CITIZEN_PERCENT:
            return f"{self.digital_citizens}/{self.eligible_residents} công dân"
        if indicator == DIGITAL_FAMILY_PERCENT:
            return f"{self.digital_households}/{self.eligible_households} hộ thuộc diện"
        if indicator == DIGITAL_TDPS:
            return f"trên {self.ranked_tdps} tổ dân phố có số liệu"
        if indicator == DIGITAL_CULTURAL_HOUSES:
            return f"{self.checked_cultural_houses} nhà văn hóa đã chấm tiêu chí"
        return ""


def ward_actuals(phase: Phase, results: PhaseResults | None = None) -> WardActuals:
    """R8 actual values from the phase's results (R13) plus the R7 checklists."""
    if results is None:
        results = phase_results(phase)
    tdps = results.standings_json["tdps"]
    # R7 checklists come with the results, so they are frozen with them (R13).
    checked = len(results.cultural_houses)
    houses = sum(1 for h in results.cultural_houses if h["digital"])
    return WardActuals(
        eligible_residents=sum(t["eligible_residents"] for t in tdps),
        digital_citizens=sum(t["digital_citizens"] for t in tdps),
        eligible_households=sum(t["eligible_households"] for t in tdps),
        digital_households=sum(t["digital_households"] for t in tdps),
        digital_tdps=sum(1 for t in tdps if t["digital_tdp"]),  # R5
        ranked_tdps=sum(1 for t in tdps if t["ratio_percent"] is not None),
        digital_cultural_houses=houses,
        checked_cultural_houses=checked,
        frozen=results.frozen,
    )


def value_text(indicator: str, value: Fraction | Decimal | int | None) -> str:
    """A value as people read it: percentages truncated to two decimals with a comma
    (R4 style), counts as integers, manual values as entered."""
    if value is None:
        return "—"
    if indicator in PERCENT_INDICATORS:
        text = rules.ratio_percent_text(Fraction(value) / 100)
        return text.replace(".", ",") + " %"
    if indicator in COUNT_INDICATORS:
        return str(int(value))
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def target_text(indicator: str, target: Decimal | int) -> str:
    dec = Decimal(target).normalize()
    text = format(dec, "f").replace(".", ",")
    return text + " %" if indicator in PERCENT_INDICATORS else text


@dataclass(frozen=True)
class TargetResult:
    """One row of the side-by-side table: target, actual, met."""

    target: object  # the WardTarget (or any object with the fields below)
    indicator: str
    label: str
    target_value: Decimal
    actual: Fraction | Decimal | int | None
    basis: str
    met: bool

    @property
    def target_text(self) -> str:
        return target_text(self.indicator, self.target_value)

    @property
    def actual_text(self) -> str:
        return value_text(self.indicator, self.actual)


def evaluate_targets(targets: Iterable, actuals: WardActuals) -> list[TargetResult]:
    """R8 per target. `targets` are objects with .indicator, .target_value,
    .manual_actual and a display label (.label or get_indicator_display())."""
    rows = []
    for t in targets:
        if t.indicator in COMPUTED_INDICATORS:
            actual = actuals.value(t.indicator)
            basis = actuals.basis(t.indicator)
        else:
            actual = t.manual_actual
            basis = "nhập tay" if actual is not None else "chưa nhập kết quả"
        label = t.label or (
            t.get_indicator_display() if hasattr(t, "get_indicator_display") else ""
        )
        rows.append(
            TargetResult(
                target=t,
                indicator=t.indicator,
                label=label,
                target_value=t.target_value,
                actual=actual,
                basis=basis,
                met=rules.target_met(actual, t.target_value),  # R8, exact
            )
        )
    return rows


def ward_team_met(rows: Iterable[TargetResult]) -> bool:
    """R8: every target met, and there is at least one."""
    return rules.ward_team_award_met(r.met for r in rows)
