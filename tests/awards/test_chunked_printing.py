"""Printing in chunks (awards.printing.chunked): the same PDF content as one document — page
order, numbers, text of every page, embedded fonts, one verification address per page —
whether the chunks are rendered here or in worker processes; exact job progress; a failing
chunk fails the job."""

import datetime
import subprocess
import tempfile

import pytest

from awards.certificates import services as svc
from awards.decisions.merit import render_merit_certificates
from awards.models import AwardProposal, Decision, PrintJob
from awards.printing import chunked
from awards.printing.tasks import start_print_job

from .pdf_support import make_family, page_count, page_texts, pdf_fonts

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
NAMES = [
    ("Nguyễn Thị Hải", "F"),
    ("Lê Văn Tám", "M"),
    ("Trần Văn Đức", "M"),
    ("Phạm Thị Ngọc Ánh", "F"),
    ("Hoàng Văn Nam", "M"),
    ("Đỗ Thị Yến", "F"),
    ("Vũ Quang Hùng", "M"),
]


@pytest.fixture(autouse=True)
def eager_tasks_and_media(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://dongtam.example.vn"


@pytest.fixture
def seven(phase2, tdp, other_tdp):
    for i, (name, sex) in enumerate(NAMES):
        make_family(tdp if i < 4 else other_tdp, f"{i + 1:03d}", name, sex, phase2)
    return phase2


def chunking(settings, chunk_pages, processes):
    settings.PRINT_CHUNK_PAGES = chunk_pages
    settings.PRINT_PROCESSES = processes


def poppler_fonts(data: bytes) -> list[list[str]]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdffonts", f.name], check=True, capture_output=True, text=True)
    return [line.split() for line in out.stdout.splitlines()[2:]]


def pdfinfo_errors(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stderr


# ---------------------------------------------------------------- planning


def test_plan_chunks_covers_every_page_once_in_order():
    for total, size, procs in [(7, 3, 2), (1000, 200, 2), (10_000, 200, 3), (5, 200, 2)]:
        plan = chunked.plan_chunks(total, size, procs)
        assert [i for r in plan for i in r] == list(range(total))
        assert max(len(r) for r in plan) <= size
        assert max(len(r) for r in plan) - min(len(r) for r in plan) <= 1
    # Enough work: a multiple of the processes, so no worker idles at the end.
    assert len(chunked.plan_chunks(1000, 200, 2)) == 6
    assert len(chunked.plan_chunks(7, 3, 2)) == 4
    # A small print is one chunk (rendered in the calling process).
    assert len(chunked.plan_chunks(30, 200, 2)) == 1
    assert chunked.plan_chunks(0, 200, 2) == []


def test_processes_default_to_the_cpus_available(settings):
    settings.PRINT_PROCESSES = 0
    assert chunked.print_processes() == chunked.available_cpus() >= 1
    settings.PRINT_PROCESSES = 3
    assert chunked.print_processes() == 3


# ---------------------------------------------------------------- same output


@pytest.mark.parametrize("processes", [2, 1], ids=["worker-processes", "in-process"])
def test_chunked_certificates_equal_one_document(seven, settings, processes):
    chunking(settings, 1000, 1)
    whole, issued = svc.render_family_certificates(seven)
    chunking(settings, 3, processes)
    parts, issued_again = svc.render_family_certificates(seven)  # a re-print: same numbers

    assert issued_again.certificates == issued.certificates
    assert page_count(parts) == page_count(whole) == 7
    assert page_texts(parts) == page_texts(whole)
    numbers = [c.number for c in issued.certificates]
    assert numbers == [f"2022-GĐCDS-{n:06d}" for n in range(1, 8)]
    for text, (name, _sex), number, certificate in zip(
        page_texts(parts), NAMES, numbers, issued.certificates, strict=True
    ):
        assert name in text and number in text
        flat = "".join(text.split())
        assert flat.count("/xac-minh/") == 1  # one verification address per page
        assert f"https://dongtam.example.vn/xac-minh/{certificate.verification_code}/" in flat

    fonts = pdf_fonts(parts)
    assert fonts and all(f["embedded"] for f in fonts)
    assert {f["family"] for f in fonts} == {"Liberation Serif"}
    rows = poppler_fonts(parts)
    assert rows and all(row[-5] == "yes" for row in rows), rows  # emb column
    assert len({row[0] for row in rows}) == len(rows)  # every subset has its own name
    assert pdfinfo_errors(parts) == ""


def test_chunked_merit_certificates_equal_one_document(settings, ward, campaign, phase2):
    decision = Decision.objects.create(
        ward=ward,
        campaign=campaign,
        phase=phase2,
        number=126,
        year=2022,
        signed_on=datetime.date(2022, 11, 6),
        signer_name="Nguyễn Ngọc Hà",
    )
    for i, (name, sex) in enumerate(NAMES[:5]):
        AwardProposal.objects.create(
            campaign=campaign,
            phase=phase2,
            category=AwardProposal.Category.INDIVIDUAL,
            recipient_name=name,
            recipient_sex=sex,
            achievement=f"Xuất sắc trong phong trào, thành tích số {i + 1}",
            status=AwardProposal.Status.APPROVED,
            decision=decision,
        )
    chunking(settings, 1000, 1)
    whole = render_merit_certificates(decision)
    chunking(settings, 2, 2)
    parts = render_merit_certificates(decision)
    assert page_count(parts) == 5
    assert page_texts(parts) == page_texts(whole)
    for text, (name, _sex) in zip(page_texts(parts), NAMES, strict=False):
        assert name in text and "GIẤY KHEN" in text
    assert all(f["embedded"] for f in pdf_fonts(parts))


# ---------------------------------------------------------------- the print job


def test_job_progress_is_exact_and_reaches_the_total(seven, office_user, settings, monkeypatch):
    chunking(settings, 3, 2)
    seen = []
    original = PrintJob.objects.filter

    def spy(*args, **kwargs):
        qs = original(*args, **kwargs)
        update = qs.update

        def recording_update(**fields):
            if "done" in fields:
                seen.append((fields["done"], fields["total"], fields.get("stage", "")))
            return update(**fields)

        qs.update = recording_update
        return qs

    monkeypatch.setattr(PrintJob.objects, "filter", spy)
    job = start_print_job(
        PrintJob.Kind.FAMILY_CERTIFICATES, {"phase_id": seven.pk, "tdp_id": None}, office_user
    )
    assert job.status == PrintJob.Status.DONE
    assert (job.done, job.total) == (7, 7)
    layout = [done for done, total, stage in seen if stage.startswith("Đang dàn trang")]
    # Pages of finished chunks (2 + 2 + 2 + 1, in whatever order they finish): rising, to 7.
    assert layout and layout[-1] == 7, seen
    assert all(a < b for a, b in zip(layout, layout[1:], strict=False)), seen
    assert len(layout) <= 4, seen  # at most one update per chunk
    assert any(stage.startswith("Đang ghi tệp PDF") and done == 7 for done, _t, stage in seen)
    assert all(total == 7 for _done, total, _stage in seen)
    with job.file.open("rb") as f:
        assert page_count(f.read()) == 7


def test_a_failing_chunk_fails_the_job(seven, office_user, settings, monkeypatch):
    """The fourth family's address is too long for a QR code: its chunk fails in a worker
    process, and the job ends failed with the error, not left running."""
    chunking(settings, 3, 2)
    real = svc.verification_url

    def url(certificate):
        if certificate.head_name == NAMES[3][0]:
            return real(certificate) + "x" * 5000
        return real(certificate)

    monkeypatch.setattr(svc, "verification_url", url)
    try:
        start_print_job(
            PrintJob.Kind.FAMILY_CERTIFICATES, {"phase_id": seven.pk, "tdp_id": None}, office_user
        )
    except Exception as exc:  # a backend may re-raise the task's error
        assert "DataOverflow" in type(exc).__name__ or "DataOverflow" in repr(exc)
    job = PrintJob.objects.get()
    assert job.status == PrintJob.Status.FAILED
    assert job.finished_at is not None
    assert "Lỗi khi in" in job.error and "DataOverflow" in job.error
    assert not job.file
