"""Bulk builders for standings tests and benchmarks: many households in a few queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from households.models import Household, Resident
from scoring.models import CRITERIA, Assessment

ALL_MET = (True,) * 10
NINE_MET = (True,) * 9 + (False,)
EIGHT_MET = (True,) * 8 + (False, False)
ADULT = datetime.date(1980, 5, 17)
CHILD = datetime.date(2010, 1, 1)


@dataclass
class Member:
    birth_date: datetime.date
    status: str = "active"
    # (phase, stage, criteria) triples
    assessments: list = field(default_factory=list)


def build_households(
    tdp, households: list[list[Member]], prefix: str = "", codes: list[str] | None = None
) -> list[Household]:
    """Create households `prefix00000…` (or `codes`) in `tdp`, their members and
    assessments with bulk_create (three inserts whatever the size)."""
    if codes is None:
        codes = [f"{prefix}{i:05d}" for i in range(len(households))]
    hh = Household.objects.bulk_create(
        [Household(tdp=tdp, ward_id=tdp.ward_id, code=code) for code in codes]
    )
    residents = []
    pending = []
    for h, members in zip(hh, households, strict=True):
        for j, m in enumerate(members):
            r = Resident(
                household=h,
                full_name=f"Trần Thị {h.code}-{j}",
                birth_date=m.birth_date,
                status=m.status,
            )
            residents.append(r)
            pending.append((r, m))
    Resident.objects.bulk_create(residents)
    assessments = []
    for r, m in pending:
        for phase, stage, criteria in m.assessments:
            assessments.append(
                Assessment(
                    resident=r,
                    phase=phase,
                    stage=stage,
                    reason="Phường điều chỉnh" if stage == 3 else "",
                    **dict(zip(CRITERIA, (bool(c) for c in criteria), strict=True)),
                )
            )
    Assessment.objects.bulk_create(assessments)
    return hh


def ratio_tdp(tdp, phase, digital: int, total: int, prefix: str | None = None):
    """`total` eligible households of one adult each in `tdp`, `digital` of them digital
    families (ALL_MET) and the rest not (EIGHT_MET): ratio digital/total (R4)."""
    prefix = prefix or f"T{tdp.code}-"
    households = [
        [Member(ADULT, assessments=[(phase, 1, ALL_MET if i < digital else EIGHT_MET)])]
        for i in range(total)
    ]
    return build_households(tdp, households, prefix)
