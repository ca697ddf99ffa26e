"""R13: approved results are frozen — later edits of the register or of assessments do not
alter a phase's snapshot; live figures still follow the register."""

import pytest
from django.db import IntegrityError, transaction

from households.models import Household, Resident
from scoring.models import Assessment, StandingsSnapshot
from scoring.snapshots import freeze, live_results, phase_results, standings_document, unfreeze
from scoring.standings import compute_standings
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, make_household


@pytest.fixture
def data(phase1, tdp, other_tdp):
    h1 = make_household(tdp, "001", [(ADULT, ALL_MET), (CHILD, None)], phase1)
    make_household(tdp, "002", [(ADULT, EIGHT_MET)], phase1)
    h3 = make_household(other_tdp, "003", [(ADULT, ALL_MET)], phase1)
    return h1, h3


def test_before_approval_results_are_live(phase1, data):
    results = phase_results(phase1)
    assert results.frozen is False
    assert results.standings_json == compute_standings(phase1).as_json(households=True)
    assert [f.household_code for f in results.digital_families] == ["001", "003"]


def test_freeze_then_edit_leaves_phase_results_unchanged(phase1, office_user, data):
    h1, h3 = data
    snapshot = freeze(phase1, office_user)
    assert snapshot.created_by == office_user
    before = phase_results(phase1)
    assert before.frozen is True
    families_before = [f.as_json() for f in before.digital_families]
    assert [f["head_name"] for f in families_before] == ["Nguyễn Văn 001-0", "Nguyễn Văn 003-0"]

    # edits of every kind after approval
    r = h1.residents.order_by("birth_date").first()
    Assessment.objects.filter(resident=r).update(tc1=False, tc2=False)  # now 80
    Resident.objects.filter(household=h3).update(status=Resident.Status.MOVED)
    Resident.objects.filter(household=h1).update(full_name="Tên Đã Sửa")
    make_household(h1.tdp, "004", [(ADULT, ALL_MET)], phase1)

    after = phase_results(phase1)
    assert after.frozen is True
    assert after.standings_json == before.standings_json
    assert [f.as_json() for f in after.digital_families] == families_before
    # while the live figures follow the register (R13)
    live = live_results(phase1)
    assert [f.household_code for f in live.digital_families] == ["004"]
    assert live.standings_json != before.standings_json


def test_snapshot_holds_the_interfaces_document(phase1, data):
    freeze(phase1)
    doc = StandingsSnapshot.objects.get(phase=phase1).data["standings"]
    assert doc["campaign"] == "2022" and doc["phase"] == 1
    assert doc["award_tdps"] == ["9"]
    t8 = next(t for t in doc["tdps"] if t["code"] == "8")
    assert t8["ratio_percent"] == "50.00"
    assert [h["digital_family"] for h in t8["households_detail"]] == [True, False]


def test_refreeze_replaces_and_unfreeze_returns_to_live(phase1, data):
    freeze(phase1)
    make_household(Household.objects.get(code="001").tdp, "005", [(ADULT, ALL_MET)], phase1)
    assert len(phase_results(phase1).digital_families) == 2
    freeze(phase1)  # deliberate re-approval
    assert StandingsSnapshot.objects.filter(phase=phase1).count() == 1
    assert len(phase_results(phase1).digital_families) == 3
    unfreeze(phase1)
    assert phase_results(phase1).frozen is False


def test_snapshot_is_per_phase(phase1, phase2, data):
    freeze(phase1)
    assert phase_results(phase2).frozen is False
    with pytest.raises(IntegrityError), transaction.atomic():
        StandingsSnapshot.objects.create(phase=phase1, data={})


def test_head_defaults_to_oldest_member(phase1, tdp):
    h = make_household(
        tdp,
        "010",
        [(ADULT.replace(year=1990), ALL_MET), (ADULT.replace(year=1960), ALL_MET)],
        phase1,
    )
    assert h.head_id is None
    family = phase_results(phase1).digital_families[0]
    assert family.head_name == "Nguyễn Văn 010-1"  # born 1960


def test_cultural_house_checklists_are_frozen_with_the_results(phase1, tdp, office_user):
    """R13 + R7/R8: the digital cultural houses behind the ward's R8 figure are frozen too."""
    from scoring.models import CulturalHouseCheck
    from scoring.snapshots import freeze, phase_results
    from scoring.targets import ward_actuals

    house = tdp.cultural_house
    check = CulturalHouseCheck.objects.create(
        house=house,
        phase=phase1,
        has_internet=True,
        has_tv_and_device=True,
        runs_digital_skills_sessions=True,
        party_cell_uses_e_handbook=True,
    )
    assert ward_actuals(phase1).digital_cultural_houses == 1
    freeze(phase1, office_user)

    check.party_cell_uses_e_handbook = False
    check.save()

    assert phase_results(phase1).cultural_houses == [{"tdp_code": "8", "digital": True}]
    assert ward_actuals(phase1).digital_cultural_houses == 1


def test_standings_document_frozen_unless_live_is_asked_for(phase1, data, office_user):
    h1, _h3 = data
    before = standings_document(phase1)
    assert before.frozen is False and before.snapshot is None
    assert before.doc == compute_standings(phase1).as_json()
    freeze(phase1, office_user)
    Resident.objects.filter(household=h1).delete()  # the register changes after approval
    frozen = standings_document(phase1)
    assert frozen.frozen is True and frozen.snapshot.created_by == office_user
    assert frozen.doc == before.doc  # no households_detail unless asked for
    detailed = standings_document(phase1, households=True)
    assert detailed.doc == phase_results(phase1).standings_json
    live = standings_document(phase1, live=True)
    assert live.frozen is False and live.snapshot is not None
    assert live.doc == compute_standings(phase1).as_json() != before.doc
