from django.urls import path

from scoring.importing import views as views_import

urlpatterns = [
    path("nhap-danh-sach/", views_import.upload, name="import_roster_upload"),
    path("nhap-danh-sach/xac-nhan/", views_import.confirm, name="import_roster_confirm"),
    path("nhap-danh-sach/tep-mau.xlsx", views_import.template, name="import_roster_template"),
]
