"""Printing in the browser: background print jobs (run eagerly here), progress, download;
a decision's Giấy khen; certificate list and revoking; permissions of every view."""

import datetime

import pytest
from django.urls import reverse

from awards.certificates import services as svc
from awards.decisions.merit import achievement_text, parse_page_size, signer_lines
from awards.models import AwardProposal, Decision, FamilyCertificate, PrintJob
from awards.printing.tasks import run_print_job, start_print_job
from tests.awards.pdf_support import (
    SEVEN_MET,
    make_family,
    page_count,
    page_size_mm,
    page_texts,
    pdf_fonts,
    pdf_text,
)
from tests.support import PASSWORD, decision_with_award

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def eager_tasks_and_media(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def families(phase2, tdp, other_tdp):
    make_family(tdp, "801", "Nguyễn Thị Hải", "F", phase2)
    make_family(tdp, "802", "Lê Văn Tám", "M", phase2)
    make_family(other_tdp, "901", "Trần Văn Đức", "M", phase2)
    make_family(other_tdp, "902", "Hộ Chưa Đạt", "M", phase2, criteria=SEVEN_MET)
    return phase2


@pytest.fixture
def decision(ward, campaign, phase2, tdp):
    d = decision_with_award(
        phase2,
        recipient_position="Tổ trưởng Tổ CĐS cộng đồng tổ dân phố số 8",
        achievement="Xuất sắc trong hướng dẫn người dân cài đặt VNeID mức độ 2",
        gold_book_number="GK-15",
    )
    AwardProposal.objects.create(
        campaign=campaign,
        phase=phase2,
        category=AwardProposal.Category.TDP,
        tdp=tdp,
        recipient_name="Tổ dân phố số 8",
        achievement="Đã có thành tích xuất sắc trong Phong trào thi đua “Chuyển đổi số”",
        status=AwardProposal.Status.APPROVED,
        decision=d,
    )
    AwardProposal.objects.create(  # not in the decision: not printed
        campaign=campaign,
        phase=phase2,
        category=AwardProposal.Category.INDIVIDUAL,
        recipient_name="Người Không Được Duyệt",
        recipient_sex="M",
        achievement="…",
    )
    return d


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


# ---------------------------------------------------------------- jobs


def test_ward_print_runs_as_job_and_downloads(client, office_user, families):
    login(client, office_user)
    response = client.post(reverse("certificate_print"), {"phase": families.pk, "tdp": ""})
    job = PrintJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("print_job_detail", args=[job.pk])
    assert job.status == PrintJob.Status.DONE
    assert (job.done, job.total) == (3, 3)
    assert job.task_id
    assert job.created_by == office_user

    page = client.get(reverse("print_job_detail", args=[job.pk])).content.decode()
    assert "Hoàn thành" in page and "đã in 3 trang" in page
    assert reverse("print_job_download", args=[job.pk]) in page
    status = client.get(reverse("print_job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["finished"]
    assert status["download_url"] == reverse("print_job_download", args=[job.pk])

    download = client.get(reverse("print_job_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert "toan-phuong" in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    assert page_count(data) == 3
    assert "GIA ĐÌNH CÔNG DÂN SỐ" in pdf_text(data)
    assert FamilyCertificate.objects.count() == 3


def test_tdp_print_job(client, staff_user, families, tdp):
    login(client, staff_user)
    client.post(reverse("certificate_print"), {"phase": families.pk, "tdp": tdp.pk})
    job = PrintJob.objects.get()
    assert job.params == {"phase_id": families.pk, "tdp_id": tdp.pk}
    with job.file.open("rb") as f:
        data = f.read()
    texts = page_texts(data)
    assert len(texts) == 2
    assert "Nguyễn Thị Hải" in texts[0] and "Lê Văn Tám" in texts[1]


def test_job_with_nothing_to_print_fails_with_message(client, office_user, phase1, tdp):
    login(client, office_user)
    client.post(reverse("certificate_print"), {"phase": phase1.pk, "tdp": tdp.pk})
    job = PrintJob.objects.get()
    assert job.status == PrintJob.Status.FAILED
    assert "Không có giấy chứng nhận nào để in" in job.error
    status = client.get(reverse("print_job_status", args=[job.pk])).json()
    assert status["finished"] and status["download_url"] is None
    assert client.get(reverse("print_job_download", args=[job.pk])).status_code == 404


def test_progress_is_reported_while_rendering(families, office_user, monkeypatch):
    seen = []
    original = PrintJob.objects.filter

    def spy(*args, **kwargs):
        qs = original(*args, **kwargs)
        update = qs.update

        def recording_update(**fields):
            if "stage" in fields:
                seen.append(fields["stage"])
            return update(**fields)

        qs.update = recording_update
        return qs

    monkeypatch.setattr(PrintJob.objects, "filter", spy)
    job = start_print_job(
        PrintJob.Kind.FAMILY_CERTIFICATES, {"phase_id": families.pk, "tdp_id": None}, office_user
    )
    assert job.status == PrintJob.Status.DONE
    assert any(s.startswith("Đã chuẩn bị 3 giấy chứng nhận") for s in seen), seen
    assert any(s.startswith("Đang dàn trang") for s in seen), seen
    assert any(s.startswith("Đang ghi tệp PDF") for s in seen), seen


def test_finished_job_is_not_printed_twice(families, office_user):
    job = start_print_job(
        PrintJob.Kind.FAMILY_CERTIFICATES, {"phase_id": families.pk, "tdp_id": None}, office_user
    )
    name = job.file.name
    run_print_job.call(job.pk)
    job.refresh_from_db()
    assert job.file.name == name


def test_job_page_polls_without_cdn(client, office_user, families):
    login(client, office_user)
    job = PrintJob.objects.create(
        kind=PrintJob.Kind.FAMILY_CERTIFICATES,
        params={"phase_id": families.pk},
        created_by=office_user,
        total=1000,
        done=250,
        status=PrintJob.Status.RUNNING,
        stage="Đang dàn trang 250/1.000",
    )
    html = client.get(reverse("print_job_detail", args=[job.pk])).content.decode()
    assert "Đang dàn trang 250/1.000" in html
    assert 'data-width="25"' in html
    assert "js/print_job.js" in html  # polls the status (static/js, no inline script: CSP)
    assert "cdn" not in html.lower() and "https://" not in html
    status = client.get(reverse("print_job_status", args=[job.pk])).json()
    assert status == {
        "id": job.pk,
        "status": "running",
        "status_display": "Đang in",
        "stage": "Đang dàn trang 250/1.000",
        "done": 250,
        "total": 1000,
        "percent": 25,
        "error": "",
        "finished": False,
        "download_url": None,
    }


# ---------------------------------------------------------------- Giấy khen


def test_merit_pdf_layout(client, chairman_user, decision):
    login(client, chairman_user)
    response = client.get(reverse("decision_merit_pdf", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert page_count(data) == 2  # approved awards of the decision only
    assert page_size_mm(data) == (297, 210)  # A4 landscape by default
    pages = page_texts(data)
    first, second = pages
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG ĐỒNG TÂM",
        "TẶNG",
        "GIẤY KHEN",
        "Quyết định số 125/QĐ-UBND ngày 05 tháng 11 năm 2022",
        "Đồng Tâm, ngày 05 tháng 11 năm 2022",
        "Nguyễn Ngọc Hà",
    ):
        assert expected in first, expected
    # Collectives first (TDP award, R6), then individuals with Ông / Bà.
    assert "Tổ dân phố số 8" in first and "Số sổ vàng: ……" in first
    assert "Bà Nguyễn Thị Hải" in second
    assert "Tổ trưởng Tổ CĐS cộng đồng tổ dân phố số 8" in second
    flat = " ".join(second.split())
    assert "Đã có thành tích xuất sắc trong hướng dẫn người dân cài đặt VNeID mức độ 2." in flat
    assert "Số sổ vàng: GK-15" in second
    assert "Người Không Được Duyệt" not in pdf_text(data)
    fonts = pdf_fonts(data)
    assert all(f["embedded"] for f in fonts) and {f["family"] for f in fonts} == {
        "Liberation Serif"
    }


def test_merit_pdf_a3_page_size(client, office_user, decision, settings):
    settings.MERIT_CERTIFICATE_PAGE_SIZE = "A3 landscape"
    login(client, office_user)
    data = client.get(reverse("decision_merit_pdf", args=[decision.pk])).content
    assert page_size_mm(data) == (420, 297)
    assert "GIẤY KHEN" in pdf_text(data)


def test_merit_text_only_prints_variable_fields_at_positions(
    client, office_user, decision, settings
):
    settings.MERIT_CERTIFICATE_PAGE_SIZE = "A3 landscape"
    settings.MERIT_CERTIFICATE_TEXT_ONLY = True
    settings.MERIT_CERTIFICATE_FIELD_POSITIONS = {"recipient": {"x": 10, "y": 20, "size": 30}}
    login(client, office_user)
    data = client.get(reverse("decision_merit_pdf", args=[decision.pk])).content
    assert page_size_mm(data) == (420, 297)
    text = pdf_text(data)
    # The pre-printed parts are not printed again.
    for preprinted in ("GIẤY KHEN", "CỘNG HÒA", "TẶNG"):
        assert preprinted not in text
    assert "Bà Nguyễn Thị Hải" in text
    assert "Quyết định số 125/QĐ-UBND ngày 05 tháng 11 năm 2022" in text
    from awards.decisions.merit import merit_context

    ctx = merit_context(decision, list(decision.awards.all()))
    recipient = next(f for f in ctx["pages"][0]["fields"] if f["name"] == "recipient")
    assert recipient["style"].startswith("left: 10mm; top: 20mm;")
    assert "font-size: 30pt" in recipient["style"]
    # Fields not configured keep the A4-drawn defaults scaled to A3 (×√2): no comma decimals.
    decision_field = next(f for f in ctx["pages"][0]["fields"] if f["name"] == "decision")
    assert "," not in decision_field["style"]


def test_merit_settings_are_checked(settings):
    from django.core.exceptions import ImproperlyConfigured

    from awards.decisions.merit import field_positions

    assert parse_page_size("A4 landscape").mm == (297, 210)
    assert parse_page_size("a3").css == "A3 landscape"
    with pytest.raises(ImproperlyConfigured, match="MERIT_CERTIFICATE_PAGE_SIZE"):
        parse_page_size("Letter")
    settings.MERIT_CERTIFICATE_FIELD_POSITIONS = {"khong_co": {"x": 1}}
    with pytest.raises(ImproperlyConfigured, match="khong_co"):
        field_positions(parse_page_size("A4"))
    settings.MERIT_CERTIFICATE_FIELD_POSITIONS = {"recipient": {"x": "40mm"}}
    with pytest.raises(ImproperlyConfigured, match="phải là một số"):
        field_positions(parse_page_size("A4"))
    settings.MERIT_CERTIFICATE_FIELD_POSITIONS = {"recipient": {"align": "center; color: red"}}
    with pytest.raises(ImproperlyConfigured, match="align"):
        field_positions(parse_page_size("A4"))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Xuất sắc trong phong trào", "Đã có thành tích xuất sắc trong phong trào."),
        ("đã có thành tích tốt.", "Đã có thành tích tốt."),
        ("Có thành tích trong công tác tham mưu", "Đã có thành tích trong công tác tham mưu."),
        ("UBND giao nhiệm vụ hoàn thành", "Đã có thành tích UBND giao nhiệm vụ hoàn thành."),
        ("", "Đã có thành tích trong phong trào thi đua"),
    ],
)
def test_achievement_prefix(raw, expected):
    assert achievement_text(raw) == expected


def test_signer_lines():
    d = Decision(signer_title="Chủ tịch")
    assert signer_lines(d) == ["CHỦ TỊCH"]
    d.signer_title = "Phó Chủ tịch"
    assert signer_lines(d) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_merit_background_job(client, staff_user, decision):
    login(client, staff_user)
    response = client.post(reverse("decision_merit_print", args=[decision.pk]))
    job = PrintJob.objects.get()
    assert response["Location"] == reverse("print_job_detail", args=[job.pk])
    assert job.status == PrintJob.Status.DONE and job.total == 2
    data = b"".join(client.get(reverse("print_job_download", args=[job.pk])).streaming_content)
    assert page_count(data) == 2


def test_merit_without_approved_awards(client, office_user, ward, campaign):
    empty = Decision.objects.create(
        ward=ward, campaign=campaign, number=1, year=2022,
        signed_on=datetime.date(2022, 9, 9), signer_name="Nguyễn Ngọc Hà",
    )  # fmt: skip
    login(client, office_user)
    response = client.get(reverse("decision_merit_pdf", args=[empty.pk]), follow=True)
    assert "chưa có khen thưởng nào được duyệt" in response.content.decode()
    response = client.post(reverse("decision_merit_print", args=[empty.pk]), follow=True)
    assert "chưa có khen thưởng nào được duyệt" in response.content.decode()
    assert not PrintJob.objects.exists()


# ---------------------------------------------------------------- list and revoke


def test_certificate_list_and_revoke(client, office_user, families):
    svc.issue_certificates(families)
    cert = FamilyCertificate.objects.get(head_name="Lê Văn Tám")
    login(client, office_user)
    html = client.get(reverse("certificate_list"), {"phase": families.pk}).content.decode()
    assert "Lê Văn Tám" in html and cert.number in html
    assert reverse("certificate_revoke", args=[cert.pk]) in html
    html = client.get(reverse("certificate_list"), {"phase": families.pk, "q": "Tám"}).content
    assert "Nguyễn Thị Hải" not in html.decode()

    revoke_url = reverse("certificate_revoke", args=[cert.pk])
    response = client.post(revoke_url, {"reason": "  "})
    assert response.status_code == 200
    assert "Phải nhập lý do thu hồi" in response.content.decode()
    cert.refresh_from_db()
    assert cert.is_valid

    response = client.post(revoke_url, {"reason": "Chuyển khẩu trước ngày chốt"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert not cert.is_valid and cert.revoked_by == office_user
    html = client.get(
        reverse("certificate_list"), {"phase": families.pk, "status": "revoked"}
    ).content.decode()
    assert "Đã thu hồi" in html and "Chuyển khẩu trước ngày chốt" in html


def test_certificate_list_query_count_is_constant(
    client, office_user, families, tdp, django_assert_max_num_queries
):
    svc.issue_certificates(families)
    login(client, office_user)
    client.get(reverse("certificate_list"))  # warm session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("certificate_list"), {"phase": families.pk})
    for i in range(10):
        make_family(tdp, f"X{i}", f"Hộ X{i}", "M", families)
    svc.issue_certificates(families)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("certificate_list"), {"phase": families.pk})
    assert len(many) == len(few)


@pytest.fixture
def next_year(ward, campaign):
    """A 2023 campaign: 2022's phases a year later, their step 1 opened (so current)."""
    from scoring.models import Campaign, Phase

    new = Campaign.objects.create(ward=ward, year=2023, name="Chuyển đổi số 2023")
    shift = datetime.timedelta(days=365)
    for phase in Phase.objects.filter(campaign=campaign).order_by("number"):
        phase.pk, phase.campaign = None, new
        for step in range(1, 5):
            for end in ("opens", "closes"):
                name = f"step{step}_{end}"
                if getattr(phase, name):
                    setattr(phase, name, getattr(phase, name) + shift)
        phase.reference_date += shift
        phase.save()
    return new


def test_print_page_and_certificate_list_open_on_the_current_campaign(
    client, office_user, families, next_year
):
    """Phases come newest campaign first: the page must not take the last one (2022)."""
    from scoring.phases import current_phase, phases_for_user

    current = current_phase(phases_for_user(office_user))
    assert current.campaign == next_year and current.number == 2
    login(client, office_user)
    response = client.get(reverse("certificate_print"))
    assert response.context["form"]["phase"].value() == current.pk
    assert f'<option value="{current.pk}" selected>' in response.content.decode()
    assert client.get(reverse("certificate_list")).context["phase"] == current
    # A phase asked for is still honoured.
    response = client.get(reverse("certificate_print"), {"phase": families.pk})
    assert response.context["form"]["phase"].value() == families.pk
    assert (
        client.get(reverse("certificate_list"), {"phase": families.pk}).context["phase"]
        == families
    )


# ---------------------------------------------------------------- permissions


VIEW_ROLES = {
    # view: roles allowed (others signed in: 403)
    "certificate_print": {"admin", "office", "staff"},
    "certificate_list": {"admin", "office", "staff"},
    "certificate_revoke": {"admin", "office"},
    "certificate_pdf": {"admin", "office", "staff"},
    "print_job_list": {"admin", "office", "staff", "chairman"},
    "decision_merit_pdf": {"admin", "office", "staff", "chairman"},
}
USERS = {
    "admin": "admin_user",
    "office": "office_user",
    "chairman": "chairman_user",
    "staff": "staff_user",
    "tdp_team": "team_user",
    "tdp_officer": "officer_user",
}


def _url(name, cert, decision):
    if name in ("certificate_revoke", "certificate_pdf"):
        return reverse(name, args=[cert.pk])
    if name == "decision_merit_pdf":
        return reverse(name, args=[decision.pk])
    return reverse(name)


@pytest.mark.parametrize("view", sorted(VIEW_ROLES))
@pytest.mark.parametrize("role", sorted(USERS))
def test_permissions(client, request, families, decision, view, role):
    cert = svc.issue_certificates(families).certificates[0]
    url = _url(view, cert, decision)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    login(client, request.getfixturevalue(USERS[role]))
    expected = 200 if role in VIEW_ROLES[view] else 403
    assert client.get(url).status_code == expected


def _done_job(kind, params, user):
    """A finished job with a small file (permissions do not need a real print)."""
    from django.core.files.base import ContentFile

    job = PrintJob.objects.create(
        kind=kind, params=params, created_by=user, status=PrintJob.Status.DONE, total=1, done=1
    )
    job.file.save(f"job-{job.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return job


@pytest.mark.parametrize("role", sorted(USERS))
def test_job_views_permissions(client, request, families, decision, office_user, role):
    family_job = _done_job(
        PrintJob.Kind.FAMILY_CERTIFICATES, {"phase_id": families.pk, "tdp_id": None}, office_user
    )
    merit_job = _done_job(
        PrintJob.Kind.MERIT_CERTIFICATES, {"decision_id": decision.pk}, office_user
    )
    names = ("print_job_detail", "print_job_status", "print_job_download")
    for job in (family_job, merit_job):
        for name in names:
            response = client.get(reverse(name, args=[job.pk]))
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login(client, request.getfixturevalue(USERS[role]))
    for name in names:
        family = client.get(reverse(name, args=[family_job.pk])).status_code
        merit = client.get(reverse(name, args=[merit_job.pk])).status_code
        if role in ("admin", "office", "staff"):
            assert (family, merit) == (200, 200)
        elif role == "chairman":  # Giấy khen yes; family certificates are not his print
            assert (family, merit) == (404, 200)
        else:
            assert (family, merit) == (403, 403)


@pytest.mark.parametrize("role", sorted(USERS))
def test_post_views_permissions(client, request, families, decision, role, monkeypatch):
    # Who may start a print is the question here, not the print itself.
    monkeypatch.setattr("awards.printing.views.start_print_job", _done_job)
    monkeypatch.setattr("awards.decisions.views.start_print_job", _done_job)
    for url in (reverse("certificate_print"), reverse("decision_merit_print", args=[decision.pk])):
        response = client.post(url, {"phase": families.pk})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login(client, request.getfixturevalue(USERS[role]))
    printed = client.post(reverse("certificate_print"), {"phase": families.pk}).status_code
    merit = client.post(reverse("decision_merit_print", args=[decision.pk])).status_code
    assert printed == (302 if role in ("admin", "office", "staff") else 403)
    assert merit == (302 if role in ("admin", "office", "staff", "chairman") else 403)


def test_revoke_post_forbidden_for_staff(client, staff_user, families):
    cert = svc.issue_certificates(families).certificates[0]
    login(client, staff_user)
    response = client.post(reverse("certificate_revoke", args=[cert.pk]), {"reason": "x"})
    assert response.status_code == 403
    cert.refresh_from_db()
    assert cert.is_valid


def test_nav_links_by_role(client, office_user, chairman_user, team_user):
    login(client, office_user)
    html = client.get(reverse("print_job_list")).content.decode()
    assert reverse("certificate_print") in html and ">In ấn<" in html
    login(client, chairman_user)
    html = client.get(reverse("print_job_list")).content.decode()
    assert reverse("certificate_print") not in html and reverse("print_job_list") in html


def test_print_page_lists_decisions_with_their_giay_khen(
    client, chairman_user, decision, ward, campaign, django_assert_max_num_queries
):
    login(client, chairman_user)
    html = client.get(reverse("print_job_list")).content.decode()
    assert "Số 125/QĐ-UBND" in html and "05/11/2022" in html
    assert reverse("decision_merit_pdf", args=[decision.pk]) in html
    assert reverse("decision_merit_print", args=[decision.pk]) in html
    assert '<td class="num">2</td>' in html  # approved awards only
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("print_job_list"))
    for n in range(2, 8):
        Decision.objects.create(
            ward=ward, campaign=campaign, number=n, year=2022,
            signed_on=datetime.date(2022, 9, n), signer_name="Nguyễn Ngọc Hà",
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("print_job_list"))
    assert len(many) == len(few)


def test_reprint_one_certificate(client, staff_user, office_user, families):
    issued = svc.issue_certificates(families)
    cert = next(c for c in issued.certificates if c.head_name == "Lê Văn Tám")
    login(client, staff_user)
    html = client.get(reverse("certificate_list"), {"phase": families.pk}).content.decode()
    assert reverse("certificate_pdf", args=[cert.pk]) in html
    response = client.get(reverse("certificate_pdf", args=[cert.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert page_count(response.content) == 1
    text = pdf_text(response.content)
    assert "Ông Lê Văn Tám" in text and cert.number in text
    assert cert.verification_code in "".join(text.split())
    assert FamilyCertificate.objects.count() == 3  # nothing new issued

    svc.revoke(cert, office_user, "Hộ chuyển đi")
    response = client.get(reverse("certificate_pdf", args=[cert.pk]), follow=True)
    assert "đã bị thu hồi nên không in lại được" in response.content.decode()
