"""Column objects of the roster workbook (INTERFACES.md "Roster and self-assessment workbook").

Each column knows its header, whether it is required, how to clean one cell into a Python
value (raising CellError with a Vietnamese reason) and where the value goes on the row. The
service runs every column over every row before deciding anything, so a file is judged as a
whole and every problem is reported at once, pretix-style."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from households.accounts.services import normalise_tdp_code
from households.models import Household, Resident
from households.text import nfc_clean


class CellError(ValueError):
    """A cell that cannot be used; str(exc) is the Vietnamese reason."""


def header_key(value) -> str:
    """Headers match after trimming, folding inner spaces, NFC and ignoring case."""
    return unicodedata.normalize("NFC", nfc_clean(value)).casefold()


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value) -> str:
    """A cell as a person would read it back in a message."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return nfc_clean(value)


@dataclass
class RowData:
    """One spreadsheet row after cleaning (None where the cell was empty or invalid)."""

    row: int
    tdp: object = None  # ResidentialGroup
    household_code: str | None = None
    is_head: bool = False
    full_name: str | None = None
    birth_date: datetime.date | None = None
    sex: str = ""  # "" = not given
    cccd: str | None = None
    criteria: list = field(default_factory=lambda: [None] * 10)  # None = empty cell (R2)
    valid: bool = True

    @property
    def has_assessment(self) -> bool:
        """R2: a row whose ten TC cells are all empty carries no assessment."""
        return any(value is not None for value in self.criteria)


class Context:
    """What cleaning needs to know: the ward's TDPs and today's date."""

    def __init__(self, tdps_by_code: dict, today: datetime.date):
        self.tdps_by_code = tdps_by_code
        self.today = today
        self.tdp_cache: dict = {}


class Column:
    header: str
    attr: str
    required = False

    def matches(self, key: str) -> bool:
        return key == header_key(self.header)

    def clean(self, value, ctx: Context):
        raise NotImplementedError

    def assign(self, row: RowData, value) -> None:
        setattr(row, self.attr, value)


class TdpColumn(Column):
    header, attr, required = "Tổ dân phố", "tdp", True

    def clean(self, value, ctx):
        key = (type(value), value)
        if key in ctx.tdp_cache:  # a roster repeats the same few TDP spellings
            return ctx.tdp_cache[key]
        ctx.tdp_cache[key] = tdp = self._clean(value, ctx)
        return tdp

    def _clean(self, value, ctx):
        if is_empty(value):
            raise CellError("chưa ghi tổ dân phố.")
        code = normalise_tdp_code(value)
        tdp = ctx.tdps_by_code.get(code)
        if tdp is None:
            known = ", ".join(ctx.tdps_by_code)
            raise CellError(
                f"không có tổ dân phố “{shown(value)}” trong phường (các tổ: {known})."
            )
        return tdp


def _code_text(value, what: str, max_length: int) -> str:
    """Number cells mean their digits (12.0 → "12"); text keeps leading zeros ("007")."""
    if isinstance(value, bool):
        raise CellError(f"{what} không hợp lệ: “{shown(value)}”.")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"{what} “{shown(value)}” không phải là mã (số có phần thập phân).")
        text = str(int(value))
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, datetime.date):
        raise CellError(f"{what} là một ngày tháng (“{shown(value)}”), không phải mã.")
    else:
        text = nfc_clean(value)
    if len(text) > max_length:
        raise CellError(f"{what} dài quá {max_length} ký tự.")
    return text


class HouseholdCodeColumn(Column):
    header, attr, required = "Mã hộ", "household_code", True
    max_length = Household._meta.get_field("code").max_length

    def clean(self, value, ctx):
        if is_empty(value):
            raise CellError("chưa ghi mã hộ.")
        return _code_text(value, "Mã hộ", self.max_length)


TRUE_WORDS = frozenset({"x", "1", "có", "co", "true"})
FALSE_WORDS = frozenset({"0", "không", "khong", "false"})


_COMMON_MARKS = {"": None, "x": True, "X": True, "1": True, "0": False, "Có": True}


