"""The dashboard's figures for a phase, for the ward or one TDP: standings (R4–R6, from
scoring.standings — never recomputed here), progress of the four steps against their windows,
and per-criterion adoption (which criterion holds most families back). Every function runs a
fixed number of queries whatever the size of the ward."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from awards import procedure
from awards.models import Dossier
from dongtam.formatting import percent, threshold, vn_date
from households.models import CulturalHouse, Household, ResidentialGroup
from scoring import glossary, rules
from scoring.comparison import YearOverYear, year_over_year
from scoring.criteria import CRITERIA_SHORT, CRITERIA_TEXT
from scoring.models import CRITERIA, CulturalHouseCheck, Phase, StandingsSnapshot, Step
from scoring.snapshots import snapshot_of
from scoring.standings import checked_residents, compute_standings, criterion_adoption

State = Dossier.State
WindowStatus = procedure.WindowStatus

# R5's 90 % mark, drawn on every ratio bar beside the phase's award threshold (R6).
DIGITAL_MARK = rules.DIGITAL_TDP_MIN_RATIO * 100
# An open step is flagged "closing" in its last days (0 = today is the last day).
CLOSING_DAYS = 2


def percent_of(part: int, whole: int) -> str | None:
    """R4 text of part/whole ("85.71", truncated); None without a whole."""
    return rules.ratio_percent_text(rules.tdp_ratio(part, whole))


def bar_width(ratio: Fraction | None) -> float:
    """Width of a chart bar in percent (display only, never compared)."""
    return 0.0 if ratio is None else round(float(ratio) * 100, 2)


# --- step progress -------------------------------------------------------------------------


@dataclass
class StepProgress:
    """One step's progress against its window (R12 dates and reopenings, from the procedure:
    `window`). `today` and `reopened_until` (a current reopening) may be set for a day."""

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
    # Set when the TDP's dossier is sent or approved: the step is locked whatever its window.
    locked_text: str = ""

    @property
    def locked(self) -> bool:
        return bool(self.locked_text)

    @property
    def window(self) -> procedure.WindowState:
        return procedure.WindowState(
            step=self.step,
            opens=self.opens,
            closes=self.closes,
            today=self.today,
            reopened_until=self.reopened_until,
        )

    @property
    def percent(self) -> str | None:
        return percent_of(self.done, self.total)

    @property
    def percent_text(self) -> str:
        return percent(self.percent)

    @property
    def width(self) -> float:
        return bar_width(rules.tdp_ratio(self.done, self.total))

    @property
    def complete(self) -> bool:
        return bool(self.total) and self.done == self.total

    @property
    def window_status(self) -> WindowStatus:
        return self.window.status

    @property
    def closing_soon(self) -> bool:
        w = self.window
        return (
            w.status == WindowStatus.OPEN
            and w.days_left is not None
            and (w.days_left <= CLOSING_DAYS)
        )

    @property
    def status(self) -> str:
        if self.locked_text:
            return self.locked_text
        w = self.window
        if w.status == WindowStatus.NOT_YET_OPEN:
            return f"Chưa mở — còn {w.days_to_open} ngày nữa"
        if w.status == WindowStatus.CLOSED:
            return f"Đã đóng ngày {vn_date(w.last_day)}"
        if w.days_left is None:
            return "Đang mở"
        if w.days_left == 0:
            return "Đang mở — hôm nay là hạn cuối"
        return f"Đang mở — còn {w.days_left} ngày"


def step_progress(
    phase: Phase,
    *,
    adoption: dict,
    dossiers: list[Dossier],
    tdp_count: int,
    tdp=None,
) -> list[StepProgress]:
    """Progress of the four steps (plan III.2.3) in the ward or in one TDP."""
    today = timezone.localdate()
    houses = CulturalHouse.objects.filter(tdp__ward_id=phase.campaign.ward_id)
    checks = CulturalHouseCheck.objects.filter(phase=phase)
    if tdp is not None:
        houses = houses.filter(tdp_id=tdp.id)
        checks = checks.filter(house__tdp_id=tdp.id)
    # Cached per TDP with the other adoption figures (scoring/cache.py).
    checked = checked_residents(phase, [tdp.id] if tdp is not None else None)
    house_total = houses.count()
    house_checked = checks.count()
    states = Counter(d.state for d in dossiers)
    submitted = states[State.SUBMITTED] + states[State.APPROVED]
    late = sum(1 for d in dossiers if d.submitted_at and d.submitted_late)
    windows = procedure.step_windows(phase, tdp, today)
    locked = ""
    if tdp is not None and dossiers:
        dossier = dossiers[0]
        label = procedure.state_label(procedure.state_of(dossier))
        if procedure.is_approved(dossier):
            locked = f"{label} — số liệu đã khóa"
        elif procedure.is_locked_for_tdp(dossier):
            locked = f"Hồ sơ {label.lower()} — tổ chỉ xem"

    eligible, scored = adoption["eligible"], adoption["scored"]
    done = {
        Step.SELF_ASSESSMENT: (scored, eligible, "người từ 18 tuổi đã có phiếu chấm"),
        Step.TDP_SCORING: (checked, eligible, "người đã được tổ CĐS kiểm tra, chấm điểm"),
        Step.SUBMISSION: (submitted, tdp_count, "tổ dân phố đã nộp hồ sơ"),
        Step.REVIEW: (states[State.APPROVED], tdp_count, "hồ sơ đã được duyệt"),
    }
    notes = {
        Step.SELF_ASSESSMENT: f"{eligible - scored} người chưa chấm" if eligible > scored else "",
        Step.TDP_SCORING: f"Nhà văn hóa đã đánh giá: {house_checked}/{house_total}",
        Step.SUBMISSION: (f"{late} hồ sơ nộp muộn; " if late else "")
        + f"{states[State.RETURNED]} hồ sơ bị trả lại",
        Step.REVIEW: "",
    }
    return [
        StepProgress(
            w.step,
            Step(w.step).label,
            w.opens,
            w.closes,
            done=done[w.step][0],
            total=done[w.step][1],
            unit=done[w.step][2],
            note=notes[w.step],
            reopened_until=w.reopened_until if w.reopened else None,
            today=today,
            locked_text=locked if w.step != Step.REVIEW else "",
        )
        for w in windows
    ]


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
    def ratio(self) -> Fraction | None:
        return rules.tdp_ratio(self.met, self.scored)

    @property
    def percent(self) -> str | None:
        return rules.ratio_percent_text(self.ratio)

    @property
    def percent_text(self) -> str:
        return percent(self.percent)

    @property
    def width(self) -> float:
        return bar_width(self.ratio)

    @property
    def reaches_digital_mark(self) -> bool:
        """At or over R5's 90 % mark (drawn green)."""
        return rules.is_digital_tdp(self.ratio)


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
    # This phase beside the same phase of the ward's previous campaign (R15), ward only.
    comparison: YearOverYear | None = None

    @property
    def threshold_width(self) -> float:
        return float(self.phase.award_threshold)

    @property
    def threshold_text(self) -> str:
        """The phase's award threshold (R6) as people read it: "85 %"."""
        return threshold(self.phase.award_threshold)

    @property
    def digital_mark_width(self) -> float:
        return float(DIGITAL_MARK)

    @property
    def digital_mark_text(self) -> str:
        """R5's mark as people read it: "90 %"."""
        return threshold(Decimal(DIGITAL_MARK.numerator) / DIGITAL_MARK.denominator)

    @property
    def totals(self) -> dict:
        return self.standings.ward_totals

    @property
    def families_percent(self) -> str:
        return percent(self.totals["ratio_percent"])

    @property
    def citizens_percent(self) -> str:
        return percent(self.totals["digital_citizen_percent"])

    @property
    def bars(self) -> list[StandingBar]:
        return [StandingBar(s) for s in self.standings.tdps]

    @property
    def award_names(self) -> list[str]:
        return [s.name for s in self.standings.tdps if s.award]  # R6

    @property
    def rows(self) -> list[tuple]:
        """(TdpStanding, its dossier's state label) in standings order."""
        return [
            (s, procedure.state_label(procedure.state_of(self.dossiers.get(s.tdp.id))))
            for s in self.standings.tdps
        ]

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
    def dossier_label(self) -> str:
        return procedure.state_label(procedure.state_of(self.dossier))

    @property
    def dossier_returned(self) -> bool:
        return procedure.state_of(self.dossier) == State.RETURNED

    @property
    def ranked_count(self) -> int:
        return sum(1 for s in self.standings.tdps if s.rank is not None)


