"""A demo that is alive (`manage.py seed_demo`): the register and forms come from
scoring.demo; this module runs the procedure over them with the app's own services, so the
data is exactly what the app would produce.

- 2022, every ward: every dossier sent and approved, results frozen (both phases, R13),
  proposals computed (R6, R8) and nominated (R9), decided by the Chairman, grouped into a
  decision, Giấy khen to print and "Gia đình công dân số" certificates issued on the
  Chairman's certificate decision (R14) — a few revoked. Acts are dated on the 2022
  calendar (fields and audit trail).
- This year: the 2022 campaign copied (awards.campaigns.services.copy_campaign, R15) with its
  windows moved so that today is the last day of step 1 (steps 2 and 3 open today), forms
  being keyed in, and Đồng Tâm's dossiers in every state: not started, in progress, sent,
  returned with a comment, approved. Each demo account finds work on its first log-in.
- Two smaller wards beside Đồng Tâm (Hồng Hà, Minh Tân; Minh Tân has no target of the city
  yet) for the city's office (`thanhpho`)."""

from __future__ import annotations

import datetime
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from awards.campaigns.services import copy_campaign
from awards.certificates.services import (
    issue_certificates,
    record_certificate_decision,
    revoke,
)
from awards.decisions.services import AwardLine, create_decision, lines_ready
from awards.models import (
    AwardProposal,
    CertificateDecision,
    Decision,
    Dossier,
    FamilyCertificate,
    WardTarget,
    WindowReopening,
)
from awards.procedure.dossiers import submit_dossier
from awards.procedure.state import DOSSIER_STATES, state_of
from awards.proposals.services import decide, generate_proposals, save_nomination
from awards.review import services as review
from households.models import ResidentialGroup, Ward
from scoring import demo as register
from scoring.models import Campaign, Phase, StandingsSnapshot

FIXTURE_YEAR = 2022
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
AMOUNTS = {
    AwardProposal.Category.TDP: Decimal(1_000_000),
    AwardProposal.Category.WARD_TEAM: Decimal(1_500_000),
    AwardProposal.Category.INDIVIDUAL: Decimal(300_000),
    AwardProposal.Category.COLLECTIVE: Decimal(500_000),
}
# R8: what the city assigned to Đồng Tâm and Hồng Hà for 2022 (Minh Tân has none).
TARGETS = (
    (WardTarget.Indicator.DIGITAL_FAMILY_PERCENT, Decimal(50)),
    (WardTarget.Indicator.DIGITAL_CITIZEN_PERCENT, Decimal(60)),
    (WardTarget.Indicator.DIGITAL_TDPS, Decimal(1)),
    (WardTarget.Indicator.DIGITAL_CULTURAL_HOUSES, Decimal(1)),
)
WARDS_WITH_TARGETS = ("dong-tam", "hong-ha")
# 2022 calendar per phase: sent, approved, frozen, decided, decision signed (its number).
CALENDAR = {
    1: ("2022-09-06", "2022-09-12", "2022-09-14", "2022-09-16", "2022-09-20", 125),
    2: ("2022-11-06", "2022-11-10", "2022-11-11", "2022-11-14", "2022-11-15", 168),
}
# Đồng Tâm this year: each TDP's dossier state and how far its forms are.
NOW_SUBMITTED = ("1", "5", "11")
NOW_APPROVED = ("4", "12")
NOW_RETURNED = "9"
NOW_REOPENED = "2"
NOW_KEYED = {"8": 0.6, "3": 0.8, "6": 0.5, "7": 0.7, "10": 0.4, "14": 0.3, "15": 0.2}
RETURN_COMMENT = (
    "Còn hộ có người từ 18 tuổi chưa có phiếu tự chấm điểm; đề nghị tổ bổ sung phiếu "
    "rồi nộp lại hồ sơ."
)
REOPEN_REASON = "Tổ đề nghị bổ sung phiếu của hai hộ mới chuyển đến."


@dataclass
class DemoSummary:
    register: register.DemoResult
    wards: list[str] = field(default_factory=list)
    frozen: list[Phase] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    certificates: int = 0
    revoked: int = 0
    current: Phase | None = None
    states: dict[str, int] = field(default_factory=dict)


def _when(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=TZ
    )


# Datetime fields the services set to "now", and every model with an audit trail.
DATED_FIELDS = {
    Dossier: ("submitted_at", "approved_at", "returned_at"),
    AwardProposal: ("decided_at", "created_at"),
    Decision: ("created_at",),
    CertificateDecision: (),
    StandingsSnapshot: ("created_at",),
    FamilyCertificate: ("revoked_at",),
}


