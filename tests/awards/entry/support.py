"""Helpers of the step 1–3 tests: phase windows set around a date, a household's members."""

import datetime

from households.models import Resident
from scoring.models import Phase


def set_windows(phase: Phase, opens: datetime.date, closes: datetime.date) -> Phase:
    for step in (1, 2, 3):
        setattr(phase, f"step{step}_opens", opens)
        setattr(phase, f"step{step}_closes", closes)
    phase.step4_opens = closes + datetime.timedelta(days=1)
    phase.save()
    return phase


def residents_of(household):
    return list(Resident.objects.filter(household=household).order_by("id"))
