"""Fixtures of the step 1–3 tests: phase 1 with open or closed windows, a household of TDP 8
and one of TDP 9."""

import datetime

import pytest
from django.utils import timezone

from tests.awards.entry.support import set_windows
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, make_household


@pytest.fixture
def open_phase(phase1):
    """Phase 1 with steps 1–3 open today (windows are data, R12)."""
    today = timezone.localdate()
    return set_windows(
        phase1, today - datetime.timedelta(days=1), today + datetime.timedelta(days=3)
    )


@pytest.fixture
def closed_phase(phase1):
    """Phase 1 whose step windows all closed last week."""
    today = timezone.localdate()
    return set_windows(
        phase1, today - datetime.timedelta(days=10), today - datetime.timedelta(days=5)
    )


@pytest.fixture
def household8(tdp, phase1):
    """TDP 8 household 007: head (all criteria), spouse (8 criteria), a child."""
    h = make_household(tdp, "007", [(ADULT, ALL_MET), (ADULT, EIGHT_MET), (CHILD, None)], phase1)
    h.head = h.residents.order_by("id").first()
    h.save()
    return h


@pytest.fixture
def household9(other_tdp, phase1):
    return make_household(other_tdp, "901", [(ADULT, ALL_MET)], phase1)
