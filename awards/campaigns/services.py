"""Copying a campaign to a new year (R15, INTERFACES.md "Campaigns over years").

What is copied: the phases (numbers, names, kinds, award thresholds), their reference dates
and step windows moved by the years between (29 February becomes 28 February), the ward's
targets (R8) and the pledge list. What is not: assessments, checklists, dossiers, window
reopenings, frozen results, proposals, decisions, certificates — each year starts from
nothing (R11 works within one campaign), over the one register all years share."""

from __future__ import annotations

import datetime
import re

from django.db import transaction

from awards.models import Pledge, WardTarget
from awards.procedure.errors import ProcedureError
from scoring.models import Campaign, Phase


def move_date(day: datetime.date | None, years: int) -> datetime.date | None:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def renamed(text: str, old_year: int, new_year: int) -> str:
    """A campaign's name with its year replaced ("… năm 2022" → "… năm 2023")."""
    return re.sub(rf"\b{old_year}\b", str(new_year), text)


@transaction.atomic
def copy_campaign(source: Campaign, year: int) -> Campaign:
    """Create campaign `year` of the source's ward from `source`; ProcedureError when that
    year already exists or the year is out of range."""
    if not 2000 <= year <= 2100:
        raise ProcedureError({"year": f"Năm {year} không hợp lệ (từ 2000 đến 2100)."})
    if Campaign.objects.filter(ward_id=source.ward_id, year=year).exists():
        raise ProcedureError({"year": f"Phường {source.ward.name} đã có đợt thi đua năm {year}."})
    years = year - source.year
    campaign = Campaign.objects.create(
        ward_id=source.ward_id, year=year, name=renamed(source.name, source.year, year)
    )
    for phase in source.phases.order_by("number"):
        copy = Phase(
            campaign=campaign,
            number=phase.number,
            name=renamed(phase.name, source.year, year),
            kind=phase.kind,
            award_threshold=phase.award_threshold,
            **{f: move_date(getattr(phase, f), years) for f in Phase.DATE_FIELDS},
        )
        copy._change_reason = f"Sao chép từ đợt thi đua năm {source.year}"
        copy.save()
    WardTarget.objects.bulk_create(
        WardTarget(
            campaign=campaign,
            indicator=t.indicator,
            label=renamed(t.label, source.year, year),
            target_value=t.target_value,
        )
        for t in source.targets.order_by("id")
    )
    Pledge.objects.bulk_create(
        Pledge(
            campaign=campaign,
            organisation=p.organisation,
            representative=p.representative,
            position=p.position,
        )
        for p in source.pledges.order_by("position", "id")
    )
    return campaign
