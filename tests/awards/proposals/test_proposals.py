"""Proposals: R6 TDP award lines (tie flag, threshold), R8 ward team line, R9 nominations,
regeneration, the Chairman's approval, pledge list, and who may do what."""

import unicodedata
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import AwardProposal, Pledge, WardTarget
from awards.procedure.errors import ProcedureError
from awards.proposals import services as svc
from scoring.snapshots import freeze
from tests.support import ADULT, ALL_MET, EIGHT_MET, PASSWORD, make_household

Category = AwardProposal.Category
Status = AwardProposal.Status


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def households(tdp, phase, digital, total, prefix):
    """`total` one-adult households in `tdp`, the first `digital` of them digital (R3)."""
    for i in range(total):
        criteria = ALL_MET if i < digital else EIGHT_MET
        make_household(tdp, f"{prefix}{i:03d}", [(ADULT, criteria)], phase)


def tdp_lines(phase):
    return list(
        AwardProposal.objects.filter(phase=phase, category=Category.TDP).order_by("tdp__code")
    )


# --- R6 -------------------------------------------------------------------------------------


def test_r6_highest_ratio_at_threshold_is_proposed(phase1, tdp, other_tdp):
    households(tdp, phase1, 17, 20, "A")  # 85 % exactly: meets the phase-1 threshold
    households(other_tdp, phase1, 4, 5, "B")  # 80 %
    result = svc.generate_proposals(phase1)
    lines = tdp_lines(phase1)
    assert [(p.tdp_id, p.tie_flag) for p in lines] == [(tdp.id, False)]
    assert result.created == 1 and not result.frozen
    assert "85,00 %" in lines[0].achievement and "17/20" in lines[0].achievement
    assert lines[0].recipient_name == "Tổ dân phố số 8"


def test_r6_no_award_under_threshold(phase1, tdp, other_tdp):
    households(tdp, phase1, 84, 100, "A")  # 84 % < 85 %
    result = svc.generate_proposals(phase1)
    assert tdp_lines(phase1) == []
    assert any("chưa đạt ngưỡng 85 %" in n for n in result.notes)


def test_r6_tie_proposes_every_tied_tdp_flagged(phase1, tdp, other_tdp):
    households(tdp, phase1, 9, 10, "A")  # 90 %
    households(other_tdp, phase1, 18, 20, "B")  # 90 %
    result = svc.generate_proposals(phase1)
    lines = tdp_lines(phase1)
    assert {p.tdp_id for p in lines} == {tdp.id, other_tdp.id}
    assert all(p.tie_flag for p in lines)
    assert any("Đồng hạng cao nhất: Tổ dân phố số 8, Tổ dân phố số 9" in n for n in result.notes)
    # The citation printed on the Giấy khen names the title and carries no council matter.
    citation = lines[0].achievement
    assert "được công nhận “Tổ dân phố chuyển đổi số” với 90,00 % hộ gia đình" in citation
    assert "ngưỡng" not in citation and "Đồng hạng" not in citation


def test_regeneration_is_idempotent_and_keeps_decided_lines(phase1, tdp, other_tdp, chairman_user):
    households(tdp, phase1, 9, 10, "A")
    households(other_tdp, phase1, 18, 20, "B")
    svc.generate_proposals(phase1)
    again = svc.generate_proposals(phase1)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
    assert AwardProposal.objects.filter(phase=phase1).count() == 2

    # The Chairman rejects TDP 9's line; then TDP 8 pulls ahead and the tie disappears.
    line9 = AwardProposal.objects.get(phase=phase1, tdp=other_tdp)
    svc.decide(line9, chairman_user, approve=False, reason="Hội đồng chọn tổ 8")
    make_household(tdp, "A999", [(ADULT, ALL_MET)], phase1)  # TDP 8: 10/11 = 90.9 %
    result = svc.generate_proposals(phase1)
    line9.refresh_from_db()
    assert line9.status == Status.REJECTED and line9.decision_reason == "Hội đồng chọn tổ 8"
    line8 = AwardProposal.objects.get(phase=phase1, tdp=tdp)
    assert line8.tie_flag is False and result.updated == 1 and result.kept == 1
    assert AwardProposal.objects.filter(phase=phase1).count() == 2


