"""Procedure documents: phiếu tự chấm điểm (blank, household, TDP batch), bảng tổng hợp of a
TDP, bảng kết quả toàn phường — PDFs read back as text and fonts, workbooks read back."""

import datetime
import subprocess
import tempfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from awards.documents import selfassessment, summaries
from awards.documents import ward_results as ward_table
from households.models import CulturalHouse, Household, Resident
from scoring.models import CulturalHouseCheck
from scoring.snapshots import freeze
from tests.support import ADULT, ALL_MET, CHILD, EIGHT_MET, NINE_MET, PASSWORD, make_household

REF = datetime.date(2022, 8, 31)  # phase 1 reference date


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", f.name, "-"], capture_output=True, check=True
        )
    return out.stdout.decode("utf-8")


def pdf_fonts(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        out = subprocess.run(["pdffonts", f.name], capture_output=True, check=True)
    return out.stdout.decode()


def pages(content: bytes) -> int:
    return len(PdfReader(BytesIO(content)).pages)


def sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] in ("STT", "Xếp hạng"))
    return rows, header


@pytest.fixture
def register(phase1, tdp, other_tdp):
    """TDP 8: 001 (2 adults + child) digital; 002 one adult not digital; 003 only a child.
    TDP 9: 004 digital. Plus edge cases of R1 in 001."""
    h1 = make_household(tdp, "001", [(ADULT, ALL_MET), (ADULT, NINE_MET), (CHILD, None)], phase1)
    Resident.objects.filter(household=h1).order_by("id")
    head = h1.residents.order_by("id").first()
    head.full_name = "Nguyễn Văn Thành"
    head.save()
    h1.head = head
    h1.save()
    Resident.objects.create(
        household=h1, full_name="Đỗ Thị Vừa Đủ", birth_date=datetime.date(2004, 8, 31)
    )  # 18 on the reference date itself (R1)
    Resident.objects.create(
        household=h1, full_name="Lê Văn Chưa Đủ", birth_date=datetime.date(2004, 9, 1)
    )
    Resident.objects.create(
        household=h1,
        full_name="Phạm Thị Đã Chuyển",
        birth_date=ADULT,
        status=Resident.Status.MOVED,
    )
    make_household(tdp, "002", [(ADULT, EIGHT_MET)], phase1)
    make_household(tdp, "003", [(CHILD, None)], phase1)
    make_household(other_tdp, "004", [(ADULT, ALL_MET)], phase1)
    return phase1


# --- (a) phiếu tự chấm điểm -------------------------------------------------------------------


