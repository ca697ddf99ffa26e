"""Family certificates and the public verification page: views in awards.certificates.views.
(Printing a TDP's or the ward's certificates, `giay-chung-nhan/in/`, is awards.printing.)"""

from django.urls import path

from awards.certificates import views

urlpatterns = [
    path("giay-chung-nhan/", views.certificate_list, name="certificate_list"),
    path("giay-chung-nhan/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("giay-chung-nhan/<int:pk>/thu-hoi/", views.certificate_revoke, name="certificate_revoke"),
    # Public: anyone holding the paper may check it (no log-in).
    path("xac-minh/", views.verify_lookup, name="verify_lookup"),
    path("xac-minh/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
