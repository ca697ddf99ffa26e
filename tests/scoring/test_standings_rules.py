"""The standings engine in the database (scoring.standings), rule by rule at the boundaries."""

import datetime
from decimal import Decimal

import pytest

from households.models import Resident, ResidentialGroup
from scoring import rules
from scoring.models import Assessment
from scoring.standings import compute_standings, counting_assessment_map
from tests.scoring.standings_data import (
    ADULT,
    ALL_MET,
    CHILD,
    EIGHT_MET,
    NINE_MET,
    Member,
    build_households,
    ratio_tdp,
)
from tests.support import make_household

D = datetime.date
NONE_MET = (False,) * 10


def by_code(standings):
    return {t.code: t for t in standings.tdps}


def doc_of(phase, households=True):
    return compute_standings(phase).as_json(households=households)


def tdp_doc(phase, code):
    return next(t for t in doc_of(phase)["tdps"] if t["code"] == code)


# --- R1 --------------------------------------------------------------------------------------


def test_r1_birthday_on_reference_date_eligible_day_after_not(phase1, tdp):
    make_household(tdp, "001", [(D(2004, 8, 31), ALL_MET)], phase1)  # 18 on 31/08/2022
    make_household(tdp, "002", [(D(2004, 9, 1), ALL_MET)], phase1)  # 18 on 01/09/2022
    t = tdp_doc(phase1, "8")
    detail = {h["code"]: h for h in t["households_detail"]}
    assert detail["001"] == {
        "code": "001",
        "eligible_members": 1,
        "digital_members": 1,
        "digital_family": True,
    }
    assert detail["002"]["eligible_members"] == 0 and detail["002"]["digital_family"] is None
    assert t["eligible_residents"] == 1 and t["residents"] == 2
    assert t["eligible_households"] == 1


def test_r1_29_february_births_db_filter_agrees_with_anniversary(phase1, tdp):
    """R1: born 29/02/2004, 18 on 28/02/2022. With the reference date moved to 28/02/2022
    and 27/02/2022, the database counts exactly whom anniversary() says is adult."""
    born = D(2004, 2, 29)
    make_household(tdp, "L29", [(born, ALL_MET)], phase1)
    make_household(tdp, "M01", [(D(2004, 3, 1), ALL_MET)], phase1)
    make_household(tdp, "F28", [(D(2004, 2, 28), ALL_MET)], phase1)
    for ref, expected in [
        (D(2022, 2, 28), {"L29": 1, "M01": 0, "F28": 1}),
        (D(2022, 2, 27), {"L29": 0, "M01": 0, "F28": 0}),
        (D(2022, 3, 1), {"L29": 1, "M01": 1, "F28": 1}),
    ]:
        phase1.reference_date = ref
        phase1.save()
        detail = {
            h["code"]: h["eligible_members"] for h in tdp_doc(phase1, "8")["households_detail"]
        }
        assert detail == expected, ref
        assert rules.anniversary(born, 18) == D(2022, 2, 28)
        assert (born <= rules.adult_birth_cutoff(ref)) == (expected["L29"] == 1)
        assert rules.is_adult_on(born, ref) == (expected["L29"] == 1)
        in_db = set(
            Resident.objects.filter(rules.eligible_q(ref)).values_list(
                "household__code", flat=True
            )
        )
        assert in_db == {c for c, n in expected.items() if n}


def test_r1_moved_and_deceased_not_counted(phase1, tdp):
    make_household(
        tdp,
        "001",
        [
            (ADULT, ALL_MET),
            (ADULT, EIGHT_MET, Resident.Status.MOVED),
            (ADULT, None, Resident.Status.DECEASED),
        ],
        phase1,
    )
    t = tdp_doc(phase1, "8")
    assert t["residents"] == 1  # active residents only
    assert t["eligible_residents"] == 1 and t["unscored_residents"] == 0
    assert t["households_detail"][0]["digital_family"] is True
    assert t["ratio_percent"] == "100.00"


