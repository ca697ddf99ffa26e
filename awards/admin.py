from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.models import (
    AwardProposal,
    Decision,
    Dossier,
    FamilyCertificate,
    Pledge,
    PrintJob,
    WardTarget,
    WindowReopening,
)
from dongtam.spreadsheets import SafeExportAdmin


@admin.register(Dossier)
class DossierAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    list_display = ("tdp", "phase", "state", "submitted_at", "submitted_late", "approved_at")
    list_filter = ("phase", "state", "submitted_late")
    search_fields = ("tdp__name", "tdp__code")
    list_select_related = ("tdp", "phase__campaign")


@admin.register(WindowReopening)
class WindowReopeningAdmin(SafeExportAdmin):
    list_display = ("phase", "tdp", "step", "until", "created_by", "created_at")
    list_filter = ("phase", "step")
    search_fields = ("reason", "tdp__name")


@admin.register(WardTarget)
class WardTargetAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    list_display = ("campaign", "indicator", "label", "target_value", "manual_actual")
    list_filter = ("campaign", "indicator")
    search_fields = ("label",)


@admin.register(Pledge)
class PledgeAdmin(SafeExportAdmin):
    list_display = ("campaign", "position", "organisation", "representative")
    list_filter = ("campaign",)
    search_fields = ("organisation", "representative")


@admin.register(Decision)
class DecisionAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    list_display = ("reference", "year", "signed_on", "signer_name", "campaign")
    list_filter = ("ward", "year", "campaign")
    search_fields = ("number", "title", "signer_name")


@admin.register(AwardProposal)
class AwardProposalAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    list_display = ("recipient_name", "category", "campaign", "phase", "status", "amount")
    list_filter = ("campaign", "phase", "category", "status", "tie_flag")
    search_fields = ("recipient_name", "proposing_unit", "achievement")
    list_select_related = ("campaign", "phase", "decision")


@admin.register(FamilyCertificate)
class FamilyCertificateAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    list_display = ("number", "head_name", "tdp_name", "phase", "issued_on", "revoked_at")
    list_filter = ("phase", "revoked_at")
    search_fields = ("number", "head_name", "household__code")
    list_select_related = ("phase__campaign",)
    raw_id_fields = ("household",)


@admin.register(PrintJob)
class PrintJobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "done", "total", "created_by", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("task_id",)
