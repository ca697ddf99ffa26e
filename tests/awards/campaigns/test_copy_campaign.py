"""Campaigns over years (R15, INTERFACES.md "Campaigns over years"): `copy_campaign` copies
phases, thresholds, windows moved by the years between, targets and pledges; nothing of the
old year's assessments carries into the new one; the register is shared."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from awards.campaigns.services import copy_campaign, move_date
from awards.models import Pledge, WardTarget
from awards.procedure.errors import ProcedureError
from scoring.models import Assessment, Campaign, Phase
from scoring.standings import compute_standings
from tests.support import ADULT, ALL_MET, make_household


def test_move_date_keeps_the_day_and_turns_29_february_into_28():
    assert move_date(datetime.date(2022, 8, 31), 1) == datetime.date(2023, 8, 31)
    assert move_date(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert move_date(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)
    assert move_date(None, 1) is None


def test_copy_moves_phases_and_windows_and_copies_targets_and_pledges(campaign):
    WardTarget.objects.create(
        campaign=campaign, indicator="digital_tdps", label="Tổ CĐS năm 2022", target_value=10
    )
    Pledge.objects.create(campaign=campaign, organisation="Đoàn phường", representative="A")
    pledges = [(p.organisation, p.representative) for p in campaign.pledges.all()]

    new = copy_campaign(campaign, 2023)

    assert new.ward_id == campaign.ward_id
    assert new.name == "Phong trào thi đua “Chuyển đổi số” năm 2023"
    old_phases = list(campaign.phases.order_by("number"))
    new_phases = list(new.phases.order_by("number"))
    assert [(p.number, p.name, p.kind, p.award_threshold) for p in new_phases] == [
        (p.number, p.name, p.kind, p.award_threshold) for p in old_phases
    ]
    assert new_phases[0].reference_date == datetime.date(2023, 8, 31)
    assert new_phases[1].reference_date == datetime.date(2023, 10, 31)
    assert new_phases[1].award_threshold == Decimal("90")
    for old, moved in zip(old_phases, new_phases, strict=True):
        for step in (1, 2, 3, 4):
            opens, closes = old.window(step)
            assert moved.window(step) == (move_date(opens, 1), move_date(closes, 1))
    assert [(t.indicator, t.label, t.target_value) for t in new.targets.all()] == [
        ("digital_tdps", "Tổ CĐS năm 2023", Decimal("10.00"))
    ]
    assert [(p.organisation, p.representative) for p in new.pledges.all()] == pledges


def test_copy_refuses_a_year_that_exists(campaign):
    copy_campaign(campaign, 2023)
    with pytest.raises(ProcedureError, match="đã có đợt thi đua năm 2023"):
        copy_campaign(campaign, 2023)
    assert Campaign.objects.filter(year=2023).count() == 1


def test_command_copies_and_refuses_with_clear_messages(campaign):
    out = io.StringIO()
    call_command("copy_campaign", "--from", "2022", "--year", "2023", stdout=out)
    assert "Đã tạo Phong trào thi đua “Chuyển đổi số” năm 2023" in out.getvalue()
    assert "ngày chốt số liệu 31/08/2023" in out.getvalue()
    with pytest.raises(CommandError, match="đã có đợt thi đua năm 2023"):
        call_command("copy_campaign", "--from", "2022", "--year", "2023")
    with pytest.raises(CommandError, match="Không có đợt thi đua năm 2019"):
        call_command("copy_campaign", "--from", "2019", "--year", "2024")


def test_nothing_carries_across_campaigns_but_the_register_is_shared(campaign, phase1, tdp):
    household = make_household(tdp, "001", [(ADULT, ALL_MET)], phase=phase1)
    new = copy_campaign(campaign, 2023)
    phase_2023 = new.phases.get(number=1)

    old = next(s for s in compute_standings(phase1).tdps if s.tdp.code == "8")
    now = next(s for s in compute_standings(phase_2023).tdps if s.tdp.code == "8")
    assert (old.digital_households, old.unscored_residents) == (1, 0)
    assert (now.eligible_households, now.digital_households, now.unscored_residents) == (1, 0, 1)
    assert not Assessment.objects.filter(phase__campaign=new).exists()
    assert household.residents.count() == 1  # one register for all years


def test_every_command_accepts_the_new_year_at_once(campaign, tdp):
    call_command("copy_campaign", "--from", "2022", "--year", "2023", stdout=io.StringIO())
    out = io.StringIO()
    call_command("standings", campaign="2023", phase=1, format="json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["campaign"] == "2023" and document["reference_date"] == "2023-08-31"
    assert Phase.objects.filter(campaign__year=2023).count() == 2