def test_r1_household_all_moved_away_is_not_applicable(phase1, tdp):
    make_household(tdp, "001", [(ADULT, ALL_MET, Resident.Status.MOVED)], phase1)
    t = tdp_doc(phase1, "8")
    assert t["households"] == 1 and t["eligible_households"] == 0
    assert t["ratio_percent"] is None and t["rank"] is None


# --- R2 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "criteria, digital", [(ALL_MET, True), (NINE_MET, True), (EIGHT_MET, False)]
)
def test_r2_scores_100_90_80(phase1, tdp, criteria, digital):
    make_household(tdp, "001", [(ADULT, criteria)], phase1)
    t = tdp_doc(phase1, "8")
    assert t["digital_citizens"] == int(digital)
    assert t["households_detail"][0]["digital_family"] is digital
    assert Assessment.objects.get().score == {ALL_MET: 100, NINE_MET: 90, EIGHT_MET: 80}[criteria]


def test_r2_one_criterion_recorded_is_an_assessment_unscored_is_chua_cham(phase1, tdp):
    """R2: an assessment with one criterion met scores 10 (scored, not digital); an adult
    without any assessment is "chưa chấm": eligible, counted in the denominator, not digital."""
    make_household(tdp, "001", [(ADULT, (True,) + (False,) * 9)], phase1)
    make_household(tdp, "002", [(ADULT, None)], phase1)
    make_household(tdp, "003", [(ADULT, ALL_MET)], phase1)
    t = tdp_doc(phase1, "8")
    assert t["eligible_residents"] == 3
    assert t["unscored_residents"] == 1  # only household 002's adult
    assert t["digital_citizens"] == 1
    assert t["eligible_households"] == 3 and t["digital_households"] == 1
    assert t["ratio_percent"] == "33.33"


def test_r2_all_criteria_false_is_scored_zero_not_unscored(phase1, tdp):
    make_household(tdp, "001", [(ADULT, NONE_MET)], phase1)
    t = tdp_doc(phase1, "8")
    assert t["unscored_residents"] == 0 and t["digital_citizens"] == 0


# --- R3 --------------------------------------------------------------------------------------


def test_r3_minors_only_household_not_in_denominator(phase1, tdp):
    make_household(tdp, "001", [(CHILD, None), (CHILD, ALL_MET)], phase1)
    make_household(tdp, "002", [(ADULT, ALL_MET), (CHILD, None)], phase1)  # mixed
    make_household(tdp, "003", [(ADULT, ALL_MET), (ADULT, EIGHT_MET), (CHILD, None)], phase1)
    t = tdp_doc(phase1, "8")
    detail = {h["code"]: h for h in t["households_detail"]}
    assert detail["001"]["digital_family"] is None and detail["001"]["eligible_members"] == 0
    assert detail["002"]["digital_family"] is True
    assert detail["003"]["digital_family"] is False
    assert detail["003"]["digital_members"] == 1
    assert (t["households"], t["eligible_households"], t["digital_households"]) == (3, 2, 1)
    assert t["ratio_percent"] == "50.00"


# --- R4 / R5 / R6 ----------------------------------------------------------------------------


def test_r4_r6_exactly_85_percent_meets_phase1_threshold(phase1, tdp):
    ratio_tdp(tdp, phase1, 17, 20)
    doc = doc_of(phase1, households=False)
    t = doc["tdps"][0]
    assert t["code"] == "8" and t["ratio_percent"] == "85.00"
    assert t["meets_award_threshold"] is True and t["digital_tdp"] is False
    assert doc["award_tdps"] == ["8"] and doc["award_tie"] is False


