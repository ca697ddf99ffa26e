"""The ward plan's rules, one place, cited by number (../shared/spec/RULES.md).

Pure functions over plain values, plus the few query expressions that apply the same rules
inside the database. Anything that decides who counts, who passes, or who wins comes from
here; views, commands and templates only call it.

R1–R8, R10, R11 and R15 are decided below. The others are applied where their data live,
each in one place:
- R9 (individuals and other collectives) has no formula: nominations are data, compiled by
  the office and decided by the Chairman (awards.proposals.services).
- R12 (windows bind the TDP's own accounts): awards.procedure (state.py, permissions.py).
- R13 (the register is current; approved results are frozen): scoring.snapshots —
  `snapshot_of` is the one place that answers "frozen or live".
- R14 (certificates rest on a decision): awards.certificates.services dates each
  certificate on its phase's certificate decision.
- R15 (campaigns are independent): `may_count_q` below — an assessment counts only within
  its own campaign; awards.campaigns copies a campaign's settings, never its assessments."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Case, ExpressionWrapper, F, IntegerField, Q, Value, When

from scoring.models import CRITERIA

ADULT_AGE = 18  # R1
POINTS_PER_CRITERION = 10  # R2
DIGITAL_CITIZEN_MIN_SCORE = 90  # R2
DIGITAL_TDP_MIN_PERCENT = Decimal(90)  # R5, as screens write it ("90 %")
DIGITAL_TDP_MIN_RATIO = Fraction(DIGITAL_TDP_MIN_PERCENT) / 100  # R5
PASSING_CRITERIA = DIGITAL_CITIZEN_MIN_SCORE // POINTS_PER_CRITERION  # 9 of 10


# --- R1 eligibility --------------------------------------------------------------------


def anniversary(birth_date: datetime.date, years: int) -> datetime.date:
    """R1: the day someone born on `birth_date` completes `years` years.

    Born 29 February: in a non-leap year the anniversary falls on 28 February (Civil Code:
    a period ending in a month without that day ends on the month's last day)."""
    year = birth_date.year + years
    last_day = calendar.monthrange(year, birth_date.month)[1]
    return datetime.date(year, birth_date.month, min(birth_date.day, last_day))


def adult_birth_cutoff(reference_date: datetime.date) -> datetime.date:
    """R1: the latest birth date of someone who is 18 on `reference_date`.

    A birthday on the reference date counts as reached; someone born 29 February of a leap
    year reaches 18 on 28 February when the 18th year is not a leap year."""
    year = reference_date.year - ADULT_AGE
    if reference_date.month == 2 and reference_date.day == 28 and calendar.isleap(year):
        return datetime.date(year, 2, 29)
    last_day = calendar.monthrange(year, reference_date.month)[1]
    return datetime.date(year, reference_date.month, min(reference_date.day, last_day))


def is_adult_on(birth_date: datetime.date, reference_date: datetime.date) -> bool:
    """R1 age part."""
    return anniversary(birth_date, ADULT_AGE) <= reference_date


def is_eligible(status: str, birth_date: datetime.date, reference_date: datetime.date) -> bool:
    """R1: active (not moved, not deceased) and at least 18 on the reference date."""
    return status == "active" and is_adult_on(birth_date, reference_date)


def eligible_q(reference_date: datetime.date, prefix: str = "") -> Q:
    """R1 as a filter on residents (`prefix` reaches residents through a relation)."""
    return Q(
        **{
            f"{prefix}status": "active",
            f"{prefix}birth_date__lte": adult_birth_cutoff(reference_date),
        }
    )


# --- R2 citizen score ------------------------------------------------------------------


def citizen_score(criteria: Sequence[bool | None]) -> int:
    """R2: 10 points per criterion met; a criterion not recorded (None) is not met."""
    if len(criteria) != len(CRITERIA):
        raise ValueError("expected ten criteria")
    return POINTS_PER_CRITERION * sum(1 for met in criteria if met)


def is_digital_citizen(score: int | None) -> bool:
    """R2: score ≥ 90; no assessment at all (None) is "chưa chấm", not a digital citizen."""
    return score is not None and score >= DIGITAL_CITIZEN_MIN_SCORE


def score_expression(prefix: str = "") -> ExpressionWrapper:
    """R2 inside the database: the score of an Assessment row."""
    total = None
    for name in CRITERIA:
        term = Case(
            When(**{f"{prefix}{name}": True}, then=Value(POINTS_PER_CRITERION)), default=Value(0)
        )
        total = term if total is None else total + term
    return ExpressionWrapper(total, output_field=IntegerField())


# --- R10 / R11 which assessment counts ------------------------------------------------


def counting_key(phase_number: int, stage: int) -> tuple[int, int]:
    """R10 + R11: among a resident's assessments of this campaign up to the counting phase,
    the most recent phase wins, and within it the latest stage (self < TDP < ward)."""
    return (phase_number, stage)


def counting_assessment(candidates: Iterable, phase_number: int):
    """R10 + R11: pick the assessment that counts for `phase_number` from a resident's
    assessments of the same campaign (objects with .phase_number and .stage); never one of
    a later phase. None when there is none (unscored)."""
    best = None
    for a in candidates:
        if a.phase_number > phase_number:
            continue
        if best is None or counting_key(a.phase_number, a.stage) > counting_key(
            best.phase_number, best.stage
        ):
            best = a
    return best


def may_count_q(campaign_id: int, phase_number: int, prefix: str = "") -> Q:
    """R11 + R15: the assessments that may count for phase `phase_number` of a campaign —
    recorded in that phase or an earlier one of the SAME campaign (never a later phase,
    never another year's)."""
    return Q(**{f"{prefix}phase__campaign_id": campaign_id}) & Q(
        **{f"{prefix}phase__number__lte": phase_number}
    )


def counting_order_by() -> tuple:
    """R10 + R11 as an ORDER BY for a subquery over Assessment (first row counts)."""
    return (F("phase__number").desc(), F("stage").desc())


# --- R3 household / R4–R6 TDP -----------------------------------------------------------


@dataclass(frozen=True)
class HouseholdResult:
    eligible_members: int
    digital_members: int

    @property
    def applicable(self) -> bool:
        """R3: a household with no eligible member is "không thuộc diện"."""
        return self.eligible_members > 0

    @property
    def digital_family(self) -> bool | None:
        """R3: every eligible member is a digital citizen; None when not applicable."""
        if not self.applicable:
            return None
        return self.digital_members == self.eligible_members


def household_result(member_scores: Iterable[tuple[bool, int | None]]) -> HouseholdResult:
    """R3 from (eligible, counting score or None) of each member."""
    eligible = digital = 0
    for member_eligible, score in member_scores:
        if member_eligible:
            eligible += 1
            if is_digital_citizen(score):
                digital += 1
    return HouseholdResult(eligible, digital)


def tdp_ratio(digital_households: int, eligible_households: int) -> Fraction | None:
    """R4: exact ratio; None (no ratio, not ranked) without an eligible household."""
    if eligible_households == 0:
        return None
    return Fraction(digital_households, eligible_households)


def ratio_percent_text(ratio: Fraction | None) -> str | None:
    """R4: percentage truncated (never rounded) to two decimals, e.g. "89.99"."""
    if ratio is None:
        return None
    hundredths = ratio.numerator * 10000 // ratio.denominator
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def is_digital_tdp(ratio: Fraction | None) -> bool:
    """R5: ratio ≥ 90 %."""
    return ratio is not None and ratio >= DIGITAL_TDP_MIN_RATIO


def threshold_fraction(award_threshold_percent: Decimal) -> Fraction:
    return Fraction(Decimal(award_threshold_percent)) / 100


def meets_threshold(ratio: Fraction | None, award_threshold_percent: Decimal) -> bool:
    """R6: the phase's threshold, compared exactly."""
    return ratio is not None and ratio >= threshold_fraction(award_threshold_percent)


def dense_ranks(ratios: dict[str, Fraction | None]) -> dict[str, int | None]:
    """R6: dense ranks by ratio, highest first; ties share a rank; no ratio, no rank."""
    distinct = sorted({r for r in ratios.values() if r is not None}, reverse=True)
    rank_of = {r: i + 1 for i, r in enumerate(distinct)}
    return {key: (rank_of[r] if r is not None else None) for key, r in ratios.items()}


def award_tdps(
    ratios: dict[str, Fraction | None], award_threshold_percent: Decimal
) -> tuple[list[str], bool]:
    """R6: the TDP(s) with the highest ratio, provided it meets the phase threshold.

    Returns (keys proposed, tie flag for the council)."""
    ranked = [r for r in ratios.values() if r is not None]
    if not ranked:
        return [], False
    top = max(ranked)
    if not meets_threshold(top, award_threshold_percent):
        return [], False
    winners = [key for key, r in ratios.items() if r == top]
    return winners, len(winners) > 1


# --- R7 digital cultural house ------------------------------------------------------------


def is_digital_cultural_house(
    has_internet: bool, has_tv_and_device: bool, runs_sessions: bool, party_cell_e_handbook: bool
) -> bool:
    """R7: all four conditions hold."""
    return all((has_internet, has_tv_and_device, runs_sessions, party_cell_e_handbook))


# --- R8 ward community team -------------------------------------------------------------


def target_met(actual: Decimal | Fraction | int | None, target: Decimal | int) -> bool:
    """R8, one indicator: the actual value reaches the target (exactly)."""
    if actual is None:
        return False
    return Fraction(actual) >= Fraction(Decimal(target))


def ward_team_award_met(results: Iterable[bool]) -> bool:
    """R8: met when every target assigned for the campaign is met (and there is one)."""
    results = list(results)
    return bool(results) and all(results)
