"""Every page opens on the same phase when none is asked for (scoring.phases)."""

import datetime

from scoring.phases import chosen_phase, current_phase, ward_phases


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
