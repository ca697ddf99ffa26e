"""Decisions: numbering (never repeats in a ward's year), amounts and total, gold-book
numbers, locked lines, the decision page and its workbook."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.decisions import services as dsvc
from awards.decisions.forms import parse_dong
from awards.models import AwardProposal, Decision
from awards.procedure.errors import ProcedureError
from awards.proposals import services as svc
from tests.support import PASSWORD

Status = AwardProposal.Status
SIGNED = datetime.date(2022, 9, 15)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def approved(phase, chairman, name, category="collective", **kw):
    data = {
        "category": category,
        "recipient_name": name,
        "proposing_unit": "Bộ phận Văn phòng",
        "achievement": "Thành tích xuất sắc",
        **kw,
    }
    p = svc.save_nomination(phase, data, None)
    return svc.decide(p, chairman, approve=True)


def issue(phase, lines, number=1, signed_on=SIGNED):
    return dsvc.create_decision(
        phase,
        number=number,
        signed_on=signed_on,
        signer_name="Nguyễn Ngọc Hà",
        signer_title="CHỦ TỊCH",
        title="Về việc khen thưởng",
        lines=lines,
    )


def test_format_dong_and_parse():
    assert dsvc.format_dong(Decimal(1500000)) == "1.500.000 đ"
    assert dsvc.format_dong(0) == "0 đ"
    assert parse_dong("1.500.000") == Decimal(1500000)
    assert parse_dong(" 1 500 000 đ ") == Decimal(1500000)
    assert parse_dong("") is None
    with pytest.raises(ValueError):
        parse_dong("một triệu")


def test_next_number_and_duplicate_refused(phase1, chairman_user, ward):
    a = approved(phase1, chairman_user, "Hội Phụ nữ")
    b = approved(phase1, chairman_user, "Đoàn Thanh niên")
    assert dsvc.next_decision_number(ward, 2022) == 1
    issue(phase1, [dsvc.AwardLine(a.pk, Decimal(500000))], number=12)
    assert dsvc.next_decision_number(ward, 2022) == 13
    assert dsvc.next_decision_number(ward, 2023) == 1
    with pytest.raises(ProcedureError) as exc:
        issue(phase1, [dsvc.AwardLine(b.pk, Decimal(500000))], number=12)
    assert exc.value.message_dict["number"] == [
        "Số quyết định 12/QĐ-UBND năm 2022 đã được dùng. Số tiếp theo còn trống: 13."
    ]
    b.refresh_from_db()
    assert b.decision_id is None
    # The same number in another year is a different decision.
    issue(
        phase1, [dsvc.AwardLine(b.pk, Decimal(0))], number=12, signed_on=datetime.date(2023, 1, 5)
    )
    assert Decision.objects.filter(number=12).count() == 2


def test_total_amount_and_decision_page(client, phase1, chairman_user, staff_user):
    a = approved(phase1, chairman_user, "Hội Phụ nữ")
    b = approved(phase1, chairman_user, "Nguyễn Thị Hằng", "individual", recipient_sex="F")
    d = issue(
        phase1,
        [dsvc.AwardLine(a.pk, Decimal(1000000), "12"), dsvc.AwardLine(b.pk, Decimal(500000))],
        number=7,
    )
    assert dsvc.decision_total(d) == Decimal(1500000)
    html = login(client, staff_user).get(reverse("decision_detail", args=[d.pk])).content.decode()
    assert "Quyết định số 7/QĐ-UBND" in html
    assert "1.500.000 đ" in html and "1.000.000 đ" in html and "Bà Nguyễn Thị Hằng" in html
    assert "15/09/2022" in html


def test_gold_book_number_unique_in_ward_year(phase1, chairman_user):
    a = approved(phase1, chairman_user, "A")
    b = approved(phase1, chairman_user, "B")
    c = approved(phase1, chairman_user, "C")
    with pytest.raises(ProcedureError) as exc:
        issue(
            phase1,
            [dsvc.AwardLine(a.pk, Decimal(1), "SV-1"), dsvc.AwardLine(b.pk, Decimal(1), "SV-1")],
        )
    assert "Số sổ vàng SV-1 bị trùng trong quyết định này." in str(exc.value)
    assert not Decision.objects.exists()
    issue(phase1, [dsvc.AwardLine(a.pk, Decimal(1), "SV-1")], number=1)
    with pytest.raises(ProcedureError) as exc:
        issue(phase1, [dsvc.AwardLine(c.pk, Decimal(1), "SV-1")], number=2)
    assert "Số sổ vàng SV-1 đã dùng cho “A” trong Quyết định số 1/QĐ-UBND năm 2022." in str(
        exc.value
    )
    # Another year may reuse it.
    issue(phase1, [dsvc.AwardLine(c.pk, Decimal(1), "SV-1")], 1, datetime.date(2023, 2, 1))


def test_only_approved_undecided_lines(phase1, chairman_user):
    proposed = svc.save_nomination(
        phase1,
        {
            "category": "collective",
            "recipient_name": "X",
            "achievement": "y",
            "proposing_unit": "z",
        },
        None,
    )
    with pytest.raises(ProcedureError) as exc:
        issue(phase1, [dsvc.AwardLine(proposed.pk, Decimal(1))])
    assert "chưa được Chủ tịch duyệt" in str(exc.value)
    a = approved(phase1, chairman_user, "A")
    issue(phase1, [dsvc.AwardLine(a.pk, Decimal(1))], number=1)
    with pytest.raises(ProcedureError) as exc:
        issue(phase1, [dsvc.AwardLine(a.pk, Decimal(1))], number=2)
    assert "đã thuộc một quyết định khác" in str(exc.value)


def test_decided_lines_are_locked(client, phase1, chairman_user):
    a = approved(phase1, chairman_user, "A")
    issue(phase1, [dsvc.AwardLine(a.pk, Decimal(100000))])
    a.refresh_from_db()
    with pytest.raises(ProcedureError):
        svc.decide(a, chairman_user, approve=False, reason="đổi ý")
    r = login(client, chairman_user).post(
        reverse("proposal_decide", args=[a.pk]),
        {"action": "reject", "reason": "đổi ý"},
        follow=True,
    )
    assert "đã thuộc Quyết định số 1/QĐ-UBND" in r.content.decode()
    a.refresh_from_db()
    assert a.status == Status.APPROVED and a.amount == Decimal(100000)
    # Nor does bulk approval or a regeneration touch it.
    assert svc.bulk_approve(phase1, [a.pk], chairman_user) == 0


def form_data(lines, number="3", signed="15/09/2022", **extra):
    data = {
        "number": number,
        "signed_on": signed,
        "signer_name": "Nguyễn Ngọc Hà",
        "signer_title": "CHỦ TỊCH",
        "title": "Khen thưởng sơ kết",
    }
    for pk, amount, book in lines:
        data[f"pick_{pk}"] = "on"
        data[f"amount_{pk}"] = amount
        data[f"gold_book_{pk}"] = book
    data.update(extra)
    return data


def test_decision_form_flow(client, phase1, chairman_user, office_user, ward):
    a = approved(phase1, chairman_user, "Hội Phụ nữ")
    b = approved(phase1, chairman_user, "Hội Nông dân")
    c = login(client, office_user)
    url = reverse("decision_create", args=[2022, 1])
    page = c.get(url).content.decode()
    assert "Hội Phụ nữ" in page and "Hội Nông dân" in page
    assert 'value="Nguyễn Ngọc Hà"' in page  # default signer: the ward's Chairman
    assert "Số tiếp theo" in page or "số tiếp theo" in page

    r = c.post(url, form_data([(a.pk, "1.500.000", "01"), (b.pk, "abc", "")]))
    assert "Mức thưởng của “Hội Nông dân” không hợp lệ" in r.content.decode()
    r = c.post(url, form_data([(a.pk, "1.500.000", "01"), (b.pk, "700.000", "02")]))
    assert r.status_code == 302
    d = Decision.objects.get()
    assert (d.number, d.year, d.signed_on, d.phase) == (3, 2022, SIGNED, phase1)
    assert dsvc.decision_total(d) == Decimal(2200000)
    assert d.awards.count() == 2 and d.created_by == office_user


def test_duplicate_number_form_error_suggests_next(client, phase1, chairman_user, office_user):
    a = approved(phase1, chairman_user, "A")
    b = approved(phase1, chairman_user, "B")
    issue(phase1, [dsvc.AwardLine(a.pk, Decimal(1))], number=3)
    r = login(client, office_user).post(
        reverse("decision_create", args=[2022, 1]), form_data([(b.pk, "100.000", "")])
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "Số quyết định 3/QĐ-UBND năm 2022 đã được dùng. Số tiếp theo còn trống: 4." in html


def test_decision_needs_a_line(client, phase1, chairman_user, office_user):
    approved(phase1, chairman_user, "A")
    r = login(client, office_user).post(reverse("decision_create", args=[2022, 1]), form_data([]))
    assert "Chọn ít nhất một đề nghị" in r.content.decode()
    assert not Decision.objects.exists()


def test_staff_and_tdp_roles_cannot_issue(client, phase1, staff_user, team_user, chairman_user):
    a = approved(phase1, chairman_user, "A")
    for user in (staff_user, team_user):
        client.logout()
        r = login(client, user).post(
            reverse("decision_create", args=[2022, 1]), form_data([(a.pk, "1", "")])
        )
        assert r.status_code == 403
    assert not Decision.objects.exists()


def test_decision_views_permissions(client, phase1, chairman_user, team_user, officer_user):
    a = approved(phase1, chairman_user, "A")
    d = issue(phase1, [dsvc.AwardLine(a.pk, Decimal(1))])
    urls = [
        reverse("decision_detail", args=[d.pk]),
        reverse("decision_xlsx", args=[d.pk]),
        reverse("decision_list_pdf", args=[d.pk]),
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    for user in (team_user, officer_user):
        client.logout()
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 403


def test_decision_xlsx_reads_back(client, phase1, chairman_user, staff_user):
    a = approved(phase1, chairman_user, "Hội Phụ nữ")
    b = approved(phase1, chairman_user, "Trần Văn Tý", "individual", recipient_sex="M")
    d = issue(
        phase1,
        [dsvc.AwardLine(a.pk, Decimal(1000000), "SV-7"), dsvc.AwardLine(b.pk, Decimal(500000))],
        number=9,
    )
    r = login(client, staff_user).get(reverse("decision_xlsx", args=[d.pk]))
    ws = load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert any("QUYẾT ĐỊNH SỐ 9/QĐ-UBND" in (row[0] or "") for row in rows)
    header = next(i for i, row in enumerate(rows) if row[0] == "STT")
    data = rows[header + 1 : header + 3]
    assert data[0][1] == "Hội Phụ nữ" and data[0][5] == "SV-7" and data[0][6] == 1000000
    assert data[1][1] == "Ông Trần Văn Tý" and data[1][6] == 500000
    assert rows[header + 3][1] == "Tổng cộng" and rows[header + 3][6] == 1500000


def test_decision_page_links_merit_pdf_only_when_available(client, phase1, chairman_user):
    from django.urls import NoReverseMatch

    a = approved(phase1, chairman_user, "A")
    d = issue(phase1, [dsvc.AwardLine(a.pk, Decimal(1))])
    html = (
        login(client, chairman_user).get(reverse("decision_detail", args=[d.pk])).content.decode()
    )
    try:
        url = reverse("decision_merit_pdf", args=[d.pk])
    except NoReverseMatch:
        assert "In Giấy khen" not in html
    else:
        assert url in html


def test_decisions_list_shows_total(client, phase1, chairman_user, staff_user):
    a = approved(phase1, chairman_user, "A")
    b = approved(phase1, chairman_user, "B")
    issue(phase1, [dsvc.AwardLine(a.pk, Decimal(1000000)), dsvc.AwardLine(b.pk, Decimal(250000))])
    html = login(client, staff_user).get(reverse("decisions_list", args=[2022])).content.decode()
    assert "1/QĐ-UBND" in html and "1.250.000 đ" in html


def test_decision_page_query_count_is_constant(
    client, phase1, chairman_user, django_assert_max_num_queries
):
    first = [approved(phase1, chairman_user, f"A{i}") for i in range(2)]
    small = issue(phase1, [dsvc.AwardLine(p.pk, Decimal(1)) for p in first], number=1)
    more = [approved(phase1, chairman_user, f"B{i}") for i in range(12)]
    big = issue(phase1, [dsvc.AwardLine(p.pk, Decimal(1)) for p in more], number=2)
    c = login(client, chairman_user)
    c.get(reverse("decision_detail", args=[small.pk]))
    with django_assert_max_num_queries(15) as few:
        c.get(reverse("decision_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = c.get(reverse("decision_detail", args=[big.pk])).content.decode()
    assert "B11" in html and "12 đ" in html  # twelve awards of 1 đ each


def test_decision_list_pdf(client, phase1, chairman_user, staff_user):
    import subprocess
    import tempfile

    a = approved(phase1, chairman_user, "Hội Phụ nữ")
    b = approved(phase1, chairman_user, "Trần Văn Tý", "individual", recipient_sex="M")
    d = issue(
        phase1,
        [dsvc.AwardLine(a.pk, Decimal(1000000), "SV-7"), dsvc.AwardLine(b.pk, Decimal(500000))],
        number=9,
    )
    r = login(client, staff_user).get(reverse("decision_list_pdf", args=[d.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(r.content)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True).stdout.decode()
    flat = " ".join(text.split())
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG" in flat
    assert "Kèm theo Quyết định số 9/QĐ-UBND ngày 15 tháng 9 năm 2022" in flat
    assert "Ông Trần Văn Tý" in flat and "SV-7" in flat
    assert "1.000.000" in flat and "1.500.000" in flat
    assert "Nguyễn Ngọc Hà" in flat and "TM. ỦY BAN NHÂN DÂN" in flat