def test_r4_r5_exactly_90_percent_9_of_10_and_18_of_20_tie(phase2, tdp, other_tdp):
    ratio_tdp(tdp, phase2, 9, 10)
    ratio_tdp(other_tdp, phase2, 18, 20)
    doc = doc_of(phase2, households=False)
    top = doc["tdps"][:2]
    assert [t["code"] for t in top] == ["8", "9"]  # tied: numeric code order
    for t in top:
        assert t["ratio_percent"] == "90.00"
        assert t["digital_tdp"] is True  # R5 at exactly 90 %
        assert t["meets_award_threshold"] is True  # phase-2 threshold 90 %
        assert t["rank"] == 1 and t["award"] is True
    assert doc["award_tdps"] == ["8", "9"] and doc["award_tie"] is True


def test_r4_truncation_8999_of_10000_never_rounds_up(phase2, tdp):
    ratio_tdp(tdp, phase2, 8999, 10000)
    t = doc_of(phase2, households=False)["tdps"][0]
    assert t["ratio_percent"] == "89.99"
    assert t["digital_tdp"] is False and t["meets_award_threshold"] is False
    assert t["rank"] == 1 and t["award"] is False


def test_r4_two_thirds_shows_66_66(phase1, tdp):
    ratio_tdp(tdp, phase1, 2, 3)
    assert doc_of(phase1)["tdps"][0]["ratio_percent"] == "66.66"


def test_r6_just_under_85_percent_no_award(phase1, tdp):
    ratio_tdp(tdp, phase1, 1699, 2000)  # 84.95 %
    doc = doc_of(phase1, households=False)
    assert doc["tdps"][0]["ratio_percent"] == "84.95"
    assert doc["tdps"][0]["rank"] == 1
    assert doc["award_tdps"] == [] and doc["award_tie"] is False


def test_r6_same_ratio_threshold_85_vs_90_between_phases(phase1, phase2, tdp):
    """17/20 = 85 %: proposed at the preliminary review, not at the final review."""
    ratio_tdp(tdp, phase1, 17, 20)  # phase-1 assessments carry into phase 2 (R11)
    doc1, doc2 = doc_of(phase1), doc_of(phase2)
    assert doc1["award_tdps"] == ["8"] and doc1["award_threshold_percent"] == "85"
    assert doc2["tdps"][0]["ratio_percent"] == "85.00"
    assert doc2["award_tdps"] == [] and doc2["award_threshold_percent"] == "90"


def test_r6_tie_at_top_dense_ranks_and_order(phase1, ward, tdp, other_tdp):
    t10 = ResidentialGroup.objects.get(ward=ward, code="10")
    t2 = ResidentialGroup.objects.get(ward=ward, code="2")
    ratio_tdp(other_tdp, phase1, 9, 10)  # 90 %
    ratio_tdp(tdp, phase1, 18, 20)  # 90 %
    ratio_tdp(t10, phase1, 1, 2)  # 50 %
    ratio_tdp(t2, phase1, 1, 4)  # 25 %
    doc = doc_of(phase1, households=False)
    ranked = [(t["code"], t["rank"], t["award"]) for t in doc["tdps"][:4]]
    assert ranked == [("8", 1, True), ("9", 1, True), ("10", 2, False), ("2", 3, False)]
    assert doc["award_tdps"] == ["8", "9"] and doc["award_tie"] is True


def test_r6_empty_tdps_unranked_last_in_numeric_code_order(phase1, ward, tdp):
    make_household(tdp, "001", [(ADULT, EIGHT_MET)], phase1)  # 0 %: ranked
    t10 = ResidentialGroup.objects.get(ward=ward, code="10")
    make_household(t10, "002", [(CHILD, None)], phase1)  # households, none eligible
    doc = doc_of(phase1, households=False)
    assert len(doc["tdps"]) == 16
    assert doc["tdps"][0]["code"] == "8" and doc["tdps"][0]["rank"] == 1
    assert doc["tdps"][0]["ratio_percent"] == "0.00" and doc["award_tdps"] == []
    rest = doc["tdps"][1:]
    assert [t["code"] for t in rest] == [
        "1", "2", "3", "4", "5", "6", "7", "9", "10", "11", "12", "14", "15", "16", "18",
    ]  # fmt: skip
    for t in rest:
        assert t["rank"] is None and t["ratio_percent"] is None
        assert t["digital_tdp"] is False and t["meets_award_threshold"] is False
        assert t["award"] is False
    assert next(t for t in rest if t["code"] == "10")["households"] == 1


