"""Roster workbook import in the browser: upload → preview (every error and warning, what
will be created or updated) → confirm → success message with counts.

The uploaded file is kept in a private temporary folder (never under MEDIA_ROOT, it holds
personal data) under a random token remembered in the session; confirming re-validates it
against the register as it is then, and writes all or nothing. The office and administrators
import for the whole ward; a TDP team only rows of its own TDPs (households.access)."""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from households.access import (
    ROSTER_IMPORTERS,
    editable_tdp_ids,
    is_ward_editor,
    membership_of,
    role_required,
)
from households.models import ResidentialGroup
from scoring.importing import HEADERS, build_template_workbook, import_roster
from scoring.importing.guards import browser_guard
from scoring.importing.reader import WORKBOOK_EXTENSIONS
from scoring.models import Phase
from scoring.phases import current_phase

SESSION_KEY = "roster_import"
PREVIEW_ROWS = 300
STALE_SECONDS = 24 * 3600
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_dir() -> Path:
    configured = getattr(settings, "ROSTER_IMPORT_DIR", None)
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "dongtam-imports"
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


def _phases_for(user):
    membership = membership_of(user)
    return (
        Phase.objects.filter(campaign__ward_id=membership.ward_id)
        .select_related("campaign", "campaign__ward")
        .order_by("-campaign__year", "number")
    )


class RosterUploadForm(forms.Form):
    phase = forms.ModelChoiceField(
        label="Giai đoạn",
        queryset=Phase.objects.none(),
        empty_label=None,
        help_text="Phiếu tự chấm (bước 1) trong tệp được ghi cho giai đoạn này.",
    )
    file = forms.FileField(
        label="Tệp danh sách (.xlsx, .xls, .ods)",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(WORKBOOK_EXTENSIONS)}),
    )

    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases
        self.fields["phase"].label_from_instance = lambda p: (
            f"Năm {p.campaign.year} — giai đoạn {p.number} ({p.get_kind_display()}, "
            f"chốt số liệu {p.reference_date:%d/%m/%Y})"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in WORKBOOK_EXTENSIONS:
            raise forms.ValidationError(
                f"Tệp “{upload.name}” không phải là bảng tính: chỉ nhận tệp "
                + ", ".join(WORKBOOK_EXTENSIONS)
                + "."
            )
        limit = settings.ROSTER_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Tệp lớn quá {limit // (1024 * 1024)} MB; hãy chia thành nhiều tệp."
            )
        return upload


def _scope(user) -> set[int] | None:
    """None = the whole ward (office, administrators); else the TDPs the team may edit."""
    return None if is_ward_editor(user) else editable_tdp_ids(user)


def _stored_upload(request):
    """(path, stored dict, phase) of this session's pending upload, or None."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None
    token = stored.get("token", "")
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = upload_dir() / f"{token}{stored.get('suffix', '')}"
    phase = _phases_for(request.user).filter(pk=stored.get("phase")).first()
    if not path.is_file() or phase is None:
        return None
    return path, stored, phase


def _forget_upload(request) -> None:
    stored = request.session.pop(SESSION_KEY, None)
    if stored and stored.get("token"):
        (upload_dir() / f"{stored['token']}{stored.get('suffix', '')}").unlink(missing_ok=True)


@role_required(*ROSTER_IMPORTERS)
@require_http_methods(["GET", "POST"])
def upload(request):
    phases = _phases_for(request.user)
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES, phases=phases)
        if form.is_valid():
            _forget_upload(request)
            folder = upload_dir()
            _remove_stale_uploads(folder)
            upload_file = form.cleaned_data["file"]
            token = secrets.token_urlsafe(24)
            suffix = Path(upload_file.name).suffix.lower()
            with open(folder / f"{token}{suffix}", "wb") as out:
                for chunk in upload_file.chunks():
                    out.write(chunk)
            request.session[SESSION_KEY] = {
                "token": token,
                "suffix": suffix,
                "name": Path(upload_file.name).name,
                "phase": form.cleaned_data["phase"].pk,
            }
            return redirect("import_roster_confirm")
    else:
        form = RosterUploadForm(phases=phases, initial={"phase": current_phase(phases)})
    return render(
        request,
        "scoring/import_upload.html",
        {
            "form": form,
            "headers": HEADERS,
            "scoped_tdps": _scoped_tdp_codes(request.user),
        },
    )


def _scoped_tdp_codes(user) -> list[str]:
    scope = _scope(user)
    if scope is None:
        return []
    return list(
        ResidentialGroup.objects.filter(id__in=scope)
        .in_code_order()
        .values_list("code", flat=True)
    )


@role_required(*ROSTER_IMPORTERS)
@require_http_methods(["GET", "POST"])
def confirm(request):
    """GET: the preview (a dry run). POST: re-validate and write, all or nothing."""
    pending = _stored_upload(request)
    if pending is None:
        messages.warning(request, "Chưa có tệp nào đang chờ xác nhận; hãy tải tệp lên.")
        return redirect("import_roster_upload")
    path, stored, phase = pending
    if request.method == "POST" and request.POST.get("token") != stored["token"]:
        messages.error(request, "Tệp đã được thay bằng tệp khác; hãy xem lại trước khi ghi.")
        return redirect("import_roster_confirm")
    writing = request.method == "POST"
    report = import_roster(
        path,
        phase=phase,
        user=request.user,
        dry_run=not writing,
        allowed_tdp_ids=_scope(request.user),
        filename=stored["name"],
        tdp_guard=browser_guard(request.user, phase),
    )
    if writing and report.saved:
        _forget_upload(request)
        messages.success(
            request,
            f"Đã nhập tệp “{stored['name']}”: "
            f"{report.households_created} hộ thêm mới, {report.households_updated} hộ cập nhật; "
            f"{report.residents_created} nhân khẩu thêm mới, {report.residents_updated} cập "
            f"nhật; {report.assessments_created} phiếu tự chấm thêm mới, "
            f"{report.assessments_updated} cập nhật.",
        )
        return redirect("import_roster_upload")
    shown = [
        p
        for p in report.plan
        if p.resident_action != "same" or p.assessment_action in ("create", "update")
    ]
    return render(
        request,
        "scoring/import_preview.html",
        {
            "report": report,
            "stored": stored,
            "phase": phase,
            "rows_shown": shown[:PREVIEW_ROWS],
            "rows_changed": len(shown),
            "rows_hidden": max(0, len(shown) - PREVIEW_ROWS),
            "failed_on_confirm": writing,
        },
    )


@role_required(*ROSTER_IMPORTERS)
def template(request):
    response = HttpResponse(build_template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-nhan-khau.xlsx"'
    return response
