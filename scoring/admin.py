from django.contrib import admin
from import_export import resources
from simple_history.admin import SimpleHistoryAdmin

from dongtam.spreadsheets import SafeExportAdmin
from scoring.models import Assessment, Campaign, CulturalHouseCheck, Phase, StandingsSnapshot


class AssessmentResource(resources.ModelResource):
    class Meta:
        model = Assessment
        fields = ("id", "resident", "phase", "stage", *[f"tc{i}" for i in range(1, 11)], "reason")


class PhaseInline(admin.StackedInline):
    model = Phase
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(SafeExportAdmin):
    list_display = ("year", "name", "ward")
    list_filter = ("ward",)
    search_fields = ("name",)
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    list_display = ("campaign", "number", "kind", "reference_date", "award_threshold")
    list_filter = ("campaign__ward", "campaign", "kind")
    search_fields = ("name",)


@admin.register(Assessment)
class AssessmentAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    resource_classes = [AssessmentResource]
    list_display = ("resident", "phase", "stage", "score", "recorded_by", "recorded_at")
    list_filter = ("phase", "stage", "resident__household__tdp")
    search_fields = ("resident__full_name", "resident__household__code")
    list_select_related = ("resident", "phase__campaign", "recorded_by")
    raw_id_fields = ("resident",)


@admin.register(CulturalHouseCheck)
class CulturalHouseCheckAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    list_display = ("house", "phase", "is_digital", "recorded_at")
    list_filter = ("phase",)
    search_fields = ("house__name",)
    list_select_related = ("house", "phase__campaign")


@admin.register(StandingsSnapshot)
class StandingsSnapshotAdmin(admin.ModelAdmin):
    list_display = ("phase", "created_at", "created_by")
    list_filter = ("phase__campaign",)
    search_fields = ("phase__name",)
    readonly_fields = ("phase", "created_at", "created_by", "data")