def test_blank_form_is_one_page_with_the_plan_wording(client, phase1, team_user):
    r = login(client, team_user).get(reverse("selfassessment_blank", args=[2022, 1, "pdf"]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert pages(r.content) == 1
    text = pdf_text(r.content)
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHIẾU TỰ CHẤM ĐIỂM CÔNG DÂN SỐ",
        "TC10",
        "Công dân có tài khoản trên Cổng dịch vụ công quốc gia.",
        "Áp dụng tính với công dân từ đủ 18 tuổi trở lên trong gia đình.",
        "Đạt Công dân số nếu được số điểm: 90/100 điểm.",
        "(Ký, ghi rõ họ tên)",
        "ngày chốt số liệu 31/08/2022",
    ):
        assert phrase in " ".join(text.split()), phrase
    rows = [line.split() for line in text.splitlines() if line.strip()[:1].isdigit()]
    assert [int(r[0]) for r in rows if r[0].isdigit()][-1] == selfassessment.BLANK_FORM_ROWS
    # Only the shipped serif, embedded (no machine fallback font for any glyph).
    fonts = [line.split() for line in pdf_fonts(r.content).splitlines()[2:] if line.strip()]
    assert fonts and all("DongTam-Serif" in f[0] for f in fonts), fonts
    assert all(f[-5] == "yes" for f in fonts)  # emb column


def test_household_form_lists_adults_eligible_on_reference_date(client, register, office_user):
    household = Household.objects.get(code="001")
    r = login(client, office_user).get(
        reverse("selfassessment_household", args=[2022, 1, household.pk, "pdf"])
    )
    assert pages(r.content) == 1
    text = pdf_text(r.content)
    assert "Nguyễn Văn Thành (chủ hộ)" in text
    assert "Đỗ Thị Vừa Đủ" in text and "31/08/2004" in text  # R1: birthday on the date counts
    assert "Lê Văn Chưa Đủ" not in text  # 18 one day later
    assert "Phạm Thị Đã Chuyển" not in text  # moved away
    assert "Mã hộ: 001" in text
    # head first, then by birth date
    forms = selfassessment.selfassessment_forms(
        register, Household.objects.filter(pk=household.pk)
    )
    assert [m.name for m in forms[0].members][0] == "Nguyễn Văn Thành"
    assert len(forms[0].members) == 3 and len(forms[0].rows) == 5


def test_household_form_xlsx(client, register, office_user):
    household = Household.objects.get(code="001")
    r = login(client, office_user).get(
        reverse("selfassessment_household", args=[2022, 1, household.pk, "xlsx"])
    )
    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames == ["Hộ 001"]
    rows, header = sheet_rows(wb.active)
    assert rows[header][:4] == ("STT", "Họ và tên", "Ngày sinh", "TC1")
    assert rows[header][-1] == "Tổng điểm"
    names = [row[1] for row in rows[header + 1 : header + 4]]
    assert names[0] == "Nguyễn Văn Thành" and "Đỗ Thị Vừa Đủ" in names
    assert rows[header + 1][3] == "☐"
    legend = [row[0] for row in rows if row[0] and str(row[0]).startswith("TC5:")]
    assert legend == ["TC5: Công dân có tài khoản trên Cổng dịch vụ công quốc gia."]


def test_tdp_batch_one_page_per_household_with_adults(client, register, team_user):
    r = login(client, team_user).get(reverse("selfassessment_tdp", args=[2022, 1, "8", "pdf"]))
    assert r.status_code == 200
    assert pages(r.content) == 2  # 001 and 002; 003 has no adult (R3 not applicable)
    text = pdf_text(r.content)
    assert "Mã hộ: 001" in text and "Mã hộ: 002" in text and "Mã hộ: 003" not in text
    r = client.get(reverse("selfassessment_tdp", args=[2022, 1, "8", "xlsx"]))
    assert load_workbook(BytesIO(r.content)).sheetnames == ["Hộ 001", "Hộ 002"]


def test_forms_query_count_is_constant(register, tdp, django_assert_max_num_queries):
    qs = Household.objects.filter(tdp=tdp)
    with django_assert_max_num_queries(6) as few:
        selfassessment.selfassessment_forms(register, qs)
    for i in range(15):
        make_household(tdp, f"9{i:02d}", [(ADULT, ALL_MET), (ADULT, None)], register)
    with django_assert_max_num_queries(len(few.captured_queries)):
        forms = selfassessment.selfassessment_forms(register, qs)
    assert len(forms) == 17


# --- (b) bảng tổng hợp ------------------------------------------------------------------------


def test_tdp_summary_pdf_and_xlsx(client, register, tdp, team_user):
    house = CulturalHouse.objects.get(tdp=tdp)
    CulturalHouseCheck.objects.create(
        house=house,
        phase=register,
        has_internet=True,
        has_tv_and_device=True,
        runs_digital_skills_sessions=True,
        party_cell_uses_e_handbook=False,
    )
    c = login(client, team_user)
    r = c.get(reverse("tdp_summary", args=[2022, 1, "8", "pdf"]))
    text = " ".join(pdf_text(r.content).split())
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM CÔNG DÂN SỐ" in text
    assert "TỔ DÂN PHỐ SỐ 8" in text
    assert "001 Nguyễn Văn Thành 3 2 Chưa đạt" in text  # Đỗ Thị Vừa Đủ is unscored
    assert "003" in text and "Không thuộc diện" in text
    assert "Tỷ lệ hộ gia đình công dân số: 0,00 % (0/2 hộ thuộc diện)" in text
    assert "Chưa đạt nhà văn hóa số" in text
    assert "Số liệu tạm tính" in text

    r = c.get(reverse("tdp_summary", args=[2022, 1, "8", "xlsx"]))
    rows, header = sheet_rows(load_workbook(BytesIO(r.content)).active)
    body = rows[header + 1 : header + 4]
    assert [row[1] for row in body] == ["001", "002", "003"]
    assert body[0][2:6] == ("Nguyễn Văn Thành", 3, 2, "Chưa đạt")
    assert body[2][5] == "Không thuộc diện"
    assert rows[header + 4][1] == "Cộng" and rows[header + 4][3:5] == (4, 2)


def test_summary_of_a_digital_tdp_and_frozen(register, other_tdp):
    freeze(register)
    s = summaries.tdp_summary(register, other_tdp)
    assert s.frozen and s.ratio_text == "100,00 %" and s.digital_tdp_text == "Đạt"
    assert [r.family_text for r in s.rows] == ["Đạt"]
    assert "Số liệu tạm tính" not in pdf_text(summaries.tdp_summary_pdf(s))


# --- (c) bảng kết quả toàn phường -------------------------------------------------------------


def test_ward_results_pdf_and_xlsx(client, register, chairman_user):
    c = login(client, chairman_user)
    r = c.get(reverse("ward_results", args=[2022, 1, "pdf"]))
    assert pages(r.content) == 1
    text = " ".join(pdf_text(r.content).split())
    assert "BẢNG KẾT QUẢ THI ĐUA “CHUYỂN ĐỔI SỐ” TOÀN PHƯỜNG" in text
    assert "1 Tổ dân phố số 9 1 1 1 100,00 %" in text
    assert "Đề nghị khen thưởng “Tổ dân phố chuyển đổi số”: Tổ dân phố số 9." in text
    assert "Toàn phường" in text

    r = c.get(reverse("ward_results", args=[2022, 1, "xlsx"]))
    rows, header = sheet_rows(load_workbook(BytesIO(r.content)).active)
    body = rows[header + 1 : header + 17]
    assert len(body) == 16
    assert body[0][:6] == ("1", "Tổ dân phố số 9", 1, 1, 1, "100,00 %")
    assert body[0][10] == "Đề nghị khen"
    assert body[1][:2] == ("2", "Tổ dân phố số 8") and body[1][5] == "0,00 %"
    assert body[2][0] == "—"  # unranked
    total = rows[header + 17]
    assert total[1] == "Toàn phường" and total[2:6] == (4, 3, 1, "33,33 %")


def test_ward_results_query_count_is_constant(register, tdp, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        assert ward_table.ward_results(register).totals["households"] == 4
    for i in range(10):
        make_household(tdp, f"8{i:02d}", [(ADULT, ALL_MET)], register)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert ward_table.ward_results(register).totals["households"] == 14


# --- access -----------------------------------------------------------------------------------


def test_tdp_roles_only_their_own_tdp(client, register, team_user, officer_user, other_tdp):
    foreign = Household.objects.get(code="004")
    own = Household.objects.get(code="001")
    for user in (team_user, officer_user):
        client.logout()
        c = login(client, user)
        assert c.get(reverse("tdp_summary", args=[2022, 1, "8", "xlsx"])).status_code == 200
        assert c.get(reverse("selfassessment_tdp", args=[2022, 1, "8", "xlsx"])).status_code == 200
        assert (
            c.get(reverse("selfassessment_household", args=[2022, 1, own.pk, "xlsx"])).status_code
            == 200
        )
        assert c.get(reverse("tdp_summary", args=[2022, 1, "9", "pdf"])).status_code == 404
        assert c.get(reverse("selfassessment_tdp", args=[2022, 1, "9", "pdf"])).status_code == 404
        assert (
            c.get(
                reverse("selfassessment_household", args=[2022, 1, foreign.pk, "pdf"])
            ).status_code
            == 404
        )
        assert c.get(reverse("ward_results", args=[2022, 1, "pdf"])).status_code == 403
        index = c.get(reverse("reports_index", args=[2022, 1])).content.decode()
        assert "Tổ dân phố số 8" in index and "Tổ dân phố số 9" not in index
        assert reverse("ward_results", args=[2022, 1, "pdf"]) not in index


def test_ward_roles_see_everything(client, register, office_user, staff_user, admin_user):
    for user in (office_user, staff_user, admin_user):
        client.logout()
        c = login(client, user)
        for url in (
            reverse("reports_index", args=[2022, 1]),
            reverse("tdp_summary", args=[2022, 1, "9", "xlsx"]),
            reverse("selfassessment_tdp", args=[2022, 1, "9", "xlsx"]),
            reverse("ward_results", args=[2022, 1, "xlsx"]),
            reverse("selfassessment_blank", args=[2022, 1, "xlsx"]),
        ):
            assert c.get(url).status_code == 200, (user, url)


def test_anonymous_redirected_and_bad_format_404(client, register, office_user):
    urls = [
        reverse("reports_home"),
        reverse("reports_index", args=[2022, 1]),
        reverse("selfassessment_blank", args=[2022, 1, "pdf"]),
        reverse("tdp_summary", args=[2022, 1, "8", "pdf"]),
        reverse("ward_results", args=[2022, 1, "pdf"]),
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), url
    c = login(client, office_user)
    assert c.get(reverse("ward_results", args=[2022, 1, "docx"])).status_code == 404
    assert c.get(reverse("tdp_summary", args=[2022, 1, "77", "pdf"])).status_code == 404


def test_lookup_by_household_code(client, register, team_user):
    c = login(client, team_user)
    url = reverse("selfassessment_lookup", args=[2022, 1])
    own = Household.objects.get(code="001")
    r = c.get(url, {"ma": " 001 ", "fmt": "xlsx"})
    assert r["Location"] == reverse("selfassessment_household", args=[2022, 1, own.pk, "xlsx"])
    r = c.get(url, {"ma": "004"}, follow=True)  # another TDP's household
    assert "Không tìm thấy hộ có mã “004” trong phạm vi của bạn." in r.content.decode()
    r = c.get(
        reverse(
            "selfassessment_household", args=[2022, 1, Household.objects.get(code="003").pk, "pdf"]
        ),
        follow=True,
    )
    assert "không thuộc diện" in r.content.decode()


def test_blank_form_for_a_tdp(client, phase1, team_user):
    c = login(client, team_user)
    url = reverse("selfassessment_blank", args=[2022, 1, "pdf"])
    text = pdf_text(c.get(url, {"to": "8"}).content)
    assert "TỔ DÂN PHỐ SỐ 8" in text
    assert c.get(url, {"to": "9"}).status_code == 404  # not their TDP


def test_documents_home_opens_on_the_current_phase(client, phase2, ward, team_user):
    """scoring.phases.current_phase (step 1 opened most recently), like every other page: a
    campaign set up for a later year does not take over before its forms open."""
    from scoring.models import Campaign, Phase

    c = login(client, team_user)
    assert c.get(reverse("reports_home"))["Location"] == reverse("reports_index", args=[2022, 2])
    later = Campaign.objects.create(ward=ward, year=2099, name="Chuyển đổi số 2099")
    day = datetime.date(2099, 8, 31)
    Phase.objects.create(
        campaign=later, number=1, name="Giai đoạn 1", kind=Phase.Kind.PRELIMINARY,
        reference_date=day, award_threshold=85,
        step1_opens=day, step1_closes=day, step2_opens=day, step2_closes=day,
        step3_opens=day, step3_closes=day, step4_opens=day,
    )  # fmt: skip
    assert c.get(reverse("reports_home"))["Location"] == reverse("reports_index", args=[2022, 2])