def clean_mark(value) -> bool | None:
    """Met: x, 1, Có, TRUE; not met: 0, Không, FALSE; empty → None. Else CellError."""
    if type(value) is str and value in _COMMON_MARKS:  # fast path: most cells of a roster
        return _COMMON_MARKS[value]
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value == 1:
            return True
        if value == 0:
            return False
    else:
        word = nfc_clean(value).casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise CellError(
        f"giá trị “{shown(value)}” không hợp lệ: ghi x, 1, Có hoặc TRUE nếu đạt; "
        "để trống, 0, Không hoặc FALSE nếu không đạt."
    )


class HeadColumn(Column):
    header, attr = "Chủ hộ", "is_head"

    def clean(self, value, ctx):
        try:
            return bool(clean_mark(value))
        except CellError:
            raise CellError(
                f"giá trị “{shown(value)}” không hợp lệ: ghi x cho chủ hộ, "
                "để trống nếu không phải."
            ) from None


class NameColumn(Column):
    header, attr, required = "Họ và tên", "full_name", True
    max_length = Resident._meta.get_field("full_name").max_length

    def clean(self, value, ctx):
        if is_empty(value):
            raise CellError("họ và tên không được để trống.")
        if not isinstance(value, str):
            raise CellError(f"“{shown(value)}” không phải là họ và tên.")
        name = nfc_clean(value)
        if len(name) > self.max_length:
            raise CellError(f"họ và tên dài quá {self.max_length} ký tự.")
        return name


DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


class BirthDateColumn(Column):
    header, attr, required = "Ngày sinh", "birth_date", True

    def clean(self, value, ctx):
        if is_empty(value):
            raise CellError("chưa ghi ngày sinh.")
        if isinstance(value, datetime.datetime):
            date = value.date()
        elif isinstance(value, datetime.date):
            date = value
        elif isinstance(value, str):
            text = nfc_clean(value)
            if match := DATE_TEXT.match(text):
                day, month, year = (int(g) for g in match.groups())
            elif match := ISO_TEXT.match(text):
                year, month, day = (int(g) for g in match.groups())
            else:
                raise CellError(f"“{text}” không phải là ngày; ghi theo dạng dd/mm/yyyy.")
            try:
                date = datetime.date(year, month, day)
            except ValueError:
                raise CellError(f"ngày “{text}” không tồn tại.") from None
        else:
            raise CellError(
                f"“{shown(value)}” không phải là ngày; nhập ô kiểu ngày hoặc chữ dd/mm/yyyy."
            )
        if date > ctx.today:
            raise CellError(f"ngày sinh {date:%d/%m/%Y} ở tương lai.")
        if date < EARLIEST_BIRTH:
            raise CellError(f"ngày sinh {date:%d/%m/%Y} trước năm 1900, hãy kiểm tra lại.")
        return date


class SexColumn(Column):
    header, attr = "Giới tính", "sex"
    VALUES = {"nam": Resident.Sex.MALE, "nữ": Resident.Sex.FEMALE}

    def clean(self, value, ctx):
        if is_empty(value):
            return ""
        sex = self.VALUES.get(nfc_clean(value).casefold())
        if sex is None:
            raise CellError(f"“{shown(value)}” không hợp lệ: ghi Nam hoặc Nữ.")
        return str(sex)


class CccdColumn(Column):
    header, attr = "Số CCCD", "cccd"

    def clean(self, value, ctx):
        if is_empty(value):
            return None
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        elif isinstance(value, str):
            text = "".join(nfc_clean(value).split())
        else:
            raise CellError(f"“{shown(value)}” không phải là số CCCD.")
        if len(text) != 12 or not text.isdigit():
            hint = ""
            if not isinstance(value, str) and text.isdigit() and len(text) < 12:
                hint = " (ô kiểu số làm mất số 0 ở đầu: hãy định dạng cột là Văn bản)"
            raise CellError(f"số CCCD “{text}” phải gồm đúng 12 chữ số{hint}.")
        return text


class CriterionColumn(Column):
    required = False

    def __init__(self, number: int):
        self.number = number
        self.header = f"TC{number}"
        self.attr = f"tc{number}"

    def clean(self, value, ctx):
        return clean_mark(value)

    def assign(self, row, value):
        row.criteria[self.number - 1] = value


COLUMNS: tuple[Column, ...] = (
    TdpColumn(),
    HouseholdCodeColumn(),
    HeadColumn(),
    NameColumn(),
    BirthDateColumn(),
    SexColumn(),
    CccdColumn(),
    *(CriterionColumn(n) for n in range(1, 11)),
)
HEADERS = tuple(column.header for column in COLUMNS)
