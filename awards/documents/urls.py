"""Procedure documents (bieu-mau/…): views in awards.documents.views."""

from django.urls import path

from awards.documents import views

D = "bieu-mau/<int:year>/giai-doan/<int:phase>"

urlpatterns = [
    path("bieu-mau/", views.reports_home, name="reports_home"),
    path(f"{D}/", views.reports_index, name="reports_index"),
    path(
        f"{D}/phieu-tu-cham-diem/mau-trang.<str:fmt>",
        views.selfassessment_blank,
        name="selfassessment_blank",
    ),
    path(
        f"{D}/phieu-tu-cham-diem/tim-ho/",
        views.selfassessment_lookup,
        name="selfassessment_lookup",
    ),
    path(
        f"{D}/phieu-tu-cham-diem/ho/<int:pk>.<str:fmt>",
        views.selfassessment_household,
        name="selfassessment_household",
    ),
    path(
        f"{D}/phieu-tu-cham-diem/to/<str:code>.<str:fmt>",
        views.selfassessment_tdp,
        name="selfassessment_tdp",
    ),
    path(f"{D}/tong-hop/to/<str:code>.<str:fmt>", views.tdp_summary, name="tdp_summary"),
    path(f"{D}/ket-qua-toan-phuong.<str:fmt>", views.ward_results, name="ward_results"),
]
