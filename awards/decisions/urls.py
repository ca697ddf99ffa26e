"""Award decisions and their Giấy khen: views in awards.decisions.views."""

from django.urls import path

from awards.decisions import views

urlpatterns = [
    path("khen-thuong/<int:year>/quyet-dinh/", views.decisions_list, name="decisions_list"),
    path(
        "khen-thuong/<int:year>/giai-doan/<int:phase>/quyet-dinh/them/",
        views.decision_create,
        name="decision_create",
    ),
    path("khen-thuong/quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path(
        "khen-thuong/quyet-dinh/<int:pk>/danh-sach.xlsx",
        views.decision_xlsx,
        name="decision_xlsx",
    ),
    path(
        "khen-thuong/quyet-dinh/<int:pk>/danh-sach.pdf",
        views.decision_list_pdf,
        name="decision_list_pdf",
    ),
    path("quyet-dinh/<int:pk>/giay-khen.pdf", views.decision_merit_pdf, name="decision_merit_pdf"),
    path(
        "quyet-dinh/<int:pk>/giay-khen/in-nen/",
        views.decision_merit_print,
        name="decision_merit_print",
    ),
]
