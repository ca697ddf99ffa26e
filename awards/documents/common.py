"""What every procedure document shares: the header block's agency lines, the phase label,
the head of each household, R3 in words, and the R7 status of each TDP's cultural house."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dongtam.formatting import vn_date
from households.models import CulturalHouse, Household, Resident, ResidentialGroup, Ward
from scoring import rules
from scoring.models import CulturalHouseCheck, Phase

HOUSE_CONDITION_LABELS = tuple(
    CulturalHouseCheck._meta.get_field(name).verbose_name for name in CulturalHouseCheck.CONDITIONS
)


def family_text(digital_family: bool | None) -> str:
    """R3 in words."""
    if digital_family is None:
        return "Không thuộc diện"
    return "Đạt" if digital_family else "Chưa đạt"


def phase_label(phase: Phase) -> str:
    return (
        f"Giai đoạn {phase.number} ({phase.get_kind_display().lower()}) — "
        f"ngày chốt số liệu {vn_date(phase.reference_date)}"
    )


def agency_lines(ward: Ward, tdp: ResidentialGroup | None = None) -> tuple[str, str]:
    """(parent, agency) of the header block's left column."""
    if tdp is not None:
        return f"UBND PHƯỜNG {ward.name.upper()}", tdp.name.upper()
    city = f"THÀNH PHỐ {ward.city.upper()}" if ward.city else ""
    return city and f"UBND {city}", f"UBND PHƯỜNG {ward.name.upper()}"


def household_heads(households: Sequence[Household]) -> dict[int, Resident | None]:
    """Head of each household; without a recorded head, its oldest active member
    (INTERFACES). One query for the households lacking a head."""
    heads = {h.id: h.head for h in households}
    missing = [h.id for h in households if h.head_id is None]
    if missing:
        for r in (
            Resident.objects.active()
            .filter(household_id__in=missing)
            .order_by("household_id", "birth_date", "id")
        ):
            if heads.get(r.household_id) is None:
                heads[r.household_id] = r
    return heads


@dataclass
class HouseStatus:
    """R7 checklist of the TDP's cultural house in the phase (None: not checked)."""

    name: str
    conditions: list[tuple[str, bool]] | None

    @property
    def checked(self) -> bool:
        return self.conditions is not None

    @property
    def is_digital(self) -> bool:
        return bool(self.conditions) and rules.is_digital_cultural_house(
            *(met for _, met in self.conditions)
        )

    @property
    def status_text(self) -> str:
        if not self.checked:
            return "Chưa chấm tiêu chí"
        return "Đạt nhà văn hóa số" if self.is_digital else "Chưa đạt nhà văn hóa số"


def house_statuses(phase: Phase, tdp_ids) -> dict[int, HouseStatus]:
    """R7 per TDP id. Two queries."""
    houses = {h.tdp_id: h for h in CulturalHouse.objects.filter(tdp_id__in=list(tdp_ids))}
    checks = {
        c.house_id: c
        for c in CulturalHouseCheck.objects.filter(
            phase=phase, house_id__in=[h.id for h in houses.values()]
        )
    }
    statuses = {}
    for tdp_id in tdp_ids:
        house = houses.get(tdp_id)
        if house is None:
            statuses[tdp_id] = HouseStatus("", None)
            continue
        check = checks.get(house.id)
        conditions = (
            None
            if check is None
            else [
                (label, getattr(check, name))
                for label, name in zip(
                    HOUSE_CONDITION_LABELS, CulturalHouseCheck.CONDITIONS, strict=True
                )
            ]
        )
        statuses[tdp_id] = HouseStatus(house.name, conditions)
    return statuses
