"""R14: certificates rest on the Chairman's decision — each shows "Quyết định số …/QĐ-UBND"
with its date and is dated on it, whatever day it is printed; without one, the lines are left
blank for the pen (INTERFACES.md "Certificates", `--decision … --decision-date …`)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards.certificates import services as svc
from awards.models import CertificateDecision, PrintJob
from awards.procedure.errors import ProcedureError
from tests.awards.pdf_support import make_family, page_texts


@pytest.fixture
def families(phase2, tdp):
    make_family(tdp, "801", "Nguyễn Thị Hải", "F", phase2)
    make_family(tdp, "802", "Lê Thị Phương Thảo", "F", phase2)
    return phase2


def _print(tmp_path, *extra):
    out = tmp_path / "gcn.pdf"
    call_command(
        "print_certificates", "--campaign", "2022", "--phase", "2", "--output", str(out), *extra
    )
    return page_texts(out.read_bytes())


def test_the_decision_is_recorded_shown_and_dates_every_page(families, tmp_path):
    pages = _print(tmp_path, "--decision", "125/QĐ-UBND", "--decision-date", "2022-11-15")
    assert len(pages) == 2
    for text in pages:
        flat = " ".join(text.split())
        assert "Theo Quyết định số 125/QĐ-UBND ngày 15/11/2022" in flat
        assert "Đồng Tâm, ngày 15 tháng 11 năm 2022" in flat
        today = datetime.date.today()
        assert f"ngày {today.day:02d} tháng" not in flat or today == datetime.date(2022, 11, 15)
    decision = CertificateDecision.objects.get(phase=families)
    assert (decision.reference, decision.signed_on) == ("125/QĐ-UBND", datetime.date(2022, 11, 15))
    # Re-printing later, without the options, keeps the decision and its date.
    again = _print(tmp_path)
    assert "Theo Quyết định số 125/QĐ-UBND ngày 15/11/2022" in " ".join(again[0].split())


def test_without_a_decision_the_lines_are_left_blank(families, tmp_path):
    flat = " ".join(_print(tmp_path)[0].split())
    assert "Theo Quyết định số ……/QĐ-UBND ngày ……/……/………" in flat
    assert "Đồng Tâm, ngày …… tháng …… năm ………" in flat


def test_another_decision_for_the_same_phase_is_refused(families, tmp_path):
    _print(tmp_path, "--decision", "125/QĐ-UBND", "--decision-date", "2022-11-15")
    with pytest.raises(CommandError, match="đã có Quyết định số 125/QĐ-UBND"):
        _print(tmp_path, "--decision", "130/QĐ-UBND", "--decision-date", "2022-11-20")
    with pytest.raises(CommandError, match="Cần cả --decision và --decision-date"):
        _print(tmp_path, "--decision", "125/QĐ-UBND")


def test_references_are_read_as_people_type_them(families):
    assert svc.clean_decision_reference("125") == "125/QĐ-UBND"
    assert svc.clean_decision_reference(" 125/qđ-ubnd ") == "125/QĐ-UBND"
    with pytest.raises(ProcedureError, match="không đúng dạng 125/QĐ-UBND"):
        svc.clean_decision_reference("một trăm")
    with pytest.raises(ProcedureError, match="trước ngày chốt số liệu"):
        svc.record_certificate_decision(families, "125", datetime.date(2022, 10, 1))


def test_the_print_form_records_the_decision(client, office_user, families, monkeypatch):
    monkeypatch.setattr(
        "awards.printing.views.start_print_job",
        lambda kind, params, user: PrintJob.objects.create(
            kind=kind, params=params, created_by=user
        ),
    )
    client.force_login(office_user)
    response = client.post(
        reverse("certificate_print"),
        {"phase": families.pk, "decision_reference": "125/QĐ-UBND", "decision_date": "15.11.2022"},
    )
    assert response.status_code == 302
    assert str(CertificateDecision.objects.get(phase=families)) == (
        "Quyết định số 125/QĐ-UBND ngày 15/11/2022"
    )
    half = client.post(
        reverse("certificate_print"), {"phase": families.pk, "decision_date": "20/11/2022"}
    )
    assert half.status_code == 200 and "Ghi cả số và ngày ký" in half.content.decode()


def test_the_verification_page_shows_the_decisions_date(client, families):
    issued = svc.issue_certificates(families)
    svc.record_certificate_decision(families, "125/QĐ-UBND", datetime.date(2022, 11, 15))
    code = issued.certificates[0].verification_code
    page = client.get(reverse("verify_certificate", args=[code])).content.decode()
    assert "Số 125/QĐ-UBND ngày 15/11/2022" in page
