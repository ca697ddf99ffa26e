"""Roster workbook import in the browser: upload → preview (every error and warning, what
will be created or updated) → confirm → success message with counts.

The upload waits as the session's pending upload (scoring.importing.uploads); confirming
re-validates it against the register as it is then and writes all or nothing (the engine:
scoring.importing.service). The office and administrators import for the whole ward; a TDP
team only rows of its own TDPs, within the procedure's limits (scoring.importing.guards)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dongtam.formatting import file_response
from households.access import ROSTER_IMPORTERS, role_required
from scoring.importing import HEADERS, build_template_workbook, import_roster
from scoring.importing.forms import RosterUploadForm
from scoring.importing.guards import browser_guard
from scoring.importing.uploads import (
    forget_upload,
    import_scope,
    keep_upload,
    pending_upload,
    scoped_tdp_codes,
)
from scoring.phases import current_phase, phases_for_user

PREVIEW_ROWS = 300


@role_required(*ROSTER_IMPORTERS)
@require_http_methods(["GET", "POST"])
def upload(request):
    phases = phases_for_user(request.user)
    current = current_phase(phases)
    posted = request.method == "POST"
    form = RosterUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        phases=phases,
        initial={"phase": current.pk if current else None},
    )
    if posted and form.is_valid():
        keep_upload(request.session, form.cleaned_data["file"], form.cleaned_data["phase"])
        return redirect("import_roster_confirm")
    return render(
        request,
        "scoring/import_upload.html",
        {"form": form, "headers": HEADERS, "scoped_tdps": scoped_tdp_codes(request.user)},
    )


@role_required(*ROSTER_IMPORTERS)
@require_http_methods(["GET", "POST"])
def confirm(request):
    """GET: the preview (a dry run). POST: re-validate and write, all or nothing."""
    pending = pending_upload(request.session, request.user)
    if pending is None:
        messages.warning(request, "Chưa có tệp nào đang chờ xác nhận; hãy tải tệp lên.")
        return redirect("import_roster_upload")
    writing = request.method == "POST"
    if writing and request.POST.get("token") != pending.token:
        messages.error(request, "Tệp đã được thay bằng tệp khác; hãy xem lại trước khi ghi.")
        return redirect("import_roster_confirm")
    report = import_roster(
        pending.path,
        phase=pending.phase,
        user=request.user,
        dry_run=not writing,
        allowed_tdp_ids=import_scope(request.user),
        filename=pending.name,
        tdp_guard=browser_guard(request.user, pending.phase),
    )
    if writing and report.saved:
        forget_upload(request.session)
        messages.success(request, _saved_message(pending.name, report))
        return redirect("import_roster_upload")
    return _preview(request, pending, report, failed_on_confirm=writing)


def _preview(request, pending, report, failed_on_confirm: bool):
    changed = report.changed_rows()
    shown = settings.ROSTER_MAX_ERRORS_SHOWN  # a page of problems, then "và M lỗi khác"
    return render(
        request,
        "scoring/import_preview.html",
        {
            "report": report,
            "stored": pending,
            "phase": pending.phase,
            "rows_shown": changed[:PREVIEW_ROWS],
            "rows_changed": len(changed),
            "rows_hidden": max(0, len(changed) - PREVIEW_ROWS),
            "failed_on_confirm": failed_on_confirm,
            "errors_shown": report.errors[:shown],
            "errors_hidden": max(0, len(report.errors) - shown),
            "warnings_shown": report.warnings[:shown],
            "warnings_hidden": max(0, len(report.warnings) - shown),
        },
    )


def _saved_message(name: str, report) -> str:
    return (
        f"Đã nhập tệp “{name}”: "
        f"{report.households_created} hộ thêm mới, {report.households_updated} hộ cập nhật; "
        f"{report.residents_created} nhân khẩu thêm mới, {report.residents_updated} cập "
        f"nhật; {report.assessments_created} phiếu tự chấm thêm mới, "
        f"{report.assessments_updated} cập nhật."
    )


@role_required(*ROSTER_IMPORTERS)
def template(request):
    return file_response(build_template_workbook(), "mau-danh-sach-nhan-khau.xlsx")
