"""Steps 1 and 2 as services: what each entry screen shows (the TDP's household list, one
household's sheet, the TDP summary, the cultural-house checklist) and the writes of the
steps — the self-assessment (step 1), the TDP team's stage (step 2), the cultural house (R7)
and moving a member under the procedure's rules. Views call these and only render; every
write is atomic and leaves a history record with its reason (simple_history
`_change_reason`). The register's own writes (households, residents) are households.register."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Subquery

from awards import procedure
from awards.entry import versions
from awards.entry.versions import Conflict, StaleSave
from awards.models import Dossier
from awards.procedure.errors import ProcedureError
from dongtam.formatting import threshold
from households import register
from households.forms import HouseholdForm, ResidentForm, StatusForm
from households.models import CulturalHouse, Household, Resident, ResidentialGroup
from scoring import glossary, rules
from scoring.criteria import CRITERIA_SHORT, CRITERIA_TEXT
from scoring.models import CRITERIA, Assessment, CulturalHouseCheck, Phase
from scoring.standings import (
    compute_standings,
    counting_assessment_map,
    counting_score_subquery,
    criterion_adoption,
    household_standings,
)

Stage = Assessment.Stage
HOUSEHOLDS_PER_PAGE = 50


def source_text(assessment: Assessment | None, phase: Phase) -> str:
    """R11: where an assessment came from, for screens ("Giai đoạn 1 · Tổ CĐS chấm")."""
    if assessment is None:
        return ""
    number = assessment.phase.number
    text = f"Giai đoạn {number} · {Stage(assessment.stage).label}"
    if number != phase.number:
        text += " (chuyển tiếp)"
    return text


def changed_criteria(a: tuple[bool, ...], b: tuple[bool, ...]) -> list[str]:
    return [f"TC{i + 1}" for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def form_state(scored: bool, criteria: tuple[bool, ...]) -> str:
    """A member's form as one string ("1" + ten 0/1 digits, "0…" when not recorded): what
    the page showed is posted back as `m<id>-orig`, to tell a row the member changed from
    one they left alone."""
    return ("1" if scored else "0") + "".join("1" if c else "0" for c in criteria)


def state_text(state: str) -> str:
    """A form state in words, for a conflict: "90 điểm — đạt TC1–TC9" / "chưa có phiếu"."""
    if not state or state[0] != "1":
        return "chưa có phiếu"
    met = [i + 1 for i, c in enumerate(state[1:]) if c == "1"]
    score = rules.citizen_score(tuple(c == "1" for c in state[1:]))
    missing = [f"TC{i}" for i in range(1, len(CRITERIA) + 1) if i not in met]
    detail = "đạt cả 10 tiêu chí" if not missing else "thiếu " + ", ".join(missing)
    return f"{score} điểm ({detail})"


def _history_version():
    """The latest history_id of an assessment, as a subquery (versions, no extra query)."""
    history = Assessment.history.model.objects.filter(id=OuterRef("id"))
    return Subquery(
        history.order_by().values("id").annotate(latest=Max("history_id")).values("latest")[:1]
    )


@dataclass
class MemberRow:
    resident: Resident
    eligible: bool
    counting: Assessment | None = None  # R10 + R11
    self_a: Assessment | None = None  # this phase, step 1
    tdp_a: Assessment | None = None  # this phase, step 2
    ward_a: Assessment | None = None  # this phase, step 4
    prefill: Assessment | None = None  # what the form shows

    @property
    def counting_score(self) -> int | None:
        return self.counting.score if self.counting else None

    @property
    def digital_citizen(self) -> bool:
        return rules.is_digital_citizen(self.counting_score)  # R2

    @property
    def prefill_criteria(self) -> tuple[bool, ...]:
        return self.prefill.criteria if self.prefill else (False,) * len(CRITERIA)

    @property
    def prefill_score(self) -> int | None:
        return self.prefill.score if self.prefill else None

    @property
    def prefill_digital(self) -> bool:
        return rules.is_digital_citizen(self.prefill_score)  # R2

    @property
    def prefill_text(self) -> str:
        return glossary.citizen_text(self.prefill_score)

    @property
    def shown_state(self) -> str:
        """What the form shows now (form_state)."""
        return form_state(self.prefill is not None, self.prefill_criteria)

    def version(self, stage: int) -> str:
        """The version of what a save at `stage` changes: this phase's self-assessment at
        step 1; at step 2 the TDP stage and the self-assessment it starts from."""

        def tok(a):
            return versions.NONE if a is None else str(a.version or 0)

        if stage == Stage.SELF:
            return tok(self.self_a)
        return f"{tok(self.tdp_a)}.{tok(self.self_a)}"

    @property
    def tdp_differs(self) -> list[str]:
        if self.tdp_a is None or self.self_a is None:
            return []
        return changed_criteria(self.self_a.criteria, self.tdp_a.criteria)


@dataclass
class HouseholdSheet:
    household: Household
    phase: Phase
    stage: int
    members: list[MemberRow] = field(default_factory=list)

    @property
    def eligible(self) -> list[MemberRow]:
        return [m for m in self.members if m.eligible]

    @property
    def result(self) -> rules.HouseholdResult:
        """R3 over the counting assessments (R10, R11)."""
        return rules.household_result((m.eligible, m.counting_score) for m in self.members)

    @property
    def unscored(self) -> list[MemberRow]:
        return [m for m in self.eligible if m.counting is None]

    @property
    def status(self) -> str:
        return glossary.household_status(
            len(self.eligible), self.result.digital_members, len(self.unscored)
        )

    @property
    def status_text(self) -> str:
        return glossary.HOUSEHOLD_STATUS_TEXT[self.status]

    @property
    def head(self) -> Resident | None:
        hid = self.household.head_id
        return next((m.resident for m in self.members if m.resident.id == hid), None)

    @property
    def unconfirmed(self) -> list[MemberRow]:
        """Step 2 still to do: self-assessments the TDP team has not confirmed."""
        return [m for m in self.eligible if m.self_a is not None and m.tdp_a is None]


def household_sheet(household: Household, phase: Phase, stage: int = Stage.SELF) -> HouseholdSheet:
    """Every member of the household (all statuses, oldest first) with R1 eligibility on the
    phase's reference date and their assessments (each with its `version`, the latest
    history id). Three queries."""
    residents = list(household.residents.order_by("birth_date", "id"))
    ids = [r.id for r in residents]
    counting = counting_assessment_map(phase, ids)  # R10 + R11
    this_phase = {}
    rows = Assessment.objects.filter(resident_id__in=ids, phase=phase)
    for a in rows.annotate(version=_history_version()):
        a.phase = phase
        this_phase[(a.resident_id, a.stage)] = a
    sheet = HouseholdSheet(household=household, phase=phase, stage=stage)
    for r in residents:
        row = MemberRow(
            resident=r,
            eligible=rules.is_eligible(r.status, r.birth_date, phase.reference_date),  # R1
            counting=counting.get(r.id),
            self_a=this_phase.get((r.id, Stage.SELF)),
            tdp_a=this_phase.get((r.id, Stage.TDP)),
            ward_a=this_phase.get((r.id, Stage.WARD)),
        )
        if stage == Stage.SELF:
            row.prefill = row.self_a or row.counting
        else:
            row.prefill = row.tdp_a or row.self_a or row.counting
        sheet.members.append(row)
    return sheet


@dataclass(frozen=True)
class Posted:
    """One member's form as posted: recorded at all, the ten criteria, and what the page
    carried: the version it was made from, what it showed (`orig`), and the member's choice
    after a conflict (`resolve`: "theirs" keeps what is stored)."""

    scored: bool
    criteria: tuple[bool, ...]
    version: str = ""
    orig: str = ""
    resolve: str = ""

    @property
    def state(self) -> str:
        return form_state(self.scored, self.criteria)


def parse_posted(data, members: list[MemberRow]) -> dict[int, Posted]:
    """Read `m<id>-scored` and `m<id>-tc1`…`tc10` for the eligible members only (R1 is
    enforced here, whatever the browser sends). A ticked criterion makes it an assessment (R2)."""
    posted = {}
    for m in members:
        if not m.eligible:
            continue
        prefix = f"m{m.resident.id}-"
        if f"{prefix}shown" not in data:
            continue
        criteria = tuple(bool(data.get(f"{prefix}{name}")) for name in CRITERIA)
        scored = bool(data.get(f"{prefix}scored")) or any(criteria)
        posted[m.resident.id] = Posted(
            scored,
            criteria,
            version=data.get(f"{prefix}version", ""),
            orig=data.get(f"{prefix}orig", ""),
            resolve=data.get(f"{prefix}resolve", ""),
        )
    return posted


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: list[str] = field(default_factory=list)  # forms someone else changed, left alone

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def message(self) -> str:
        kept = ""
        if self.kept:
            kept = (
                " Giữ nguyên phiếu người khác vừa lưu (bạn không sửa) của: "
                + ", ".join(self.kept)
                + "."
            )
        if not self.changed:
            return "Không có thay đổi." + kept
        parts = []
        if self.created:
            parts.append(f"ghi mới {self.created} phiếu")
        if self.updated:
            parts.append(f"sửa {self.updated} phiếu")
        if self.deleted:
            parts.append(f"xoá {self.deleted} phiếu")
        return "Đã " + ", ".join(parts) + "." + kept


def _write(assessment: Assessment, criteria, user, reason: str) -> None:
    for name, met in zip(CRITERIA, criteria, strict=True):
        setattr(assessment, name, met)
    assessment.recorded_by = user
    assessment._change_reason = reason
    assessment.save()


def _delete(assessment: Assessment, reason: str) -> None:
    assessment._change_reason = reason
    assessment.delete()


@transaction.atomic
def save_sheet(sheet: HouseholdSheet, data, user, only: int | None = None) -> SaveResult:
    """Save the posted forms of `sheet` at its stage (R10).

    Step 1 (SELF): a member's form is written when it differs from what the page showed
    (this phase's self-assessment, or the carried-forward one, R11); unticking "có phiếu"
    removes this phase's self-assessment. Step 2 (TDP): every shown form that is recorded
    becomes the TDP stage — as it stands, that is the team confirming the household's
    form; changed criteria are named in the reason. `only` restricts to one resident."""
    result = SaveResult()
    todo = _checked_rows(sheet, parse_posted(data, sheet.members), only, result)
    for m, p in todo:
        if sheet.stage == Stage.SELF:
            _save_self(m, p, sheet.phase, user, result)
        else:
            _save_tdp(m, p, sheet.phase, user, result)
    return result


def _checked_rows(sheet: HouseholdSheet, posted: dict[int, Posted], only, result: SaveResult):
    """The (member, posted form) pairs to write. A form posted from a stale version is never
    written: it is left alone when the member did not change it (what is stored stays, named
    in `result.kept`) or when it already equals what is stored; any other raises StaleSave
    with every such conflict, before anything is written."""
    todo, conflicts = [], []
    for m in sheet.eligible:
        p = posted.get(m.resident.id)
        if p is None or (only is not None and m.resident.id != only):
            continue
        if p.resolve == "theirs":
            continue  # the member took what is stored after a conflict
        if versions.is_stale(p.version, m.version(sheet.stage)):
            if p.state == m.shown_state:
                continue
            if p.orig and p.state == p.orig:
                result.kept.append(m.resident.full_name)
                continue
            conflicts.append(_row_conflict(sheet, m, p))
            continue
        todo.append((m, p))
    if conflicts:
        raise StaleSave(conflicts)
    return todo


def _row_conflict(sheet: HouseholdSheet, m: MemberRow, p: Posted) -> Conflict:
    stages = [sheet.stage] if sheet.stage == Stage.SELF else [Stage.TDP, Stage.SELF]
    who, when = versions.last_change(
        Assessment.history.filter(resident_id=m.resident.id, phase=sheet.phase, stage__in=stages)
    )
    return Conflict(
        key=f"m{m.resident.id}",
        label=f"Phiếu của {m.resident.full_name} ({Stage(sheet.stage).label.lower()})",
        mine=state_text(p.state),
        theirs=state_text(m.shown_state),
        who=who,
        when=when,
    )


def _revise(current, p: Posted, user, result: SaveResult, drop_reason: str, edit_reason: str):
    """An existing stage form: dropped when the form is now empty, rewritten (naming the
    criteria that changed) when it differs, left alone otherwise (R10 history keeps it all)."""
    if not p.scored:
        _delete(current, drop_reason)
        result.deleted += 1
    elif p.criteria != current.criteria:
        changed = ", ".join(changed_criteria(current.criteria, p.criteria))
        _write(current, p.criteria, user, f"{edit_reason}: {changed}")
        result.updated += 1


def _save_self(m: MemberRow, p: Posted, phase: Phase, user, result: SaveResult) -> None:
    current = m.self_a
    if current is not None:
        _revise(
            current,
            p,
            user,
            result,
            "Bỏ phiếu hộ tự chấm (bước 1)",
            "Sửa phiếu hộ tự chấm (bước 1)",
        )
        return
    if not p.scored:
        return
    if m.counting is not None and p.criteria == m.counting.criteria:
        return  # unchanged carried-forward form: R11 already counts it, nothing to key in
    new = Assessment(resident=m.resident, phase=phase, stage=Stage.SELF)
    _write(new, p.criteria, user, "Nhập phiếu hộ tự chấm (bước 1)")
    result.created += 1


def _save_tdp(m: MemberRow, p: Posted, phase: Phase, user, result: SaveResult) -> None:
    current = m.tdp_a
    base = m.self_a.criteria if m.self_a else None
    if current is not None:
        _revise(
            current,
            p,
            user,
            result,
            "Tổ CĐS bỏ kết quả chấm (bước 2)",
            "Tổ CĐS sửa kết quả chấm (bước 2)",
        )
        return
    if not p.scored:
        return
    if base is not None and p.criteria == base:
        reason = "Tổ CĐS xác nhận phiếu hộ tự chấm (bước 2)"
    elif base is not None:
        reason = "Tổ CĐS chấm lại (bước 2), khác phiếu hộ: " + ", ".join(
            changed_criteria(base, p.criteria)
        )
    else:
        reason = "Tổ CĐS chấm (bước 2), hộ chưa có phiếu tự chấm giai đoạn này"
    new = Assessment(resident=m.resident, phase=phase, stage=Stage.TDP)
    _write(new, p.criteria, user, reason)
    result.created += 1


@transaction.atomic
def confirm_unchanged(sheet: HouseholdSheet, user) -> SaveResult:
    """Step 2: copy every self-assessment of the phase that the team has not yet scored to
    the TDP stage unchanged (R10)."""
    result = SaveResult()
    for m in sheet.unconfirmed:
        new = Assessment(resident=m.resident, phase=sheet.phase, stage=Stage.TDP)
        _write(new, m.self_a.criteria, user, "Tổ CĐS xác nhận phiếu hộ tự chấm (bước 2)")
        result.created += 1
    return result


@transaction.atomic
def save_posted(household: Household, phase: Phase, stage: int, data, user) -> SaveResult:
    """The household page's POST (the form, or its JSON save): "confirm all" at step 2, else
    the posted forms (all, or the one member of an `only` button). The household's row is
    locked while its sheet is read and written, so two saves of one household run one
    after the other and the second meets the first's versions."""
    Household.objects.select_for_update().filter(pk=household.pk).first()
    sheet = household_sheet(household, phase, stage)
    if sheet.stage == Stage.TDP and data.get("action") == "confirm_all":
        return confirm_unchanged(sheet, user)
    only = data.get("only")
    return save_sheet(sheet, data, user, only=int(only) if only and only.isdigit() else None)


# --- what the screens show -----------------------------------------------------------------


def sheet_page(
    household: Household,
    phase: Phase,
    stage: int,
    posted=None,
    conflicts: list[Conflict] | None = None,
) -> HouseholdSheet:
    """The household's sheet with what the form shows of each member: the ten criteria
    (text, ticked, ticked on the self-assessment), where the forms came from (R11) and the
    version and state each row carries. After a refused stale save (`posted`, `conflicts`),
    the rows the member changed show what they typed, each conflict beside its row, and the
    rows carry the stored versions, so saving again keeps theirs or takes the stored one."""
    sheet = household_sheet(household, phase, stage)
    by_key = {c.key: c for c in conflicts or []}
    typed = parse_posted(posted, sheet.members) if posted is not None else {}
    for m in sheet.members:
        m.token = m.version(stage)
        m.orig = m.shown_state
        m.conflict = by_key.get(f"m{m.resident.id}")
        scored, ticks = m.prefill is not None, m.prefill_criteria
        p = typed.get(m.resident.id)
        stale = p is not None and versions.is_stale(p.version, m.token)
        if p is not None and (m.conflict or (not stale and p.orig and p.state != p.orig)):
            scored, ticks = p.scored, p.criteria  # what the member typed
            if not stale:
                m.orig = p.orig
        m.form_scored = scored
        m.form_criteria = [
            {
                "name": name,
                "number": i + 1,
                "text": CRITERIA_TEXT[i],
                "short": CRITERIA_SHORT[i],
                "checked": ticks[i],
                "self_checked": m.self_a.criteria[i] if m.self_a else None,
            }
            for i, name in enumerate(CRITERIA)
        ]
        m.source = source_text(m.prefill, phase)
        m.counting_source = source_text(m.counting, phase)
    return sheet


def member_card(household: Household, phase: Phase, resident: Resident) -> MemberRow:
    """One member's row of the step-1 sheet (for the card the inline add returns)."""
    sheet = sheet_page(household, phase, Stage.SELF)
    return next(m for m in sheet.members if m.resident.pk == resident.pk)


def live_score_numbers() -> dict:
    """What the page's live score (static/js/entry.js) needs from the rules (R2) and the
    words it shows (scoring.glossary), rendered as data attributes of the form."""
    return {
        "points_per_criterion": rules.POINTS_PER_CRITERION,
        "digital_min_score": rules.DIGITAL_CITIZEN_MIN_SCORE,
        "unscored": glossary.UNSCORED,
        "digital_citizen": glossary.DIGITAL_CITIZEN,
        "not_met": glossary.NOT_MET,
        "digital_family": glossary.DIGITAL_FAMILY,
        "not_applicable": glossary.NOT_APPLICABLE,
    }


def neighbours(household: Household) -> tuple[dict | None, dict | None]:
    """The previous and next household of the TDP by code ({"id", "code"} or None)."""
    siblings = Household.objects.filter(tdp_id=household.tdp_id)
    prev = siblings.filter(code__lt=household.code).order_by("-code").values("id", "code").first()
    nxt = siblings.filter(code__gt=household.code).order_by("code").values("id", "code").first()
    return prev, nxt


def next_to_key_in(household: Household, phase: Phase) -> dict | None:
    """The next household of the TDP (by code, wrapping round) still to key in for the
    phase: one with an eligible member without a counting form (R1, R10, R11), or with no
    member yet; else the next by code. {"id", "code"} or None. Two queries."""
    rows = household_standings(phase, [household.tdp_id])
    codes = [h.code for h in rows]
    at = codes.index(household.code) if household.code in codes else -1
    ordered = rows[at + 1 :] + rows[: max(at, 0)]
    todo = next((h for h in ordered if h.unscored_members or not h.residents), None)
    chosen = todo or (rows[at + 1] if 0 <= at < len(rows) - 1 else None)
    return {"id": chosen.id, "code": chosen.code} if chosen else None


@dataclass
class _Context:
    def as_context(self) -> dict:
        """The fields as template variables (no copies of the objects)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class TdpProgress:
    tdp: ResidentialGroup
    standing: object | None
    dossier: object | None


def tdp_progress(phase: Phase, tdps: list[ResidentialGroup]) -> list[TdpProgress]:
    """Each TDP's figures and dossier for the entry home page (standings: three queries;
    dossiers: one)."""
    ids = [t.id for t in tdps]
    standings = {s.tdp.id: s for s in compute_standings(phase, ids).tdps}
    dossiers = {d.tdp_id: d for d in Dossier.objects.filter(phase=phase, tdp_id__in=ids)}
    return [TdpProgress(t, standings.get(t.id), dossiers.get(t.id)) for t in tdps]


@dataclass
class HouseholdLine:
    household: Household
    standing: object
    status: str
    status_text: str
    name: str  # the head's, or the oldest active member's while no head is recorded


@dataclass
class TdpHouseholdList(_Context):
    q: str = ""
    status_filter: str = ""
    page: Page | None = None
    rows: list[HouseholdLine] = field(default_factory=list)
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)
    single_match: Household | None = None  # a search that found exactly one household


def tdp_household_list(
    phase: Phase, tdp: ResidentialGroup, q: str = "", status: str = "", page=None
) -> TdpHouseholdList:
    """The TDP's households for the phase: searched (`q`, by code or name), filtered by
    status key (scoring.glossary), one page of HOUSEHOLDS_PER_PAGE, with the count of each
    status. A constant number of queries whatever the TDP's size."""
    q = q.strip()
    households = register.tdp_households(tdp)
    if q:
        households = register.search_households(households, tdp, q)
        exact = list(households[:2])
        if len(exact) == 1:
            return TdpHouseholdList(q=q, single_match=exact[0])
    standing = {h.id: h for h in household_standings(phase, [tdp.id])}
    statuses = {
        h.id: glossary.household_status(h.eligible_members, h.digital_members, h.unscored_members)
        for h in standing.values()
    }
    if status in glossary.HOUSEHOLD_STATUS_TEXT:
        households = households.filter(id__in=[i for i, s in statuses.items() if s == status])
    else:
        status = ""
    page = Paginator(households, HOUSEHOLDS_PER_PAGE).get_page(page)
    rows = []
    for h in page.object_list:
        person = h.head or (h.active_residents[0] if h.active_residents else None)
        key = statuses[h.id]
        text = glossary.HOUSEHOLD_STATUS_TEXT[key]
        name = person.full_name if person else ""
        rows.append(HouseholdLine(h, standing[h.id], key, text, name))
    counts = Counter(statuses.values())
    return TdpHouseholdList(
        q=q,
        status_filter=status,
        page=page,
        rows=rows,
        status_counts=[(k, t, counts[k]) for k, t in glossary.HOUSEHOLD_STATUS_TEXT.items()],
    )


