"""Print jobs and the certificate print form: views in awards.printing.views."""

from django.urls import path

from awards.printing import views

urlpatterns = [
    path("giay-chung-nhan/in/", views.certificate_print, name="certificate_print"),
    path("in-an/", views.print_job_list, name="print_job_list"),
    path("in-an/<int:pk>/", views.print_job_detail, name="print_job_detail"),
    path("in-an/<int:pk>/trang-thai/", views.print_job_status, name="print_job_status"),
    path("in-an/<int:pk>/tai-ve/", views.print_job_download, name="print_job_download"),
]
