"""Award proposals of a campaign phase (plan III.2.3): the standing office compiles, the
Chairman approves or rejects each line.

- TDP award from R6 over the phase's results (R13: the frozen snapshot once approved),
  every tied TDP proposed and flagged for the council;
- ward community DT team award when R8 is met (targets per campaign, scoring.targets);
- nominations of individuals and collectives (R9), keyed in by the office;
- the pledge list (danh sách ký cam kết thi đua) of the campaign.

Regenerating the computed lines never duplicates them and never touches a line the
Chairman has decided or a decision holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from awards.documents.common import agency_lines
from awards.documents.workbooks import admin_sheet, workbook_bytes
from awards.models import AwardProposal, Pledge, WardTarget
from awards.printing.pdf import render_pdf
from awards.procedure.errors import ProcedureError
from dongtam.formatting import percent, threshold
from households.models import ResidentialGroup
from households.text import nfc_clean
from scoring import targets as r8
from scoring.models import Campaign, Phase, StandingsSnapshot
from scoring.snapshots import PhaseResults, phase_results

Category = AwardProposal.Category
Status = AwardProposal.Status
NOMINATIONS = (Category.INDIVIDUAL, Category.COLLECTIVE)


# --- the proposals of a phase ------------------------------------------------------------------


def ward_campaigns(ward_id: int):
    """The ward's campaigns, newest first, with their phases."""
    return Campaign.objects.filter(ward_id=ward_id).prefetch_related("phases").order_by("-year")


def phase_proposals(phase: Phase) -> dict:
    """The phase's lines grouped by category (in the choices' order), the count per status,
    how many approved lines wait for a decision, and whether the phase's results are frozen."""
    lines = list(
        AwardProposal.objects.for_phase(phase)
        .select_related("tdp", "decision", "decided_by")
        .order_by("category", "tdp__sort_key", "id")
    )
    groups = [
        {"category": value, "label": label, "lines": [p for p in lines if p.category == value]}
        for value, label in Category.choices
    ]
    return {
        "groups": groups,
        "lines": lines,
        "counts": {s: sum(1 for p in lines if p.status == s) for s in Status.values},
        "status_labels": dict(Status.choices),
        "ready_count": sum(1 for p in lines if p.status == Status.APPROVED and not p.decision_id),
        "frozen": StandingsSnapshot.objects.filter(phase=phase).exists(),
    }


# --- R8: targets side by side -------------------------------------------------------------


@dataclass
class WardTeamAssessment:
    rows: list[r8.TargetResult]
    actuals: r8.WardActuals
    met: bool

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.rows if r.met)


def ward_team_assessment(phase: Phase, results: PhaseResults | None = None) -> WardTeamAssessment:
    """R8 for the phase: every target of the campaign with its actual value and met flag."""
    targets = list(WardTarget.objects.filter(campaign_id=phase.campaign_id).order_by("id"))
    actuals = r8.ward_actuals(phase, results)
    rows = r8.evaluate_targets(targets, actuals)
    return WardTeamAssessment(rows=rows, actuals=actuals, met=r8.ward_team_met(rows))


# --- generating the computed lines (R6, R8) --------------------------------------------


@dataclass
class GenerationResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0
    frozen: bool = False
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"thêm {self.created}",
            f"cập nhật {self.updated}",
            f"bỏ {self.removed} dòng không còn đạt",
            f"giữ nguyên {self.kept} dòng đã có ý kiến của Chủ tịch",
        ]
        return "Đã tính đề xuất: " + ", ".join(parts) + "."


def _movement(phase: Phase) -> str:
    """ "phong trào thi đua “Chuyển đổi số” năm 2022" (the campaign's name, as in a sentence)."""
    name = phase.campaign.name or f"phong trào thi đua “Chuyển đổi số” năm {phase.campaign.year}"
    return name[0].lower() + name[1:]


def _tdp_achievement(tdp_json: dict, phase: Phase) -> str:
    """The citation printed on the TDP's Giấy khen (R6): the title awarded and the
    achievement in a sentence — no threshold, no tie (those are for the council: the line's
    tie flag and the generation notes)."""
    return (
        f"xuất sắc trong {_movement(phase)}, {phase.get_kind_display().lower()} giai đoạn "
        f"{phase.number}, được công nhận “Tổ dân phố chuyển đổi số” với "
        f"{percent(tdp_json['ratio_percent'])} hộ gia đình đạt “Gia đình công dân số” "
        f"({tdp_json['digital_households']}/{tdp_json['eligible_households']} hộ)"
    )


