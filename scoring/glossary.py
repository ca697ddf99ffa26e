"""The words screens use for results (R1–R3) — one source for entry, review and dashboard.

A citizen's form is "Chưa chấm", "Chưa đạt" or "Công dân số" (R2); a household is "Không thuộc
diện", "Gia đình công dân số" or "Chưa đạt" (R3), and while its forms are being keyed in also
"Chưa chấm" or "Đang nhập" (the household list's status chips). The rules that decide these
are scoring.rules; this module only names their outcomes."""

from __future__ import annotations

from scoring import rules

UNSCORED = "Chưa chấm"
NOT_MET = "Chưa đạt"
MET = "Đạt"
IN_PROGRESS = "Đang nhập"
DIGITAL_CITIZEN = "Công dân số"  # R2
DIGITAL_FAMILY = "Gia đình công dân số"  # R3
NOT_APPLICABLE = "Không thuộc diện"  # R3: no eligible member
RESULTS_FROZEN = "Đã chốt"  # R13: the office froze the phase's results
RESULTS_LIVE = "Chưa chốt"  # R13: live figures

# Status of a household on the entry pages (keys are also CSS classes and ?status= values).
STATUS_NOT_APPLICABLE = "not_applicable"
STATUS_UNSCORED = "unscored"
STATUS_PARTIAL = "partial"
STATUS_DIGITAL = "digital"
STATUS_NOT_DIGITAL = "not_digital"
HOUSEHOLD_STATUS_TEXT = {
    STATUS_NOT_APPLICABLE: NOT_APPLICABLE,
    STATUS_UNSCORED: UNSCORED,
    STATUS_PARTIAL: IN_PROGRESS,
    STATUS_DIGITAL: DIGITAL_FAMILY,
    STATUS_NOT_DIGITAL: NOT_MET,
}


def household_status(eligible: int, digital: int, unscored: int) -> str:
    """The status key of a household with `eligible` members of whom `digital` are digital
    citizens and `unscored` have no form yet (R3 via scoring.rules.HouseholdResult)."""
    family = rules.HouseholdResult(eligible, digital).digital_family
    if family is None:
        return STATUS_NOT_APPLICABLE
    if unscored == eligible:
        return STATUS_UNSCORED
    if unscored:
        return STATUS_PARTIAL
    return STATUS_DIGITAL if family else STATUS_NOT_DIGITAL


def results_text(frozen: bool) -> str:
    """R13 in words: "Đã chốt" once the phase's results are frozen, else "Chưa chốt"."""
    return RESULTS_FROZEN if frozen else RESULTS_LIVE


def met_text(met: bool | None) -> str:
    """A condition or checklist in words (R7's cultural house): None (not checked yet) →
    "Chưa chấm", else "Đạt" / "Chưa đạt"."""
    if met is None:
        return UNSCORED
    return MET if met else NOT_MET


def family_text(digital_family: bool | None) -> str:
    """R3 in words: None (no eligible member) → "Không thuộc diện"."""
    if digital_family is None:
        return NOT_APPLICABLE
    return DIGITAL_FAMILY if digital_family else NOT_MET


def citizen_text(score: int | None) -> str:
    """R2 in words: no form → "Chưa chấm"."""
    if score is None:
        return UNSCORED
    return DIGITAL_CITIZEN if rules.is_digital_citizen(score) else NOT_MET