@dataclass
class CriterionBar:
    number: int
    short: str
    text: str
    count: int
    percent: str | None
    width: int


@dataclass
class TdpSummary(_Context):
    standing: object
    adoption: dict
    bars: list[CriterionBar]
    unscored: list[Resident]
    unconfirmed: int
    house_check: CulturalHouseCheck | None
    house_text: str  # R7 in words: "Chưa chấm", "Đạt" or "Chưa đạt"
    award_threshold: str  # "85 %"
    digital_tdp_mark: str  # R5: "90 %"


def tdp_summary(phase: Phase, tdp: ResidentialGroup) -> TdpSummary:
    """The TDP's figures for the phase (R1–R5), criterion by criterion adoption, who is still
    unscored, self-assessments the team has not confirmed, the cultural house (R7)."""
    adoption = criterion_adoption(phase, [tdp.id])
    eligible = adoption["eligible"]
    bars = [
        CriterionBar(
            number=i + 1,
            short=CRITERIA_SHORT[i],
            text=CRITERIA_TEXT[i],
            count=adoption[name],
            percent=rules.ratio_percent_text(rules.tdp_ratio(adoption[name], eligible)),
            width=(adoption[name] * 100 // eligible) if eligible else 0,
        )
        for i, name in enumerate(CRITERIA)
    ]
    house_check = (
        CulturalHouseCheck.objects.filter(house__tdp=tdp, phase=phase)
        .select_related("house")
        .first()
    )
    return TdpSummary(
        standing=compute_standings(phase, [tdp.id]).tdps[0],
        adoption=adoption,
        bars=bars,
        unscored=_unscored_residents(phase, tdp),
        unconfirmed=_unconfirmed_count(phase, tdp),
        house_check=house_check,
        house_text=glossary.met_text(house_check.is_digital if house_check else None),
        award_threshold=threshold(phase.award_threshold),
        digital_tdp_mark=threshold(rules.DIGITAL_TDP_MIN_PERCENT),
    )


def _unscored_residents(phase: Phase, tdp: ResidentialGroup) -> list[Resident]:
    """Eligible residents (R1) of the TDP without a counting assessment (R10 + R11)."""
    return list(
        Resident.objects.active()
        .filter(rules.eligible_q(phase.reference_date), household__tdp=tdp)
        .annotate(points=counting_score_subquery(phase))
        .filter(points__isnull=True)
        .select_related("household")
        .order_by("household__code", "birth_date")
    )


def _unconfirmed_count(phase: Phase, tdp: ResidentialGroup) -> int:
    """Self-assessments of the phase (eligible residents) the TDP team has not scored."""
    confirmed = Assessment.objects.filter(
        resident=OuterRef("resident"), phase=phase, stage=Stage.TDP
    )
    return (
        Assessment.objects.filter(phase=phase, stage=Stage.SELF, resident__household__tdp=tdp)
        .filter(rules.eligible_q(phase.reference_date, prefix="resident__"))
        .exclude(Exists(confirmed))
        .count()
    )


# --- step 2: the cultural house (R7) -----------------------------------------------------------


def cultural_house_of(
    tdp: ResidentialGroup, phase: Phase
) -> tuple[CulturalHouse | None, CulturalHouseCheck | None]:
    """The TDP's cultural house and its checklist for the phase (either may not exist yet)."""
    house = CulturalHouse.objects.filter(tdp=tdp).first()
    check = CulturalHouseCheck.objects.filter(house=house, phase=phase).first() if house else None
    return house, check


@transaction.atomic
def save_cultural_house(data: dict, tdp, phase: Phase, user) -> CulturalHouseCheck:
    """Save the R7 checklist (the form's cleaned data), creating the TDP's cultural house on
    first use; refused from a stale page that disagrees with what is stored (StaleSave)."""
    house = CulturalHouse.objects.select_for_update().filter(tdp=tdp).first()
    if house is None:
        house = CulturalHouse.objects.create(tdp=tdp, name=f"Nhà văn hóa {tdp.name}")
    check = CulturalHouseCheck.objects.select_for_update().filter(house=house, phase=phase).first()
    stored = {c: getattr(check, c) if check else False for c in CulturalHouseCheck.CONDITIONS}
    labels = {c: CulturalHouseCheck._meta.get_field(c).verbose_name for c in stored}
    versions.check_fields(check, data, stored, labels)
    check = check or CulturalHouseCheck(house=house, phase=phase)
    for name in CulturalHouseCheck.CONDITIONS:
        setattr(check, name, data[name])
    check.recorded_by = user
    check._change_reason = "Tổ CĐS chấm tiêu chí nhà văn hóa số (bước 2)"
    check.save()
    return check


# --- register changes under the procedure, with versions (awards.entry.versions) --------


def _labels(form_class) -> dict:
    return {name: f.label for name, f in form_class.base_fields.items()}


def _locked_resident(resident: Resident) -> Resident:
    return Resident.objects.select_for_update().select_related("household").get(pk=resident.pk)


@transaction.atomic
def update_member(resident: Resident, data: dict, *, full_cccd: bool):
    """Correct a member's details (households.register.update_resident) unless the page was
    stale and typed something other than what is stored now (StaleSave)."""
    locked = _locked_resident(resident)
    stored = ResidentForm.initial_for(locked)
    versions.check_fields(locked, data, stored, _labels(ResidentForm), full_cccd=full_cccd)
    return register.update_resident(locked, **data)


@transaction.atomic
def set_member_status(resident: Resident, data: dict) -> Resident:
    """Moved away / deceased / active again (households.register.set_resident_status),
    refused from a stale page that disagrees with what is stored."""
    locked = _locked_resident(resident)
    stored = {"status": locked.status, "on_date": locked.status_changed_on}
    versions.check_fields(locked, data, stored, _labels(StatusForm))
    return register.set_resident_status(locked, **data)


@transaction.atomic
def move_member(user, resident: Resident, phase: Phase, data: dict) -> Household:
    """Move a member to the household `target_code` of a TDP the user may change, whose
    register the procedure leaves open (R12); refusals name the `target_code` field. A page
    made before the member was changed (moved, renamed, …) is refused (StaleSave)."""
    locked = _locked_resident(resident)
    stored = {"target_code": locked.household.code}
    labels = {"target_code": "Hộ đang ở"}
    versions.check_fields(locked, data, stored, labels)
    target = register.move_target(user, locked.household, data["target_code"])
    verdict = procedure.can_edit_register(user, target.tdp, phase)
    if not verdict:
        raise ProcedureError({"target_code": verdict.reason})
    register.move_resident(locked, target, data.get("reason", ""))
    return target


def add_household(tdp: ResidentialGroup, data: dict) -> Household:
    data.pop("version", None)
    return register.create_household(tdp, **data)


def add_member(household: Household, data: dict):
    data.pop("version", None)
    return register.add_resident(household, **data)


@transaction.atomic
def update_household(household: Household, data: dict) -> Household:
    """Correct a household's code or address, refused from a stale page (StaleSave)."""
    locked = Household.objects.select_for_update().get(pk=household.pk)
    stored = HouseholdForm.initial_for(locked)
    versions.check_fields(locked, data, stored, _labels(HouseholdForm))
    return register.update_household(locked, **data)


def next_household_code(tdp: ResidentialGroup) -> str:
    """The next free household code of the TDP, proposed on "Thêm hộ"
    (households.register.next_free_code)."""
    return register.next_free_code(tdp)