def _ward_team_achievement(assessment: WardTeamAssessment, phase: Phase) -> str:
    """The citation of the ward's community team (R8): every target met, in a sentence; the
    targets themselves are on the proposal's page."""
    return (
        f"xuất sắc trong {_movement(phase)}, hoàn thành toàn bộ "
        f"{len(assessment.rows)} chỉ tiêu chuyển đổi số thành phố giao, được công nhận "
        "“Tổ chuyển đổi số cộng đồng phường”"
    )


def _sync(existing: dict, wanted: dict, result: GenerationResult, reason: str, create):
    """Bring computed lines in line with `wanted` (key → field values): create what is
    missing, update undecided lines, delete undecided lines no longer wanted; lines the
    Chairman has decided (or a decision holds) are left exactly as they are."""
    for key, values in wanted.items():
        line = existing.get(key)
        if line is None:
            line = create(key, values)
            line._change_reason = reason
            line.save()
            result.created += 1
        elif line.status != Status.PROPOSED or line.decision_id:
            result.kept += 1
        else:
            changed = [f for f, v in values.items() if getattr(line, f) != v]
            if changed:
                for f in changed:
                    setattr(line, f, values[f])
                line._change_reason = reason
                line.save()
                result.updated += 1
    for key, line in existing.items():
        if key in wanted:
            continue
        if line.status == Status.PROPOSED and not line.decision_id:
            line._change_reason = reason + " — không còn đạt"
            line.delete()
            result.removed += 1
        else:
            result.kept += 1
            result.notes.append(
                f"“{line.recipient_name}” đã có ý kiến của Chủ tịch nhưng theo số liệu hiện "
                "tại không còn đạt; dòng được giữ nguyên để Chủ tịch xem lại."
            )


@transaction.atomic
def generate_proposals(phase: Phase, user=None) -> GenerationResult:
    """Compute (or refresh) the R6 and R8 lines of `phase`. Idempotent; two runs at once
    are serialised on the phase row so they cannot both create the same line."""
    Phase.objects.select_for_update().filter(pk=phase.pk).first()
    campaign = phase.campaign
    results = phase_results(phase)  # R13
    doc = results.standings_json
    result = GenerationResult(frozen=results.frozen)
    if not results.frozen:
        result.notes.append(
            "Kết quả giai đoạn chưa được chốt: đề xuất đang tính theo số liệu hiện tại "
            "và có thể thay đổi."
        )

    # R6: the TDP(s) with the highest ratio, at or above the phase threshold.
    by_code = {t["code"]: t for t in doc["tdps"]}
    tdps = {
        t.code: t
        for t in ResidentialGroup.objects.filter(
            ward_id=campaign.ward_id, code__in=doc["award_tdps"]
        )
    }
    winners = [c for c in doc["award_tdps"] if c in tdps]
    tie = bool(doc["award_tie"])
    wanted_tdp = {}
    if tie:
        result.notes.append(
            "Đồng hạng cao nhất: "
            + ", ".join(by_code[c]["name"] for c in winners)
            + " — đề nghị Hội đồng xem xét (R6)."
        )
    for code in winners:
        wanted_tdp[tdps[code].id] = {
            "recipient_name": tdps[code].name,
            "achievement": _tdp_achievement(by_code[code], phase),
            "tie_flag": tie,
            "proposing_unit": "Thường trực thi đua khen thưởng phường",
        }
    if not winners:
        top = next((t for t in doc["tdps"] if t["ratio_percent"] is not None), None)
        if top is None:
            result.notes.append("Chưa tổ dân phố nào có hộ thuộc diện: chưa có đề xuất.")
        else:
            result.notes.append(
                f"Tỷ lệ cao nhất ({top['name']}: {percent(top['ratio_percent'])}) chưa đạt "
                f"ngưỡng {threshold(phase.award_threshold)}: không đề xuất khen tổ dân phố "
                "(R6)."
            )
    existing_tdp = {
        p.tdp_id: p for p in AwardProposal.objects.for_phase(phase).filter(category=Category.TDP)
    }

    def create_tdp(tdp_id, values):
        return AwardProposal(
            campaign=campaign,
            phase=phase,
            category=Category.TDP,
            tdp_id=tdp_id,
            created_by=user,
            **values,
        )

    _sync(existing_tdp, wanted_tdp, result, "Tính đề xuất khen tổ dân phố", create_tdp)

    # R8: the ward community DT team, when every target is met.
    assessment = ward_team_assessment(phase, results)
    wanted_team = {}
    if assessment.met:
        wanted_team[None] = {
            "recipient_name": f"Tổ chuyển đổi số cộng đồng phường {campaign.ward.name}",
            "achievement": _ward_team_achievement(assessment, phase),
            "proposing_unit": "Thường trực thi đua khen thưởng phường",
            "tie_flag": False,
        }
    elif not assessment.rows:
        result.notes.append("Chưa nhập chỉ tiêu được giao cho phường: chưa xét khen tổ.")
    else:
        result.notes.append(
            f"Tổ CĐS cộng đồng phường đạt {assessment.met_count}/{len(assessment.rows)} chỉ "
            "tiêu: chưa đủ điều kiện khen."
        )
    existing_team: dict = {}
    for line in AwardProposal.objects.for_phase(phase).filter(category=Category.WARD_TEAM):
        existing_team.setdefault(None, line)

    def create_team(_key, values):
        return AwardProposal(
            campaign=campaign, phase=phase, category=Category.WARD_TEAM, created_by=user, **values
        )

    _sync(existing_team, wanted_team, result, "Tính đề xuất khen tổ CĐS cộng đồng", create_team)
    return result


