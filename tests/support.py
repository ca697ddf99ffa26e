"""Builders and constants shared by tests in every folder (imported normally; the fixtures
themselves live in the conftest.py of the folder that uses them)."""

import datetime

from households.models import Household, Resident
from scoring.models import Assessment

PASSWORD = "matkhau-thu-nghiem"

ALL_MET = (True,) * 10
NINE_MET = (True,) * 9 + (False,)
EIGHT_MET = (True,) * 8 + (False, False)

ADULT = datetime.date(1980, 5, 17)
CHILD = datetime.date(2010, 1, 1)


def make_household(tdp, code, members, phase=None, stage=Assessment.Stage.SELF):
    """members: (birth_date, criteria or None, status) tuples; criteria None = unscored."""
    household = Household.objects.create(tdp=tdp, code=code)
    for i, member in enumerate(members):
        birth, criteria, *rest = member
        status = rest[0] if rest else Resident.Status.ACTIVE
        resident = Resident.objects.create(
            household=household,
            full_name=f"Nguyễn Văn {code}-{i}",
            birth_date=birth,
            status=status,
        )
        if criteria is not None and phase is not None:
            Assessment.objects.create(
                resident=resident,
                phase=phase,
                stage=stage,
                **{f"tc{n + 1}": bool(v) for n, v in enumerate(criteria)},
            )
    return household
