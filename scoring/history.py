"""Audit trail of one household, readable: every change to the household, its residents
(including those who moved in or out) and their assessments, from django-simple-history —
who, when, which field from what to what, and why — newest first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dongtam.formatting import vn_date
from households.models import Household, Resident, ResidentialGroup, mask_cccd
from scoring.models import CRITERIA, Assessment, Phase
from scoring.rules import citizen_score

ACTION_TEXT = {"+": "Tạo mới", "~": "Sửa", "-": "Xoá"}
SKIPPED = {"id", "created_at", "recorded_at", "recorded_by", "ward"}
STAGE_TEXT = dict(Assessment.Stage.choices)  # labels from the model's choices


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    kind: str = ""


def _user_text(user) -> str:
    if user is None:
        return "Hệ thống (dòng lệnh / nhập tệp)"
    return user.get_full_name() or user.username


class _Formatter:
    def __init__(self, household_codes, resident_names, phases, full_cccd, tdp_names=None):
        self.tdp_names = tdp_names or {}
        self.household_codes = household_codes
        self.resident_names = resident_names
        self.phases = phases
        self.full_cccd = full_cccd

    def value(self, f, raw) -> str:
        if raw is None or raw == "":
            return "—"
        if f.name == "cccd":
            return raw if self.full_cccd else mask_cccd(raw)
        if f.name == "household":
            return f"Hộ {self.household_codes.get(raw, raw)}"
        if f.name == "head":
            return self.resident_names.get(raw, f"#{raw}")
        if f.name == "phase":
            p = self.phases.get(raw)
            return f"Giai đoạn {p.number} ({p.campaign.year})" if p else f"#{raw}"
        if f.name == "tdp":
            return self.tdp_names.get(raw, f"#{raw}")
        if f.choices:
            return str(dict(f.flatchoices).get(raw, raw))
        if isinstance(raw, bool):
            return "Có" if raw else "Không"
        if isinstance(raw, datetime.date):
            return vn_date(raw)
        return str(raw)


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED]


def _label(f) -> str:
    text = str(f.verbose_name)
    return text[:1].upper() + text[1:]


def _criteria(rec) -> tuple[bool, ...]:
    return tuple(getattr(rec, name) for name in CRITERIA)


def _criteria_text(rec) -> str:
    met = [f"TC{i + 1}" for i, is_met in enumerate(_criteria(rec)) if is_met]
    return ", ".join(met) if met else "không tiêu chí nào"


def _score_text(rec) -> str:
    return f"{citizen_score(_criteria(rec))}/100"  # R2


def _assessment_changes(rec, old) -> list[Change]:
    """R2: an assessment reads as its score and the criteria met."""
    if rec.history_type == "+":
        return [
            Change("Điểm", "", _score_text(rec)),
            Change("Tiêu chí đạt", "", _criteria_text(rec)),
        ]
    if rec.history_type == "-":
        return [Change("Điểm", _score_text(rec), "—")]
    if old is None or _criteria_text(old) == _criteria_text(rec):
        return []
    return [
        Change("Điểm", _score_text(old), _score_text(rec)),
        Change("Tiêu chí đạt", _criteria_text(old), _criteria_text(rec)),
    ]


def _diff(records, model, fmt: _Formatter, subject_of, keep=None, kind=""):
    """records: historical rows of `model` ordered by object then time."""
    entries = []
    previous = {}
    fields = _fields(model)
    for rec in records:
        old = previous.get(rec.id)
        previous[rec.id] = rec
        if keep is not None and not keep(rec, old):
            continue
        changes = []
        if kind == "assessment":
            changes = _assessment_changes(rec, old)
            if rec.history_type == "~" and not changes and not rec.history_change_reason:
                continue
        elif rec.history_type == "~" and old is not None:
            for f in fields:
                a, b = getattr(old, f.attname), getattr(rec, f.attname)
                if a != b:
                    changes.append(Change(_label(f), fmt.value(f, a), fmt.value(f, b)))
            if not changes and not rec.history_change_reason:
                continue  # a save that changed nothing visible
        elif rec.history_type == "+":
            for f in fields:
                v = getattr(rec, f.attname)
                if v not in (None, "", False) or f.name in CRITERIA:
                    changes.append(Change(_label(f), "", fmt.value(f, v)))
        entries.append(
            Entry(
                when=rec.history_date,
                who=_user_text(rec.history_user),
                subject=subject_of(rec),
                action=ACTION_TEXT.get(rec.history_type, rec.history_type),
                reason=rec.history_change_reason or "",
                changes=changes,
                kind=kind,
            )
        )
    return entries


def household_history(household: Household, full_cccd: bool = False) -> list[Entry]:
    """Every recorded change to `household`, the residents who ever belonged to it, and
    their assessments; newest first. At most seven queries whatever the history's length."""
    hh_records = list(
        Household.history.filter(id=household.id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    resident_ids = set(
        Resident.history.filter(household_id=household.id).values_list("id", flat=True)
    )
    res_records = list(
        Resident.history.filter(id__in=resident_ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    a_records = list(
        Assessment.history.filter(resident_id__in=resident_ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    phase_ids = {r.phase_id for r in a_records}
    phases = {p.id: p for p in Phase.objects.filter(id__in=phase_ids).select_related("campaign")}
    names = {}
    for r in res_records:
        names[r.id] = r.full_name  # latest name wins (records are in time order per id)
    codes = {household.id: household.code}
    other_ids = {r.household_id for r in res_records} - {household.id}
    if other_ids:
        codes.update(Household.objects.filter(id__in=other_ids).values_list("id", "code"))
    tdp_ids = {r.tdp_id for r in hh_records}
    tdp_names = dict(ResidentialGroup.objects.filter(id__in=tdp_ids).values_list("id", "name"))
    fmt = _Formatter(codes, names, phases, full_cccd, tdp_names)

    def in_this_household(rec, old):
        return rec.household_id == household.id or (
            old is not None and old.household_id == household.id
        )

    def assessment_subject(rec):
        p = phases.get(rec.phase_id)
        phase_text = f"giai đoạn {p.number}" if p else ""
        return (
            f"Phiếu chấm của {names.get(rec.resident_id, '')} — {phase_text} · "
            f"{STAGE_TEXT.get(rec.stage, '')}"
        )

    entries = [
        *_diff(hh_records, Household, fmt, lambda r: f"Hộ {r.code}", kind="household"),
        *_diff(
            res_records,
            Resident,
            fmt,
            lambda r: f"Nhân khẩu {r.full_name}",
            keep=in_this_household,
            kind="resident",
        ),
        *_diff(a_records, Assessment, fmt, assessment_subject, kind="assessment"),
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
