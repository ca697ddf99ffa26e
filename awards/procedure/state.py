"""What the procedure knows about one TDP in one phase: the dossier's state (R12 locks) and
each step's window (R12 dates and office reopenings). Read-only; the `can_*` answers built
on it are in awards.procedure.permissions."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from awards.models import Dossier, WindowReopening
from dongtam.formatting import vn_date
from households.models import ResidentialGroup
from scoring.models import Phase, Step

# No dossier row yet: the TDP has not started the phase (shown beside Dossier.State's labels).
NOT_STARTED = "not_started"
NOT_STARTED_LABEL = "Chưa thực hiện"
# States in the order of the procedure, "not started" first.
DOSSIER_STATES = (NOT_STARTED, *Dossier.State.values)

LOCKED_STATES = (Dossier.State.SUBMITTED, Dossier.State.APPROVED)
# What the office should look at first: sent (to review), returned (waiting for the TDP),
# in progress, not started, and approved (done) last.
ACTION_ORDER = (
    Dossier.State.SUBMITTED,
    Dossier.State.RETURNED,
    Dossier.State.IN_PROGRESS,
    NOT_STARTED,
    Dossier.State.APPROVED,
)


def action_rank(state: str) -> int:
    """Position of a state in ACTION_ORDER (the review list's order)."""
    return ACTION_ORDER.index(state)


def state_of(dossier: Dossier | None) -> str:
    """The dossier's state; NOT_STARTED without a dossier row."""
    return dossier.state if dossier else NOT_STARTED


def state_label(state: str) -> str:
    """ "Đã nộp", "Chưa thực hiện", … (Dossier.State's labels)."""
    if state == NOT_STARTED:
        return NOT_STARTED_LABEL
    return Dossier.State(state).label


def is_approved(dossier: Dossier | None) -> bool:
    """Approved: locked for everyone until the office reopens it."""
    return dossier is not None and dossier.state == Dossier.State.APPROVED


def is_locked_for_tdp(dossier: Dossier | None) -> bool:
    """Submitted or approved: read-only for the TDP's own accounts."""
    return dossier is not None and dossier.state in LOCKED_STATES


def awaits_review(dossier: Dossier | None) -> bool:
    """Submitted and not yet returned or approved: the office may approve or return it."""
    return dossier is not None and dossier.state == Dossier.State.SUBMITTED


class WindowStatus(enum.StrEnum):
    """Where a step's window stands on a day (templates map it to a colour)."""

    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class WindowState:
    """One step's window for one TDP on one day (R12)."""

    step: int
    opens: datetime.date
    closes: datetime.date | None
    today: datetime.date
    reopened_until: datetime.date | None = None

    @property
    def in_dates(self) -> bool:
        return self.opens <= self.today and (self.closes is None or self.today <= self.closes)

    @property
    def reopened(self) -> bool:
        return self.reopened_until is not None and self.today <= self.reopened_until

    @property
    def is_open(self) -> bool:
        return self.in_dates or self.reopened

    @property
    def not_yet_open(self) -> bool:
        return self.today < self.opens and not self.reopened

    @property
    def status(self) -> WindowStatus:
        if self.is_open:
            return WindowStatus.OPEN
        return WindowStatus.NOT_YET_OPEN if self.not_yet_open else WindowStatus.CLOSED

    @property
    def last_day(self) -> datetime.date | None:
        """The last open day: the plan's, or a current reopening's when that runs later."""
        if self.reopened and (self.closes is None or self.reopened_until > self.closes):
            return self.reopened_until
        return self.closes

    @property
    def deadline(self) -> datetime.date | None:
        """The last day of the window in force: the plan's, or the latest reopening's when
        that runs later (R12: a reopened window is the window in force, whatever today is)."""
        if self.reopened_until is not None and (
            self.closes is None or self.reopened_until > self.closes
        ):
            return self.reopened_until
        return self.closes

    @property
    def in_force_text(self) -> str:
        """ "04/09/2022 – 08/09/2022", or "04/09/2022 – 31/12/2022 (mở lại; theo kế hoạch đến
        08/09/2022)" when a reopening is the window in force."""
        text = vn_date(self.opens)
        deadline = self.deadline
        if deadline is None:
            return f"từ {text}"
        text += f" – {vn_date(deadline)}"
        if deadline != self.closes:
            text += f" (thường trực TĐKT mở lại; theo kế hoạch đến {vn_date(self.closes)})"
        return text

    def is_late(self, day: datetime.date) -> bool:
        """Done after the last day of the window in force (plan or reopening)."""
        deadline = self.deadline
        return deadline is not None and day > deadline

    @property
    def days_to_open(self) -> int:
        return (self.opens - self.today).days

    @property
    def days_left(self) -> int | None:
        """Days after today while open (0: today is the last day); None when open-ended."""
        last = self.last_day
        return None if last is None else (last - self.today).days

    @property
    def dates_text(self) -> str:
        """ "Bước 1 mở từ 31/08/2022 đến 04/09/2022" (the plan's window for this step)."""
        if self.closes is None:
            return f"Bước {self.step} mở từ {vn_date(self.opens)}"
        return f"Bước {self.step} mở từ {vn_date(self.opens)} đến {vn_date(self.closes)}"

    @property
    def short_text(self) -> str:
        """Compact form for lists: "Bước 1: 31/08/2022 – 04/09/2022"."""
        text = f"Bước {self.step}: {vn_date(self.opens)}"
        if self.closes is not None:
            text += f" – {vn_date(self.closes)}"
        if self.reopened_until is not None and self.reopened_until >= self.today:
            text += f" (mở lại đến {vn_date(self.reopened_until)})"
        return text

    @property
    def message(self) -> str:
        if self.reopened and (not self.in_dates or self.deadline != self.closes):
            return (
                f"{self.dates_text}; thường trực TĐKT đã mở lại đến hết ngày "
                f"{vn_date(self.reopened_until)}."
            )
        if self.in_dates:
            return f"{self.dates_text}."
        if self.not_yet_open:
            return f"{self.dates_text} — chưa đến thời hạn."
        return f"{self.dates_text} — đã hết hạn."


def _window(phase: Phase, step: int, reopenings, today: datetime.date) -> WindowState:
    opens, closes = phase.window(step)
    until = max((r.until for r in reopenings if r.step == step), default=None)
    return WindowState(step=step, opens=opens, closes=closes, today=today, reopened_until=until)


def reopenings_for(phase: Phase, tdp) -> list[WindowReopening]:
    """The phase's reopenings that concern `tdp` (its own and the all-TDP ones); only the
    all-TDP ones without a TDP. Newest first, with what the review pages show."""
    scope = Q(tdp__isnull=True) if tdp is None else Q(tdp=tdp) | Q(tdp__isnull=True)
    return list(
        WindowReopening.objects.filter(phase=phase)
        .filter(scope)
        .select_related("created_by", "tdp")
        .order_by("-created_at")
    )


@dataclass
class ProcedureState:
    """What the procedure knows about one TDP in one phase (two queries, loaded once per
    request and passed to the `can_*` functions to keep query counts constant)."""

    tdp: ResidentialGroup
    phase: Phase
    today: datetime.date
    dossier: Dossier | None
    reopenings: list[WindowReopening] = field(default_factory=list)

    def window(self, step: int) -> WindowState:
        return _window(self.phase, step, self.reopenings, self.today)

    @property
    def dossier_state(self) -> str:
        return self.dossier.state if self.dossier else Dossier.State.IN_PROGRESS

    @property
    def locked_for_tdp(self) -> bool:
        return is_locked_for_tdp(self.dossier)

    @property
    def approved(self) -> bool:
        return is_approved(self.dossier)

    @property
    def returned(self) -> bool:
        return self.dossier_state == Dossier.State.RETURNED


def procedure_state(
    tdp, phase: Phase, today: datetime.date | None = None, *, for_update: bool = False
) -> ProcedureState:
    """The TDP's dossier (locked for the transaction with `for_update`) and reopenings."""
    today = today or timezone.localdate()
    dossiers = Dossier.objects.filter(tdp=tdp, phase=phase)
    if for_update:
        dossiers = dossiers.select_for_update(of=("self",))  # not the nullable users
    dossier = dossiers.select_related("submitted_by", "approved_by").first()
    return ProcedureState(
        tdp=tdp, phase=phase, today=today, dossier=dossier, reopenings=reopenings_for(phase, tdp)
    )


def window_state(
    phase: Phase, step: int, tdp=None, today: datetime.date | None = None
) -> WindowState:
    """R12: is `step` open for `tdp` on `today` (plan dates or an office reopening)? Without
    a TDP, the ward-wide window (plan dates and reopenings for all TDPs)."""
    return step_windows(phase, tdp, today)[step - 1]


def step_windows(phase: Phase, tdp=None, today: datetime.date | None = None) -> list[WindowState]:
    """The four steps' windows for `tdp` (or ward-wide without one), in step order; one query."""
    today = today or timezone.localdate()
    reopenings = reopenings_for(phase, tdp)
    return [_window(phase, step, reopenings, today) for step in Step.values]
