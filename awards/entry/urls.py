"""Steps 1–2 (TDP data entry) and the step-3 submit button: /nhap-lieu/…"""

from django.urls import path

from awards.entry import offline
from awards.entry import views as v

urlpatterns = [
    # The installable app: its worker must sit at the root to control the entry pages.
    path("sw.js", offline.service_worker, name="entry_service_worker"),
    path("manifest.webmanifest", offline.manifest, name="entry_manifest"),
    path("nhap-lieu/", v.entry_home, name="entry_home"),
    path("nhap-lieu/<int:phase_id>/to/<int:tdp_id>/", v.entry_tdp_list, name="entry_tdp_list"),
    path(
        "nhap-lieu/<int:phase_id>/to/<int:tdp_id>/them-ho/",
        v.entry_household_add,
        name="entry_household_add",
    ),
    path(
        "nhap-lieu/<int:phase_id>/to/<int:tdp_id>/nha-van-hoa/",
        v.entry_cultural_house,
        name="entry_cultural_house",
    ),
    path(
        "nhap-lieu/<int:phase_id>/to/<int:tdp_id>/tong-hop/",
        v.entry_tdp_summary,
        name="entry_tdp_summary",
    ),
    path(
        "nhap-lieu/<int:phase_id>/to/<int:tdp_id>/nop-ho-so/", v.entry_submit, name="entry_submit"
    ),
    path(
        "nhap-lieu/<int:phase_id>/ho/<int:household_id>/",
        v.entry_household,
        name="entry_household",
    ),
    path(
        "nhap-lieu/<int:phase_id>/ho/<int:household_id>/sua/",
        v.entry_household_edit,
        name="entry_household_edit",
    ),
    path(
        "nhap-lieu/<int:phase_id>/ho/<int:household_id>/cham-to/",
        v.entry_review,
        name="entry_review",
    ),
    path(
        "nhap-lieu/<int:phase_id>/ho/<int:household_id>/them-nhan-khau/",
        v.entry_member_add,
        name="entry_member_add",
    ),
    path(
        "nhap-lieu/<int:phase_id>/nhan-khau/<int:resident_id>/sua/",
        v.entry_member_edit,
        name="entry_member_edit",
    ),
    path(
        "nhap-lieu/<int:phase_id>/nhan-khau/<int:resident_id>/chuyen-ho/",
        v.entry_member_move,
        name="entry_member_move",
    ),
    path(
        "nhap-lieu/<int:phase_id>/nhan-khau/<int:resident_id>/tinh-trang/",
        v.entry_member_status,
        name="entry_member_status",
    ),
    path(
        "nhap-lieu/ho/<int:household_id>/lich-su/",
        v.entry_household_history,
        name="entry_household_history",
    ),
]
