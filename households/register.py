"""The register's writes and searches (sổ hộ): new household, add / correct a resident, move a
resident to another household, mark moved away / deceased, find households by code or name.

Used by the entry screens (awards.entry) and anything else that changes the register. Every
write is atomic and leaves a django-simple-history record with its reason; input problems
raise Django's ValidationError (a dict naming the field where one is at fault). Scope (which
TDPs a user may change) is households.access; the procedure's windows are checked by the
caller (awards.procedure), never here."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from dongtam.formatting import vn_date
from households.access import editable_tdp_ids
from households.models import Household, Resident, ResidentialGroup
from households.text import nfc_clean

# --- reading -----------------------------------------------------------------------------


def tdp_households(tdp: ResidentialGroup):
    """The TDP's households in code order, with the head and, as `active_residents`, the
    active members oldest first (two queries when evaluated)."""
    return (
        Household.objects.filter(tdp=tdp)
        .select_related("head")
        .prefetch_related(
            Prefetch(
                "residents",
                queryset=Resident.objects.active().order_by("birth_date", "id"),
                to_attr="active_residents",
            )
        )
        .order_by("code")
    )


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics ("Nguyễn Đức" → "nguyen duc"): people type
    names on a phone without the marks."""
    decomposed = unicodedata.normalize("NFD", nfc_clean(text).lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_households(households, tdp, term: str):
    """Households of `tdp` matching `term` by household code or member name: exact spelling
    first (in the database); if nothing matches, the same without diacritics, by scanning
    the TDP's names once (one query, bounded by the size of a TDP)."""
    term = nfc_clean(term)
    found = households.search(term)
    if found.exists():
        return found
    folded = fold(term)
    if not folded:
        return found
    ids = {
        household_id
        for household_id, name in Resident.objects.filter(household__tdp=tdp).values_list(
            "household_id", "full_name"
        )
        if folded in fold(name)
    }
    return households.filter(id__in=ids)


def next_free_code(tdp: ResidentialGroup) -> str:
    """The code a new household of `tdp` most likely gets: the TDP's usual pattern (its
    codes' most common prefix before a trailing number, e.g. "08-") with the next number
    after the highest, zero-padded like the others, not used in the ward. "" when the TDP
    has no numbered household yet. Two queries at most."""
    numbered = []
    for code in Household.objects.filter(tdp=tdp).values_list("code", flat=True):
        m = re.fullmatch(r"(.*?)(\d+)", code)
        if m:
            numbered.append((m.group(1), m.group(2)))
    if not numbered:
        return ""
    prefix = Counter(p for p, _ in numbered).most_common(1)[0][0]
    digits = [d for p, d in numbered if p == prefix]
    width = max(len(d) for d in digits)
    n = max(int(d) for d in digits) + 1
    taken = set(
        Household.objects.filter(ward_id=tdp.ward_id, code__startswith=prefix).values_list(
            "code", flat=True
        )
    )
    while f"{prefix}{n:0{width}d}" in taken:
        n += 1
    return f"{prefix}{n:0{width}d}"


def move_target(user, source: Household, code: str) -> Household:
    """The household with `code` in the source's ward, among the TDPs `user` may change;
    ValidationError on `target_code` otherwise."""
    target = (
        Household.objects.select_related("tdp")
        .filter(ward_id=source.ward_id, code=code, tdp_id__in=editable_tdp_ids(user))
        .first()
    )
    if target is None:
        raise ValidationError(
            {"target_code": f"Không tìm thấy hộ mã “{code}” trong các tổ dân phố bạn phụ trách."}
        )
    return target


# --- writes ------------------------------------------------------------------------------


def _make_head(household: Household, resident: Resident) -> None:
    household.head = resident
    household._change_reason = f"Chủ hộ: {resident.full_name}"
    household.save(update_fields=["head"])


def _unique_cccd(cccd: str | None, resident: Resident) -> str | None:
    """The CCCD as stored (None when blank); refused when another resident has it."""
    cccd = (cccd or "").strip() or None
    others = Resident.objects.filter(cccd=cccd)
    if resident.pk is not None:
        others = others.exclude(pk=resident.pk)
    if cccd and others.exists():
        raise ValidationError({"cccd": "Số CCCD này đã được ghi cho một nhân khẩu khác."})
    return cccd


@transaction.atomic
def create_household(tdp, code: str, address: str = "") -> Household:
    code = nfc_clean(code)
    if not code:
        raise ValidationError({"code": "Chưa nhập mã hộ."})
    if Household.objects.filter(ward_id=tdp.ward_id, code=code).exists():
        raise ValidationError({"code": f"Mã hộ “{code}” đã được dùng trong phường."})
    household = Household(tdp=tdp, code=code, address=nfc_clean(address))
    household._change_reason = "Thêm hộ gia đình"
    household.save()
    return household


@transaction.atomic
def update_household(household: Household, code: str, address: str = "") -> Household:
    """Correct a household's code or address (the old values stay in the history)."""
    code = nfc_clean(code)
    if not code:
        raise ValidationError({"code": "Chưa nhập mã hộ."})
    clash = Household.objects.filter(ward_id=household.ward_id, code=code)
    if clash.exclude(pk=household.pk).exists():
        raise ValidationError({"code": f"Mã hộ “{code}” đã được dùng trong phường."})
    household.code = code
    household.address = nfc_clean(address)
    household._change_reason = "Sửa thông tin hộ gia đình"
    household.save()
    return household


def add_resident(household: Household, **details) -> tuple[Resident, list[str]]:
    """Add a member (`details` as ResidentForm cleans them: full_name, birth_date, sex, cccd,
    is_head); returns it with the CCCD warnings (never blocking). The first member of a
    household without a head becomes its head."""
    return _save_resident(Resident(household=household), "Thêm nhân khẩu", **details)


def update_resident(resident: Resident, **details) -> tuple[Resident, list[str]]:
    """Correct a member's details (a typo in the name, the birth date, the CCCD); the old
    values stay in the history. Returns the CCCD warnings (never blocking)."""
    return _save_resident(resident, "Sửa thông tin nhân khẩu", **details)


@transaction.atomic
def _save_resident(
    resident: Resident,
    reason: str,
    *,
    full_name: str,
    birth_date: datetime.date,
    sex: str = "",
    cccd: str | None = None,
    is_head: bool = False,
) -> tuple[Resident, list[str]]:
    new = resident.pk is None
    resident.cccd = _unique_cccd(cccd, resident)
    resident.full_name = nfc_clean(full_name)
    resident.birth_date = birth_date
    resident.sex = sex
    resident._change_reason = reason
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        raise ValidationError(
            "Không lưu được nhân khẩu: dữ liệu trùng hoặc không hợp lệ."
        ) from exc
    household = resident.household
    if (is_head and household.head_id != resident.pk) or (new and household.head_id is None):
        _make_head(household, resident)
    return resident, resident.cccd_warnings()


@transaction.atomic
def move_resident(resident: Resident, target: Household, reason: str = "") -> Resident:
    """Move a member to `target`; the source loses its head if they were it, a target
    without a head gets them as head."""
    source = resident.household
    if target.pk == source.pk:
        raise ValidationError({"target_code": "Nhân khẩu đã ở hộ này."})
    resident.household = target
    resident._change_reason = (
        nfc_clean(reason) or f"Chuyển từ hộ {source.code} sang hộ {target.code}"
    )
    resident.save()
    if source.head_id == resident.pk:
        source.head = None
        source._change_reason = (
            f"{resident.full_name} chuyển sang hộ {target.code}: hộ chưa có chủ hộ"
        )
        source.save(update_fields=["head"])
    if target.head_id is None:
        _make_head(target, resident)
    return resident


@transaction.atomic
def set_resident_status(
    resident: Resident, status: str, on_date: datetime.date | None, reason: str = ""
) -> Resident:
    """Mark moved away / deceased (with the date), or active again. R1: only active members
    count."""
    if status not in Resident.Status.values:
        raise ValidationError({"status": "Tình trạng không hợp lệ."})
    if status != Resident.Status.ACTIVE and on_date is None:
        raise ValidationError({"on_date": "Cần ghi ngày chuyển đi / ngày mất."})
    label = Resident.Status(status).label
    resident.status = status
    resident.status_changed_on = on_date if status != Resident.Status.ACTIVE else None
    when = f" ngày {vn_date(on_date)}" if on_date and status != Resident.Status.ACTIVE else ""
    resident._change_reason = f"{label}{when}" + (f": {nfc_clean(reason)}" if reason else "")
    resident.save()
    return resident
