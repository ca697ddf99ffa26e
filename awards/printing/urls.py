"""PDFs, certificates, print jobs and the public verification page."""

from django.urls import path

from awards.printing import views

urlpatterns = [
    path("giay-chung-nhan/", views.certificate_list, name="certificate_list"),
    path("giay-chung-nhan/in/", views.certificate_print, name="certificate_print"),
    path("giay-chung-nhan/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("giay-chung-nhan/<int:pk>/thu-hoi/", views.certificate_revoke, name="certificate_revoke"),
    path("in-an/", views.print_job_list, name="print_job_list"),
    path("in-an/<int:pk>/", views.print_job_detail, name="print_job_detail"),
    path("in-an/<int:pk>/trang-thai/", views.print_job_status, name="print_job_status"),
    path("in-an/<int:pk>/tai-ve/", views.print_job_download, name="print_job_download"),
    path("quyet-dinh/<int:pk>/giay-khen.pdf", views.decision_merit_pdf, name="decision_merit_pdf"),
    path(
        "quyet-dinh/<int:pk>/giay-khen/in-nen/",
        views.decision_merit_print,
        name="decision_merit_print",
    ),
    # Public: anyone holding the paper may check it (no log-in).
    path("xac-minh/", views.verify_lookup, name="verify_lookup"),
    path("xac-minh/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
