"""Proposals (R6, R8, R9), the Chairman's decision on each line, ward targets (R8) and the
pledge list: views in awards.proposals.views."""

from django.urls import path

from awards.proposals import views as v

P = "khen-thuong/<int:year>/giai-doan/<int:phase>"
PLEDGES = "khen-thuong/<int:year>/cam-ket"
PROPOSAL = "khen-thuong/de-xuat/<int:pk>"

urlpatterns = [
    path("khen-thuong/", v.proposals_index, name="proposals_index"),
    path(f"{P}/de-xuat/", v.proposals_list, name="proposals_list"),
    path(f"{P}/de-xuat/tinh/", v.proposals_generate, name="proposals_generate"),
    path(f"{P}/de-xuat/them/", v.proposal_nominate, name="proposal_nominate"),
    path(f"{P}/de-xuat/duyet-nhieu/", v.proposals_bulk_approve, name="proposals_bulk_approve"),
    path(f"{PROPOSAL}/", v.proposal_detail, name="proposal_detail"),
    path(f"{PROPOSAL}/sua/", v.proposal_edit, name="proposal_edit"),
    path(f"{PROPOSAL}/xoa/", v.proposal_delete, name="proposal_delete"),
    path(f"{PROPOSAL}/y-kien/", v.proposal_decide, name="proposal_decide"),
    path(f"{P}/chi-tieu/", v.ward_targets, name="ward_targets"),
    path(f"{P}/chi-tieu/them/", v.ward_target_form, name="ward_target_add"),
    path(f"{P}/chi-tieu/<int:pk>/sua/", v.ward_target_form, name="ward_target_edit"),
    path(f"{P}/chi-tieu/<int:pk>/xoa/", v.ward_target_delete, name="ward_target_delete"),
    path(f"{PLEDGES}/", v.pledges, name="pledges"),
    path(f"{PLEDGES}/them/", v.pledge_form, name="pledge_add"),
    path(f"{PLEDGES}/<int:pk>/sua/", v.pledge_form, name="pledge_edit"),
    path(f"{PLEDGES}/<int:pk>/xoa/", v.pledge_delete, name="pledge_delete"),
    path(f"{PLEDGES}/<int:pk>/di-chuyen/", v.pledge_move, name="pledge_move"),
    path(f"{PLEDGES}.xlsx", v.pledges_xlsx, name="pledges_xlsx"),
    path(f"{PLEDGES}.pdf", v.pledges_pdf, name="pledges_pdf"),
]
