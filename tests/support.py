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


def decision_with_award(phase, number=125, **award):
    """Decision `number`/QĐ-UBND of 5/11/2022 for `phase`, with one approved individual
    award in it (fields of `award` override the defaults)."""
    from awards.models import AwardProposal, Decision

    campaign = phase.campaign
    decision = Decision.objects.create(
        ward_id=campaign.ward_id,
        campaign=campaign,
        phase=phase,
        number=number,
        year=campaign.year,
        signed_on=datetime.date(2022, 11, 5),
        signer_name="Nguyễn Ngọc Hà",
    )
    fields = {
        "category": AwardProposal.Category.INDIVIDUAL,
        "recipient_name": "Nguyễn Thị Hải",
        "recipient_sex": "F",
        "achievement": "Xuất sắc trong hướng dẫn người dân cài đặt VNeID",
        "status": AwardProposal.Status.APPROVED,
        **award,
    }
    AwardProposal.objects.create(campaign=campaign, phase=phase, decision=decision, **fields)
    return decision