# --- nominations (R9) -----------------------------------------------------------------------


NOMINATION_TEXT_FIELDS = ("recipient_name", "recipient_position", "proposing_unit", "achievement")


def clean_nomination(data: dict) -> dict:
    """NFC and tidy white space at the edge; the achievement keeps its line breaks."""
    cleaned = dict(data)
    for name in ("recipient_name", "recipient_position", "proposing_unit"):
        cleaned[name] = nfc_clean(cleaned.get(name))
    achievement = cleaned.get("achievement") or ""
    cleaned["achievement"] = "\n".join(
        nfc_clean(line) for line in achievement.splitlines()
    ).strip()
    if cleaned.get("category") != Category.INDIVIDUAL:
        cleaned["recipient_sex"] = ""
    return cleaned


def ensure_nomination(proposal: AwardProposal, *, deleting: bool = False) -> None:
    """Only R9 nominations are keyed in (and deleted) by hand; the R6/R8 lines are computed."""
    if proposal.category in NOMINATIONS:
        return
    if deleting:
        raise ProcedureError(
            "Chỉ xóa được đề nghị cá nhân, tập thể do đơn vị đề xuất.", code="computed"
        )
    raise ProcedureError(
        "Dòng đề xuất này do phần mềm tính theo quy định: bấm “Tính đề xuất” để "
        "cập nhật, không sửa tay.",
        code="computed",
    )


def ensure_editable(proposal: AwardProposal) -> None:
    if proposal.decision_id:
        raise ProcedureError(
            f"Dòng này đã thuộc {proposal.decision}: không sửa được nữa.", code="locked"
        )
    if proposal.status != Status.PROPOSED:
        raise ProcedureError(
            "Chủ tịch đã có ý kiến về dòng này: không sửa được nữa.", code="decided"
        )


@transaction.atomic
def save_nomination(
    phase: Phase, data: dict, user, proposal: AwardProposal | None = None
) -> AwardProposal:
    """Create or update an R9 nomination (individual or collective) of `phase`."""
    data = clean_nomination(data)
    if data.get("category") not in (Category.INDIVIDUAL, Category.COLLECTIVE):
        raise ProcedureError("Hình thức phải là cá nhân hoặc tập thể.")
    if proposal is None:
        proposal = AwardProposal(campaign_id=phase.campaign_id, phase=phase, created_by=user)
        reason = "Thêm đề nghị"
    else:
        proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
        ensure_editable(proposal)
        reason = "Sửa đề nghị"
    for name in ("category", "recipient_sex", "tdp", *NOMINATION_TEXT_FIELDS):
        if name in data:
            setattr(proposal, name, data[name])
    proposal._change_reason = reason
    proposal.full_clean(exclude=["campaign", "phase", "created_by", "decided_by", "decision"])
    proposal.save()
    return proposal


@transaction.atomic
def delete_proposal(proposal: AwardProposal) -> None:
    ensure_nomination(proposal, deleting=True)
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    ensure_editable(proposal)
    proposal._change_reason = "Xóa đề nghị"
    proposal.delete()


# --- the Chairman's decision on each line ---------------------------------------------------


