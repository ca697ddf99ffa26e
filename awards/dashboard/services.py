"""The dashboard's figures for a phase, for the ward or one TDP: standings (R4–R6, from
scoring.standings — never recomputed here), progress of the four steps against their windows,
and per-criterion adoption (which criterion holds most families back). Every function runs a
fixed number of queries whatever the size of the ward."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone

from awards.models import Dossier, WindowReopening
from households.models import CulturalHouse, Household, ResidentialGroup
from scoring import rules
from scoring.criteria import CRITERIA_SHORT, CRITERIA_TEXT
from scoring.exports import percent_display
from scoring.models import CRITERIA, CulturalHouseCheck, Phase, StandingsSnapshot, Step
from scoring.standings import checked_residents, compute_standings, criterion_adoption

State = Dossier.State


def percent_text(part: int, whole: int) -> str | None:
    """Truncated two-decimal percentage with the Vietnamese decimal comma ("85,71")."""
    text = rules.ratio_percent_text(rules.tdp_ratio(part, whole))
    return text.replace(".", ",") if text else None


def vi_percent(text: str | None) -> str:
    """ "85.71" (INTERFACES form) → "85,71 %"; None → "—"."""
    return percent_display(text)


def bar_width(ratio: Fraction | None) -> float:
    """Width of a chart bar in percent (display only, never compared)."""
    return 0.0 if ratio is None else round(float(ratio) * 100, 2)


# --- phases -----------------------------------------------------------------------------


# --- step progress -------------------------------------------------------------------------


@dataclass
class StepProgress:
    step: int
    label: str
    opens: datetime.date
    closes: datetime.date | None
    done: int
    total: int
    unit: str
    note: str = ""
    reopened_until: datetime.date | None = None
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def percent(self) -> str | None:
        return percent_text(self.done, self.total)

    @property
    def width(self) -> float:
        return bar_width(rules.tdp_ratio(self.done, self.total))

    @property
    def status(self) -> str:
        if self.today < self.opens:
            days = (self.opens - self.today).days
            return f"Chưa mở — còn {days} ngày nữa"
        closes = self.closes
        if self.reopened_until and (closes is None or self.reopened_until > closes):
            closes = self.reopened_until
        if closes is None:
            return "Đang mở"
        if self.today > closes:
            return f"Đã đóng ngày {closes:%d/%m/%Y}"
        days = (closes - self.today).days
        if days == 0:
            return "Đang mở — hôm nay là hạn cuối"
        return f"Đang mở — còn {days} ngày"

    @property
    def status_colour(self) -> str:
        text = self.status
        if text.startswith("Đã đóng"):
            return "secondary"
        if text.startswith("Chưa mở"):
            return "light"
        if "hạn cuối" in text or text.endswith((" 1 ngày", " 2 ngày")):
            return "danger"
        return "success"


def step_progress(
    phase: Phase,
    *,
    adoption: dict,
    dossiers: list[Dossier],
    tdp_count: int,
    tdp_ids=None,
    reopenings=(),
) -> list[StepProgress]:
    """Progress of the four steps (plan III.2.3) in the ward or the given TDPs."""
    today = timezone.localdate()
    houses = CulturalHouse.objects.filter(tdp__ward_id=phase.campaign.ward_id)
    checks = CulturalHouseCheck.objects.filter(phase=phase)
    if tdp_ids is not None:
        houses = houses.filter(tdp_id__in=tdp_ids)
        checks = checks.filter(house__tdp_id__in=tdp_ids)
    checked = checked_residents(phase, tdp_ids)  # cached per TDP (scoring/cache.py)
    house_total = houses.count()
    house_checked = checks.count()
    states = Counter(d.state for d in dossiers)
    submitted = states[State.SUBMITTED] + states[State.APPROVED]
    late = sum(1 for d in dossiers if d.submitted_at and d.submitted_late)
    reopened = {}
    for w in reopenings:
        if w.until >= today:
            reopened[w.step] = max(reopened.get(w.step, w.until), w.until)

    eligible, scored = adoption["eligible"], adoption["scored"]
    rows = [
        StepProgress(
            Step.SELF_ASSESSMENT,
            Step.SELF_ASSESSMENT.label,
            *phase.window(1),
            done=scored,
            total=eligible,
            unit="người từ 18 tuổi đã có phiếu chấm",
            note=f"{eligible - scored} người chưa chấm" if eligible > scored else "",
        ),
        StepProgress(
            Step.TDP_SCORING,
            Step.TDP_SCORING.label,
            *phase.window(2),
            done=checked,
            total=eligible,
            unit="người đã được tổ CĐS kiểm tra, chấm điểm",
            note=f"Nhà văn hóa đã đánh giá: {house_checked}/{house_total}",
        ),
        StepProgress(
            Step.SUBMISSION,
            Step.SUBMISSION.label,
            *phase.window(3),
            done=submitted,
            total=tdp_count,
            unit="tổ dân phố đã nộp hồ sơ",
            note=(f"{late} hồ sơ nộp muộn; " if late else "")
            + f"{states[State.RETURNED]} hồ sơ bị trả lại",
        ),
        StepProgress(
            Step.REVIEW,
            Step.REVIEW.label,
            *phase.window(4),
            done=states[State.APPROVED],
            total=tdp_count,
            unit="hồ sơ đã được duyệt",
        ),
    ]
    for row in rows:
        row.today = today
        row.reopened_until = reopened.get(row.step)
    return rows


# --- criterion adoption ---------------------------------------------------------------------


@dataclass
class CriterionAdoption:
    number: int
    short: str
    text: str
    met: int
    scored: int
    eligible: int

    @property
    def not_met(self) -> int:
        return self.scored - self.met

    @property
    def percent(self) -> str | None:
        return percent_text(self.met, self.scored)

    @property
    def width(self) -> float:
        return bar_width(rules.tdp_ratio(self.met, self.scored))


def adoption_rows(adoption: dict) -> list[CriterionAdoption]:
    """The ten criteria, the one met by the fewest scored adults first (where to campaign)."""
    rows = [
        CriterionAdoption(
            number=i + 1,
            short=CRITERIA_SHORT[i],
            text=CRITERIA_TEXT[i],
            met=adoption[name] or 0,
            scored=adoption["scored"] or 0,
            eligible=adoption["eligible"] or 0,
        )
        for i, name in enumerate(CRITERIA)
    ]
    rows.sort(key=lambda r: (-r.not_met, r.number))
    return rows


# --- the dashboards ---------------------------------------------------------------------------


@dataclass
class StandingBar:
    standing: object  # TdpStanding

    @property
    def width(self) -> float:
        return bar_width(self.standing.ratio)


@dataclass
class Dashboard:
    phase: Phase
    standings: object  # scoring.standings.Standings
    adoption: list[CriterionAdoption]
    adoption_totals: dict
    steps: list[StepProgress]
    dossiers: dict[int, Dossier]
    snapshot: StandingsSnapshot | None
    tdp: ResidentialGroup | None = None
    households: list[dict] = field(default_factory=list)

    @property
    def threshold_width(self) -> float:
        return float(self.phase.award_threshold)

    @property
    def totals(self) -> dict:
        return self.standings.ward_totals

    @property
    def bars(self) -> list[StandingBar]:
        return [StandingBar(s) for s in self.standings.tdps]

    @property
    def award_names(self) -> list[str]:
        return [s.name for s in self.standings.tdps if s.award]  # R6

    @property
    def rows(self) -> list[tuple]:
        """(TdpStanding, Dossier or None) in standings order."""
        return [(s, self.dossiers.get(s.tdp.id)) for s in self.standings.tdps]

    @property
    def focus(self) -> CriterionAdoption | None:
        """The criterion holding most families back (none when nobody is scored)."""
        if not self.adoption or not self.adoption[0].scored or not self.adoption[0].not_met:
            return None
        return self.adoption[0]

    @property
    def tdp_standing(self):
        if self.tdp is None:
            return None
        return next(s for s in self.standings.tdps if s.tdp.id == self.tdp.id)

    @property
    def tdp_width(self) -> float:
        standing = self.tdp_standing
        return bar_width(standing.ratio) if standing else 0.0

    @property
    def dossier(self) -> Dossier | None:
        return self.dossiers.get(self.tdp.id) if self.tdp else None

    @property
    def ranked_count(self) -> int:
        return sum(1 for s in self.standings.tdps if s.rank is not None)


def ward_dashboard(phase: Phase) -> Dashboard:
    standings = compute_standings(phase)
    adoption = criterion_adoption(phase)
    dossiers = list(Dossier.objects.filter(phase=phase))
    reopenings = list(WindowReopening.objects.filter(phase=phase, tdp__isnull=True))
    steps = step_progress(
        phase,
        adoption=adoption,
        dossiers=dossiers,
        tdp_count=len(standings.tdps),
        reopenings=reopenings,
    )
    return Dashboard(
        phase=phase,
        standings=standings,
        adoption=adoption_rows(adoption),
        adoption_totals=adoption,
        steps=steps,
        dossiers={d.tdp_id: d for d in dossiers},
        snapshot=StandingsSnapshot.objects.filter(phase=phase).first(),
    )


def tdp_dashboard(phase: Phase, tdp: ResidentialGroup) -> Dashboard:
    """One TDP: its standing within the ward (rank among all TDPs, R6), its steps and its
    own criterion adoption, and the list of its households (R3)."""
    standings = compute_standings(phase)
    adoption = criterion_adoption(phase, tdp_ids=[tdp.id])
    dossiers = list(Dossier.objects.filter(phase=phase, tdp=tdp))
    reopenings = list(
        WindowReopening.objects.filter(phase=phase).filter(Q(tdp=tdp) | Q(tdp__isnull=True))
    )
    steps = step_progress(
        phase,
        adoption=adoption,
        dossiers=dossiers,
        tdp_count=1,
        tdp_ids=[tdp.id],
        reopenings=reopenings,
    )
    standing = next(s for s in standings.tdps if s.tdp.id == tdp.id)
    heads = dict(
        Household.objects.filter(tdp=tdp)
        .select_related("head")
        .values_list("id", "head__full_name")
    )
    households = [
        {
            "code": h.code,
            "head": heads.get(h.id) or "",
            "residents": h.residents,
            "eligible": h.eligible_members,
            "digital": h.digital_members,
            "unscored": h.unscored_members,
            "digital_family": h.digital_family,
        }
        for h in standing.households_detail
    ]
    return Dashboard(
        phase=phase,
        standings=standings,
        adoption=adoption_rows(adoption),
        adoption_totals=adoption,
        steps=steps,
        dossiers={d.tdp_id: d for d in dossiers},
        snapshot=StandingsSnapshot.objects.filter(phase=phase).first(),
        tdp=tdp,
        households=households,
    )
