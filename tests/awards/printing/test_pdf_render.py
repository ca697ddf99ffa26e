"""The PDF renderer (awards.printing.pdf): shipped font embedded, NFC text; Vietnamese dates
(dongtam.formatting, the vn_pdf filters)."""

import datetime
import unicodedata

import pytest
from django.template import Context, Template

from awards.printing.pdf import FONT_FAMILY, font_face_css, nfc_deep, render_html, render_pdf
from dongtam.formatting import vn_date, vn_date_long, vn_date_words
from tests.awards.pdf_support import pdf_fonts, pdf_text

NAME = "Nguyễn Thị Hải"


@pytest.fixture
def sample_template(tmp_path, settings):
    (tmp_path / "sample.html").write_text(
        '{% extends "awards/pdf/base.html" %}{% load vn_pdf %}'
        "{% block content %}"
        '{% include "awards/pdf/_national_header.html" with place_date=when %}'
        "<p>{{ name }}</p><p class='bold'>{{ items.0.label }}</p>"
        "<p class='italic'>Ơ Ư Ạ ệ ỹ Đ</p>"
        "{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    return "sample.html"


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2022, 11, 5), "ngày 05 tháng 11 năm 2022"),
        (datetime.date(2022, 8, 15), "ngày 15 tháng 8 năm 2022"),
        (datetime.date(2022, 2, 1), "ngày 01 tháng 02 năm 2022"),
        (datetime.date(2023, 1, 31), "ngày 31 tháng 01 năm 2023"),
        (datetime.date(2022, 3, 9), "ngày 09 tháng 3 năm 2022"),
        (datetime.date(2022, 12, 10), "ngày 10 tháng 12 năm 2022"),
    ],
)
def test_vietnamese_administrative_dates(day, expected):
    assert vn_date_words(day) == expected
    assert vn_date_long(day, "Đồng Tâm") == f"Đồng Tâm, {expected}"


def test_date_helpers_and_filters():
    d = datetime.date(2022, 11, 5)
    assert vn_date(d) == "05/11/2022"
    assert vn_date_long(None, "Đồng Tâm") == ""
    out = Template(
        '{% load vn_pdf %}{{ d|vn_date_long:"Đồng Tâm" }}|{{ d|vn_date_words }}|{{ d|vn_date }}'
    ).render(Context({"d": d}))
    assert out == "Đồng Tâm, ngày 05 tháng 11 năm 2022|ngày 05 tháng 11 năm 2022|05/11/2022"


def test_aware_datetime_uses_local_date(settings):
    # 20:00 UTC on 4/11 is already 5/11 in Hà Nội.
    moment = datetime.datetime(2022, 11, 4, 20, 0, tzinfo=datetime.UTC)
    assert vn_date_words(moment) == "ngày 05 tháng 11 năm 2022"


def test_nfc_deep_normalises_nested_strings():
    nfd = unicodedata.normalize("NFD", NAME)
    assert nfd != NAME
    out = nfc_deep({"a": [nfd, (nfd, 3)], "b": {"c": nfd}, "n": 5})
    assert out == {"a": [NAME, (NAME, 3)], "b": {"c": NAME}, "n": 5}


def test_font_faces_point_at_shipped_files_only(settings):
    css = font_face_css()
    assert css.count("@font-face") == 4
    assert f"font-family: '{FONT_FAMILY}'" in css
    assert (settings.BASE_DIR / "static" / "fonts").as_uri() in css
    assert "/usr/share/fonts" not in css


def test_shipped_fonts_are_liberation_2_with_vietnamese_and_licence(settings):
    from fontTools.ttLib import TTFont

    folder = settings.BASE_DIR / "static" / "fonts"
    licence = (folder / "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in licence or "SIL-OFL-1.1" in licence
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        font = TTFont(folder / f"LiberationSerif-{style}.ttf")
        assert font["name"].getDebugName(5).startswith("Version 2.")
        cmap = font.getBestCmap()
        missing = [c for c in "ƠơƯưẠạệỆỹỸĐđẫẪằẰ" if ord(c) not in cmap]
        assert missing == []


def test_pdf_text_fonts_and_nfc(sample_template):
    nfd = unicodedata.normalize("NFD", NAME)
    pdf = render_pdf(
        sample_template,
        {
            "name": nfd,
            "items": [{"label": unicodedata.normalize("NFD", "Tổ dân phố số 8")}],
            "when": vn_date_long(datetime.date(2022, 11, 5), "Đồng Tâm"),
        },
    )
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    # NFD in, NFC out: the composed name is found, no stray combining marks.
    assert NAME in text
    assert "Tổ dân phố số 8" in text
    assert not any(unicodedata.combining(c) for c in text)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đồng Tâm, ngày 05 tháng 11 năm 2022",
    ):
        assert expected in text
    # Single italic letters: pdftotext may drop the spaces between them.
    assert "ƠƯẠệỹĐ" in text.replace(" ", "")
    fonts = pdf_fonts(pdf)
    assert fonts, "the PDF has fonts"
    assert all(f["embedded"] for f in fonts), fonts
    # The embedded programs are the shipped Liberation Serif 2.x (regular, bold, italic).
    assert {f["family"] for f in fonts} == {"Liberation Serif"}
    assert all(f["version"].startswith("Version 2.") for f in fonts)
    assert len(fonts) == 3


def test_rendered_html_is_nfc(sample_template):
    html = render_html(
        sample_template,
        {"name": unicodedata.normalize("NFD", NAME), "items": [{"label": "x"}], "when": ""},
    )
    assert NAME in html
    assert unicodedata.is_normalized("NFC", html)


def test_progress_callback_reports_layout_and_pdf(sample_template):
    calls = []
    render_pdf(
        sample_template,
        {"name": NAME, "items": [{"label": "x"}], "when": ""},
        progress=lambda stage, page: calls.append((stage, page)),
    )
    assert ("layout", 1) in calls
    assert calls[-1] == ("pdf", 0)
