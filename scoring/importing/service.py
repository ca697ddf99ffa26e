"""Importing the roster and self-assessment workbook (INTERFACES.md, "Roster and
self-assessment workbook"): residents, households and step-1 self-assessments of one phase.

Two passes, pretix-style:
1. validate — every column object cleans every cell of every row, then the rows are checked
   against each other and against the register; every problem is collected as
   `Dòng <row>, cột <header>: <reason>` (warnings the same way, without blocking);
2. save — only when there is no error at all: one transaction.atomic(), bulk_create /
   bulk_update (with django-simple-history records, so every change keeps who, when and why,
   R10). All or nothing.

Matching (re-import updates, never duplicates): the same person is the resident with the
same CCCD, or else the resident of the same household code with the same name (ignoring case)
and birth date. A matched resident takes the file's values; an empty optional cell (Giới
tính, Số CCCD) never erases what is recorded. A resident missing from the file is left alone.
Step windows do not bind this service (R12); the browser view adds the TDP scope of the
account through `allowed_tdp_ids`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from households.cccd import cccd_warnings
from households.models import Household, Resident, ResidentialGroup
from households.text import nfc_clean
from scoring import cache as figures_cache
from scoring.importing.columns import (
    COLUMNS,
    CellError,
    Context,
    RowData,
    header_key,
)
from scoring.importing.limits import (
    Limits,
    WorkbookTooLarge,
    check_cell,
    check_shape,
    check_workbook,
)
from scoring.importing.reader import UnreadableWorkbook, read_first_sheet
from scoring.importing.template import EXAMPLE_HOUSEHOLD, EXAMPLE_NAME
from scoring.importing.writer import insert_history, insert_rows, update_rows
from scoring.models import CRITERIA, Assessment
from scoring.rules import citizen_score, is_adult_on

BATCH_SIZE = 1000
SELF = Assessment.Stage.SELF

# Headers used in messages (the canonical spelling of INTERFACES.md).
H_TDP, H_CODE, H_HEAD, H_NAME, H_BIRTH, H_SEX, H_CCCD = (c.header for c in COLUMNS[:7])


@dataclass(frozen=True)
class Problem:
    """An error or warning; `row`/`header` are None for a problem with the whole file."""

    row: int | None
    header: str | None
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return self.reason
        return f"Dòng {self.row}, cột {self.header}: {self.reason}"


@dataclass
class RowPlan:
    """What saving will do with one row (shown in the preview)."""

    row: int
    tdp_code: str
    household_code: str
    full_name: str
    birth_date: datetime.date
    is_head: bool
    resident_action: str  # "create" | "update" | "same"
    changes: list[str]
    assessment_action: str  # "create" | "update" | "same" | "keep" | "none"
    score: int | None


ACTION_LABELS = {
    "create": "Thêm mới",
    "update": "Cập nhật",
    "same": "Không đổi",
    "keep": "Giữ phiếu đã có",
    "none": "Chưa chấm",
}


@dataclass
class ImportReport:
    phase: object
    filename: str = ""
    dry_run: bool = False
    rows: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    plan: list[RowPlan] = field(default_factory=list)
    households_created: int = 0
    households_updated: int = 0
    residents_created: int = 0
    residents_updated: int = 0
    residents_unchanged: int = 0
    assessments_created: int = 0
    assessments_updated: int = 0
    assessments_unchanged: int = 0
    assessments_kept: int = 0
    rows_without_assessment: int = 0
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self, limit: int | None = None) -> list[str]:
        """Every problem as a line; with `limit`, the first `limit` then "và M lỗi khác"."""
        shown = self.errors if limit is None else self.errors[:limit]
        lines = [str(p) for p in shown]
        if len(self.errors) > len(shown):
            lines.append(f"… và {len(self.errors) - len(shown)} lỗi khác.")
        return lines

    def warning_lines(self) -> list[str]:
        return [str(p) for p in self.warnings]

    def changed_rows(self) -> list[RowPlan]:
        """The rows that add or change a resident or a self-assessment (the preview's)."""
        return [
            p
            for p in self.plan
            if p.resident_action != "same" or p.assessment_action in ("create", "update")
        ]

    def summary_lines(self) -> list[str]:
        phase = self.phase
        verb = "Đã ghi" if self.saved else "Sẽ ghi"
        return [
            f"Giai đoạn: {phase}. Số dòng dữ liệu: {self.rows}.",
            f"{verb} hộ gia đình: {self.households_created} thêm mới, "
            f"{self.households_updated} cập nhật.",
            f"{verb} nhân khẩu: {self.residents_created} thêm mới, "
            f"{self.residents_updated} cập nhật, {self.residents_unchanged} không đổi.",
            f"{verb} phiếu tự chấm (bước 1): {self.assessments_created} thêm mới, "
            f"{self.assessments_updated} cập nhật, {self.assessments_unchanged} không đổi; "
            f"{self.assessments_kept} dòng để trống TC giữ phiếu đã có, "
            f"{self.rows_without_assessment} dòng chưa chấm.",
            f"Cảnh báo: {len(self.warnings)}.",
        ]


def name_key(name: str) -> str:
    return nfc_clean(name).casefold()


# --- pass 1: read and clean -------------------------------------------------------------


def _bind_columns(sheet, report: ImportReport) -> list[tuple[int, object]]:
    """Map header cells to column objects; missing required columns are row-1 errors."""
    bound: dict[object, int] = {}
    for index, cell in enumerate(sheet.header):
        key = header_key(cell)
        if not key:
            continue
        for column in COLUMNS:
            if column.matches(key):
                if column in bound:
                    report.errors.append(
                        Problem(
                            sheet.header_row,
                            column.header,
                            "cột này xuất hiện hai lần trong dòng tiêu đề; hãy giữ một cột.",
                        )
                    )
                else:
                    bound[column] = index
                break
    for column in COLUMNS:
        if column.required and column not in bound:
            report.errors.append(
                Problem(
                    sheet.header_row,
                    column.header,
                    f"thiếu cột bắt buộc “{column.header}” trong dòng tiêu đề.",
                )
            )
    return [(index, column) for column, index in bound.items()]


def _clean_rows(sheet, bound, ctx: Context, report: ImportReport, limits: Limits) -> list[RowData]:
    rows: list[RowData] = []
    errors = report.errors
    for count, (row_no, cells) in enumerate(sheet.rows, start=1):
        if count > limits.max_rows:  # formats the pre-check cannot count (.xls)
            check_shape(count, 0, limits)
        data = RowData(row_no)
        width = len(cells)
        for index, column in bound:
            value = cells[index] if index < width else None
            if isinstance(value, str) and (too_long := check_cell(value, limits)):
                data.valid = False
                errors.append(Problem(row_no, column.header, too_long))
                continue
            try:
                column.assign(data, column.clean(value, ctx))
            except CellError as exc:
                data.valid = False
                errors.append(Problem(row_no, column.header, str(exc)))
        if data.valid and (
            data.tdp is None
            or data.household_code is None
            or data.full_name is None
            or data.birth_date is None
        ):
            data.valid = False  # a required column is missing (already reported on row 1)
        if data.cccd and data.birth_date:
            for warning in cccd_warnings(data.cccd, data.birth_date, data.sex):
                report.warnings.append(Problem(row_no, H_CCCD, warning))
        rows.append(data)
    return rows


def _check_across_rows(
    rows, report: ImportReport, allowed_tdp_ids, tdp_codes_by_id, tdp_guard=None
) -> None:
    errors = report.errors
    refusals: dict[int, str | None] = {}
    household_tdp: dict[str, tuple] = {}
    cccd_row: dict[str, int] = {}
    head_row: dict[str, int] = {}
    person_row: dict[tuple, tuple[int, str | None]] = {}
    allowed_codes = (
        ", ".join(sorted((tdp_codes_by_id[i] for i in allowed_tdp_ids), key=_code_order))
        if allowed_tdp_ids is not None
        else ""
    )
    for r in rows:
        if r.household_code == EXAMPLE_HOUSEHOLD and r.full_name == EXAMPLE_NAME:
            errors.append(
                Problem(r.row, H_CODE, "đây là dòng ví dụ của tệp mẫu; hãy xóa dòng này.")
            )
            r.valid = False
            continue
        if r.tdp is not None and allowed_tdp_ids is not None and r.tdp.id not in allowed_tdp_ids:
            errors.append(
                Problem(
                    r.row,
                    H_TDP,
                    f"dòng này thuộc tổ dân phố {r.tdp.code}; tài khoản của bạn chỉ được nhập "
                    f"cho tổ dân phố {allowed_codes}.",
                )
            )
            r.valid = False
        elif r.tdp is not None and tdp_guard is not None:
            if r.tdp.id not in refusals:
                refusals[r.tdp.id] = tdp_guard(r.tdp)
            if refusals[r.tdp.id]:
                errors.append(Problem(r.row, H_TDP, _lower_first(refusals[r.tdp.id])))
                r.valid = False
        if r.tdp is not None and r.household_code is not None:
            first = household_tdp.setdefault(r.household_code, (r.tdp, r.row))
            if first[0].id != r.tdp.id:
                errors.append(
                    Problem(
                        r.row,
                        H_TDP,
                        f"mã hộ “{r.household_code}” đã ghi thuộc tổ dân phố {first[0].code} "
                        f"ở dòng {first[1]}; một hộ chỉ thuộc một tổ dân phố.",
                    )
                )
                r.valid = False
        if r.cccd:
            first_row = cccd_row.setdefault(r.cccd, r.row)
            if first_row != r.row:
                errors.append(
                    Problem(r.row, H_CCCD, f"số CCCD {r.cccd} trùng với dòng {first_row}.")
                )
                r.valid = False
        if r.is_head and r.household_code is not None:
            first_row = head_row.setdefault(r.household_code, r.row)
            if first_row != r.row:
                errors.append(
                    Problem(
                        r.row,
                        H_HEAD,
                        f"hộ “{r.household_code}” đã đánh dấu chủ hộ ở dòng {first_row}; "
                        "mỗi hộ chỉ có một chủ hộ.",
                    )
                )
                r.valid = False
        if r.household_code is not None and r.full_name and r.birth_date:
            key = (r.household_code, name_key(r.full_name), r.birth_date)
            first = person_row.setdefault(key, (r.row, r.cccd))
            if first[0] != r.row and not (first[1] and r.cccd):
                errors.append(
                    Problem(
                        r.row,
                        H_NAME,
                        f"trùng với dòng {first[0]}: cùng mã hộ, họ và tên, ngày sinh "
                        "(ghi số CCCD nếu là hai người khác nhau).",
                    )
                )
                r.valid = False


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def _code_order(code: str):
    return (0, int(code), "") if code.isdigit() else (1, 0, code)


# --- pass 2: match against the register and plan -------------------------------------


RESIDENT_FIELDS = [f.attname for f in Resident._meta.concrete_fields]
ASSESSMENT_FIELDS = [f.attname for f in Assessment._meta.concrete_fields]
R_ID, R_HOUSEHOLD, R_NAME, R_BIRTH, R_SEX, R_CCCD, R_STATUS = (
    RESIDENT_FIELDS.index(name)
    for name in ("id", "household_id", "full_name", "birth_date", "sex", "cccd", "status")
)
RESIDENT_UPDATE_FIELDS = ["household", "full_name", "birth_date", "sex", "cccd"]
ASSESSMENT_UPDATE_FIELDS = [*CRITERIA, "recorded_by", "recorded_at"]
STATUS_LABELS = dict(Resident.Status.choices)
STATUS_SEX = dict(Resident.Sex.choices)


A_FIRST_TC = ASSESSMENT_FIELDS.index("tc1")
assert ASSESSMENT_FIELDS[A_FIRST_TC : A_FIRST_TC + 10] == list(CRITERIA)


class _Known:
    """An existing resident the file leaves as it is (only its id and status are needed)."""

    __slots__ = ("id", "status")

    def __init__(self, id, status):
        self.id = id
        self.status = status


class _Plan:
    def __init__(self):
        self.new_households: list[Household] = []
        self.changed_households: dict[int, Household] = {}
        self.households_by_code: dict[str, Household] = {}
        self.new_residents: list[Resident] = []
        self.changed_residents: list[Resident] = []
        self.resident_of_row: dict[int, Resident] = {}
        self.heads: list[tuple[Household, Resident | None]] = []  # head after import
        self.new_assessments: list[tuple[Resident, Assessment]] = []
        self.changed_assessments: list[Assessment] = []


def _plan(
    rows, phase, ward, tdp_code_by_id, report: ImportReport, allowed_tdp_ids, user, now
) -> _Plan | None:
    households = {h.code: h for h in Household.objects.filter(ward=ward)}
    household_code_by_id = {h.id: code for code, h in households.items()}
    existing = list(
        Resident.objects.filter(household__ward=ward).order_by("id").values_list(*RESIDENT_FIELDS)
    )
    by_id = {t[R_ID]: t for t in existing}
    by_cccd = {t[R_CCCD]: t for t in existing if t[R_CCCD]}
    by_key: dict[tuple, tuple] = {}
    for t in existing:
        by_key.setdefault(
            (household_code_by_id[t[R_HOUSEHOLD]], name_key(t[R_NAME]), t[R_BIRTH]), t
        )
    assessments = {
        t[ASSESSMENT_FIELDS.index("resident_id")]: t
        for t in Assessment.objects.filter(
            phase=phase, stage=SELF, resident__household__ward=ward
        ).values_list(*ASSESSMENT_FIELDS)
    }

    errors, warnings = report.errors, report.warnings
    claimed: dict[int, int] = {}  # resident id → row
    matches: dict[int, tuple | None] = {}  # row → existing resident tuple
    moved_households: set[str] = set()
    for r in rows:
        if not r.valid:
            continue
        household = households.get(r.household_code)
        if household is not None and household.tdp_id != r.tdp.id:
            old_code = tdp_code_by_id[household.tdp_id]
            if allowed_tdp_ids is not None and household.tdp_id not in allowed_tdp_ids:
                errors.append(
                    Problem(
                        r.row,
                        H_CODE,
                        f"mã hộ “{r.household_code}” đã được dùng cho một hộ của tổ dân phố "
                        "khác, ngoài phạm vi tài khoản của bạn; hãy dùng mã khác hoặc liên hệ "
                        "thường trực thi đua để chuyển hộ.",
                    )
                )
                continue
            if r.household_code not in moved_households:
                moved_households.add(r.household_code)
                warnings.append(
                    Problem(
                        r.row,
                        H_TDP,
                        f"hộ “{r.household_code}” sẽ chuyển từ tổ dân phố {old_code} sang tổ "
                        f"dân phố {r.tdp.code}.",
                    )
                )
        match, header = None, H_NAME
        if r.cccd and r.cccd in by_cccd:
            match, header = by_cccd[r.cccd], H_CCCD
        else:
            match = by_key.get((r.household_code, name_key(r.full_name), r.birth_date))
        if match is not None:
            current_tdp = households[household_code_by_id[match[R_HOUSEHOLD]]].tdp_id
            if allowed_tdp_ids is not None and current_tdp not in allowed_tdp_ids:
                errors.append(
                    Problem(
                        r.row,
                        header,
                        "người có số CCCD này đang thuộc một hộ của tổ dân phố khác, ngoài "
                        "phạm vi tài khoản của bạn; hãy liên hệ thường trực thi đua để chuyển "
                        "nhân khẩu.",
                    )
                )
                continue
            other = claimed.setdefault(match[R_ID], r.row)
            if other != r.row:
                errors.append(
                    Problem(
                        r.row,
                        header,
                        f"là cùng một người đã có trong sổ ({match[R_NAME]}) với dòng {other}.",
                    )
                )
                continue
            if header == H_CCCD and name_key(match[R_NAME]) != name_key(r.full_name):
                warnings.append(
                    Problem(
                        r.row,
                        H_CCCD,
                        f"số CCCD này đang ghi cho {match[R_NAME]} "
                        f"(hộ {household_code_by_id[match[R_HOUSEHOLD]]}); cùng một người nên "
                        f"họ tên sẽ được sửa thành {r.full_name} — kiểm tra lại nếu gõ nhầm số.",
                    )
                )
            if match[R_STATUS] != Resident.Status.ACTIVE:
                warnings.append(
                    Problem(
                        r.row,
                        H_NAME,
                        f"{match[R_NAME]} đang được ghi là “{STATUS_LABELS[match[R_STATUS]]}”; "
                        "nhập danh sách không đổi tình trạng cư trú.",
                    )
                )
        matches[r.row] = match
        if r.has_assessment and not is_adult_on(r.birth_date, phase.reference_date):
            warnings.append(
                Problem(
                    r.row,
                    H_BIRTH,
                    f"chưa đủ 18 tuổi vào ngày chốt số liệu {phase.reference_date:%d/%m/%Y}: "
                    "phiếu tự chấm được lưu nhưng không được tính.",
                )
            )
    if errors:
        return None

    plan = _Plan()
    good = [r for r in rows if r.valid]

    # Households: existing ones may change TDP; new ones are created without a head first.
    for r in good:
        code = r.household_code
        if code in plan.households_by_code:
            continue
        household = households.get(code)
        if household is None:
            household = Household(ward_id=ward.id, tdp_id=r.tdp.id, code=code)
            plan.new_households.append(household)
        elif household.tdp_id != r.tdp.id:
            household.tdp_id = r.tdp.id
            plan.changed_households[household.id] = household
        plan.households_by_code[code] = household

    # Residents.
    new_code_of_resident: dict[int, str] = {}
    for r in good:
        match = matches[r.row]
        household = plan.households_by_code[r.household_code]
        changes: list[str] = []
        if match is None:
            resident = Resident(
                full_name=r.full_name,
                birth_date=r.birth_date,
                sex=r.sex,
                cccd=r.cccd,
                status=Resident.Status.ACTIVE,
            )
            resident._household = household
            plan.new_residents.append(resident)
            action = "create"
        else:
            old_code = household_code_by_id[match[R_HOUSEHOLD]]
            new_code_of_resident[match[R_ID]] = r.household_code
            if old_code != r.household_code:
                changes.append(f"chuyển từ hộ {old_code} sang hộ {r.household_code}")
            if match[R_NAME] != r.full_name:
                changes.append(f"họ tên: {match[R_NAME]} → {r.full_name}")
            if match[R_BIRTH] != r.birth_date:
                changes.append(f"ngày sinh: {match[R_BIRTH]:%d/%m/%Y} → {r.birth_date:%d/%m/%Y}")
            if r.sex and match[R_SEX] != r.sex:
                changes.append(
                    f"giới tính: {STATUS_SEX.get(match[R_SEX], '—')} → {STATUS_SEX[r.sex]}"
                )
            if r.cccd and match[R_CCCD] != r.cccd:
                changes.append("số CCCD" + (" (thay số đã ghi)" if match[R_CCCD] else ""))
            if changes:
                resident = Resident.from_db(None, RESIDENT_FIELDS, match)
                resident._household = household
                resident.full_name = r.full_name
                resident.birth_date = r.birth_date
                resident.sex = r.sex or resident.sex
                resident.cccd = r.cccd or resident.cccd
                plan.changed_residents.append(resident)
                action = "update"
            else:
                resident = _Known(match[R_ID], match[R_STATUS])
                action = "same"
        plan.resident_of_row[r.row] = resident

        # Assessment of step 1 (R2, R10): empty TC cells → none; otherwise create/update.
        previous = assessments.get(resident.id) if resident.id else None
        score = None
        if r.has_assessment:
            met = [bool(v) for v in r.criteria]
            score = citizen_score(met)
            if previous is None:
                assessment = Assessment(
                    phase_id=phase.id,
                    stage=SELF,
                    recorded_by=user,
                    recorded_at=now,
                    **dict(zip(CRITERIA, met, strict=True)),
                )
                plan.new_assessments.append((resident, assessment))
                assessment_action = "create"
            else:
                if [bool(v) for v in previous[A_FIRST_TC : A_FIRST_TC + 10]] != met:
                    assessment = Assessment.from_db(None, ASSESSMENT_FIELDS, previous)
                    for name, value in zip(CRITERIA, met, strict=True):
                        setattr(assessment, name, value)
                    assessment.recorded_by = user
                    assessment.recorded_at = now
                    plan.changed_assessments.append(assessment)
                    assessment_action = "update"
                else:
                    assessment_action = "same"
        else:
            assessment_action = "none" if previous is None else "keep"
        report.plan.append(
            RowPlan(
                r.row,
                r.tdp.code,
                r.household_code,
                r.full_name,
                r.birth_date,
                r.is_head,
                action,
                changes,
                assessment_action,
                score,
            )
        )

    # Heads: a marked row wins; else the current head if still a member; else the oldest
    # active member (ties: order in the file, then existing members by id).
    affected = set(plan.households_by_code)
    for resident_id in new_code_of_resident:
        affected.add(household_code_by_id[by_id[resident_id][R_HOUSEHOLD]])
    members: dict[str, list[tuple]] = {code: [] for code in affected}
    for t in existing:
        code = new_code_of_resident.get(t[R_ID], household_code_by_id[t[R_HOUSEHOLD]])
        if code in members and t[R_ID] not in new_code_of_resident:
            members[code].append((t[R_BIRTH], 10**12 + t[R_ID], t[R_STATUS], t[R_ID], None))
    marked: dict[str, Resident] = {}
    for r in good:
        resident = plan.resident_of_row[r.row]
        members[r.household_code].append(
            (r.birth_date, r.row, resident.status, resident.id, resident)
        )
        if r.is_head:
            marked[r.household_code] = resident
    for code in affected:
        household = plan.households_by_code.get(code) or households[code]
        current = household.head_id
        member_ids = {m[3] for m in members[code] if m[3] is not None}
        if code in marked:
            head = marked[code]
        elif current is not None and current in member_ids:
            continue
        else:
            active = [m for m in members[code] if m[2] == Resident.Status.ACTIVE]
            if not active:
                head = None
            else:
                oldest = min(active, key=lambda m: (m[0], m[1]))
                head = oldest[4] or _Known(oldest[3], oldest[2])
        if head is None and current is None:
            continue
        if head is not None and head.id is not None and head.id == current:
            continue
        plan.heads.append((household, head))
        if household.id is not None:
            plan.changed_households[household.id] = household

    report.households_created = len(plan.new_households)
    report.households_updated = len(plan.changed_households)
    report.residents_created = len(plan.new_residents)
    report.residents_updated = len(plan.changed_residents)
    report.residents_unchanged = len(good) - len(plan.new_residents) - len(plan.changed_residents)
    counts = {}
    for p in report.plan:
        counts[p.assessment_action] = counts.get(p.assessment_action, 0) + 1
    report.assessments_created = counts.get("create", 0)
    report.assessments_updated = counts.get("update", 0)
    report.assessments_unchanged = counts.get("same", 0)
    report.assessments_kept = counts.get("keep", 0)
    report.rows_without_assessment = counts.get("none", 0)
    return plan


# --- pass 3: write -----------------------------------------------------------------------


@figures_cache.bulk_writes(reads_inside=False)  # raw UPDATEs below: new versions for all TDPs
def _save(plan: _Plan, user, reason: str, now) -> None:
    """Main rows with multi-row INSERT … RETURNING (what bulk_create writes, without its
    value-by-value compilation; ids come back on PostgreSQL and SQLite ≥ 3.35); history rows
    and updates with executemany (scoring.importing.writer)."""
    history = {"user": user, "reason": reason, "when": now}
    if plan.new_households:
        insert_rows(Household, plan.new_households, BATCH_SIZE)
        _require_ids(plan.new_households)
    for resident in (*plan.new_residents, *plan.changed_residents):
        resident.household_id = resident._household.id
    if plan.new_residents:
        insert_rows(Resident, plan.new_residents, BATCH_SIZE)
        _require_ids(plan.new_residents)
    insert_history(Resident, plan.new_residents, history_type="+", **history)
    update_rows(Resident, plan.changed_residents, RESIDENT_UPDATE_FIELDS)
    insert_history(Resident, plan.changed_residents, history_type="~", **history)

    new_with_head = []
    for household, head in plan.heads:
        household.head_id = head.id if head is not None else None
        if household.id not in plan.changed_households:
            new_with_head.append(household)  # created just above, without its head
    changed = list(plan.changed_households.values())
    update_rows(Household, [*changed, *new_with_head], ["tdp", "head"])
    insert_history(Household, plan.new_households, history_type="+", **history)
    insert_history(Household, changed, history_type="~", **history)

    if plan.new_assessments:
        objs = []
        for resident, assessment in plan.new_assessments:
            assessment.resident_id = resident.id
            objs.append(assessment)
        insert_rows(Assessment, objs, BATCH_SIZE)
        _require_ids(objs)
        insert_history(Assessment, objs, history_type="+", **history)
    update_rows(Assessment, plan.changed_assessments, ASSESSMENT_UPDATE_FIELDS)
    insert_history(Assessment, plan.changed_assessments, history_type="~", **history)


def _require_ids(objs) -> None:
    if objs and objs[0].pk is None:  # pragma: no cover - every supported backend returns ids
        raise RuntimeError("database did not return primary keys from bulk_create")


# --- entry point ---------------------------------------------------------------------------


def import_roster(
    source,
    *,
    phase,
    user=None,
    dry_run: bool = False,
    allowed_tdp_ids: set[int] | None = None,
    filename: str = "",
    today: datetime.date | None = None,
    tdp_guard=None,
) -> ImportReport:
    """Validate the workbook `source` (path, bytes or binary file) for `phase` and, unless
    `dry_run` or any problem was found, write it in one transaction.

    `allowed_tdp_ids`: None for the whole ward (office, administrators, the command line);
    otherwise rows (and existing households or residents) of other TDPs are errors.
    `tdp_guard`: optional callable(tdp) → reason or None (scoring.importing.guards): rows of a
    TDP it refuses are errors carrying its reason (procedure limits of the browser, R12).
    Returns an ImportReport whose `errors` list is empty exactly when the file is valid."""
    report = ImportReport(phase=phase, filename=filename, dry_run=dry_run)
    limits = Limits.from_settings()
    try:
        check_workbook(source, limits)
        sheet = read_first_sheet(source, filename)
        if sheet is not None:
            check_shape(0, len(sheet.header), limits)
    except (UnreadableWorkbook, WorkbookTooLarge) as exc:
        report.errors.append(Problem(None, None, str(exc)))
        return report
    if sheet is None:
        report.errors.append(Problem(None, None, NO_DATA))
        return report

    ward = phase.campaign.ward
    tdps = {t.code: t for t in ResidentialGroup.objects.filter(ward=ward).in_code_order()}
    ctx = Context(tdps, today or timezone.localdate())
    bound = _bind_columns(sheet, report)
    try:
        rows = _clean_rows(sheet, bound, ctx, report, limits)
    except WorkbookTooLarge as exc:
        report.errors[:] = [Problem(None, None, str(exc))]
        return report
    report.rows = len(rows)
    if not rows:
        report.errors.append(Problem(None, None, NO_DATA))
        return report
    if report.errors and any(p.row == sheet.header_row for p in report.errors):
        return report  # without its required columns the rows cannot be matched
    tdp_code_by_id = {t.id: t.code for t in tdps.values()}
    _check_across_rows(rows, report, allowed_tdp_ids, tdp_code_by_id, tdp_guard)

    now = timezone.now()
    reason = f"Nhập danh sách nhân khẩu và phiếu tự chấm từ tệp {filename}".strip()
    if dry_run:
        _plan(rows, phase, ward, tdp_code_by_id, report, allowed_tdp_ids, user, now)
        return report
    try:
        with transaction.atomic():
            plan = _plan(rows, phase, ward, tdp_code_by_id, report, allowed_tdp_ids, user, now)
            if plan is None or report.errors:
                return report
            _save(plan, user, reason, now)
            report.saved = True
    except IntegrityError as exc:
        report.saved = False
        report.errors.append(
            Problem(
                None,
                None,
                "Không ghi được vì dữ liệu trong sổ vừa thay đổi hoặc trùng với dữ liệu khác "
                f"(có thể một số CCCD đã thuộc người ở phường khác): {exc}. Chưa ghi gì; "
                "hãy kiểm tra và nhập lại.",
            )
        )
    return report


NO_DATA = "Tệp không có dòng dữ liệu nào: dòng 1 là tiêu đề cột, mỗi nhân khẩu một dòng từ dòng 2."