def test_undecided_line_no_longer_qualifying_is_removed(phase1, tdp, other_tdp):
    households(tdp, phase1, 9, 10, "A")
    svc.generate_proposals(phase1)
    households(other_tdp, phase1, 20, 20, "B")  # TDP 9 now leads at 100 %
    result = svc.generate_proposals(phase1)
    assert [p.tdp_id for p in tdp_lines(phase1)] == [other_tdp.id]
    assert result.removed == 1 and result.created == 1


def test_proposals_use_the_frozen_snapshot(phase1, tdp, other_tdp):
    households(tdp, phase1, 9, 10, "A")
    freeze(phase1)
    households(other_tdp, phase1, 5, 5, "B")  # after approval: not in the snapshot (R13)
    result = svc.generate_proposals(phase1)
    assert result.frozen and [p.tdp_id for p in tdp_lines(phase1)] == [tdp.id]


# --- R8 -------------------------------------------------------------------------------------


def test_ward_team_line_only_when_every_target_met(phase1, campaign, tdp):
    households(tdp, phase1, 3, 4, "A")  # 75 % digital families, 1 digital TDP? no (75 < 90)
    WardTarget.objects.create(
        campaign=campaign, indicator="digital_family_percent", target_value=75
    )
    WardTarget.objects.create(campaign=campaign, indicator="digital_tdps", target_value=1)
    svc.generate_proposals(phase1)
    assert not AwardProposal.objects.filter(category=Category.WARD_TEAM).exists()

    WardTarget.objects.filter(indicator="digital_tdps").update(target_value=0)
    svc.generate_proposals(phase1)
    team = AwardProposal.objects.get(category=Category.WARD_TEAM)
    assert team.recipient_name == "Tổ chuyển đổi số cộng đồng phường Đồng Tâm"
    assert "hoàn thành toàn bộ 2 chỉ tiêu chuyển đổi số thành phố giao" in team.achievement
    assert "“Tổ chuyển đổi số cộng đồng phường”" in team.achievement
    svc.generate_proposals(phase1)
    assert AwardProposal.objects.filter(category=Category.WARD_TEAM).count() == 1


def test_targets_page_shows_target_actual_and_met(client, office_user, phase1, campaign, tdp):
    households(tdp, phase1, 3, 4, "A")
    WardTarget.objects.create(
        campaign=campaign, indicator="digital_family_percent", target_value=75
    )
    WardTarget.objects.create(
        campaign=campaign, indicator="other", label="Số buổi tập huấn", target_value=4
    )
    page = login(client, office_user).get(reverse("ward_targets", args=[2022, 1]))
    html = page.content.decode()
    assert "75,00 %" in html and "3/4 hộ thuộc diện" in html
    assert "Số buổi tập huấn" in html and "chưa nhập kết quả" in html
    assert "đạt 1/2 chỉ tiêu" in html


def test_target_form_validates_in_vietnamese(client, office_user, phase1, campaign):
    c = login(client, office_user)
    url = reverse("ward_target_add", args=[2022, 1])
    r = c.post(url, {"indicator": "digital_citizen_percent", "target_value": "120"})
    assert "Chỉ tiêu tỷ lệ phải trong khoảng 0–100 %." in r.content.decode()
    r = c.post(url, {"indicator": "digital_tdps", "target_value": "3", "manual_actual": "2"})
    assert "tự tính" in r.content.decode()
    r = c.post(url, {"indicator": "digital_tdps", "target_value": "3"})
    assert r.status_code == 302
    target = WardTarget.objects.get(campaign=campaign)
    r = c.post(
        reverse("ward_target_edit", args=[2022, 1, target.pk]),
        {"indicator": "digital_tdps", "target_value": "4"},
    )
    target.refresh_from_db()
    assert target.target_value == Decimal(4)
    c.post(reverse("ward_target_delete", args=[2022, 1, target.pk]))
    assert not WardTarget.objects.exists()


# --- R9 nominations ----------------------------------------------------------------------------


