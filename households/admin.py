from django.contrib import admin
from import_export import resources
from simple_history.admin import SimpleHistoryAdmin

from dongtam.spreadsheets import SafeExportAdmin
from households.models import (
    CulturalHouse,
    Household,
    Membership,
    Resident,
    ResidentialGroup,
    Ward,
)


class WardResource(resources.ModelResource):
    class Meta:
        model = Ward


class ResidentialGroupResource(resources.ModelResource):
    class Meta:
        model = ResidentialGroup
        import_id_fields = ("ward", "code")
        fields = ("ward", "code", "name", "officer")


class HouseholdResource(resources.ModelResource):
    class Meta:
        model = Household
        fields = ("id", "tdp", "code", "address", "head")


class ResidentResource(resources.ModelResource):
    class Meta:
        model = Resident
        fields = ("id", "household", "full_name", "birth_date", "sex", "cccd", "status")


@admin.register(Ward)
class WardAdmin(SafeExportAdmin):
    resource_classes = [WardResource]
    list_display = ("code", "name", "city", "province", "chairman_name")
    search_fields = ("code", "name")


class CulturalHouseInline(admin.StackedInline):
    model = CulturalHouse
    extra = 0


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(SafeExportAdmin):
    resource_classes = [ResidentialGroupResource]
    list_display = ("code", "name", "ward", "officer")
    list_filter = ("ward",)
    search_fields = ("code", "name")
    inlines = [CulturalHouseInline]
    list_select_related = ("ward", "officer")


@admin.register(CulturalHouse)
class CulturalHouseAdmin(SafeExportAdmin):
    list_display = ("name", "tdp", "address")
    list_filter = ("tdp__ward",)
    search_fields = ("name", "tdp__name")
    list_select_related = ("tdp",)


class ResidentInline(admin.TabularInline):
    model = Resident
    extra = 0
    fields = ("full_name", "birth_date", "sex", "cccd", "status")


@admin.register(Household)
class HouseholdAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    resource_classes = [HouseholdResource]
    list_display = ("code", "tdp", "head", "address")
    list_filter = ("tdp__ward", "tdp")
    search_fields = ("code", "residents__full_name", "address")
    list_select_related = ("tdp", "head")
    raw_id_fields = ("head",)
    inlines = [ResidentInline]


@admin.register(Resident)
class ResidentAdmin(SafeExportAdmin, SimpleHistoryAdmin):
    resource_classes = [ResidentResource]
    list_display = ("full_name", "birth_date", "sex", "masked_cccd", "status", "household")
    list_filter = ("status", "sex", "household__tdp")
    search_fields = ("full_name", "cccd", "household__code")
    list_select_related = ("household",)
    raw_id_fields = ("household",)
    date_hierarchy = "birth_date"


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "ward")
    list_filter = ("role", "ward")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    filter_horizontal = ("tdps",)
    list_select_related = ("user", "ward")
