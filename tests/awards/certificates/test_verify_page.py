"""The public verification page behind the QR code: valid / revoked / unknown, no log-in,
nothing personal beyond what is needed to trust the paper."""

import datetime

import pytest
from django.urls import reverse

from awards.certificates import services as svc
from tests.awards.pdf_support import make_family


@pytest.fixture
def certificate(phase2, tdp):
    make_family(
        tdp,
        "801",
        "Nguyễn Thị Hải",
        "F",
        phase2,
        cccd="015175000123",
        members=[
            (
                "Nguyễn Văn Con",
                datetime.date(2001, 6, 2),
                {"tc1": True, **{f"tc{n}": True for n in range(2, 11)}},
            )
        ],
    )
    return svc.issue_certificates(phase2, today=datetime.date(2022, 11, 5)).certificates[0]


def url(cert):
    return reverse("verify_certificate", args=[cert.verification_code])


def test_valid_certificate_anonymous(client, certificate):
    response = client.get(url(certificate))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "Còn hiệu lực",
        "Nguyễn Thị Hải",
        "Tổ dân phố số 8",
        "năm 2022",
        "05/11/2022",
        certificate.number,
    ):
        assert expected in html
    assert '<meta name="robots" content="noindex' in html
    assert response["X-Robots-Tag"].startswith("noindex")
    # Nothing else personal: no birth date, no CCCD, no other member, no household code.
    for private in ("14/03/1975", "1975", "015175000123", "000123", "Nguyễn Văn Con", "801"):
        assert private not in html, private
    assert "Đăng xuất" not in html


def test_revoked_certificate(client, certificate, office_user):
    svc.revoke(certificate, office_user, "Phát hiện kê khai sai tiêu chí 9")
    response = client.get(url(certificate))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã thu hồi" in html
    assert "Còn hiệu lực" not in html
    assert "kê khai sai" not in html  # the reason stays internal
    assert certificate.number in html


def test_unknown_code_is_a_vietnamese_404(client, certificate):
    response = client.get(reverse("verify_certificate", args=["khong-co-ma-nay"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy giấy chứng nhận" in html
    assert "Nguyễn Thị Hải" not in html


def test_lookup_by_typed_code_or_address(client, certificate):
    assert client.get(reverse("verify_lookup")).status_code == 200
    response = client.get(reverse("verify_lookup"), {"ma": f"  {certificate.verification_code} "})
    assert response.status_code == 302
    assert response["Location"] == url(certificate)
    full = f"http://127.0.0.1:8000/xac-minh/{certificate.verification_code}/"
    response = client.get(reverse("verify_lookup"), {"ma": full})
    assert response["Location"] == url(certificate)


def test_verification_query_count_is_constant(client, certificate, django_assert_num_queries):
    # One for the certificate; five for the per-address counter in the database cache
    # (dongtam.ratelimit), whatever the number of certificates.
    with django_assert_num_queries(6):
        client.get(url(certificate))
