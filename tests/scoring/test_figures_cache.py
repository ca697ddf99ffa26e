"""Cached live figures (scoring/cache.py) are always exactly a fresh computation's.

Every test writes one kind of change after the figures were cached, then compares what the
engine returns (from the cache where the TDP did not change) with a fresh computation
(`cache.disabled()`): standings of the ward and of single TDPs, households, criterion
adoption, step-2 progress and the phase's results (R13 snapshot or live)."""

import datetime

import openpyxl
import pytest
from django.db import transaction

from households.models import CulturalHouse, Household, Resident
from scoring import cache
from scoring.importing import HEADERS, import_roster
from scoring.models import CRITERIA, Assessment, CulturalHouseCheck, Phase, ResultsVersion
from scoring.snapshots import freeze, phase_results, unfreeze
from scoring.standings import (
    checked_residents,
    compute_standings,
    criterion_adoption,
    household_standings,
)
from tests.conftest import ADULT, CHILD, make_household

ALL = (True,) * 10
EIGHT = (True,) * 8 + (False, False)
NINE = (True,) * 9 + (False,)


def figures(phases, tdps):
    out = []
    for phase in phases:
        ids = [t.id for t in tdps]
        out.append(
            (
                compute_standings(phase).as_json(households=True),
                [compute_standings(phase, [i]).as_json(households=True) for i in ids],
                compute_standings(phase, ids[:2]).as_json(households=True),
                [(h.tdp_id, h.code, h.id) + _counts(h) for h in household_standings(phase)],
                [[_counts(h) for h in household_standings(phase, [i])] for i in ids],
                criterion_adoption(phase),
                [criterion_adoption(phase, [i]) for i in ids],
                checked_residents(phase),
                [checked_residents(phase, [i]) for i in ids],
                _results(phase),
            )
        )
    return out


def _counts(h):
    return (h.residents, h.eligible_members, h.digital_members, h.unscored_members)


def _results(phase):
    r = phase_results(phase)
    return (
        r.frozen,
        r.standings_json,
        [f.as_json() for f in r.digital_families],
        r.cultural_houses,
    )


def fresh_phases():
    return list(Phase.objects.select_related("campaign").order_by("number"))


def assert_exact(tdps):
    phases = fresh_phases()
    got = figures(phases, tdps)
    again = figures(phases, tdps)  # now every piece comes from the cache
    with cache.disabled():
        fresh = figures(phases, tdps)
    assert got == fresh
    assert again == fresh


@pytest.fixture
def ward_data(phase1, phase2, tdp, other_tdp):
    make_household(tdp, "801", [(ADULT, ALL), (ADULT, NINE), (CHILD, None)], phase1)
    make_household(tdp, "802", [(ADULT, EIGHT), (ADULT, None)], phase1)
    make_household(other_tdp, "901", [(ADULT, ALL)], phase1)
    make_household(other_tdp, "902", [(ADULT, EIGHT)], phase2)
    tdps = [tdp, other_tdp]
    assert_exact(tdps)  # cache warm
    return tdps


def _resident(code, index=0):
    return Resident.objects.filter(household__code=code).order_by("birth_date", "id")[index]


def test_cache_is_used_when_nothing_changed(ward_data, phase1, django_assert_num_queries):
    compute_standings(phase1)
    with django_assert_num_queries(1):
        s = compute_standings(phase1)
    assert s.tdps[0].households
    with django_assert_num_queries(1):
        criterion_adoption(phase1)
    with django_assert_num_queries(1):
        household_standings(phase1, [ward_data[0].id])


def test_a_change_recomputes_only_its_tdp(ward_data, phase1, django_assert_num_queries):
    compute_standings(phase1)
    Assessment.objects.create(resident=_resident("802", 1), phase=phase1, stage=1, tc1=True)
    calls = []
    original = cache.pieces

    def spy(kind, phase, versions, compute):
        return original(kind, phase, versions, lambda ids: calls.append(ids) or compute(ids))

    cache.pieces = spy
    try:
        compute_standings(phase1)
    finally:
        cache.pieces = original
    assert calls == [[ward_data[0].id]]
    assert_exact(ward_data)


def test_self_assessment_saved_edited_deleted(ward_data, phase1, phase2):
    r = _resident("802", 1)
    a = Assessment.objects.create(
        resident=r, phase=phase1, stage=1, **dict.fromkeys(CRITERIA, True)
    )
    assert_exact(ward_data)
    a.tc3 = False
    a.save()
    assert_exact(ward_data)
    Assessment.objects.create(resident=r, phase=phase2, stage=1, **dict.fromkeys(CRITERIA, True))
    assert_exact(ward_data)  # R11: phase 2 follows
    a.delete()
    assert_exact(ward_data)


def test_tdp_stage_and_ward_correction(ward_data, phase1):
    r = _resident("801", 1)
    Assessment.objects.create(resident=r, phase=phase1, stage=2, tc1=True)  # TDP: 10 points
    assert_exact(ward_data)
    Assessment.objects.create(
        resident=r, phase=phase1, stage=3, reason="Sửa theo hồ sơ", **dict.fromkeys(CRITERIA, True)
    )
    assert_exact(ward_data)


