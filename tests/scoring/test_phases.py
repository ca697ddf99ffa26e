"""Every page opens on the same phase when none is asked for (scoring.phases)."""

import datetime

import pytest
from django.http import Http404

from scoring.phases import (
    chosen_phase,
    current_phase,
    get_campaign_for_user,
    get_phase_for_user,
    phases_for_user,
    ward_phases,
)


def test_current_phase_follows_step1_openings(phase1, phase2):
    phases = [phase1, phase2]
    assert current_phase(phases, datetime.date(2022, 1, 1)) == phase1  # none opened yet
    assert current_phase(phases, datetime.date(2022, 8, 31)) == phase1  # step 1 opens
    assert current_phase(phases, datetime.date(2022, 10, 30)) == phase1
    assert current_phase(phases, datetime.date(2022, 10, 31)) == phase2  # final review's forms
    assert current_phase([], datetime.date(2022, 9, 1)) is None


def test_chosen_phase_takes_a_valid_id_else_the_current(phase1, phase2):
    phases = ward_phases(phase1.campaign.ward_id)
    assert phases == [phase1, phase2]
    assert chosen_phase(phases, str(phase2.id)) == phase2
    assert chosen_phase(phases, "abc", today=datetime.date(2022, 9, 1)) == phase1
    assert chosen_phase(phases, "999999", today=datetime.date(2022, 9, 1)) == phase1
    assert chosen_phase(phases, None, today=datetime.date(2022, 11, 1)) == phase2
    assert chosen_phase(phases, "", today=datetime.date(2022, 1, 1)) == phase1


def test_get_phase_for_user_answers_404_for_bad_ids_and_uses_a_loaded_list(
    phase1, phase2, office_user, django_assert_num_queries
):
    with pytest.raises(Http404):
        get_phase_for_user(office_user, "abc")
    with pytest.raises(Http404):
        get_phase_for_user(office_user, None)
    assert get_phase_for_user(office_user, str(phase1.id)) == phase1
    phases = phases_for_user(office_user)
    with django_assert_num_queries(0):
        assert get_phase_for_user(office_user, str(phase2.id), phases) == phase2
        with pytest.raises(Http404):
            get_phase_for_user(office_user, 999999, phases)


def test_get_campaign_for_user_by_year_or_id(campaign, office_user):
    assert get_campaign_for_user(office_user, 2022) == campaign
    assert get_campaign_for_user(office_user, pk=campaign.pk) == campaign
    with pytest.raises(Http404):
        get_campaign_for_user(office_user, pk=campaign.pk + 1000)
