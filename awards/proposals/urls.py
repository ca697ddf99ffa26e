"""Proposals, targets (R8), pledge list, decisions, and the procedure documents."""

from django.urls import path

from awards.documents import views as r
from awards.proposals import views as v

P = "khen-thuong/<int:year>/giai-doan/<int:phase>"
D = "bieu-mau/<int:year>/giai-doan/<int:phase>"

urlpatterns = [
    path("khen-thuong/", v.proposals_index, name="proposals_index"),
    path(f"{P}/de-xuat/", v.proposals_list, name="proposals_list"),
    path(f"{P}/de-xuat/tinh/", v.proposals_generate, name="proposals_generate"),
    path(f"{P}/de-xuat/them/", v.proposal_nominate, name="proposal_nominate"),
    path(f"{P}/de-xuat/duyet-nhieu/", v.proposals_bulk_approve, name="proposals_bulk_approve"),
    path("khen-thuong/de-xuat/<int:pk>/", v.proposal_detail, name="proposal_detail"),
    path("khen-thuong/de-xuat/<int:pk>/sua/", v.proposal_edit, name="proposal_edit"),
    path("khen-thuong/de-xuat/<int:pk>/xoa/", v.proposal_delete, name="proposal_delete"),
    path("khen-thuong/de-xuat/<int:pk>/y-kien/", v.proposal_decide, name="proposal_decide"),
    path(f"{P}/chi-tieu/", v.ward_targets, name="ward_targets"),
    path(f"{P}/chi-tieu/them/", v.ward_target_form, name="ward_target_add"),
    path(f"{P}/chi-tieu/<int:pk>/sua/", v.ward_target_form, name="ward_target_edit"),
    path(f"{P}/chi-tieu/<int:pk>/xoa/", v.ward_target_delete, name="ward_target_delete"),
    path("khen-thuong/<int:year>/cam-ket/", v.pledges, name="pledges"),
    path("khen-thuong/<int:year>/cam-ket/them/", v.pledge_form, name="pledge_add"),
    path("khen-thuong/<int:year>/cam-ket/<int:pk>/sua/", v.pledge_form, name="pledge_edit"),
    path("khen-thuong/<int:year>/cam-ket/<int:pk>/xoa/", v.pledge_delete, name="pledge_delete"),
    path("khen-thuong/<int:year>/cam-ket/<int:pk>/di-chuyen/", v.pledge_move, name="pledge_move"),
    path("khen-thuong/<int:year>/cam-ket.xlsx", v.pledges_xlsx, name="pledges_xlsx"),
    path("khen-thuong/<int:year>/cam-ket.pdf", v.pledges_pdf, name="pledges_pdf"),
    path("khen-thuong/<int:year>/quyet-dinh/", v.decisions_list, name="decisions_list"),
    path(f"{P}/quyet-dinh/them/", v.decision_create, name="decision_create"),
    path("khen-thuong/quyet-dinh/<int:pk>/", v.decision_detail, name="decision_detail"),
    path("khen-thuong/quyet-dinh/<int:pk>/danh-sach.xlsx", v.decision_xlsx, name="decision_xlsx"),
    path(
        "khen-thuong/quyet-dinh/<int:pk>/danh-sach.pdf",
        v.decision_list_pdf,
        name="decision_list_pdf",
    ),
    # Procedure documents (views_reports)
    path("bieu-mau/", r.reports_home, name="reports_home"),
    path(f"{D}/", r.reports_index, name="reports_index"),
    path(
        f"{D}/phieu-tu-cham-diem/mau-trang.<str:fmt>",
        r.selfassessment_blank,
        name="selfassessment_blank",
    ),
    path(f"{D}/phieu-tu-cham-diem/tim-ho/", r.selfassessment_lookup, name="selfassessment_lookup"),
    path(
        f"{D}/phieu-tu-cham-diem/ho/<int:pk>.<str:fmt>",
        r.selfassessment_household,
        name="selfassessment_household",
    ),
    path(
        f"{D}/phieu-tu-cham-diem/to/<str:code>.<str:fmt>",
        r.selfassessment_tdp,
        name="selfassessment_tdp",
    ),
    path(f"{D}/tong-hop/to/<str:code>.<str:fmt>", r.tdp_summary, name="tdp_summary"),
    path(f"{D}/ket-qua-toan-phuong.<str:fmt>", r.ward_results, name="ward_results"),
]