def _dashboard(phase, standings, adoption, dossiers, *, tdp=None, households=()) -> Dashboard:
    steps = step_progress(
        phase,
        adoption=adoption,
        dossiers=dossiers,
        tdp_count=1 if tdp else len(standings.tdps),
        tdp=tdp,
    )
    return Dashboard(
        phase=phase,
        standings=standings,
        adoption=adoption_rows(adoption),
        adoption_totals=adoption,
        steps=steps,
        dossiers={d.tdp_id: d for d in dossiers},
        snapshot=snapshot_of(phase, data=False),
        tdp=tdp,
        households=list(households),
    )


def ward_dashboard(phase: Phase) -> Dashboard:
    standings = compute_standings(phase)
    dossiers = list(Dossier.objects.filter(phase=phase))
    dash = _dashboard(phase, standings, criterion_adoption(phase), dossiers)
    dash.comparison = year_over_year(phase, standings.as_json())
    return dash


def tdp_dashboard(phase: Phase, tdp: ResidentialGroup) -> Dashboard:
    """One TDP: its standing within the ward (rank among all TDPs, R6), its steps and its
    own criterion adoption, and the list of its households (R3)."""
    standings = compute_standings(phase)
    adoption = criterion_adoption(phase, tdp_ids=[tdp.id])
    dossiers = list(Dossier.objects.filter(phase=phase, tdp=tdp))
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
            "status": glossary.household_status(
                h.eligible_members, h.digital_members, h.unscored_members
            ),
        }
        for h in standing.households_detail
    ]
    return _dashboard(phase, standings, adoption, dossiers, tdp=tdp, households=households)
