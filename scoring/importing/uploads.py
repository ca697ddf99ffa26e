"""The browser import's pending upload and scope.

The uploaded file is kept in a private temporary folder (never under MEDIA_ROOT: it holds
personal data) under a random token remembered in the session, until it is confirmed,
replaced, or a day old. The office and administrators import for the whole ward; a TDP
team only rows of its own TDPs (households.access)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404

from households.access import editable_tdp_ids, is_ward_editor
from households.models import ResidentialGroup
from scoring.models import Phase
from scoring.phases import get_phase_for_user

SESSION_KEY = "roster_import"
# An upload not confirmed within two hours is abandoned (sessions end after 30 idle minutes):
# it is removed by the next upload's sweep, so personal data does not linger.
STALE_SECONDS = 2 * 3600


def upload_dir() -> Path:
    """Pending uploads live beside the ward's other files (MEDIA_ROOT/imports, never /tmp,
    and backed up with them), in a folder only the app's user may read; never served."""
    configured = getattr(settings, "ROSTER_IMPORT_DIR", None)
    path = Path(configured) if configured else Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _remove_stale_uploads(folder: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for old in folder.glob("*"):
        try:
            if old.is_file() and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


def _path(stored: dict) -> Path:
    return upload_dir() / f"{stored['token']}{stored.get('suffix', '')}"


@dataclass(frozen=True)
class PendingUpload:
    path: Path
    token: str
    name: str  # the file's name as uploaded
    phase: Phase


def keep_upload(session, upload_file, phase: Phase) -> None:
    """Store `upload_file` for `phase` as the session's pending upload (replacing any)."""
    forget_upload(session)
    folder = upload_dir()
    _remove_stale_uploads(folder)
    stored = {
        "token": secrets.token_urlsafe(24),
        "suffix": Path(upload_file.name).suffix.lower(),
        "name": Path(upload_file.name).name,
        "phase": phase.pk,
    }
    with open(_path(stored), "wb") as out:
        for chunk in upload_file.chunks():
            out.write(chunk)
    session[SESSION_KEY] = stored


def pending_upload(session, user) -> PendingUpload | None:
    """The session's pending upload, or None (none, its file gone, its phase not the user's)."""
    stored = session.get(SESSION_KEY)
    if not stored:
        return None
    token = stored.get("token", "")
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = _path(stored)
    if not path.is_file():
        return None
    try:
        phase = get_phase_for_user(user, stored.get("phase"))
    except Http404:
        return None
    return PendingUpload(path=path, token=token, name=stored["name"], phase=phase)


def forget_upload(session) -> None:
    stored = session.pop(SESSION_KEY, None)
    if stored and stored.get("token"):
        _path(stored).unlink(missing_ok=True)


def import_scope(user) -> set[int] | None:
    """None = the whole ward (office, administrators); else the TDPs the team may edit."""
    return None if is_ward_editor(user) else editable_tdp_ids(user)


def scoped_tdp_codes(user) -> list[str]:
    """The codes of the TDPs a TDP team imports for (empty for the whole ward)."""
    scope = import_scope(user)
    if scope is None:
        return []
    return list(
        ResidentialGroup.objects.filter(id__in=scope)
        .in_code_order()
        .values_list("code", flat=True)
    )