def test_r6_no_data_at_all(phase1):
    doc = doc_of(phase1, households=False)
    assert doc["award_tdps"] == [] and doc["award_tie"] is False
    assert all(t["rank"] is None for t in doc["tdps"])


def test_r6_threshold_is_phase_data(phase1, tdp):
    ratio_tdp(tdp, phase1, 7, 8)  # 87.5 %
    phase1.award_threshold = Decimal("87.50")
    phase1.save()
    doc = doc_of(phase1)
    assert doc["award_threshold_percent"] == "87.5"
    assert doc["award_tdps"] == ["8"]
    phase1.award_threshold = Decimal("87.51")
    phase1.save()
    assert doc_of(phase1)["award_tdps"] == []


# --- R10 -------------------------------------------------------------------------------------


def _assess(resident, phase, stage, criteria, reason=""):
    return Assessment.objects.create(
        resident=resident,
        phase=phase,
        stage=stage,
        reason=reason or ("Phường điều chỉnh sau xác minh" if stage == 3 else ""),
        **{f"tc{i + 1}": v for i, v in enumerate(criteria)},
    )


def test_r10_latest_stage_counts(phase1, tdp):
    h = make_household(tdp, "001", [(ADULT, ALL_MET)], phase1)  # self: 100
    r = h.residents.get()
    assert tdp_doc(phase1, "8")["digital_citizens"] == 1
    _assess(r, phase1, Assessment.Stage.TDP, EIGHT_MET)  # TDP team: 80
    assert tdp_doc(phase1, "8")["digital_citizens"] == 0
    _assess(r, phase1, Assessment.Stage.WARD, NINE_MET)  # ward correction: 90
    assert tdp_doc(phase1, "8")["digital_citizens"] == 1
    assert counting_assessment_map(phase1, [r.id])[r.id].stage == Assessment.Stage.WARD


# --- R11 -------------------------------------------------------------------------------------


def test_r11_phase2_carries_phase1_assessment_forward(phase1, phase2, tdp):
    make_household(tdp, "001", [(ADULT, ALL_MET)], phase1)
    t = tdp_doc(phase2, "8")
    assert t["digital_citizens"] == 1 and t["unscored_residents"] == 0
    assert t["ratio_percent"] == "100.00"
    r = Resident.objects.get()
    counted = counting_assessment_map(phase2, [r.id])[r.id]
    assert counted.phase_id == phase1.id  # screens can say it came from phase 1


def test_r11_phase2_self_beats_phase1_ward_stage(phase1, phase2, tdp):
    h = make_household(tdp, "001", [(ADULT, None)], phase1)
    r = h.residents.get()
    _assess(r, phase1, Assessment.Stage.WARD, ALL_MET)
    _assess(r, phase2, Assessment.Stage.SELF, EIGHT_MET)
    assert tdp_doc(phase2, "8")["digital_citizens"] == 0  # the most recent phase wins
    assert tdp_doc(phase1, "8")["digital_citizens"] == 1  # never backwards


def test_r11_phase2_assessment_does_not_change_phase1(phase1, phase2, tdp):
    h = make_household(tdp, "001", [(ADULT, EIGHT_MET)], phase1)
    before = doc_of(phase1)
    _assess(h.residents.get(), phase2, Assessment.Stage.SELF, ALL_MET)
    assert doc_of(phase1) == before
    assert tdp_doc(phase2, "8")["ratio_percent"] == "100.00"