def test_nomination_is_nfc_normalised(client, office_user, phase1):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    r = login(client, office_user).post(
        reverse("proposal_nominate", args=[2022, 1]),
        {
            "category": "individual",
            "recipient_sex": "F",
            "recipient_name": f"  {decomposed} ",
            "recipient_position": unicodedata.normalize("NFD", "Tổ trưởng tổ CĐS tổ 8"),
            "proposing_unit": "Bộ phận Văn phòng",
            "achievement": unicodedata.normalize("NFD", "Hướng dẫn 120 người cài VNeID"),
        },
    )
    assert r.status_code == 302
    p = AwardProposal.objects.get(category=Category.INDIVIDUAL)
    assert p.recipient_name == "Nguyễn Thị Hằng"
    assert unicodedata.is_normalized("NFC", p.recipient_position + p.achievement)
    assert p.status == Status.PROPOSED and p.phase == phase1


def test_nomination_errors_name_the_field(client, office_user, phase1):
    r = login(client, office_user).post(
        reverse("proposal_nominate", args=[2022, 1]),
        {"category": "individual", "recipient_name": "", "achievement": " "},
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "Nhập tên cá nhân hoặc tập thể được đề nghị." in html
    assert "chọn Ông hoặc Bà" in html
    assert "Nhập tóm tắt thành tích" in html
    assert not AwardProposal.objects.exists()


def make_nomination(phase, **kw):
    data = {
        "category": "collective",
        "recipient_name": "Hội Phụ nữ phường",
        "proposing_unit": "UB MTTQ phường",
        "achievement": "Vận động hội viên",
    }
    data.update(kw)
    return svc.save_nomination(phase, data, None)


# --- the Chairman decides -----------------------------------------------------------------------


def test_chairman_approves_and_rejects_with_reason(client, chairman_user, phase1):
    a, b = make_nomination(phase1), make_nomination(phase1, recipient_name="Đoàn Thanh niên")
    c = login(client, chairman_user)
    c.post(reverse("proposal_decide", args=[a.pk]), {"action": "approve"})
    a.refresh_from_db()
    assert a.status == Status.APPROVED and a.decided_by == chairman_user

    r = c.post(
        reverse("proposal_decide", args=[b.pk]), {"action": "reject", "reason": " "}, follow=True
    )
    b.refresh_from_db()
    assert b.status == Status.PROPOSED
    assert "Cần ghi lý do không duyệt." in r.content.decode()

    c.post(reverse("proposal_decide", args=[b.pk]), {"action": "reject", "reason": "Trùng"})
    b.refresh_from_db()
    assert b.status == Status.REJECTED and b.decision_reason == "Trùng"
    reasons = list(b.history.values_list("history_change_reason", flat=True))
    assert "Chủ tịch không duyệt: Trùng" in reasons
    page = c.get(reverse("proposal_detail", args=[b.pk])).content.decode()
    assert "Chủ tịch không duyệt: Trùng" in page


def test_reject_without_reason_refused_by_service(phase1, chairman_user):
    p = make_nomination(phase1)
    with pytest.raises(ProcedureError) as exc:
        svc.decide(p, chairman_user, approve=False, reason="")
    assert "Cần ghi lý do không duyệt" in exc.value.messages[0]


def test_bulk_approve(client, chairman_user, phase1):
    lines = [make_nomination(phase1, recipient_name=f"Tập thể {i}") for i in range(3)]
    login(client, chairman_user).post(
        reverse("proposals_bulk_approve", args=[2022, 1]), {"ids": [lines[0].pk, lines[2].pk]}
    )
    assert [AwardProposal.objects.get(pk=p.pk).status for p in lines] == [
        Status.APPROVED,
        Status.PROPOSED,
        Status.APPROVED,
    ]


def test_office_cannot_approve(client, office_user, admin_user, staff_user, phase1):
    p = make_nomination(phase1)
    for user in (office_user, admin_user, staff_user):
        client.logout()
        c = login(client, user)
        assert (
            c.post(reverse("proposal_decide", args=[p.pk]), {"action": "approve"}).status_code
            == 403
        )
        assert (
            c.post(reverse("proposals_bulk_approve", args=[2022, 1]), {"ids": [p.pk]}).status_code
            == 403
        )
    p.refresh_from_db()
    assert p.status == Status.PROPOSED


def test_decided_nomination_cannot_be_edited(client, office_user, chairman_user, phase1):
    p = make_nomination(phase1)
    svc.decide(p, chairman_user, approve=True)
    r = login(client, office_user).get(reverse("proposal_edit", args=[p.pk]), follow=True)
    assert "Chủ tịch đã có ý kiến" in r.content.decode()
    r = client.post(reverse("proposal_delete", args=[p.pk]), follow=True)
    assert AwardProposal.objects.filter(pk=p.pk).exists()


# --- pages and permissions -------------------------------------------------------------------


def test_proposals_page_shows_lines_and_unfrozen_warning(client, staff_user, phase1, tdp):
    households(tdp, phase1, 9, 10, "A")
    svc.generate_proposals(phase1)
    make_nomination(phase1)
    html = (
        login(client, staff_user).get(reverse("proposals_list", args=[2022, 1])).content.decode()
    )
    assert "chưa được chốt" in html
    assert "Tổ dân phố số 8" in html and "Hội Phụ nữ phường" in html
    # staff reads only: no compile or decide buttons
    assert reverse("proposals_generate", args=[2022, 1]) not in html
    assert 'value="approve"' not in html


def test_generate_button_for_office(client, office_user, phase1, tdp):
    households(tdp, phase1, 9, 10, "A")
    c = login(client, office_user)
    r = c.post(reverse("proposals_generate", args=[2022, 1]), follow=True)
    assert "Đã tính đề xuất: thêm 1" in r.content.decode()
    assert AwardProposal.objects.filter(category=Category.TDP).count() == 1


def test_proposals_page_query_count_is_constant(
    client, chairman_user, phase1, django_assert_max_num_queries
):
    c = login(client, chairman_user)
    make_nomination(phase1)
    url = reverse("proposals_list", args=[2022, 1])
    c.get(url)
    with django_assert_max_num_queries(20) as few:
        c.get(url)
    for i in range(15):
        make_nomination(phase1, recipient_name=f"Tập thể {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(url)


def all_views(phase1):
    p = make_nomination(phase1)
    t = WardTarget.objects.create(
        campaign=phase1.campaign, indicator="digital_tdps", target_value=1
    )
    pledge = Pledge.objects.first()
    return [
        ("get", reverse("proposals_index")),
        ("get", reverse("proposals_list", args=[2022, 1])),
        ("post", reverse("proposals_generate", args=[2022, 1])),
        ("get", reverse("proposal_nominate", args=[2022, 1])),
        ("post", reverse("proposals_bulk_approve", args=[2022, 1])),
        ("get", reverse("proposal_detail", args=[p.pk])),
        ("get", reverse("proposal_edit", args=[p.pk])),
        ("post", reverse("proposal_delete", args=[p.pk])),
        ("post", reverse("proposal_decide", args=[p.pk])),
        ("get", reverse("ward_targets", args=[2022, 1])),
        ("get", reverse("ward_target_add", args=[2022, 1])),
        ("get", reverse("ward_target_edit", args=[2022, 1, t.pk])),
        ("post", reverse("ward_target_delete", args=[2022, 1, t.pk])),
        ("get", reverse("pledges", args=[2022])),
        ("get", reverse("pledge_add", args=[2022])),
        ("get", reverse("pledge_edit", args=[2022, pledge.pk])),
        ("post", reverse("pledge_move", args=[2022, pledge.pk])),
        ("post", reverse("pledge_delete", args=[2022, pledge.pk])),
        ("get", reverse("pledges_xlsx", args=[2022])),
        ("get", reverse("pledges_pdf", args=[2022])),
        ("get", reverse("decisions_list", args=[2022])),
        ("get", reverse("decision_create", args=[2022, 1])),
    ]


def test_tdp_roles_get_403_everywhere(client, phase1, team_user, officer_user):
    views = all_views(phase1)
    for user in (team_user, officer_user):
        client.logout()
        login(client, user)
        for method, url in views:
            assert getattr(client, method)(url).status_code == 403, (user, url)


def test_anonymous_is_sent_to_login(client, phase1):
    for method, url in all_views(phase1):
        r = getattr(client, method)(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), url


def test_read_only_roles_see_pages_but_cannot_compile(client, phase1, staff_user, chairman_user):
    views = all_views(phase1)
    compile_only = {
        reverse("proposals_generate", args=[2022, 1]),
        reverse("proposal_nominate", args=[2022, 1]),
        reverse("ward_target_add", args=[2022, 1]),
        reverse("pledge_add", args=[2022]),
    }
    decision_create = reverse("decision_create", args=[2022, 1])
    for user in (staff_user, chairman_user):
        client.logout()
        login(client, user)
        for method, url in views:
            if url in compile_only:
                assert getattr(client, method)(url).status_code == 403, (user, url)
            elif url == decision_create:  # the office, an administrator or the Chairman
                expected = 200 if user == chairman_user else 403
                assert client.get(url).status_code == expected, (user, url)
            elif method == "get" and "/sua/" not in url:
                assert client.get(url).status_code == 200, (user, url)


def test_other_ward_year_is_404(client, office_user, phase1):
    c = login(client, office_user)
    assert c.get(reverse("proposals_list", args=[2021, 1])).status_code == 404
    assert c.get(reverse("proposals_list", args=[2022, 7])).status_code == 404
    assert c.get(reverse("proposal_detail", args=[999999])).status_code == 404


# --- pledge list ---------------------------------------------------------------------------------


def test_pledge_list_is_seeded_and_reorderable(client, office_user, campaign):
    c = login(client, office_user)
    html = c.get(reverse("pledges", args=[2022])).content.decode()
    assert "Hội Phụ nữ" in html and "Lê Thị Huỳnh Vân" in html
    assert Pledge.objects.filter(campaign=campaign).count() == 22
    second = Pledge.objects.filter(campaign=campaign)[1]
    c.post(reverse("pledge_move", args=[2022, second.pk]), {"direction": "up"})
    order = list(Pledge.objects.filter(campaign=campaign).values_list("organisation", flat=True))
    assert order[:2] == ["Hội Nông dân", "Hội Phụ nữ"]
    c.post(
        reverse("pledge_add", args=[2022]),
        {
            "organisation": unicodedata.normalize("NFD", "Viettel Yên Bái"),
            "representative": "Lê Văn Hùng",
        },
    )
    last = Pledge.objects.filter(campaign=campaign).last()
    assert last.organisation == "Viettel Yên Bái" and last.position == 23


def test_pledge_xlsx_reads_back(client, staff_user, campaign):
    r = login(client, staff_user).get(reverse("pledges_xlsx", args=[2022]))
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "STT")
    assert rows[header][:3] == ("STT", "Đơn vị", "Người đại diện")
    data = [row for row in rows[header + 1 :] if isinstance(row[0], int)]
    assert len(data) == 22
    assert data[0][1:3] == ("Hội Phụ nữ", "Nguyễn Thị Hải")
    assert rows[0][0] == "UBND THÀNH PHỐ YÊN BÁI"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [v for v in rows[0] if v]


def test_decide_redirect_stays_on_site(client, chairman_user, phase1):
    p = make_nomination(phase1)
    c = login(client, chairman_user)
    r = c.post(
        reverse("proposal_decide", args=[p.pk]),
        {"action": "approve", "next": "https://evil.example/"},
    )
    assert r["Location"] == reverse("proposal_detail", args=[p.pk])
    back = reverse("proposals_list", args=[2022, 1]) + f"#line-{p.pk}"
    r = c.post(reverse("proposal_decide", args=[p.pk]), {"action": "approve", "next": back})
    assert r["Location"] == back


def test_pledge_pdf(client, staff_user, campaign):
    import subprocess
    import tempfile

    r = login(client, staff_user).get(reverse("pledges_pdf", args=[2022]))
    assert r["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(r.content)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True).stdout.decode()
    flat = " ".join(text.split())
    assert "DANH SÁCH KÝ CAM KẾT THI ĐUA" in flat
    assert "Ban công tác mặt trận 18" in flat and "Lê Thị Huỳnh Vân" in flat
    assert "Bùi Thị Thuồng Mai" in flat