@contextmanager
def dated(when: datetime.datetime):
    """Whatever the services write inside the block is dated `when` (fields and history):
    the 2022 procedure reads as it happened in 2022."""
    mark = timezone.now()
    yield
    for model, fields in DATED_FIELDS.items():
        for name in fields:
            model.objects.filter(**{f"{name}__gte": mark}).update(**{name: when})
        model.history.filter(history_date__gte=mark).update(history_date=when)


# --- 2022: the whole procedure ------------------------------------------------------------


def _add_targets(campaign: Campaign) -> None:
    WardTarget.objects.bulk_create(
        WardTarget(campaign=campaign, indicator=indicator, target_value=value)
        for indicator, value in TARGETS
    )


def _nominate(phase: Phase, users: dict) -> None:
    """R9 nominations of the office at the final review (one is turned down)."""
    tdp8 = ResidentialGroup.objects.filter(ward=phase.campaign.ward, code="8").first()
    lines = [
        {
            "category": AwardProposal.Category.INDIVIDUAL,
            "recipient_sex": "M",
            "recipient_name": "Phạm Đức Thắng",
            "recipient_position": "Tổ trưởng tổ CĐS cộng đồng tổ dân phố số 8",
            "tdp": tdp8,
            "proposing_unit": "Tổ dân phố số 8",
            "achievement": "Hướng dẫn 120 lượt người dân cài đặt VNeID mức 2 và thanh toán "
            "không dùng tiền mặt; tổ dẫn đầu phường.",
        },
        {
            "category": AwardProposal.Category.INDIVIDUAL,
            "recipient_sex": "M",
            "recipient_name": "Vũ Minh Tuấn",
            "recipient_position": "Công chức phụ trách tổ dân phố số 8",
            "tdp": tdp8,
            "proposing_unit": "Văn phòng HĐND-UBND phường",
            "achievement": "Theo dõi, đôn đốc tổ dân phố số 8 hoàn thành bốn bước đúng hạn.",
        },
        {
            "category": AwardProposal.Category.COLLECTIVE,
            "recipient_sex": "",
            "recipient_name": "Chi hội Phụ nữ tổ dân phố số 12",
            "recipient_position": "",
            "tdp": None,
            "proposing_unit": "Hội Liên hiệp Phụ nữ phường",
            "achievement": "Vận động hội viên mở tài khoản Cổng Dịch vụ công quốc gia.",
        },
    ]
    for data in lines:
        save_nomination(phase, data, users["thuongtruc"])


def _decide_all(phase: Phase, users: dict) -> None:
    chairman = users["chutich"]
    for p in AwardProposal.objects.for_phase(phase).undecided():
        if p.category == AwardProposal.Category.COLLECTIVE:
            decide(p, chairman, approve=False, reason="Chưa đủ hồ sơ minh chứng thành tích.")
        else:
            decide(p, chairman, approve=True)


def _decision(phase: Phase, signed_on: datetime.date, number: int, users) -> Decision | None:
    ready = list(lines_ready(phase))
    if not ready:
        return None
    ward = phase.campaign.ward
    return create_decision(
        phase,
        number=number,
        signed_on=signed_on,
        signer_name=ward.chairman_name,
        signer_title="CHỦ TỊCH",
        title=(
            "Về việc khen thưởng các tập thể, cá nhân có thành tích trong phong trào thi "
            f"đua “Chuyển đổi số” — {phase.get_kind_display().lower()} giai đoạn "
            f"{phase.number} năm {phase.campaign.year}"
        ),
        lines=[AwardLine(p.pk, AMOUNTS[p.category]) for p in ready],
        user=users["thuongtruc"],
    )


def _team_user(users: dict, tdp) -> object:
    """The TDP's own demo account when it has one (TDP 8 and 9 of Đồng Tâm), else the office
    (which sends the dossier on the TDP's behalf)."""
    if tdp.ward.code == "dong-tam" and tdp.code in ("8", "9"):
        return users[f"tocds{tdp.code}"]
    return users["thuongtruc"]