def test_r11_unassessed_in_phase1_but_assessed_in_phase2_is_unscored_in_phase1(
    phase1, phase2, tdp
):
    h = make_household(tdp, "001", [(ADULT, None)], phase1)
    _assess(h.residents.get(), phase2, Assessment.Stage.TDP, ALL_MET)
    assert tdp_doc(phase1, "8")["unscored_residents"] == 1
    assert tdp_doc(phase2, "8")["unscored_residents"] == 0


def test_r11_turning_18_between_phases_appears_unscored_in_phase2(phase1, phase2, tdp):
    """R1 on each phase's own date: born 15/09/2004 — a minor on 31/08/2022, adult on
    31/10/2022, never assessed: not applicable in phase 1, unscored in phase 2, and the
    household (whose parent is a digital citizen) stops being a digital family."""
    make_household(tdp, "001", [(ADULT, ALL_MET), (D(2004, 9, 15), None)], phase1)
    t1, t2 = tdp_doc(phase1, "8"), tdp_doc(phase2, "8")
    assert (t1["eligible_residents"], t1["unscored_residents"]) == (1, 0)
    assert t1["households_detail"][0]["digital_family"] is True
    assert (t2["eligible_residents"], t2["unscored_residents"]) == (2, 1)
    assert t2["households_detail"][0]["digital_family"] is False
    assert t2["ratio_percent"] == "0.00"


# --- R13 -------------------------------------------------------------------------------------


def test_r13_resident_added_later_appears_in_phase1_live_figures(phase1, phase2, tdp):
    h = make_household(tdp, "001", [(ADULT, ALL_MET)], phase1)
    assert tdp_doc(phase1, "8")["households_detail"][0]["digital_family"] is True
    # registered after phase 1, assessed only in phase 2
    r = Resident.objects.create(household=h, full_name="Lê Văn Mới", birth_date=ADULT)
    _assess(r, phase2, Assessment.Stage.SELF, ALL_MET)
    t1 = tdp_doc(phase1, "8")
    assert t1["eligible_residents"] == 2 and t1["unscored_residents"] == 1
    assert t1["households_detail"][0]["digital_family"] is False
    assert tdp_doc(phase2, "8")["households_detail"][0]["digital_family"] is True


# --- query counts ----------------------------------------------------------------------------


def _ward_of(n_households, ward, phase1, phase2):
    """n households spread over the 16 TDPs, 1–4 members each, assessments of both phases
    and several stages."""
    tdps = list(ResidentialGroup.objects.filter(ward=ward).in_code_order())
    per_tdp: dict[int, list] = {}
    crit = (ALL_MET, NINE_MET, EIGHT_MET)
    for i in range(n_households):
        members = []
        for j in range(1 + i % 4):
            assessments = []
            if (i + j) % 5:
                assessments.append((phase1, 1, crit[(i + j) % 3]))
            if (i + j) % 7 == 0:
                assessments.append((phase1, 2, crit[(i * j) % 3]))
            if (i + j) % 3 == 0:
                assessments.append((phase2, 1, crit[i % 3]))
            birth = CHILD if j == 3 else ADULT
            members.append(Member(birth, assessments=assessments))
        per_tdp.setdefault(i % 15, []).append(members)  # TDP 18 (index 15) stays empty
    for idx, households in per_tdp.items():
        build_households(tdps[idx], households, prefix=f"Q{idx:02d}-")


@pytest.mark.parametrize("n_households", [10, 1000])
def test_compute_standings_constant_queries(
    n_households, ward, phase1, phase2, django_assert_num_queries
):
    _ward_of(n_households, ward, phase1, phase2)
    for phase in (phase1, phase2):
        with django_assert_num_queries(3):
            standings = compute_standings(phase)
        assert sum(t.households for t in standings.tdps) == n_households
        assert standings.tdps[-1].code == "18" and standings.tdps[-1].rank is None
