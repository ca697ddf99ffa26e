"""Roster import in the browser (scoring.importing.views)."""

from django.urls import path

from scoring.importing import views

urlpatterns = [
    path("nhap-danh-sach/", views.upload, name="import_roster_upload"),
    path("nhap-danh-sach/xac-nhan/", views.confirm, name="import_roster_confirm"),
    path("nhap-danh-sach/tep-mau.xlsx", views.template, name="import_roster_template"),
]
