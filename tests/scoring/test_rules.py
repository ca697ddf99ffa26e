"""The rules as pure functions (scoring/rules.py), each at its boundaries, by rule number."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db.models import Q

from scoring import rules

D = datetime.date


# --- R1 eligibility ------------------------------------------------------------------------


def test_r1_birthday_on_reference_date_counts_day_after_does_not():
    ref = D(2022, 8, 31)
    assert rules.is_adult_on(D(2004, 8, 31), ref)  # 18th birthday on the reference date
    assert not rules.is_adult_on(D(2004, 9, 1), ref)  # 18 the day after
    assert rules.adult_birth_cutoff(ref) == D(2004, 8, 31)


@pytest.mark.parametrize(
    "birth, years, expected",
    [
        (D(2004, 2, 29), 18, D(2022, 2, 28)),  # R1: non-leap year → 28 February
        (D(2004, 2, 29), 20, D(2024, 2, 29)),  # leap year keeps 29 February
        (D(2000, 2, 29), 100, D(2100, 2, 28)),  # 2100 is not a leap year
        (D(2004, 3, 1), 18, D(2022, 3, 1)),
        (D(2004, 8, 31), 18, D(2022, 8, 31)),
    ],
)
def test_r1_anniversary(birth, years, expected):
    assert rules.anniversary(birth, years) == expected


def test_r1_29_february_reaches_18_on_28_february_of_a_non_leap_year():
    born = D(2004, 2, 29)
    assert not rules.is_adult_on(born, D(2022, 2, 27))
    assert rules.is_adult_on(born, D(2022, 2, 28))
    # the cutoff agrees: on 28/02/2022 the latest adult birth date is 29/02/2004
    assert rules.adult_birth_cutoff(D(2022, 2, 28)) == D(2004, 2, 29)
    assert rules.adult_birth_cutoff(D(2022, 2, 27)) == D(2004, 2, 27)
    # someone born 1 March 2004 is not yet 18 on 28/02/2022
    assert not rules.is_adult_on(D(2004, 3, 1), D(2022, 2, 28))


def test_r1_reference_date_29_february():
    ref = D(2024, 2, 29)  # 2006 is not a leap year
    assert rules.adult_birth_cutoff(ref) == D(2006, 2, 28)
    assert rules.is_adult_on(D(2006, 2, 28), ref)
    assert not rules.is_adult_on(D(2006, 3, 1), ref)


def test_r1_cutoff_agrees_with_anniversary_over_every_day_of_several_years():
    """The database filter (birth_date ≤ cutoff) selects exactly the people whose 18th
    anniversary has come, for every reference date of 2021–2025 (leap and not)."""
    births = [D(2001, 1, 1) + datetime.timedelta(days=i) for i in range(0, 3 * 366 + 370)]
    ref = D(2021, 1, 1)
    while ref <= D(2025, 12, 31):
        cutoff = rules.adult_birth_cutoff(ref)
        for b in births:
            if abs((b - cutoff).days) <= 2 or (b.month == 2 and b.day >= 28):
                assert (b <= cutoff) == rules.is_adult_on(b, ref), (b, ref)
        ref += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "status, expected", [("active", True), ("moved", False), ("deceased", False)]
)
def test_r1_moved_and_deceased_do_not_count(status, expected):
    assert rules.is_eligible(status, D(1980, 1, 1), D(2022, 8, 31)) is expected


# --- R2 citizen score ------------------------------------------------------------------------


def test_r2_scores_and_digital_citizen_boundary():
    assert rules.citizen_score((True,) * 10) == 100
    assert rules.citizen_score((True,) * 9 + (False,)) == 90
    assert rules.citizen_score((True,) * 8 + (False, False)) == 80
    assert rules.citizen_score((None,) * 10) == 0  # not recorded = not met
    assert rules.citizen_score((True,) * 9 + (None,)) == 90
    assert rules.is_digital_citizen(100)
    assert rules.is_digital_citizen(90)
    assert not rules.is_digital_citizen(80)
    assert not rules.is_digital_citizen(None)  # "chưa chấm"


def test_r2_needs_ten_criteria():
    with pytest.raises(ValueError):
        rules.citizen_score((True,) * 9)


# --- R3 household ----------------------------------------------------------------------------


def test_r3_household_results():
    minors_only = rules.household_result([(False, None), (False, 100)])
    assert not minors_only.applicable and minors_only.digital_family is None
    mixed = rules.household_result([(True, 90), (False, None), (True, 100)])
    assert mixed.applicable and mixed.digital_family is True
    assert (mixed.eligible_members, mixed.digital_members) == (2, 2)
    one_short = rules.household_result([(True, 90), (True, 80)])
    assert one_short.digital_family is False
    unscored = rules.household_result([(True, 100), (True, None)])
    assert unscored.digital_family is False  # R2: unscored is not a digital citizen


# --- R4 ratio --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "digital, eligible, text",
    [
        (17, 20, "85.00"),
        (9, 10, "90.00"),
        (18, 20, "90.00"),
        (8999, 10000, "89.99"),
        (2, 3, "66.66"),  # truncated, not 66.67
        (1, 3, "33.33"),
        (1, 1, "100.00"),
        (0, 5, "0.00"),
        (89999, 100000, "89.99"),  # never shown as 90.00
        (1, 7, "14.28"),
    ],
)
def test_r4_ratio_text_truncates(digital, eligible, text):
    ratio = rules.tdp_ratio(digital, eligible)
    assert ratio == Fraction(digital, eligible)
    assert rules.ratio_percent_text(ratio) == text


def test_r4_no_eligible_household_no_ratio():
    assert rules.tdp_ratio(0, 0) is None
    assert rules.ratio_percent_text(None) is None


def test_r4_shown_figure_never_reaches_a_threshold_the_exact_ratio_misses():
    for denominator in range(1, 400):
        for numerator in range(denominator + 1):
            ratio = Fraction(numerator, denominator)
            shown = Decimal(rules.ratio_percent_text(ratio))
            assert Fraction(shown) / 100 <= ratio
            for threshold in (Decimal(85), Decimal(90)):
                if shown >= threshold:
                    assert rules.meets_threshold(ratio, threshold)


# --- R5 / R6 ---------------------------------------------------------------------------------


def test_r5_digital_tdp_at_exactly_90_percent():
    assert rules.is_digital_tdp(Fraction(9, 10))
    assert rules.is_digital_tdp(Fraction(18, 20))
    assert not rules.is_digital_tdp(Fraction(8999, 10000))
    assert not rules.is_digital_tdp(None)


def test_r6_threshold_compared_exactly():
    assert rules.meets_threshold(Fraction(17, 20), Decimal("85.00"))
    assert not rules.meets_threshold(Fraction(1699, 2000), Decimal("85.00"))
    assert not rules.meets_threshold(Fraction(17, 20), Decimal("90.00"))
    assert rules.meets_threshold(Fraction(7, 8), Decimal("87.50"))
    assert not rules.meets_threshold(None, Decimal("0"))


def test_r6_dense_ranks_and_ties():
    ratios = {"a": Fraction(9, 10), "b": Fraction(18, 20), "c": Fraction(1, 2), "d": None}
    assert rules.dense_ranks(ratios) == {"a": 1, "b": 1, "c": 2, "d": None}
    winners, tie = rules.award_tdps(ratios, Decimal(85))
    assert sorted(winners) == ["a", "b"] and tie is True


def test_r6_top_under_threshold_no_award():
    ratios = {"a": Fraction(84, 100), "b": Fraction(1, 2)}
    assert rules.award_tdps(ratios, Decimal(85)) == ([], False)
    assert rules.award_tdps({"a": None}, Decimal(85)) == ([], False)
    assert rules.award_tdps({"a": Fraction(9, 10)}, Decimal(90)) == (["a"], False)


# --- R10 / R11 -------------------------------------------------------------------------------


@dataclass
class A:
    phase_number: int
    stage: int


def test_r10_latest_stage_counts():
    self_, tdp, ward = A(1, 1), A(1, 2), A(1, 3)
    assert rules.counting_assessment([self_], 1) is self_
    assert rules.counting_assessment([tdp, self_], 1) is tdp
    assert rules.counting_assessment([self_, ward, tdp], 1) is ward


def test_r11_carry_forward_never_backwards():
    p1_ward, p2_self = A(1, 3), A(2, 1)
    assert rules.counting_assessment([p1_ward], 2) is p1_ward  # carried forward
    assert rules.counting_assessment([p1_ward, p2_self], 2) is p2_self  # phase 2 wins
    assert rules.counting_assessment([p1_ward, p2_self], 1) is p1_ward  # never backwards
    assert rules.counting_assessment([p2_self], 1) is None  # unscored in phase 1
    assert rules.counting_assessment([], 2) is None


# --- R7 / R8 ---------------------------------------------------------------------------------


def test_r7_all_four_conditions():
    assert rules.is_digital_cultural_house(True, True, True, True)
    for i in range(4):
        flags = [True] * 4
        flags[i] = False
        assert not rules.is_digital_cultural_house(*flags)


def test_r8_targets():
    assert rules.target_met(Fraction(9, 10) * 100, Decimal("90"))
    assert not rules.target_met(Fraction(8999, 100), Decimal("90"))
    assert rules.target_met(5, 5) and not rules.target_met(4, 5)
    assert not rules.target_met(None, 1)
    assert rules.ward_team_award_met([True, True])
    assert not rules.ward_team_award_met([True, False])
    assert not rules.ward_team_award_met([])  # no target assigned: nothing to meet


def test_r11_r15_only_the_same_campaign_up_to_the_phase_may_count():
    q = rules.may_count_q(7, 2)
    assert q == Q(phase__campaign_id=7) & Q(phase__number__lte=2)
    assert rules.may_count_q(7, 1, prefix="x__") == Q(x__phase__campaign_id=7) & Q(
        x__phase__number__lte=1
    )