def complete_phase(phase: Phase, users: dict, summary: DemoSummary) -> None:
    """Steps 3–4 of a 2022 phase with the app's services, dated on the 2022 calendar."""
    sent, approved, frozen, decided, signed, number = CALENDAR[phase.number]
    office = users["thuongtruc"]
    tdps = list(ResidentialGroup.objects.filter(ward=phase.campaign.ward).in_code_order())
    with dated(_when(sent, 10)):
        for tdp in tdps:
            submit_dossier(
                _team_user(users, tdp), tdp, phase, today=datetime.date.fromisoformat(sent)
            )
    with dated(_when(approved, 14)):
        review.bulk_approve(
            phase, Dossier.objects.filter(phase=phase).values_list("id", flat=True), office
        )
    with dated(_when(frozen, 10)):
        review.freeze_phase(phase, office)
        generate_proposals(phase, office)
        if phase.number == 2 and phase.campaign.ward.code == "dong-tam":
            _nominate(phase, users)
    with dated(_when(decided, 15)):
        _decide_all(phase, users)
    signed_on = datetime.date.fromisoformat(signed)
    with dated(_when(signed, 16)):
        decision = _decision(phase, signed_on, number, users)
        # R14: the certificates rest on the Chairman's own decision, and are dated on it.
        record_certificate_decision(phase, f"{number + 1}/QĐ-UBND", signed_on, office)
        issued = issue_certificates(phase, today=signed_on)
    summary.frozen.append(phase)
    if decision is not None:
        summary.decisions.append(decision)
    summary.certificates += issued.created
    if phase.number == 2 and issued.certificates:
        reasons = (
            "Hộ đã chuyển khỏi phường tháng 12/2022.",
            "Cấp nhầm: một thành viên chưa đủ tiêu chí theo kết quả rà soát lại.",
        )
        with dated(_when("2022-12-20", 10)):
            for certificate, reason in zip(issued.certificates[-2:], reasons, strict=False):
                revoke(certificate, office, reason)
                summary.revoked += 1


# --- this year: a campaign under way ----------------------------------------------------------


def shift_to_today(campaign: Campaign, today: datetime.date) -> None:
    """Move every window of the campaign (its phases keep their spacing) so that today is
    the last day of step 1 of phase 1: steps 1, 2 and 3 are open today (the plan's calendar
    overlaps them on that day)."""
    phases = list(campaign.phases.order_by("number"))
    delta = today - phases[0].step1_closes
    for phase in phases:
        for name in register.PHASE_FIELDS:
            value = getattr(phase, name)
            if isinstance(value, datetime.date):
                setattr(phase, name, value + delta)
        phase._change_reason = "Dữ liệu mẫu: lịch năm nay theo ngày chạy seed_demo"
        phase.save()


def current_year_campaign(model: Campaign, today: datetime.date) -> Campaign:
    year = max(today.year, model.year + 1)
    campaign = copy_campaign(model, year)  # R15: phases, thresholds, targets, pledges
    shift_to_today(campaign, today)
    return campaign


def _progress(codes, keyed: dict[str, float], checked=()) -> dict:
    return {
        code: register.TdpProgress(
            keyed=keyed.get(code, 1.0 if code in checked else 0.0),
            checked=code in checked,
            digital=0.75 + 0.02 * (int(code) % 8) if code.isdigit() else 0.75,
        )
        for code in codes
    }


def dong_tam_now(phase: Phase, users: dict, seed: int) -> None:
    """Đồng Tâm this year: dossiers in every state, forms being keyed in, nominations
    waiting for the Chairman."""
    office = users["thuongtruc"]
    tdps = {t.code: t for t in ResidentialGroup.objects.filter(ward=phase.campaign.ward)}
    done = (*NOW_SUBMITTED, *NOW_APPROVED, NOW_RETURNED, NOW_REOPENED)
    register.seed_progress(phase, _progress(tdps, NOW_KEYED, checked=done), users, seed)
    for code in done:
        submit_dossier(_team_user(users, tdps[code]), tdps[code], phase)
    for code in NOW_APPROVED:
        review.approve_dossier(Dossier.objects.get(phase=phase, tdp=tdps[code]), office)
    returned = Dossier.objects.get(phase=phase, tdp=tdps[NOW_RETURNED])
    review.return_dossier(returned, office, RETURN_COMMENT)
    reopened = Dossier.objects.get(phase=phase, tdp=tdps[NOW_REOPENED])
    review.reopen_dossier(reopened, office, REOPEN_REASON)
    _nominate(phase, users)  # R9 lines for the preliminary review, for the Chairman