def test_resident_added_moved_deceased_and_birth_date(ward_data, phase1, tdp, other_tdp):
    h = Household.objects.get(code="802")
    Resident.objects.create(household=h, full_name="Trần Thị Mới", birth_date=ADULT)
    assert_exact(ward_data)
    r = _resident("801", 0)
    r.household = Household.objects.get(code="901")  # moves to the other TDP
    r.save()
    assert_exact(ward_data)
    r = _resident("901", 0)
    r.status = Resident.Status.DECEASED
    r.save()
    assert_exact(ward_data)
    child = Resident.objects.get(birth_date=CHILD)
    child.birth_date = datetime.date(2000, 1, 1)  # now an adult (R1)
    child.save()
    assert_exact(ward_data)
    child.delete()
    assert_exact(ward_data)


def test_household_created_moved_deleted(ward_data, phase1, tdp, other_tdp):
    make_household(other_tdp, "903", [(ADULT, ALL), (ADULT, ALL)], phase1)
    assert_exact(ward_data)
    h = Household.objects.get(code="802")
    h.tdp = other_tdp
    h.save()
    assert_exact(ward_data)
    h.code = "8020"
    h.save()
    assert_exact(ward_data)
    h.head = None
    h.save()
    gone = Household.objects.get(code="903")
    for r in gone.residents.all():
        r.delete()  # residents protect their household
    gone.delete()
    assert_exact(ward_data)


def test_bulk_writes(ward_data, phase1, tdp):
    Assessment.objects.filter(resident__household__code="801").update(tc1=False)
    assert_exact(ward_data)
    Resident.objects.filter(household__code="802").update(status=Resident.Status.MOVED)
    assert_exact(ward_data)
    Household.objects.filter(code="901").update(tdp=tdp)
    assert_exact(ward_data)
    h = Household.objects.create(tdp=tdp, code="805")
    (r,) = Resident.objects.bulk_create(
        [Resident(household=h, full_name="Lê Văn Hàng Loạt", birth_date=ADULT)]
    )
    assert_exact(ward_data)
    (a,) = Assessment.objects.bulk_create(
        [Assessment(resident=r, phase=phase1, stage=1, **dict.fromkeys(CRITERIA, True))]
    )
    assert_exact(ward_data)
    a.tc2 = False
    Assessment.objects.bulk_update([a], ["tc2"])
    assert_exact(ward_data)
    r.birth_date = CHILD
    Resident.objects.bulk_update([r], ["birth_date"])
    assert_exact(ward_data)


def test_import(ward_data, phase1, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(HEADERS))
    x, o = ("x",) * 10, ("",) * 10
    ws.append(["8", "802", "", "Nguyễn Văn 802-1", "17/05/1980", "Nam", "", *x])  # existing
    ws.append(["9", "950", "x", "Phạm Văn Nhập", "01/01/1970", "Nam", "", *x])
    ws.append(["9", "950", "", "Phạm Thị Nhập", "01/01/1972", "Nữ", "", *o])
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    report = import_roster(path, phase=phase1, filename=path.name)
    assert report.saved, report.errors
    assert_exact(ward_data)


def test_checklist_phase_dates_threshold(ward_data, phase1, tdp):
    house = CulturalHouse.objects.get(tdp=tdp)
    check = CulturalHouseCheck.objects.create(house=house, phase=phase1, has_internet=True)
    assert_exact(ward_data)
    check.has_tv_and_device = check.runs_digital_skills_sessions = True
    check.party_cell_uses_e_handbook = True
    check.save()
    assert_exact(ward_data)
    phase = Phase.objects.get(pk=phase1.pk)
    phase.reference_date = datetime.date(2028, 1, 1)  # the child is now an adult (R1)
    phase.save()
    assert_exact(ward_data)
    phase.award_threshold = 40
    phase.step1_closes = phase.step1_closes + datetime.timedelta(days=2)
    phase.save()
    assert_exact(ward_data)
    Phase.objects.filter(pk=phase.pk).update(reference_date=datetime.date(2022, 8, 31))
    assert_exact(ward_data)


def test_freeze_and_unfreeze(ward_data, phase1):
    freeze(phase1)
    assert_exact(ward_data)
    Assessment.objects.filter(resident__household__code="901").delete()
    assert_exact(ward_data)
    unfreeze(phase1)
    assert_exact(ward_data)


def test_rolled_back_transaction_leaves_nothing_behind(ward_data, phase1):
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        Assessment.objects.filter(resident__household__code="801").delete()
        make_household(ward_data[0], "809", [(ADULT, ALL)], phase1)
        compute_standings(phase1)  # cached under versions only this transaction saw
        criterion_adoption(phase1)
        raise Rollback
    assert_exact(ward_data)


def test_bulk_writes_block_hides_its_figures(ward_data, phase1):
    """Inside cache.bulk_writes() (import, demo) nothing computed is kept under a version
    that other transactions can see."""
    before = ResultsVersion.objects.get(tdp=ward_data[0]).token
    with transaction.atomic(), cache.bulk_writes():
        Assessment.objects.filter(resident__household__code="801").update(tc5=False)
        inside = ResultsVersion.objects.get(tdp=ward_data[0]).token
        assert inside != before
        compute_standings(phase1)
    assert ResultsVersion.objects.get(tdp=ward_data[0]).token not in (before, inside)
    assert_exact(ward_data)


def test_demo_seed_and_reset(phase1, phase2, tdp, other_tdp):
    from scoring.demo import seed_demo

    seed_demo(households_per_tdp=5)
    assert_exact([tdp, other_tdp])
    seed_demo(households_per_tdp=5, phase2=True, reset=True, seed=7)
    assert_exact([tdp, other_tdp])


def test_new_tdp_gets_a_version(ward):
    from households.models import ResidentialGroup

    t = ResidentialGroup.objects.create(ward=ward, code="99", name="Tổ 99")
    assert ResultsVersion.objects.filter(tdp=t).exists()
