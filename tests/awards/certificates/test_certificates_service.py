"""Family certificates (R3, R13): numbering, stability on re-print, revoking, the printed
pages, and the print_certificates command (INTERFACES.md "Certificates")."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.certificates import services as svc
from awards.models import FamilyCertificate
from awards.printing.pdf import NothingToPrint
from awards.procedure.errors import ProcedureError
from households.models import Resident
from scoring.models import Assessment
from scoring.snapshots import freeze
from tests.awards.pdf_support import (
    SEVEN_MET,
    make_family,
    page_count,
    page_size_mm,
    page_texts,
    pdf_fonts,
    pdf_text,
)


@pytest.fixture
def families(phase2, tdp, other_tdp):
    """Three digital families (R3) and one that is not, in mixed creation order."""
    make_family(other_tdp, "901", "Trần Văn Đức", "M", phase2)
    make_family(tdp, "802", "Lê Thị Phương Thảo", "F", phase2)
    make_family(tdp, "801", "Nguyễn Thị Hải", "F", phase2)
    make_family(tdp, "803", "Phạm Văn Không Đạt", "M", phase2, criteria=SEVEN_MET)
    return phase2


def numbers(issued):
    return [c.number for c in issued.certificates]


def test_numbers_follow_tdp_then_household_order(families, tdp):
    issued = svc.issue_certificates(families)
    assert numbers(issued) == ["2022-GĐCDS-000001", "2022-GĐCDS-000002", "2022-GĐCDS-000003"]
    assert [c.head_name for c in issued.certificates] == [
        "Nguyễn Thị Hải",  # TDP 8, household 801
        "Lê Thị Phương Thảo",  # TDP 8, household 802
        "Trần Văn Đức",  # TDP 9
    ]
    assert issued.created == 3
    assert {c.tdp_name for c in issued.certificates} == {"Tổ dân phố số 8", "Tổ dân phố số 9"}


def test_reprint_keeps_numbers_and_codes_new_family_gets_next(families, tdp):
    first = svc.issue_certificates(families)
    codes = {c.household_id: (c.number, c.verification_code) for c in first.certificates}
    make_family(tdp, "800", "Đỗ Văn Mới", "M", families)  # sorts first, issued last
    again = svc.issue_certificates(families)
    assert again.created == 1
    for c in again.certificates:
        if c.household_id in codes:
            assert (c.number, c.verification_code) == codes[c.household_id]
    new = next(c for c in again.certificates if c.head_name == "Đỗ Văn Mới")
    assert new.number == "2022-GĐCDS-000004"
    assert again.certificates[0] == new  # printed in household-code order
    assert FamilyCertificate.objects.count() == 4


def test_codes_are_unique_and_unguessable(families):
    issued = svc.issue_certificates(families)
    codes = [c.verification_code for c in issued.certificates]
    assert len(set(codes)) == len(codes)
    assert all(len(code) >= 20 and re.fullmatch(r"[A-Za-z0-9_-]+", code) for code in codes)


def test_numbering_runs_per_campaign_across_phases(families, phase1, tdp):
    svc.issue_certificates(families)
    make_family(tdp, "810", "Vũ Thị Lan", "F", phase1)
    issued1 = svc.issue_certificates(phase1)
    assert numbers(issued1) == ["2022-GĐCDS-000004"]


def test_family_no_longer_digital_keeps_certificate_but_is_not_printed(families, tdp):
    svc.issue_certificates(families)
    hai = Resident.objects.get(full_name="Nguyễn Thị Hải")
    Assessment.objects.filter(resident=hai).update(tc1=False, tc2=False)
    again = svc.issue_certificates(families)
    assert "Nguyễn Thị Hải" not in [c.head_name for c in again.certificates]
    kept = FamilyCertificate.objects.get(head_name="Nguyễn Thị Hải")
    assert kept.is_valid and kept.number == "2022-GĐCDS-000001"


def test_corrected_name_is_printed_under_the_same_number(families):
    svc.issue_certificates(families)
    Resident.objects.filter(full_name="Trần Văn Đức").update(full_name="Trần Văn Đực")
    again = svc.issue_certificates(families)
    cert = next(c for c in again.certificates if c.number == "2022-GĐCDS-000003")
    assert cert.head_name == "Trần Văn Đực"
    assert cert.history.count() == 2  # issued, then renamed (kept in history)


def test_frozen_snapshot_decides_after_approval(families, office_user):
    """R13: once approved, later edits do not change who gets a certificate."""
    freeze(families, office_user)
    hai = Resident.objects.get(full_name="Nguyễn Thị Hải")
    Assessment.objects.filter(resident=hai).update(tc1=False, tc2=False)
    issued = svc.issue_certificates(families)
    assert "Nguyễn Thị Hải" in [c.head_name for c in issued.certificates]


def test_revoke_requires_reason_and_is_kept(families, office_user):
    cert = svc.issue_certificates(families).certificates[0]
    with pytest.raises(ProcedureError) as err:
        svc.revoke(cert, office_user, "   ")
    assert "lý do" in str(err.value)
    cert.refresh_from_db()
    assert cert.is_valid
    svc.revoke(cert, office_user, "Kê khai  không đúng")
    cert.refresh_from_db()
    assert not cert.is_valid
    assert cert.revoked_reason == "Kê khai không đúng"
    assert cert.revoked_by == office_user
    assert cert.history.first().history_change_reason == "Kê khai không đúng"
    with pytest.raises(ProcedureError, match="đã bị thu hồi"):
        svc.revoke(cert, office_user, "lần nữa")


def test_revoked_certificate_is_not_printed_again(families, office_user):
    cert = svc.issue_certificates(families).certificates[0]
    svc.revoke(cert, office_user, "Sai thông tin")
    again = svc.issue_certificates(families)
    assert cert.number not in numbers(again)
    assert again.revoked_skipped == 1
    assert FamilyCertificate.objects.count() == 3


def test_issue_query_count_is_constant(phase2, tdp):
    for i in range(3):
        make_family(tdp, f"A{i}", f"Hộ A{i}", "M", phase2)
    with CaptureQueriesContext(connection) as small:
        svc.issue_certificates(phase2)
        svc.issue_certificates(phase2)
    for i in range(12):
        make_family(tdp, f"B{i:02d}", f"Hộ B{i}", "F", phase2)
    FamilyCertificate.objects.all().delete()
    with CaptureQueriesContext(connection) as large:
        svc.issue_certificates(phase2)
        svc.issue_certificates(phase2)
    assert len(large) == len(small)


def test_rendered_pages(families, settings):
    settings.SITE_URL = "https://dongtam.example.vn"
    pdf, issued = svc.render_family_certificates(families)
    assert page_count(pdf) == 3  # one page per digital family (R3)
    assert page_size_mm(pdf) == (297, 210)  # A4 landscape
    pages = page_texts(pdf)
    assert len(pages) == 3
    first = pages[0]
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN",
        "GIA ĐÌNH CÔNG DÂN SỐ",
        "Bà Nguyễn Thị Hải",
        "Tổ dân phố số 8",
        "2022-GĐCDS-000001",
        "Nguyễn Ngọc Hà",  # the Chairman (fixture)
    ):
        assert expected in first, expected
    assert "Ông Trần Văn Đức" in pages[2]
    # The verification address is printed whole on one line beneath the QR code, with the
    # code a person can read aloud.
    cert = issued.certificates[0]
    url = f"https://dongtam.example.vn/xac-minh/{cert.verification_code}/"
    assert any(url in line for line in first.splitlines())
    assert f"Mã xác minh: {cert.verification_code}" in first
    # R14: dated on the phase's decision, never on the day of printing; none recorded yet,
    # so its lines are left blank for the pen.
    assert cert.issued_on.strftime("%d/%m/%Y") not in first
    assert "……/QĐ-UBND" in first
    fonts = pdf_fonts(pdf)
    assert fonts and all(f["embedded"] for f in fonts)
    assert {f["family"] for f in fonts} == {"Liberation Serif"}


def test_qr_code_encodes_the_verification_address(families, settings):
    settings.SITE_URL = "https://dongtam.example.vn"
    issued = svc.issue_certificates(families)
    page = svc.certificate_pages(issued)[0]
    assert page["verify_url"] == (
        f"https://dongtam.example.vn/xac-minh/{issued.certificates[0].verification_code}/"
    )
    # The printed image is exactly the QR code of that address (module by module).
    import base64
    import io

    import segno
    from PIL import Image

    prefix = "data:image/png;base64,"
    assert page["qr_png"].startswith(prefix)
    image = Image.open(io.BytesIO(base64.b64decode(page["qr_png"][len(prefix) :]))).convert("L")
    expected = segno.make(page["verify_url"], error="m", micro=False)
    rows = list(expected.matrix_iter(scale=1, border=4))
    assert image.size == (len(rows[0]), len(rows))
    pixels = image.load()
    assert all(
        (pixels[x, y] < 128) == bool(dark)
        for y, row in enumerate(rows)
        for x, dark in enumerate(row)
    )


def test_nothing_to_print(phase1, tdp):
    with pytest.raises(NothingToPrint, match="chưa có gia đình công dân số"):
        svc.render_family_certificates(phase1, tdp)


def test_head_title_by_sex():
    assert svc.head_title("M") == "Ông"
    assert svc.head_title("F") == "Bà"
    assert svc.head_title("") == "Ông/Bà"


# ---------------------------------------------------------------- the command


def test_print_certificates_command(families, tmp_path, capsys):
    out = tmp_path / "gcn.pdf"
    call_command("print_certificates", "--campaign", "2022", "--phase", "2", "--output", str(out))
    data = out.read_bytes()
    assert page_count(data) == 3
    assert "Đã in 3 giấy chứng nhận (3 cấp mới" in capsys.readouterr().out
    text = pdf_text(data)
    assert (
        text.index("Nguyễn Thị Hải")
        < text.index("Lê Thị Phương Thảo")
        < text.index("Trần Văn Đức")
    )
    assert "Phạm Văn Không Đạt" not in text
    # Re-print: same numbers.
    call_command("print_certificates", "--campaign", "2022", "--phase", "2", "--output", str(out))
    assert "0 cấp mới, 3 in lại giữ nguyên số" in capsys.readouterr().out
    assert sorted(re.findall(r"2022-GĐCDS-\d{6}", pdf_text(out.read_bytes()))) == [
        "2022-GĐCDS-000001",
        "2022-GĐCDS-000002",
        "2022-GĐCDS-000003",
    ]


def test_print_certificates_one_tdp(families, tmp_path):
    out = tmp_path / "to8.pdf"
    call_command(
        "print_certificates", "--campaign", "2022", "--phase", "2", "--tdp", "08",
        "--output", str(out),
    )  # fmt: skip
    text = pdf_text(out.read_bytes())
    assert page_count(out.read_bytes()) == 2
    assert "Trần Văn Đức" not in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--phase", "1"], "Không có giấy chứng nhận nào để in"),
        (["--phase", "2", "--tdp", "13"], "Không có tổ dân phố mã “13”"),
        (["--phase", "7"], "7"),
    ],
)
def test_print_certificates_errors(families, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("print_certificates", "--campaign", "2022", *args, "--output", str(out))
    assert not out.exists()


def test_print_certificates_exit_status(families, tmp_path, capsys):
    """As from the shell: non-zero exit status and the message on stderr."""
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(
            ["manage.py", "print_certificates", "--campaign", "2022", "--phase", "1",
             "--output", str(tmp_path / "x.pdf")]
        )  # fmt: skip
    assert exit_.value.code != 0
    assert "Không có giấy chứng nhận nào để in" in capsys.readouterr().err


def test_issued_on_defaults_to_today(families):
    issued = svc.issue_certificates(families, today=datetime.date(2022, 11, 5))
    assert {c.issued_on for c in issued.certificates} == {datetime.date(2022, 11, 5)}


def test_two_wards_number_the_same_year_independently(families):
    """A city deployment: each ward's campaign numbers its own certificates from 1."""
    from households.models import ResidentialGroup, Ward
    from scoring.models import Campaign, Phase

    other_ward = Ward.objects.create(code="nguyen-thai-hoc", name="Nguyễn Thái Học")
    other_tdp = ResidentialGroup.objects.create(ward=other_ward, code="1", name="Tổ dân phố số 1")
    other_campaign = Campaign.objects.create(ward=other_ward, year=2022, name="CĐS 2022")
    windows = {
        f"step{n}_{edge}": getattr(families, f"step{n}_{edge}")
        for n in (1, 2, 3, 4)
        for edge in ("opens", "closes")
    }
    other_phase = Phase.objects.create(
        campaign=other_campaign,
        number=2,
        name="Tổng kết",
        kind=Phase.Kind.FINAL,
        reference_date=families.reference_date,
        award_threshold=90,
        **windows,
    )
    make_family(other_tdp, "101", "Hoàng Văn Nam", "M", other_phase)

    ours = svc.issue_certificates(families)
    theirs = svc.issue_certificates(other_phase)

    assert numbers(ours)[0] == "2022-GĐCDS-000001"
    assert numbers(theirs) == ["2022-GĐCDS-000001"]
    assert FamilyCertificate.objects.filter(number="2022-GĐCDS-000001").count() == 2
