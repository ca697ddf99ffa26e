"""Versions against silent lost updates (issue 8, item 5) on the entry screens.

Every entry form carries the version of each object it edits: the latest django-simple-history
`history_id` of the object ("0" for an object that has no history yet, "none" for one that
does not exist yet, e.g. a member's form not keyed in). A save whose version is no longer the
stored one was made from a stale page: nothing of it is written, and the page shows each
conflict — what you typed, what is stored now, who changed it and when (from the history) —
so the member can keep theirs or take the stored one. The same check serves the online form,
the JSON save of the offline queue and every register form. A form posted without a version
(a client older than the versions) is saved as before."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max

NONE = "none"


def history_ids(model, ids) -> dict[int, int]:
    """{object id: latest history_id} of `model` for `ids`, in one query."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    rows = (
        model.history.filter(id__in=ids)
        .order_by()
        .values("id")
        .annotate(latest=Max("history_id"))
        .values_list("id", "latest")
    )
    return dict(rows)


def token(obj_id: int | None, latest: dict[int, int]) -> str:
    """The version of one object as a form carries it."""
    if obj_id is None:
        return NONE
    return str(latest.get(obj_id, 0))


def version_of(obj) -> str:
    """The version of one object (`None` → "none"): one query."""
    if obj is None or obj.pk is None:
        return NONE
    return token(obj.pk, history_ids(type(obj), [obj.pk]))


def is_stale(posted: str | None, current: str) -> bool:
    """A version was posted and it is not the stored one (no version: not checked)."""
    return posted not in (None, "") and posted != current


@dataclass
class Conflict:
    """One field or form changed by someone else since the page was opened."""

    key: str  # the form's name for it ("m12", "full_name", "checklist")
    label: str  # what it is, in words
    mine: str  # what you typed
    theirs: str  # what is stored now
    who: str  # who stored it
    when: datetime.datetime | None
    theirs_value: str | None = None  # the stored value as the form's field takes it

    @property
    def when_text(self) -> str:
        return when_text(self.when)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "mine": self.mine,
            "theirs": self.theirs,
            "who": self.who,
            "when": self.when.isoformat() if self.when else None,
            "when_text": when_text(self.when),
            "theirs_value": self.theirs_value,
        }


class StaleSave(Exception):
    """A save refused because the page was stale; `conflicts` name what differs."""

    def __init__(self, conflicts: list[Conflict], version: str = "", message: str = ""):
        super().__init__(message or conflict_message(conflicts))
        self.conflicts = conflicts
        self.version = version  # the stored version, for the form shown again


def conflict_message(conflicts) -> str:
    n = len(conflicts)
    return (
        f"Chưa lưu: {n} mục đã được người khác sửa sau khi bạn mở trang. "
        "Xem từng mục bên dưới (bạn nhập / đang lưu), chọn giữ bản của bạn hoặc lấy bản đang "
        "lưu, rồi lưu lại."
    )


def user_text(user) -> str:
    if user is None:
        return "Hệ thống (dòng lệnh / nhập tệp)"
    return user.get_full_name() or user.username


def when_text(when: datetime.datetime | None) -> str:
    if when is None:
        return ""
    from django.utils import timezone

    return timezone.localtime(when).strftime("%H:%M %d/%m/%Y")


def last_change(history_qs) -> tuple[str, datetime.datetime | None]:
    """(who, when) of the newest record of a history queryset (one query)."""
    rec = history_qs.select_related("history_user").order_by("-history_id").first()
    if rec is None:
        return user_text(None), None
    return user_text(rec.history_user), rec.history_date


def _shown(value, field_name: str, full_cccd: bool) -> str:
    from households.models import Resident, mask_cccd

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if field_name == "sex":
        return str(dict(Resident.Sex.choices).get(value, value))
    if field_name == "status":
        return str(dict(Resident.Status.choices).get(value, value))
    if field_name == "cccd" and not full_cccd:
        return mask_cccd(value)
    return str(value)


def _input_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _same(a, b) -> bool:
    return (a if a not in ("", None) else None) == (b if b not in ("", None) else None)


def check_fields(obj, data: dict, stored: dict, labels: dict, *, full_cccd: bool = False):
    """Refuse a stale save of one object's form (resident, household, checklist): `data` is
    the form's cleaned data (its `version` is popped here), `stored` the same fields as they
    are stored now (read under a row lock by the caller). A stale version with any field
    typed differently from what is stored raises StaleSave naming each such field; a stale
    version whose fields all agree with what is stored goes through."""
    posted = data.pop("version", "")
    current = version_of(obj)
    if not is_stale(posted, current):
        return
    differing = [k for k in stored if k in data and not _same(data[k], stored[k])]
    if not differing:
        return
    who, when = user_text(None), None
    if obj is not None and obj.pk is not None:
        who, when = last_change(type(obj).history.filter(id=obj.pk))
    conflicts = [
        Conflict(
            key=k,
            label=str(labels.get(k, k)),
            mine=_shown(data[k], k, full_cccd),
            theirs=_shown(stored[k], k, full_cccd),
            who=who,
            when=when,
            theirs_value=None if k == "cccd" and not full_cccd else _input_value(stored[k]),
        )
        for k in differing
    ]
    raise StaleSave(conflicts, version=current)