@transaction.atomic
def decide(proposal: AwardProposal, user, approve: bool, reason: str = "") -> AwardProposal:
    """The Chairman approves or rejects a line (plan III.2.3). Rejecting needs a reason.
    A line already grouped into a decision is locked."""
    proposal = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
    reason = nfc_clean(reason)
    if proposal.decision_id:
        raise ProcedureError(
            f"Dòng này đã thuộc {proposal.decision}: không thay đổi được.", code="locked"
        )
    if not approve and not reason:
        raise ProcedureError(
            f"Cần ghi lý do không duyệt đề nghị khen thưởng “{proposal.recipient_name}”.",
            code="reason_required",
        )
    proposal.status = Status.APPROVED if approve else Status.REJECTED
    proposal.decision_reason = reason
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal._change_reason = ("Chủ tịch duyệt" if approve else "Chủ tịch không duyệt") + (
        f": {reason}" if reason else ""
    )
    proposal.save()
    return proposal


@transaction.atomic
def bulk_approve(phase: Phase, ids, user) -> int:
    """Approve the given undecided, unlocked lines of `phase`; returns how many."""
    lines = list(
        AwardProposal.objects.for_phase(phase)
        .undecided()
        .unlocked()
        .filter(pk__in=list(ids))
        .select_for_update()
    )
    now = timezone.now()
    for line in lines:
        line.status = Status.APPROVED
        line.decision_reason = ""
        line.decided_by = user
        line.decided_at = now
        line._change_reason = "Chủ tịch duyệt (duyệt nhiều dòng)"
        line.save()
    return len(lines)


# --- R8 targets -----------------------------------------------------------------------------


def save_target(campaign: Campaign, target: WardTarget, *, new: bool) -> WardTarget:
    """Save a target (from WardTargetForm.save(commit=False)) as the campaign's."""
    target.campaign = campaign
    target._change_reason = "Thêm chỉ tiêu" if new else "Sửa chỉ tiêu"
    target.save()
    return target


def delete_target(target: WardTarget) -> None:
    target._change_reason = "Xóa chỉ tiêu"
    target.delete()


# --- pledge list ------------------------------------------------------------------------------


@transaction.atomic
def save_pledge(campaign: Campaign, data: dict, pledge: Pledge | None = None) -> Pledge:
    if pledge is None:
        last = Pledge.objects.filter(campaign=campaign).aggregate(m=Max("position"))["m"] or 0
        pledge = Pledge(campaign=campaign, position=last + 1)
    pledge.organisation = nfc_clean(data["organisation"])
    pledge.representative = nfc_clean(data["representative"])
    pledge.save()
    return pledge


@transaction.atomic
def move_pledge(pledge: Pledge, offset: int) -> None:
    """Move a line up (-1) or down (+1); positions are renumbered 1…n."""
    lines = list(Pledge.objects.filter(campaign_id=pledge.campaign_id).select_for_update())
    index = next(i for i, p in enumerate(lines) if p.pk == pledge.pk)
    target = index + offset
    if 0 <= target < len(lines):
        lines[index], lines[target] = lines[target], lines[index]
    for position, line in enumerate(lines, start=1):
        if line.position != position:
            line.position = position
            line.save(update_fields=["position"])


@transaction.atomic
def delete_pledge(pledge: Pledge) -> None:
    campaign_id = pledge.campaign_id
    pledge.delete()
    for position, line in enumerate(Pledge.objects.filter(campaign_id=campaign_id), start=1):
        if line.position != position:
            line.position = position
            line.save(update_fields=["position"])


def pledges_workbook(campaign: Campaign) -> bytes:
    """The pledge list as .xlsx: STT, Đơn vị, Người đại diện, Ký tên (blank for signing)."""
    rows = [
        (i, p.organisation, p.representative, "")
        for i, p in enumerate(Pledge.objects.filter(campaign=campaign), start=1)
    ]
    wb, ws = admin_sheet(
        ward=campaign.ward,
        title="DANH SÁCH KÝ CAM KẾT THI ĐUA THỰC HIỆN CHUYỂN ĐỔI SỐ",
        subtitle=f"Trên địa bàn phường {campaign.ward.name} — {campaign}",
        headers=("STT", "Đơn vị", "Người đại diện", "Ký tên"),
        widths=(6, 40, 30, 20),
        rows=rows,
    )
    return workbook_bytes(wb)


def pledges_pdf(campaign: Campaign) -> bytes:
    """The pledge list as a PDF to sign (one row per organisation, a column for signing)."""
    parent, agency = agency_lines(campaign.ward)
    return render_pdf(
        "awards/proposals/pledges_pdf.html",
        {
            "campaign": campaign,
            "pledges": list(Pledge.objects.filter(campaign=campaign)),
            "agency_parent": parent,
            "agency": agency,
        },
    )