def other_ward_now(phase: Phase, users: dict, seed: int) -> None:
    """A smaller ward this year: forms under way, the first dossiers sent."""
    tdps = list(ResidentialGroup.objects.filter(ward=phase.campaign.ward).in_code_order())
    codes = [t.code for t in tdps]
    sent = codes[: len(codes) // 3]
    keyed = {c: 0.3 + 0.1 * i for i, c in enumerate(codes)}
    register.seed_progress(phase, _progress(codes, keyed, checked=sent), users, seed)
    for tdp in tdps:
        if tdp.code in sent:
            submit_dossier(users["thuongtruc"], tdp, phase)
    if sent:
        first = Dossier.objects.get(phase=phase, tdp=tdps[0])
        review.approve_dossier(first, users["thuongtruc"])


def _users_of(ward: Ward, users: dict) -> dict:
    """Who acts for `ward`: Đồng Tâm's demo accounts, or a smaller ward's own office."""
    if ward.code == "dong-tam":
        return users
    own = {
        key: get_user_model().objects.get(username=f"{key}-{ward.code}")
        for key in ("thuongtruc", "chutich")
    }
    return {**users, **own, "quantri": own["thuongtruc"]}


# --- the whole demo ---------------------------------------------------------------------------


def clear_demo(ward: Ward) -> None:
    """--reset: what the procedure built on the demo (every campaign but the fixture's, the
    2022 dossiers, proposals, decisions, certificates, targets), then the extra wards; the
    register itself is cleared by scoring.demo."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        later = Campaign.objects.filter(ward=ward).exclude(year=FIXTURE_YEAR)
        for model in (FamilyCertificate, AwardProposal, Decision):
            register._delete_with_dependents(model.objects.filter(campaign__ward=ward))
        for model in (Dossier, WindowReopening, CertificateDecision):
            model.objects.filter(phase__campaign__ward=ward).delete()
        WardTarget.objects.filter(campaign__ward=ward, campaign__year=FIXTURE_YEAR).delete()
        register._delete_with_dependents(
            StandingsSnapshot.objects.filter(phase__campaign__in=later)
        )
        later.delete()
        others = Ward.objects.filter(code__in=[w.code for w in register.DEMO_WARDS])
        for model in (FamilyCertificate, AwardProposal, Decision):
            register._delete_with_dependents(model.objects.filter(campaign__ward__in=others))
        CertificateDecision.objects.filter(phase__campaign__ward__in=others).delete()
    register.delete_demo_wards()


@transaction.atomic
def build_demo(
    *,
    seed: int = register.DEFAULT_SEED,
    households_per_tdp: int = register.DEFAULT_HOUSEHOLDS_PER_TDP,
    phase2: bool = False,
    reset: bool = False,
    today: datetime.date | None = None,
) -> DemoSummary:
    today = today or timezone.localdate()
    ward = Ward.objects.order_by("pk").first()
    demo_wards = Ward.objects.filter(code__in=[w.code for w in register.DEMO_WARDS])
    if ward is not None and reset:
        clear_demo(ward)
    elif demo_wards.exists() and not (ward and register.demo_data_exists(ward)):
        raise register.DemoError(
            "Các phường mẫu (Hồng Hà, Minh Tân) đã có: dùng --reset để tạo lại dữ liệu mẫu."
        )
    result = register.seed_demo(
        seed=seed, households_per_tdp=households_per_tdp, phase2=phase2, reset=reset
    )
    ward = Ward.objects.order_by("pk").first()
    names = [a.username for a in register.DEMO_ACCOUNTS]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    summary = DemoSummary(register=result, wards=[ward.name])
    model = Campaign.objects.get(ward=ward, year=FIXTURE_YEAR)
    campaigns = [model]
    for spec in register.DEMO_WARDS:
        campaigns.append(register.seed_demo_ward(spec, model, seed=seed, phase2=phase2))
        summary.wards.append(spec.name)
    for campaign in campaigns:
        ward_users = _users_of(campaign.ward, users)
        if campaign.ward.code in WARDS_WITH_TARGETS:
            _add_targets(campaign)
        for phase in campaign.phases.order_by("number"):
            complete_phase(phase, ward_users, summary)
    for i, campaign in enumerate(campaigns):
        now = current_year_campaign(campaign, today)
        phase1 = now.phases.get(number=1)
        if campaign.ward_id == ward.id:
            dong_tam_now(phase1, users, seed + 1)
            summary.current = phase1
        else:
            other_ward_now(phase1, _users_of(campaign.ward, users), seed + 10 + i)
    rows = {d.tdp_id: d for d in Dossier.objects.filter(phase=summary.current)}
    states = [state_of(rows.get(t.id)) for t in ResidentialGroup.objects.filter(ward=ward)]
    summary.states = {s: states.count(s) for s in DOSSIER_STATES}
    return summary
