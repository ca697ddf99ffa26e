"""R8: actual values of the ward's indicators (exact) and met / not met per target."""

from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from households.models import CulturalHouse
from scoring import targets as r8
from scoring.models import CulturalHouseCheck
from scoring.snapshots import freeze
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, NINE_MET, make_household


def target(indicator, value, manual=None, label=""):
    return SimpleNamespace(
        indicator=indicator, target_value=Decimal(value), manual_actual=manual, label=label
    )


@pytest.fixture
def ward_data(phase1, tdp, other_tdp):
    # TDP 8: 3 eligible households, 2 digital → 66.66…%; TDP 9: 1/1 → 100 % (digital TDP, R5).
    make_household(tdp, "001", [(ADULT, ALL_MET), (ADULT, NINE_MET), (CHILD, None)], phase1)
    make_household(tdp, "002", [(ADULT, ALL_MET)], phase1)
    make_household(tdp, "003", [(ADULT, EIGHT_MET), (ADULT, None)], phase1)  # 1 unscored
    make_household(other_tdp, "004", [(ADULT, ALL_MET)], phase1)
    make_household(other_tdp, "005", [(CHILD, None)], phase1)  # not applicable (R3)
    return phase1


def set_house(tdp, phase, *conditions):
    house = CulturalHouse.objects.get(tdp=tdp)
    CulturalHouseCheck.objects.update_or_create(
        house=house,
        phase=phase,
        defaults=dict(zip(CulturalHouseCheck.CONDITIONS, conditions, strict=True)),
    )


def test_actual_values_are_exact_fractions(ward_data, tdp, other_tdp):
    set_house(tdp, ward_data, True, True, True, True)
    set_house(other_tdp, ward_data, True, True, True, False)  # one condition missing (R7)
    a = r8.ward_actuals(ward_data)
    # citizens: eligible 6 (001:2, 002:1, 003:2, 004:1), digital 4 (score ≥ 90, R2)
    assert (a.eligible_residents, a.digital_citizens) == (6, 4)
    assert a.digital_citizen_percent == Fraction(200, 3)
    # families: eligible 4, digital 3 (001, 002, 004)
    assert (a.eligible_households, a.digital_households) == (4, 3)
    assert a.digital_family_percent == Fraction(75)
    assert a.digital_tdps == 1  # TDP 9 only (R5)
    assert (a.digital_cultural_houses, a.checked_cultural_houses) == (1, 2)
    assert a.frozen is False
    assert r8.value_text(r8.DIGITAL_CITIZEN_PERCENT, a.digital_citizen_percent) == "66,66 %"


def test_exact_equality_meets_and_just_above_does_not(ward_data):
    a = r8.ward_actuals(ward_data)
    rows = r8.evaluate_targets(
        [
            target(r8.DIGITAL_FAMILY_PERCENT, "75"),  # 75 % exactly → met
            target(r8.DIGITAL_FAMILY_PERCENT, "75.01"),  # just above → not met
            target(r8.DIGITAL_TDPS, "1"),
            target(r8.DIGITAL_TDPS, "2"),
        ],
        a,
    )
    assert [r.met for r in rows] == [True, False, True, False]
    assert not r8.ward_team_met(rows)
    assert r8.ward_team_met(rows[:1] + rows[2:3])


def test_truncated_display_never_reaches_a_missed_target(ward_data):
    # 66.666…% is shown "66,66 %"; a target of 66.67 is missed, 66.66 met.
    a = r8.ward_actuals(ward_data)
    rows = r8.evaluate_targets(
        [target(r8.DIGITAL_CITIZEN_PERCENT, "66.67"), target(r8.DIGITAL_CITIZEN_PERCENT, "66.66")],
        a,
    )
    assert [r.met for r in rows] == [False, True]
    assert rows[0].actual_text == "66,66 %" and rows[0].target_text == "66,67 %"


def test_other_indicator_uses_manual_value(ward_data):
    a = r8.ward_actuals(ward_data)
    rows = r8.evaluate_targets(
        [
            target(r8.OTHER, "10", Decimal("10"), "Số lớp tập huấn"),
            target(r8.OTHER, "10", Decimal("9.5"), "Số buổi"),
            target(r8.OTHER, "1", None, "Chưa nhập"),
        ],
        a,
    )
    assert [r.met for r in rows] == [True, False, False]
    assert rows[1].actual_text == "9,5" and rows[2].actual_text == "—"
    assert rows[2].basis == "chưa nhập kết quả"


def test_no_target_is_not_met():
    assert r8.ward_team_met([]) is False


def test_actuals_read_the_frozen_snapshot(ward_data, tdp):
    freeze(ward_data)
    # A later edit of the register does not change the approved figures (R13).
    make_household(tdp, "006", [(ADULT, EIGHT_MET)], ward_data)
    a = r8.ward_actuals(ward_data)
    assert a.frozen and (a.eligible_households, a.digital_households) == (4, 3)


def test_no_eligible_resident_has_no_percentage(phase1):
    a = r8.ward_actuals(phase1)
    assert a.digital_citizen_percent is None and a.digital_family_percent is None
    row = r8.evaluate_targets([target(r8.DIGITAL_CITIZEN_PERCENT, "0")], a)[0]
    assert row.met is False and row.actual_text == "—"


def test_query_count_is_constant(ward_data, django_assert_max_num_queries, tdp):
    with django_assert_max_num_queries(8) as small:
        r8.ward_actuals(ward_data)
    for i in range(20):
        make_household(tdp, f"1{i:02d}", [(ADULT, ALL_MET), (ADULT, NINE_MET)], ward_data)
    with django_assert_max_num_queries(len(small.captured_queries)):
        r8.ward_actuals(ward_data)
